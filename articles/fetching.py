"""Fetch an article from a URL for the browser import, safely.

    page = fetch("https://example.org/news/1", timeout=15, max_bytes=5 * 2**20)

Only http and https; at most `MAX_REDIRECTS` redirects, each checked like the first URL;
the body is read in chunks and given up past `max_bytes` or the `timeout` (a whole-fetch
deadline, so a server trickling bytes cannot hold a worker). The host name is resolved
here and the connection goes to the address that was checked: private, loopback,
link-local and reserved addresses are refused (no requests into the newsroom's own
network) unless `allow_private` is set, as tests against a local server do.
Environment proxies are not used: a proxy would hide where the request really goes.
"""

from __future__ import annotations

import http.client
import ipaddress
import re
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urljoin, urlsplit

from articles.sources import FORMATS

MAX_REDIRECTS = 5
CHUNK = 64 * 1024
USER_AGENT = "newsdesk-import/1.0 (+article import)"
CONTENT_TYPES = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "application/json": ".json",
    "text/markdown": ".md",
    "text/x-markdown": ".md",
    "text/plain": ".txt",
}


class FetchError(Exception):
    """A URL that cannot be imported; the message says why in one line."""


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    data: bytes
    name: str  # a file name whose extension says the format, for `parse_bytes`


def check_url(url: str) -> str:
    """`url` if it is an absolute http(s) URL with a host, else FetchError."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https"):
        raise FetchError(f"only http and https URLs can be fetched, not '{parts.scheme}:'")
    if not parts.hostname:
        raise FetchError("the URL has no host name")
    try:
        parts.port  # noqa: B018 (raises on a malformed port)
    except ValueError:
        raise FetchError("the URL has an invalid port") from None
    return url.strip()


def address_allowed(address: str) -> bool:
    """Whether a public fetch may connect to `address`: globally routable unicast only."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_unspecified)


def fetch(url: str, *, timeout: float, max_bytes: int, allow_private: bool = False) -> Fetched:
    """The body of `url` and a file name for its format; FetchError with a reason if not."""
    check_url(url)
    deadline = time.monotonic() + timeout
    opener = urllib.request.build_opener(
        urllib.request.ProxyHandler({}),
        _GuardedHTTPHandler(allow_private, deadline),
        _GuardedHTTPSHandler(allow_private, deadline),
        _CheckedRedirects(),
    )
    request = urllib.request.Request(
        url, headers={"User-Agent": USER_AGENT, "Accept": "text/html, */*;q=0.5"}
    )
    try:
        with opener.open(request, timeout=timeout) as response:
            final = response.geturl()
            name = _file_name(final, response.headers)
            length = response.headers.get("Content-Length", "")
            if length.isdigit() and int(length) > max_bytes:
                raise FetchError(f"the page is {_mb(int(length))}, over the {_mb(max_bytes)} limit")
            data = _read(response, max_bytes, deadline, timeout)
            charset = response.headers.get_content_charset()
    except FetchError:
        raise
    except urllib.error.HTTPError as error:
        raise FetchError(f"the server answered {error.code} {error.reason}") from None
    except urllib.error.URLError as error:
        reason = error.reason
        if isinstance(reason, FetchError):
            raise reason from None
        if isinstance(reason, TimeoutError):
            raise FetchError(f"no answer within {timeout:g} seconds") from None
        raise FetchError(f"cannot connect: {_why(reason)}") from None
    except TimeoutError:
        raise FetchError(f"no answer within {timeout:g} seconds") from None
    except (OSError, http.client.HTTPException, ValueError) as error:
        raise FetchError(f"the download failed: {_why(error)}") from None
    return Fetched(url=final, data=_as_utf8(data, charset), name=name)


def _read(response: Any, max_bytes: int, deadline: float, timeout: float) -> bytes:
    chunks, size = [], 0
    while chunk := response.read(CHUNK):
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(f"the page is over the {_mb(max_bytes)} limit")
        if time.monotonic() > deadline:
            raise FetchError(f"the download took longer than {timeout:g} seconds")
        chunks.append(chunk)
    return b"".join(chunks)


