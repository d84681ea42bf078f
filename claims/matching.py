"""Cross-article claim linking within one story: which claims state the same thing.

`find_links(new, existing)` links the claims in `new` against `existing` and against
each other; claims of the same article are never linked. `find_links(all_claims, [])`
relinks a whole story. The output is sorted and depends only on the input (not its
order), so relinking is deterministic.

How it works:

1. Every claim becomes a bag of terms: the normalised content words extraction gave it
   (stems through synonym sets and country adjectives: "Sino-Russian" reads "china
   russia"), name terms (``@putin``, ``@moscow`` for "the Kremlin"), pairs of neighbouring
   content words ("joint statement"), and resolved dates. Terms are weighted by their
   inverse document frequency within the story, so what every article repeats ("Putin",
   "visit") counts little and what two sentences alone share counts much.
2. Candidates come from an inverted index over the rarer terms: a new claim is scored
   only against claims sharing one with it, so linking an article costs time linear in
   the size of its story, never all pairs of all claims.
3. A pair's score in [0, 1] blends the IDF-weighted cosine of the two bags (80%) with
   rapidfuzz's token-set ratio of their normalised words (20%), which gives credit to
   spelling variants that stems do not join; pairs with almost no weighted overlap
   (`MIN_COSINE`) are not helped by spelling alone. When both claims have a sentence
   embedding (`claims.semantics`), what they mean is `MEANING_WEIGHT` of the score: the
   likeness of their embeddings above `MEANING_BASE` (any two claims of one story are
   that alike), which catches paraphrases that share few words ("was forced to return" /
   "made an emergency landing"); and two claims whose embeddings are less alike than
   `MEANING_FLOOR` are never the same claim, whatever words they share.
4. A pair is the same claim (``agree`` or ``diverge``) when its score reaches
   `SAME_CLAIM`; or reaches `SAME_CLAIM_BEST` and one claim is the other's clear best
   match in that article; or reaches `SAME_CLAIM_MUTUAL` and each is the other's clear
   best match (an outlet tells a fact once, so its best match is its likeliest
   restatement). A best match is clear when it beats the runner-up in its article by
   `MARGIN`: a claim that matches several claims of an article about equally shares
   their topic, not a fact with one of them; unless the best match shares
   `RICH_EVIDENCE` specifics with it (an outlet that tells a count twice leaves no clear
   best). Each other's clear best match scoring only `RELATED` is the same claim too when
   it shares `MUTUAL_EVIDENCE` specifics (few words in common, but the nine, the 31 and
   the escape). Two claims counting the same thing ("41 cases" / "52 cases") that are each
   other's likeliest among the claims of their articles that count it are the same claim
   at any score when they share `COUNT_EVIDENCE` specifics besides the count (a count that
   keeps changing is told in long sentences of the story's common words).
   The pair must also share `MIN_EVIDENCE` specifics: content words, numbers,
   dates, and names of entities that are not common in the story (all of them counting
   once). One shared word is a shared topic, and the story's main actors are in most of
   its claims: the same people doing different things, even on the same day, are
   ``related``; but a pair worded as alike as `SAME_CLAIM_STRONG` needs only one ("Mayor
   Ortiz won on Sunday" / "Mayor Ortiz triumphed on Sunday"). Last, per pair of articles
   each claim is the same claim as at most one claim of the other (best score first),
   unless it packs two facts the other states in two claims that share different
   specifics with it (`SECOND_FACT_EVIDENCE` new ones, never the first pair's names or
   dates); the pairs that lose out, and any other pair scoring `RELATED` or more where
   one claim is the other's best match in its article, are ``related`` (so each claim
   has at most a couple of related links per other article). Two claims quoting the same
   sentence (`MIN_QUOTE_WORDS` or more) that score `RELATED` are the same claim, whoever
   each outlet says spoke it.
5. Same-claim pairs are compared detail by detail; any conflict makes them ``diverge``,
   with typed differences: numbers by value with unit conversion (a round figure blurred
   by "about" to half its last digit, a bound such as "at least 14" a figure of its own,
   a value "up from" history), dates and times after resolution (and time zones, and a
   time on the wrong side of "shortly after 10 a.m."), names in the same place of
   otherwise aligned wording, one surname with two given names, two named venues ("at the
   Grain Exchange" / "at the Maritime Museum"), negation and antonyms, hedging.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from claims.extraction import SPEAKER_PRONOUNS, antonym_pairs, normalise_word
from claims.lexicon import TIMES_OF_DAY, TITLES
from claims.numbers import same_currency, same_quantity, same_value
from claims.semantics import as_array
from claims.temporal import date_conflicts, time_conflicts
from claims.terms import (
    TITLE_NORMS,
    claim_terms,
    concept_words,
    entity_aliases,
    name_terms,
    quantity_kind,
)

# Scores: see step 4 above. Chosen on general grounds (a same-claim pair shares most of its
# weighted content) and checked on the development set, not fitted to its sentences.
SAME_CLAIM = 0.4
SAME_CLAIM_BEST = 0.22
# A pair scoring this much needs one shared specific, not `MIN_EVIDENCE`.
SAME_CLAIM_STRONG = 0.5
SAME_CLAIM_MUTUAL = 0.2
RELATED = 0.15
# Below SAME_CLAIM a best match must beat the runner-up in its article by this much.
MARGIN = 0.05
# Distinct specifics a same-claim pair must share (see `_evidence`).
MIN_EVIDENCE = 2
# A best match that is not clearly ahead of the runner-up is the same claim when it
# shares this many, and scores `SAME_CLAIM_MUTUAL`.
RICH_EVIDENCE = 4
# Each other's clear best match is the same claim at a `RELATED` score when it shares this many.
MUTUAL_EVIDENCE = 3
# Two claims counting the same thing, each the other's likeliest among its article's claims
# that count it, are the same claim when they share this many specifics besides the count.
COUNT_EVIDENCE = 2
# A claim already the same claim as one of an article's claims is also the same claim as
# a second one there when the second pair shares this many specifics the first did not.
SECOND_FACT_EVIDENCE = 3
# Blend of the two similarity measures of words.
COSINE_WEIGHT = 0.8
FUZZ_WEIGHT = 0.2
# Share of the score that comes from what the two claims mean (their sentence embeddings,
# `claims.semantics`), when both have one; the rest comes from their words. Two claims'
# embeddings are alike up to about MEANING_BASE merely for being news of one story, so
# only likeness above it counts, rescaled to [0, 1].
MEANING_WEIGHT = 0.2
MEANING_BASE = 0.3
# Claims whose embeddings are less alike than this say different things, whatever words
# they share: they are related at most.
MEANING_FLOOR = 0.2
# Below this weighted overlap a pair is unrelated, however alike its spelling.
MIN_COSINE = 0.08
# Candidates: each claim is indexed by its INDEX_TERMS rarest shared terms, leaving out
# terms in more than INDEX_MAX_SHARE of the story's claims (but at least INDEX_MIN_CLAIMS).
INDEX_MAX_SHARE = 0.1
INDEX_MIN_CLAIMS = 8
INDEX_TERMS = 8
# Two amounts of one currency that do not name what they count are one amount only when
# the larger is less than this many times the smaller; two counts of one thing this far
# apart are no evidence of one claim ("350 firefighters" / "three firefighters").
MAX_AMOUNT_RATIO = 10
# A name substitution spans at most this many content words on either side.
MAX_DIFF_SPAN = 5
# Names are compared place by place only in claims worded this much alike (normalised
# Levenshtein similarity of their content words); paraphrases align by accident.
ALIGNED_SIMILARITY = 0.5
# When in a day or week something happened: resolved dates and times are the specifics;
# "this afternoon" alone is shared by whatever else happened then.
TIME_OF_DAY = frozenset(normalise_word(word) for word in TIMES_OF_DAY) - {""}
# Who in general: "people" or "residents" are in every other claim of a disaster story,
# so sharing them is no specific, unless they are counted ("7 people").
GENERIC_PEOPLE = frozenset(normalise_word(word) for word in "people residents".split())
# Two quotes are one when rapidfuzz's token-set ratio of their words reaches this; a
# quote this long or longer is a statement, and two claims quoting it are one claim.
SAME_QUOTE = 80
MIN_QUOTE_WORDS = 6
# Hedges that say the thing did not (yet) happen or is only reported.
STRONG_HEDGES = frozenset(
    "supposed to|expected to|scheduled to|set to|planned to|plans to|plan to|intended to|"
    "intends to|was to|is to|are to|reportedly|allegedly|supposedly|purportedly|"
    "reported to|said to|unconfirmed|rumoured|rumored|was anticipated|it was anticipated|"
    "is anticipated".split("|")
)


@dataclass(frozen=True)
class ClaimRef:
    key: int
    article: int
    sentence: int
    text: str
    features: dict[str, Any]
    published: date | None = None
    # What the claim means, from `claims.semantics.encode` (None: score its words alone).
    vector: bytes | None = None


@dataclass(frozen=True)
class LinkData:
    a: int
    b: int
    score: float
    relation: str
    differences: list[dict[str, str]] = field(default_factory=list)


def find_links(new: Sequence[ClaimRef], existing: Sequence[ClaimRef]) -> list[LinkData]:
    """Links between claims of different articles, each involving at least one `new` claim."""
    claims = {c.key: c for c in existing}
    claims.update({c.key: c for c in new})
    new_keys = sorted({c.key for c in new})
    if not new_keys:
        return []
    bags = {key: claim_terms(claim.features) for key, claim in claims.items()}
    df = _document_frequency(bags)
    meanings = _meanings(claims)
    scores = _scores(new_keys, claims, bags, df, meanings)
    best, runner_up = _best_per_article(scores, claims)
    common = _common_limit(len(claims))
    evidence_of: dict[int, set[str]] = {}

    def evidence(key: int) -> set[str]:
        if key not in evidence_of:
            evidence_of[key] = _evidence(claims[key].features, bags[key], df, common)
        return evidence_of[key]

    credited_of: dict[int, set[str]] = {}

    def credited(key: int) -> set[str]:
        if key not in credited_of:
            credited_of[key] = _credited(claims[key].features)
        return credited_of[key]

    same_pairs: list[tuple[float, int, int]] = []
    related_pairs: list[tuple[int, int]] = []
    counts = _count_restatements(scores, claims, bags, evidence)
    for (a, b), score in sorted(scores.items()):
        # A claim's best match in another article is its likeliest restatement there.
        slot_a, slot_b = (a, claims[b].article), (b, claims[a].article)
        best_of_a, best_of_b = best.get(slot_a) == b, best.get(slot_b) == a
        # A best match that hardly beats the runner-up in its article stands out from a
        # topic, not as the restatement: it takes the plain threshold to be the same claim.
        clear_a = best_of_a and score - runner_up.get(slot_a, 0.0) >= MARGIN
        clear_b = best_of_b and score - runner_up.get(slot_b, 0.0) >= MARGIN
        same = (
            score >= SAME_CLAIM
            or ((clear_a or clear_b) and score >= SAME_CLAIM_BEST)
            or (clear_a and clear_b and score >= SAME_CLAIM_MUTUAL)
        )
        # A best match that shares many specifics is the restatement even when another
        # claim of its article comes close (an outlet telling a count twice).
        rich = not same and (best_of_a or best_of_b) and score >= SAME_CLAIM_MUTUAL
        # Each other's clear best match is the restatement at a related score too when
        # it shares many specifics ("ordered it to change its algorithm within 90 days" /
        # "must overhaul its ranking system within three months").
        faint = not same and not rich and clear_a and clear_b and score >= RELATED
        meaning = float(meanings[a] @ meanings[b]) if a in meanings and b in meanings else None
        if meaning is not None and meaning < MEANING_FLOOR:
            # Sentences the model reads as saying unrelated things share words, not a claim.
            if score >= RELATED and (best_of_a or best_of_b):
                related_pairs.append((a, b))
            continue
        if score >= RELATED and _same_quote(claims[a].features, claims[b].features):
            # Quoted words are verbatim: two outlets quoting the same sentence report
            # the same statement, whoever they put it to and whatever else they add.
            same_pairs.append((score, a, b))
            continue
        if same or rich or faint:
            # One shared word is a shared topic; the same claim shares its event and at
            # least one of its specifics (or two specifics): the same people doing
            # different things, or on the same day, are related, not the same claim.
            # Opposite words ("open" / "closed") are the same thing said two ways.
            shared = _shared_evidence(
                evidence(a)
                - _far_quantities(claims[a].features, claims[b].features)
                - (credited(a) & credited(b)),
                evidence(b),
            )
            needed = MIN_EVIDENCE - 1 if score >= SAME_CLAIM_STRONG else MIN_EVIDENCE
            if rich:
                needed = RICH_EVIDENCE
            if faint:
                needed = MUTUAL_EVIDENCE
            same = shared + _opposed(claims[a].features, claims[b].features) >= needed
        if same or (a, b) in counts:
            same_pairs.append((score, a, b))
        elif score >= RELATED and (best_of_a or best_of_b):
            # Only a claim's closest match per article is worth showing as related.
            related_pairs.append((a, b))
    # An outlet states a fact once: per pair of articles, each claim is the same claim as
    # at most one claim of the other, the best-scoring first; the others are related.
    # (claim, other article) -> the specifics its same-claim link there shares.
    taken: dict[tuple[int, int], set[str]] = {}
    links = [LinkData(a, b, round(scores[a, b], 4), "related") for a, b in related_pairs]
    for score, a, b in sorted(same_pairs, key=lambda item: (-item[0], item[1], item[2])):
        slot_a, slot_b = (a, claims[b].article), (b, claims[a].article)
        specifics = evidence(a) & evidence(b)
        if slot_a in taken or slot_b in taken:
            # Unless a claim packs two facts the other outlet states apart ("limit charging
            # to 80% and park outside" / "cap charging at 80%", "park outdoors"): it is
            # the same claim as both when the second pair shares `SECOND_FACT_EVIDENCE`
            # specifics the first did not, besides names and dates; or shares none of
            # the first's and is as alike as a plain same-claim pair. The second may
            # repeat the first's words (the topic of both facts), never its names or
            # dates: the same setting again is one fact, and a second event there.
            used = taken.get(slot_a, set()) | taken.get(slot_b, set())
            repeated = specifics & used
            own = {unit for unit in specifics if not unit.startswith(("@", "date:"))}
            second_fact = not any(unit.startswith(("@", "date:")) for unit in repeated) and (
                _shared_evidence(own - used, own - used) >= SECOND_FACT_EVIDENCE
                or (
                    not repeated
                    and _shared_evidence(own, own) >= MIN_EVIDENCE
                    and score >= SAME_CLAIM
                )
            )
            if (slot_a in taken and slot_b in taken) or not second_fact:
                if best.get(slot_a) == b or best.get(slot_b) == a:
                    links.append(LinkData(a, b, round(score, 4), "related"))
                continue
        taken[slot_a] = taken.get(slot_a, set()) | specifics
        taken[slot_b] = taken.get(slot_b, set()) | specifics
        differences = compare_details(claims[a], claims[b])
        relation = "diverge" if differences else "agree"
        links.append(LinkData(a, b, round(score, 4), relation, differences))
    return sorted(links, key=lambda link: (link.a, link.b))


def pair_scores(claims: Sequence[ClaimRef]) -> dict[tuple[int, int], float]:
    """Scores of every candidate pair of a story (for evaluation and tuning)."""
    by_key = {c.key: c for c in claims}
    bags = {key: claim_terms(claim.features) for key, claim in by_key.items()}
    return _scores(sorted(by_key), by_key, bags, _document_frequency(bags), _meanings(by_key))


def _meanings(claims: dict[int, ClaimRef]) -> dict[int, np.ndarray]:
    """Claim -> its sentence embedding as an array, for the claims that have one."""
    return {key: as_array(c.vector) for key, c in claims.items() if c.vector is not None}


def _document_frequency(bags: dict[int, dict[str, float]]) -> dict[str, int]:
    """Term -> the number of the story's claims that have it."""
    df: dict[str, int] = defaultdict(int)
    for bag in bags.values():
        for term in bag:
            df[term] += 1
    return df


