"""The reading pages' rendered-HTML cache: every change shows on the next request.

Each test reads a page once (filling the cache), changes something the way newsdesk or
its admin does, and reads the page again.
"""

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from articles.models import Article, Outlet
from articles.page_cache import csrf_placeholder
from claims import editing
from claims.models import Claim, ClaimLink, Tag
from tests.factories import make_story, make_user

pytestmark = pytest.mark.django_db
PANEL = {"HX-Request": "true", "HX-Target": "panel"}


@pytest.fixture
def story():
    return make_story(3, 4)


@pytest.fixture
def claim(story):
    """A claim with a diverging link, so that its panel and column marks have content."""
    link = ClaimLink.objects.in_story(story.pk).filter(relation="diverge").order_by("pk").first()
    return Claim.objects.get(pk=link.a_id)


@pytest.fixture
def reader():
    client = Client()
    client.force_login(make_user("reader"))
    return client


@pytest.fixture
def editor():
    client = Client()
    client.force_login(make_user("editor"))
    return client


@pytest.fixture
def author():
    return make_user("editor", username="author")


def page(client, story, **params):
    url = reverse("articles:story", args=[story.slug])
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def main(html):
    """The page without the top bar and its per-request CSRF token."""
    return html.split('<main id="main">', 1)[1]


def panel(client, claim):
    url = reverse("articles:story", args=[claim.article.story.slug])
    response = client.get(url, {"claim": claim.pk}, headers=PANEL)
    assert response.status_code == 200
    return response.content.decode()


def stories(client, **params):
    return client.get(reverse("articles:stories"), params).content.decode()


def matrix(client, story):
    return client.get(reverse("articles:matrix", args=[story.slug])).content.decode()


def test_an_unchanged_page_comes_from_the_cache(reader, story, claim, django_assert_num_queries):
    first = page(reader, story)
    assert any(key.startswith(":1:page:story:") for key in cache._cache)  # type: ignore[attr-defined]
    # session, user, permissions (2), story, 4 fingerprints, the top bar's groups
    with django_assert_num_queries(10):
        again = page(reader, story)
    assert main(again) == main(first)
    assert panel(reader, claim) == panel(reader, claim)


def test_an_article_imported_into_the_story_shows(reader, story):
    before = page(reader, story), stories(reader), matrix(reader, story)
    assert "Report 3" not in before[0]
    make_story(4, 4)  # the same story, one article more
    after = page(reader, story), stories(reader), matrix(reader, story)
    assert "Report 3" in after[0]
    assert "Outlet 3" in after[1]
    assert "Outlet 3" not in before[1]
    assert "Report 3" in after[2]


def test_an_article_corrected_in_the_admin_shows(reader, story, claim):
    page(reader, story), panel(reader, claim), stories(reader)
    article = Article.objects.filter(story=story).order_by("pk").first()
    article.title = "A corrected headline"
    article.save()  # what the admin's change form does
    assert "A corrected headline" in page(reader, story)


def test_a_review_status_shows_in_the_columns_and_the_panel(reader, claim, author):
    story = claim.article.story
    assert "status-disputed" not in page(reader, story) + panel(reader, claim)
    editing.set_status(
        claim_id=claim.pk, status="disputed", note="Two sources", version=0, user=author
    )
    assert "status-disputed" in page(reader, story)
    fragment = panel(reader, claim)
    assert "status-disputed" in fragment
    assert "Two sources" in fragment


def test_tags_added_and_removed_show(reader, claim, author):
    story = claim.article.story
    opinion = Tag.objects.get(name="opinion")
    assert "tag: </span>opinion" not in page(reader, story)
    panel(reader, claim)
    editing.add_tag(claim_id=claim.pk, tag_id=opinion.pk, user=author)
    assert "tag: </span>opinion" in page(reader, story)
    assert "tag: </span>opinion" in page(reader, story, tag="opinion")
    assert re.search(r'<li class="tag"[^>]*>opinion', panel(reader, claim))
    editing.remove_tag(claim_id=claim.pk, tag_id=opinion.pk, user=author)
    assert "tag: </span>opinion" not in page(reader, story)
    assert not re.search(r'<li class="tag"[^>]*>opinion', panel(reader, claim))


