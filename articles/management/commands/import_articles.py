"""Import article files into stories: `manage.py import_articles PATH [PATH ...]`.

Files or directories (searched recursively) in .txt, .md, .html or .json. Without
--story, a directory becomes one story named after it and a single file starts a new
story. One line per file, then a summary; the exit status is 1 when any file failed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from articles.importing import FileResult, Status, import_articles
from articles.sources import find_files


class Command(BaseCommand):
    help = "Import news articles (.txt, .md, .html, .json) from files or directories."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
        parser.add_argument("--story", help="slug or title of the story to import into")
        parser.add_argument(
            "--dry-run", action="store_true", help="read and analyse, but store nothing"
        )
        parser.add_argument(
            "--date",
            type=_date,
            metavar="YYYY-MM-DD",
            help="publication date of the articles that give none ('last year' resolves "
            "against it)",
        )

    def handle(
        self,
        *args: Any,
        paths: list[Path],
        story: str | None,
        dry_run: bool,
        date: dt.date | None = None,
        **options: Any,
    ) -> None:
        verbosity = options["verbosity"]
        total = sum(1 for _ in find_files(paths))
        show_bar = sys.stderr.isatty() and total > 5 and verbosity > 0
        bar = tqdm(total=total, unit="file", disable=not show_bar, file=sys.stderr)

        def report(result: FileResult) -> None:
            bar.update(1)
            if verbosity == 0 and result.status is not Status.FAILED:
                return
            style = {
                Status.IMPORTED: self.style.SUCCESS,
                Status.FAILED: self.style.ERROR,
            }.get(result.status, str)
            line = style(result.line())
            if show_bar:
                bar.write(line)
            else:
                self.stdout.write(line)

        result = import_articles(
            paths=paths, story=story, dry_run=dry_run, on_result=report, published=date
        )
        bar.close()
        for slug, links in result.relinked.items():
            self.stdout.write(f"story '{slug}': linked as a whole ({links} links)")
        self.stdout.write(result.summary())
        if result.failed:
            raise CommandError(f"{result.count(Status.FAILED)} of {len(result.results)} failed")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (use YYYY-MM-DD)") from None
