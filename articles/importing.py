"""The import workflow shared by `manage.py import_articles` and the browser's Import page.

    report = import_articles(paths=[Path("seeds")], story="Putin in China")

Both read their inputs into `ArticleInput` records with `articles.sources`, turn each
input into report lines and articles with `prepare_items`, import every article with
`import_article` and report in the same `FileResult` lines (`articles.import_jobs` runs
the browser's imports and stores those lines).

Each article is read, segmented and its claims extracted outside any transaction, then
written, together with its links to the rest of its story, in one transaction of its
own: a failure leaves no trace of that article and does not stop the others. The
content hash makes importing the same text twice a no-op. When `import_articles` adds
several articles to one story, the first is linked at once and the story is linked as a
whole at the end of the run (`claims.linking.relink_story`), so that the links do not
depend on the order of the files; meanwhile the others are marked `links_pending`.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.text import slugify

from articles.models import UNKNOWN_OUTLET, Article, Outlet, Sentence, Story
from articles.segmentation import Kind, Segment, derive_title, segment
from articles.sources import (
    FORMATS,
    ArticleInput,
    SourceError,
    find_files,
    parse_bytes,
    read_file,
)
from claims.anchoring import carry_over
from claims.linking import extract_claims_for, link_article, relink_story

logger = logging.getLogger(__name__)


class Status(StrEnum):
    IMPORTED = "imported"
    UNCHANGED = "unchanged"
    FAILED = "failed"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class FileResult:
    label: str
    status: Status
    detail: str = ""
    article_id: int | None = None
    story_slug: str | None = None

    def line(self) -> str:
        return f"{self.label}: {self.status}" + (f" ({self.detail})" if self.detail else "")

    def as_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "status": self.status.value,
            "detail": self.detail,
            "article_id": self.article_id,
            "story_slug": self.story_slug,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FileResult:
        return cls(
            label=str(data["label"]),
            status=Status(data["status"]),
            detail=str(data.get("detail") or ""),
            article_id=data.get("article_id"),
            story_slug=data.get("story_slug"),
        )


@dataclass
class ImportReport:
    results: list[FileResult] = field(default_factory=list)
    dry_run: bool = False
    # Stories linked as a whole at the end of the run -> their automatic links.
    relinked: dict[str, int] = field(default_factory=dict)

    def count(self, status: Status) -> int:
        return sum(result.status is status for result in self.results)

    @property
    def failed(self) -> bool:
        return self.count(Status.FAILED) > 0

    @property
    def stories(self) -> list[str]:
        return sorted({r.story_slug for r in self.results if r.story_slug})

    def summary(self) -> str:
        counts = ", ".join(f"{self.count(status)} {status}" for status in Status)
        return f"{len(self.results)} articles: {counts}" + (" (dry run)" if self.dry_run else "")


class StoryChoice:
    """Which story an article goes to; a story is only created with its first article."""

    def __init__(self, requested: str | None) -> None:
        self.requested = requested

    def for_item(self, item: ArticleInput, directory: Path | None) -> Story:
        if self.requested:
            return find_or_create_story(self.requested)
        if directory is not None:
            name = directory.resolve().name or "Imported articles"
            return find_or_create_story(name)
        return create_story(item.title)


def find_or_create_story(slug_or_title: str) -> Story:
    value = slug_or_title.strip()
    story = (
        Story.objects.filter(slug=value).first()
        or Story.objects.filter(title__iexact=value).first()
        or Story.objects.filter(slug=slugify(value)).first()
    )
    return story or create_story(value)


def create_story(title: str) -> Story:
    base = slugify(title)[:100] or "story"
    slug, n = base, 1
    while Story.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return Story.objects.create(title=title[:300] or "Untitled story", slug=slug)


def import_articles(
    *,
    paths: Sequence[Path],
    story: str | None = None,
    dry_run: bool = False,
    on_result: Callable[[FileResult], None] | None = None,
    published: dt.date | None = None,
) -> ImportReport:
    """Import every article file under `paths`; see the module docstring. `published`:
    the publication date of articles that give none (dates resolve against it)."""
    report = ImportReport(dry_run=dry_run)
    choice = StoryChoice(story)
    batch = Batch()
    max_bytes = settings.NEWSDESK_MAX_IMPORT_BYTES
    for path, directory in find_files(paths):
        for result in _import_path(path, directory, choice, max_bytes, dry_run, batch, published):
            report.results.append(result)
            if on_result:
                on_result(result)
    # A story's first article of the run was linked against the story as it was; the
    # others wait, and the story is linked as a whole once they are in: the links do not
    # depend on the order the files were read in (what is rare in a story changes as it
    # grows), and each story is linked once, not once per article.
    for story_id in sorted(batch.deferred):
        story_found = Story.objects.filter(pk=story_id).first()
        if story_found is not None:
            report.relinked[story_found.slug] = relink_story(story_found)
    return report


def _import_path(
    path: Path,
    directory: Path | None,
    choice: StoryChoice,
    max_bytes: int,
    dry_run: bool,
    batch: Batch | None = None,
    published: dt.date | None = None,
) -> Iterable[FileResult]:
    label = str(path)
    if directory is not None and path.suffix.lower() not in FORMATS:
        yield FileResult(label, Status.SKIPPED, "not an article format")
        return
    try:
        items = read_file(path, max_bytes=max_bytes)
    except SourceError as error:
        yield FileResult(label, Status.FAILED, str(error))
        return
    except OSError as error:
        yield FileResult(label, Status.FAILED, f"cannot read: {error.strerror or error}")
        return
    source_file = str(path.relative_to(directory)) if directory else path.name
    for item in prepare_items(items, label=label, folder=str(path.parent), source_file=source_file):
        if isinstance(item, FileResult):
            yield item
            continue
        item.published = item.published or published
        yield import_article(
            item=item,
            story_for=lambda i: choice.for_item(i, directory),
            dry_run=dry_run,
            batch=None if dry_run else batch,
        )


def prepare_items(
    items: Sequence[ArticleInput | SourceError],
    *,
    label: str,
    source_file: str,
    folder: str = "",
) -> list[ArticleInput | FileResult]:
    """The articles of one input ready to import, and a failed line for each unreadable one.

    `label` names the input in the report (with `[n]` for the items of a JSON list),
    `source_file` is stored with each article; `folder`, when given, prefixes the item
    labels `parse_bytes` made instead (the command reports paths).
    """
    prepared: list[ArticleInput | FileResult] = []
    for number, item in enumerate(items):
        if isinstance(item, SourceError):
            prepared.append(FileResult(label, Status.FAILED, str(item)))
            continue
        if folder:
            item.label = str(Path(folder) / item.label)
        else:
            item.label = label if len(items) == 1 else f"{label}[{number}]"
        item.source_file = source_file
        prepared.append(item)
    return prepared


def pasted_article(
    *,
    text: str,
    title: str = "",
    outlet: str = "",
    url: str = "",
    published: dt.date | None = None,
    max_bytes: int,
) -> list[ArticleInput | SourceError]:
    """A pasted text, read like a .txt file; the metadata given beside it wins over any
    header lines in the text."""
    items = parse_bytes(text.encode("utf-8"), name="pasted.txt", max_bytes=max_bytes)
    for item in items:
        if isinstance(item, ArticleInput):
            item.title = " ".join(title.split())[:500] or item.title
            item.outlet = " ".join(outlet.split())[:200] or item.outlet
            item.url = url.strip() or item.url
            item.published = published or item.published
    return items


class Batch:
    """The stories a run of `import_articles` has added articles to.

    A story's first article of the run is linked at once; the later ones are saved with
    `links_pending` and their story is linked as a whole when the run ends.
    """

    def __init__(self) -> None:
        self.stories: set[int] = set()
        self.deferred: set[int] = set()

    def defers(self, story_id: int) -> bool:
        """Whether an article now added to the story waits for the run's end."""
        if story_id in self.stories:
            self.deferred.add(story_id)
            return True
        self.stories.add(story_id)
        return False


