"""Split an article's text into paragraphs and sentences, and tell body from the rest.

Pure code over strings: no database. Every `Segment` carries exact character offsets
into the text it came from, so `text[s.start:s.end] == s.text` always holds.

Paragraphs: when a text separates blocks with blank lines, those blocks are the
paragraphs (single newlines inside them are soft wraps); otherwise every line is one.
Sentences never cross a paragraph boundary.

Kinds: a short paragraph without final punctuation is a heading (the headline when it
opens the article, a subheading later); "By …" lines are bylines; comment forms,
republication notices and similar trailers are boilerplate, and so is everything that
follows the first of them near the end of the article.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from enum import StrEnum
from typing import NamedTuple

from spacy.attrs import IDX, SENT_START
from spacy.language import Language


class Kind(StrEnum):
    HEADLINE = "headline"
    BYLINE = "byline"
    BODY = "body"
    BOILERPLATE = "boilerplate"


class Segment(NamedTuple):
    position: int
    paragraph: int
    start: int
    end: int
    text: str
    kind: Kind


BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
# Written out rather than as `(?:\n[ \t\r\f\v]*){2,}`, which re scans 30 times slower.
PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n(?:[ \t\r\f\v]*\n)*[ \t\r\f\v]*")
LINE_BREAK = re.compile(r"\n")
CLOSERS = "\"'”’»)]*"
TERMINAL = ".!?…:;"
HEADING_MAX_WORDS = 20
BYLINE = re.compile(r"^(?:by|written by|words by|story by)\s+\w", re.IGNORECASE)
CREDIT = re.compile(r"(?:(?:additional )?reporting|editing|writing) by\b", re.IGNORECASE)
BULLET = re.compile(r"^[-*•–]\s")
# Sentences that belong to the page around an article, not to the article. They are
# found by patterns over the lower-cased sentence, but a regular expression search over
# every sentence is slow, so each pattern comes with a cheap test that must pass first.
# Sentences that open with certain words, by their first word:
BOILERPLATE_OPENINGS: dict[str, str] = {
    "leave": r"leave a (?:reply|comment)\b",
    "copyright": r"copyright\b",
    "©": r"©",
    "sign": r"sign up\b.*\bnewsletter\b",
    "subscribe": r"subscribe\b.*\bnewsletter\b",
    "follow": r"follow us on\b",
    "like": r"like us on\b",
    "read": r"read more\s*[:|]",
    "related": r"related\s*[:|]",
    "see": r"see also\s*[:|]",
    "more": r"more on this\s*[:|]",
    "recommended": r"recommended\s*[:|]",
    "share": r"share this (?:article|story|page)\b",
    "email": r"email this (?:article|story|page)\b",
    "tweet": r"tweet this (?:article|story|page)\b",
    "print": r"print this (?:article|story|page)\b",
    "click": r"click here\b",
    "advertisement": r"advertisement\b",
    "skip": r"skip to content\b",
    "photo": r"photo(?: credit)?\s*:",
    "image": r"image(?: credit)?\s*:",
    "video": r"video(?: credit)?\s*:",
    "picture": r"picture(?: credit)?\s*:",
}
# ... and sentences with one of these phrases, by a word or phrase that the text, its
# paragraph and the sentence must contain ("^" anchors a pattern at the sentence start):
BOILERPLATE_PHRASES: dict[str, str] = {
    "email address": r"\byour email address will not be published\b",
    "required fields": r"\brequired fields are marked\b",
    "permission": r"\b(?:content|article|story|material)s? "
    r"(?:used|republished|reprinted|reproduced) with (?:the )?permission\b",
    "published": r"\bthis (?:article|story) (?:was|is|has been) (?:originally )?"
    r"(?:published|republished)\b",
    "reprinted": r"\bthis (?:article|story) (?:was|is|has been) (?:originally )?reprinted\b",
    "rights reserved": r"\ball rights reserved\b",
    "mission is": r"^[\w .&'’-]{2,60}['’]s mission is\b",
    "cookies": r"\bwe use cookies\b",
}
FIRST_WORD = re.compile(r"[^\W\d_]+|©")
_OPENINGS = {word: re.compile(pattern) for word, pattern in BOILERPLATE_OPENINGS.items()}
_PHRASES = tuple((cue, re.compile(pattern)) for cue, pattern in BOILERPLATE_PHRASES.items())
Phrases = Sequence[tuple[str, re.Pattern[str]]]


def _phrases_in(text: str, phrases: Phrases = _PHRASES) -> Phrases:
    """The phrase rules whose cue occurs in a lower-cased text."""
    return [(cue, pattern) for cue, pattern in phrases if cue in text]


def _is_boilerplate(lower: str, phrases: Phrases) -> bool:
    """Whether a lower-cased sentence is boilerplate, given the phrase rules of its
    paragraph."""
    first = FIRST_WORD.match(lower)
    opening = _OPENINGS.get(first.group()) if first else None
    if opening and opening.match(lower):
        return True
    return any(pattern.search(lower) for _, pattern in phrases)


# A trailer only starts in the last part of an article, so one stray phrase in the
# middle cannot swallow the body.
TRAILER_FROM = 0.5


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-blank paragraph, surrounding whitespace excluded."""
    separator = PARAGRAPH_BREAK if BLANK_LINE.search(text) else LINE_BREAK
    spans = []
    start = 0
    for match in separator.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [stripped for span in spans if (stripped := _strip(text, *span))]