def _common_limit(count: int) -> int:
    """Terms in more claims than this are common in the story (its topic and actors)."""
    return max(INDEX_MIN_CLAIMS, int(count * INDEX_MAX_SHARE))


def _scores(
    new_keys: Sequence[int],
    claims: dict[int, ClaimRef],
    bags: dict[int, dict[str, float]],
    df: dict[str, int],
    meanings: dict[int, np.ndarray],
) -> dict[tuple[int, int], float]:
    """Scores of the candidate pairs: claims of different articles sharing an indexed term.

    One pass over the story counts each term's claims (for IDF). Each claim's
    `INDEX_TERMS` rarest terms that are shared but in at most `INDEX_MAX_SHARE` of the
    story's claims index it, so a new claim meets only the claims it shares something
    specific with, a bounded number of them, and linking stays linear in the story.
    """
    limit = _common_limit(len(claims))

    def top_terms(key: int) -> list[str]:
        # A claim's rarest shared terms find its restatements; common ones add only noise.
        indexed = sorted((df[term], term) for term in bags[key] if 1 < df[term] <= limit)
        return [term for _, term in indexed[:INDEX_TERMS]]

    # A pair is a candidate when a top term of either claim is in the other's bag; the
    # same rule for new-against-existing as for a whole story keeps relinking identical.
    new_set = set(new_keys)
    new_postings: dict[str, list[int]] = defaultdict(list)
    for key in new_keys:
        for term in bags[key]:
            new_postings[term].append(key)
    wanted = {term for key in new_keys for term in top_terms(key)}
    postings: dict[str, list[int]] = defaultdict(list)
    for key in sorted(claims):
        for term in bags[key]:
            if term in wanted:
                postings[term].append(key)
    pairs: set[tuple[int, int]] = set()
    for key in sorted(claims):
        article = claims[key].article
        if key in new_set:
            others = (other for term in top_terms(key) for other in postings[term])
        else:
            others = (other for term in top_terms(key) for other in new_postings.get(term, ()))
        for other in others:
            if claims[other].article != article:
                pairs.add((key, other) if key < other else (other, key))
    count = len(claims)
    profiles = {}
    for key in {key for pair in pairs for key in pair}:
        weights = {
            term: math.log(1 + count / df[term]) ** 2 * multiplier
            for term, multiplier in bags[key].items()
        }
        words = " ".join(sorted(t for t in bags[key] if "~" not in t))
        profiles[key] = _Profile(
            weights, math.sqrt(sum(weights.values())), words, meanings.get(key)
        )
    return {(a, b): _score(profiles[a], profiles[b]) for a, b in sorted(pairs)}


