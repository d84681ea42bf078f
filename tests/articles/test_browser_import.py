"""The Import page: uploads, pasted texts, story choice, the job page, permissions, retry.

Most tests run imports with Django's immediate task backend (the task runs inside the
request); tests/articles/test_worker.py runs them in a real `db_worker` process.
"""

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import import_jobs
from articles.import_jobs import Paste, create_job, enqueue_job, run_job, safe_name
from articles.importing import Status, import_articles
from articles.models import Article, ImportJob, ImportSource, Story
from claims.models import Claim
from tests.factories import SEEDS, import_seeds, make_user, write

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
HARBOR = "Title: Harbor fire\nOutlet: Coast News\n\nA fire broke out at the harbor on Monday.\n"
DAM = "Outlet: Valley Post\n\nThe dam upstream broke on Sunday and flooded three villages."


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    settings.TASKS = IMMEDIATE


@pytest.fixture
def admin_client(client):
    client.force_login(make_user("admin"))
    return client


def upload(name, content):
    return SimpleUploadedFile(name, content if isinstance(content, bytes) else content.encode())


def post_import(client, **fields):
    data = {"story_mode": "new", **fields}
    return client.post(reverse("articles:import"), data)


def job_page(client, job):
    return client.get(reverse("articles:import_job", args=[job.pk])).content.decode()


