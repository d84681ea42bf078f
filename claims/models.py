from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from articles.models import Article, Sentence


class ClaimQuerySet(models.QuerySet["Claim"]):
    def in_story(self, story_id: int) -> ClaimQuerySet:
        return self.filter(article__story_id=story_id)


class Claim(models.Model):
    """One factual statement within a sentence; offsets are into the article's text."""

    sentence = models.ForeignKey(Sentence, on_delete=models.CASCADE, related_name="claims")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="claims")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()
    features = models.JSONField(
        default=dict, blank=True, help_text="Entities, numbers, dates, hedges… for matching."
    )

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["article", "start", "id"]
        indexes = [models.Index(fields=["article", "start"])]

    def __str__(self) -> str:
        return self.text[:80]


class ClaimLinkQuerySet(models.QuerySet["ClaimLink"]):
    def visible(self) -> ClaimLinkQuerySet:
        """Links readers see: everything an editor has not rejected."""
        return self.filter(rejected=False)

    def in_story(self, story_id: int) -> ClaimLinkQuerySet:
        return self.filter(a__article__story_id=story_id)

    def touching(self, claim_id: int) -> ClaimLinkQuerySet:
        return self.filter(models.Q(a_id=claim_id) | models.Q(b_id=claim_id))


class ClaimLink(models.Model):
    """Two claims of different articles that speak of the same thing."""

    class Relation(models.TextChoices):
        AGREE = "agree", "agrees"
        DIVERGE = "diverge", "diverges"
        RELATED = "related", "related"

    class Origin(models.TextChoices):
        AUTO = "auto", "automatic"
        EDITOR = "editor", "editor"

    a = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="links_as_a")
    b = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="links_as_b")
    score = models.FloatField()
    relation = models.CharField(max_length=16, choices=Relation.choices)
    differences = models.JSONField(default=list, blank=True)
    origin = models.CharField(max_length=16, choices=Origin.choices, default=Origin.AUTO)
    rejected = models.BooleanField(
        default=False, help_text="An editor rejected this link; re-linking keeps it hidden."
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = ClaimLinkQuerySet.as_manager()

    class Meta:
        ordering = ["a", "b"]
        constraints = [
            models.UniqueConstraint(fields=["a", "b"], name="unique_claim_pair"),
            models.CheckConstraint(
                condition=models.Q(a__lt=models.F("b")), name="claim_pair_ordered"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=0) & models.Q(score__lte=1),
                name="score_in_unit_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.a_id} {self.relation} {self.b_id} ({self.score:.2f})"