@dataclass(frozen=True)
class _Profile:
    """What scoring needs of one claim, computed once per linking run."""

    weights: dict[str, float]  # term -> squared IDF times the term's multiplier
    norm: float
    words: str  # sorted distinct single-word terms, for rapidfuzz
    meaning: np.ndarray | None = None  # the unit sentence embedding, when there is one


def _evidence(
    features: dict[str, Any], bag: dict[str, float], df: dict[str, int], common: int
) -> set[str]:
    """What a claim can share with a restatement beyond its topic: its specifics.

    Specifics are its content words, numbers and dates, and the names (marked "@") of
    entities that are not common in the story (an entity counts as often as it is named
    in any form); titles, the story's common actors, what the claim only supposes
    ("if …"), the time of day ("this afternoon") and people in general ("residents",
    unless counted: "7 people") are no evidence.
    """
    names = name_terms(features)
    aliases = entity_aliases(features)
    conditional = set(features.get("conditional", ()))
    counted = {number["counts"] for number in features.get("numbers", []) if number["counts"]}
    units: set[str] = set()
    for term in bag:
        if (
            "~" in term
            or term.removeprefix("@") in conditional
            or term in TIME_OF_DAY
            or (term in GENERIC_PEOPLE and term not in counted)
        ):
            continue
        group = aliases.get(term)
        if term.startswith("@"):
            if " " in term or term[1:] in concept_words():
                continue  # the full name: its parts stand for it; "Expo": its word does
            frequency = max((df.get(part, 0) for part in group), default=0) if group else 0
            if max(df.get(term, 0), frequency) <= common:
                units.add(term)
        elif group or term in TITLE_NORMS:
            continue  # the word form of a name: its "@" term stands for it
        elif term in names:
            if df.get(term, 0) <= common:
                units.add("@" + term)
        else:
            units.add(term)
    return units


