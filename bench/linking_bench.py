"""Linking benchmark: claims/s, and how linking time grows with a story.

    .venv/bin/python bench/linking_bench.py [--stories 50] [--articles 10]

Pure pipeline, no database: synthetic stories of ARTICLES articles (sample sentences
recombined with varied numbers and names, as in import_bench.py) are segmented and their
claims extracted, with each claim's sentence vector (`claims.semantics`) as the importer
computes it before linking (its rate is printed apart); then each story is linked article
by article, as the importer does. Prints claims/s, the time for one story, the time
rapidfuzz takes on the candidate pairs (one call per pair, as the matcher does) next to
`process.cdist` scoring every pair of the story, and the time to link stories of 10
versus 20 articles.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def make_story(rng: random.Random, pool: list[str], articles: int, first_key: int) -> list:
    from import_bench import synthetic_text

    from articles.nlp import build_pipeline
    from articles.segmentation import Kind, segment
    from claims.extraction import extract_many
    from claims.matching import ClaimRef
    from claims.semantics import encode

    nlp = build_pipeline()
    refs, key = [], first_key
    for article in range(articles):
        text = synthetic_text(rng, pool, outlet=f"Outlet {article}")
        body = [s for s in segment(text, nlp=nlp) if s.kind is Kind.BODY]
        extracted = extract_many([(s.text, s.start) for s in body])
        # The sentence vectors are computed at import and stored; timed apart from linking.
        started = time.perf_counter()
        vectors = iter(encode([claim.text for claims in extracted for claim in claims]))
        ENCODING.append((time.perf_counter() - started, sum(map(len, extracted))))
        for sentence, claims in zip(body, extracted, strict=True):
            for claim in claims:
                refs.append(
                    ClaimRef(
                        key,
                        article,
                        sentence.position,
                        claim.text,
                        claim.features,
                        vector=next(vectors),
                    )
                )
                key += 1
    return refs


# (seconds, claims) of each article's sentence vectors, as the importer computes them.
ENCODING: list[tuple[float, int]] = []


def link_incrementally(refs: list) -> tuple[float, int]:
    """Seconds to link a story article by article, and the links made."""
    from claims.matching import find_links

    started, links = time.perf_counter(), 0
    articles = sorted({r.article for r in refs})
    for article in articles:
        new = [r for r in refs if r.article == article]
        existing = [r for r in refs if r.article < article]
        links += len(find_links(new, existing))
    return time.perf_counter() - started, links


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--stories", type=int, default=50)
    parser.add_argument("--articles", type=int, default=10)
    options = parser.parse_args()

    from import_bench import sentence_pool
    from rapidfuzz import fuzz, process

    from claims.matching import pair_scores

    rng = random.Random(11)
    pool = sentence_pool()
    stories = [
        make_story(rng, pool, options.articles, first_key=i * 100_000)
        for i in range(options.stories)
    ]
    claims = sum(len(s) for s in stories)
    times, links = [], 0
    for refs in stories:
        seconds, made = link_incrementally(refs)
        times.append(seconds)
        links += made
    total = sum(times)
    size = f"{options.stories} stories x {options.articles} articles"
    print(f"{size}: {claims:,} claims, {links:,} links")
    print(f"linking: {total:.1f} s in all, {claims / total:,.0f} claims/s")
    print(
        f"one story (~{claims // options.stories} claims): median {statistics.median(times):.3f} s,"
        f" max {max(times):.3f} s"
    )
    encoded = sum(n for _, n in ENCODING)
    if encoded and sum(t for t, _ in ENCODING):
        rates = [n / t for t, n in ENCODING if t]
        print(
            f"sentence vectors (at import, not part of linking): {encoded:,} claims,"
            f" median {statistics.median(rates):,.0f} claims/s per article"
        )

    # rapidfuzz on the candidate pairs versus cdist over every pair of the story.
    fuzz_times, cdist_times, candidates, all_pairs = [], [], 0, 0
    for refs in stories[:10]:
        by_key = {r.key: r for r in refs}
        words = {k: _words(r) for k, r in by_key.items()}
        pairs = list(pair_scores(refs))
        started = time.perf_counter()
        for a, b in pairs:
            fuzz.token_set_ratio(words[a], words[b])
        fuzz_times.append(time.perf_counter() - started)
        texts = list(words.values())
        started = time.perf_counter()
        process.cdist(texts, texts, scorer=fuzz.token_set_ratio, workers=-1)
        cdist_times.append(time.perf_counter() - started)
        candidates += len(pairs)
        all_pairs += len(texts) * (len(texts) - 1) // 2
    print(
        f"rapidfuzz on candidate pairs: median {statistics.median(fuzz_times) * 1000:.1f} ms/story"
        f" ({candidates / all_pairs:.1%} of all pairs);"
        f" process.cdist on all pairs: median {statistics.median(cdist_times) * 1000:.1f} ms/story"
    )

    # Growth: a story twice as large.
    small = [make_story(rng, pool, options.articles, 10_000_000 + i * 100_000) for i in range(5)]
    large = [
        make_story(rng, pool, 2 * options.articles, 20_000_000 + i * 100_000) for i in range(5)
    ]
    small_time = statistics.median(_relink(s) for s in small)
    large_time = statistics.median(_relink(s) for s in large)
    print(
        f"relinking a whole story: {options.articles} articles {small_time:.3f} s,"
        f" {2 * options.articles} articles {large_time:.3f} s"
        f" (x{large_time / small_time:.2f} for a story twice as large)"
    )
    last_small = statistics.median(_last_article(s) for s in small)
    last_large = statistics.median(_last_article(s) for s in large)
    print(
        f"linking the last article: {last_small * 1000:.0f} ms into {options.articles - 1}"
        f" articles, {last_large * 1000:.0f} ms into {2 * options.articles - 1}"
        f" (x{last_large / last_small:.2f})"
    )


def _words(ref: object) -> str:
    """The words rapidfuzz compares for a claim, as the matcher builds them."""
    from claims.matching import claim_terms

    return " ".join(sorted(t for t in claim_terms(ref.features) if "~" not in t))  # type: ignore[attr-defined]


def _relink(refs: list) -> float:
    from claims.matching import find_links

    started = time.perf_counter()
    find_links(refs, [])
    return time.perf_counter() - started


def _last_article(refs: list) -> float:
    from claims.matching import find_links

    last = max(r.article for r in refs)
    new = [r for r in refs if r.article == last]
    existing = [r for r in refs if r.article != last]
    started = time.perf_counter()
    find_links(new, existing)
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
