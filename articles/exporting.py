"""The stable JSON shape of a story, read by other tools: keep its field names.

Fields may be added; none may be renamed or removed.
"""

from __future__ import annotations

from typing import Any

from articles.models import Article, Sentence, Story
from claims.models import Claim, ClaimLink, Tag


def export_story(story: Story) -> dict[str, Any]:
    articles = list(Article.objects.filter(story=story).for_reading())
    sentences = Sentence.objects.filter(article__story=story).order_by("article_id", "position")
    claims = (
        Claim.objects.filter(article__story=story)
        .prefetch_related("tags", "notes__author")
        .order_by("article_id", "start", "pk")
    )
    links = (
        ClaimLink.objects.filter(a__article__story=story)
        .select_related("decided_by")
        .order_by("a_id", "b_id")
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
                "status": c.status,
                "status_note": c.status_note,
                "tags": [tag.name for tag in c.tags.all()],
                "notes": [
                    {
                        "author": note.author.get_username() if note.author else None,
                        "created_at": note.created_at.isoformat(),
                        "text": note.text,
                    }
                    for note in c.notes.all()
                ],
            }
            for c in claims
        ],
        "links": [_link(link) for link in links if not link.rejected],
        # Links an editor rejected: hidden everywhere, kept as decisions.
        "rejected_links": [_link(link) for link in links if link.rejected],
        "tags": [
            {"name": t.name, "colour": t.colour, "description": t.description}
            for t in Tag.objects.all()
        ],
    }


def _link(link: ClaimLink) -> dict[str, Any]:
    return {
        "a": link.a_id,
        "b": link.b_id,
        "score": link.score,
        "relation": link.relation,
        "differences": link.differences,
        "origin": link.origin,
        "decided_by": link.decided_by.get_username() if link.decided_by else None,
        "decided_at": link.decided_at.isoformat() if link.decided_at else None,
    }
