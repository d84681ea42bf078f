"""The stable JSON shape of a story, read by other tools: keep its field names.

Fields may be added; none may be renamed or removed.
"""

from __future__ import annotations

from typing import Any

from articles.models import Article, Sentence, Story
from claims.models import Claim, ClaimLink


def export_story(story: Story) -> dict[str, Any]:
    articles = list(Article.objects.filter(story=story).for_reading())
    sentences = Sentence.objects.filter(article__story=story).order_by("article_id", "position")
    claims = Claim.objects.filter(article__story=story).order_by("article_id", "start", "pk")
    links = ClaimLink.objects.filter(a__article__story=story, rejected=False).order_by(
        "a_id", "b_id"
    )
    return {
        "story": {"slug": story.slug, "title": story.title},
        "articles": [
            {
                "id": a.pk,
                "title": a.title,
                "outlet": a.outlet.name,
                "url": a.url or None,
                "published": a.published.isoformat() if a.published else None,
                "source_file": a.source_file,
                "byline": a.byline,
                "language": a.language,
                "content_hash": a.content_hash,
                "imported_at": a.imported_at.isoformat(),
            }
            for a in articles
        ],
        "sentences": [
            {
                "id": s.pk,
                "article": s.article_id,
                "position": s.position,
                "paragraph": s.paragraph,
                "kind": s.kind,
                "start": s.start,
                "end": s.end,
                "text": s.text,
            }
            for s in sentences
        ],
        "claims": [
            {
                "id": c.pk,
                "sentence": c.sentence_id,
                "article": c.article_id,
                "start": c.start,
                "end": c.end,
                "text": c.text,
                "features": c.features,
            }
            for c in claims
        ],
        "links": [
            {
                "a": link.a_id,
                "b": link.b_id,
                "score": link.score,
                "relation": link.relation,
                "differences": link.differences,
                "origin": link.origin,
            }
            for link in links
        ],
    }
