"""Run the pure claim pipeline on seeds/ against the dev gold file; print P / R / F1.

Usage: .venv/bin/python bench/eval_dev.py [--gold PATH] [--seeds DIR] [--published DATE] [-v]
       .venv/bin/python bench/eval_dev.py --all [-v] [--skip NAME,NAME]

Without --published it runs twice: with no publication date (as the seeds are imported
today) and with the story's last day, 2024-05-17, so that "last year" resolves.

--all evaluates the seeds (dated 2024-05-17) and every story of bench/devsets/ (our own
labelled stories: invented events written and labelled blind to the matcher, to check
that what helps on the seeds holds elsewhere; each gold file gives its articles'
publication dates under "published"), then all of them together.

No Django database: articles are segmented with the rule-based spaCy pipeline, claims are
extracted from body sentences, the whole story is linked with `find_links(all, [])` and
the result is scored with claims.evaluation; where a story's gold notes name what a core
pair shows (a conflict, an agreement), the line also says how many of the found ones
were shown with that relation. The baseline is plain rapidfuzz
(token_set_ratio) on whole body sentences of different articles, at the threshold that
gives its best F1; its best-precision point with any recall is shown too.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path

import spacy
from rapidfuzz import fuzz

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from articles.nlp import build_pipeline  # noqa: E402
from articles.segmentation import Kind, Segment, segment  # noqa: E402
from claims.evaluation import EvaluationResult, SentenceInfo, evaluate, load_gold  # noqa: E402
from claims.extraction import ClaimData, extract_many  # noqa: E402
from claims.matching import ClaimRef, find_links  # noqa: E402
from claims.semantics import encode  # noqa: E402

# The seeds carry no dates; the story ended on Friday 17 May 2024.
STORY_DATE = dt.date(2024, 5, 17)


def build_nlp() -> spacy.language.Language:
    """The app's rule-based segmentation pipeline (its abbreviations included)."""
    return build_pipeline()


def run(
    seeds: Path,
    gold_path: Path,
    published: dt.date | None,
    verbose: bool,
    dates: dict[str, dt.date] | None = None,
) -> EvaluationResult:
    """Evaluate the articles in `seeds` against `gold_path`; `dates`: file name -> date."""
    gold = load_gold(gold_path)
    nlp = build_nlp()
    segments: dict[str, list[Segment]] = {}
    claims: dict[str, list[list[ClaimData]]] = {}
    dated: dict[str, dt.date | None] = {}
    started = time.perf_counter()
    for path in sorted(seeds.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        segments[path.name] = segment(text, nlp=nlp)
        spans = [(s.text, s.start) for s in segments[path.name] if s.kind is Kind.BODY]
        dated[path.name] = (dates or {}).get(path.name, published)
        claims[path.name] = extract_many(spans, published=dated[path.name])
    refs: list[ClaimRef] = []
    sentence_of: dict[int, tuple[str, int]] = {}
    counts: dict[tuple[str, int], int] = {}
    for article, name in enumerate(sorted(segments)):
        body = [s for s in segments[name] if s.kind is Kind.BODY]
        vectors = iter(encode([claim.text for found in claims[name] for claim in found]))
        for seg, found in zip(body, claims[name], strict=True):
            counts[(name, seg.position)] = len(found)
            for claim in found:
                key = len(refs)
                refs.append(
                    ClaimRef(
                        key,
                        article,
                        seg.position,
                        claim.text,
                        claim.features,
                        dated[name],
                        next(vectors),
                    )
                )
                sentence_of[key] = (name, seg.position)
    links = find_links(refs, [])
    elapsed = time.perf_counter() - started
    sentences = {
        name: [
            SentenceInfo(
                (name, s.position), s.text, s.kind.value, counts.get((name, s.position), 0)
            )
            for s in segs
        ]
        for name, segs in segments.items()
    }
    result = evaluate(
        gold, sentences, [(sentence_of[x.a], sentence_of[x.b], x.relation) for x in links]
    )
    if verbose:
        texts = {(name, s.position): s.text for name, segs in segments.items() for s in segs}
        print(
            f"{len(refs)} claims, {len(links)} links "
            f"({sum(x.relation != 'related' for x in links)} same-claim) in {elapsed:.2f}s"
        )
        for link in links:
            if link.relation == "related":
                continue
            pair = frozenset((sentence_of[link.a], sentence_of[link.b]))
            mark = "  " if tuple(sorted(pair)) not in result.unlabelled else "??"
            print(
                f"{mark} {link.score:.3f} {link.relation:8} {refs[link.a].text[:70]!r}\n"
                f"{'':18}{refs[link.b].text[:70]!r} {link.differences}"
            )
        for side_a, side_b in result.missed_core:
            print(
                f"MISSED core: {side_a.article} {side_a.substring!r} / "
                f"{side_b.article} {side_b.substring!r}"
            )
        for failure in result.segmentation_failures:
            print(f"SEGMENTATION {failure.check}: {failure.side} {failure.reason}")
        del texts
    return result


def baseline(seeds: Path, gold_path: Path) -> list[tuple[int, EvaluationResult]]:
    """Plain rapidfuzz token_set_ratio on whole body sentences, for every threshold."""
    gold = load_gold(gold_path)
    nlp = build_nlp()
    segments = {
        p.name: segment(p.read_text(encoding="utf-8"), nlp=nlp) for p in sorted(seeds.glob("*.txt"))
    }
    sentences = {
        name: [SentenceInfo((name, s.position), s.text, s.kind.value) for s in segs]
        for name, segs in segments.items()
    }
    body = [(name, s) for name, segs in segments.items() for s in segs if s.kind is Kind.BODY]
    scored = []
    for i, (name_a, a) in enumerate(body):
        for name_b, b in body[i + 1 :]:
            if name_a != name_b:
                scored.append(
                    (
                        (name_a, a.position),
                        (name_b, b.position),
                        fuzz.token_set_ratio(a.text, b.text),
                    )
                )
    results = []
    for threshold in range(30, 101, 2):
        links = [(x, y, "agree") for x, y, s in scored if s >= threshold]
        results.append((threshold, evaluate(gold, sentences, links)))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--gold", type=Path, default=ROOT / "tests" / "data" / "seed_links_dev.json"
    )
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    parser.add_argument("--published", type=dt.date.fromisoformat, default=None)
    parser.add_argument("-v", "--verbose", action="store_true", help="list links and misses")
    parser.add_argument(
        "--all", action="store_true", help="the seeds and every story of bench/devsets/"
    )
    parser.add_argument(
        "--skip",
        default="",
        metavar="NAMES",
        help="with --all: comma-separated stories to leave out (held out until measured)",
    )
    args = parser.parse_args()
    if args.all:
        run_all(args.verbose, skip=frozenset(filter(None, args.skip.split(","))))
        return

    sweep = baseline(args.seeds, args.gold)
    best_threshold, best = max(sweep, key=lambda item: (item[1].f1, item[1].precision))
    print("Baseline: rapidfuzz token_set_ratio on whole body sentences, best-F1 threshold")
    print(f"  threshold {best_threshold}: {best.summary()}")
    high_recall = [item for item in sweep if item[1].recall >= 0.9]
    if high_recall:
        threshold, result = high_recall[-1]
        print(f"  at core recall >= 0.9 (threshold {threshold}): {result.summary()}")
    dates = [args.published] if args.published else [None, STORY_DATE]
    for published in dates:
        result = run(args.seeds, args.gold, published, args.verbose)
        label = published.isoformat() if published else "unknown"
        print(f"Claims pipeline, publication date {label}:")
        print(f"  {result.summary()}")
        passed = result.segmentation_checks - len(result.segmentation_failures)
        print(f"  segmentation checks: {passed}/{result.segmentation_checks} passed")


