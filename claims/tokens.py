"""A small, fast regex tokenizer for claim extraction, with exact character offsets.

spaCy's rule-based tokenizer would do, but claim extraction needs only words, numbers
and punctuation with offsets, and a single compiled regex is several times faster.
Possessive "'s" and "n't" become tokens of their own; hyphens are separate tokens so that
"Sino-Russian" and "7.1-magnitude" split into their parts.
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
    | (?:St|Mr|Mrs|Ms|Dr|Gen|Jr|Sr|Lt|Col|Sgt|Capt|Gov|Sen|Rep|Prof|Mt|Ft)\.(?=\s+[A-Z])
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
