"""Imports started in the browser: stored as an `ImportJob`, run by a background worker.

    job = create_job(user=admin, files=[("a.txt", data)], story_mode="suggest")
    enqueue_job(job)           # the worker calls run_job(job.pk) (articles.tasks)

The inputs (file bytes, pasted text, URLs) are stored with the job, so the worker needs
nothing from the web process. Each article is imported by `importing.import_article`,
the command's function, and its report line is written to its `ImportSource` in the same
transaction: a worker killed at any moment leaves each article either complete with its
line, or absent. Running the job again (`retry_job`) skips every input and article
already recorded and goes on with the rest.
"""

from __future__ import annotations

import datetime as dt
import logging
import unicodedata
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from articles.fetching import FetchError, fetch
from articles.importing import (
    FileResult,
    ImportReport,
    Status,
    create_story,
    import_article,
    pasted_article,
    prepare_items,
)
from articles.models import Article, ImportJob, ImportSource, Sentence, Story
from articles.resemblance import MIN_SCORE, Profile, profile, rank
from articles.sources import ArticleInput, SourceError, parse_bytes

logger = logging.getLogger(__name__)

MAX_NAME = 200
# Story suggestion reads only the newest stories, and of each its newest articles' titles
# and opening sentences: enough to tell stories apart, bounded however large the archive.
SUGGEST_STORIES = 100
SUGGEST_ARTICLES = 8
SUGGEST_SENTENCES = 10


class Superseded(Exception):
    """This run of a job was replaced by a retry (or the job finished elsewhere)."""


@dataclass(frozen=True)
class Paste:
    text: str
    title: str = ""
    outlet: str = ""
    url: str = ""
    published: dt.date | None = None


def safe_name(raw: str, default: str = "upload") -> str:
    """A file name fit to show and store: no directories, control characters or excess.

    "../../etc/passwd" becomes "passwd"; the extension (which decides the format) is kept
    when a long name is shortened.
    """
    name = unicodedata.normalize("NFC", raw).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(" " if ch.isspace() else ch for ch in name)
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = " ".join(name.split()).strip(" .")
    if not name:
        return default
    if len(name) > MAX_NAME:
        stem, dot, suffix = name.rpartition(".")
        if dot and 0 < len(suffix) <= 10:
            name = stem[: MAX_NAME - len(suffix) - 2].rstrip() + "…." + suffix
        else:
            name = name[: MAX_NAME - 1] + "…"
    return name


def create_job(
    *,
    user: AbstractBaseUser | AnonymousUser | None,
    files: Sequence[tuple[str, bytes]] = (),
    pastes: Sequence[Paste] = (),
    urls: Sequence[str] = (),
    story_mode: str = ImportJob.StoryMode.SUGGEST,
    story: Story | None = None,
    new_story_title: str = "",
) -> ImportJob:
    """A queued job holding its inputs; `enqueue_job` hands it to a worker."""
    if story_mode == ImportJob.StoryMode.EXISTING and story is None:
        raise ValueError("an existing story is required")
    sources: list[ImportSource] = []
    for raw_name, data in files:
        name = safe_name(raw_name)
        metadata = {"sent_as": raw_name[:300]} if name != raw_name else {}
        sources.append(
            ImportSource(kind=ImportSource.Kind.FILE, name=name, content=data, metadata=metadata)
        )
    for number, paste in enumerate(pastes, start=1):
        metadata = {
            "title": paste.title,
            "outlet": paste.outlet,
            "url": paste.url,
            "published": paste.published.isoformat() if paste.published else "",
        }
        label = f"pasted text {number}" + (f": {paste.title[:80]}" if paste.title else "")
        sources.append(
            ImportSource(
                kind=ImportSource.Kind.PASTE,
                name=safe_name(label),
                content=paste.text.encode("utf-8"),
                metadata=metadata,
            )
        )
    for url in urls:
        sources.append(ImportSource(kind=ImportSource.Kind.URL, name=url[:255], url=url))
    if not sources:
        raise ValueError("nothing to import")
    with transaction.atomic():
        job = ImportJob.objects.create(
            created_by=user if isinstance(user, User) else None,
            story_mode=story_mode,
            story=story if story_mode == ImportJob.StoryMode.EXISTING else None,
            new_story_title=(
                story.title
                if story is not None and story_mode == ImportJob.StoryMode.EXISTING
                else new_story_title.strip()[:300]
            ),
        )
        for position, source in enumerate(sources):
            source.job = job
            source.position = position
        ImportSource.objects.bulk_create(sources)
    return job


