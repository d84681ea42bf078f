"""Segmentation cost in CPU instructions, which, unlike seconds, a busy machine cannot skew.

    bench/segmentation_instructions.py [--articles 100]

Runs three processes under valgrind's callgrind (Debian's `valgrind`): one that only
loads everything and warms up, one that also runs spaCy's own `nlp.pipe` (blank English +
sentencizer) over the synthetic corpus of `import_bench.py`, and one that runs newsdesk's
`segment_many` instead. The differences to the first are the instructions each costs;
their ratio is the figure to compare with the timed ratio of `import_bench.py`.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def child(mode: str, articles: int) -> None:
    sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")
    os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()
    import spacy
    from import_bench import build_corpus

    from articles.nlp import build_pipeline
    from articles.segmentation import segment_many

    texts = build_corpus(Path(tempfile.mkdtemp()), articles=articles, stories=10)
    raw = spacy.blank("en")
    raw.add_pipe("sentencizer")
    ours = build_pipeline()
    list(raw.pipe(texts[:5]))  # warm both up alike
    segment_many(texts[:5], nlp=ours)
    if mode == "raw":
        list(raw.pipe(texts))
    elif mode == "ours":
        segment_many(texts, nlp=ours)


def instructions(mode: str, articles: int) -> int:
    with tempfile.TemporaryDirectory() as folder:
        done = subprocess.run(
            [
                "valgrind",
                "--tool=callgrind",
                f"--callgrind-out-file={folder}/out",
                sys.executable,
                __file__,
                "--child",
                mode,
                "--articles",
                str(articles),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
    match = re.search(r"Collected : (\d+)", done.stderr)
    if not match:
        raise SystemExit(f"callgrind printed no total:\n{done.stderr[-2000:]}")
    return int(match.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--child", choices=["none", "raw", "ours"], help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        child(options.child, options.articles)
        return
    base = instructions("none", options.articles)
    raw = instructions("raw", options.articles) - base
    ours = instructions("ours", options.articles) - base
    print(f"segmentation of {options.articles} synthetic articles, in instructions:")
    print(f"        spaCy nlp.pipe (blank + sentencizer)   {raw / 1e6:,.0f} M")
    print(f"        newsdesk segment_many                  {ours / 1e6:,.0f} M")
    print(f"        ratio newsdesk / spaCy: {ours / raw:.2f}x")


if __name__ == "__main__":
    main()
