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
3. A pair's score in [0, 1] blends the IDF-weighted cosine of the two bags with
   rapidfuzz's token-set ratio of the normalised words, which tolerates spelling
   variants that stems do not join ("Zelensky"/"Zelenskyy").
4. A pair is the same claim (``agree`` or ``diverge``) when its score reaches
   `SAME_CLAIM`, or reaches `SAME_CLAIM_BEST` and each claim is the other's best match in
   the other article (outlets tell a fact once, so the mutual best match is trusted
   more). Lower scores down to `RELATED` give ``related``.
5. Same-claim pairs are compared detail by detail; any conflict makes them ``diverge``,
   with typed differences: numbers by value with unit conversion, dates and times after
   resolution (and time zones), names in the same place of otherwise aligned wording,
   negation and antonyms, hedging.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from claims.extraction import antonym_pairs, normalise_word
from claims.numbers import same_quantity, same_value
from claims.specificity import specificity
from claims.temporal import date_conflicts, time_conflicts

# Scores: see step 4 above. Chosen on general grounds (a same-claim pair shares most of its
# weighted content) and checked on the development set, not fitted to its sentences.
SAME_CLAIM = 0.4
SAME_CLAIM_BEST = 0.22
RELATED = 0.15
# Blend of the two similarity measures.
COSINE_WEIGHT = 0.8
FUZZ_WEIGHT = 0.2
# Name terms count more than ordinary words: names identify what a claim is about.
NAME_BOOST = 1.5
BIGRAM_BOOST = 0.5
FULL_NAMES = True
USE_PRIOR = False
REQUIRE_CONTENT = True
# Terms in more than this share of a story's claims do not generate candidates.
INDEX_MAX_SHARE = 0.2
INDEX_MIN_CLAIMS = 8
MAX_DIFF_SPAN = 5


@dataclass(frozen=True)
class ClaimRef:
    key: int
    article: int
    sentence: int
    text: str
    features: dict[str, Any]
    published: date | None = None


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
    bags = {key: claim_terms(claim) for key, claim in claims.items()}
    weights = _idf(bags.values())
    norms = {key: math.sqrt(sum(weights[t] ** 2 * m for t, m in bag.items())) for key, bag in
             bags.items()}
    scores = {
        pair: _score(claims[pair[0]], claims[pair[1]], bags, weights, norms)
        for pair in _candidates(new_keys, claims, bags, weights)
    }
    best = _best_per_article(scores, claims)
    names = {key: _name_terms(claim) for key, claim in claims.items()}
    links = []
    for (a, b), score in sorted(scores.items()):
        # A claim's best match in another article is its likeliest restatement there.
        preferred = best.get((a, claims[b].article)) == b or best.get((b, claims[a].article)) == a
        same = score >= SAME_CLAIM or (preferred and score >= SAME_CLAIM_BEST)
        if same and REQUIRE_CONTENT and not _shares_content(bags[a], bags[b], names[a] | names[b]):
            same = False  # the same people doing different things are related, not the same
        if same:
            differences = compare_details(claims[a], claims[b])
            relation = "diverge" if differences else "agree"
        elif score >= RELATED:
            differences, relation = [], "related"
        else:
            continue
        links.append(LinkData(a, b, round(score, 4), relation, differences))
    return links


def pair_scores(claims: Sequence[ClaimRef]) -> dict[tuple[int, int], float]:
    """Scores of every candidate pair of a story (for evaluation and tuning)."""
    by_key = {c.key: c for c in claims}
    bags = {key: claim_terms(claim) for key, claim in by_key.items()}
    weights = _idf(bags.values())
    norms = {key: math.sqrt(sum(weights[t] ** 2 * m for t, m in bag.items())) for key, bag in
             bags.items()}
    return {
        pair: _score(by_key[pair[0]], by_key[pair[1]], bags, weights, norms)
        for pair in _candidates(sorted(by_key), by_key, bags, weights)
    }


# -- terms -----------------------------------------------------------------------------------


def claim_terms(claim: ClaimRef) -> dict[str, float]:
    """The claim's terms with a multiplier each (names and word pairs count extra)."""
    features = claim.features
    bag: dict[str, float] = {}
    rows = [(surface, norm) for surface, norm in features.get("tokens", []) if norm]
    content = [norm for _, norm in rows]
    for surface, norm in rows:
        prior = specificity(surface) if USE_PRIOR else 1.0
        bag[norm] = max(bag.get(norm, 0.0), prior)
    for left, right in zip(content, content[1:]):
        if left != right:
            bag["~".join(sorted((left, right)))] = BIGRAM_BOOST * max(bag[left], bag[right])
    for entity in features.get("entities", []):
        for part in entity["parts"]:
            term = "@" + part
            if NAME_BOOST and (part not in bag or FULL_NAMES):
                bag[term] = NAME_BOOST
            elif part not in bag:
                bag[part] = 1.0  # a metonym's city: "the Kremlin" is also Moscow
        if FULL_NAMES and len(entity["parts"]) > 1:
            bag["@" + " ".join(entity["parts"])] = NAME_BOOST
    for item in features.get("dates", []):
        if item.get("key"):
            bag["date:" + item["key"]] = 1.0
        elif item.get("weekday"):
            bag["date:" + item["weekday"]] = 1.0
    return bag


