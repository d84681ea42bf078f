"""Measure the stored links against a hand-labelled gold file.

    manage.py evaluate_links GOLD.json [--story SLUG]

Imports nothing: it reads the articles the gold file names (by source file name) from
the database, and prints precision, core recall and F1 of the links between their
sentences (agree and diverge links count as found), then the file's segmentation checks.
With -v 2 it also lists missed core pairs and found links the gold file does not label.
"""

from __future__ import annotations

import json
from collections.abc import Hashable
from pathlib import Path, PurePath
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Count

from articles.models import Article, Sentence, Story
from claims.evaluation import SentenceInfo, evaluate, load_gold
from claims.models import ClaimLink


class Command(BaseCommand):
    help = "Print precision, recall and F1 of the stored claim links against a gold file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("gold", type=Path, metavar="GOLD.json")
        parser.add_argument("--story", help="slug of the story holding the gold file's articles")

    def handle(self, *args: Any, gold: Path, story: str | None, **options: Any) -> None:
        try:
            data = load_gold(gold)
        except OSError as error:
            raise CommandError(f"Cannot read {gold}: {error.strerror or error}") from error
        except json.JSONDecodeError as error:
            raise CommandError(f"{gold} is not valid JSON: {error}") from error
        if not isinstance(data, dict) or "pairs" not in data:
            raise CommandError(f"{gold} has no 'pairs': not a gold file of links")

        articles = self._articles(data, story)
        names = {a.pk: PurePath(a.source_file).name for a in articles}
        sentences: dict[str, list[SentenceInfo]] = {name: [] for name in names.values()}
        rows = (
            Sentence.objects.filter(article__in=articles)
            .annotate(claim_count=Count("claims"))
            .order_by("article_id", "position")
            .values_list("pk", "article_id", "text", "kind", "claim_count")
        )
        for pk, article_id, text, kind, claim_count in rows:
            sentences[names[article_id]].append(SentenceInfo(pk, text, kind, claim_count))
        links = (
            ClaimLink.objects.visible()
            .filter(a__article__in=articles, b__article__in=articles)
            .values_list("a__sentence_id", "b__sentence_id", "relation")
        )
        result = evaluate(data, sentences, links)

        self.stdout.write(f"articles: {', '.join(sorted(sentences))}")
        self.stdout.write(f"links: {result.summary()}")
        for relation, label in (("diverge", "conflicts"), ("agree", "agreements")):
            if result.relations_expected.get(relation):
                self.stdout.write(
                    f"{label} the gold notes name: {result.relations_shown.get(relation, 0)}"
                    f"/{result.relations_expected[relation]} found as {relation}"
                )
        passed = result.segmentation_checks - len(result.segmentation_failures)
        self.stdout.write(f"segmentation checks: {passed}/{result.segmentation_checks} passed")
        for failure in result.segmentation_failures:
            self.stdout.write(
                f"  FAILED {failure.check}: [{failure.side.article}] "
                f"{failure.side.substring!r}: {failure.reason}"
            )
        if result.skipped_pairs:
            self.stdout.write(f"({result.skipped_pairs} gold pairs name articles not imported)")
        if options["verbosity"] >= 2:
            for a, b in result.missed_core:
                self.stdout.write(
                    f"  missed core: [{a.article}] {a.substring!r} ~ [{b.article}] {b.substring!r}"
                )
            texts: dict[Hashable, str] = dict(
                Sentence.objects.filter(article__in=articles).values_list("pk", "text")
            )
            for left, right in result.unlabelled:
                self.stdout.write(f"  not in gold: {texts.get(left)!r} ~ {texts.get(right)!r}")

    def _articles(self, data: dict[str, Any], story: str | None) -> list[Article]:
        if story:
            found = Story.objects.filter(slug=story).first()
            if found is None:
                raise CommandError(f"No story with slug '{story}'.")
            return list(found.articles.all())
        wanted = set(data.get("articles", {}).values())
        articles = [a for a in Article.objects.all() if PurePath(a.source_file).name in wanted]
        if not articles:
            raise CommandError("None of the gold file's articles is imported.")
        if len({a.story_id for a in articles}) > 1:
            raise CommandError("The gold file's articles are in several stories: pass --story.")
        return articles
