"""End to end in Debian's headless Chromium: editors edit from the panel and the queue."""

import importlib
import re

import pytest
from playwright.sync_api import Page, expect

from claims import editing
from claims.models import Claim, ClaimLink, Tag
from claims.reviewing import undecided
from tests.e2e.browser import log_in
from tests.factories import import_seeds, make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PREDEFINED = importlib.import_module("claims.migrations.0003_predefined_tags")


@pytest.fixture(autouse=True)
def predefined_tags():
    """Transactional tests flush the tags the data migration made."""
    PREDEFINED.create_tags(importlib.import_module("django.apps").apps, None)


@pytest.fixture
def story(live_server):
    story, _ = import_seeds()
    return story


def linked_claim():
    return Claim.objects.get(pk=ClaimLink.objects.visible().order_by("a_id").first().a_id)


def test_editor_tags_a_claim_and_sets_its_status_from_the_panel(
    story, live_server, page: Page, artifacts
):
    log_in(page, live_server, "editor")
    claim = linked_claim()
    page.goto(f"{live_server.url}/stories/{story.slug}/")
    page.locator(f"#c{claim.pk}").click()
    tools = page.locator("#claim-tools")
    expect(tools).to_be_visible()

    tools.get_by_label("Add tag").select_option(label="needs-check")
    tools.get_by_role("button", name="Add tag").click()
    expect(tools.get_by_role("status")).to_have_text("Tagged “needs-check”.")
    expect(tools.get_by_role("list", name="Tags")).to_contain_text("needs-check")
    # The claim's column shows the tag too, without a reload.
    column_marks = page.locator(f"#c{claim.pk} + .state-icon + .claim-marks")
    expect(column_marks.locator(".tag-chip")).to_have_text(["tag: needs-check"])

    tools.get_by_label("Review status").select_option("disputed")
    tools.get_by_label("Status note").fill("Figures differ between outlets")
    tools.get_by_role("button", name="Save status").click()
    expect(tools.get_by_role("status")).to_have_text("Status set to “disputed”.")
    expect(tools.locator(".review-status")).to_contain_text("disputed")
    expect(column_marks).to_contain_text("review status: disputed")
    expect(tools.locator(".history")).to_contain_text("editor")
    expect(tools.locator(".history")).to_contain_text("unreviewed")
    # No page reload: the URL still selects the claim, the columns are still there.
    expect(page).to_have_url(re.compile(rf"\?claim={claim.pk}$"))
    expect(page.locator("article.column")).to_have_count(3)
    page.screenshot(path=artifacts / "panel-editing.png")
    page.screenshot(path=artifacts / "claim-tools.png")
    claim.refresh_from_db()
    assert claim.status == "disputed"
    assert list(claim.tags.values_list("name", flat=True)) == ["needs-check"]


def test_a_script_in_a_note_is_shown_as_text_and_does_not_run(story, live_server, page: Page):
    log_in(page, live_server, "editor")
    claim = linked_claim()
    page.goto(f"{live_server.url}/stories/{story.slug}/?claim={claim.pk}")
    hostile = '<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2">'
    page.get_by_label("Add a note").fill(hostile)
    page.get_by_role("button", name="Add note").click()
    expect(page.locator(".notes .note-text")).to_have_text(hostile)
    page.reload()
    expect(page.locator(".notes .note-text")).to_have_text(hostile)
    assert page.evaluate("window.pwned") is None


def test_editor_rejects_a_link_in_the_review_queue_with_the_keyboard(
    story, live_server, page: Page, artifacts
):
    log_in(page, live_server, "editor")
    first, second = list(undecided()[:2])
    page.goto(f"{live_server.url}/review/")
    item = page.locator(f"#link-{first.pk}")
    expect(item).to_be_focused()
    page.screenshot(path=artifacts / "review-queue.png")
    page.keyboard.press("r")
    expect(page.locator(f"#link-{first.pk}")).to_contain_text("Decided: rejected")
    expect(page.locator(f"#link-{second.pk}")).to_be_focused()
    page.keyboard.press("a")
    expect(page.locator(f"#link-{second.pk}")).to_contain_text("Decided: kept")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.rejected, first.origin) == (True, "editor")
    assert (second.rejected, second.origin) == (False, "editor")


def test_reader_sees_tags_and_history_but_no_edit_controls(story, live_server, page: Page):
    claim = linked_claim()
    author = make_user("editor")
    editing.add_tag(claim_id=claim.pk, tag_id=Tag.objects.get(name="verified").pk, user=author)
    log_in(page, live_server, "reader")
    page.goto(f"{live_server.url}/stories/{story.slug}/?claim={claim.pk}")
    tools = page.locator("#claim-tools")
    expect(tools.get_by_role("list", name="Tags")).to_contain_text("verified")
    expect(tools.locator(".history")).to_contain_text("editor")
    expect(tools.locator("form")).to_have_count(0)
    expect(tools.get_by_role("button")).to_have_count(0)
    expect(page.get_by_role("link", name="Review queue")).to_have_count(0)
