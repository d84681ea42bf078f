"""Database side of claims: store an article's claims and link them to its story.

The extraction and matching themselves are pure (`claims.extraction`,
`claims.matching`); this module feeds them rows and writes their results in bulk.

Editor decisions win: a pair of claims that has a link with origin `editor` (made,
confirmed, changed or rejected by an editor) is never rewritten by re-linking.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.db.models import Q, QuerySet

from articles.models import Article, Sentence, Story
from articles.segmentation import Kind
from claims.extraction import extract_many
from claims.matching import ClaimRef, LinkData, find_links
from claims.models import Claim, ClaimLink


def extract_claims_for(article: Article, sentences: Sequence[Sentence]) -> list[Claim]:
    """Create the claims of `article`'s body sentences."""
    body = [s for s in sentences if s.kind == Kind.BODY]
    extracted = extract_many([(s.text, s.start) for s in body], published=article.published)
    return Claim.objects.bulk_create(
        Claim(
            sentence=sentence,
            article=article,
            start=claim.start,
            end=claim.end,
            text=claim.text,
            features=claim.features,
        )
        for sentence, claims in zip(body, extracted, strict=True)
        for claim in claims
    )


def link_article(article: Article) -> int:
    """Link `article`'s claims to the other articles of its story; returns links written."""
    new = _refs(Claim.objects.filter(article=article))
    existing = _refs(
        Claim.objects.filter(article__story_id=article.story_id).exclude(article=article)
    )
    return _write(find_links(new, existing), scope=Q(a__article=article) | Q(b__article=article))


@transaction.atomic
def relink_story(story: Story) -> int:
    """Recompute every automatic link of `story`; editor decisions stay as they are."""
    claims = _refs(Claim.objects.filter(article__story=story))
    return _write(find_links(claims, []), scope=Q(a__article__story=story))


def _refs(claims: QuerySet[Claim]) -> list[ClaimRef]:
    rows = claims.values_list(
        "pk", "article_id", "sentence_id", "text", "features", "article__published"
    ).order_by("pk")
    return [ClaimRef(*row) for row in rows]


def _write(links: Sequence[LinkData], *, scope: Q) -> int:
    decided = set(
        ClaimLink.objects.filter(scope, origin=ClaimLink.Origin.EDITOR).values_list("a_id", "b_id")
    )
    # Automatic links have no dependents and need no history: a raw delete skips the
    # per-row signals django-simple-history listens to (7x faster on a 480-link story).
    automatic = ClaimLink.objects.filter(scope, origin=ClaimLink.Origin.AUTO)
    automatic._raw_delete(automatic.db)
    created = ClaimLink.objects.bulk_create(
        ClaimLink(
            a_id=link.a,
            b_id=link.b,
            score=round(link.score, 4),
            relation=link.relation,
            differences=link.differences,
            origin=ClaimLink.Origin.AUTO,
        )
        for link in links
        if (link.a, link.b) not in decided
    )
    return len(created)