def run_all(verbose: bool, skip: frozenset[str] = frozenset()) -> None:
    """The seeds and each of our own stories, one line each, then all pairs together."""
    stories = [("seeds", ROOT / "seeds", ROOT / "tests" / "data" / "seed_links_dev.json", {})]
    for gold_path in sorted((ROOT / "bench" / "devsets").glob("*/gold.json")):
        if gold_path.parent.name in skip:
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        files = gold.get("articles", {})
        dates = {
            files[key]: dt.date.fromisoformat(day)
            for key, day in gold.get("published", {}).items()
            if key in files
        }
        stories.append((gold_path.parent.name, gold_path.parent, gold_path, dates))
    correct = found = core_found = core = 0
    expected: dict[str, int] = {}
    shown: dict[str, int] = {}
    for name, folder, gold_path, dates in stories:
        threshold, plain = max(baseline(folder, gold_path), key=lambda x: (x[1].f1, x[1].precision))
        print(f"{name:8} baseline (rapidfuzz, threshold {threshold}): {plain.summary()}")
        result = run(folder, gold_path, STORY_DATE, verbose, dates)
        relations = _relations(result.relations_expected, result.relations_shown)
        print(f"{name:8} {result.summary()}{relations}")
        correct, found = correct + result.correct, found + result.found
        for relation, count in result.relations_expected.items():
            expected[relation] = expected.get(relation, 0) + count
            shown[relation] = shown.get(relation, 0) + result.relations_shown.get(relation, 0)
        core_found, core = core_found + result.core_found, core + result.core
    precision = correct / found if found else 0.0
    recall = core_found / core if core else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(
        f"{'all':8} precision {precision:.3f} ({correct}/{found})  "
        f"core recall {recall:.3f} ({core_found}/{core})  F1 {f1:.3f}{_relations(expected, shown)}"
    )


def _relations(expected: dict[str, int], shown: dict[str, int]) -> str:
    """ "  relations: conflicts 9/12 diverge, agreements 3/3 agree" for found core pairs
    whose gold note names the relation (our own stories' notes do; the seeds' do not)."""
    if not expected:
        return ""
    parts = []
    for relation, label in (("diverge", "conflicts"), ("agree", "agreements")):
        if expected.get(relation):
            parts.append(f"{label} {shown.get(relation, 0)}/{expected[relation]} {relation}")
    return "  relations: " + ", ".join(parts)


if __name__ == "__main__":
    main()
