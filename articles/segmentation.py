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


# Builds a Segment from a tuple without the NamedTuple's own __new__, a Python function.
_new_segment = tuple.__new__

BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
# Written out rather than as `(?:\n[ \t\r\f\v]*){2,}`, which re scans 30 times slower.
PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n(?:[ \t\r\f\v]*\n)*[ \t\r\f\v]*")
LINE_BREAK = re.compile(r"\n")
CLOSERS = "\"'”’»)]*"
TERMINAL = ".!?…:;"
HEADING_MAX_WORDS = 20
# A standfirst (the summary under a headline, "Analysis: the release … may buy a thaw …")
# has no final stop either and is longer; at the head of an article, before its body, a
# paragraph of up to this many words without one is a heading.
STANDFIRST_MAX_WORDS = 40
# Openings of a photo caption: the rest of its paragraph (a bracketed credit) is caption too.
CAPTION_OPENINGS = frozenset({"photo", "image", "video", "picture"})
BYLINE = re.compile(r"^(?:by|written by|words by|story by)\s+\w", re.IGNORECASE)
CREDIT = re.compile(r"(?:(?:additional )?reporting|editing|writing) by\b", re.IGNORECASE)
CREDIT_WORDS = ("additional", "reporting", "editing", "writing")  # the words CREDIT opens with
BULLET = re.compile(r"^[-*•–]\s")
# A live blog's timestamp on a line of its own: "UPDATE 6:50 p.m.", "Updated 10:20 BST".
TIMESTAMP = re.compile(
    r"(?:(?:update[sd]?|posted|published)\W*(?:at\s+)?)?\d{1,2}[:.]\d{2}\s*"
    r"(?:[ap]\.?m\.?)?\s*(?:[a-z]{2,4})?",
    re.IGNORECASE,
)
TIMESTAMP_MAX_CHARS = 40
# Sentences that belong to the page around an article, not to the article. They are
# found by patterns over the lower-cased sentence, but a regular expression search over
# every sentence is slow, so each pattern comes with a cheap test that must pass first.
# Sentences that open with certain words, by their first word:
# "Contact Tessa Marchetti at 970-555-0142", "Send it to tips@…": a way to reach the
# newsroom (an e-mail address or a phone number).
CONTACT = r"(?:contact|send|email|call)\b.*(?:@\w|\d{3}[-. )]\d{3})"
BOILERPLATE_OPENINGS: dict[str, str] = {
    "leave": r"leave a (?:reply|comment)\b",
    "copyright": r"copyright\b",
    "©": r"©",
    "sign": r"sign up\b.*\bnewsletter\b",
    "subscribe": r"subscribe\b.*\bnewsletter\b|subscribe (?:to|now|today|for|here)\b",
    "contact": CONTACT,
    "send": CONTACT,
    "call": CONTACT,
    "stay": r"stay (?:with|tuned)\b.*\b(?:updates?|coverage|news)\b",
    "follow": r"follow us on\b",
    "like": r"like us on\b",
    "read": r"read more\s*[:|]",
    "related": r"related\s*[:|]",
    "see": r"see also\s*[:|]",
    "more": r"more on this\s*[:|]",
    "recommended": r"recommended\s*[:|]",
    "share": r"share this (?:article|story|page)\b",
    "email": rf"email this (?:article|story|page)\b|{CONTACT}",
    "tweet": r"tweet this (?:article|story|page)\b",
    "print": r"print this (?:article|story|page)\b",
    "click": r"click here\b",
    "listen": r"listen (?:to|on)\b.*\b(?:bulletin|podcast|episode|programme|program|"
    r"this (?:article|story))\b",
    "download": r"download (?:our|the) (?:\w+ )?app\b",
    "advertisement": r"advertisement\b",
    "skip": r"skip to content\b",
    "photo": r"photo(?: credit)?\s*:",
    "image": r"image(?: credit)?\s*:",
    "video": r"video(?: credit)?\s*:",
    "picture": r"picture(?: credit)?\s*:",
    # A live page signing off: "That's all from us today.", "Thanks for following."
    "that": r"that['’]s (?:all|it) (?:from (?:us|me)|for (?:today|now|tonight))\b",
    "thanks": r"thanks for (?:following|reading|joining)\b",
    "thank": r"thank you for (?:following|reading|joining)\b",
    "this": r"this (?:live )?(?:blog|page) (?:is|has) (?:now )?(?:closed|ended)\b"
    r"|this (?:story|article|page) (?:will be|is being|has been|was) updated\b",
    "we": r"we(?:['’]re| are| will be) (?:pausing|ending|closing|wrapping up) (?:our|this) "
    r"(?:live )?(?:coverage|blog)\b",
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
    "in print": r"\bthis (?:article|story|version) (?:appeared|appears|was published) in print\b",
    "rights reserved": r"\ball rights reserved\b",
    "mission is": r"^[\w .&'’-]{2,60}['’]s mission is\b",
    "cookies": r"\bwe use cookies\b",
    # "Tuesday, June 10, 2025 | Last updated 7:45 p.m.": the page's date line.
    "last updated": r"\blast updated\b",
}
FIRST_WORD = re.compile(r"[^\W\d_]+|©")
_OPENINGS = {word: re.compile(pattern) for word, pattern in BOILERPLATE_OPENINGS.items()}
_PHRASES = tuple((cue, re.compile(pattern)) for cue, pattern in BOILERPLATE_PHRASES.items())
Phrases = Sequence[tuple[str, re.Pattern[str]]]
_ENCODED_CUES = tuple(cue.encode() for cue in BOILERPLATE_PHRASES)


