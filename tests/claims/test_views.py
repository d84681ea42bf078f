"""Editing from the claim panel, the review queue, the tags page and the claim exports."""

import csv
import io
import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims import editing
from claims.models import Claim, ClaimLink, ClaimNote, Tag
from claims.reviewing import undecided
from tests.factories import make_story, make_user

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true", "HX-Target": "panel"}


@pytest.fixture
def story():
    return make_story(3, 3)


@pytest.fixture
def claim(story):
    return Claim.objects.in_story(story.pk).order_by("pk").first()


@pytest.fixture
def editor(client):
    user = make_user("editor")
    client.force_login(user)
    return client


def panel(client, claim):
    url = reverse("articles:story", args=[claim.article.story.slug])
    return client.get(url, {"claim": claim.pk}, headers=HTMX).content.decode()


def post(client, name, *args, htmx=True, **data):
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(reverse(f"claims:{name}", args=args), data, headers=headers)


def test_editor_sees_the_edit_controls_in_the_panel(editor, claim):
    fragment = panel(editor, claim)
    assert 'id="claim-tools"' in fragment
    for label in ("Add tag", "Save status", "Add note", "Link to a claim", "Reject"):
        assert label in fragment
    assert fragment.count('name="csrfmiddlewaretoken"') >= 4


def test_reader_sees_tags_status_notes_and_history_but_no_controls(client, claim):
    author = make_user("editor")
    editing.add_tag(claim_id=claim.pk, tag_id=Tag.objects.get(name="opinion").pk, user=author)
    editing.set_status(claim_id=claim.pk, status="disputed", note="", version=1, user=author)
    editing.add_note(claim_id=claim.pk, text="Ask the ministry", user=author)
    client.force_login(make_user("reader"))
    fragment = panel(client, claim)
    assert "opinion" in fragment
    assert "disputed" in fragment
    assert "Ask the ministry" in fragment
    assert "History (3 changes)" in fragment
    for control in ("<form", "Add tag", "Save status", "Remove tag", "Reject"):
        assert control not in fragment


def test_tagging_from_the_panel_returns_the_panel_with_the_tag(editor, claim):
    tag = Tag.objects.get(name="needs-check")
    response = post(editor, "add_tag", claim.pk, tag=tag.pk)
    fragment = response.content.decode()
    assert response.status_code == 200
    assert fragment.lstrip().startswith('<aside id="panel"')
    assert "Tagged “needs-check”." in fragment
    assert 'aria-label="Remove tag needs-check"' in fragment
    assert list(claim.tags.all()) == [tag]
    response = post(editor, "remove_tag", claim.pk, tag.pk)
    assert "Tag removed." in response.content.decode()
    assert not claim.tags.exists()


def test_setting_the_status_and_the_stale_version_conflict(editor, claim):
    fragment = post(
        editor, "set_status", claim.pk, status="misleading", note="Out of context", version=0
    ).content.decode()
    assert "Status set to “misleading”." in fragment
    assert 'name="version" value="1"' in fragment
    # A second editor still on version 0: refused, told who changed it, shown the values now.
    other = Client()
    other.force_login(make_user("editor", username="bob"))
    fragment = post(
        other, "set_status", claim.pk, status="verified", note="", version=0
    ).content.decode()
    assert "Changed by editor meanwhile" in fragment
    assert "Now: “misleading”" in fragment
    assert "Yours was “verified”" in fragment
    assert '<option value="misleading" selected>' in fragment
    assert "Out of context" in fragment
    claim.refresh_from_db()
    assert (claim.status, claim.version) == ("misleading", 1)


