"""End to end in Debian's headless Chromium: reading a story side by side."""

import re

import pytest
from playwright.sync_api import Page, expect

from claims.models import ClaimLink
from tests.e2e.browser import log_in
from tests.factories import import_seeds, make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def story(live_server, page: Page):
    story, _ = import_seeds()
    log_in(page, live_server, "reader")
    return story


def diverging_link():
    return (
        ClaimLink.objects.filter(relation="diverge")
        .exclude(differences=[])
        .order_by("a_id")
        .first()
    )


def test_reader_logs_in_and_reads_the_sample_story_side_by_side(story, page: Page, artifacts):
    page.get_by_role("link", name=story.title).click()
    expect(page.locator("article.column")).to_have_count(3)
    expect(
        page.get_by_role("heading", name="Putin Talks Tech, Energy Cooperation In China’s Harbin")
    ).to_be_visible()
    expect(page.locator("#panel")).to_contain_text("Select a claim")
    page.screenshot(path=artifacts / "story.png")


def test_selecting_a_claim_shows_its_matches_and_the_differences(story, page: Page, artifacts):
    link = diverging_link()
    page.goto(f"{page.url}stories/{story.slug}/")
    page.locator(f"#c{link.a_id}").click()
    panel = page.locator("#panel")
    expect(panel).to_have_attribute("data-selected", str(link.a_id))
    expect(page).to_have_url(re.compile(rf"\?claim={link.a_id}$"))
    expect(page.locator(f"#c{link.a_id}")).to_have_class(re.compile("is-selected"))
    expect(page.locator(f"#c{link.b_id}")).to_have_class(re.compile("is-match"))
    best = panel.locator(".match:not(.relation-related) [data-claim-link]").first
    best = best.get_attribute("data-claim-link")
    expect(page.locator(f"#c{best}")).to_be_in_viewport()
    difference = link.differences[0]
    expect(panel.locator("table.differences").first).to_contain_text(difference["a"])
    expect(panel.locator("table.differences").first).to_contain_text(difference["b"])
    expect(panel).to_contain_text("diverges")
    page.screenshot(path=artifacts / "story-selected.png")

    # The URL is a permalink: reloading it restores the same state, server-side.
    page.reload()
    expect(page.locator("#panel")).to_have_attribute("data-selected", str(link.a_id))
    expect(page.locator(f"#c{link.b_id}")).to_have_class(re.compile("is-match"))

    # Esc closes the panel; Back brings the claim back.
    page.keyboard.press("Escape")
    expect(page.locator("#panel")).to_contain_text("Select a claim")
    expect(page).not_to_have_url(re.compile("claim="))
    page.go_back()
    expect(page).to_have_url(re.compile(rf"\?claim={link.a_id}$"))
    expect(page.locator("#panel")).to_have_attribute("data-selected", str(link.a_id))


def test_keyboard_moves_between_claims_and_divergences(story, page: Page):
    page.goto(f"{page.url}stories/{story.slug}/")
    claims = page.locator(".columns a.claim")
    page.keyboard.press("j")
    expect(claims.nth(0)).to_be_focused()
    page.keyboard.press("j")
    expect(claims.nth(1)).to_be_focused()
    page.keyboard.press("k")
    expect(claims.nth(0)).to_be_focused()
    page.keyboard.press("n")
    focused = page.evaluate("document.activeElement.className")
    assert "state-diverging" in focused
    page.keyboard.press("Enter")
    expect(page.locator("#panel")).to_have_attribute(
        "data-selected", page.evaluate("document.activeElement.dataset.claim")
    )
    page.keyboard.press("?")
    expect(page.get_by_role("dialog")).to_be_visible()
    expect(page.get_by_role("dialog")).to_contain_text("next / previous diverging claim")
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_be_hidden()


def test_matrix_filters_rows_and_opens_the_story_on_a_claim(story, page: Page, artifacts):
    page.goto(f"{page.url}stories/{story.slug}/matrix/")
    rows = page.locator("table.matrix tbody tr")
    total = rows.count()
    assert total > 10
    page.screenshot(path=artifacts / "matrix.png")
    page.get_by_label("Only diverging").check()
    expect(page).to_have_url(re.compile("only=diverging"))
    expect(rows.first).to_have_class("row-diverging")
    diverging = rows.count()
    assert 0 < diverging < total
    assert rows.locator("td.cell-diverges").count() >= diverging
    page.get_by_label("Only unique").check()
    expect(rows.first).to_have_class("row-unique")
    rows.first.locator("th a").click()
    expect(page.locator("#panel")).to_contain_text("reports this")


