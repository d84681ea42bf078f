from __future__ import annotations

import hashlib

from django.db import models
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

    objects = StoryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "stories"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("articles:story", args=[self.slug])


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
