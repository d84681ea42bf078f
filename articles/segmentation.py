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

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from spacy.language import Language


class Kind(StrEnum):
    HEADLINE = "headline"
    BYLINE = "byline"
    BODY = "body"
    BOILERPLATE = "boilerplate"


@dataclass(frozen=True, slots=True)
class Segment:
    position: int
    paragraph: int
    start: int
    end: int
    text: str
    kind: Kind


BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
PARAGRAPH_BREAK = re.compile(r"(?:\n[ \t\r\f\v]*){2,}")
LINE_BREAK = re.compile(r"\n")
CLOSERS = "\"'”’»)]*"
TERMINAL = ".!?…:;"
HEADING_MAX_WORDS = 20
BYLINE = re.compile(r"^(?:by|written by|words by|story by)\s+\w", re.IGNORECASE)
CREDIT = re.compile(r"^(?:(?:additional )?reporting|editing|writing) by\b", re.IGNORECASE)
BULLET = re.compile(r"^[-*•–]\s")
# Sentences that belong to the page around an article, not to the article.
BOILERPLATE = re.compile(
    "|".join(
        [
            r"^leave a (?:reply|comment)\b",
            r"\byour email address will not be published\b",
            r"\brequired fields are marked\b",
            r"\b(?:content|article|story|material)s? (?:used|republished|reprinted|reproduced)"
            r" with (?:the )?permission\b",
            r"\bthis (?:article|story) (?:was|is|has been) (?:originally )?"
            r"(?:published|republished|reprinted)\b",
            r"^(?:copyright\b|©)",
            r"\ball rights reserved\b",
            r"^[\w .&'’-]{2,60}['’]s mission is\b",
            r"^(?:sign up|subscribe)\b.*\bnewsletter\b",
            r"^(?:follow|like) us on\b",
            r"^(?:read more|related|see also|more on this|recommended)\s*[:|]",
            r"^(?:share|email|tweet|print) this (?:article|story|page)\b",
            r"^(?:click here|advertisement|skip to content)\b",
            r"^(?:photo|image|video|picture)(?: credit)?\s*:",
            r"\bwe use cookies\b",
        ]
    ),
    re.IGNORECASE,
)
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
    """Segment several texts, sending all their paragraphs through spaCy in one stream."""
    if nlp is None:
        from articles.nlp import get_nlp

        nlp = get_nlp()
    paragraphs = [paragraph_spans(text) for text in texts]
    docs = nlp.pipe(
        text[a:b] for text, spans in zip(texts, paragraphs, strict=True) for a, b in spans
    )
    results = []
    for text, spans in zip(texts, paragraphs, strict=True):
        sentences = []
        for number, (par_start, _) in enumerate(spans):
            doc = next(docs)
            for sent in doc.sents:
                span = _strip(text, par_start + sent.start_char, par_start + sent.end_char)
                if span:
                    sentences.append((number, *span))
        results.append(_classify(text, spans, sentences))
    return results


def _classify(
    text: str, paragraphs: list[tuple[int, int]], sentences: Iterable[tuple[int, int, int]]
) -> list[Segment]:
    paragraph_kinds = [_paragraph_kind(text[a:b]) for a, b in paragraphs]
    by_paragraph: dict[int, list[tuple[int, int]]] = {}
    for number, start, end in sentences:
        by_paragraph.setdefault(number, []).append((start, end))

    trailer_from = len(paragraphs)
    for number in range(int(len(paragraphs) * TRAILER_FROM), len(paragraphs)):
        if any(BOILERPLATE.search(text[a:b]) for a, b in by_paragraph.get(number, [])):
            trailer_from = number
            break

    segments: list[Segment] = []
    for number, spans in sorted(by_paragraph.items()):
        for start, end in spans:
            sentence = text[start:end]
            kind = paragraph_kinds[number]
            if number >= trailer_from or BOILERPLATE.search(sentence):
                kind = Kind.BOILERPLATE
            elif kind is Kind.BODY and CREDIT.search(sentence):
                kind = Kind.BYLINE
            segments.append(Segment(len(segments), number, start, end, sentence, kind))
    return segments


def _paragraph_kind(paragraph: str) -> Kind:
    words = paragraph.split()
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
