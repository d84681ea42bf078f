from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from simple_history.models import HistoricalRecords

from articles.models import Article, Sentence, Story


class Tag(models.Model):
    """A label editors put on claims; the predefined ones come from a data migration."""

    name = models.CharField(max_length=40, unique=True)
    colour = models.CharField(max_length=7, default="#55606e", help_text="A #rrggbb colour.")
    description = models.CharField(max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        permissions = [("manage_tags", "Can create and change tags")]
        constraints = [models.UniqueConstraint(Lower("name"), name="unique_tag_name_any_case")]

    def __str__(self) -> str:
        return self.name


class ClaimQuerySet(models.QuerySet["Claim"]):
    def in_story(self, story_id: int) -> ClaimQuerySet:
        return self.filter(article__story_id=story_id)


class Claim(models.Model):
    """One factual statement within a sentence; offsets are into the article's text."""

    class Status(models.TextChoices):
        UNREVIEWED = "unreviewed", "unreviewed"
        VERIFIED = "verified", "verified"
        DISPUTED = "disputed", "disputed"
        FALSE = "false", "false"
        MISLEADING = "misleading", "misleading"
        UNVERIFIABLE = "unverifiable", "unverifiable"

    sentence = models.ForeignKey(Sentence, on_delete=models.CASCADE, related_name="claims")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="claims")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()
    features = models.JSONField(
        default=dict, blank=True, help_text="Entities, numbers, dates, hedges… for matching."
    )
    # What the claim says as a sentence embedding (`claims.semantics`): 384 float16 values;
    # null when the model was not installed at import (`relink` fills it in later).
    vector = models.BinaryField(null=True, blank=True, editable=False)
    # Editorial state: changed only through `claims.editing`, which bumps `version` so that
    # two editors working on the same claim cannot overwrite each other unknowingly.
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.UNREVIEWED)
    status_note = models.TextField(blank=True, max_length=2000)
    tags = models.ManyToManyField(Tag, blank=True, related_name="claims")
    version = models.PositiveIntegerField(default=0)

    objects = ClaimQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[tags], excluded_fields=["features", "vector"])

    class Meta:
        ordering = ["article", "start", "id"]
        indexes = [models.Index(fields=["article", "start"])]
        permissions = [("edit_claims", "Can tag, review and annotate claims")]

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
    decided_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = ClaimLinkQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["differences", "created_at", "updated_at"])

    class Meta:
        ordering = ["a", "b"]
        permissions = [("review_links", "Can confirm, reject, relate and link claims")]
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


class ClaimNote(models.Model):
    """An editor's note on a claim; notes are only ever added, so they are their own record."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["claim", "created_at", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class OrphanedEdit(models.Model):
    """Editorial work on a claim whose text is gone from a re-imported article.

    The claim itself goes with the old version of the article; what editors did to it is
    kept here, verbatim, until an editor has dealt with it.
    """

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="orphaned_edits")
    article = models.ForeignKey(
        Article,
        null=True,
        on_delete=models.SET_NULL,
        related_name="orphaned_edits",
        help_text="The new version of the article.",
    )
    claim_text = models.TextField()
    sentence_text = models.TextField()
    status = models.CharField(max_length=16, choices=Claim.Status.choices)
    status_note = models.TextField(blank=True)
    tags = models.JSONField(default=list, blank=True)
    notes = models.JSONField(default=list, blank=True)
    links = models.JSONField(default=list, blank=True)
    orphaned_at = models.DateTimeField(default=timezone.now)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-orphaned_at", "id"]

    def __str__(self) -> str:
        return self.claim_text[:80]
