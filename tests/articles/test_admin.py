"""The Django admin: every model's pages open for admins, and only for admins."""

import io

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article, Outlet, Sentence, Story
from claims.models import Claim, ClaimLink, ClaimNote, OrphanedEdit, Tag
from tests.factories import import_seeds, make_story, make_user

pytestmark = pytest.mark.django_db

# newsdesk's models and the users and groups admins manage.
MODELS = sorted(
    (m for m in admin.site._registry if m._meta.app_label in {"articles", "claims", "auth"}),
    key=lambda model: model._meta.label,
)
# What the `story` fixture and the demo users give at least one row of.
SEEDED = {Outlet, Story, Article, Sentence, Tag, Claim, ClaimLink, ClaimNote, OrphanedEdit}
SEEDED |= {User, Group}
# Session, user, permissions, counts, filters and the rows: no query per row.
MAX_CHANGELIST_QUERIES = 12


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def story():
    story, _ = import_seeds()
    claim = Claim.objects.filter(article__story=story).first()
    ClaimNote.objects.create(claim=claim, text="Check the agency wire.")
    OrphanedEdit.objects.create(
        story=story, claim_text="A lost claim.", sentence_text="A lost claim.", status="verified"
    )
    return story


@pytest.fixture
def admin_client(client):
    call_command("create_demo_users", stdout=io.StringIO())
    client.force_login(User.objects.get(username="admin"))
    return client


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model._meta.label)
def test_changelist_search_and_change_page_open_for_the_demo_admin(admin_client, story, model):
    changelist = admin_client.get(url(model, "changelist"))
    assert changelist.status_code == 200
    searched = admin_client.get(url(model, "changelist"), {"q": "putin"})
    assert searched.status_code == 200
    first = model._default_manager.order_by("pk").first()
    if model in SEEDED:
        assert first is not None, f"the seeded database has no {model._meta.label}"
    if first is not None:
        assert admin_client.get(url(model, "change", first.pk)).status_code == 200


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model._meta.label)
def test_changelists_run_as_many_queries_whatever_the_number_of_rows(admin_client, story, model):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(url(model, "changelist")).status_code == 200
        return len(queries)

    before = count()
    more = make_story(6, 8, title="More coverage")
    tags = list(Tag.objects.all()[:2])
    for claim in Claim.objects.filter(article__story=more)[:20]:
        claim.tags.add(*tags)
        ClaimNote.objects.create(claim=claim, text="Another note.")
        OrphanedEdit.objects.create(
            story=more, claim_text=claim.text, sentence_text=claim.text, status="disputed"
        )
    for name in ("Wire desk", "Night desk"):
        make_user("editor", username=name)
    assert count() == before
    assert before <= MAX_CHANGELIST_QUERIES


@pytest.mark.parametrize("role", ["reader", "editor"])
def test_readers_and_editors_cannot_open_the_admin(client, role):
    call_command("create_demo_users", stdout=io.StringIO())
    client.force_login(User.objects.get(username=role))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_a_user_with_the_admin_role_but_no_staff_flag_cannot_open_the_admin(client):
    client.force_login(make_user("admin"))
    assert client.get(reverse("admin:index")).status_code == 302


def test_imported_text_and_sentences_are_read_only(admin_client, story):
    article = Article.objects.filter(story=story).first()
    page = admin_client.get(url(Article, "change", article.pk)).content.decode()
    assert 'name="text"' not in page
    assert 'name="content_hash"' not in page
    assert 'name="title"' in page
    sentence = Sentence.objects.filter(article=article).first()
    page = admin_client.get(url(Sentence, "change", sentence.pk)).content.decode()
    assert 'name="start"' not in page
    assert admin_client.get(url(Sentence, "add")).status_code == 403
    assert admin_client.get(url(Article, "add")).status_code == 403


def test_admin_corrects_article_metadata_keeping_the_text(admin_client, story):
    article = Article.objects.filter(story=story).first()
    text = article.text
    response = admin_client.post(
        url(Article, "change", article.pk),
        {
            "title": "Corrected title",
            "outlet": article.outlet_id,
            "byline": "",
            "url": "",
            "published": "2024-05-17",
            "language": "en",
            "sentences-TOTAL_FORMS": "0",
            "sentences-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.title, article.text) == ("Corrected title", text)


def test_claim_status_change_goes_through_editing_with_version_and_history(admin_client, story):
    claim = Claim.objects.filter(article__story=story).first()
    form = {"status": "disputed", "status_note": "Two figures.", "loaded_version": claim.version}
    response = admin_client.post(url(Claim, "change", claim.pk), form)
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.status, claim.status_note, claim.version) == ("disputed", "Two figures.", 1)
    assert claim.history.latest().history_user.username == "admin"


def test_claim_change_on_a_stale_version_is_refused(admin_client, story):
    claim = Claim.objects.filter(article__story=story).first()
    stale = {"status": "false", "status_note": "", "loaded_version": claim.version + 1}
    response = admin_client.post(url(Claim, "change", claim.pk), stale)
    assert response.status_code == 200
    assert "meanwhile" in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == "unreviewed"


def test_link_actions_decide_links_as_the_review_queue_does(admin_client, story):
    link = ClaimLink.objects.filter(a__article__story=story).first()
    response = admin_client.post(
        url(ClaimLink, "changelist"),
        {"action": "reject_links", "_selected_action": [link.pk]},
    )
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.rejected
    assert link.origin == "editor"
    assert link.decided_by.username == "admin"


def test_claim_links_are_searchable_by_either_claims_text(admin_client, story):
    link = ClaimLink.objects.filter(a__article__story=story).select_related("b").first()
    words = link.b.text.split()[:4]
    response = admin_client.get(url(ClaimLink, "changelist"), {"q": " ".join(words)})
    assert response.status_code == 200
    assert f'value="{link.pk}"' in response.content.decode()


def test_orphaned_edits_are_resolved_with_an_action(admin_client, story):
    orphan = OrphanedEdit.objects.get()
    response = admin_client.post(
        url(OrphanedEdit, "changelist"),
        {"action": "resolve_orphans", "_selected_action": [orphan.pk]},
    )
    assert response.status_code == 302
    orphan.refresh_from_db()
    assert orphan.resolved_by.username == "admin"
