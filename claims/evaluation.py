"""Evaluate found claim links against a hand-labelled gold file; pure functions, no database.

Gold file format (see shared/eval/seed_links_dev.json)::

    {"articles": {"000": "000_b7f64bfcf579e603.txt", ...},
     "pairs": [{"a": ["000", "substring of a sentence"], "b": ["003", "..."],
                "level": "core" | "weak"}, ...],
     "segmentation": {"must_be_one_sentence": [["000", "substring"], ...],
                      "not_claims": [["003", "substring"], ...]}}

Each side names an article by a prefix of its source file name (the "articles" table maps
it to the full name; otherwise any file name starting with it) and a substring of one of
its sentences.

Usage::

    result = evaluate(gold, sentences, links)

- ``sentences``: source file name -> that article's sentences, as `SentenceInfo` (a key
  of your choosing, the sentence text, its kind — "body", "headline", … — and how many
  claims it has).
- ``links``: (sentence key, sentence key, relation) for every claim link; a link between
  two claims counts as a link between their sentences. Only "agree" and "diverge" count as
  found.

Found links are correct when the gold has them as core or weak; recall counts core pairs
only. Where a core pair's note says what it shows ("CONFLICT: 12 vs 15", "hedge",
"agree"), the relation found for it is checked too: a conflict should be ``diverge``,
an agreement ``agree`` (`relations_expected` / `relations_shown`, by kind). Gold pairs
whose articles are not all in ``sentences`` are skipped (to evaluate one story). Sides
whose substring matches no sentence or several are reported as unresolved and fail the
segmentation checks too, as do "must_be_one_sentence" substrings that do not lie inside
one body sentence and "not_claims" substrings whose sentence is a body sentence with
claims.
"""

from __future__ import annotations

import json
import re
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FOUND_RELATIONS = frozenset({"agree", "diverge"})
SPACE = re.compile(r"\s+")
# A gold note that names a conflict (of numbers, days, names, hedging, opposites) or an
# agreement; "no conflict" / "not a conflict" is none.
NOTE_CONFLICT = re.compile(r"\b(?:conflict|hedge|antonym|negation|denial)", re.IGNORECASE)
NOTE_NO_CONFLICT = re.compile(r"\bno(?:t a)? conflict|\bnot conflicting", re.IGNORECASE)
NOTE_AGREE = re.compile(r"\bagree", re.IGNORECASE)
# A note that opens with AGREE names an agreement whatever it mentions ("AGREE denial: both
# say there are no plans …"), unless it pairs it with a hedge ("AGREE/HEDGE").
NOTE_OPENS_AGREE = re.compile(r"\s*agree\b(?![/ ]*hedge)", re.IGNORECASE)

type SentenceKey = Hashable
type Pair = frozenset[SentenceKey]


@dataclass(frozen=True)
class SentenceInfo:
    key: SentenceKey
    text: str
    kind: str = "body"
    claims: int = 1


@dataclass(frozen=True)
class Side:
    article: str
    substring: str


@dataclass(frozen=True)
class CheckFailure:
    check: str
    side: Side
    reason: str


@dataclass
class EvaluationResult:
    precision: float
    recall: float
    f1: float
    found: int
    correct: int
    core: int
    core_found: int
    missed_core: list[tuple[Side, Side]] = field(default_factory=list)
    unlabelled: list[tuple[SentenceKey, SentenceKey]] = field(default_factory=list)
    unresolved: list[CheckFailure] = field(default_factory=list)
    segmentation_failures: list[CheckFailure] = field(default_factory=list)
    segmentation_checks: int = 0
    skipped_pairs: int = 0
    # Found core pairs whose gold note names a relation: "diverge" / "agree" -> how many
    # the note expects, and how many of those were found with that relation.
    relations_expected: dict[str, int] = field(default_factory=dict)
    relations_shown: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        return (
            f"precision {self.precision:.3f} ({self.correct}/{self.found})  "
            f"core recall {self.recall:.3f} ({self.core_found}/{self.core})  F1 {self.f1:.3f}"
        )


