"""Editorial workflows: tags, review status, notes, link decisions, versions and history."""

import threading

import pytest
from django.db import connection

from claims import editing
from claims.history import claim_history
from claims.linking import relink_story
from claims.models import Claim, ClaimLink, ClaimNote, Tag
from tests.factories import make_story, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    return make_story(2, 3)


@pytest.fixture
def editor():
    return make_user("editor")


@pytest.fixture
def claim(story):
    return Claim.objects.in_story(story.pk).order_by("pk").first()


def auto_link(story):
    return ClaimLink.objects.in_story(story.pk).filter(origin="auto").order_by("a_id").first()


def test_predefined_tags_exist():
    assert set(Tag.objects.values_list("name", flat=True)) >= {
        "verified",
        "disputed",
        "needs-check",
        "opinion",
        "misleading",
    }


def test_set_status_saves_the_status_and_note_bumps_the_version_and_records_who(claim, editor):
    saved = editing.set_status(
        claim_id=claim.pk, status="disputed", note="Two counts", version=0, user=editor
    )
    assert (saved.status, saved.status_note, saved.version) == ("disputed", "Two counts", 1)
    claim.refresh_from_db()
    assert claim.status == "disputed"
    changes = claim_history(claim)
    assert [(c.who, c.what, c.before, c.after) for c in changes] == [
        ("editor", "status", "unreviewed", "disputed"),
        ("editor", "review note", "—", "Two counts"),
    ]


def test_a_stale_version_is_refused_and_names_who_changed_the_claim(claim, editor):
    other = make_user("editor", username="alice")
    # Both editors loaded version 0; Alice saves first.
    editing.set_status(claim_id=claim.pk, status="verified", note="", version=0, user=other)
    with pytest.raises(editing.StaleEdit) as refused:
        editing.set_status(claim_id=claim.pk, status="false", note="", version=0, user=editor)
    assert "alice" in str(refused.value)
    assert refused.value.current.status == "verified"
    claim.refresh_from_db()
    assert (claim.status, claim.version) == ("verified", 1)
    # Having seen Alice's change, the second editor can apply theirs on the new version.
    editing.set_status(claim_id=claim.pk, status="false", note="", version=1, user=editor)
    claim.refresh_from_db()
    assert claim.status == "false"


def test_saving_the_same_values_changes_nothing(claim, editor):
    editing.set_status(claim_id=claim.pk, status="unreviewed", note="", version=0, user=editor)
    claim.refresh_from_db()
    assert claim.version == 0
    assert claim_history(claim) == []


def test_status_rejects_unknown_values_and_overlong_notes(claim, editor):
    with pytest.raises(editing.EditError, match="Unknown review status"):
        editing.set_status(claim_id=claim.pk, status="maybe", note="", version=0, user=editor)
    with pytest.raises(editing.EditError, match="too long"):
        editing.set_status(
            claim_id=claim.pk, status="false", note="x" * 2001, version=0, user=editor
        )


def test_tags_from_two_editors_merge_and_are_recorded(claim, editor):
    alice = make_user("editor", username="alice")
    verified, opinion = Tag.objects.get(name="verified"), Tag.objects.get(name="opinion")
    editing.add_tag(claim_id=claim.pk, tag_id=verified.pk, user=editor)
    editing.add_tag(claim_id=claim.pk, tag_id=opinion.pk, user=alice)
    editing.add_tag(claim_id=claim.pk, tag_id=opinion.pk, user=alice)  # already there
    assert set(claim.tags.values_list("name", flat=True)) == {"verified", "opinion"}
    editing.remove_tag(claim_id=claim.pk, tag_id=verified.pk, user=alice)
    claim.refresh_from_db()
    assert list(claim.tags.values_list("name", flat=True)) == ["opinion"]
    assert claim.version == 3
    changes = [(c.who, c.before, c.after) for c in claim_history(claim) if c.what == "tags"]
    assert changes == [
        ("alice", "opinion, verified", "opinion"),
        ("alice", "verified", "opinion, verified"),
        ("editor", "—", "verified"),
    ]


