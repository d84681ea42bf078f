"""Re-import with a changed text: editorial work re-anchors or is kept as orphaned."""

import pytest

from articles.importing import ArticleInput, find_or_create_story, import_article
from claims import editing
from claims.anchoring import Anchor, anchor, carry_over
from claims.history import claim_history
from claims.models import Claim, ClaimLink, ClaimNote, OrphanedEdit, Tag
from tests.factories import make_user


def test_anchor_prefers_the_same_sentence_then_a_unique_text():
    old = [
        Anchor(1, "120 delegates came", "In Harbin, 120 delegates came."),
        Anchor(2, "It rained", "It rained."),
        Anchor(3, "Gone", "Gone entirely."),
        Anchor(4, "Twice", "Twice here."),
    ]
    new = [
        Anchor(10, "It rained", "It  rained."),
        Anchor(11, "120 delegates came", "In Harbin, 120 delegates came."),
        Anchor(12, "Twice", "Twice, one."),
        Anchor(13, "Twice", "Twice, two."),
    ]
    assert anchor(old, new) == {1: 11, 2: 10, 3: None, 4: None}


def test_no_new_claim_takes_two_old_ones():
    old = [Anchor(1, "Same", "Same."), Anchor(2, "Same", "Same.")]
    assert anchor(old, [Anchor(9, "Same", "Same.")]) == {1: 9, 2: None}


STORY = "Summit"
FIRST = (
    "Officials in Harbin said 120 delegates attended the summit on trade.\n\n"
    "The minister promised 40 new rail links by 2030.\n\n"
    "Observers counted 300 journalists at the opening session."
)


def version(text, outlet="Wire"):
    item = ArticleInput(text=text, outlet=outlet, title="Summit report")
    item.label = outlet
    import_article(item=item, story_for=lambda _item: find_or_create_story(STORY))
    return Claim.objects.filter(article__outlet__name=outlet).latest("article_id").article


@pytest.mark.django_db
def test_changed_text_carries_edits_over_and_orphans_what_is_gone():
    editor = make_user("editor")
    other = version(
        "Reporters said 120 delegates attended the summit on trade in Harbin.\n\n"
        "Some 300 journalists covered the opening session.",
        outlet="Other",
    )
    old = version(FIRST)
    delegates = Claim.objects.get(article=old, text__contains="120 delegates")
    rail = Claim.objects.get(article=old, text__contains="40 new rail links")
    verified = Tag.objects.get(name="verified")
    editing.add_tag(claim_id=delegates.pk, tag_id=verified.pk, user=editor)
    editing.set_status(claim_id=delegates.pk, status="verified", note="Ok", version=1, user=editor)
    editing.add_note(claim_id=delegates.pk, text="Called the ministry", user=editor)
    partner = Claim.objects.filter(article=other).first()
    editing.link_claims(claim_id=delegates.pk, other_id=partner.pk, relation="diverge", user=editor)
    editing.set_status(
        claim_id=rail.pk, status="false", note="No such plan", version=0, user=editor
    )
    editing.add_note(claim_id=rail.pk, text="<b>gone</b>", user=editor)

    new = version(FIRST.replace("40 new rail links by 2030", "new roads"))
    report = carry_over(old=old, new=new)
    old.delete()

    moved = Claim.objects.get(article=new, text__contains="120 delegates")
    assert [old_id for old_id, _ in report.moved] == [delegates.pk]
    assert (moved.status, moved.status_note) == ("verified", "Ok")
    assert list(moved.tags.all()) == [verified]
    assert list(ClaimNote.objects.filter(claim=moved).values_list("text", flat=True)) == [
        "Called the ministry"
    ]
    a, b = sorted((moved.pk, partner.pk))
    link = ClaimLink.objects.get(a_id=a, b_id=b)
    assert (link.origin, link.relation, link.decided_by) == ("editor", "diverge", editor)
    # The history goes on: the old edits are still listed, with who made them.
    whats = {(c.who, c.what) for c in claim_history(moved)}
    assert {("editor", "status"), ("editor", "tags"), ("editor", "note added")} <= whats

    [orphan] = OrphanedEdit.objects.all()
    assert report.orphaned == [orphan]
    assert orphan.claim_text == rail.text
    assert (orphan.status, orphan.status_note, orphan.article) == ("false", "No such plan", new)
    assert orphan.notes[0]["text"] == "<b>gone</b>"


@pytest.mark.django_db
def test_nothing_to_carry_over_when_nobody_edited():
    old = version(FIRST)
    new = version(FIRST + "\n\nA new paragraph.")
    assert carry_over(old=old, new=new).moved == []
    assert not OrphanedEdit.objects.exists()


@pytest.mark.django_db
def test_orphaned_edits_are_listed_in_the_review_queue_until_dealt_with(client):
    from django.urls import reverse

    editor = make_user("editor")
    old = version(FIRST)
    rail = Claim.objects.get(article=old, text__contains="40 new rail links")
    editing.set_status(claim_id=rail.pk, status="false", note="<i>No</i>", version=0, user=editor)
    new = version(FIRST.replace("40 new rail links by 2030", "new roads"))
    [orphan] = carry_over(old=old, new=new).orphaned
    client.force_login(editor)
    page = client.get(reverse("claims:review")).content.decode()
    assert "Orphaned edits" in page
    assert rail.text in page
    assert "&lt;i&gt;No&lt;/i&gt;" in page
    client.post(reverse("claims:resolve_orphan", args=[orphan.pk]))
    orphan.refresh_from_db()
    assert orphan.resolved_by == editor
    assert "Orphaned edits" not in client.get(reverse("claims:review")).content.decode()


@pytest.mark.django_db
def test_reimporting_a_changed_file_replaces_the_article_and_keeps_the_edits(tmp_path):
    from articles.importing import import_articles
    from articles.models import Article

    editor = make_user("editor")
    folder = tmp_path / "summit"
    folder.mkdir()
    (folder / "wire.txt").write_text("Outlet: Wire\n\n" + FIRST, encoding="utf-8")
    (folder / "other.txt").write_text(
        "Outlet: Other\n\nReporters said 120 delegates attended the summit on trade in Harbin.",
        encoding="utf-8",
    )
    import_articles(paths=[folder], story=STORY)
    delegates = Claim.objects.get(article__outlet__name="Wire", text__contains="120 delegates")
    rail = Claim.objects.get(text__contains="40 new rail links")
    editing.set_status(claim_id=delegates.pk, status="verified", note="", version=0, user=editor)
    editing.add_note(claim_id=rail.pk, text="Check the plan", user=editor)

    (folder / "wire.txt").write_text(
        "Outlet: Wire\n\n" + FIRST.replace("40 new rail links by 2030", "new roads"),
        encoding="utf-8",
    )
    report = import_articles(paths=[folder], story=STORY)
    details = {r.label.rsplit("/", 1)[-1]: (r.status, r.detail) for r in report.results}
    assert details["other.txt"][0] == "unchanged"
    assert "replaces article" in details["wire.txt"][1]
    assert "1 edited claims re-anchored, 1 orphaned" in details["wire.txt"][1]
    assert Article.objects.filter(outlet__name="Wire").count() == 1
    moved = Claim.objects.get(article__outlet__name="Wire", text__contains="120 delegates")
    assert moved.status == "verified"
    assert OrphanedEdit.objects.get().notes[0]["text"] == "Check the plan"