def segment(text: str, *, nlp: Language | None = None) -> list[Segment]:
    """Segments of one text, in reading order."""
    return segment_many([text], nlp=nlp)[0]


def segment_many(texts: Sequence[str], *, nlp: Language | None = None) -> list[list[Segment]]:
    """Segment several texts, streaming them through spaCy whole.

    Each text is one spaCy doc (one doc per paragraph would cost a doc's overhead per
    paragraph); paragraph starts are then added to spaCy's sentence starts, so that no
    sentence crosses a paragraph boundary.
    """
    if nlp is None:
        from articles.nlp import get_nlp

        nlp = get_nlp()
    results = []
    for text, doc in zip(texts, nlp.pipe(texts), strict=True):
        columns = doc.to_array([SENT_START, IDX])
        starts = columns[columns[:, 0] == 1, 1].tolist()
        results.append(_segments(text, paragraph_spans(text), starts))
    return results


def _segments(text: str, paragraphs: list[tuple[int, int]], starts: list[int]) -> list[Segment]:
    """The sentences of each paragraph (cut at spaCy's sentence starts), classified."""
    # [paragraph, start, end, text, kind, is boilerplate] of every sentence
    rows: list[tuple[int, int, int, str, Kind, bool]] = []
    trailer_from = len(paragraphs)
    trailer_search_from = int(len(paragraphs) * TRAILER_FROM)
    lower = text.lower()
    if len(lower) != len(text):  # lower-casing moved offsets ("İ"): lower each piece
        lower = ""
    in_text = _phrases_in(lower or text.lower())  # then per paragraph, those in the text
    for number, (par_start, par_end) in enumerate(paragraphs):
        paragraph = text[par_start:par_end]
        kind = _paragraph_kind(paragraph)
        phrases = (
            _phrases_in(lower[par_start:par_end] or paragraph.lower(), in_text) if in_text else ()
        )
        first = bisect_right(starts, par_start)
        last = bisect_left(starts, par_end, lo=first)
        for a, b in itertools.pairwise([par_start, *starts[first:last], par_end]):
            chunk = text[a:b]
            sentence = chunk.strip()
            if not sentence:
                continue
            start = a + len(chunk) - len(chunk.lstrip())
            lowered = lower[start : start + len(sentence)] or sentence.lower()
            boilerplate = _is_boilerplate(lowered, phrases)
            if boilerplate and trailer_search_from <= number < trailer_from:
                trailer_from = number
            rows.append((number, start, start + len(sentence), sentence, kind, boilerplate))

    segments: list[Segment] = []
    for position, (number, start, end, sentence, kind, boilerplate) in enumerate(rows):
        if number >= trailer_from or boilerplate:
            kind = Kind.BOILERPLATE
        elif kind is Kind.BODY and CREDIT.match(sentence):
            kind = Kind.BYLINE
        segments.append(Segment(position, number, start, end, sentence, kind))
    return segments


def _paragraph_kind(paragraph: str) -> Kind:
    words = paragraph.split(maxsplit=HEADING_MAX_WORDS)  # enough to count up to the limit
    if len(words) <= 12 and BYLINE.search(paragraph) and not paragraph.endswith("."):
        return Kind.BYLINE
    if (
        len(words) <= HEADING_MAX_WORDS
        and "\n" not in paragraph
        and paragraph.rstrip(CLOSERS)[-1:] not in TERMINAL
        and not BULLET.search(paragraph)
    ):
        return Kind.HEADLINE
    return Kind.BODY


def _strip(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def derive_title(segments: Sequence[Segment], *, limit: int = 120) -> str:
    """The headline when the text opens with one, else its first sentence, shortened."""
    if not segments:
        return ""
    first = segments[0]
    if first.kind is Kind.HEADLINE and first.paragraph == 0:
        return first.text
    candidates = [s for s in segments if s.kind is Kind.BODY] or list(segments)
    sentence = " ".join(candidates[0].text.split())
    if len(sentence) <= limit:
        return sentence
    return sentence[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