# The first two letters of every opening word and credit word ("©" is an opening on its
# own): a sentence whose first two characters, lower-cased, are not among them can be
# neither boilerplate by its opening nor a credit, and skips both tests.
CUE_PAIRS = frozenset(word[:2] for word in [*BOILERPLATE_OPENINGS, *CREDIT_WORDS])


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


def _phrase_rules_in(text: str) -> tuple[str, Phrases]:
    """The phrase rules whose cue the lower-cased text contains, with that text ("" when it
    moves offsets). Most texts contain no cue, and are then not lower-cased at all ("")."""
    if "\u212a" not in text and "\u0130" not in text:
        # Beyond ASCII only these two (U+212A KELVIN SIGN, U+0130 "İ") lower-case to
        # something with ASCII in it, so the (ASCII) cues occur in the lower-cased text
        # exactly when they occur in its UTF-8 with only ASCII letters lower-cased, which
        # is several times faster to make.
        ascii_lower = text.encode("utf-8", "surrogatepass").lower()
        if not any(cue in ascii_lower for cue in _ENCODED_CUES):
            return "", ()
    lower = text.lower()
    if len(lower) != len(text):  # lower-casing moved offsets ("İ"): lower each piece
        lower = ""
    return lower, _phrases_in(lower or text.lower())


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
    paragraphs = []
    for span in spans:
        stripped = _strip(text, *span)
        if not stripped:
            continue
        # "8:40pm" on the line above its update: the timestamp heads a paragraph of its own.
        first_line = text.find("\n", stripped[0], stripped[1])
        stamp = _strip(text, stripped[0], first_line) if first_line > 0 else None
        if (
            stamp
            and _is_timestamp(text, *stamp)
            and (rest := _strip(text, first_line, stripped[1]))
        ):
            paragraphs += [stamp, rest]
        else:
            paragraphs.append(stripped)
    return paragraphs


def _is_timestamp(text: str, start: int, end: int) -> bool:
    """Whether `text[start:end]` is a live blog's timestamp line ("UPDATE 6:50 p.m.")."""
    return end - start <= TIMESTAMP_MAX_CHARS and TIMESTAMP.fullmatch(text[start:end]) is not None


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
    segments: list[Segment] = []
    trailer_search_from = int(len(paragraphs) * TRAILER_FROM)
    in_trailer = False
    lower, in_text = _phrase_rules_in(text)  # then per paragraph, those in the text
    in_head = True  # before the first paragraph of the body
    for number, (par_start, par_end) in enumerate(paragraphs):
        first_in_paragraph = len(segments)
        if in_trailer:
            kind = Kind.BOILERPLATE
        elif _is_timestamp(text, par_start, par_end):
            kind = Kind.HEADLINE  # a live blog's timestamp heads the update below it
        elif text[par_end - 1] == ".":  # neither a heading nor a byline: the common case
            kind = Kind.BODY
        else:
            kind = _paragraph_kind(text[par_start:par_end], standfirst=in_head)
        in_head = in_head and kind is not Kind.BODY
        phrases: Phrases = ()
        if in_text and not in_trailer:
            lowered = lower[par_start:par_end] or text[par_start:par_end].lower()
            phrases = _phrases_in(lowered, in_text)
        ends = starts[bisect_right(starts, par_start) : bisect_left(starts, par_end)]
        ends.append(par_end)
        a = par_start
        for b in ends:
            chunk = text[a:b]
            sentence = chunk.strip()
            if sentence:
                start = a
                if chunk[0].isspace():  # rare: spaCy's sentence starts are token starts
                    start += len(chunk) - len(chunk.lstrip())
                end = start + len(sentence)
                sentence_kind = kind
                opening = start + (text[start] == "(")  # "(Reporting by …)"
                pair = text[opening : opening + 2]  # see CUE_PAIRS
                if not in_trailer and (
                    phrases or pair.lower() in CUE_PAIRS or pair[:1] in CUE_PAIRS
                ):
                    lowered = lower[start:end] or sentence.lower()
                    if _is_boilerplate(lowered, phrases):
                        sentence_kind = Kind.BOILERPLATE
                        opening_word = FIRST_WORD.match(lowered)
                        caption = opening_word is not None and (
                            opening_word.group() in CAPTION_OPENINGS
                        )
                        if caption:
                            # "Photo: … on Friday. (A. Name/Outlet)": the whole paragraph,
                            # which is no trailer: the story goes on below its pictures.
                            kind = Kind.BOILERPLATE
                        elif number >= trailer_search_from:
                            # The trailer starts in this paragraph, with its first sentence.
                            in_trailer, kind = True, Kind.BOILERPLATE
                            for i in range(first_in_paragraph, len(segments)):
                                segments[i] = segments[i]._replace(kind=Kind.BOILERPLATE)
                    elif kind is Kind.BODY and CREDIT.match(sentence.lstrip("(")):
                        sentence_kind = Kind.BYLINE
                segments.append(
                    _new_segment(
                        Segment, (len(segments), number, start, end, sentence, sentence_kind)
                    )
                )
            a = b
    return segments


def _paragraph_kind(paragraph: str, *, standfirst: bool = False) -> Kind:
    """A paragraph without a final full stop: a byline, a heading (at the head of the
    article, `standfirst`, a longer one too), or body text after all."""
    limit = STANDFIRST_MAX_WORDS if standfirst else HEADING_MAX_WORDS
    words = paragraph.split(maxsplit=limit)  # enough to count up to the limit
    if len(words) <= 12 and BYLINE.search(paragraph) and not paragraph.endswith("."):
        return Kind.BYLINE
    if (
        len(words) <= limit
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