def test_a_tag_added_meanwhile_does_not_make_a_review_status_stale(claim, editor):
    # The editor loaded version 0; Alice tags the claim before the editor saves a status.
    alice = make_user("editor", username="alice")
    editing.add_tag(claim_id=claim.pk, tag_id=Tag.objects.get(name="opinion").pk, user=alice)
    saved = editing.set_status(
        claim_id=claim.pk, status="disputed", note="Two counts", version=0, user=editor
    )
    saved.refresh_from_db()
    assert (saved.status, saved.status_note, saved.version) == ("disputed", "Two counts", 2)
    assert list(saved.tags.values_list("name", flat=True)) == ["opinion"]
    assert [c.who for c in claim_history(saved) if c.what == "status"] == ["editor"]


def test_a_status_changed_meanwhile_is_stale_even_after_a_later_tag(claim, editor):
    alice = make_user("editor", username="alice")
    editing.set_status(claim_id=claim.pk, status="verified", note="", version=0, user=alice)
    editing.add_tag(claim_id=claim.pk, tag_id=Tag.objects.get(name="opinion").pk, user=alice)
    with pytest.raises(editing.StaleEdit) as refused:
        editing.set_status(claim_id=claim.pk, status="false", note="", version=0, user=editor)
    assert refused.value.current.status == "verified"
    # A status changed and changed back leaves what the editor saw: nothing to lose.
    editing.set_status(claim_id=claim.pk, status="unreviewed", note="", version=2, user=alice)
    saved = editing.set_status(claim_id=claim.pk, status="false", note="", version=0, user=editor)
    assert saved.status == "false"


def test_notes_are_stripped_checked_and_kept_verbatim(claim, editor):
    with pytest.raises(editing.EditError, match="empty"):
        editing.add_note(claim_id=claim.pk, text="   ", user=editor)
    with pytest.raises(editing.EditError, match="too long"):
        editing.add_note(claim_id=claim.pk, text="x" * 2001, user=editor)
    note = editing.add_note(
        claim_id=claim.pk, text=" <script>alert(1)</script> check ", user=editor
    )
    assert note.text == "<script>alert(1)</script> check"
    assert ClaimNote.objects.get().author == editor
    assert claim_history(claim)[0].what == "note added"


def test_rejected_links_stay_hidden_and_rejected_after_relinking(story, editor):
    link = auto_link(story)
    editing.decide_link(link_id=link.pk, decision="reject", version=0, user=editor)
    link.refresh_from_db()
    assert (link.origin, link.rejected, link.decided_by) == ("editor", True, editor)
    assert not ClaimLink.objects.visible().filter(pk=link.pk).exists()
    relink_story(story)
    pair = ClaimLink.objects.filter(a_id=link.a_id, b_id=link.b_id)
    assert pair.count() == 1
    assert pair.get().rejected
    assert not ClaimLink.objects.visible().filter(a_id=link.a_id, b_id=link.b_id).exists()


def test_changing_a_relation_is_an_editor_decision_that_relinking_keeps(story, editor):
    link = auto_link(story)
    new = "related" if link.relation != "related" else "agree"
    editing.decide_link(link_id=link.pk, decision=new, version=0, user=editor)
    relink_story(story)
    kept = ClaimLink.objects.get(a_id=link.a_id, b_id=link.b_id)
    assert (kept.relation, kept.origin, kept.rejected) == (new, "editor", False)
    claim = Claim.objects.get(pk=link.a_id)
    change = next(c for c in claim_history(claim) if c.what.startswith("link with"))
    assert change.who == "editor"
    assert change.before.endswith("(automatic)")
    assert change.after == f"{ClaimLink.Relation(new).label} (editor)"


def test_link_decisions_check_the_version(story, editor):
    link = auto_link(story)
    editing.decide_link(link_id=link.pk, decision="confirm", version=0, user=editor)
    with pytest.raises(editing.StaleEdit):
        editing.decide_link(link_id=link.pk, decision="reject", version=0, user=editor)
    link.refresh_from_db()
    assert not link.rejected