def _count_restatements(
    scores: dict[tuple[int, int], float],
    claims: dict[int, ClaimRef],
    bags: dict[int, dict[str, float]],
    evidence: Callable[[int], set[str]],
) -> set[tuple[int, int]]:
    """Candidate pairs that state one count at different times or by different sources.

    A count that keeps changing ("41 cases" in the morning, "52 cases" at night) is told
    in long sentences full of the story's common words, so the pair scores low although
    it is the same claim. Two claims that count the same thing ("qty:#case") are its
    restatement when each is the other's likeliest among the claims of its article that
    count it (most specifics shared besides numbers, then score) and they share
    `COUNT_EVIDENCE` specifics besides the count: "confirmed" and "cases" both times.
    """
    kinds = {key: {t for t in bag if t.startswith("qty:#")} for key, bag in bags.items()}
    shared: dict[tuple[int, int], int] = {}
    best: dict[tuple[int, int], tuple[tuple[int, float, int], int]] = {}
    for (a, b), score in scores.items():
        if not kinds[a] & kinds[b]:
            continue
        plain = {unit for unit in evidence(a) & evidence(b) if not unit.startswith(("#", "qty:"))}
        shared[a, b] = _shared_evidence(plain, plain)
        for this, other in ((a, b), (b, a)):
            slot = (this, claims[other].article)
            rank = (shared[a, b], score, -other)
            if slot not in best or rank > best[slot][0]:
                best[slot] = (rank, other)
    return {
        (a, b)
        for (a, b), count in shared.items()
        if count >= COUNT_EVIDENCE
        and best[a, claims[b].article][1] == b
        and best[b, claims[a].article][1] == a
    }


def _credited(features: dict[str, Any]) -> set[str]:
    """The name terms of whom the claim credits with it ("Okafor said …", "according to
    CNN", a quote's speaker): an official who speaks in both claims is no evidence that
    they state the same thing, as one spokesperson says many things."""
    sources = [
        *features.get("attribution", ()),
        *(q["speaker"] or "" for q in features.get("quotes", ())),
    ]
    return {"@" + word.lower().strip("’'") for source in sources for word in source.split()}


def _shared_evidence(a: set[str], b: set[str]) -> int:
    """How many distinct specifics two claims share (see `_evidence`).

    Their shared names count once: who the claim is about is one specific, and the
    same people doing different things are not the same claim. So do their shared dates
    ("June 2021" shares its day, month and year terms with a restatement).
    """
    shared = a & b
    names = sum(1 for unit in shared if unit.startswith("@"))
    dates = sum(1 for unit in shared if unit.startswith("date:"))
    return len(shared) - names - dates + min(names, 1) + min(dates, 1)


def _far_quantities(fa: dict[str, Any], fb: dict[str, Any]) -> set[str]:
    """The kinds of quantity both claims give only with values far apart ("350
    firefighters were battling the blaze" / "three firefighters were hurt", "shares fell
    4%" / "shares had fallen 40% in two years"): no evidence of one claim."""
    values: dict[str, list[list[float]]] = {}
    for side, features in enumerate((fa, fb)):
        for number in features.get("numbers", []):
            kind = quantity_kind(number)
            if kind:
                values.setdefault(kind, [[], []])[side].append(abs(float(number["base"])))
    far = set()
    for kind, (left, right) in values.items():
        if (
            left
            and right
            and all(
                min(x, y) <= 0 or max(x, y) / min(x, y) >= MAX_AMOUNT_RATIO
                for x in left
                for y in right
            )
        ):
            far.add(kind)
    return far


def _opposed(fa: dict[str, Any], fb: dict[str, Any]) -> int:
    """1 when one claim has a word whose antonym the other has ("rose" / "fell"), else 0:
    the antonym differences `compare_details` reports."""
    polar_a = {key for key, _ in fa.get("polar", [])}
    polar_b = {key for key, _ in fb.get("polar", [])}
    return 1 if _antonyms_between(polar_a, polar_b) else 0


