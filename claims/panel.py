"""What the claim panel's editorial section shows: tags, review status, notes, links, history.

Readers see it all; the edit controls appear only for users with the editing permissions
(the views check those permissions again). A fixed number of queries per claim.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from articles.reading import TagChip
from claims.history import Change, claim_history
from claims.models import Claim, ClaimLink, ClaimNote, Tag

EDIT_CLAIMS = "claims.edit_claims"
REVIEW_LINKS = "claims.review_links"


@dataclass
class Feedback:
    """The outcome of the last edit, shown at the top of the tools."""

    message: str = ""
    error: bool = False
    # What the editor had entered, given back when the edit was refused.
    status: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class LinkRow:
    link: ClaimLink
    other: Claim


@dataclass
class Tools:
    claim: Claim
    can_edit: bool
    can_review: bool
    tags: list[Tag]
    other_tags: list[Tag]
    notes: list[ClaimNote]
    links: list[LinkRow]
    candidates: list[Claim]
    history: list[Change]
    feedback: Feedback = field(default_factory=Feedback)

    @property
    def statuses(self) -> list[tuple[str, str]]:
        return Claim.Status.choices

    @property
    def relations(self) -> list[tuple[str, str]]:
        return ClaimLink.Relation.choices

    @property
    def chips(self) -> list[TagChip]:
        """The claim's tags as the columns show them beside the claim."""
        return [TagChip.of(t.pk, t.name, t.colour, t.description) for t in self.tags]

    @property
    def reviewed(self) -> str:
        """The review status the columns show: empty while unreviewed."""
        return "" if self.claim.status == Claim.Status.UNREVIEWED else self.claim.status

    @property
    def status_value(self) -> str:
        refused = self.feedback.status
        return refused if refused is not None else self.claim.status

    @property
    def note_value(self) -> str:
        refused = self.feedback.note
        return refused if refused is not None else self.claim.status_note


def build_tools(claim_id: int, user: Any, feedback: Feedback | None = None) -> Tools | None:
    claim = Claim.objects.select_related("article__outlet").filter(pk=claim_id).first()
    if claim is None:
        return None
    can_edit = user.has_perm(EDIT_CLAIMS)
    can_review = user.has_perm(REVIEW_LINKS)
    tags = list(claim.tags.all())
    links = (
        ClaimLink.objects.touching(claim.pk)
        .select_related("a__article__outlet", "b__article__outlet", "decided_by")
        .order_by("rejected", "-score", "a_id", "b_id")
    )
    if not can_review:
        links = links.visible()
    rows = [LinkRow(link, link.b if link.a_id == claim.pk else link.a) for link in links]
    candidates: list[Claim] = []
    if can_review:
        linked = {row.other.pk for row in rows if not row.link.rejected}
        others = (
            Claim.objects.in_story(claim.article.story_id)
            .exclude(article_id=claim.article_id)
            .select_related("article__outlet")
            .order_by("article__published", "article_id", "start")
        )
        candidates = [c for c in others if c.pk not in linked]
    return Tools(
        claim=claim,
        can_edit=can_edit,
        can_review=can_review,
        tags=tags,
        other_tags=list(Tag.objects.exclude(pk__in=[t.pk for t in tags])) if can_edit else [],
        notes=list(claim.notes.select_related("author")),
        links=rows,
        candidates=candidates,
        history=claim_history(claim),
        feedback=feedback or Feedback(),
    )
