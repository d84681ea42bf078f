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
   (`MIN_COSINE`) are not helped by spelling alone.
4. A pair is the same claim (``agree`` or ``diverge``) when its score reaches
   `SAME_CLAIM`; or reaches `SAME_CLAIM_BEST` and one claim is the other's best match in
   that article; or reaches `SAME_CLAIM_MUTUAL` and each is the other's best match (an
   outlet tells a fact once, so its best match is its likeliest restatement). It must
   also share a word, number or date beyond the names of its actors: the same people
   doing different things are ``related``, as is any other pair scoring `RELATED` or more
   where one claim is the other's best match in its article (so each claim has at most
   a couple of related links per other article).
5. Same-claim pairs are compared detail by detail; any conflict makes them ``diverge``,
   with typed differences: numbers by value with unit conversion, dates and times after
   resolution (and time zones), names in the same place of otherwise aligned wording,
   negation and antonyms, hedging.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from claims.extraction import antonym_pairs
from claims.numbers import same_quantity, same_value
from claims.temporal import date_conflicts, time_conflicts
from claims.terms import claim_terms, name_terms

# Scores: see step 4 above. Chosen on general grounds (a same-claim pair shares most of its
# weighted content) and checked on the development set, not fitted to its sentences.
SAME_CLAIM = 0.4
SAME_CLAIM_BEST = 0.22
SAME_CLAIM_MUTUAL = 0.2
RELATED = 0.15
# Blend of the two similarity measures.
COSINE_WEIGHT = 0.8
FUZZ_WEIGHT = 0.2
# Below this weighted overlap a pair is unrelated, however alike its spelling.
MIN_COSINE = 0.08
# Candidates: each claim is indexed by its INDEX_TERMS rarest shared terms, leaving out
# terms in more than INDEX_MAX_SHARE of the story's claims (but at least INDEX_MIN_CLAIMS).
INDEX_MAX_SHARE = 0.1
INDEX_MIN_CLAIMS = 8
INDEX_TERMS = 8
# A name substitution spans at most this many content words on either side.
MAX_DIFF_SPAN = 5
# Names are compared place by place only in claims worded this much alike (normalised
# Levenshtein similarity of their content words); paraphrases align by accident.
ALIGNED_SIMILARITY = 0.5
# Hedges that say the thing did not (yet) happen or is only reported.
STRONG_HEDGES = frozenset(
    "supposed to|expected to|scheduled to|set to|planned to|plans to|plan to|intended to|"
    "intends to|was to|is to|are to|reportedly|allegedly|supposedly|purportedly|"
    "reported to|said to|unconfirmed|rumoured|rumored".split("|")
)


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
    bags = {key: claim_terms(claim.features) for key, claim in claims.items()}
    scores = _scores(new_keys, claims, bags)
    best = _best_per_article(scores, claims)
    names_of: dict[int, set[str]] = {}
    links = []
    for (a, b), score in sorted(scores.items()):
        # A claim's best match in another article is its likeliest restatement there.
        best_of_a = best.get((a, claims[b].article)) == b
        best_of_b = best.get((b, claims[a].article)) == a
        same = (
            score >= SAME_CLAIM
            or ((best_of_a or best_of_b) and score >= SAME_CLAIM_BEST)
            or (best_of_a and best_of_b and score >= SAME_CLAIM_MUTUAL)
        )
        if same:
            for key in (a, b):
                if key not in names_of:
                    names_of[key] = name_terms(claims[key].features)
            names = names_of[a] | names_of[b]
            # The same people doing different things are related, not the same claim.
            same = _shares_content(bags[a], bags[b], names)
        if same:
            differences = compare_details(claims[a], claims[b])
            relation = "diverge" if differences else "agree"
        elif score >= RELATED and (best_of_a or best_of_b):
            # Only a claim's closest match per article is worth showing as related.
            differences, relation = [], "related"
        else:
            continue
        links.append(LinkData(a, b, round(score, 4), relation, differences))
    return links


def pair_scores(claims: Sequence[ClaimRef]) -> dict[tuple[int, int], float]:
    """Scores of every candidate pair of a story (for evaluation and tuning)."""
    by_key = {c.key: c for c in claims}
    bags = {key: claim_terms(claim.features) for key, claim in by_key.items()}
    return _scores(sorted(by_key), by_key, bags)