def _file_name(url: str, headers: Message) -> str:
    """A name whose extension is the format: from the content type, else the URL's path."""
    stem = PurePosixPath(urlsplit(url).path).name or "page"
    stem = re.sub(r"[^\w.-]+", "-", stem)[:100] or "page"
    content_type = headers.get_content_type()
    suffix = CONTENT_TYPES.get(content_type)
    if suffix is None:
        path_suffix = PurePosixPath(stem).suffix.lower()
        if content_type in ("application/octet-stream", "text/x-unknown") and (
            path_suffix in FORMATS
        ):
            return stem
        raise FetchError(f"the URL gives '{content_type}', not an article (HTML, text or JSON)")
    if PurePosixPath(stem).suffix.lower() != suffix:
        stem = f"{PurePosixPath(stem).stem or 'page'}{suffix}"
    return stem


def _as_utf8(data: bytes, charset: str | None) -> bytes:
    """Text in the charset the server declared, re-encoded as UTF-8 for `parse_bytes`."""
    if not charset or charset.lower().replace("_", "-") in ("utf-8", "utf8", "us-ascii"):
        return data
    try:
        return data.decode(charset).encode("utf-8")
    except (LookupError, UnicodeDecodeError):
        return data  # a wrong declaration: let the importer detect the encoding


def _why(error: object) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error) or type(error).__name__


def _mb(size: int) -> str:
    return f"{size / 2**20:.1f} MB"


def _guarded_connect(
    allow_private: bool, deadline: float
) -> Any:  # the signature of socket.create_connection
    def create_connection(
        address: tuple[str, int], timeout: Any = None, source_address: Any = None, **_: Any
    ) -> socket.socket:
        host, port = address
        if time.monotonic() > deadline:
            raise FetchError("gave up: the fetch took too long")
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except socket.gaierror:
            raise FetchError(f"the host name '{host}' does not resolve") from None
        addresses = [info for info in infos if info[0] in (socket.AF_INET, socket.AF_INET6)]
        if not addresses:
            raise FetchError(f"the host name '{host}' does not resolve")
        if not allow_private:
            refused = [info[4][0] for info in addresses if not address_allowed(str(info[4][0]))]
            if refused:
                raise FetchError(
                    f"'{host}' is a private or local address ({refused[0]}); not fetched"
                )
        error: OSError | None = None
        # Connect to the very address that was checked, so a second DNS answer cannot
        # swap in another one.
        for family, kind, proto, _name, sockaddr in addresses:
            sock = socket.socket(family, kind, proto)
            try:
                if timeout is not None:
                    sock.settimeout(timeout)
                if source_address:
                    sock.bind(source_address)
                sock.connect(sockaddr)
                return sock
            except OSError as exc:
                error = exc
                sock.close()
        raise error or OSError("cannot connect")

    return create_connection


class _GuardedConnections:
    """Makes a urllib handler open its connections through `_guarded_connect`."""

    connection_class: type[http.client.HTTPConnection]

    def __init__(self, allow_private: bool, deadline: float) -> None:
        super().__init__()
        self.connect = _guarded_connect(allow_private, deadline)

    def _connection(self, host: str, **kwargs: Any) -> http.client.HTTPConnection:
        connection = self.connection_class(host, **kwargs)
        connection._create_connection = self.connect  # type: ignore[attr-defined]
        return connection


class _GuardedHTTPHandler(_GuardedConnections, urllib.request.HTTPHandler):
    connection_class = http.client.HTTPConnection

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(self._connection, req)


class _GuardedHTTPSHandler(_GuardedConnections, urllib.request.HTTPSHandler):
    connection_class = http.client.HTTPSConnection

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(self._connection, req)


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS

    def http_error_302(
        self,
        req: urllib.request.Request,
        fp: Any,
        code: int,
        msg: str,
        headers: http.client.HTTPMessage,
    ) -> Any:
        location = headers.get("location") or headers.get("uri")
        if location:
            try:
                check_url(urljoin(req.full_url, location))
            except FetchError as error:
                raise FetchError(f"redirected to a URL that cannot be fetched: {error}") from None
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: Any,
        code: int,
        msg: str,
        headers: http.client.HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        try:
            check_url(newurl)
        except FetchError as error:
            raise FetchError(f"redirected to a URL that cannot be fetched: {error}") from None
        return super().redirect_request(req, fp, code, msg, headers, newurl)
