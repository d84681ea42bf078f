"""A small, fast regex tokenizer for claim extraction, with exact character offsets.

spaCy's rule-based tokenizer would do, but claim extraction needs only words, numbers
and punctuation with offsets, and a single compiled regex is several times faster.
Possessive "'s" and "n't" become tokens of their own; hyphens are separate tokens so that
"Sino-Russian" and "7.1-magnitude" split into their parts. A code of letters and digits
("F-35", "COVID-19", "O157:H7", "flight WB262") is one token, a name, not numbers.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import NamedTuple

import snowballstemmer

TOKEN = re.compile(
    r"""
    (?:[A-Za-z]\.){2,}(?![A-Za-z])       # U.S., U.K., a.m.
    | (?<![$€£¥\w])(?!(?:R|Rs|Rp|Sh|KSh|FY)\d)  # codes: F-35, A320, COVID-19, H5N1, O157:H7
      [A-Za-z]{1,6}-?\d+(?:[A-Za-z]+\d+)*[A-Za-z]?(?:[:/][A-Za-z]+\d+[A-Za-z]?)*
      (?!\w|[.,]\d)                     # (not R41.20, $US8m, FY2026 or PM2.5)
    | [A-Z]\.[ ][a-z]{3,}(?!\w)          # a species: E. coli, S. aureus
    | (?!\d{4}-\d\d-\d\d\b)\d{1,4}(?:-\d{2,4}){2,}(?![\w-])  # a phone number: 1-855-555-0142
    | (?:St|Sta|Sto|Mr|Mrs|Ms|Dr|Gen|Jr|Sr|Lt|Col|Sgt|Capt|Gov|Sen|Rep|Prof|Mt|Ft|Atty)
      \.(?=\s+[A-Z])
    | \d+(?:[.,:]\d+)*(?:(?:st|nd|rd|th|s)(?![^\W\d_]))? # 1,500 2.5 15:00 8th 1990s
    | [^\W\d_]+(?=n['’]t\b)              # do|n't
    | n['’]t\b
    | ['’]s\b                            # possessive
    | [^\W\d_]+(?:['’][^\W\d_s][^\W\d_]*)* # words, O'Brien
    | [°%$€£¥]
    | \S
    """,
    re.VERBOSE,
)


class Tok(NamedTuple):
    text: str
    start: int
    end: int
    lower: str

    @property
    def is_word(self) -> bool:
        return self.text[:1].isalpha()

    @property
    def is_capitalised(self) -> bool:
        return self.text[:1].isupper()


CODE_SEPARATORS = str.maketrans("", "", "-:/")


def is_code(lower: str) -> bool:
    """Whether a token is a code of letters and digits ("covid-19", "a320", "o157:h7")."""
    return lower[:1].isalpha() and any(ch.isdigit() for ch in lower)


def squash_code(lower: str) -> str:
    """One spelling of a code: "covid-19" and "covid19" are the same, "o157:h7" is "o157h7"."""
    return lower.translate(CODE_SEPARATORS)


def tokenize(text: str, offset: int = 0) -> list[Tok]:
    """Tokens of `text`; their offsets are shifted by `offset`."""
    return [
        Tok(m.group(), m.start() + offset, m.end() + offset, m.group().lower())
        for m in TOKEN.finditer(text)
    ]


_STEMMER = snowballstemmer.stemmer("english")


@functools.lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Snowball (Porter 2) stem of a lowercase word; cached, since news vocabulary repeats."""
    return str(_STEMMER.stemWord(word))


def join(tokens: Sequence[Tok]) -> str:
    """The tokens' text as written: spaces only where the original had them."""
    parts: list[str] = []
    for index, token in enumerate(tokens):
        if index and token.start > tokens[index - 1].end:
            parts.append(" ")
        parts.append(token.text)
    return "".join(parts)
