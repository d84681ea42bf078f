from __future__ import annotations

import hashlib

from django.db import models
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from articles.segmentation import Kind as SegmentKind

UNKNOWN_OUTLET = "Unknown"


class Outlet(models.Model):
    name = models.CharField(max_length=200, unique=True)
    domain = models.CharField(max_length=253, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class StoryQuerySet(models.QuerySet["Story"]):
    def with_article_counts(self) -> StoryQuerySet:
        """Stories with `article_count` and `last_import`, the latest import first."""
        return self.annotate(
            article_count=models.Count("articles", distinct=True),
            last_import=models.Max("articles__imported_at"),
        ).order_by(models.F("last_import").desc(nulls_last=True), "-created_at", "-id")


class Story(models.Model):
    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=120, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Raised whenever the story's links change other than with an article (an editor's
    # decision or link, a re-link): the reading pages' cache keys include it, since
    # aggregating a large story's links for every request would cost more than the page.
    links_revision = models.PositiveBigIntegerField(default=0, editable=False)

    objects = StoryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "stories"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("articles:story", args=[self.slug])

    @staticmethod
    def links_changed(story_id: int) -> None:
        """Record that the links of the story changed (see `links_revision`)."""
        Story.objects.filter(pk=story_id).update(links_revision=F("links_revision") + 1)


class ArticleQuerySet(models.QuerySet["Article"]):
    def for_reading(self) -> ArticleQuerySet:
        return self.select_related("outlet", "story").order_by("published", "id")


class Article(models.Model):
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="articles")
    outlet = models.ForeignKey(Outlet, on_delete=models.PROTECT, related_name="articles")
    title = models.CharField(max_length=500)
    byline = models.CharField(max_length=300, blank=True)
    url = models.URLField(max_length=2000, blank=True)
    published = models.DateField(null=True, blank=True)
    language = models.CharField(max_length=16, default="en")
    text = models.TextField(help_text="The article's text exactly as imported.")
    content_hash = models.CharField(max_length=64, unique=True, editable=False)
    source_file = models.CharField(max_length=500, blank=True)
    imported_at = models.DateTimeField(default=timezone.now)
    # Metadata can be corrected in the admin; the reading pages' cache keys include the
    # newest `updated_at` of a story's articles, so a correction shows at once.
    updated_at = models.DateTimeField(auto_now=True)
    # Imported in a batch that links its story as a whole when it ends (see
    # articles.importing); `manage.py relink` finishes the job if the batch was cut off.
    links_pending = models.BooleanField(default=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["story", "published", "id"]

    def __str__(self) -> str:
        return f"{self.outlet}: {self.title}"

    @property
    def label(self) -> str:
        """How columns and panels name the article: its outlet, else its title, shortened."""
        if self.outlet.name != UNKNOWN_OUTLET:
            return self.outlet.name
        return self.title if len(self.title) <= 32 else self.title[:31].rsplit(" ", 1)[0] + "…"

    @staticmethod
    def hash_text(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Sentence(models.Model):
    class Kind(models.TextChoices):
        HEADLINE = SegmentKind.HEADLINE.value, "headline"
        BYLINE = SegmentKind.BYLINE.value, "byline"
        BODY = SegmentKind.BODY.value, "body"
        BOILERPLATE = SegmentKind.BOILERPLATE.value, "boilerplate"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="sentences")
    position = models.PositiveIntegerField()
    paragraph = models.PositiveIntegerField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.BODY)

    class Meta:
        ordering = ["article", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "position"], name="unique_sentence_position"
            ),
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="sentence_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class ImportJobQuerySet(models.QuerySet["ImportJob"]):
    def stalled(self, seconds: int) -> ImportJobQuerySet:
        """Running jobs whose worker has reported nothing for `seconds`: presumed dead."""
        from datetime import timedelta

        cutoff = timezone.now() - timedelta(seconds=seconds)
        return self.filter(state=ImportJob.State.RUNNING, heartbeat_at__lt=cutoff)


class ImportJob(models.Model):
    """One import started in the browser; a worker runs it (`articles.tasks.run_import`).

    Its inputs are `ImportSource` rows; what became of each article is recorded on its
    source in the same transaction as the article, so a job interrupted anywhere can be
    run again and picks up where it stopped.
    """

    class State(models.TextChoices):
        QUEUED = "queued", "queued"
        RUNNING = "running", "running"
        DONE = "done", "done"
        FAILED = "failed", "failed"

    class StoryMode(models.TextChoices):
        EXISTING = "existing", "an existing story"
        NEW = "new", "a new story"
        SUGGEST = "suggest", "the story newsdesk suggests"

    created_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    state = models.CharField(max_length=16, choices=State.choices, default=State.QUEUED)
    story_mode = models.CharField(max_length=16, choices=StoryMode.choices)
    story = models.ForeignKey(
        Story, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    new_story_title = models.CharField(max_length=300, blank=True)
    suggestion = models.TextField(blank=True, help_text="Why the story was chosen (suggest).")
    # Incremented each time a worker starts the job; a run that finds it changed has been
    # superseded by a retry and stops.
    attempt = models.PositiveIntegerField(default=0)
    task_id = models.CharField(max_length=64, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Import {self.pk} ({self.state})"

    def get_absolute_url(self) -> str:
        return reverse("articles:import_job", args=[self.pk])

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)


class ImportSource(models.Model):
    """One input of an import: an uploaded file, a pasted text or a URL to fetch.

    The bytes live here, never on disk under the name the browser sent.
    """

    class Kind(models.TextChoices):
        FILE = "file", "file"
        PASTE = "paste", "pasted text"
        URL = "url", "URL"

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="sources")
    position = models.PositiveIntegerField()
    kind = models.CharField(max_length=8, choices=Kind.choices)
    name = models.CharField(max_length=255, help_text="Sanitised; decides the format.")
    url = models.URLField(max_length=2000, blank=True)
    content = models.BinaryField(blank=True, default=b"")
    metadata = models.JSONField(default=dict, blank=True)
    results = models.JSONField(default=list, blank=True)
    done = models.BooleanField(default=False)

    class Meta:
        ordering = ["job", "position"]
        constraints = [
            models.UniqueConstraint(fields=["job", "position"], name="unique_import_position")
        ]

    def __str__(self) -> str:
        return self.name
