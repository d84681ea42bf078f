"""Write a story as JSON: `manage.py export_story SLUG [--output FILE]`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from articles.exporting import export_story
from articles.models import Story


class Command(BaseCommand):
    help = "Export a story's articles, sentences, claims and links as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        parser.add_argument("--output", "-o", type=Path, help="file to write (default: stdout)")

    def handle(self, *args: Any, slug: str, output: Path | None, **options: Any) -> None:
        story = Story.objects.filter(slug=slug).first()
        if story is None:
            raise CommandError(f"No story with slug '{slug}'.")
        data = json.dumps(export_story(story), ensure_ascii=False, indent=2)
        if output is None:
            self.stdout.write(data)
            return
        try:
            output.write_text(data + "\n", encoding="utf-8")
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror or error}") from error
        self.stderr.write(f"Wrote {output}")