def enqueue_job(job: ImportJob) -> None:
    """Hand the job to a worker (or, with the immediate backend, run it now)."""
    from articles.tasks import run_import

    try:
        result = run_import.enqueue(job.pk)
    except Exception as error:  # the queue is a database table; it can be unreachable
        logger.exception("Could not queue import %s", job.pk)
        ImportJob.objects.filter(pk=job.pk).update(
            state=ImportJob.State.FAILED,
            error=f"could not queue the import: {error}",
            finished_at=timezone.now(),
        )
        return
    ImportJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])


def can_retry(job: ImportJob, *, stalled_after: int | None = None) -> bool:
    """Failed jobs, and running ones whose worker has gone silent (killed, crashed) for
    `stalled_after` seconds (default: NEWSDESK_IMPORT_STALL_SECONDS)."""
    if job.state == ImportJob.State.FAILED:
        return True
    if stalled_after is None:
        stalled_after = settings.NEWSDESK_IMPORT_STALL_SECONDS
    return ImportJob.objects.stalled(stalled_after).filter(pk=job.pk).exists()


def retry_job(job: ImportJob, *, stalled_after: int | None = None) -> bool:
    """Queue the job again; it goes on where it stopped. False if it cannot be retried."""
    if not can_retry(job, stalled_after=stalled_after):
        return False
    queued = ImportJob.objects.filter(pk=job.pk, attempt=job.attempt, state=job.state).update(
        state=ImportJob.State.QUEUED, error="", finished_at=None
    )
    if not queued:  # another retry, or the worker woke up
        return False
    _abandon_task(job.task_id)
    enqueue_job(job)
    return True


def run_job(job_id: int) -> dict[str, int]:
    """Run (or go on with) an import job; the task a worker executes."""
    attempt = _claim(job_id)
    if attempt is None:
        return {}
    try:
        job = ImportJob.objects.get(pk=job_id)
        pending = list(
            ImportSource.objects.filter(job=job, done=False)
            .order_by("position")
            .values_list("pk", flat=True)
        )
        loaded: dict[int, list[ArticleInput | FileResult]] = {}
        if job.story_mode == ImportJob.StoryMode.SUGGEST and not (job.story_id or job.suggestion):
            # The suggestion looks at all the articles, so read them all first.
            loaded = {pk: _load_source(job, attempt, pk) for pk in pending}
            _suggest(job, attempt, [item for items in loaded.values() for item in items])

        def story_for(item: ArticleInput) -> Story:
            return _story_for(job, item)

        for pk in pending:
            items = loaded.pop(pk, None)
            if items is None:
                items = _load_source(job, attempt, pk)
            for index, item in enumerate(items):
                _import_one(job, attempt, pk, index, item, story_for)
            with transaction.atomic():
                _heartbeat(job, attempt)
                ImportSource.objects.filter(pk=pk).update(done=True)
        with transaction.atomic():
            _heartbeat(job, attempt)
            ImportJob.objects.filter(pk=job.pk).update(
                state=ImportJob.State.DONE, finished_at=timezone.now()
            )
    except Superseded:
        logger.info("Import %s run %s was superseded by a retry", job_id, attempt)
        return {}
    except Exception as error:
        logger.exception("Import %s failed", job_id)
        ImportJob.objects.filter(pk=job_id, attempt=attempt).update(
            state=ImportJob.State.FAILED,
            error=f"{type(error).__name__}: {error}"[:2000],
            finished_at=timezone.now(),
        )
        raise
    report = job_report(job)
    return {status.value: report.count(status) for status in Status}


def job_report(job: ImportJob) -> ImportReport:
    results = [
        FileResult.from_dict(data)
        for recorded in job.sources.order_by("position").values_list("results", flat=True)
        for data in recorded
    ]
    return ImportReport(results=results)


@dataclass(frozen=True)
class Progress:
    inputs: int
    inputs_done: int
    report: ImportReport
    pending: list[str]  # the names of inputs not finished yet
    stalled: bool

    @property
    def percent(self) -> int:
        return round(100 * self.inputs_done / self.inputs) if self.inputs else 100