def test_linking_by_hand_orders_the_pair_and_refuses_bad_pairs(story, editor):
    first, second = story.articles.order_by("pk")
    mine = Claim.objects.filter(article=first).order_by("pk")
    theirs = Claim.objects.filter(article=second).order_by("-pk").first()
    ClaimLink.objects.filter(a=mine[0], b=theirs).delete()
    link = editing.link_claims(
        claim_id=theirs.pk, other_id=mine[0].pk, relation="diverge", user=editor
    )
    assert (link.a_id, link.b_id) == (mine[0].pk, theirs.pk)
    assert (link.origin, link.relation, link.score) == ("editor", "diverge", 1.0)
    with pytest.raises(editing.EditError, match="same article"):
        editing.link_claims(claim_id=mine[0].pk, other_id=mine[1].pk, relation="agree", user=editor)
    elsewhere = Claim.objects.in_story(make_story(2, 1, title="Other").pk).first()
    with pytest.raises(editing.EditError, match="same story"):
        editing.link_claims(
            claim_id=mine[0].pk, other_id=elsewhere.pk, relation="agree", user=editor
        )
    with pytest.raises(editing.EditError, match="another claim"):
        editing.link_claims(claim_id=mine[0].pk, other_id=mine[0].pk, relation="agree", user=editor)


def test_linking_by_hand_restores_a_rejected_link(story, editor):
    link = auto_link(story)
    editing.decide_link(link_id=link.pk, decision="reject", version=0, user=editor)
    editing.link_claims(claim_id=link.a_id, other_id=link.b_id, relation="agree", user=editor)
    link.refresh_from_db()
    assert (link.rejected, link.relation) == (False, "agree")


@pytest.mark.parametrize(
    ("name", "colour", "problem"),
    [
        ("", "#112233", "needs a name"),
        ("x" * 41, "#112233", "too long"),
        ("VERIFIED", "#112233", "already exists"),
        ("<b>bold</b>", "#112233", "letters, digits"),
        ("fine", "red", "colour"),
    ],
)
def test_bad_tags_are_refused(name, colour, problem):
    admin = make_user("admin")
    with pytest.raises(editing.EditError, match=problem):
        editing.create_tag(name=name, colour=colour, description="", user=admin)


def test_create_tag_records_history():
    admin = make_user("admin")
    tag = editing.create_tag(name="  needs  source ", colour="#AABBCC", description="", user=admin)
    assert (tag.name, tag.colour) == ("needs source", "#aabbcc")
    assert tag.history.get().history_user == admin


