"""Fetching article URLs: against a local HTTP server the tests start, and its guards."""

import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse

from articles import fetching
from articles.fetching import FetchError, address_allowed, fetch
from articles.import_jobs import job_report
from articles.importing import Status
from articles.models import Article, ImportJob, ImportSource
from tests.factories import make_user

ARTICLE_HTML = """<!doctype html><html><head><title>Harbor reopens after fire</title>
<meta property="og:site_name" content="Bay Times"></head><body><nav>Home | News</nav>
<article><h1>Harbor reopens after fire</h1>
<p>The harbor reopened on Wednesday, two days after a fire destroyed three warehouses and
forced the evacuation of more than 200 dock workers, the port authority said.</p>
<p>Officials said the cause of the fire was still under investigation and that damage was
estimated at 4 million dollars.</p></article></body></html>"""
TEXT = "Title: Dam breaks\nOutlet: Valley Post\n\nThe dam upstream broke on Sunday morning."


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        path = self.path
        if path == "/article.html":
            self.reply(200, ARTICLE_HTML.encode(), "text/html; charset=utf-8")
        elif path == "/latin1.txt":
            body = "Outlet: Le Monde\n\nLe président a visité la région lundi.".encode("latin-1")
            self.reply(200, body, "text/plain; charset=iso-8859-1")
        elif path == "/story":
            self.reply(200, TEXT.encode(), "text/plain")
        elif path == "/data.json":
            self.reply(
                200, b'[{"text": "The dam broke on Sunday.", "outlet": "Wire"}]', "application/json"
            )
        elif path == "/big":
            self.reply(200, b"x" * 50_000, "text/plain")
        elif path == "/endless":
            # No Content-Length: the size limit must stop the read itself.
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            try:
                for _ in range(1000):
                    self.wfile.write(b"y" * 4096)
            except (BrokenPipeError, ConnectionResetError):
                pass
        elif path == "/slow":
            time.sleep(2)
            self.reply(200, TEXT.encode(), "text/plain")
        elif path == "/image.png":
            self.reply(200, b"\x89PNG\r\n", "image/png")
        elif path == "/missing":
            self.reply(404, b"not here", "text/plain")
        elif path.startswith("/redirect?to="):
            self.send_response(302)
            self.send_header("Location", path.split("=", 1)[1])
            self.end_headers()
        else:
            self.reply(500, b"oops", "text/plain")

    def reply(self, status, body, content_type):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def get(url, **options):
    return fetch(url, **{"timeout": 5, "max_bytes": 20_000, "allow_private": True, **options})


def test_an_html_page_is_fetched_with_a_name_for_its_format(server):
    page = get(f"{server}/article.html")
    assert page.name == "article.html"
    assert page.url == f"{server}/article.html"
    assert b"Harbor reopens" in page.data


def test_the_content_type_decides_the_format(server):
    assert get(f"{server}/story").name == "story.txt"
    assert get(f"{server}/data.json").name == "data.json"


def test_text_in_a_declared_charset_is_passed_on_as_utf8(server):
    assert "président".encode() in get(f"{server}/latin1.txt").data


def test_redirects_are_followed(server):
    page = get(f"{server}/redirect?to=/story")
    assert page.url == f"{server}/story"


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/big", "the page is 0.0 MB, over the 0.0 MB limit"),
        ("/endless", "the page is over the 0.0 MB limit"),
        ("/missing", "the server answered 404 Not Found"),
        ("/image.png", "the URL gives 'image/png', not an article"),
        ("/redirect?to=file:///etc/passwd", "redirected to a URL that cannot be fetched"),
    ],
)
def test_bad_urls_fail_with_a_reason(server, path, reason):
    with pytest.raises(FetchError, match=re.escape(reason)):
        get(f"{server}{path}")


def test_a_slow_server_times_out(server):
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"no answer within 0\.5 seconds"):
        get(f"{server}/slow", timeout=0.5)
    assert time.monotonic() - started < 2


@pytest.mark.parametrize(
    "url", ["ftp://example.org/a.txt", "file:///etc/passwd", "javascript:alert(1)", "http:///x"]
)
def test_only_http_and_https_urls_with_a_host(url):
    with pytest.raises(FetchError):
        fetch(url, timeout=1, max_bytes=100)


def test_private_and_loopback_addresses_are_refused_by_default(server):
    with pytest.raises(FetchError, match="private or local address"):
        fetch(f"{server}/story", timeout=5, max_bytes=20_000)
    with pytest.raises(FetchError, match="private or local address"):
        fetch("http://localhost:9/", timeout=5, max_bytes=20_000)


def test_a_redirect_to_a_private_address_is_refused(server, monkeypatch):
    # Treat the test server's address as public: only the redirect's target is private.
    monkeypatch.setattr(fetching, "address_allowed", lambda address: address == "127.0.0.1")
    assert get(f"{server}/story", allow_private=False).name == "story.txt"
    with pytest.raises(FetchError, match=r"private or local address \(127.0.0.2\)"):
        get(f"{server}/redirect?to=http://127.0.0.2:9/secret", allow_private=False)


@pytest.mark.parametrize(
    ("address", "allowed"),
    [
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),  # cloud metadata
        ("100.64.0.1", False),  # carrier-grade NAT
        ("0.0.0.0", False),
        ("224.0.0.1", False),
        ("::1", False),
        ("fe80::1", False),
        ("fc00::1", False),
        ("::ffff:10.0.0.1", False),
        ("8.8.8.8", True),
        ("93.184.216.34", True),
        ("2606:4700:4700::1111", True),
    ],
)
def test_address_allowed(address, allowed):
    assert address_allowed(address) is allowed


# Through the Import page and the worker code


@pytest.fixture
def admin_client(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    client.force_login(make_user("admin"))
    return client


@pytest.mark.django_db
def test_urls_given_on_the_import_page_are_fetched_and_imported(admin_client, server, settings):
    settings.NEWSDESK_FETCH_ALLOW_PRIVATE = True
    urls = [f"{server}/article.html", f"{server}/redirect?to=/story", f"{server}/missing"]
    admin_client.post(reverse("articles:import"), {"story_mode": "new", "urls": "\n".join(urls)})
    job = ImportJob.objects.get()
    lines = job_report(job).results
    assert [line.status for line in lines] == [Status.IMPORTED, Status.IMPORTED, Status.FAILED]
    assert [line.label for line in lines] == urls
    assert lines[2].detail == "the server answered 404 Not Found"
    html = Article.objects.get(url=f"{server}/article.html")
    assert html.title == "Harbor reopens after fire"
    assert html.outlet.name == "Bay Times"
    assert "three warehouses" in html.text
    assert Article.objects.get(url=f"{server}/story").title == "Dam breaks"
    # What was fetched is kept with the job: running it again needs no second download.
    kept = ImportSource.objects.get(job=job, position=0)
    assert kept.metadata["fetched"] is True
    assert b"three warehouses" in bytes(kept.content)


@pytest.mark.django_db
def test_without_the_setting_local_urls_are_refused_in_the_report(admin_client, server):
    admin_client.post(reverse("articles:import"), {"story_mode": "new", "urls": f"{server}/story"})
    [line] = job_report(ImportJob.objects.get()).results
    assert line.status is Status.FAILED
    assert "private or local address (127.0.0.1); not fetched" in line.detail
    assert not Article.objects.exists()