def import_article(
    *,
    item: ArticleInput,
    story_for: Callable[[ArticleInput], Story],
    dry_run: bool = False,
    batch: Batch | None = None,
) -> FileResult:
    """Import one parsed article in its own transaction (its links too, unless `batch`
    defers them to the end of the run)."""
    content_hash = Article.hash_text(item.text)
    existing = Article.objects.filter(content_hash=content_hash).select_related("story").first()
    if existing:
        return _unchanged(item, existing)
    try:
        segments = segment(item.text)
        if not any(s.kind is Kind.BODY for s in segments):
            return FileResult(
                item.label, Status.FAILED, "no body text: only headings or boilerplate"
            )
        item.title = item.title or derive_title(segments)
        with transaction.atomic():
            article = _save(item, content_hash, segments, story_for)
            links: int | None = None
            if batch is not None and batch.defers(article.story_id):
                Article.objects.filter(pk=article.pk).update(links_pending=True)
            else:
                links = link_article(article)
            notes = [*item.notes, *_replace_previous_version(article)]
            detail = _describe(article, segments, links, notes)
            if dry_run:
                transaction.set_rollback(True)
    except IntegrityError:
        # Another import wrote the same text between our check and our insert.
        existing = Article.objects.filter(content_hash=content_hash).select_related("story").first()
        if existing:
            return _unchanged(item, existing)
        logger.exception("Import of %s failed", item.label)
        return FileResult(item.label, Status.FAILED, "database refused the article")
    except Exception as error:  # one broken article must not stop the others
        logger.exception("Import of %s failed", item.label)
        return FileResult(item.label, Status.FAILED, f"unexpected error: {error}")
    slug = None if dry_run else article.story.slug
    return FileResult(item.label, Status.IMPORTED, detail, None if dry_run else article.pk, slug)


