import pytest
from playwright.sync_api import Page


@pytest.fixture(autouse=True)
def no_console_errors(page: Page):
    """Fail a browser test on script errors and Content Security Policy violations."""
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield
    assert not errors, errors