# Permissions


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(reverse("articles:import"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role", ["reader", "editor"])
def test_readers_and_editors_may_not_import(client, role):
    client.force_login(make_user(role))
    assert client.get(reverse("articles:import")).status_code == 403
    response = post_import(client, uploads=[upload("a.txt", HARBOR)])
    assert response.status_code == 403
    assert not ImportJob.objects.exists()
    assert not Article.objects.exists()
    job = create_job(user=None, pastes=[Paste(text=HARBOR)])
    assert client.get(reverse("articles:import_job", args=[job.pk])).status_code == 403
    assert client.post(reverse("articles:import_retry", args=[job.pk])).status_code == 403
    assert 'href="/import/"' not in client.get(reverse("articles:stories")).content.decode()


def test_admins_see_the_import_link_and_the_form(admin_client):
    assert 'href="/import/"' in admin_client.get(reverse("articles:stories")).content.decode()
    page = admin_client.get(reverse("articles:import")).content.decode()
    assert 'type="file" name="uploads"' in page
    assert "multiple" in page
    assert "Article URLs to fetch" in page
    assert "the story newsdesk suggests" in page.lower()


def test_the_import_form_needs_its_csrf_token():
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user("admin"))
    response = client.post(
        reverse("articles:import"), {"story_mode": "new", "uploads": [upload("a.txt", HARBOR)]}
    )
    assert response.status_code == 403
    assert not ImportJob.objects.exists()


# Uploads and the report


def test_uploaded_files_are_imported_and_the_page_shows_the_report(admin_client):
    response = post_import(
        admin_client,
        uploads=[upload("harbor.txt", HARBOR), upload("dam.txt", DAM)],
        new_story_title="Weekend disasters",
    )
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("articles:import_job", args=[job.pk])
    assert job.state == ImportJob.State.DONE
    story = Story.objects.get(title="Weekend disasters")
    assert job.story == story
    assert sorted(story.articles.values_list("source_file", flat=True)) == ["dam.txt", "harbor.txt"]
    assert Claim.objects.filter(article__story=story).exists()
    page = job_page(admin_client, job)
    assert "Done" in page
    assert "2 imported" in page
    assert "harbor.txt" in page
    assert "dam.txt" in page
    assert f'href="{story.get_absolute_url()}"' in page
    assert 'hx-trigger="every 1s"' not in page  # finished: no more polling
    assert job.created_by.username == "admin"


def test_importing_the_same_file_again_reports_it_unchanged(admin_client):
    post_import(admin_client, uploads=[upload("harbor.txt", HARBOR)])
    post_import(admin_client, uploads=[upload("copy.txt", HARBOR)])
    assert Article.objects.count() == 1
    second = ImportJob.objects.order_by("pk").last()
    [line] = import_jobs.job_report(second).results
    assert line.status is Status.UNCHANGED
    assert f"same text as article {Article.objects.get().pk}" in line.detail


BAD_FILES = [
    ("empty.txt", b""),
    ("binary.txt", b"\x00\x01\x02\x03" * 100),
    ("menu.html", b"<html><body><nav>Home</nav></body></html>"),
    ("broken.json", b"{not json"),
    ("notext.json", b'{"title": "t"}'),
    ("headings.txt", b"Only A Heading\n\nAnother Heading"),
    ("slides.pdf", b"%PDF-1.4 not an article"),
    ("batch.json", json.dumps([{"text": "The harbor reopened on Wednesday."}, {"x": 1}]).encode()),
]


def test_bad_files_get_the_same_report_lines_as_from_the_command(admin_client, tmp_path):
    post_import(admin_client, uploads=[upload(name, content) for name, content in BAD_FILES])
    page_lines = import_jobs.job_report(ImportJob.objects.get()).results
    Article.objects.all().delete()
    paths = [write(tmp_path, name, content) for name, content in BAD_FILES]
    command_lines = import_articles(paths=paths, story="x").results
    assert [line.status for line in page_lines] == [line.status for line in command_lines]
    failures = [
        (page.detail, command.detail)
        for page, command in zip(page_lines, command_lines, strict=True)
        if page.status is Status.FAILED
    ]
    assert len(failures) == 8
    assert all(page == command for page, command in failures)
    no_text = "JSON item 1 has no 'text' field with the article's text"
    assert page_lines[-1].detail == no_text
    assert page_lines[-1].label == "batch.json"
    assert "unsupported file type '.pdf'" in page_lines[6].detail
    page = job_page(admin_client, ImportJob.objects.get())
    assert "binary file, not text" in page
    assert "malformed JSON at line 1" in page


def test_hostile_file_names_are_stored_and_shown_safely(admin_client):
    long_name = "a" * 300 + ".txt"
    names = ["..\\..\\etc\\passwd", long_name, "Репортаж — 東京 <b>.txt", "\x00evil\u202e.txt"]
    files = [upload(name, f"{HARBOR} {n}") for n, name in enumerate(names)]
    post_import(admin_client, uploads=files)
    stored = list(ImportSource.objects.order_by("position").values_list("name", flat=True))
    assert stored[0] == "passwd"
    assert len(stored[1]) <= 200
    assert stored[1].endswith(".txt")
    assert stored[2] == "Репортаж — 東京 <b>.txt"
    assert stored[3] == "evil.txt"
    assert all("/" not in name and "\\" not in name and "\x00" not in name for name in stored)
    lines = import_jobs.job_report(ImportJob.objects.get()).results
    assert lines[0].status is Status.FAILED  # no extension: not an article format
    assert "unsupported file type 'passwd'" in lines[0].detail
    assert [line.status for line in lines[1:]] == [Status.IMPORTED] * 3
    assert Article.objects.filter(source_file="Репортаж — 東京 <b>.txt").exists()
    page = job_page(admin_client, ImportJob.objects.get())
    assert "Репортаж — 東京 &lt;b&gt;.txt" in page
    assert "<b>.txt" not in page


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\x\\story.txt", "story.txt"),
        ("..", "upload"),
        ("   ", "upload"),
        (".hidden.txt", "hidden.txt"),
        ("tab\there\nnewline.md", "tab here newline.md"),
        ("e\u0301te\u0301.txt", "été.txt"),
    ],
)
def test_safe_name(raw, safe):
    assert safe_name(raw) == safe


