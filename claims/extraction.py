"""Claim extraction: from one body sentence to the claims it makes, as plain data.

`extract_claims(sentence, offset=..., published=...)` splits a sentence into claims —
one per clause that states a fact of its own: clauses joined by ";" or ", and/but/while"
with a subject of their own ("X happened, and Y was done" yields two), a non-restrictive
", which …" clause, a trailing ", highlighting …" comment and a leading "As/While …,"
clause — and describes each with the features that cross-article comparison needs:

- ``tokens``: every word and number as ``[surface, norm]``; ``norm`` is the comparable
  form (a Snowball stem mapped through synonym sets and country adjectives, so "Sino-",
  "Chinese" and "China" all read ``china``), empty for function words.
- ``terms``: the sorted distinct norms, for inverted indexes.
- ``entities``: capitalised names with a normalised ``key`` and ``parts`` (titles dropped,
  adjectives mapped to their country, seats of government to their city).
- ``numbers``, ``dates``, ``times``: values with units, what they count, calendar keys
  resolved against ``published``, UTC minutes (see claims.numbers and claims.temporal).
- ``quotes`` (text and speaker), ``attribution`` (who the claim is credited to),
  ``hedges`` ("was supposed to visit"), ``negations`` ("not adversarial"), and ``polar``
  words that have antonyms ("rose", "earlier"); ``conditional``: norms said only inside a
  condition ("if …", "unless …"), which the claim does not assert.
- ``v``: the version of this layout.

Everything is JSON-serialisable, so a caller can store it and pass it back to
claims.matching later. Headlines, bylines and boilerplate are not given to this module:
the caller extracts from body sentences only. Questions and fragments of fewer than
three words yield no claim.

Extraction is regex- and table-driven and needs no spaCy model. `extract_many` accepts
an optional spaCy pipeline: when it has a trained ``ner`` component, its entities are
added to the rule-based ones.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from spacy.language import Language

from claims.lexicon import ANTONYMS as _ANTONYMS
from claims.lexicon import (
    CLAIM_NOUNS,
    DISMISSING_VERBS,
    EXACT_ANTONYM_FORMS,
    HEDGES,
    IRREGULAR_VERBS,
    METONYMS,
    MONTHS,
    NAME_VARIANTS,
    NEGATING_VERBS,
    NEGATIONS,
    NOT_NAMES,
    ORDINAL_WORDS,
    PHRASE_SYNONYMS,
    PLACE_VARIANTS,
    REPORTING_VERBS,
    STOPWORDS,
    SYNONYM_SETS,
    TENS_WORDS,
    TITLES,
    UNITS_WORDS,
    WEEKDAYS,
)
from claims.numbers import read_numbers, word_value
from claims.temporal import read_dates, read_times
from claims.tokens import Tok, is_code, join, squash_code, stem, tokenize

FEATURES_VERSION = 24
MIN_CLAIM_WORDS = 3
MIN_CLAUSE_WORDS = 4
OPENING_QUOTES = frozenset("“‘«")
CLOSING_QUOTES = frozenset("”’»")
CONJUNCTIONS = frozenset({"and", "but", "while", "whereas", "yet"})
SUBJECT_STARTS = frozenset(
    "he she they it we i the a an this that these those his her their its our".split()
)
FINITE_CUES = frozenset(
    "is are was were has have had will would can could did does do may might must shall "
    "should".split()
)
NAME_JOINERS = frozenset({"of", "of the", "for", "de", "du", "von", "van", "al", "bin"})
ATTRIBUTION_NOUNS = frozenset(
    "analysts experts officials sources observers critics residents witnesses police "
    "authorities diplomats scientists researchers spokesman spokeswoman spokesperson "
    "ministry government agency police prosecutors investigators".split()
)
PRONOUNS = frozenset("he she they it we i".split())
HEDGE_SCOPE = 4
CALENDAR_WORDS = frozenset(WEEKDAYS) | frozenset(MONTHS)
SUBORDINATORS = frozenset(
    "as while when after although though because since once whereas before whilst".split()
)
NOT_PARTICIPLES = frozenset(
    "including according following regarding concerning during notwithstanding excluding "
    "pending something nothing anything everything morning evening building meeting "
    "spring king".split()
)
RELATIVE_PRONOUNS = frozenset("that which who whom whose".split())
# Words that open a record ("…, the first visit since 2019"), besides superlatives in -est.
SUPERLATIVES = frozenset({"first", "worst", "best", "most", "least", "biggest"})
ATTRIBUTION_VERBS = frozenset(
    "said says told stated added noted reported claimed wrote insisted warned confirmed "
    "announced explained".split()
)
# Words after "…, the agency said" that still end the sentence ("in a statement").
TRAILING_WORDS = 3
# Where or when a source spoke: "…, the mayor told reporters outside the fire hall."
SETTING_PREPOSITIONS = frozenset("at in on outside inside during after before near".split())
CLAUSE_WORDS = frozenset("that who which because but and".split())
AUDIENCES = frozenset("reporters journalists conference briefing".split())
# Words that make a name an outlet's ("Radio Free Asia", "the Sundara Herald").
MEDIA_WORDS = frozenset(
    "radio television tv news press agency times post herald tribune journal gazette "
    "broadcaster broadcasting channel network newspaper magazine wire service".split()
)
# Words that open a condition: what follows, to the next comma, is supposed, not asserted.
CONDITIONALS = frozenset({"if", "unless"})
CLAUSE_BREAKS = frozenset({",", ";", ":", "—", "–", "(", ")"})
# A wire dateline: a place in capitals, perhaps more place and a date after commas, perhaps
# the agency in brackets, then a dash ("GISBORNE, New Zealand, March 18 (APA) - ").
DATELINE = re.compile(
    r"[A-Z][A-Z'.-]{2,}(?: [A-Z][A-Z'.-]+)*(?:, [\w .'-]{1,40}?)*(?: \([^()]{1,40}\))? ?[-–—]+ "
)
# Words an article writes in lower case (see `extract_claims`).
LOWERCASE_WORD = re.compile(r"(?<![\w.])[a-z][a-z'’-]*[a-z]\b")
# Cardinal and ordinal number words: a sentence may open with one ("Seven people …").
NUMBER_WORDS = frozenset(UNITS_WORDS) | frozenset(TENS_WORDS) | frozenset(ORDINAL_WORDS)
# Bare "was to" is a hedge only before a verb: "was to visit", not "was to Beijing".
BARE_HEDGES = frozenset({"was to", "were to", "is to", "are to"})


@dataclass(frozen=True, slots=True)
class ClaimData:
    start: int
    end: int
    text: str
    features: dict[str, Any]


def extract_claims(
    sentence: str,
    *,
    offset: int = 0,
    published: dt.date | None = None,
    lowercase: frozenset[str] = frozenset(),
) -> list[ClaimData]:
    """The claims one body sentence makes; offsets are into the article (sentence at offset).

    `lowercase`: words the article also writes in lower case; capitalised only because
    they open a sentence or clause ("Search teams …", "Police said …"), they are no names.
    A wire dateline ("LONDON, May 3 (Reuters) - ") is where the story was filed, not part
    of a claim.
    """
    if dateline := DATELINE.match(sentence):
        sentence, offset = sentence[dateline.end() :], offset + dateline.end()
    tokens = tokenize(sentence, offset)
    words = [t for t in tokens if t.is_word or t.text[:1].isdigit()]
    if len(words) < MIN_CLAIM_WORDS or _is_question(sentence):
        return []
    quotes = _quotes(sentence, offset)
    attribution, attribution_tokens = _attribution(tokens)
    claims = []
    for first, last in _clauses(tokens):
        span = tokens[first:last]
        start, end = span[0].start, span[-1].end
        text = sentence[start - offset : end - offset]
        features = _features(span, published, attribution_tokens, lowercase)
        features["attribution"] = attribution
        features["quotes"] = [q for q in quotes if q["start"] < end and q["end"] > start]
        for item in features["dates"]:
            # "tonight I accept", said on Sunday and printed on Monday: a quote's today,
            # tonight or yesterday is the speaker's, not the article's, and is left
            # unresolved.
            quoted = any(q["start"] <= item["start"] < q["end"] for q in features["quotes"])
            if quoted and item["grain"] == "day" and item.get("relative"):
                item["key"] = None
        claims.append(ClaimData(start, end, text, features))
    return claims


def extract_many(
    sentences: Sequence[tuple[str, int]],
    *,
    published: dt.date | None = None,
    nlp: Language | None = None,
) -> list[list[ClaimData]]:
    """`extract_claims` for many (sentence, offset) pairs of one article.

    With a trained spaCy pipeline as `nlp`, its named entities are merged in.
    """
    lowercase = lowercase_words(text for text, _ in sentences)
    results = [
        extract_claims(text, offset=offset, published=published, lowercase=lowercase)
        for text, offset in sentences
    ]
    if nlp is None or "ner" not in nlp.pipe_names:
        return results
    docs = nlp.pipe(text for text, _ in sentences)
    for (_, offset), claims, doc in zip(sentences, results, docs, strict=True):
        for ent in doc.ents:
            if ent.label_ not in {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT"}:
                continue
            start, end = ent.start_char + offset, ent.end_char + offset
            for claim in claims:
                if claim.start <= start and end <= claim.end:
                    known = {e["key"] for e in claim.features["entities"]}
                    entity = _entity(tokenize(ent.text, start))
                    if entity and entity["key"] not in known:
                        claim.features["entities"].append(entity)
    return results


def lowercase_words(texts: Iterable[str]) -> frozenset[str]:
    """The words an article writes in lower case (for `extract_claims`' `lowercase`)."""
    return frozenset(word for text in texts for word in LOWERCASE_WORD.findall(text))


def _is_question(sentence: str) -> bool:
    stripped = sentence.rstrip(" \"'”’»)")
    return stripped.endswith("?") and sentence.lstrip()[:1] not in OPENING_QUOTES | {'"'}


# -- clauses -----------------------------------------------------------------------------


def _clauses(tokens: Sequence[Tok]) -> list[tuple[int, int]]:
    """Token ranges of the clauses that state facts of their own; quotes are never split.

    Cuts: ";"; ", and/but/while X did"; "did X and was/has …" (a second predicate of the
    same subject); ", which …" (a non-restrictive relative clause adds a fact); a trailing
    ", highlighting …" participle phrase (commentary on the main clause); and a leading
    "As/While/After … ," subordinate clause.
    """
    depth = 0
    cuts: list[tuple[int, int]] = []  # (end of left clause, start of right clause)
    n = len(tokens)
    for i, token in enumerate(tokens):
        if token.text in OPENING_QUOTES:
            depth += 1
        elif token.text in CLOSING_QUOTES and depth:
            depth -= 1
        elif token.text == '"':
            depth = 0 if depth else 1
        if (
            not depth
            and token.lower == "and"
            and i > 0
            and i + 2 < n
            and tokens[i + 1].lower in FINITE_CUES
            and _has_verb(tokens[:i])
        ):
            # "remained open and was used by relief flights": a second predicate of the
            # same subject states a fact of its own.
            cuts.append((i, i + 1))
            continue
        if depth or token.text not in {";", ","} or i + 2 >= n:
            continue
        nxt = tokens[i + 1]
        if token.text == ";":
            cuts.append((i, i + 1))
        elif (
            nxt.lower in CONJUNCTIONS
            and _opens_clause(tokens, i + 2)
            and _has_verb(tokens[i + 2 :])
        ):
            cuts.append((i, i + 2))
        elif (
            (nxt.lower == "which" and not _embedded(tokens, i + 2))
            or (_is_participle(nxt) and _runs_to_end(tokens, i + 2))
            or (_is_superlative_apposition(tokens, i + 1) and _runs_to_end(tokens, i + 2))
            or (
                not cuts
                and tokens[0].lower in SUBORDINATORS
                and _opens_clause(tokens, i + 1)
                and _has_verb(tokens[i + 1 :])
            )
        ):
            cuts.append((i, i + 1))
    ranges = []
    start = 0
    for left_end, right_start in cuts:
        if (
            _word_count(tokens[start:left_end]) >= MIN_CLAUSE_WORDS
            and _word_count(tokens[right_start:]) >= MIN_CLAUSE_WORDS
        ):
            ranges.append((start, left_end))
            start = right_start
    ranges.append((start, n))
    return [r for r in (_trim(tokens, a, b) for a, b in ranges) if r is not None]


def _embedded(tokens: Sequence[Tok], i: int) -> bool:
    """Whether the clause from `i` closes with a comma after which the sentence's own
    verb goes on: "Shares in Kestrel Reef, which is listed on the JSE, were down 6.2%" is
    one claim, not "Shares in Kestrel Reef" and "which is listed …, were down 6.2%"."""
    for k in range(i, len(tokens) - 1):
        if tokens[k].text == ",":
            after = tokens[k + 1].lower
            return after in FINITE_CUES or (after.endswith("ed") and len(after) > 4)
    return False


def _is_superlative_apposition(tokens: Sequence[Tok], i: int) -> bool:
    """ "…, the largest penalty the regulator has ever imposed": a record is a fact of its
    own."""
    if tokens[i].lower not in {"the", "its", "their", "his", "her"} or i + 1 >= len(tokens):
        return False
    word = tokens[i + 1].lower
    return word in SUPERLATIVES or (word.endswith("est") and len(word) > 5)


def _is_participle(token: Tok) -> bool:
    lower = token.lower
    return lower.endswith("ing") and len(lower) > 5 and lower not in NOT_PARTICIPLES


def _runs_to_end(tokens: Sequence[Tok], i: int) -> bool:
    # "The trip, coinciding with …, exemplified …" interrupts; it does not trail.
    for j in range(i, len(tokens) - 1):
        if tokens[j].text == "," and (
            tokens[j + 1].lower in FINITE_CUES or tokens[j + 1].lower.endswith("ed")
        ):
            return False
    return True


def _opens_clause(tokens: Sequence[Tok], i: int) -> bool:
    token = tokens[i]
    if token.lower in SUBJECT_STARTS or (token.is_capitalised and token.lower not in STOPWORDS):
        return True
    # "…, but people are being asked to stay away": a plain noun, then its verb.
    return (
        token.is_word
        and token.lower not in STOPWORDS
        and i + 1 < len(tokens)
        and tokens[i + 1].lower in FINITE_CUES
    )


def _has_verb(tokens: Sequence[Tok]) -> bool:
    for k, token in enumerate(tokens[:12]):
        if k == 1 and tokens[0].is_capitalised and token.text.islower() and token.text[-1] == "s":
            return True  # "…, while China benefits from …"
        if token.lower in RELATIVE_PRONOUNS:
            return False  # ", and a partnership that has been …" continues a list
        if token.lower in FINITE_CUES or token.lower in REPORTING_VERBS:
            return True
        if token.lower.endswith("ed") and len(token.lower) > 4:
            return True
    return False


def _word_count(tokens: Sequence[Tok]) -> int:
    return sum(1 for t in tokens if t.is_word)


def _trim(tokens: Sequence[Tok], a: int, b: int) -> tuple[int, int] | None:
    while b > a and tokens[b - 1].text in {",", ";", ":", "—", "-", "–"}:
        b -= 1
    return (a, b) if b > a else None


# -- features ------------------------------------------------------------------------------


def _features(
    tokens: Sequence[Tok],
    published: dt.date | None,
    attribution_tokens: set[int],
    lowercase: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    dates, date_tokens = read_dates(tokens, published)
    times, time_tokens = read_times(tokens)
    # "at 2010 GMT" is a time of day, not the year 2010.
    clock = [(time["start"], time["end"]) for time in times]
    dates = [d for d in dates if not any(a <= d["start"] and d["end"] <= b for a, b in clock)]
    numbers = read_numbers(tokens, date_tokens | time_tokens)
    skip = {tokens[i].start for i in date_tokens | time_tokens}
    norms = _norms(tokens)
    # A number reads as its value, so "seven" matches "7" and "2,400" matches "2400".
    number_norms: dict[int, str] = {}
    for number in numbers:
        inside = [i for i, t in enumerate(tokens) if number["start"] <= t.start < number["end"]]
        if number.get("tally"):  # "five votes to two" is still about votes
            inside = [i for i in inside if word_value(tokens[i].lower) is not None]
        for i in inside:
            number_norms[i] = ""
        first_digit = next((i for i in inside if norms[i]), None)
        if first_digit is not None:
            number_norms[first_digit] = _number_norm(number)
    norms = [number_norms.get(i, norm) for i, norm in enumerate(norms)]
    rows: list[list[str]] = []
    surfaces = _compound_surfaces(tokens)
    for i, token in enumerate(tokens):
        if not (token.is_word or token.text[:1].isdigit()):
            continue
        norm = norms[i]
        if token.start in attribution_tokens or token.start in skip:
            norm = ""
        rows.append([surfaces[i], norm])
    # The outlet a claim is credited to ("according to CNN") is no name it is about.
    # Nor are a time zone ("1442 GMT"), a date or a currency code ("EUR 2 million").
    blocked = date_tokens | time_tokens | set(number_norms)
    entities = [
        e for e in _entities(tokens, lowercase, blocked) if e["start"] not in attribution_tokens
    ]
    return {
        "v": FEATURES_VERSION,
        "tokens": rows,
        "terms": sorted({norm for _, norm in rows if norm}),
        "entities": entities,
        "numbers": numbers,
        "dates": dates,
        "times": times,
        "hedges": _hedges(tokens, norms),
        "negations": _negations(tokens, norms),
        "polar": _polar(tokens),
        "conditional": _conditional_terms(tokens, norms),
    }


def _conditional_terms(tokens: Sequence[Tok], norms: Sequence[str]) -> list[str]:
    """Norms that occur only inside a condition ("even if China were to cut aid, …").

    A condition states what is supposed, not what happened: two claims that share only
    words of a condition do not state the same fact, so matching does not count them as
    evidence (they still count for similarity).
    """
    inside: set[str] = set()
    outside: set[str] = set()
    conditional = False
    for token, norm in zip(tokens, norms, strict=True):
        if token.lower in CONDITIONALS:
            conditional = True
        elif token.text in CLAUSE_BREAKS:
            conditional = False
        if norm:
            (inside if conditional else outside).add(norm)
    return sorted(inside - outside)


def _compound_surfaces(tokens: Sequence[Tok]) -> list[str]:
    """Each token's surface, widened to its whole hyphenated compound ("Chia-lung")."""
    surfaces = [t.text for t in tokens]
    i = 0
    while i < len(tokens):
        j = i
        while (
            j + 2 < len(tokens)
            and tokens[j + 1].text == "-"
            and tokens[j + 1].start == tokens[j].end
            and tokens[j + 2].start == tokens[j + 1].end
        ):
            j += 2
        if j > i:
            compound = "".join(t.text for t in tokens[i : j + 1])
            for k in range(i, j + 1):
                surfaces[k] = compound
        i = j + 1
    return surfaces


def _number_norm(number: dict[str, Any]) -> str:
    if number.get("tally"):
        return "#{}-{}".format(*number["tally"])
    value = float(number["base"])
    text = f"{value:.6g}"
    return f"#{text}{'th' if number['ordinal'] else ''}"


@functools.cache
def _synonym_index() -> dict[str, str]:
    """Word -> its concept, named by a stem of one of its words, never another's: "build"
    is not "buildings" (homes). A listed word wins over another listed word's stem."""
    index: dict[str, str] = {}
    concepts: list[tuple[frozenset[str], str]] = []
    named: set[str] = set()
    for group in SYNONYM_SETS:
        canonical = next(stem(w) for w in sorted(group) if stem(w) not in named)
        named.add(canonical)
        concepts.append((group, canonical))
        for word in group:
            index.setdefault(word, canonical)
    for group, canonical in concepts:
        for word in group:
            index.setdefault(stem(word), canonical)
    return index


@functools.cache
def _place_index() -> dict[str, str]:
    index = {}
    for place, variants in PLACE_VARIANTS.items():
        index[place] = place
        for variant in variants:
            index[variant] = place
    for variant, name in NAME_VARIANTS.items():
        index.setdefault(variant, name)
    return index


def normalise_word(lower: str) -> str:
    """The comparable form of one lowercase word: "" for function words."""
    lower = lower.strip("'’")
    if lower in STOPWORDS or lower in REPORTING_VERBS or not lower:
        return ""
    place = _place_index().get(lower)
    if place:
        return place
    if lower[:1].isdigit():
        return lower.replace(",", "")
    if is_code(lower):
        return squash_code(lower)
    synonyms = _synonym_index()
    if lower not in synonyms:  # "struck" and "rose" are listed, not read as "strike", "rise"
        lower = IRREGULAR_VERBS.get(lower, lower)
        if lower in STOPWORDS or lower in REPORTING_VERBS:
            return ""
    if lower in synonyms:
        return synonyms[lower]
    stemmed = stem(lower)
    return synonyms.get(stemmed, stemmed)


@functools.cache
def _phrase_sizes() -> tuple[int, ...]:
    """The lengths of the phrases, longest first."""
    return tuple(sorted({len(phrase) for phrase in _phrases()}, reverse=True))


@functools.cache
def _phrases() -> dict[tuple[str, ...], str]:
    return {tuple(p.split()): normalise_word(w) or w for p, w in PHRASE_SYNONYMS.items()}


def _norms(tokens: Sequence[Tok]) -> list[str]:
    norms = [normalise_word(t.lower) if (t.is_word or t.text[:1].isdigit()) else "" for t in tokens]
    phrases = _phrases()
    lowers = [t.lower for t in tokens]
    for i in range(1, len(tokens)):
        # "claimed 23 lives", "cost 40 lives": a number of lives lost is a death toll.
        if lowers[i] == "lives" and (
            tokens[i - 1].text[:1].isdigit() or lowers[i - 1] in NUMBER_WORDS
        ):
            norms[i] = normalise_word("killed")
    for i in range(len(tokens)):
        for size in _phrase_sizes():
            key = tuple(lowers[i : i + size])
            if len(key) == size and key in phrases:
                norms[i] = phrases[key]
                for j in range(i + 1, i + size):
                    norms[j] = ""
                break
    return norms


def _entities(
    tokens: Sequence[Tok],
    lowercase: frozenset[str] = frozenset(),
    blocked: Collection[int] = frozenset(),
) -> list[dict[str, Any]]:
    """Runs of name tokens; tokens in `blocked` (dates, times, amounts) are never names."""
    entities = []
    i = 0
    n = len(tokens)
    while i < n:
        if i in blocked or not _name_token(tokens, i, lowercase=lowercase):
            i += 1
            continue
        j = i + 1
        while j < n and j not in blocked:
            if _name_token(tokens, j, inside=True):
                j += 1
            elif (
                tokens[j].lower in {"of", "for", "de"}
                and j + 1 < n
                and _name_token(tokens, j + 1, inside=True)
            ):
                j += 2
            elif (
                tokens[j].lower == "of"
                and j + 2 < n
                and tokens[j + 1].lower == "the"
                and _name_token(tokens, j + 2, inside=True)
            ):
                j += 3
            else:
                break
        entity = _entity(tokens[i:j])
        if entity:
            entities.append(entity)
        i = j
    return entities


def _name_token(
    tokens: Sequence[Tok], i: int, *, inside: bool = False, lowercase: frozenset[str] = frozenset()
) -> bool:
    token = tokens[i]
    if not token.is_capitalised or not token.is_word:
        return False
    if token.lower in CALENDAR_WORDS and not (token.lower == "may" and inside):
        return False
    if inside:
        return True
    at_start = i == 0 or tokens[i - 1].text in OPENING_QUOTES | {'"', "(", ":", "—", "–"}
    if at_start:
        lower = token.lower
        if lower in _place_index() or lower in METONYMS:
            return True
        if lower in NOT_NAMES or lower in NUMBER_WORDS or lower.endswith(("ing", "ly")):
            return False
        # A capitalised first word is a name when a name follows it ("Russian President"),
        # not when the article writes it in lower case elsewhere ("Search teams …").
        if i + 1 < len(tokens) and tokens[i + 1].is_capitalised and tokens[i + 1].is_word:
            return True
        return lower not in lowercase and not lower.endswith(("ed", "s"))
    return True


def _entity(tokens: Sequence[Tok]) -> dict[str, Any] | None:
    words = [t.lower for t in tokens if t.is_word and t.lower not in {"'s", "’s"}]
    if not words:
        return None
    key = " ".join(words)
    key = NAME_VARIANTS.get(key, key)
    parts: list[str] = []
    for word in words:
        if word in TITLES or word.rstrip("s") in TITLES or word in STOPWORDS:
            continue
        parts.append(squash_code(word) if is_code(word) else _place_index().get(word, word))
    if key in METONYMS:
        parts.append(METONYMS[key])
    if not parts:
        return None
    return {
        "text": join(tokens),
        "start": tokens[0].start,
        "end": tokens[-1].end,
        "key": key,
        "parts": sorted(set(parts)),
    }


def _quotes(sentence: str, offset: int) -> list[dict[str, Any]]:
    quotes = []
    for match in re.finditer(r"[“\"]([^”\"]{2,})[”\"]", sentence):
        speaker = _speaker(sentence, match.start(), match.end())
        quotes.append(
            {
                "text": match.group(1).strip(),
                "start": match.start() + offset,
                "end": match.end() + offset,
                "speaker": speaker,
            }
        )
    return quotes


# After a quote: who (with their titles), the verb, or the verb, then who.
SPEAKER_AFTER = re.compile(
    r"^[,\s]*(?P<pre>[^.,;:!?\"“”]{0,80}?)\b(?:said|says|stated|added|told|noted|explained|"
    r"wrote|remarked|asked|continued|insisted|warned)\b(?P<post>[^.,;:!?\"“”]{0,80})"
)
SPEAKER_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i"})
SPEAKER_BEFORE = re.compile(
    r"(?P<who>(?:[A-Z][\w.’'-]*\s?){1,4}|he|she|they)\s+"
    r"(?:said|says|stated|added|told \w+|wrote)\s*[:,]?\s*$"
)


def _speaker(sentence: str, start: int, end: int) -> str | None:
    after = SPEAKER_AFTER.match(sentence[end:])
    if after:
        pre = after.group("pre").strip()
        return _name_in(pre) if pre else _name_in(after.group("post"))
    before = SPEAKER_BEFORE.search(sentence[:start])
    if before:
        return before.group("who").strip()
    return None


def _name_in(words: str) -> str | None:
    """The person in "RTWU general secretary Marta Ilic": the last run of capitalised
    words that are no titles; else a pronoun ("he")."""
    if " of " in words:
        # "Sheriff Brent Maddox of Halvard County": the person, not where they serve.
        person = _name_in(words.split(" of ", 1)[0])
        if person and person.lower() not in SPEAKER_PRONOUNS:
            return person
    runs: list[list[str]] = [[]]
    described = False  # the last run qualifies a common noun: "the Fremantle nurse"
    for word in words.split():
        bare = word.strip("’'")
        lower = bare.lower()
        if bare[:1].isupper() and lower not in TITLES and lower not in NOT_NAMES:
            runs[-1].append(bare)
            described = False
        else:
            if runs[-1]:
                described = lower.isalpha() and lower not in STOPWORDS and lower not in TITLES
                runs.append([])
    named = [run for run in runs if run]
    if named:
        return None if described else " ".join(named[-1][:4])
    pronoun = words.split()[:1]
    return pronoun[0] if pronoun and pronoun[0].lower() in SPEAKER_PRONOUNS else None


def _attribution(tokens: Sequence[Tok]) -> tuple[list[str], set[int]]:
    """Who the sentence credits ("according to CNN", "analysts said").

    The tokens of "according to …" are returned too: they say where a claim comes from,
    not what it states, so they are left out of its terms, and so are the tokens of a
    source that trails the statement ("…, the Wildfire Service said."). A speaker named
    as subject ("Putin said …") stays in: who said it is part of what is compared.
    """
    sources: list[str] = []
    used: set[int] = set()
    n = len(tokens)
    for i, token in enumerate(tokens):
        if token.lower == "according" and i + 1 < n and tokens[i + 1].lower == "to":
            j = i + 2
            while j < n and tokens[j].text not in {",", ".", ";"} and j < i + 10:
                j += 1
            span = tokens[i + 2 : j]
            if span:
                sources.append(join(span))
                used.update(t.start for t in tokens[i:j])
        elif token.lower in ATTRIBUTION_VERBS:
            j = i
            while (
                j > 0
                and i - j < 6
                and (
                    (tokens[j - 1].is_capitalised and tokens[j - 1].is_word)
                    or tokens[j - 1].lower in ATTRIBUTION_NOUNS | PRONOUNS
                )
            ):
                j -= 1
            if j < i:
                sources.append(join(tokens[j:i]))
                if _trails(tokens, j, i):
                    # "…, the Provincial Wildfire Service said (in a statement).": credited,
                    # not stated.
                    used.update(t.start for t in tokens[j:])
                # "police said", "officials added": a generic source is no content.
                used.update(t.start for t in tokens[j:i] if t.lower in ATTRIBUTION_NOUNS)
            elif apposed := _apposed_speaker(tokens, i - 1):
                # "Dana Whitcombe, the incident commander, said …": the person before the
                # description.
                sources.append(apposed)
            elif (
                i + 1 < n and tokens[i + 1].is_capitalised and tokens[i - 1].text in {",", "”", '"'}
            ):
                # "…,” said RTWU general secretary Marta Ilic.": the person, past titles.
                k = i + 1
                while k < n and tokens[k].is_word and k < i + 9:
                    k += 1
                sources.append(_name_in(join(tokens[i + 1 : k])) or tokens[i + 1].text)
                if tokens[i - 1].text == ",":
                    # "…, said Capt. Rommel Dacanay, commander of the coast guard station.":
                    # who said it and what they are trail the statement, they are not it.
                    end = k
                    if end < n and tokens[end].text == ",":
                        end += 1
                        while end < n and tokens[end].text not in {",", ".", ";"} and end < k + 12:
                            end += 1
                    described = tokens[k:end]
                    if (end >= n or tokens[end].text in {".", "!", "?"}) and not any(
                        t.lower in RELATIVE_PRONOUNS for t in described
                    ):
                        used.update(t.start for t in tokens[i:end])
            if token.lower == "told":
                # "Analysts told Radio Free Asia that …": the outlet told is the channel.
                first = i + 2 if i + 1 < n and tokens[i + 1].lower == "the" else i + 1
                k = first
                while k < n and k < first + 4 and tokens[k].is_capitalised and tokens[k].is_word:
                    k += 1
                addressee = tokens[first:k]
                if addressee and k < n and tokens[k].lower == "that" and _is_outlet(addressee):
                    sources.append(join(addressee))
                    used.update(t.start for t in addressee)
    return sources, used


APPOSITION_OPENERS = frozenset("the a an its his her their".split())


def _apposed_speaker(tokens: Sequence[Tok], comma: int) -> str | None:
    """The name before a description between commas that ends at `comma`, if any:
    "Dana Whitcombe, the incident commander," gives "Dana Whitcombe"."""
    if comma < 3 or tokens[comma].text != ",":
        return None
    opening = next(
        (k for k in range(comma - 1, max(comma - 10, 0), -1) if tokens[k].text == ","), None
    )
    if opening is None or opening < 1:
        return None
    first = tokens[opening + 1].lower
    if first not in APPOSITION_OPENERS and first not in TITLES:
        return None
    start = opening
    while start > 0 and opening - start < 4 and tokens[start - 1].is_capitalised:
        start -= 1
    run = tokens[start:opening]
    if not run or not all(t.is_word for t in run):
        return None
    return _name_in(join(run))


def _trails(tokens: Sequence[Tok], j: int, i: int) -> bool:
    """Whether the source `tokens[j:i]` and its verb `tokens[i]` trail a statement: after
    a comma (and "the"), with at most a few words after the verb ("in a statement")."""
    if j > 0 and tokens[j - 1].lower == "the":
        j -= 1
    if j == 0 or tokens[j - 1].text != ",":
        return False
    after = [t.lower for t in tokens[i + 1 :] if t.is_word]
    # "…, the mayor told reporters outside the fire hall", "… told a news conference on
    # Monday": whom the source told, then where or when.
    audience = next((k + 1 for k, word in enumerate(after[:4]) if word in AUDIENCES), 0)
    if audience and not CLAUSE_WORDS & set(after):
        rest = after[audience:]
        return not rest or rest[0] in SETTING_PREPOSITIONS or len(rest) <= TRAILING_WORDS
    return len(after) <= TRAILING_WORDS


def _is_outlet(name: Sequence[Tok]) -> bool:
    """Whether a name reads as a news outlet: "CNN", "Radio Free Asia", "The Herald"."""
    if len(name) == 1 and name[0].text.isupper() and len(name[0].text) > 1:
        return True
    return any(token.lower in MEDIA_WORDS for token in name)


def _scope(tokens: Sequence[Tok], norms: Sequence[str], start: int) -> list[str]:
    """The content words a hedge governs: up to HEDGE_SCOPE, not past a comma."""
    scope: list[str] = []
    for token, norm in zip(tokens[start:], norms[start:], strict=True):
        if token.text in {",", ";", ":", "—", "–", "(", "."} or len(scope) == HEDGE_SCOPE:
            break
        if norm:
            scope.append(norm)
    return scope


@functools.cache
def _hedge_phrases() -> dict[str, list[tuple[str, ...]]]:
    """Hedge phrases by their first word, longest first."""
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for phrase in sorted((tuple(h.split()) for h in HEDGES), key=len, reverse=True):
        by_first.setdefault(phrase[0], []).append(phrase)
    return by_first


HEDGE_AUXILIARIES = frozenset({"be", "been", "have", "having"})


def _hedges(tokens: Sequence[Tok], norms: Sequence[str]) -> list[dict[str, Any]]:
    """Hedge cues with the verb they hedge and its scope (the next content words)."""
    hedges = []
    lowers = [t.lower for t in tokens]
    i = 0
    phrases = _hedge_phrases()
    while i < len(tokens):
        for phrase in phrases.get(lowers[i], ()):
            if tuple(lowers[i : i + len(phrase)]) != phrase:
                continue
            if phrase == ("may",) and tokens[i].text != "may":
                continue
            after = tokens[i + len(phrase)] if i + len(phrase) < len(tokens) else None
            if " ".join(phrase) in BARE_HEDGES and not (
                after
                and after.is_word
                and after.text.islower()
                and after.lower not in STOPWORDS
                and not after.lower.endswith("ing")
            ):
                continue
            first = (
                i - 1
                if i > 0 and lowers[i - 1] in {"was", "were", "is", "are", "be", "been", "am"}
                else i
            )
            end = i + len(phrase)
            verb = ""
            # "believed to have been swept off": the hedged verb past its auxiliaries.
            auxiliaries = 0
            while (
                end + auxiliaries < len(tokens) - 1
                and auxiliaries < 2
                and lowers[end + auxiliaries] in HEDGE_AUXILIARIES
            ):
                auxiliaries += 1
            at = end + auxiliaries
            if at < len(tokens) and tokens[at].is_word and lowers[at] not in STOPWORDS:
                verb = normalise_word(lowers[at])
                end = at + 1
            hedges.append(
                {
                    "cue": " ".join(phrase),
                    "text": join(tokens[first:end]),
                    "verb": verb,
                    "scope": _scope(tokens, norms, end),
                }
            )
            i = end - 1
            break
        i += 1
    return hedges


def _negations(tokens: Sequence[Tok], norms: Sequence[str]) -> list[dict[str, Any]]:
    negations = []
    for i, token in enumerate(tokens):
        lower = token.lower
        dismissing = (
            lower in DISMISSING_VERBS and i + 1 < len(tokens) and tokens[i + 1].lower in CLAIM_NOUNS
        )
        if lower in NEGATIONS or lower in NEGATING_VERBS or dismissing:
            if lower == "not" and i + 1 < len(tokens) and tokens[i + 1].lower == "only":
                continue  # "not only … but also" asserts both
            if lower == "no" and i + 1 < len(tokens) and tokens[i + 1].text == ".":
                continue
            target = ""
            end = i + 1
            # What a verb denies is said after the names in its clause: "denied that the
            # Kotli Sharif embankment had failed" denies of the embankment.
            named = lower in NEGATING_VERBS or dismissing
            first = i + 2 if dismissing else i + 1  # past "claims"
            for j in range(first, min(i + (8 if named else 5), len(tokens))):
                if norms[j] and not (named and tokens[j].is_capitalised):
                    target, end = norms[j], j + 1
                    break
            negations.append(
                {
                    "cue": lower,
                    "text": join(tokens[i:end]),
                    "target": target,
                }
            )
    return negations


def polar_key(word: str) -> str:
    """How a word is matched against the antonym lexicon: irregular forms exactly."""
    if word in EXACT_ANTONYM_FORMS:
        return word
    stemmed = stem(word)
    return "" if stemmed in EXACT_ANTONYM_FORMS else stemmed  # "roses" is no "rose"


@functools.cache
def antonym_pairs() -> tuple[tuple[str, str], ...]:
    """The antonym lexicon with both sides in the form `polar_key` gives tokens."""
    return tuple(sorted({(polar_key(a), polar_key(b)) for a, b in _ANTONYMS}))


@functools.cache
def _polar_stems() -> frozenset[str]:
    return frozenset(s for pair in antonym_pairs() for s in pair)


def _polar(tokens: Sequence[Tok]) -> list[list[str]]:
    polar_stems = _polar_stems()
    found = []
    for token in tokens:
        if token.is_word:
            key = polar_key(token.lower)
            if key and key in polar_stems:
                found.append([key, token.text])
    return found