def test_bad_input_gives_clear_errors_and_changes_nothing(editor, claim):
    cases = [
        ("add_note", {"text": "   "}, "The note is empty."),
        ("add_note", {"text": "x" * 2001}, "The note is too long"),
        ("set_status", {"status": "false", "note": "y" * 2001, "version": 0}, "too long"),
        ("set_status", {"status": "nonsense", "version": 0}, "Select a valid choice"),
        ("add_tag", {"tag": 99999}, "That tag does not exist"),
        ("link_claim", {"other": claim.pk, "relation": "agree"}, "Choose another claim"),
    ]
    for name, data, message in cases:
        response = post(editor, name, claim.pk, **data)
        assert response.status_code == 200
        assert message in response.content.decode(), name
    claim.refresh_from_db()
    assert (claim.status, claim.version, ClaimNote.objects.count()) == ("unreviewed", 0, 0)
    # The entered (overlong) note is given back for correction.
    fragment = post(editor, "set_status", claim.pk, status="false", note="z" * 2001, version=0)
    assert "z" * 2001 in fragment.content.decode()


def test_a_script_note_is_shown_as_text(editor, claim):
    post(editor, "add_note", claim.pk, text="<script>alert('x')</script> <b>bold</b>")
    fragment = panel(editor, claim)
    assert "<script>alert" not in fragment
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &lt;b&gt;bold&lt;/b&gt;" in fragment


def test_rejecting_a_link_from_the_panel_hides_it(editor, claim):
    link = ClaimLink.objects.visible().touching(claim.pk).first()
    fragment = post(
        editor, "decide_link", claim.pk, link.pk, decision="reject", version=0
    ).content.decode()
    assert "Link rejected" in fragment
    assert "Restore" in fragment
    link.refresh_from_db()
    assert (link.rejected, link.origin) == (True, "editor")
    other = link.b_id if link.a_id == claim.pk else link.a_id
    assert f'data-claim-link="{other}"' not in fragment


def test_a_link_must_touch_the_claim_of_the_panel(editor, story, claim):
    foreign = ClaimLink.objects.in_story(story.pk).exclude(a=claim).exclude(b=claim).first()
    response = post(editor, "decide_link", claim.pk, foreign.pk, decision="reject", version=0)
    assert response.status_code == 404


def test_linking_by_hand_from_the_panel(editor, story, claim):
    other = Claim.objects.in_story(story.pk).exclude(article=claim.article).last()
    ClaimLink.objects.filter(a=claim, b=other).delete()
    fragment = post(editor, "link_claim", claim.pk, other=other.pk, relation="diverge")
    assert "Claims linked." in fragment.content.decode()
    assert ClaimLink.objects.get(a=claim, b=other).origin == "editor"


def test_without_javascript_edits_redirect_back_to_the_claim(editor, claim):
    response = post(editor, "add_note", claim.pk, htmx=False, text="Plain form")
    assert response.status_code == 302
    assert response.url.endswith(f"?claim={claim.pk}#panel")
    page = editor.get(response.url).content.decode()
    assert "Note added." in page
    assert "Plain form" in page


def test_csrf_is_enforced_and_the_header_token_works(claim):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user("editor"))
    url = reverse("claims:add_note", args=[claim.pk])
    assert client.post(url, {"text": "no token"}).status_code == 403
    page = client.get(reverse("articles:story", args=[claim.article.story.slug])).content.decode()
    token = page.split('"X-CSRFToken": "')[1].split('"')[0]
    response = client.post(
        url, {"text": "with token"}, headers={"X-CSRFToken": token, "HX-Request": "true"}
    )
    assert response.status_code == 200
    assert list(ClaimNote.objects.values_list("text", flat=True)) == ["with token"]


def test_review_queue_lists_undecided_links_most_uncertain_first(editor, story):
    response = editor.get(reverse("claims:review"))
    page = response.content.decode()
    assert response.status_code == 200
    links = list(undecided())
    assert links
    assert f"{len(links)} links to review" in page or f"{len(links)} link to review" in page
    keys = [(round(link.uncertainty, 6), link.relation_rank) for link in links]
    assert keys == sorted(keys)
    first = links[0]
    assert page.index(f'id="link-{first.pk}"') < page.index(f'id="link-{links[1].pk}"')
    assert "Shared" in page
    for key in "ard":
        assert f'data-key="{key}"' in page


