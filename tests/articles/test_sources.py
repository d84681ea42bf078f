"""Reading article files: formats, metadata headers, encodings and bad input."""

import datetime as dt
import json

import pytest

from articles.sources import SourceError, parse_bytes

LIMIT = 5 * 2**20


def parse_one(data, name="a.txt"):
    items = parse_bytes(
        data if isinstance(data, bytes) else data.encode(), name=name, max_bytes=LIMIT
    )
    assert len(items) == 1
    assert not isinstance(items[0], SourceError), items[0]
    return items[0]


def test_plain_text_header_sets_metadata_and_is_not_part_of_the_text():
    item = parse_one(
        "Title: Quake hits coast\nOutlet: Daily Planet\nURL: https://planet.example/quake\n"
        "Date: 2024-05-17\nByline: By Lois Lane\n\nA strong quake hit the coast on Friday.\n"
    )
    assert item.title == "Quake hits coast"
    assert item.outlet == "Daily Planet"
    assert item.url == "https://planet.example/quake"
    assert item.published == dt.date(2024, 5, 17)
    assert item.byline == "By Lois Lane"
    assert item.text == "A strong quake hit the coast on Friday."


def test_text_without_header_is_kept_whole():
    item = parse_one("Note: this is not a header.\n\nThe body follows.")
    assert item.text == "Note: this is not a header.\n\nThe body follows."
    assert item.title == ""


def test_header_dates_in_other_formats_are_understood():
    assert parse_one("Date: May 17, 2024\n\nBody.").published == dt.date(2024, 5, 17)


def test_an_unreadable_date_is_left_empty_with_a_note():
    item = parse_one("Date: sometime soon\n\nBody text here.")
    assert item.published is None
    assert any("sometime soon" in note for note in item.notes)


def test_markdown_is_read_as_text_with_headings_as_paragraphs():
    item = parse_one(
        "# Storm floods city\n\nHeavy *rain* fell on **Monday**,\n"
        "says [the agency](https://x.example).\n\n- One item\n",
        name="storm.md",
    )
    assert item.text == (
        "Storm floods city\n\nHeavy rain fell on Monday, says the agency.\n\nOne item"
    )


def test_html_main_text_is_extracted_with_metadata():
    html = """<html><head><title>Council approves budget</title>
    <meta name="author" content="Jane Roe"><meta property="og:site_name" content="City Times">
    <meta name="date" content="2024-05-14"></head><body><nav>Home | Sport | Weather</nav>
    <article><h1>Council approves budget</h1>
    <p>The city council approved the budget on Tuesday after a long debate among its members.</p>
    <p>Mayor Smith said the vote was 7 to 2, and critics said the plan would raise taxes.</p>
    </article><footer>Copyright City Times</footer></body></html>"""
    item = parse_one(html, name="budget.html")
    assert item.title == "Council approves budget"
    assert item.outlet == "City Times"
    assert item.published == dt.date(2024, 5, 14)
    assert "approved the budget on Tuesday" in item.text
    assert "Home | Sport" not in item.text
    assert not item.text.startswith("Council approves budget")


def test_json_object_and_list_of_objects():
    one = parse_one(json.dumps({"text": "Body one.", "title": "One", "outlet": "A"}), name="a.json")
    assert (one.text, one.title, one.outlet) == ("Body one.", "One", "A")
    items = parse_bytes(
        json.dumps(
            [
                {"text": "Body one."},
                {"title": "no text"},
                {"text": "Body two.", "date": "2024-01-02"},
            ]
        ).encode(),
        name="many.json",
        max_bytes=LIMIT,
    )
    assert [type(i).__name__ for i in items] == ["ArticleInput", "SourceError", "ArticleInput"]
    assert str(items[1]) == "JSON item 1 has no 'text' field with the article's text"
    assert items[2].published == dt.date(2024, 1, 2)
    assert [items[0].label, items[2].label] == ["many.json[0]", "many.json[2]"]


def test_latin_1_text_is_detected_and_decoded():
    text = "Le président a déclaré que l'économie française était forte. " * 5
    item = parse_one(text.encode("cp1252"))
    assert "président" in item.text
    assert any("not UTF-8" in note for note in item.notes)


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n ", "empty file"),
        (
            "image.txt",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
            "binary file, not text",
        ),
        (
            "page.html",
            b"<html><body><nav>Home</nav></body></html>",
            "HTML page has no main text to extract",
        ),
        (
            "bad.json",
            b'{"text": "unterminated',
            "malformed JSON at line 1, column 10: Unterminated string",
        ),
        ("notext.json", b'{"title": "x"}', "JSON has no 'text' field"),
        ("list.json", b"[]", "JSON list is empty"),
        ("scalar.json", b"42", "JSON is not an object"),
        ("report.pdf", b"%PDF-1.4", "unsupported file type '.pdf'"),
        ("header-only.txt", b"Title: Only a title\n\n", "no article text"),
    ],
)
def test_bad_input_gets_a_one_line_reason(name, data, reason):
    with pytest.raises(SourceError) as raised:
        parse_bytes(data, name=name, max_bytes=LIMIT)
    assert reason in str(raised.value)
    assert "\n" not in str(raised.value)


def test_files_over_the_limit_are_refused():
    with pytest.raises(SourceError, match=r"file is 0.0 MB, over the 0.0 MB limit"):
        parse_bytes(b"x" * 20, name="a.txt", max_bytes=10)