def test_a_note_shows_in_the_panel(reader, claim, author):
    assert "A careful note" not in panel(reader, claim)
    editing.add_note(claim_id=claim.pk, text="A careful note", user=author)
    assert "A careful note" in panel(reader, claim)


def test_a_link_decision_shows_in_the_panel_and_the_columns(reader, claim, author):
    story = claim.article.story
    link = ClaimLink.objects.touching(claim.pk).get(relation="diverge")
    other = link.b_id
    assert f'data-claim-link="{other}"' in panel(reader, claim)
    assert re.search(rf'class="claim state-diverging" id="c{claim.pk}"', page(reader, story))
    for each in ClaimLink.objects.touching(claim.pk).filter(relation__in=["agree", "diverge"]):
        editing.decide_link(link_id=each.pk, decision="reject", version=each.version, user=author)
    assert f'data-claim-link="{other}"' not in panel(reader, claim)
    assert re.search(rf'class="claim state-unique" id="c{claim.pk}"', page(reader, story))


def test_links_made_by_hand_and_relinking_show(reader, story, claim, author):
    from articles.story_view import story_fingerprints
    from claims.linking import relink_story

    other = (
        Claim.objects.in_story(story.pk)
        .exclude(article=claim.article)
        .exclude(
            pk__in=[
                x for link in ClaimLink.objects.touching(claim.pk) for x in (link.a_id, link.b_id)
            ]
        )
        .order_by("pk")
        .first()
    )
    assert f'data-claim-link="{other.pk}"' not in panel(reader, claim)
    editing.link_claims(claim_id=claim.pk, other_id=other.pk, relation="agree", user=author)
    assert f'data-claim-link="{other.pk}"' in panel(reader, claim)
    # Relinking may change any link of the story: the story's fingerprint changes.
    before = story_fingerprints([story.pk])
    relink_story(story)
    assert story_fingerprints([story.pk]) != before


def test_renamed_and_recoloured_tags_show(
    reader, editor, claim, author, django_capture_on_commit_callbacks
):
    story = claim.article.story
    tag = Tag.objects.get(name="opinion")
    editing.add_tag(claim_id=claim.pk, tag_id=tag.pk, user=author)
    page(reader, story), panel(reader, claim), panel(editor, claim), matrix(reader, story)
    with django_capture_on_commit_callbacks(execute=True):
        tag.name, tag.colour = "commentary", "#112233"
        tag.save()  # as in the admin
    assert 'data-colour="#112233"' in page(reader, story)
    assert "commentary" in panel(reader, claim)
    assert "commentary" in matrix(reader, story)
    with django_capture_on_commit_callbacks(execute=True):
        Tag.objects.create(name="new-tag", colour="#000000")
    assert '<option value="' in panel(editor, claim)
    assert ">new-tag</option>" in panel(editor, claim)  # the editors' "Add tag" list


def test_renamed_outlets_and_users_show(reader, claim, author, django_capture_on_commit_callbacks):
    story = claim.article.story
    editing.add_note(claim_id=claim.pk, text="Checked", user=author)
    page(reader, story), panel(reader, claim), stories(reader)
    with django_capture_on_commit_callbacks(execute=True):
        outlet = Outlet.objects.get(pk=claim.article.outlet_id)
        outlet.name = "Renamed Outlet"
        outlet.save()
        author.username = "renamed-author"
        author.save()
    assert "Renamed Outlet" in page(reader, story)
    assert "Renamed Outlet" in stories(reader)
    assert "renamed-author" in panel(reader, claim)