def _replace_previous_version(article: Article) -> list[str]:
    """A changed text of an article already in the story (same URL, else same file)
    replaces it; the editors' work on its claims is carried over (`claims.anchoring`)."""
    if not (article.url or article.source_file):
        return []
    same = Q(url=article.url) if article.url else Q(source_file=article.source_file)
    previous = (
        Article.objects.filter(same, story_id=article.story_id)
        .exclude(pk=article.pk)
        .order_by("-imported_at", "-pk")
        .first()
    )
    if previous is None:
        return []
    report = carry_over(old=previous, new=article)
    Article.objects.filter(story_id=article.story_id, pk=previous.pk).delete()
    note = f"replaces article {previous.pk} (text changed)"
    if report.moved or report.orphaned:
        note += (
            f"; {len(report.moved)} edited claims re-anchored,"
            f" {len(report.orphaned)} orphaned (listed in the review queue)"
        )
    return [note]


def _unchanged(item: ArticleInput, existing: Article) -> FileResult:
    return FileResult(
        item.label,
        Status.UNCHANGED,
        f"same text as article {existing.pk} in story '{existing.story.slug}'",
        existing.pk,
        existing.story.slug,
    )


def _save(
    item: ArticleInput,
    content_hash: str,
    segments: Sequence[Segment],
    story_for: Callable[[ArticleInput], Story],
) -> Article:
    outlet, _ = Outlet.objects.get_or_create(name=item.outlet or UNKNOWN_OUTLET)
    article = Article.objects.create(
        story=story_for(item),
        outlet=outlet,
        title=item.title[:500],
        byline=item.byline[:300] or _byline_from(segments),
        url=item.url,
        published=item.published,
        language=item.language or "en",
        text=item.text,
        content_hash=content_hash,
        source_file=item.source_file[:500],
    )
    sentences = Sentence.objects.bulk_create(
        Sentence(
            article=article,
            position=s.position,
            paragraph=s.paragraph,
            start=s.start,
            end=s.end,
            text=s.text,
            kind=s.kind.value,
        )
        for s in segments
    )
    extract_claims_for(article, sentences)
    return article


def _byline_from(segments: Sequence[Segment]) -> str:
    byline = next((s.text for s in segments if s.kind is Kind.BYLINE), "")
    return byline[:300]


def _describe(
    article: Article, segments: Sequence[Segment], links: int | None, notes: list[str]
) -> str:
    body = sum(s.kind is Kind.BODY for s in segments)
    parts = [
        f"story '{article.story.slug}'",
        f"{len(segments)} sentences, {body} body",
        f"{article.claims.count()} claims",
        f"{links} links" if links is not None else "linked with the story at the end",
        *notes,
    ]
    return "; ".join(parts)
