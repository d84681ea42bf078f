"""Read article files (.txt, .md, .html, .json) into plain `ArticleInput` records.

Pure code over bytes and strings: no database. Every problem with a file becomes a
`SourceError` whose message is one line a person can act on; the importer reports it
against the file name and goes on with the next file.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import charset_normalizer
from dateutil import parser as date_parser
from markdown_it import MarkdownIt
from markdown_it.token import Token

FORMATS = (".txt", ".md", ".html", ".htm", ".json")
HEADER_KEYS = {
    "title": "title",
    "headline": "title",
    "outlet": "outlet",
    "source": "outlet",
    "publication": "outlet",
    "url": "url",
    "link": "url",
    "date": "published",
    "published": "published",
    "byline": "byline",
    "author": "byline",
    "language": "language",
}
HEADER_LINE = re.compile(r"^([A-Za-z]+)[ \t]*:[ \t]*(.*?)\s*$")
# How much of a file decides whether it is text: control bytes other than whitespace
# are rare in any text encoding and common in binaries.
SNIFF_BYTES = 8192
# trafilatura falls back to whatever text a page has (a menu, a cookie notice) when it
# finds no article; less than a couple of sentences is no main text.
MIN_HTML_WORDS = 12


class SourceError(Exception):
    """A file that cannot be imported; the message says why in one line."""


@dataclass
class ArticleInput:
    text: str
    title: str = ""
    outlet: str = ""
    url: str = ""
    published: dt.date | None = None
    byline: str = ""
    language: str = "en"
    source_file: str = ""
    label: str = ""
    notes: list[str] = field(default_factory=list)


def find_files(paths: Sequence[Path]) -> Iterator[tuple[Path, Path | None]]:
    """Every importable file under `paths` as (file, the directory argument it came from).

    Missing paths are yielded too, so the importer reports them like any other failure.
    """
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and not any(
                    p.startswith(".") for p in child.relative_to(path).parts
                ):
                    yield child, path
        else:
            yield path, None


def read_file(path: Path, *, max_bytes: int) -> list[ArticleInput | SourceError]:
    if not path.exists():
        raise SourceError("no such file or directory")
    if not path.is_file():
        raise SourceError("not a regular file")
    size = path.stat().st_size
    if size > max_bytes:
        raise SourceError(f"file is {_megabytes(size)}, over the {_megabytes(max_bytes)} limit")
    return parse_bytes(path.read_bytes(), name=path.name, max_bytes=max_bytes)


def parse_bytes(data: bytes, *, name: str, max_bytes: int) -> list[ArticleInput | SourceError]:
    """Articles in one file's contents; `name` decides the format by its extension.

    A problem with the whole file raises `SourceError`; a problem with one item of a
    JSON list comes back in that item's place, so the other items still import.
    """
    suffix = Path(name).suffix.lower()
    if suffix not in FORMATS:
        raise SourceError(f"unsupported file type '{suffix or name}' (use {', '.join(FORMATS)})")
    if len(data) > max_bytes:
        raise SourceError(
            f"file is {_megabytes(len(data))}, over the {_megabytes(max_bytes)} limit"
        )
    text, notes = decode(data)
    items: list[ArticleInput | SourceError]
    if suffix == ".json":
        items = _parse_json(text)
    elif suffix in (".html", ".htm"):
        items = [_parse_html(text)]
    else:
        items = [_parse_text(text, markdown=suffix == ".md")]
    for number, item in enumerate(items):
        if isinstance(item, SourceError):
            continue
        item.source_file = name
        item.label = name if len(items) == 1 else f"{name}[{number}]"
        item.notes[:0] = notes
        item.text = normalise_text(item.text)
        if not item.text.strip():
            if len(items) == 1:
                raise SourceError("no article text")
            items[number] = SourceError(f"JSON item {number} has no text")
    return items


def decode(data: bytes) -> tuple[str, list[str]]:
    """The text of `data` and notes on how it was decoded."""
    if not data.strip():
        raise SourceError("empty file")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), ["decoded as UTF-16"]
    head = data[:SNIFF_BYTES]
    if b"\x00" in head or sum(b < 9 or 13 < b < 32 for b in head) > len(head) // 100:
        raise SourceError("binary file, not text")
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data).best()
    if best is None or best.encoding is None:
        raise SourceError("not UTF-8, and no other text encoding fits")
    return str(best), [f"not UTF-8; decoded as {best.encoding}"]


def normalise_text(text: str) -> str:
    """Unix newlines, no trailing spaces at the ends; the words themselves stay as written."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip("\n\t ").replace("\x00", "")