def job_progress(job: ImportJob) -> Progress:
    rows = list(job.sources.order_by("position").values_list("name", "done", "results", "metadata"))
    results = [FileResult.from_dict(data) for _, _, recorded, _ in rows for data in recorded]
    stalled = job.state == ImportJob.State.RUNNING and bool(
        job.heartbeat_at
        and (timezone.now() - job.heartbeat_at).total_seconds()
        > settings.NEWSDESK_IMPORT_STALL_SECONDS
    )
    return Progress(
        inputs=len(rows),
        inputs_done=sum(done for _, done, _, _ in rows),
        report=ImportReport(results=results),
        pending=[name for name, done, _, _ in rows if not done],
        stalled=stalled,
    )


def _claim(job_id: int) -> int | None:
    """Start a run of the job: its attempt number, or None when there is nothing to do."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.finished:
            return None
        now = timezone.now()
        job.attempt += 1
        job.state = ImportJob.State.RUNNING
        job.started_at = job.started_at or now
        job.heartbeat_at = now
        job.save(update_fields=["attempt", "state", "started_at", "heartbeat_at"])
        return job.attempt


def _heartbeat(job: ImportJob, attempt: int) -> None:
    """Mark the job alive; inside a transaction it also holds the job for this run."""
    alive = ImportJob.objects.filter(
        pk=job.pk, attempt=attempt, state=ImportJob.State.RUNNING
    ).update(heartbeat_at=timezone.now())
    if not alive:
        raise Superseded


def _load_source(job: ImportJob, attempt: int, pk: int) -> list[ArticleInput | FileResult]:
    items = _load(job, attempt, ImportSource.objects.get(pk=pk))
    _heartbeat(job, attempt)  # reading (a fetch above all) can take a while
    return items


def _load(job: ImportJob, attempt: int, source: ImportSource) -> list[ArticleInput | FileResult]:
    """The source's articles, or the lines that say why there are none."""
    max_bytes = settings.NEWSDESK_MAX_IMPORT_BYTES
    label = source.url if source.kind == ImportSource.Kind.URL else source.name
    try:
        if source.kind == ImportSource.Kind.URL:
            items = _load_url(job, attempt, source, max_bytes)
        elif source.kind == ImportSource.Kind.PASTE:
            meta = source.metadata
            items = pasted_article(
                text=bytes(source.content).decode("utf-8"),
                title=meta.get("title", ""),
                outlet=meta.get("outlet", ""),
                url=meta.get("url", ""),
                published=(
                    dt.date.fromisoformat(meta["published"]) if meta.get("published") else None
                ),
                max_bytes=max_bytes,
            )
        else:
            items = parse_bytes(bytes(source.content), name=source.name, max_bytes=max_bytes)
    except (SourceError, FetchError) as error:
        return [FileResult(label, Status.FAILED, str(error))]
    # A file's name is stored with its articles, as the command stores it; a fetched
    # article is known by its URL and a pasted one by its text alone.
    source_file = source.name if source.kind == ImportSource.Kind.FILE else ""
    return prepare_items(items, label=label, source_file=source_file)


def _load_url(
    job: ImportJob, attempt: int, source: ImportSource, max_bytes: int
) -> list[ArticleInput | SourceError]:
    if not source.metadata.get("fetched"):
        page = fetch(
            source.url,
            timeout=settings.NEWSDESK_FETCH_TIMEOUT,
            max_bytes=max_bytes,
            allow_private=settings.NEWSDESK_FETCH_ALLOW_PRIVATE,
        )
        # Kept, so that running the job again imports what was fetched, not a newer page.
        source.content = page.data
        source.metadata = {
            **source.metadata,
            "fetched": True,
            "name": page.name,
            "final_url": page.url,
        }
        with transaction.atomic():
            _heartbeat(job, attempt)
            ImportSource.objects.filter(pk=source.pk).update(
                content=page.data, metadata=source.metadata
            )
    items = parse_bytes(bytes(source.content), name=source.metadata["name"], max_bytes=max_bytes)
    for item in items:
        if isinstance(item, ArticleInput) and not item.url:
            item.url = source.metadata.get("final_url") or source.url
    return items


