"""Shared steps of the end-to-end tests."""

from playwright.sync_api import Page, expect

from tests.factories import make_user


def log_in(page: Page, live_server, role: str, *, width: int = 1440) -> None:
    """Create a user with `role` (named after it) and log in through the real form."""
    make_user(role)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(role)
    page.get_by_label("Password").fill("pw-for-tests")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Stories")).to_be_visible()