def _name_terms(claim: ClaimRef) -> set[str]:
    """Norms of the words inside the claim's names, titles included ("premier")."""
    names = set()
    words = set()
    for entity in claim.features.get("entities", []):
        words.update(entity["text"].split())
        for part in entity["parts"]:
            names.add(part)
            names.add(normalise_word(part))
    for surface, norm in claim.features.get("tokens", []):
        if norm and surface in words:
            names.add(norm)
    return names


def _shares_content(bag_a: dict[str, float], bag_b: dict[str, float], names: set[str]) -> bool:
    """Whether two claims share a term that is not a name: a word, number or date."""
    for term in bag_a.keys() & bag_b.keys():
        if term.startswith("@"):
            continue
        if "~" in term:
            if not all(part in names for part in term.split("~")):
                return True
        elif term not in names:
            return True
    return False


def _idf(bags: Iterable[dict[str, float]]) -> dict[str, float]:
    df: dict[str, int] = defaultdict(int)
    count = 0
    for bag in bags:
        count += 1
        for term in bag:
            df[term] += 1
    return {term: math.log(1 + count / n) for term, n in df.items()}


def _candidates(
    new_keys: Sequence[int],
    claims: dict[int, ClaimRef],
    bags: dict[int, dict[str, float]],
    weights: dict[str, float],
) -> list[tuple[int, int]]:
    """Pairs (a < b) of claims of different articles that share an indexed term."""
    limit = max(INDEX_MIN_CLAIMS, int(len(claims) * INDEX_MAX_SHARE))
    postings: dict[str, list[int]] = defaultdict(list)
    for key in sorted(claims):
        for term in bags[key]:
            postings[term].append(key)
    new_set = set(new_keys)
    pairs: set[tuple[int, int]] = set()
    for key in new_keys:
        article = claims[key].article
        for term in bags[key]:
            keys = postings[term]
            if len(keys) > limit:
                continue  # too common to tell claims apart; other shared terms will
            for other in keys:
                if claims[other].article == article:
                    continue
                if other in new_set and other < key and term in bags[other]:
                    pairs.add((other, key))
                else:
                    pairs.add((min(key, other), max(key, other)))
    return sorted(pairs)


def _score(
    a: ClaimRef,
    b: ClaimRef,
    bags: dict[int, dict[str, float]],
    weights: dict[str, float],
    norms: dict[int, float],
) -> float:
    bag_a, bag_b = bags[a.key], bags[b.key]
    shared = bag_a.keys() & bag_b.keys()
    dot = sum(weights[t] ** 2 * min(bag_a[t], bag_b[t]) for t in shared)
    denominator = norms[a.key] * norms[b.key]
    cosine = dot / denominator if denominator else 0.0
    words_a = " ".join(sorted({t for t in bag_a if "~" not in t}))
    words_b = " ".join(sorted({t for t in bag_b if "~" not in t}))
    ratio = fuzz.token_set_ratio(words_a, words_b) / 100
    return min(1.0, COSINE_WEIGHT * cosine + FUZZ_WEIGHT * ratio)


def _best_per_article(
    scores: dict[tuple[int, int], float], claims: dict[int, ClaimRef]
) -> dict[tuple[int, int], int]:
    """(claim, other article) -> that article's best-scoring claim for it (ties: lower key)."""
    best: dict[tuple[int, int], tuple[float, int]] = {}
    for (a, b), score in scores.items():
        for this, other in ((a, b), (b, a)):
            slot = (this, claims[other].article)
            current = best.get(slot)
            if current is None or (score, -other) > (current[0], -current[1]):
                best[slot] = (score, other)
    return {slot: other for slot, (_, other) in best.items()}


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
    differences += _entity_differences(fa, fb)
    differences += _negation_differences(fa, fb)
    differences += _hedge_differences(fa, fb)
    unique = []
    for item in differences:
        if item not in unique:
            unique.append(item)
    return unique


def _counts_match(x: dict[str, Any], y: dict[str, Any], single: bool) -> bool:
    if x["dim"] and x["dim"] == y["dim"]:
        return True
    if x["counts"] and y["counts"]:
        return bool(x["counts"] == y["counts"])
    if x["currency"] and x["currency"] == y["currency"]:
        return True
    # "12 people were killed" / "the toll rose to 15": one number each, one unnamed.
    return single