def test_deciding_in_the_queue_returns_the_decided_item(editor, story):
    link = undecided().first()
    response = editor.post(
        reverse("claims:review_decide", args=[link.pk]),
        {"decision": "reject", "version": 0},
        headers={"HX-Request": "true"},
    )
    item = response.content.decode()
    assert item.lstrip().startswith(f'<li class="queue-item is-decided" id="link-{link.pk}"')
    assert "Decided: rejected" in item
    assert not undecided().filter(pk=link.pk).exists()
    response = editor.get(reverse("claims:review"), {"story": story.slug})
    assert f'id="link-{link.pk}"' not in response.content.decode()


def test_admin_creates_tags_and_sees_errors(client):
    client.force_login(make_user("admin"))
    url = reverse("claims:tags")
    response = client.post(url, {"name": "Verified", "colour": "#123456"})
    assert "already exists" in response.content.decode()
    response = client.post(url, {"name": "satire", "colour": "#123456", "description": "Joke"})
    assert response.status_code == 302
    assert Tag.objects.filter(name="satire").exists()


def test_admin_renames_a_tag_the_claims_keep_it_and_the_change_is_attributed(client, claim):
    admin = make_user("admin", username="dora")
    client.force_login(admin)
    tag = Tag.objects.get(name="needs-check")
    editing.add_tag(claim_id=claim.pk, tag_id=tag.pk, user=admin)
    listing = client.get(reverse("claims:tags")).content.decode()
    assert reverse("claims:edit_tag", args=[tag.pk]) in listing
    url = reverse("claims:edit_tag", args=[tag.pk])
    page = client.get(url).content.decode()
    assert 'value="needs-check"' in page
    assert "On 1 claim;" in page
    response = client.post(
        url, {"name": " to  check ", "colour": "#AABBCC", "description": "Ask the desk"}
    )
    assert response.status_code == 302
    tag.refresh_from_db()
    assert (tag.name, tag.colour, tag.description) == ("to check", "#aabbcc", "Ask the desk")
    assert list(claim.tags.values_list("name", flat=True)) == ["to check"]
    latest = tag.history.order_by("-history_id").first()
    assert (latest.history_user, latest.history_change_reason) == (admin, "tag renamed")
    assert "dora" in client.get(url).content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "Disputed", "colour": "#123456"}, "already exists"),
        ({"name": "", "colour": "#123456"}, "A tag needs a name."),
        ({"name": "fine", "colour": "red"}, "The colour must look like #1a2b3c."),
        ({"name": "<b>x</b>", "colour": "#123456"}, "letters, digits"),
    ],
)
def test_editing_a_tag_refuses_bad_values_and_changes_nothing(client, data, message):
    client.force_login(make_user("admin"))
    tag = Tag.objects.get(name="opinion")
    before = (tag.name, tag.colour, tag.description, tag.history.count())
    response = client.post(reverse("claims:edit_tag", args=[tag.pk]), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert 'role="alert"' in page
    assert "<b>x" not in page
    tag.refresh_from_db()
    assert (tag.name, tag.colour, tag.description, tag.history.count()) == before


def test_only_tag_managers_edit_tags(client):
    tag = Tag.objects.get(name="opinion")
    url = reverse("claims:edit_tag", args=[tag.pk])
    client.force_login(make_user("editor"))
    assert client.post(url, {"name": "facts", "colour": "#123456"}).status_code == 403
    assert Tag.objects.filter(name="opinion").exists()
    client.force_login(make_user("admin", username="root2"))
    assert client.get(reverse("claims:edit_tag", args=[999_999])).status_code == 404


def test_saving_a_tag_unchanged_records_nothing(client):
    admin = make_user("admin")
    client.force_login(admin)
    tag = Tag.objects.get(name="opinion")
    count = tag.history.count()
    editing.update_tag(
        tag_id=tag.pk, name="opinion", colour=tag.colour, description=tag.description, user=admin
    )
    assert tag.history.count() == count


def test_json_export_has_the_editorial_fields(editor, story, claim):
    user = make_user("editor", username="carol")
    editing.set_status(claim_id=claim.pk, status="false", note="Wrong", version=0, user=user)
    editing.add_tag(claim_id=claim.pk, tag_id=Tag.objects.get(name="disputed").pk, user=user)
    editing.add_note(claim_id=claim.pk, text="Checked", user=user)
    link = ClaimLink.objects.touching(claim.pk).first()
    editing.decide_link(link_id=link.pk, decision="reject", version=0, user=user)
    data = editor.get(reverse("articles:story_export", args=[story.slug])).json()
    exported = next(c for c in data["claims"] if c["id"] == claim.pk)
    assert exported["status"] == "false"
    assert exported["status_note"] == "Wrong"
    assert exported["tags"] == ["disputed"]
    assert exported["notes"][0]["author"] == "carol"
    assert [(r["a"], r["b"], r["decided_by"]) for r in data["rejected_links"]] == [
        (link.a_id, link.b_id, "carol")
    ]
    assert (link.a_id, link.b_id) not in {(r["a"], r["b"]) for r in data["links"]}
    assert "verified" in {t["name"] for t in data["tags"]}


def test_csv_export_has_one_row_per_claim(editor, story, claim):
    user = make_user("editor", username="carol")
    editing.add_tag(claim_id=claim.pk, tag_id=Tag.objects.get(name="opinion").pk, user=user)
    editing.add_note(claim_id=claim.pk, text="=cmd()", user=user)
    Claim.objects.filter(pk=claim.pk).update(status_note="=HYPERLINK(1)")
    response = editor.get(reverse("claims:export_csv", args=[story.slug]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == Claim.objects.in_story(story.pk).count()
    row = next(r for r in rows if r["claim"] == str(claim.pk))
    assert row["tags"] == "opinion"
    assert row["status_note"] == "'=HYPERLINK(1)"
    assert row["linked_claims"]
    assert row["outlet"] == claim.article.outlet.name


def test_claim_review_json_ld_lists_claims_with_a_verdict_and_every_appearance(
    editor, story, claim
):
    user = make_user("editor", username="carol")
    editing.set_status(claim_id=claim.pk, status="false", note="Wrong count", version=0, user=user)
    response = editor.get(reverse("claims:export_claim_reviews", args=[story.slug]))
    assert response["Content-Type"] == "application/ld+json"
    data = json.loads(response.content)
    assert data["@context"] == "https://schema.org"
    [review] = data["@graph"]
    assert review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == claim.text
    assert review["reviewRating"]["ratingValue"] == 1
    assert review["reviewRating"]["alternateName"] == "false"
    assert review["reviewRating"]["ratingExplanation"] == "Wrong count"
    assert review["url"].endswith(f"?claim={claim.pk}")
    linked = {
        link.b.article.title if link.a_id == claim.pk else link.a.article.title
        for link in ClaimLink.objects.visible().touching(claim.pk).exclude(relation="related")
    }
    headlines = {a["headline"] for a in review["itemReviewed"]["appearance"]}
    assert headlines == {claim.article.title} | linked
    assert len(headlines) > 1


def test_editor_panel_queries_do_not_grow_with_the_story(editor):
    counts = []
    for story in (make_story(2, 2, title="Small"), make_story(5, 12, title="Large")):
        claim = Claim.objects.in_story(story.pk).order_by("pk").first()
        user = make_user("editor", username=f"e-{story.slug}")
        editing.add_tag(claim_id=claim.pk, tag_id=Tag.objects.first().pk, user=user)
        editing.add_note(claim_id=claim.pk, text="n", user=user)
        link = ClaimLink.objects.touching(claim.pk).first()
        editing.decide_link(link_id=link.pk, decision="confirm", version=0, user=user)
        with CaptureQueriesContext(connection) as queries:
            assert "History (3 changes)" in panel(editor, claim)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_admin_sees_claims_and_their_history_in_the_django_admin(client, story, claim):
    admin = make_user("admin")
    admin.is_staff = True
    admin.save()
    client.force_login(admin)
    editing.set_status(claim_id=claim.pk, status="verified", note="", version=0, user=admin)
    for url in (
        reverse("admin:claims_claim_changelist"),
        reverse("admin:claims_claim_history", args=[claim.pk]),
        reverse("admin:claims_tag_changelist"),
        reverse("admin:claims_claimlink_changelist"),
    ):
        assert client.get(url).status_code == 200, url


def test_queue_without_javascript_redirects_back_but_never_elsewhere(editor, story):
    link = undecided().first()
    url = reverse("claims:review_decide", args=[link.pk])
    response = editor.post(url, {"decision": "agree", "version": 0, "next": "/review/?page=2"})
    assert response.url == "/review/?page=2"
    other = undecided().first()
    url = reverse("claims:review_decide", args=[other.pk])
    response = editor.post(
        url, {"decision": "agree", "version": 0, "next": "https://evil.example/"}
    )
    assert response.url == reverse("claims:review")
    # A stale decision is refused with a message, without changing the link.
    response = editor.post(url, {"decision": "reject", "version": 0}, follow=True)
    assert "Changed by editor meanwhile" in response.content.decode()
    other.refresh_from_db()
    assert not other.rejected


def test_password_change_page_is_styled_and_works(client):
    user = make_user("reader")
    client.force_login(user)
    page = client.get(reverse("password_change")).content.decode()
    assert "Change password" in page
    assert 'class="card narrow"' in page
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "pw-for-tests",
            "new_password1": "a-much-longer-passphrase",
            "new_password2": "a-much-longer-passphrase",
        },
    )
    assert response.url == reverse("password_change_done")
    user.refresh_from_db()
    assert user.check_password("a-much-longer-passphrase")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "colour": "#123456"}, "A tag needs a name."),
        ({"name": "   ", "colour": "#123456"}, "A tag needs a name."),
        ({"name": "x" * 41, "colour": "#123456"}, "The tag name is too long"),
        ({"name": "NEEDS-CHECK", "colour": "#123456"}, "already exists"),
        ({"name": "<script>x</script>", "colour": "#123456"}, "letters, digits"),
        ({"name": "fine", "colour": "red"}, "The colour must look like #1a2b3c."),
        ({"name": "fine", "colour": "#123456", "description": "d" * 201}, "at most 200"),
    ],
)
def test_tags_page_refuses_bad_tags_with_a_clear_error(client, data, message):
    client.force_login(make_user("admin"))
    before = Tag.objects.count()
    response = client.post(reverse("claims:tags"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert 'role="alert"' in page
    assert "<script>x" not in page
    assert Tag.objects.count() == before


def test_edits_keep_the_columns_and_filters_of_the_page(editor, story, claim):
    ids = list(story.articles.order_by("-pk").values_list("pk", flat=True))
    cols = f"{ids[0]},{ids[1]}"
    page = editor.get(
        reverse("articles:story", args=[story.slug]),
        {"cols": cols, "only": "diverging", "claim": claim.pk},
    ).content.decode()
    action = reverse("claims:add_note", args=[claim.pk])
    query = f"?cols={cols.replace(',', '%2C')}&amp;only=diverging&amp;claim={claim.pk}"
    assert f'action="{action}{query}"' in page
    assert f'hx-post="{action}{query}"' in page
    url = action + query.replace("&amp;", "&")
    fragment = editor.post(url, {"text": "kept"}, headers={"HX-Request": "true"}).content.decode()
    assert "Note added." in fragment
    # The close link and the forms of the returned panel still carry the page's state.
    assert f'href="?cols={cols.replace(",", "%2C")}&amp;only=diverging"' in fragment
    assert f'hx-post="{action}{query}"' in fragment
    response = editor.post(url, {"text": "again"})
    assert response.url.endswith(
        f"?cols={cols.replace(',', '%2C')}&only=diverging&claim={claim.pk}#panel"
    )
