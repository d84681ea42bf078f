"""A story's edited claims for other tools: CSV (one row per claim) and ClaimReview JSON-LD.

The JSON export of the whole story is `articles.exporting`; this module adds the two
formats newsrooms paste into spreadsheets and publish for search engines (schema.org).
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.db.models import Max

from articles.models import Article, Story
from claims.models import Claim, ClaimLink

CSV_COLUMNS = [
    "claim",
    "article",
    "outlet",
    "article_title",
    "text",
    "status",
    "status_note",
    "tags",
    "linked_claims",
]
# schema.org Rating for each verdict: 1 (false) to 5 (true); "unverifiable" has no number.
RATINGS: dict[str, int] = {
    Claim.Status.VERIFIED: 5,
    Claim.Status.DISPUTED: 3,
    Claim.Status.MISLEADING: 2,
    Claim.Status.FALSE: 1,
}
PUBLISHER = "newsdesk"


def _claims(story: Story) -> list[Claim]:
    return list(
        Claim.objects.in_story(story.pk)
        .select_related("article__outlet")
        .prefetch_related("tags")
        .order_by("article__published", "article_id", "start", "pk")
    )


def _links(story: Story) -> dict[int, list[tuple[int, str]]]:
    """Each claim's visible links: (other claim, relation)."""
    linked: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for a, b, relation in (
        ClaimLink.objects.visible().in_story(story.pk).values_list("a_id", "b_id", "relation")
    ):
        linked[a].append((b, relation))
        linked[b].append((a, relation))
    return linked


def claims_csv(story: Story) -> str:
    linked = _links(story)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for claim in _claims(story):
        writer.writerow(
            [
                claim.pk,
                claim.article_id,
                claim.article.outlet.name,
                claim.article.title,
                _inert(claim.text),
                claim.status,
                _inert(claim.status_note),
                "; ".join(tag.name for tag in claim.tags.all()),
                "; ".join(f"{other} {relation}" for other, relation in sorted(linked[claim.pk])),
            ]
        )
    return out.getvalue()


def _inert(text: str) -> str:
    """Keep spreadsheets from running a cell that starts like a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def claim_reviews(story: Story, *, claim_url: Callable[[Claim], str]) -> dict[str, Any]:
    """ClaimReview items for the claims with a verdict; every linked article is an appearance."""
    claims = {c.pk: c for c in _claims(story)}
    reviewed = [c for c in claims.values() if c.status != Claim.Status.UNREVIEWED]
    linked = _links(story)
    reviewed_at = dict(
        Claim.history.filter(id__in=[c.pk for c in reviewed])
        .values("id")
        .annotate(last=Max("history_date"))
        .values_list("id", "last")
    )
    graph = []
    for claim in reviewed:
        articles = [claim.article]
        for other, relation in linked[claim.pk]:
            article = claims[other].article if other in claims else None
            if relation != ClaimLink.Relation.RELATED and article and article not in articles:
                articles.append(article)
        rating: dict[str, Any] = {"@type": "Rating", "alternateName": claim.get_status_display()}
        if claim.status in RATINGS:
            rating.update(ratingValue=RATINGS[claim.status], bestRating=5, worstRating=1)
        if claim.status_note:
            rating["ratingExplanation"] = claim.status_note
        when = reviewed_at.get(claim.pk)
        graph.append(
            {
                "@type": "ClaimReview",
                "url": claim_url(claim),
                "claimReviewed": claim.text,
                "datePublished": when.date().isoformat() if when else None,
                "author": {"@type": "Organization", "name": PUBLISHER},
                "reviewRating": rating,
                "itemReviewed": {
                    "@type": "Claim",
                    "appearance": [_appearance(a) for a in articles],
                    "firstAppearance": _appearance(_first(articles)),
                },
            }
        )
    return {"@context": "https://schema.org", "@graph": graph}


def _first(articles: list[Article]) -> Article:
    dated = [a for a in articles if a.published]
    return min(dated, key=lambda a: a.published or 0) if dated else articles[0]


def _appearance(article: Article) -> dict[str, Any]:
    item: dict[str, Any] = {
        "@type": "NewsArticle",
        "headline": article.title,
        "publisher": {"@type": "Organization", "name": article.outlet.name},
    }
    if article.url:
        item["url"] = article.url
    if article.published:
        item["datePublished"] = article.published.isoformat()
    return item