def _score(a: _Profile, b: _Profile) -> float:
    wa, wb = a.weights, b.weights
    dot = sum(min(wa[t], wb[t]) for t in wa.keys() & wb.keys())
    denominator = a.norm * b.norm
    cosine = dot / denominator if denominator else 0.0
    if cosine < MIN_COSINE:
        return COSINE_WEIGHT * cosine  # fuzzy likeness alone never makes a link
    ratio = fuzz.token_set_ratio(a.words, b.words) / 100
    score = min(1.0, COSINE_WEIGHT * cosine + FUZZ_WEIGHT * ratio)
    if a.meaning is None or b.meaning is None:
        return score
    likeness = max(0.0, (float(np.dot(a.meaning, b.meaning)) - MEANING_BASE) / (1 - MEANING_BASE))
    return min(1.0, (1 - MEANING_WEIGHT) * score + MEANING_WEIGHT * likeness)


def _best_per_article(
    scores: dict[tuple[int, int], float], claims: dict[int, ClaimRef]
) -> tuple[dict[tuple[int, int], int], dict[tuple[int, int], float]]:
    """(claim, other article) -> that article's best-scoring claim for it (ties: lower key),
    and -> the score of the runner-up there (absent when the best is the only candidate)."""
    best: dict[tuple[int, int], tuple[float, int]] = {}
    runner_up: dict[tuple[int, int], float] = {}
    for (a, b), score in scores.items():
        for this, other in ((a, b), (b, a)):
            slot = (this, claims[other].article)
            current = best.get(slot)
            if current is None or (score, -other) > (current[0], -current[1]):
                if current is not None:
                    runner_up[slot] = current[0]
                best[slot] = (score, other)
            elif score > runner_up.get(slot, -1.0):
                runner_up[slot] = score
    return {slot: other for slot, (_, other) in best.items()}, runner_up


# -- differences -------------------------------------------------------------------------------


def compare_details(a: ClaimRef, b: ClaimRef) -> list[dict[str, str]]:
    """Typed conflicts between two statements of the same claim, "a" and "b" values each."""
    fa, fb = a.features, b.features
    differences: list[dict[str, str]] = []
    differences += _number_differences(fa.get("numbers", []), fb.get("numbers", []))
    for left, right in date_conflicts(fa.get("dates", []), fb.get("dates", [])):
        differences.append({"kind": "date", "a": left, "b": right})
    for left, right in time_conflicts(fa.get("times", []), fb.get("times", [])):
        differences.append({"kind": "date", "a": left, "b": right})
    # Who said a quote is compared below, as its speaker, not as a name in the wording.
    speakers_a, speakers_b = _speakers(fa), _speakers(fb)
    differences += [
        item
        for item in _entity_differences(fa, fb)
        if not any(_same_person(item["a"], who) for who in speakers_a)
        and not any(_same_person(item["b"], who) for who in speakers_b)
        # "Dr. Okafor" / "Miriam Okafor": a title for a given name changes nobody.
        and not _only_titles(item["a"])
        and not _only_titles(item["b"])
        # "Kestrel agreed to buy Pennant" / "Pennant agreed to be bought by Kestrel": both
        # claims name both, in another order.
        and not _swapped(item, fa, fb)
    ]
    differences += _speaker_differences(fa, fb)
    differences += _namesake_differences(fa, fb)
    differences += _role_differences(a.text, fa, b.text, fb)
    differences += [
        item
        for item in _venue_differences(fa, fb)
        if not any({item["a"], item["b"]} & {d["a"], d["b"]} for d in differences)
    ]
    differences += _negation_differences(fa, fb)
    differences += _hedge_differences(fa, fb)
    unique = []
    for item in differences:
        if item not in unique:
            unique.append(item)
    return unique


def _counts_match(x: dict[str, Any], y: dict[str, Any], single: bool) -> bool:
    """Whether two numbers of one kind measure the same thing, so their values compare."""
    if x["dim"] and x["dim"] == y["dim"]:
        return True
    if x["currency"] and y["currency"] and same_currency(x, y):
        # "€1.3bn fine" / "EUR 1.2 billion for abusing…": the word after an amount is
        # seldom what it counts. A share price and a fine are not one amount, though.
        low, high = sorted((abs(float(x["base"])), abs(float(y["base"]))))
        return bool(x["counts"] == y["counts"]) or (low > 0 and high / low < MAX_AMOUNT_RATIO)
    if x["counts"] and y["counts"]:
        # "12,000 members" / "9,500 staff": the one count each claim gives is its number.
        # "killed at least 14 people" counts the dead as "the death toll" does.
        counted_x, counted_y = x.get("befell") or x["counts"], y.get("befell") or y["counts"]
        if x["counts"] == y["counts"] or counted_x == counted_y:
            return True
        # "frozen for two more years" / "85,000 more people": a span of time is no count.
        return single and not {x["counts"], y["counts"]} & SPANS_OF_TIME
    # "12 people were killed" / "the toll rose to 15": one number each, one unnamed.
    return single


def _number_differences(
    numbers_a: Sequence[dict[str, Any]], numbers_b: Sequence[dict[str, Any]]
) -> list[dict[str, str]]:
    """Numbers of one quantity whose values differ ("12" / "15", "4.5%" / "3 per cent").

    Numbers with their equal on the other side are matched first, so a number one claim
    adds beside one both give ("a depth of 24 km" beside the same distance) contradicts
    nothing; each remaining number is paired with a comparable one not yet paired, except
    values before a change ("5.8% in October from 5.1%"), which are history, not a claim.
    """
    single = len(numbers_a) == 1 and len(numbers_b) == 1
    comparable = {
        i: [
            j
            for j, y in enumerate(numbers_b)
            if same_quantity(x, y) and _counts_match(x, y, single)
        ]
        for i, x in enumerate(numbers_a)
    }
    matched_b: set[int] = set()
    unmatched: list[int] = []
    for i, x in enumerate(numbers_a):
        equal = [j for j in comparable[i] if same_value(x, numbers_b[j])]
        if equal:
            matched_b.update(equal)
        elif comparable[i]:
            unmatched.append(i)
    differences = []
    # A value before a change ("up from 27") contradicts no value the other claim states.
    for i in (i for i in unmatched if not numbers_a[i].get("previous")):
        free = [j for j in comparable[i] if j not in matched_b and not numbers_b[j].get("previous")]
        if free:
            # The likeliest counterpart: what counts the same thing, then the nearest value
            # ("18 basis points" is the "22bp" of the 10-year bond, not the 2-year's "35bp").
            j = min(free, key=lambda j: _counterpart_rank(numbers_a[i], numbers_b[j]))
            matched_b.add(j)
            differences.append(
                {"kind": "number", "a": numbers_a[i]["text"], "b": numbers_b[j]["text"]}
            )
    return differences