def test_a_file_over_the_size_limit_is_refused_with_the_importers_words(admin_client, settings):
    settings.NEWSDESK_MAX_IMPORT_BYTES = 1000
    response = post_import(
        admin_client,
        uploads=[upload("big.txt", "The harbor reopened. " * 100), upload("ok.txt", HARBOR)],
        text="Kept text the admin pasted.",
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "big.txt: file is 0.0 MB, over the 0.0 MB limit" in page
    assert "Kept text the admin pasted." in page  # nothing typed is lost
    assert not ImportJob.objects.exists()


def test_an_oversized_upload_is_refused_before_it_is_read(admin_client, settings):
    settings.NEWSDESK_MAX_IMPORT_BYTES = 1000
    settings.NEWSDESK_MAX_IMPORT_INPUTS = 2
    response = post_import(admin_client, uploads=[upload("huge.txt", b"x" * 400_000)])
    assert response.status_code == 413
    assert "Import the files in smaller batches" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_too_many_files_are_refused_with_a_message(admin_client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 3
    settings.NEWSDESK_MAX_IMPORT_INPUTS = 3
    files = [upload(f"{n}.txt", f"Article number {n} about the harbor.") for n in range(5)]
    response = post_import(admin_client, uploads=files)
    assert response.status_code == 413
    assert "Too many files: at most 3" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_an_empty_form_says_what_to_give(admin_client):
    response = post_import(admin_client)
    assert response.status_code == 200
    assert "Choose files, paste a text or give URLs" in response.content.decode()


def test_urls_must_be_http(admin_client):
    response = post_import(admin_client, urls="file:///etc/passwd\nhttps://example.org/a")
    assert response.status_code == 200
    assert "Not an http(s) URL: file:///etc/passwd" in response.content.decode()
    assert not ImportJob.objects.exists()


# Pasted text


def test_a_pasted_text_is_imported_with_its_details(admin_client):
    post_import(
        admin_client,
        text="Title: Ignored header\n\nThe harbor reopened on Wednesday after the fire.",
        title="Harbor reopens",
        outlet="Bay Times",
        url="https://bay.example/harbor",
        published="2024-05-17",
    )
    article = Article.objects.get()
    assert article.title == "Harbor reopens"
    assert article.outlet.name == "Bay Times"
    assert article.url == "https://bay.example/harbor"
    assert article.published == dt.date(2024, 5, 17)
    assert article.source_file == ""
    assert (
        import_jobs.job_report(ImportJob.objects.get())
        .results[0]
        .label.startswith("pasted text 1: Harbor reopens")
    )


def test_details_without_a_text_keep_what_was_typed(admin_client):
    response = post_import(admin_client, title="A headline", outlet="Bay Times")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Paste the article&#x27;s text" in page
    assert 'value="A headline"' in page
    assert 'value="Bay Times"' in page


def test_a_bad_date_is_a_form_error(admin_client):
    response = post_import(admin_client, text="The harbor reopened.", published="2024-13-45")
    assert response.status_code == 200
    assert "Enter a valid date" in response.content.decode()


# Story choice


def test_import_into_an_existing_story(admin_client):
    story = Story.objects.create(title="Harbor fire", slug="harbor-fire")
    post_import(admin_client, story_mode="existing", story=story.pk, text=HARBOR)
    assert Article.objects.get().story == story
    assert ImportJob.objects.get().story == story


def test_existing_story_must_be_chosen(admin_client):
    response = post_import(admin_client, story_mode="existing", text=HARBOR)
    assert response.status_code == 200
    assert "Choose the story to import into." in response.content.decode()


def test_a_new_story_without_a_title_is_named_after_the_first_article(admin_client):
    post_import(admin_client, text=HARBOR)
    assert Story.objects.get().title == "Harbor fire"


def test_a_failed_import_creates_no_empty_story(admin_client):
    post_import(admin_client, uploads=[upload("empty.txt", b"")], new_story_title="Nothing")
    assert not Story.objects.exists()
    assert ImportJob.objects.get().state == ImportJob.State.DONE


VISIT = (
    "Russian President Vladimir Putin arrived in Harbin on Friday, the second day of his "
    "state visit to China, after talks with Xi Jinping in Beijing on energy and trade."
)


def test_suggest_picks_the_story_the_articles_resemble(admin_client):
    putin, _ = import_seeds()
    Story.objects.create(title="Harbor fire", slug="harbor-fire")
    post_import(admin_client, uploads=[upload("harbor.txt", HARBOR)], story_mode="new")
    post_import(admin_client, story_mode="suggest", text=VISIT, outlet="Wire")
    job = ImportJob.objects.order_by("pk").last()
    assert job.story == putin
    assert Article.objects.get(outlet__name="Wire").story == putin
    assert f"Suggested story “{putin.title}”" in job.suggestion
    assert "Putin" in job.suggestion
    assert job.suggestion in job_page(admin_client, job)


def test_suggest_starts_a_new_story_when_none_is_close(admin_client):
    putin, _ = import_seeds()
    post_import(admin_client, story_mode="suggest", text=DAM)
    job = ImportJob.objects.get()
    assert job.story != putin
    assert job.story.articles.count() == 1
    assert job.story.title == Article.objects.get(outlet__name="Valley Post").title
    assert job.suggestion.startswith("No existing story is close enough")


# The job page


def test_a_queued_job_polls_and_says_no_worker_took_it(admin_client, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    post_import(admin_client, uploads=[upload("harbor.txt", HARBOR)])
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - dt.timedelta(minutes=1))
    response = admin_client.get(
        reverse("articles:import_job", args=[job.pk]),
        headers={"HX-Request": "true", "HX-Target": "job-status"},
    )
    fragment = response.content.decode()
    assert fragment.lstrip().startswith('<section id="job-status"')
    assert "<html" not in fragment
    assert 'hx-trigger="every 1s"' in fragment
    assert "Queued: waiting for a worker" in fragment
    assert "manage.py db_worker" in fragment
    assert "Still to do: harbor.txt" in fragment
    assert "Refresh" in fragment  # without JavaScript
    run_job(job.pk)
    done = admin_client.get(
        reverse("articles:import_job", args=[job.pk]),
        headers={"HX-Request": "true", "HX-Target": "job-status"},
    ).content.decode()
    assert "hx-trigger" not in done
    assert "1 imported" in done


def test_an_unknown_job_is_404(admin_client):
    assert admin_client.get(reverse("articles:import_job", args=[999])).status_code == 404


def test_the_import_page_lists_recent_imports(admin_client):
    post_import(admin_client, text=HARBOR)
    page = admin_client.get(reverse("articles:import")).content.decode()
    job = ImportJob.objects.get()
    assert f'href="{job.get_absolute_url()}"' in page
    assert "Harbor fire" in page


# Failures and retry


def test_a_job_that_fails_can_be_retried_and_goes_on_where_it_stopped(admin_client, monkeypatch):
    real = import_jobs.import_article
    calls = {"n": 0}

    def crash_on_the_second(**kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("database went away")
        return real(**kwargs)

    monkeypatch.setattr(import_jobs, "import_article", crash_on_the_second)
    post_import(admin_client, uploads=[upload("harbor.txt", HARBOR), upload("dam.txt", DAM)])
    job = ImportJob.objects.get()
    assert job.state == ImportJob.State.FAILED
    assert "database went away" in job.error
    assert Article.objects.count() == 1
    page = job_page(admin_client, job)
    assert "Retry the import" in page
    assert "database went away" in page

    response = admin_client.post(reverse("articles:import_retry", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.state == ImportJob.State.DONE
    assert job.attempt == 2
    assert [line.status for line in import_jobs.job_report(job).results] == [Status.IMPORTED] * 2
    assert Article.objects.count() == 2
    assert "queued again" in admin_client.get(response.url).content.decode()


def test_a_stalled_job_is_offered_for_retry_and_completes(admin_client, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    post_import(admin_client, uploads=[upload("harbor.txt", HARBOR), upload("dam.txt", DAM)])
    job = ImportJob.objects.get()
    # What a killed worker leaves: the job running, one article recorded, no heartbeat since.
    source = job.sources.get(position=0)
    import_jobs._claim(job.pk)
    job.refresh_from_db()
    item = import_jobs._load(job, 1, source)[0]
    import_jobs._import_one(job, 1, source.pk, 0, item, lambda i: import_jobs._story_for(job, i))
    silent = dt.timedelta(seconds=settings.NEWSDESK_IMPORT_STALL_SECONDS + 5)
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - silent)
    page = job_page(admin_client, job)
    assert "Stopped: the worker went silent" in page
    assert "Retry the import" in page
    assert 'hx-trigger="every 1s"' not in page

    settings.TASKS = IMMEDIATE
    admin_client.post(reverse("articles:import_retry", args=[job.pk]))
    job.refresh_from_db()
    assert job.state == ImportJob.State.DONE
    lines = import_jobs.job_report(job).results
    assert [line.status for line in lines] == [Status.IMPORTED, Status.IMPORTED]
    assert Article.objects.count() == 2


def test_a_running_job_that_is_alive_cannot_be_retried(admin_client, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    post_import(admin_client, text=HARBOR)
    job = ImportJob.objects.get()
    import_jobs._claim(job.pk)
    response = admin_client.post(reverse("articles:import_retry", args=[job.pk]), follow=True)
    assert "nothing to retry" in response.content.decode()
    job.refresh_from_db()
    assert job.attempt == 1


def test_running_a_finished_job_again_changes_nothing():
    job = create_job(user=None, pastes=[Paste(text=HARBOR)], story_mode="new")
    enqueue_job(job)
    before = list(ImportSource.objects.values_list("results", flat=True))
    assert run_job(job.pk) == {}
    assert list(ImportSource.objects.values_list("results", flat=True)) == before
    assert Article.objects.count() == 1


def test_a_superseded_run_stops_without_writing():
    job = create_job(user=None, pastes=[Paste(text=HARBOR)], story_mode="new")
    attempt = import_jobs._claim(job.pk)
    ImportJob.objects.filter(pk=job.pk).update(attempt=attempt + 1)  # a retry took over
    source = job.sources.get()
    item = import_jobs._load(job, attempt, source)[0]
    with pytest.raises(import_jobs.Superseded):
        import_jobs._import_one(
            job, attempt, source.pk, 0, item, lambda i: import_jobs._story_for(job, i)
        )
    assert not Article.objects.exists()


def test_the_seeds_import_the_same_from_the_page_and_the_command(admin_client):
    files = [upload(path.name, path.read_bytes()) for path in sorted(SEEDS.glob("*.txt"))]
    post_import(admin_client, uploads=files, new_story_title="Putin in China")
    page_story = Story.objects.get()
    page_articles = {
        a.source_file: (a.title, a.byline, a.sentences.count(), a.claims.count())
        for a in page_story.articles.all()
    }
    Story.objects.all().delete()
    story, _ = import_seeds()
    command_articles = {
        a.source_file: (a.title, a.byline, a.sentences.count(), a.claims.count())
        for a in story.articles.all()
    }
    assert page_articles == command_articles


def test_the_django_admin_shows_imports_and_retries_failed_ones(client):
    admin = make_user("admin")
    admin.is_staff = True  # as create_demo_users makes the admin
    admin.save()
    client.force_login(admin)
    job = create_job(user=admin, pastes=[Paste(text=HARBOR, title="Harbor fire")])
    ImportJob.objects.filter(pk=job.pk).update(state=ImportJob.State.FAILED, error="boom")
    listing = client.get(reverse("admin:articles_importjob_changelist"))
    assert listing.status_code == 200
    assert f"Import {job.pk} (failed)" in listing.content.decode()
    change = client.get(reverse("admin:articles_importjob_change", args=[job.pk]))
    assert "pasted text 1: Harbor fire" in change.content.decode()
    client.post(
        reverse("admin:articles_importjob_changelist"),
        {"action": "retry_imports", "_selected_action": [job.pk]},
    )
    job.refresh_from_db()
    assert job.state == ImportJob.State.DONE
    assert Article.objects.get().title == "Harbor fire"
    editor = make_user("editor")
    editor.is_staff = True
    editor.save()
    client.force_login(editor)
    assert client.get(reverse("admin:articles_importjob_changelist")).status_code == 403
