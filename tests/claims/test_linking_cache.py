"""The story-claims cache of `claims.linking` changes nothing but speed."""

from __future__ import annotations

import pytest

from articles.models import Article
from claims import linking
from claims.models import ClaimLink
from tests.factories import import_seeds, make_story

pytestmark = pytest.mark.django_db(transaction=True)  # the cache fills on commit


def link_set() -> set[tuple[str, str, str, float]]:
    return {
        (link.a.text, link.b.text, link.relation, link.score)
        for link in ClaimLink.objects.select_related("a", "b")
    }


def test_import_links_the_same_with_and_without_the_cache(monkeypatch):
    linking._story_claims.clear()
    reads = []
    real_refs = linking._refs

    def counting_refs(claims):
        reads.append(claims)
        return real_refs(claims)

    monkeypatch.setattr(linking, "_refs", counting_refs)
    import_seeds()
    make_story(6, 8)
    cached = link_set()
    # One read of each article's claims linked on its own (the seeds' first, the six
    # synthetic ones) and one of each story's; the seeds' other two articles wait for
    # import_articles to link their story as a whole at the end, one more read: 7 + 2 + 1.
    assert len(reads) == 10
    Article.objects.all().delete()

    calls = []
    real_get = linking.StoryClaims.get

    def uncached(self, article):
        self.clear()
        calls.append(article.pk)
        return real_get(self, article)

    monkeypatch.setattr(linking.StoryClaims, "get", uncached)
    import_seeds()
    make_story(6, 8)
    assert len(calls) == 7
    assert link_set() == cached
    assert len(cached) > 20


def test_the_cache_is_not_used_once_the_story_changed_elsewhere():
    linking._story_claims.clear()
    story = make_story(3, 6)
    removed = story.articles.order_by("pk").first()
    removed_claims = set(removed.claims.values_list("pk", flat=True))
    # Another process (or the admin) deletes an article: the cached claims are stale.
    removed.delete()
    make_story(4, 6)  # the 4th article goes into the same story
    newest = story.articles.order_by("-pk").first()
    linked = set(ClaimLink.objects.filter(a__article=newest).values_list("b_id", flat=True)) | set(
        ClaimLink.objects.filter(b__article=newest).values_list("a_id", flat=True)
    )
    assert linked
    assert not linked & removed_claims


def test_a_rolled_back_article_does_not_enter_the_cache():
    linking._story_claims.clear()
    story = make_story(2, 4)
    before = linking._story_claims._entries.get(story.pk)
    assert before is not None
    count = len(before[1])
    from articles.importing import import_article
    from articles.sources import ArticleInput

    item = ArticleInput(
        text="Officials in Harbin said 100 delegates attended session 0 of the summit.",
        outlet="Dry run",
        title="Dry",
    )
    import_article(item=item, story_for=lambda _: story, dry_run=True)
    assert len(linking._story_claims._entries[story.pk][1]) == count
    assert not Article.objects.filter(outlet__name="Dry run").exists()