def _counterpart_rank(x: dict[str, Any], y: dict[str, Any]) -> tuple[bool, float]:
    """Orders a number's comparable values on the other side, likeliest first."""
    low, high = sorted((abs(float(x["base"])), abs(float(y["base"]))))
    distance = math.log(high / low) if low > 0 else math.inf
    return (x["counts"] != y["counts"], distance)


def _aligned_rows(
    fa: dict[str, Any], fb: dict[str, Any]
) -> tuple[list[list[str]], list[list[str]], list[Any]]:
    rows_a = [row for row in fa.get("tokens", []) if row[1]]
    rows_b = [row for row in fb.get("tokens", []) if row[1]]
    opcodes = Levenshtein.opcodes([r[1] for r in rows_a], [r[1] for r in rows_b])
    return rows_a, rows_b, list(opcodes)


def _entity_differences(fa: dict[str, Any], fb: dict[str, Any]) -> list[dict[str, str]]:
    """Names that take each other's place in otherwise matching wording."""
    rows_a, rows_b, opcodes = _aligned_rows(fa, fb)
    similarity = Levenshtein.normalized_similarity([r[1] for r in rows_a], [r[1] for r in rows_b])
    if similarity < ALIGNED_SIMILARITY:
        return []
    names_a, names_b = _name_words(fa), _name_words(fb)
    differences = []
    index = 0
    while index < len(opcodes):
        if opcodes[index].tag == "equal":
            index += 1
            continue
        first = index
        while index < len(opcodes) and opcodes[index].tag != "equal":
            index += 1
        # Only a change flanked by agreeing words is a substitution, not a rewording.
        if first == 0 and index == len(opcodes):
            continue
        ops = opcodes[first:index]
        span_a = rows_a[ops[0].src_start : ops[-1].src_end]
        span_b = rows_b[ops[0].dest_start : ops[-1].dest_end]
        if not span_a or not span_b or max(len(span_a), len(span_b)) > MAX_DIFF_SPAN:
            continue
        value_a, value_b = _surface(span_a, names_a), _surface(span_b, names_b)
        keys_a = {norm for surface, norm in span_a if _is_name(surface, names_a)}
        keys_b = {norm for surface, norm in span_b if _is_name(surface, names_b)}
        # "Sino-Russian" for "China-Russia" is no change of name; nor is who said it
        # against what was said ("Hakimi said the two countries …" / "Sundara and …").
        if (
            value_a
            and value_b
            and not keys_a & keys_b
            and _is_source(value_a, fa) == _is_source(value_b, fb)
        ):
            differences.append({"kind": "entity", "a": value_a, "b": value_b})
    return differences


def _same_quote(fa: dict[str, Any], fb: dict[str, Any]) -> bool:
    """Whether the claims quote the same sentence: `MIN_QUOTE_WORDS` or more words each,
    alike as `SAME_QUOTE` ("substantive" alone is a word, not a statement)."""
    return any(
        len(qa["text"].split()) >= MIN_QUOTE_WORDS
        and len(qb["text"].split()) >= MIN_QUOTE_WORDS
        and fuzz.token_set_ratio(qa["text"], qb["text"]) >= SAME_QUOTE
        for qa in fa.get("quotes", [])
        for qb in fb.get("quotes", [])
    )


def _speaker_differences(fa: dict[str, Any], fb: dict[str, Any]) -> list[dict[str, str]]:
    """The same quote put in different mouths: "…,” said Tomas Brandt" / "…,” said Marta
    Ilic". Pronouns ("he said") name nobody to compare."""
    differences = []
    for qa in fa.get("quotes", []):
        for qb in fb.get("quotes", []):
            if fuzz.token_set_ratio(qa["text"], qb["text"]) < SAME_QUOTE:
                continue
            a, b = _quote_speaker(qa, fa), _quote_speaker(qb, fb)
            if a and b and not _same_person(a, b):
                differences.append({"kind": "entity", "a": a, "b": b})
    return differences


def _speakers(features: dict[str, Any]) -> list[str]:
    return [who for q in features.get("quotes", []) if (who := _quote_speaker(q, features))]


def _quote_speaker(quote: dict[str, Any], features: dict[str, Any]) -> str | None:
    speaker = quote.get("speaker")
    if not speaker:
        sources = features.get("attribution", [])
        speaker = sources[0] if len(sources) == 1 else None
    if not speaker or speaker.lower() in SPEAKER_PRONOUNS:
        return None
    return str(speaker)


def _same_person(a: str, b: str) -> bool:
    """ "Brandt" is "Tomas Brandt", "Dr. Okafor" is "Miriam Okafor"; "Marta Ilic" is not,
    nor is "Dale Fenwick" "Gordon Fenwick"."""
    words_a, words_b = set(a.lower().split()), set(b.lower().split())
    if words_a <= words_b or words_b <= words_a:
        return True
    given_a, surname_a = _person_name(a)
    given_b, surname_b = _person_name(b)
    return surname_a == surname_b and _given_names_agree(given_a, given_b)


def _person_name(name: str) -> tuple[list[str], str]:
    """(given names, surname) of a person's name, titles left out: "Capt. Rommel Dacanay"
    gives (["rommel"], "dacanay")."""
    words = [_bare(w) for w in _past_titles(name.split())]
    words = [w for w in words if w and w not in {"the", "'s", "s"}]
    if not words:
        return [], ""
    return words[:-1], words[-1]


def _given_names_agree(a: list[str], b: list[str]) -> bool:
    """Whether given names can be one person's: either absent, one in common, or an
    initial of the other ("J." and "John")."""
    if not a or not b or set(a) & set(b):
        return True
    return any((len(x) == 1 or len(y) == 1) and x[0] == y[0] for x in a for y in b)


