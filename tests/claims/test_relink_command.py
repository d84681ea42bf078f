"""`manage.py relink`: claims described anew by the current extraction, links recomputed,
and everything editors did kept."""

import copy
import io

import pytest
from django.core.management import CommandError, call_command

from claims import editing, semantics
from claims.extraction import FEATURES_VERSION
from claims.linking import outdated_claims, relink_story
from claims.models import Claim, ClaimLink
from tests.factories import import_seeds, make_user

pytestmark = pytest.mark.django_db


def relink(*args: str) -> str:
    out = io.StringIO()
    call_command("relink", *args, stdout=out)
    return out.getvalue()


def age(claims) -> None:
    """Make claims look as an older extraction left them: an older version, a key missing."""
    for claim in claims:
        claim.features["v"] = FEATURES_VERSION - 1
        claim.features.pop("conditional", None)
        Claim.objects.filter(pk=claim.pk).update(features=claim.features)


def test_outdated_stories_get_their_features_and_links_back_and_edits_stay():
    story, _ = import_seeds()
    editor = make_user("editor")
    claims = list(Claim.objects.in_story(story.pk).order_by("pk"))
    before = {c.pk: copy.deepcopy(c.features) for c in claims}
    # The links of the whole story as it is now (an import links each article against
    # the story as it was then, so its links may differ a little).
    relink_story(story)
    links_before = set(
        ClaimLink.objects.in_story(story.pk).values_list("a_id", "b_id", "relation", "score")
    )
    claim = claims[0]
    editing.set_status(claim_id=claim.pk, status="verified", note="checked", version=0, user=editor)
    decided = ClaimLink.objects.in_story(story.pk).filter(relation="agree").first()
    editing.decide_link(link_id=decided.pk, decision="reject", version=0, user=editor)
    # Lose the links an older version wrote, and make the features look old.
    ClaimLink.objects.in_story(story.pk).filter(origin="auto").delete()
    age(claims)
    assert outdated_claims().count() == len(claims)

    output = relink()

    assert f"{story.slug}: {len(claims)} claims described anew" in output
    assert "Relinked 1 story." in output
    assert not outdated_claims().exists()
    assert {c.pk: c.features for c in Claim.objects.in_story(story.pk)} == before
    links_after = set(
        ClaimLink.objects.in_story(story.pk)
        .exclude(pk=decided.pk)
        .values_list("a_id", "b_id", "relation", "score")
    )
    assert links_after == links_before - {
        (decided.a_id, decided.b_id, decided.relation, decided.score)
    }
    rejected = ClaimLink.objects.get(pk=decided.pk)
    assert (rejected.origin, rejected.rejected) == ("editor", True)
    claim.refresh_from_db()
    assert (claim.status, claim.status_note, claim.version) == ("verified", "checked", 1)
    # Nothing is outdated now, so a plain run does nothing.
    assert relink() == "Every story is up to date.\n"


def test_named_stories_and_all_are_relinked_even_when_up_to_date():
    story, _ = import_seeds()
    links = ClaimLink.objects.in_story(story.pk).count()
    assert relink(story.slug) == (
        f"{story.slug}: 0 claims described anew, {links} automatic links\nRelinked 1 story.\n"
    )
    assert f"{story.slug}: 0 claims described anew" in relink("--all")
    assert ClaimLink.objects.in_story(story.pk).count() == links


def test_unknown_stories_and_contradictory_options_are_refused():
    with pytest.raises(CommandError, match="No story with slug: nope"):
        relink("nope")
    story, _ = import_seeds()
    with pytest.raises(CommandError, match="not both"):
        relink(story.slug, "--all")


def test_relinking_keeps_the_rows_of_links_that_stay_and_replaces_the_others():
    story, _ = import_seeds()
    links = ClaimLink.objects.in_story(story.pk)
    before = dict(links.values_list("pk", "score"))
    changed = links.filter(relation="agree").order_by("pk").first()
    ClaimLink.objects.filter(pk=changed.pk).update(score=0.01, relation="related")
    assert relink_story(story) == len(before)
    after = dict(links.values_list("pk", "score"))
    assert set(before) - set(after) == {changed.pk}  # every other row stayed
    assert len(set(after) - set(before)) == 1  # only the changed link was written again
    restored = links.get(a_id=changed.a_id, b_id=changed.b_id)
    assert (restored.relation, restored.score) == ("agree", changed.score)


@pytest.mark.skipif(not semantics.available(), reason="the sentence model: `make setup`")
def test_claims_without_a_sentence_vector_get_one_and_the_same_links(monkeypatch):
    story, _ = import_seeds()
    claims = Claim.objects.in_story(story.pk)
    assert not claims.filter(vector__isnull=True).exists()
    vectors = dict(claims.values_list("pk", "vector"))
    relink_story(story)
    links_before = set(
        ClaimLink.objects.in_story(story.pk).values_list("a_id", "b_id", "relation", "score")
    )
    claims.update(vector=None)  # as imported before the model was installed
    assert outdated_claims().count() == claims.count()
    # Without the model, a claim without a vector is not outdated (nothing would change).
    with monkeypatch.context() as patch:
        patch.setattr(semantics, "available", lambda: False)
        assert not outdated_claims().exists()

    output = relink()

    assert f"{story.slug}: {claims.count()} claims described anew" in output
    assert not outdated_claims().exists()
    assert {pk: bytes(v) for pk, v in claims.values_list("pk", "vector")} == {
        pk: bytes(v) for pk, v in vectors.items()
    }
    links_after = set(
        ClaimLink.objects.in_story(story.pk).values_list("a_id", "b_id", "relation", "score")
    )
    assert links_after == links_before
