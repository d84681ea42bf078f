"""Link stories again with the current extraction and matching: `manage.py relink`.

    manage.py relink                 stories with claims an older extraction described, or
                                     with articles a cut-off batch import left unlinked
    manage.py relink SLUG [SLUG ...] those stories
    manage.py relink --all           every story

Each story's claim features are extracted again and its automatic links recomputed, in
one transaction per story; editor decisions and everything editors did to claims stay.
Run it after an upgrade that improves the linking (the release notes say so).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from articles.models import Article, Story
from claims.linking import outdated_claims, refresh_features, relink_story


class Command(BaseCommand):
    help = "Extract claim features again and recompute the automatic links of stories."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slugs", nargs="*", metavar="SLUG", help="stories to relink")
        parser.add_argument("--all", action="store_true", help="relink every story")

    def handle(self, *args: Any, slugs: list[str], all: bool, **options: Any) -> None:
        if slugs and all:
            raise CommandError("Name stories or give --all, not both.")
        if slugs:
            stories = list(Story.objects.filter(slug__in=slugs).order_by("slug"))
            missing = sorted(set(slugs) - {story.slug for story in stories})
            if missing:
                raise CommandError(f"No story with slug: {', '.join(missing)}.")
        elif all:
            stories = list(Story.objects.order_by("slug"))
        else:
            outdated = outdated_claims().values("article__story")
            pending = Article.objects.filter(links_pending=True).values("story")
            stories = list(
                Story.objects.filter(Q(pk__in=outdated) | Q(pk__in=pending)).order_by("slug")
            )
            if not stories:
                self.stdout.write("Every story is up to date.")
                return
        for story in stories:
            refreshed = refresh_features(story)
            links = relink_story(story)
            self.stdout.write(
                f"{story.slug}: {refreshed} claims described anew, {links} automatic links"
            )
        self.stdout.write(f"Relinked {len(stories)} {'story' if len(stories) == 1 else 'stories'}.")