# Words that end the names of organisations, not of people ("Kestrel Foods", "Pennant
# Foods" are two companies, not one surname).
ORGANISATION_WORDS = frozenset(
    """foods group bank office party union company corporation corp inc ltd plc holdings
    airways airlines motors energy power services service council commission authority
    agency ministry department institute university college hospital school court police
    news times post herald journal press wire partners capital resources mining minerals
    technologies systems industries international association federation alliance
    foundation trust fund board club""".split()
)


def _namesake_differences(fa: dict[str, Any], fb: dict[str, Any]) -> list[dict[str, str]]:
    """One surname with two given names: "Energy Minister Carla Hennessy" / "Claire
    Hennessy", a name one outlet got wrong (or two people the claims confuse)."""
    people_b: dict[str, list[tuple[list[str], dict[str, Any]]]] = {}
    for eb in fb.get("entities", []):
        if " " in eb["text"]:
            given_b, surname_b = _person_name(eb["text"])
            if given_b:
                people_b.setdefault(surname_b, []).append((given_b, eb))
    differences = []
    for ea in fa.get("entities", []) if people_b else ():
        if " " not in ea["text"]:
            continue
        given_a, surname_a = _person_name(ea["text"])
        if (
            not given_a
            or surname_a not in people_b
            or surname_a in ORGANISATION_WORDS
            or surname_a in concept_words()
        ):
            continue
        for given_b, eb in people_b[surname_a]:
            if not _given_names_agree(given_a, given_b):
                differences.append({"kind": "entity", "a": _untitled(ea), "b": _untitled(eb)})
    return differences


# Words before a verb that put it in the future, as a hedge does.
FUTURE_MARKERS = frozenset({"will", "would", "shall", "'ll", "’ll", "to"})
# What a number of them measures is a span of time, not a count of things.
SPANS_OF_TIME = frozenset(
    normalise_word(word)
    for word in "seconds minutes hours days weeks months years decades centuries".split()
)
# Titles that say who someone is, not what office they hold.
HONORIFICS = frozenset({"mr", "mrs", "ms", "dr", "sir", "lord", "lady", "dame"})


def _role_differences(
    text_a: str, fa: dict[str, Any], text_b: str, fb: dict[str, Any]
) -> list[dict[str, str]]:
    """One office held by two people: "RTWU general secretary Marta Ilic" / "RTWU general
    secretary Tomas Brandt", "Judge Helen Strachan" / "Judge Helen Strathearn". Each claim
    names one of them and not the other, so one outlet got the name wrong."""
    roles_b = _roles(text_b, fb)
    if not roles_b:
        return []
    names_a = {_untitled(e).lower() for e in fa.get("entities", [])}
    names_b = {_untitled(e).lower() for e in fb.get("entities", [])}
    differences = []
    for role, person_a in _roles(text_a, fa):
        for other_role, person_b in roles_b:
            if (
                role == other_role
                and not _same_person(person_a, person_b)
                and not any(_same_person(person_a, name) for name in names_b)
                and not any(_same_person(person_b, name) for name in names_a)
            ):
                differences.append({"kind": "entity", "a": person_a, "b": person_b})
    return differences


def _roles(text: str, features: dict[str, Any]) -> list[tuple[frozenset[str], str]]:
    """(office, person) of each person the claim names with the title of an office, in
    the name ("Judge Helen Strachan") or right before it ("general secretary Marta Ilic")."""
    roles = []
    for entity in features.get("entities", []):
        person = _untitled(entity)
        given, surname = _person_name(person)
        if not given or surname in ORGANISATION_WORDS:
            continue
        inside = [_bare(w) for w in entity["text"][: len(entity["text"]) - len(person)].split()]
        at = text.find(entity["text"])
        words = [_bare(w) for w in text[:at].split()[-3:]] if at > 0 else []
        while words and words[0] not in TITLES:
            words.pop(0)
        if not all(word in TITLES for word in words):
            words = []
        office = frozenset([*words, *inside]) - HONORIFICS
        if office and office <= TITLES:
            roles.append((office, person))
    return roles


# Prepositions that put an event at a venue ("at the Grain Exchange", "outside Northgate
# station"); "in" also names regions, and a city is in its country.
VENUE_PREPOSITIONS = frozenset({"at", "outside"})


def _venues(features: dict[str, Any]) -> list[str]:
    """The named places a claim puts its event at: "at the Maritime Museum"."""
    rows = features.get("tokens", [])
    names = _name_words(features)
    venues = []
    for index, (surface, _) in enumerate(rows):
        if surface.lower() not in VENUE_PREPOSITIONS:
            continue
        start = index + 1
        if start < len(rows) and rows[start][0].lower() == "the":
            start += 1
        end = start
        while end < len(rows) and rows[end][0][:1].isupper() and rows[end][0] in names:
            end += 1
        if end > start:
            venues.append(" ".join(row[0] for row in rows[start:end]))
    return venues


def _venue_differences(fa: dict[str, Any], fb: dict[str, Any]) -> list[dict[str, str]]:
    """One named venue each, with no name in common: "at the Grain Exchange" / "at the
    Maritime Museum"."""
    venues_a, venues_b = _venues(fa), _venues(fb)
    if len(venues_a) != 1 or len(venues_b) != 1:
        return []
    [a], [b] = venues_a, venues_b
    if set(a.lower().split()) & set(b.lower().split()):
        return []
    return [{"kind": "entity", "a": a, "b": b}]


def _swapped(item: dict[str, str], fa: dict[str, Any], fb: dict[str, Any]) -> bool:
    """Whether each name of an entity difference is also named in the other claim."""
    names_a, names_b = _name_words(fa), _name_words(fb)
    return set(item["a"].split()) <= names_b and set(item["b"].split()) <= names_a


def _only_titles(value: str) -> bool:
    return all(_bare(word) in TITLES for word in value.split())


def _untitled(entity: dict[str, Any]) -> str:
    """An entity's name as written, past its titles ("Carla Hennessy" of "Energy Minister
    Carla Hennessy")."""
    return " ".join(_past_titles(entity["text"].split())) or entity["text"]