def test_a_login_keeps_the_cache(reader, story, claim, django_capture_on_commit_callbacks):
    page(reader, story)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        Client().login(username="reader", password="pw-for-tests")
    assert callbacks == []


def test_roles_never_see_each_others_panel(reader, editor, claim):
    for first, second in ((reader, editor), (editor, reader)):
        cache.clear()
        panel(first, claim)
        page(first, claim.article.story, claim=claim.pk)
        for fragment in (panel(second, claim), page(second, claim.article.story, claim=claim.pk)):
            if second is editor:
                assert "Save status" in fragment
                assert "Add note" in fragment
            else:
                assert "Save status" not in fragment
                assert "Add note" not in fragment


def test_csrf_tokens_are_the_requests_own_and_never_cached(editor, claim):
    first = panel(editor, claim)
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', first)
    assert tokens
    assert csrf_placeholder() not in first
    cached = list(cache._cache.values())  # type: ignore[attr-defined]
    assert not any(token.encode() in value for token in tokens for value in cached)
    other = Client(enforce_csrf_checks=True)
    other.force_login(make_user("editor", username="editor-2"))
    second = panel(other, claim)  # from the cache, with this editor's own tokens
    assert csrf_placeholder() not in second
    theirs = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', second)
    assert theirs
    assert set(theirs).isdisjoint(tokens)
    response = other.post(
        reverse("claims:add_note", args=[claim.pk]),
        {"text": "posted", "csrfmiddlewaretoken": theirs[0]},
    )
    assert response.status_code == 302  # the token works


def test_filters_and_columns_are_cached_separately(reader, story):
    everything = page(reader, story)
    diverging = page(reader, story, only="diverging")
    unique = page(reader, story, only="unique")
    found = page(reader, story, q="Harbin")
    assert len({main(p) for p in (everything, diverging, unique, found)}) == 4
    assert "Showing diverging claims only." in diverging
    assert "sentences contain “Harbin”" in found or "sentence contains" in found
    ids = list(Article.objects.filter(story=story).values_list("pk", flat=True))
    two = page(reader, story, cols=f"{ids[1]},{ids[0]}")
    assert two.count('<article class="column"') == 2
    assert main(page(reader, story)) == main(everything)


def test_a_message_after_a_plain_form_shows_on_a_cached_page(editor, claim):
    """Without JavaScript an edit redirects to the page, which shows its outcome once."""
    story = claim.article.story
    page(editor, story, claim=claim.pk)  # cached
    response = editor.post(
        reverse("claims:set_status", args=[claim.pk]),
        {"status": "unreviewed", "note": "", "version": claim.version},  # changes nothing
    )
    assert response.status_code == 302
    assert "Status set to" in editor.get(response.url).content.decode()
    assert "Status set to" not in page(editor, story, claim=claim.pk)


def test_one_request_computes_what_concurrent_ones_wait_for(monkeypatch):
    import hashlib
    import threading

    from articles import page_cache

    keys = {1: "counts:1", 2: "counts:2"}
    lock = "computing:" + hashlib.sha1(repr(sorted(keys.values())).encode()).hexdigest()
    assert cache.add(lock, 1)  # another request is computing them
    threading.Timer(0.2, lambda: cache.set_many({"counts:1": "a", "counts:2": "b"})).start()
    computed = []

    def compute(items):
        computed.append(items)
        return dict.fromkeys(items, "mine")

    assert page_cache.computed_once(keys, compute, timeout=60) == {1: "a", 2: "b"}
    assert computed == []
    # When the other request never delivers, a waiter computes the values itself.
    cache.clear()
    cache.add(lock, 1)
    monkeypatch.setattr(page_cache, "WAIT_SECONDS", 0.1)
    assert page_cache.computed_once(keys, compute, timeout=60) == {1: "mine", 2: "mine"}
    assert computed == [[1, 2]]
    assert cache.get(lock) is None