def _number_differences(
    numbers_a: Sequence[dict[str, Any]], numbers_b: Sequence[dict[str, Any]]
) -> list[dict[str, str]]:
    differences = []
    single = len(numbers_a) == 1 and len(numbers_b) == 1
    matched_b: set[int] = set()
    for x in numbers_a:
        comparable = [
            (j, y)
            for j, y in enumerate(numbers_b)
            if same_quantity(x, y) and _counts_match(x, y, single)
        ]
        if not comparable:
            continue
        if any(same_value(x, y) for _, y in comparable):
            matched_b.update(j for j, y in comparable if same_value(x, y))
            continue
        free = [(j, y) for j, y in comparable if j not in matched_b] or comparable
        j, y = free[0]
        matched_b.add(j)
        differences.append({"kind": "number", "a": x["text"], "b": y["text"]})
    return differences


def _aligned_rows(fa: dict[str, Any], fb: dict[str, Any]) -> tuple[list[list[str]], list[
        list[str]], list[Any]]:
    rows_a = [row for row in fa.get("tokens", []) if row[1]]
    rows_b = [row for row in fb.get("tokens", []) if row[1]]
    opcodes = Levenshtein.opcodes([r[1] for r in rows_a], [r[1] for r in rows_b])
    return rows_a, rows_b, list(opcodes)


def _entity_differences(fa: dict[str, Any], fb: dict[str, Any]) -> list[dict[str, str]]:
    """Names that take each other's place in otherwise matching wording."""
    rows_a, rows_b, opcodes = _aligned_rows(fa, fb)
    differences = []
    regions: list[tuple[int, int, int, int]] = []
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
        regions.append(
            (ops[0].src_start, ops[-1].src_end, ops[0].dest_start, ops[-1].dest_end)
        )
    for a0, a1, b0, b1 in regions:
        span_a, span_b = rows_a[a0:a1], rows_b[b0:b1]
        if not span_a or not span_b or len(span_a) > MAX_DIFF_SPAN or len(span_b) > MAX_DIFF_SPAN:
            continue
        names_a = _surface(span_a)
        names_b = _surface(span_b)
        if names_a and names_b and names_a != names_b:
            differences.append({"kind": "entity", "a": names_a, "b": names_b})
    return differences


def _surface(rows: Sequence[list[str]]) -> str:
    """The capitalised words of a changed span, hyphenated compounds kept whole."""
    words: list[str] = []
    for surface, _ in rows:
        if surface[:1].isupper() and (not words or words[-1] != surface):
            words.append(surface)
    return " ".join(words)


def _negation_differences(fa: dict[str, Any], fb: dict[str, Any]) -> list[dict[str, str]]:
    differences = []
    surfaces_a = {norm: surface for surface, norm in fa.get("tokens", []) if norm}
    surfaces_b = {norm: surface for surface, norm in fb.get("tokens", []) if norm}
    negated_a = {n["target"]: n for n in fa.get("negations", [])}
    negated_b = {n["target"]: n for n in fb.get("negations", [])}
    for target, negation in sorted(negated_a.items()):
        if target not in negated_b and (target in surfaces_b or not target):
            differences.append(
                {"kind": "negation", "a": negation["text"], "b": surfaces_b.get(target, "")}
            )
    for target, negation in sorted(negated_b.items()):
        if target not in negated_a and (target in surfaces_a or not target):
            differences.append(
                {"kind": "negation", "a": surfaces_a.get(target, ""), "b": negation["text"]}
            )
    polar_a = {key: surface for key, surface in fa.get("polar", [])}
    polar_b = {key: surface for key, surface in fb.get("polar", [])}
    for positive, negative in antonym_pairs():
        for x, y in ((positive, negative), (negative, positive)):
            if x in polar_a and y in polar_b and x not in polar_b and y not in polar_a:
                differences.append({"kind": "negation", "a": polar_a[x], "b": polar_b[y]})
    return differences


def _hedge_differences(fa: dict[str, Any], fb: dict[str, Any]) -> list[dict[str, str]]:
    hedges_a, hedges_b = fa.get("hedges", []), fb.get("hedges", [])
    if bool(hedges_a) == bool(hedges_b):
        return []
    hedged, plain, a_hedged = (fa, fb, True) if hedges_a else (fb, fa, False)
    hedge = hedged["hedges"][0]
    verb = hedge.get("verb", "")
    asserted = ""
    if verb:
        for surface, norm in plain.get("tokens", []):
            if norm == verb:
                asserted = surface
                break
    pair = (hedge["text"], asserted) if a_hedged else (asserted, hedge["text"])
    return [{"kind": "hedge", "a": pair[0], "b": pair[1]}]