def _past_titles(words: list[str]) -> list[str]:
    """The words of a name after its last title: "Energy Minister Carla Hennessy" gives
    ["Carla", "Hennessy"]."""
    titled = [i for i, word in enumerate(words) if _bare(word) in TITLES]
    return words[titled[-1] + 1 :] if titled else words


def _bare(word: str) -> str:
    """A word lower-cased without the punctuation around it ("Capt." -> "capt")."""
    return word.strip(".,’'").lower()


def _is_source(value: str, features: dict[str, Any]) -> bool:
    """Whether the names `value` are who the claim is credited to ("Hakimi said")."""
    sources = {word for source in features.get("attribution", []) for word in source.split()}
    return bool(sources) and set(value.split()) <= sources


def _name_words(features: dict[str, Any]) -> set[str]:
    return {word for entity in features.get("entities", []) for word in entity["text"].split()}


def _is_name(surface: str, names: set[str]) -> bool:
    return surface in names or surface.split("-")[0] in names


def _surface(rows: Sequence[list[str]], names: set[str]) -> str:
    """The names in a changed span, hyphenated compounds kept whole."""
    words: list[str] = []
    for surface, _ in rows:
        if _is_name(surface, names) and (not words or words[-1] != surface):
            words.append(surface)
    return " ".join(words)


def _negation_differences(fa: dict[str, Any], fb: dict[str, Any]) -> list[dict[str, str]]:
    differences = []
    surfaces_a = {norm: surface for surface, norm in fa.get("tokens", []) if norm}
    surfaces_b = {norm: surface for surface, norm in fb.get("tokens", []) if norm}
    negated_a = {n["target"]: n for n in fa.get("negations", [])}
    negated_b = {n["target"]: n for n in fb.get("negations", [])}
    if negated_a and negated_b:
        # Both deny something ("has no history of safety violations" / "denied that the
        # plant had been cited"): the scopes differ, the stance does not.
        negated_a = negated_b = {}
    for target, negation in sorted(negated_a.items()):
        if target and target not in negated_b and target in surfaces_b:
            differences.append(
                {"kind": "negation", "a": negation["text"], "b": surfaces_b.get(target, "")}
            )
    for target, negation in sorted(negated_b.items()):
        if target and target not in negated_a and target in surfaces_a:
            differences.append(
                {"kind": "negation", "a": surfaces_a.get(target, ""), "b": negation["text"]}
            )
    polar_a, polar_b = dict(fa.get("polar", [])), dict(fb.get("polar", []))
    for x, y in _antonyms_between(polar_a, polar_b):
        differences.append({"kind": "negation", "a": polar_a[x], "b": polar_b[y]})
    return differences


def _antonyms_between(polar_a: Collection[str], polar_b: Collection[str]) -> list[tuple[str, str]]:
    """(word of a, its antonym in b) for each antonym one claim has and the other lacks."""
    if not polar_a or not polar_b:
        return []
    return [
        (x, y)
        for positive, negative in antonym_pairs()
        for x, y in ((positive, negative), (negative, positive))
        if x in polar_a and y in polar_b and x not in polar_b and y not in polar_a
    ]


def _hedge_differences(fa: dict[str, Any], fb: dict[str, Any]) -> list[dict[str, str]]:
    """One claim hedges what the other asserts: "was supposed to visit" against "visited".

    A weak hedge ("may", "likely", "suspected") conflicts only when the other claim
    asserts the hedged verb itself; an unrealised plan or a report at second hand
    ("was supposed to", "reportedly") conflicts with a plain statement of what it
    hedges: the hedged verb or the words that follow it ("… to visit trade forums").
    """
    for hedged, plain, a_hedged in ((fa, fb, True), (fb, fa, False)):
        plain_hedges = plain.get("hedges", [])
        # A verb both claims hedge is one stance; a hedge of something else in the other
        # claim ("… though she could not say how many") leaves its plain verbs plain.
        both = {hedge.get("verb", "") for hedge in plain_hedges} - {""}
        tokens = plain.get("tokens", [])
        plain_terms = {norm for _, norm in tokens if norm}
        for hedge in hedged.get("hedges", []):
            verb = hedge.get("verb", "")
            if verb in both:
                continue
            told = [i for i, (_, norm) in enumerate(tokens) if verb and norm == verb]
            if any(i and tokens[i - 1][0].lower() in FUTURE_MARKERS for i in told):
                # "will vote" against "are expected to vote", "is due to travel" against
                # "was expected to travel": both tell what is to come.
                continue
            asserted = tokens[told[0]][0] if told else ""
            scope = set(hedge.get("scope", [])) - name_terms(hedged) - name_terms(plain)
            if (
                not asserted
                and not plain_hedges
                and hedge["cue"] in STRONG_HEDGES
                and scope & plain_terms
            ):
                asserted = _phrase_around(plain, scope)
            if asserted:
                pair = (hedge["text"], asserted) if a_hedged else (asserted, hedge["text"])
                return [{"kind": "hedge", "a": pair[0], "b": pair[1]}]
    return []


def _phrase_around(features: dict[str, Any], terms: Collection[str]) -> str:
    """The claim's words around the first of `terms` it has, as written: what it states
    plainly ("8th Sino-Russian Expo in Harbin" against "was supposed to visit trade
    forums"), three words before it and two after, without function words at the ends."""
    rows = features.get("tokens", [])
    at = next((i for i, (_, norm) in enumerate(rows) if norm and norm in terms), None)
    if at is None:
        return _content_text(features)
    first, last = max(0, at - 3), min(len(rows) - 1, at + 2)
    while first < at and not rows[first][1]:
        first += 1
    while last > at and not rows[last][1]:
        last -= 1
    words: list[str] = []
    for surface, _ in rows[first : last + 1]:
        if not words or words[-1] != surface:  # "Sino-Russian" is one word, written once
            words.append(surface)
    return " ".join(words)


def _content_text(features: dict[str, Any], limit: int = 8) -> str:
    """The first content words of a claim, to stand for it as a whole in a difference."""
    words = [surface for surface, norm in features.get("tokens", []) if norm]
    return " ".join(dict.fromkeys(words[:limit]))