def parse_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        pass
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return date_parser.parse(value, dayfirst=False, fuzzy=False).date()
    except (ValueError, OverflowError) as error:
        raise ValueError(f"date '{value}' is not a date") from error


def _parse_text(text: str, *, markdown: bool) -> ArticleInput:
    fields, body = _split_header(text)
    if markdown:
        body = markdown_to_text(body)
    return _build(body, fields)


def _split_header(text: str) -> tuple[dict[str, str], str]:
    """Leading `Key: value` lines ended by a blank line, and the text after them."""
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").split("\n")
    fields: dict[str, str] = {}
    for number, line in enumerate(lines):
        if not line.strip():
            if fields:
                return fields, "\n".join(lines[number + 1 :])
            break
        match = HEADER_LINE.match(line)
        if not match or match.group(1).lower() not in HEADER_KEYS:
            break
        fields[HEADER_KEYS[match.group(1).lower()]] = match.group(2)
    return {}, text


def _build(text: str, fields: dict[str, Any]) -> ArticleInput:
    item = ArticleInput(text=text)
    for name in ("title", "outlet", "url", "byline", "language"):
        value = fields.get(name)
        if value is not None and not isinstance(value, str):
            raise SourceError(f"'{name}' must be text, not {type(value).__name__}")
        if value:
            setattr(item, name, " ".join(value.split())[:500])
    if item.url and not re.match(r"^https?://\S+$", item.url):
        item.notes.append(f"URL '{item.url[:80]}' is not an http(s) address; left out")
        item.url = ""
    published = fields.get("published")
    if published:
        try:
            item.published = parse_date(str(published))
        except ValueError as error:
            item.notes.append(f"{error}; publication date left empty")
    return item


def markdown_to_text(source: str) -> str:
    """The readable text of a Markdown document: one block per paragraph, heading or item."""
    blocks = []
    for token in MarkdownIt("commonmark").parse(source):
        if token.type == "inline":
            blocks.append(_inline_text(token.children or []))
        elif token.type in ("fence", "code_block"):
            blocks.append(token.content.strip())
    return "\n\n".join(block for block in blocks if block.strip())


def _inline_text(children: list[Token]) -> str:
    parts = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts).strip()


def _parse_html(html: str) -> ArticleInput:
    import trafilatura  # heavy; only HTML imports need it

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        document = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=False
        )
    data = document if isinstance(document, dict) else document.as_dict() if document else {}
    text = (data.get("text") or "").strip()
    if len(text.split()) < MIN_HTML_WORDS:
        raise SourceError("HTML page has no main text to extract")
    title = data.get("title") or ""
    first_line, _, rest = text.partition("\n")
    if title and first_line.strip() == title.strip() and rest.strip():
        text = rest  # the headline is kept as the title, not as a body sentence
    fields = {
        "title": title,
        "outlet": data.get("sitename") or "",
        "url": data.get("url") or "",
        "byline": data.get("author") or "",
        "published": data.get("date") or "",
        "language": data.get("language") or "",
    }
    return _build(text, fields)


def _parse_json(text: str) -> list[ArticleInput | SourceError]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise SourceError(
            f"malformed JSON at line {error.lineno}, column {error.colno}: {error.msg}"
        ) from None
    items = data if isinstance(data, list) else [data]
    if not items:
        raise SourceError("JSON list is empty")
    if not isinstance(data, list):
        return [_parse_json_item(data, "JSON")]
    articles: list[ArticleInput | SourceError] = []
    for number, entry in enumerate(items):
        try:
            articles.append(_parse_json_item(entry, f"JSON item {number}"))
        except SourceError as error:
            articles.append(error)
    return articles


def _parse_json_item(entry: object, where: str) -> ArticleInput:
    if not isinstance(entry, dict):
        raise SourceError(f"{where} is not an object with a 'text' field")
    body = entry.get("text")
    if not isinstance(body, str) or not body.strip():
        raise SourceError(f"{where} has no 'text' field with the article's text")
    fields = {
        HEADER_KEYS[key.lower()]: value
        for key, value in entry.items()
        if isinstance(key, str) and key.lower() in HEADER_KEYS
    }
    return _build(body, fields)


def _megabytes(size: int) -> str:
    return f"{size / 2**20:.1f} MB"
