"""The review queue: automatic links no editor has decided, the most uncertain first.

A link is uncertain when its score is close to the threshold that made it (the same-claim
threshold for agree/diverge, the related threshold for related), and a divergence matters
more than an agreement. `explain` says why two claims matched, from their stored features.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Case, F, FloatField, IntegerField, Value, When
from django.db.models.functions import Abs

from claims.matching import RELATED, SAME_CLAIM
from claims.models import ClaimLink, ClaimLinkQuerySet

RELATION_ORDER = {
    ClaimLink.Relation.DIVERGE: 0,
    ClaimLink.Relation.AGREE: 1,
    ClaimLink.Relation.RELATED: 2,
}


def undecided(story_id: int | None = None) -> ClaimLinkQuerySet:
    """Automatic, not rejected links, the most uncertain first."""
    links = ClaimLink.objects.filter(origin=ClaimLink.Origin.AUTO, rejected=False)
    if story_id is not None:
        links = links.in_story(story_id)
    threshold = Case(
        When(relation=ClaimLink.Relation.RELATED, then=Value(RELATED)),
        default=Value(SAME_CLAIM),
        output_field=FloatField(),
    )
    rank = Case(
        *(When(relation=r, then=Value(i)) for r, i in RELATION_ORDER.items()),
        output_field=IntegerField(),
    )
    return (
        links.annotate(uncertainty=Abs(F("score") - threshold), relation_rank=rank)
        .select_related("a__article__outlet", "b__article__outlet")
        .order_by("uncertainty", "relation_rank", "a_id", "b_id")
    )


@dataclass(frozen=True)
class Why:
    shared_entities: list[str]
    shared_words: list[str]
    differences: list[dict[str, str]]


def explain(link: ClaimLink) -> Why:
    """The entities and words both claims share, and the differences the matcher found."""
    fa: dict[str, Any] = link.a.features or {}
    fb: dict[str, Any] = link.b.features or {}
    entities_b = {e.get("key") for e in fb.get("entities", [])}
    shared_entities = list(
        dict.fromkeys(
            e.get("text", "") for e in fa.get("entities", []) if e.get("key") in entities_b
        )
    )
    terms_b = set(fb.get("terms", []))
    surfaces: dict[str, str] = {}
    for token in fa.get("tokens", []):
        if len(token) == 2 and token[1] in terms_b:
            surfaces.setdefault(token[1], token[0])
    covered = " ".join(shared_entities).casefold()
    words = [w for w in surfaces.values() if w.casefold() not in covered]
    return Why(shared_entities, words, list(link.differences or []))