@pytest.mark.django_db(transaction=True)
def test_two_editors_saving_at_the_same_moment_lose_no_update():
    """Two threads, two connections, both on version 0: one wins, the other is told."""
    if connection.vendor == "sqlite":
        # The in-memory test database (shared cache) fails on table locks instead of
        # waiting; `make test` runs this on PostgreSQL, where rows are locked for real.
        pytest.skip("needs a database that waits for row locks: runs on PostgreSQL")
    story = make_story(2, 1)
    claim = Claim.objects.in_story(story.pk).first()
    users = [make_user("editor"), make_user("editor", username="alice")]
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def save(user, status):
        try:
            barrier.wait()
            editing.set_status(claim_id=claim.pk, status=status, note="", version=0, user=user)
            outcomes[user.username] = "saved"
        except editing.StaleEdit as stale:
            outcomes[user.username] = f"stale: {stale.current.status}"
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=(user, status))
        for user, status in zip(users, ["verified", "false"], strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    claim.refresh_from_db()
    assert sorted(outcomes.values())[1].startswith("stale")
    winner = next(name for name, outcome in outcomes.items() if outcome == "saved")
    loser = next(name for name, outcome in outcomes.items() if outcome != "saved")
    assert outcomes[loser] == f"stale: {claim.status}"
    assert claim.version == 1
    assert claim.history.filter(history_user__username=winner).count() == 1
    assert not claim.history.filter(history_user__username=loser).exists()


def test_importing_the_same_text_again_keeps_the_claims_and_their_edits(tmp_path, editor):
    from articles.importing import Status, import_articles

    path = tmp_path / "a.txt"
    path.write_text(
        "Title: Summit\n\nOfficials said 120 delegates attended the summit in Harbin.\n",
        encoding="utf-8",
    )
    import_articles(paths=[path], story="Summit")
    claim = Claim.objects.get()
    editing.add_tag(claim_id=claim.pk, tag_id=Tag.objects.get(name="verified").pk, user=editor)
    report = import_articles(paths=[path], story="Summit")
    assert [r.status for r in report.results] == [Status.UNCHANGED]
    assert list(Claim.objects.values_list("pk", flat=True)) == [claim.pk]
    assert list(claim.tags.values_list("name", flat=True)) == ["verified"]


def test_relinking_writes_no_history_for_automatic_links(story):
    relink_story(story)
    assert not ClaimLink.history.exists()
    assert ClaimLink.objects.in_story(story.pk).exists()


def test_two_editors_interleaved_on_any_database_lose_no_update():
    """The same race as above, step by step through the panel (SQLite and PostgreSQL):
    both editors load the claim, Alice saves, Bob saves on the version he loaded. Bob is
    refused, shown Alice's change and told what his was; saving again applies his."""
    import re

    from django.test import Client
    from django.urls import reverse

    story = make_story(2, 1)
    claim = Claim.objects.in_story(story.pk).order_by("pk").first()
    url = reverse("articles:story", args=[story.slug])
    htmx = {"HX-Request": "true", "HX-Target": "panel"}
    status_url = reverse("claims:set_status", args=[claim.pk])
    clients = {}
    for name in ("alice", "bob"):
        clients[name] = Client()
        clients[name].force_login(make_user("editor", username=name))

    def loaded_version(html):
        form = html.split('class="status-form"', 1)[1]
        return int(re.search(r'name="version" value="(\d+)"', form).group(1))

    alice_version = loaded_version(
        clients["alice"].get(url, {"claim": claim.pk}, headers=htmx).content.decode()
    )
    bob_version = loaded_version(
        clients["bob"].get(url, {"claim": claim.pk}, headers=htmx).content.decode()
    )
    assert alice_version == bob_version == 0

    saved = (
        clients["alice"]
        .post(
            status_url,
            {"status": "false", "note": "Ministry denies it", "version": alice_version},
            headers={"HX-Request": "true"},
        )
        .content.decode()
    )
    assert "Status set to “false”." in saved
    refused = (
        clients["bob"]
        .post(
            status_url,
            {"status": "verified", "note": "Confirmed by AP", "version": bob_version},
            headers={"HX-Request": "true"},
        )
        .content.decode()
    )
    assert "Changed by alice meanwhile; your change was not saved." in refused
    assert "Now: “false”." in refused
    assert "Yours was “verified” with the note “Confirmed by AP”." in refused
    assert "Ministry denies it" in refused  # Alice's note, in the status line and history
    # The form now shows the claim as it is, so that Bob re-applies his change knowingly.
    assert '<option value="false" selected>' in refused
    claim.refresh_from_db()
    assert (claim.status, claim.status_note, claim.version) == ("false", "Ministry denies it", 1)

    # Bob has seen Alice's change; he saves again from the refreshed panel.
    again = (
        clients["bob"]
        .post(
            status_url,
            {"status": "verified", "note": "Confirmed by AP", "version": loaded_version(refused)},
            headers={"HX-Request": "true"},
        )
        .content.decode()
    )
    assert "Status set to “verified”." in again
    statuses = [(c.who, c.before, c.after) for c in claim_history(claim) if c.what == "status"]
    assert statuses == [("bob", "false", "verified"), ("alice", "unreviewed", "false")]


def test_two_editors_deciding_the_same_link_in_the_queue(story):
    from django.test import Client
    from django.urls import reverse

    link = auto_link(story)
    clients = []
    for name in ("alice", "bob"):
        client = Client()
        client.force_login(make_user("editor", username=name))
        clients.append(client)
    url = reverse("claims:review_decide", args=[link.pk])
    htmx = {"HX-Request": "true"}
    first = clients[0].post(url, {"decision": "reject", "version": 0}, headers=htmx)
    assert "Decided: rejected" in first.content.decode()
    second = clients[1].post(url, {"decision": "agree", "version": 0}, headers=htmx)
    item = second.content.decode()
    assert "Changed by alice meanwhile" in item
    assert "rejected" in item  # what the link is now
    link.refresh_from_db()
    assert (link.rejected, link.decided_by.username, link.version) == (True, "alice", 1)
