"""Import benchmark: a synthetic corpus into a fresh SQLite database.

    .venv/bin/python bench/import_bench.py [--articles 500] [--stories 50] [--repeat 9]
                                             [--segmentation-only] [--sample 600]

Builds ARTICLES articles of about 700 words in STORIES stories by recombining the body
sentences of seeds/ with varied numbers and names, imports them with the real workflow
(segmentation, claims, sentence vectors, links, database writes), and prints articles/s,
words/s and peak memory, and how much of the import the sentence model was (the corpus
repeats its sentences, whose vectors the import reuses). Then times segmentation of the
same texts against spaCy's own `nlp.pipe` with the plain sentencizer, as medians over
REPEAT interleaved runs (CPU time).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

NAMES = ["Putin", "Xi", "Lavrov", "Wang", "Modi", "Lula", "Erdogan", "Scholz", "Macron", "Kishida"]
CITIES = ["Harbin", "Beijing", "Moscow", "Shanghai", "Vladivostok", "Kazan", "Delhi", "Ankara"]


def synthetic_text(rng: random.Random, pool: list[str], *, outlet: str, words: int = 700) -> str:
    """An article of about `words` words recombining `pool` with varied numbers and names."""
    name, city = rng.choice(NAMES), rng.choice(CITIES)
    sentences, count = [], 0
    while count < words:
        sentence = rng.choice(pool)
        sentence = re.sub(r"\d+", lambda m: str(int(m.group()) + rng.randint(0, 9)), sentence)
        sentence = sentence.replace("Putin", name).replace("Harbin", city)
        sentences.append(sentence)
        count += len(sentence.split())
    paragraphs = [" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3)]
    return f"Outlet: {outlet}\n\n" + "\n\n".join(paragraphs) + "\n"


def sentence_pool() -> list[str]:
    """The body sentences of the sample articles."""
    from articles.nlp import build_pipeline
    from articles.segmentation import Kind, segment

    nlp = build_pipeline()
    return [
        s.text
        for path in sorted((ROOT / "seeds").glob("*.txt"))
        for s in segment(path.read_text(encoding="utf-8"), nlp=nlp)
        if s.kind is Kind.BODY
    ]


def build_corpus(folder: Path, *, articles: int, stories: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    pool = sentence_pool()
    texts = []
    for number in range(articles):
        story = folder / f"story-{number % stories:02d}"
        story.mkdir(exist_ok=True)
        text = synthetic_text(rng, pool, outlet=f"Outlet {number % 10}")
        (story / f"article-{number:04d}.txt").write_text(text, encoding="utf-8")
        texts.append(text)
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--stories", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument(
        "--segmentation-only", action="store_true", help="skip the import, time segmentation"
    )
    parser.add_argument(
        "--sample", type=int, default=600, help="distinct claims to time the sentence model on"
    )
    options = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="newsdesk-bench-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{work / 'bench.sqlite3'}"
    # As in production: without DEBUG, Django does not record every query.
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "import-bench-only-not-a-secret")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from articles.importing import Status, import_articles
    from articles.nlp import build_pipeline, get_nlp
    from articles.segmentation import segment_many

    call_command("migrate", verbosity=0)
    corpus = work / "corpus"
    corpus.mkdir()
    texts = build_corpus(corpus, articles=options.articles, stories=options.stories)
    words = sum(len(t.split()) for t in texts)
    print(f"corpus: {len(texts)} articles, {options.stories} stories, {words:,} words")

    if not options.segmentation_only:
        get_nlp()  # load outside the timing, as a long-running worker would have it loaded
        started = time.perf_counter()
        report = import_articles(paths=sorted(corpus.iterdir()))
        elapsed = time.perf_counter() - started
        imported = report.count(Status.IMPORTED)
        failed = report.count(Status.FAILED)
        print(f"import: {imported} imported, {failed} failed in {elapsed:.1f} s")
        print(f"        {imported / elapsed:.1f} articles/s, {words / elapsed:,.0f} words/s")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"        peak memory (max RSS) {peak:.0f} MB")
        _sentence_vectors(options.sample)

    import spacy

    raw = spacy.blank("en")
    raw.add_pipe("sentencizer")
    ours = build_pipeline()
    # Interleaved runs, timed in CPU seconds of this process: on a small, shared machine
    # other processes then slow both sides alike, and the median of the per-run ratios
    # is steadier than a ratio of medians.
    raw_times, our_times = [], []
    for _ in range(options.repeat):
        t0 = time.process_time()
        for _doc in raw.pipe(texts):
            pass
        raw_times.append(time.process_time() - t0)
        t0 = time.process_time()
        segment_many(texts, nlp=ours)
        our_times.append(time.process_time() - t0)
    raw_median, our_median = statistics.median(raw_times), statistics.median(our_times)
    ratios = [ours_s / raw_s for raw_s, ours_s in zip(raw_times, our_times, strict=True)]
    print(f"segmentation, CPU time, median of {options.repeat} interleaved runs:")
    for label, seconds in (
        ("spaCy nlp.pipe (blank + sentencizer)", raw_median),
        ("newsdesk segment_many", our_median),
    ):
        print(f"        {label:<38} {seconds:.2f} s, {words / seconds:,.0f} words/s")
    print(
        f"        ratio newsdesk / spaCy: median {statistics.median(ratios):.2f}x"
        f" (min {min(ratios):.2f}x, max {max(ratios):.2f}x)"
    )


def _sentence_vectors(sample: int) -> None:
    """How much of the import the sentence model was: the corpus recombines sample
    sentences, so most claims repeat a text the model has seen, and the import reuses its
    vector. Prints the share of distinct texts and the model's rate on distinct ones, from
    which the import time of a corpus with no repeated sentence follows."""
    from claims import semantics
    from claims.models import Claim

    texts = list(Claim.objects.values_list("text", flat=True))
    distinct = sorted(set(texts))
    print(f"sentence vectors: {len(texts):,} claims, {len(distinct):,} distinct texts")
    encoder = semantics._encoder()
    if encoder is None:
        print("        the sentence model is not installed")
        return
    chosen = distinct[:: max(1, len(distinct) // sample)][:sample]
    encoder.embed(chosen[:1])  # warm
    started = time.perf_counter()
    for i in range(0, len(chosen), semantics.BATCH):
        encoder.embed(sorted(chosen, key=len)[i : i + semantics.BATCH])
    rate = len(chosen) / (time.perf_counter() - started)
    repeats = len(texts) - len(distinct)
    print(
        f"        the model on {len(chosen)} distinct texts: {rate:,.0f} claims/s; the import"
        f" reused {repeats:,} vectors, so a corpus without repeated sentences would take"
        f" about {repeats / rate:,.0f} s more"
    )


if __name__ == "__main__":
    main()