def test_without_javascript_a_claim_link_opens_the_same_state(live_server, browser):
    story, _ = import_seeds()
    make_user("reader")
    link = diverging_link()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/?next=/stories/{story.slug}/")
    page.get_by_label("Username").fill("reader")
    page.get_by_label("Password").fill("pw-for-tests")
    page.get_by_role("button", name="Log in").click()
    page.locator(f"#c{link.a_id}").click()
    expect(page).to_have_url(re.compile(rf"\?claim={link.a_id}$"))
    expect(page.locator("#panel")).to_have_attribute("data-selected", str(link.a_id))
    expect(page.locator(f"#c{link.b_id}")).to_have_class(re.compile("is-match"))
    expect(page.locator("#panel table.differences").first).to_contain_text(link.differences[0]["b"])
    context.close()


def contrast_in_browser(page: Page, selector: str) -> float:
    """WCAG contrast of an element's computed text colour on its computed background."""
    return page.evaluate(
        """(selector) => {
          const style = getComputedStyle(document.querySelector(selector));
          const lum = (rgb) => {
            const [r, g, b] = rgb.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map((v) => {
              const c = Number(v) / 255;
              return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
            });
            return 0.2126 * r + 0.7152 * g + 0.0722 * b;
          };
          const [hi, lo] = [lum(style.color), lum(style.backgroundColor)].sort((a, b) => b - a);
          return (hi + 0.05) / (lo + 0.05);
        }""",
        selector,
    )


def test_tags_and_status_show_beside_claims_and_filter_story_and_matrix(
    story, page: Page, artifacts
):
    from claims import editing
    from claims.models import Tag

    link = diverging_link()
    editor = make_user("editor")
    # needs-check is a light colour (black text), "wire copy" a dark one (white text).
    dark = editing.create_tag(name="wire copy", colour="#1d3557", description="", user=editor)
    for claim_id, name in [
        (link.a_id, "needs-check"),
        (link.a_id, "wire copy"),
        (link.b_id, "needs-check"),
    ]:
        # (Transactional tests flush the predefined tags: make the one needed here.)
        tag = (
            dark
            if name == "wire copy"
            else Tag.objects.get_or_create(name=name, defaults={"colour": "#b07d00"})[0]
        )
        editing.add_tag(claim_id=claim_id, tag_id=tag.pk, user=editor)
    editing.set_status(claim_id=link.a_id, status="disputed", note="", version=2, user=editor)

    page.goto(f"{page.url}stories/{story.slug}/")
    marks = page.locator(f"#c{link.a_id} + .state-icon + .claim-marks")
    expect(marks).to_contain_text("disputed")
    expect(marks.locator(".tag-chip")).to_have_text(["tag: needs-check", "tag: wire copy"])
    for chip in (".tag-chip.ink-light", ".tag-chip.ink-dark"):
        assert (
            contrast_in_browser(page, f"#c{link.a_id} + .state-icon + .claim-marks {chip}") >= 4.5
        )
    marks.scroll_into_view_if_needed()
    page.screenshot(path=artifacts / "story-tags.png")

    page.get_by_label("Tag", exact=True).select_option("needs-check")
    page.get_by_role("button", name="Apply").click()
    expect(page).to_have_url(re.compile("tag=needs-check"))
    expect(page.locator(".columns a.claim")).to_have_count(2)
    expect(page.get_by_role("status").first).to_contain_text("2 claims tagged “needs-check”")

    page.goto(page.url.split("/stories/")[0] + f"/stories/{story.slug}/matrix/")
    rows = page.locator("table.matrix tbody tr")
    assert rows.count() > 10
    page.get_by_label("Tag", exact=True).select_option("wire copy")
    expect(page).to_have_url(re.compile(r"tag=wire(%20|\+)copy"))
    expect(rows).to_have_count(1)
    expect(rows.first.locator("th .claim-marks")).to_contain_text("needs-check")
    expect(rows.first.locator("th .claim-marks")).to_contain_text("wire copy")
    page.screenshot(path=artifacts / "matrix-tags.png")
    page.get_by_label("Only unique").check()
    expect(page.locator("#matrix")).to_contain_text("No unique claim group is tagged “wire copy”.")
