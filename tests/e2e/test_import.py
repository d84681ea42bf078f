"""End to end in Debian's headless Chromium: an admin imports articles in the browser."""

import pytest
from playwright.sync_api import Page, expect

from articles.import_jobs import run_job
from articles.models import ImportJob, Story
from tests.e2e.browser import log_in
from tests.factories import SEEDS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def admin_page(live_server, page: Page, settings):
    # The queue keeps the job until the test runs it as a worker would, so the page is
    # seen waiting first, then following the import to its report.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    log_in(page, live_server, "admin", width=1280)
    return page


def test_admin_uploads_files_follows_the_import_and_opens_the_story(
    admin_page: Page, live_server, artifacts
):
    page = admin_page
    page.get_by_role("link", name="Import", exact=True).click()
    expect(page.get_by_role("heading", name="Import articles")).to_be_visible()
    seeds = sorted(SEEDS.glob("*.txt"))[:2]
    page.get_by_label("Article files").set_input_files(
        [{"name": p.name, "mimeType": "text/plain", "buffer": p.read_bytes()} for p in seeds]
        + [{"name": "../../etc/passwd", "mimeType": "text/plain", "buffer": b"root:x:0:0"}]
    )
    page.get_by_label("A new story", exact=True).check()
    page.get_by_label("New story title").fill("Putin in Harbin")
    page.screenshot(path=artifacts / "import-form.png")
    page.get_by_role("button", name="Import", exact=True).click()

    status = page.locator("#job-status")
    expect(status.get_by_role("heading")).to_have_text("Queued: waiting for a worker")
    expect(status).to_contain_text("0 of 3 inputs done")
    job = ImportJob.objects.get()
    with page.expect_request(lambda r: r.url.endswith(f"/import/{job.pk}/")):
        pass  # the page polls the job by itself
    run_job(job.pk)  # what `manage.py db_worker` does

    expect(status.get_by_role("heading")).to_have_text("Done", timeout=10_000)
    expect(status).to_contain_text("3 of 3 inputs done: 2 imported, 0 unchanged, 1 failed")
    report = status.get_by_role("table")
    expect(report.locator("tr.result-imported")).to_have_count(2)
    expect(report.locator("tr.result-failed")).to_contain_text("passwd")
    expect(report.locator("tr.result-failed")).to_contain_text("unsupported file type")
    page.screenshot(path=artifacts / "import-report.png", full_page=True)
    # Finished: the page stops polling.
    expect(status).not_to_have_attribute("hx-trigger", "every 1s")

    story = Story.objects.get(title="Putin in Harbin")
    status.get_by_role("link", name="Putin in Harbin").click()
    expect(page).to_have_url(f"{live_server.url}/stories/{story.slug}/")
    expect(page.locator("article.column")).to_have_count(2)


def test_a_form_error_keeps_what_was_typed(admin_page: Page):
    page = admin_page
    page.get_by_role("link", name="Import", exact=True).click()
    page.get_by_label("Title", exact=True).fill("A headline without its text")
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_role("alert").first).to_contain_text("Paste the article's text")
    expect(page.get_by_label("Title", exact=True)).to_have_value("A headline without its text")
    assert not ImportJob.objects.exists()