def load_gold(path: str | Path) -> dict[str, Any]:
    """The gold file as a dict."""
    with open(path, encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


def _squash(text: str) -> str:
    return SPACE.sub(" ", text).strip()


def resolve_article(gold: Mapping[str, Any], prefix: str, names: Iterable[str]) -> str | None:
    """The source file name a gold side's article prefix stands for, if present."""
    names = list(names)
    mapped = gold.get("articles", {}).get(prefix)
    if mapped in names:
        return str(mapped)
    matching = sorted(name for name in names if name.startswith(prefix))
    return matching[0] if len(matching) == 1 else None


def find_sentences(sentences: Sequence[SentenceInfo], substring: str) -> list[SentenceInfo]:
    """The sentences containing `substring`: whitespace-insensitive, and case-insensitive
    only when no sentence contains it with its case as given."""
    needle = _squash(substring)
    exact = [s for s in sentences if needle in _squash(s.text)]
    if exact:
        return exact
    folded = needle.casefold()
    return [s for s in sentences if folded in _squash(s.text).casefold()]


def find_run(sentences: Sequence[SentenceInfo], substring: str) -> list[SentenceInfo]:
    """The shortest run of consecutive sentences whose text, joined, contains `substring`
    (in the order given, which is the article's)."""
    needle = _squash(substring).casefold()
    best: list[SentenceInfo] = []
    for first in range(len(sentences)):
        joined = ""
        for last in range(first, len(sentences)):
            joined = f"{joined} {_squash(sentences[last].text)}".strip()
            if needle in joined.casefold():
                if not best or last - first + 1 < len(best):
                    best = list(sentences[first : last + 1])
                break
            if len(joined) > 2 * len(needle) + 200:
                break
    return best


def evaluate(
    gold: Mapping[str, Any],
    sentences: Mapping[str, Sequence[SentenceInfo]],
    links: Iterable[tuple[SentenceKey, SentenceKey, str]],
) -> EvaluationResult:
    """Precision, core recall and F1 of `links`, plus the gold file's segmentation checks."""
    unresolved: list[CheckFailure] = []

    def resolve(raw: Sequence[str], check: str) -> tuple[Side, SentenceInfo | None, bool]:
        side = Side(raw[0], raw[1])
        name = resolve_article(gold, side.article, sentences)
        if name is None:
            return side, None, False
        hits = find_sentences(sentences[name], side.substring)
        if len(hits) != 1:
            reason = "matches no sentence" if not hits else f"matches {len(hits)} sentences"
            unresolved.append(CheckFailure(check, side, reason))
            return side, None, True
        return side, hits[0], True

    core: dict[Pair, tuple[Side, Side]] = {}
    weak: set[Pair] = set()
    expected: dict[Pair, str] = {}
    skipped = 0
    for item in gold.get("pairs", []):
        side_a, sentence_a, present_a = resolve(item["a"], "pair")
        side_b, sentence_b, present_b = resolve(item["b"], "pair")
        if not (present_a and present_b):
            skipped += 1
            continue
        if sentence_a is None or sentence_b is None:
            continue
        pair = frozenset((sentence_a.key, sentence_b.key))
        if item.get("level") == "core":
            core[pair] = (side_a, side_b)
            relation = _noted_relation(item.get("note", ""))
            if relation:
                expected[pair] = relation
        else:
            weak.add(pair)

    found: set[Pair] = set()
    diverging: set[Pair] = set()
    for left, right, relation in links:
        if relation in FOUND_RELATIONS and left != right:
            found.add(frozenset((left, right)))
            if relation == "diverge":
                diverging.add(frozenset((left, right)))
    relations_expected: dict[str, int] = {}
    relations_shown: dict[str, int] = {}
    for pair, relation in expected.items():
        if pair in found:
            relations_expected[relation] = relations_expected.get(relation, 0) + 1
            shown = "diverge" if pair in diverging else "agree"
            relations_shown[relation] = relations_shown.get(relation, 0) + (shown == relation)
    correct = found & (set(core) | weak)
    core_found = found & set(core)
    precision = len(correct) / len(found) if found else 0.0
    recall = len(core_found) / len(core) if core else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    failures, checks = _segmentation_checks(gold, sentences)
    return EvaluationResult(
        precision=precision,
        recall=recall,
        f1=f1,
        found=len(found),
        correct=len(correct),
        core=len(core),
        core_found=len(core_found),
        missed_core=[sides for pair, sides in core.items() if pair not in found],
        unlabelled=sorted((tuple(sorted(pair, key=repr)) for pair in found - correct), key=repr),  # type: ignore[misc]
        unresolved=unresolved,
        segmentation_failures=unresolved + failures,
        segmentation_checks=checks + 2 * (len(core) + len(weak)),
        skipped_pairs=skipped,
        relations_expected=relations_expected,
        relations_shown=relations_shown,
    )


def _noted_relation(note: str) -> str | None:
    """What a gold note says the pair shows: "diverge", "agree" or nothing."""
    note = NOTE_NO_CONFLICT.sub("", note)
    if NOTE_OPENS_AGREE.match(note):
        return "agree"
    if NOTE_CONFLICT.search(note):
        return "diverge"
    if NOTE_AGREE.search(note):
        return "agree"
    return None


def _segmentation_checks(
    gold: Mapping[str, Any], sentences: Mapping[str, Sequence[SentenceInfo]]
) -> tuple[list[CheckFailure], int]:
    failures = []
    checks = 0
    segmentation = gold.get("segmentation", {})
    for raw in segmentation.get("must_be_one_sentence", []):
        side = Side(raw[0], raw[1])
        name = resolve_article(gold, side.article, sentences)
        if name is None:
            continue
        checks += 1
        hits = [s for s in find_sentences(sentences[name], side.substring) if s.kind == "body"]
        if len(hits) != 1:
            failures.append(
                CheckFailure("must_be_one_sentence", side, "not inside exactly one body sentence")
            )
    for raw in segmentation.get("not_claims", []):
        side = Side(raw[0], raw[1])
        name = resolve_article(gold, side.article, sentences)
        if name is None:
            continue
        checks += 1
        # A line may be several sentences ("© 2025 Herald. All rights reserved."): each
        # must yield no claims.
        hits = find_sentences(sentences[name], side.substring) or find_run(
            sentences[name], side.substring
        )
        if not hits:
            failures.append(CheckFailure("not_claims", side, "matches no sentence"))
        elif any(s.kind == "body" and s.claims > 0 for s in hits):
            failures.append(CheckFailure("not_claims", side, "is a body sentence with claims"))
    return failures, checks