def _import_one(
    job: ImportJob,
    attempt: int,
    source_pk: int,
    index: int,
    item: ArticleInput | FileResult,
    story_for: Any,
) -> None:
    """Import one article and record its line, in one transaction (see module docstring)."""
    with transaction.atomic():
        _heartbeat(job, attempt)
        recorded = ImportSource.objects.values_list("results", flat=True).get(pk=source_pk)
        if index < len(recorded):
            return  # done by an earlier run of this job
        if isinstance(item, FileResult):
            result = item
        else:
            result = import_article(item=item, story_for=story_for)
        ImportSource.objects.filter(pk=source_pk).update(results=[*recorded, result.as_dict()])


def _story_for(job: ImportJob, item: ArticleInput) -> Story:
    """The job's story; created with its first article (inside that article's transaction,
    so a failed article leaves no empty story behind)."""
    story_id = ImportJob.objects.values_list("story_id", flat=True).get(pk=job.pk)
    if story_id is not None:
        story = Story.objects.filter(pk=story_id).first()
        if story is not None:
            return story
    title = ImportJob.objects.values_list("new_story_title", flat=True).get(pk=job.pk)
    story = create_story(title or item.title)
    ImportJob.objects.filter(pk=job.pk).update(story=story)
    return story


def _suggest(job: ImportJob, attempt: int, items: Sequence[ArticleInput | FileResult]) -> None:
    """Choose the story the new articles resemble most, or a new story, and say why."""
    articles = [item for item in items if isinstance(item, ArticleInput)]
    if not articles:
        return
    new = profile([f"{item.title}\n{item.text[:5000]}" for item in articles])
    candidates = _story_profiles()
    ranked = rank(new, candidates)
    best = ranked[0] if ranked else None
    titles = dict(
        Story.objects.filter(pk__in=[s.story_id for s in ranked[:1]]).values_list("pk", "title")
    )
    if best is not None and best.score >= MIN_SCORE:
        reason = (
            f"Suggested story “{titles[best.story_id]}” (similarity {best.score:.2f}):"
            f" its articles also mention {', '.join(best.shared)}."
        )
        story_id: int | None = best.story_id
        title = ""
    else:
        title = ""  # named after its first article, as the command names a new story
        closest = (
            f" The closest, “{titles[best.story_id]}”, scored {best.score:.2f}"
            f" (at least {MIN_SCORE:.2f} is needed)."
            if best is not None
            else ""
        )
        reason = f"No existing story is close enough: a new story was started.{closest}"
        story_id = None
    with transaction.atomic():
        _heartbeat(job, attempt)
        ImportJob.objects.filter(pk=job.pk).update(
            story_id=story_id, new_story_title=title[:300], suggestion=reason
        )


def _story_profiles() -> dict[int, Profile]:
    """Profiles of the newest stories from their newest articles' openings (3 queries)."""
    story_ids = list(
        Story.objects.annotate(last_import=Max("articles__imported_at"))
        .filter(last_import__isnull=False)
        .order_by("-last_import", "-pk")
        .values_list("pk", flat=True)[:SUGGEST_STORIES]
    )
    per_story: dict[int, list[int]] = {pk: [] for pk in story_ids}
    titles: dict[int, str] = {}
    for article_id, story_id, title in (
        Article.objects.filter(story_id__in=story_ids)
        .order_by("-imported_at", "-pk")
        .values_list("pk", "story_id", "title")
    ):
        if len(per_story[story_id]) < SUGGEST_ARTICLES:
            per_story[story_id].append(article_id)
            titles[article_id] = title
    story_of = {a: s for s, articles in per_story.items() for a in articles}
    texts: dict[int, list[str]] = {pk: [] for pk in story_ids}
    for article_id, title in titles.items():
        texts[story_of[article_id]].append(title)
    for article_id, text in (
        Sentence.objects.filter(article_id__in=story_of, position__lt=SUGGEST_SENTENCES)
        .exclude(kind=Sentence.Kind.BOILERPLATE)
        .values_list("article_id", "text")
    ):
        texts[story_of[article_id]].append(text)
    return {pk: profile(parts) for pk, parts in texts.items() if parts}


def _abandon_task(task_id: str) -> None:
    """Mark a dead worker's task as failed, so the task list does not show it running."""
    if not task_id or not apps.is_installed("django_tasks_db"):
        return
    try:
        uuid.UUID(task_id)
    except ValueError:
        return  # not a database task (the immediate backend)
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(id=task_id, status="RUNNING").update(
        status="FAILED",
        finished_at=timezone.now(),
        exception_class_path="articles.import_jobs.WorkerLost",
        traceback="The worker stopped while running this import; it was queued again.",
    )