def _scores(
    new_keys: Sequence[int], claims: dict[int, ClaimRef], bags: dict[int, dict[str, float]]
) -> dict[tuple[int, int], float]:
    """Scores of the candidate pairs: claims of different articles sharing an indexed term.

    One pass over the story counts each term's claims (for IDF). Each claim's
    `INDEX_TERMS` rarest terms that are shared but in at most `INDEX_MAX_SHARE` of the
    story's claims index it, so a new claim meets only the claims it shares something
    specific with, a bounded number of them, and linking stays linear in the story.
    """
    df: dict[str, int] = defaultdict(int)
    for bag in bags.values():
        for term in bag:
            df[term] += 1
    limit = max(INDEX_MIN_CLAIMS, int(len(claims) * INDEX_MAX_SHARE))

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
        profiles[key] = _Profile(weights, math.sqrt(sum(weights.values())), words)
    return {(a, b): _score(profiles[a], profiles[b]) for a, b in sorted(pairs)}


@dataclass(frozen=True)
class _Profile:
    """What scoring needs of one claim, computed once per linking run."""

    weights: dict[str, float]  # term -> squared IDF times the term's multiplier
    norm: float
    words: str  # sorted distinct single-word terms, for rapidfuzz


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


def _score(a: _Profile, b: _Profile) -> float:
    wa, wb = a.weights, b.weights
    dot = sum(min(wa[t], wb[t]) for t in wa.keys() & wb.keys())
    denominator = a.norm * b.norm
    cosine = dot / denominator if denominator else 0.0
    if cosine < MIN_COSINE:
        return COSINE_WEIGHT * cosine  # fuzzy likeness alone never makes a link
    ratio = fuzz.token_set_ratio(a.words, b.words) / 100
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
        # "Sino-Russian" for "China-Russia" is no change of name.
        if value_a and value_b and not keys_a & keys_b:
            differences.append({"kind": "entity", "a": value_a, "b": value_b})
    return differences


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
    polar_a = dict(fa.get("polar", []))
    polar_b = dict(fb.get("polar", []))
    if not polar_a or not polar_b:
        return differences
    for positive, negative in antonym_pairs():
        for x, y in ((positive, negative), (negative, positive)):
            if x in polar_a and y in polar_b and x not in polar_b and y not in polar_a:
                differences.append({"kind": "negation", "a": polar_a[x], "b": polar_b[y]})
    return differences


def _hedge_differences(fa: dict[str, Any], fb: dict[str, Any]) -> list[dict[str, str]]:
    """One claim hedges what the other asserts: "was supposed to visit" against "visited".

    A weak hedge ("may", "likely", "suspected") conflicts only when the other claim
    asserts the hedged verb itself; an unrealised plan or a report at second hand
    ("was supposed to", "reportedly") conflicts with a plain statement of what it
    hedges: the hedged verb or the words that follow it ("… to visit trade forums").
    """
    hedges_a, hedges_b = fa.get("hedges", []), fb.get("hedges", [])
    if bool(hedges_a) == bool(hedges_b):
        return []
    hedged, plain, a_hedged = (fa, fb, True) if hedges_a else (fb, fa, False)
    for hedge in hedged["hedges"]:
        verb = hedge.get("verb", "")
        asserted = next(
            (surface for surface, norm in plain.get("tokens", []) if verb and norm == verb), ""
        )
        scope = set(hedge.get("scope", [])) - name_terms(hedged) - name_terms(plain)
        plain_terms = {norm for _, norm in plain.get("tokens", []) if norm}
        if not asserted and hedge["cue"] in STRONG_HEDGES and scope & plain_terms:
            asserted = _content_text(plain)
        if asserted:
            pair = (hedge["text"], asserted) if a_hedged else (asserted, hedge["text"])
            return [{"kind": "hedge", "a": pair[0], "b": pair[1]}]
    return []


def _content_text(features: dict[str, Any], limit: int = 8) -> str:
    """The first content words of a claim, to stand for it as a whole in a difference."""
    words = [surface for surface, norm in features.get("tokens", []) if norm]
    return " ".join(dict.fromkeys(words[:limit]))
