"""End to end in Debian's headless Chromium: log in and read the sample story."""

import pytest
from playwright.sync_api import Page, expect

from tests.factories import import_seeds, make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_reader_logs_in_and_reads_the_sample_story_side_by_side(live_server, page: Page, artifacts):
    story, _ = import_seeds()
    make_user("reader")
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    page.get_by_label("Username").fill("reader")
    page.get_by_label("Password").fill("pw-for-tests")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Stories")).to_be_visible()
    page.get_by_role("link", name=story.title).click()
    expect(page.locator("article.column")).to_have_count(3)
    expect(
        page.get_by_role("heading", name="Putin Talks Tech, Energy Cooperation In China’s Harbin")
    ).to_be_visible()
    page.screenshot(path=artifacts / "story.png", full_page=False)
