"""Browser imports in a real `manage.py db_worker` process (django-tasks-db).

These tests run the worker, and the code that queues jobs, as separate processes on a
database of their own: a SQLite file, or a fresh PostgreSQL database when DATABASE_URL
points at PostgreSQL. The test reads that database directly to watch and check.
"""

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = 30
PLACES = ["Harbin", "Beijing", "Moscow", "Kazan", "Shanghai", "Vladivostok", "Irkutsk"]


class WorkerDatabase:
    """A migrated database the subprocesses share, and raw read access to it."""

    def __init__(self, url: str, env: dict[str, str]) -> None:
        self.url = url
        self.env = env

    def manage(self, *args: str, timeout: float = 120) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    def python(self, code: str) -> str:
        return self.manage("shell", "-v", "0", "-c", code).strip()

    def worker(self, *args: str) -> subprocess.Popen:
        return subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--no-reload",
                "--no-startup-delay",
                "--interval",
                "0.2",
                *args,
            ],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def rows(self, query: str) -> list[tuple]:
        if self.url.startswith("sqlite"):
            with sqlite3.connect(urlsplit(self.url).path[1:], timeout=20) as connection:
                return connection.execute(query).fetchall()
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as connection:
            return connection.execute(query).fetchall()

    def value(self, query: str):
        return self.rows(query)[0][0]

    def results(self, job_id: int) -> list[list[dict]]:
        """Each input's recorded report lines, in order."""
        rows = self.rows(
            f"SELECT results FROM articles_importsource WHERE job_id = {int(job_id)}"
            " ORDER BY position"
        )
        return [json.loads(r) if isinstance(r, str) else r for (r,) in rows]

    def job(self, job_id: int) -> dict:
        state, attempt, story_id = self.rows(
            f"SELECT state, attempt, story_id FROM articles_importjob WHERE id = {int(job_id)}"
        )[0]
        return {"state": state, "attempt": attempt, "story_id": story_id}

    def half_imported(self) -> int:
        """Articles missing their sentences or claims: a half-done import would leave them."""
        return self.value(
            "SELECT COUNT(*) FROM articles_article a WHERE NOT EXISTS"
            " (SELECT 1 FROM articles_sentence s WHERE s.article_id = a.id)"
            " OR NOT EXISTS (SELECT 1 FROM claims_claim c WHERE c.article_id = a.id)"
        )

    def create_job(self, files: dict[str, str], title: str = "Worker story") -> int:
        spec = ROOT / "artifacts" / f"worker-job-{uuid.uuid4().hex}.json"
        spec.parent.mkdir(exist_ok=True)
        spec.write_text(json.dumps(files), encoding="utf-8")
        try:
            return int(
                self.python(
                    "import json, pathlib\n"
                    "from articles.import_jobs import create_job, enqueue_job\n"
                    f"files = json.loads(pathlib.Path({str(spec)!r}).read_text())\n"
                    "job = create_job(user=None, files=[(n, t.encode()) for n, t in files.items()],"
                    f" story_mode='new', new_story_title={title!r})\n"
                    "enqueue_job(job)\n"
                    "print(job.pk)\n"
                )
            )
        finally:
            spec.unlink()


def _postgres_admin_url(url: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path="/postgres"))


def _execute_postgres(url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(_postgres_admin_url(url), autocommit=True) as connection:
        connection.execute(statement)


@pytest.fixture(scope="module")
def template_database(tmp_path_factory):
    """One migrated database per module; each test gets a copy of it."""
    base = os.environ.get("DATABASE_URL", "")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "newsdesk.test_settings"}
    env.pop("DEBUG", None)
    if base.startswith("postgres"):
        name = f"newsdesk_worker_tmpl_{os.getpid()}"
        url = urlunsplit(urlsplit(base)._replace(path=f"/{name}"))
        _execute_postgres(base, f'DROP DATABASE IF EXISTS "{name}"')
        _execute_postgres(base, f'CREATE DATABASE "{name}"')
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('worker') / 'template.sqlite3'}"
    env["DATABASE_URL"] = url
    WorkerDatabase(url, env).manage("migrate", "--no-input", "-v", "0", timeout=300)
    yield url, env
    if base.startswith("postgres"):
        _execute_postgres(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def worker_db(template_database, tmp_path):
    template_url, env = template_database
    if template_url.startswith("postgres"):
        name = f"newsdesk_worker_{os.getpid()}_{uuid.uuid4().hex[:8]}"
        template = urlsplit(template_url).path[1:]
        _execute_postgres(template_url, f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        url = urlunsplit(urlsplit(template_url)._replace(path=f"/{name}"))
    else:
        copy = tmp_path / "worker.sqlite3"
        shutil.copy(urlsplit(template_url).path[1:], copy)
        url = f"sqlite:///{copy}"
    database = WorkerDatabase(url, {**env, "DATABASE_URL": url})
    yield database
    if url.startswith("postgres"):
        _execute_postgres(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def article_text(number: int, sentences: int = 14) -> str:
    body = [
        f"Officials in {PLACES[(number + i) % len(PLACES)]} said {100 + number * 17 + i}"
        f" delegates attended session {i} of the summit on trade corridor {number * 31 + i}."
        for i in range(sentences)
    ]
    body.append(f"This dispatch was filed by correspondent number {number}.")
    paragraphs = [" ".join(body[j : j + 3]) for j in range(0, len(body), 3)]
    return f"Outlet: Wire {number}\n\n" + "\n\n".join(paragraphs)


def stop(process: subprocess.Popen) -> str:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
    return process.communicate()[0] or ""


def test_the_worker_runs_a_queued_import(worker_db):
    job = worker_db.create_job({"a.txt": article_text(1), "b.txt": article_text(2)})
    assert worker_db.job(job)["state"] == "queued"
    assert worker_db.value("SELECT COUNT(*) FROM django_tasks_database_dbtaskresult") == 1
    worker_db.manage("db_worker", "--batch", "--no-reload", "--no-startup-delay")
    assert worker_db.job(job)["state"] == "done"
    assert [[line["status"] for line in lines] for lines in worker_db.results(job)] == [
        ["imported"],
        ["imported"],
    ]
    assert worker_db.value("SELECT COUNT(*) FROM articles_article") == 2
    assert worker_db.value("SELECT status FROM django_tasks_database_dbtaskresult") == "SUCCESSFUL"


def test_a_killed_worker_leaves_no_half_article_and_the_import_completes_on_retry(worker_db):
    files = {f"{n:02}.txt": article_text(n) for n in range(ARTICLES)}
    job = worker_db.create_job(files)
    worker = worker_db.worker()
    deadline = time.monotonic() + 240
    try:
        while sum(map(len, worker_db.results(job))) < 4:
            assert worker.poll() is None, worker.communicate()[0]
            assert time.monotonic() < deadline, "the worker imported nothing in time"
            time.sleep(0.05)
        time.sleep(0.1)  # most likely in the middle of the next article
        worker.kill()  # SIGKILL: no chance to clean up
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
    recorded = sum(map(len, worker_db.results(job)))
    assert 4 <= recorded < ARTICLES
    assert worker_db.job(job)["state"] == "running"
    # Every article in the database is complete, and each is in the report: none was left
    # half-written, and none was written without its report line.
    assert worker_db.half_imported() == 0
    assert worker_db.value("SELECT COUNT(*) FROM articles_article") == recorded

    # The dead worker's task stays "running" in django-tasks-db, so a new worker does not
    # pick it up by itself ...
    worker_db.manage("db_worker", "--batch", "--no-reload", "--no-startup-delay")
    assert worker_db.job(job)["state"] == "running"
    # ... until the job is queued again (the Retry button, or this command for all of them).
    out = worker_db.manage("resume_imports", "--stalled-after", "0")
    assert f"import {job}: queued again" in out
    assert (
        worker_db.value(
            "SELECT COUNT(*) FROM django_tasks_database_dbtaskresult WHERE status = 'RUNNING'"
        )
        == 0
    )
    worker_db.manage("db_worker", "--batch", "--no-reload", "--no-startup-delay", timeout=600)

    state = worker_db.job(job)
    assert state["state"] == "done"
    assert state["attempt"] == 2
    results = worker_db.results(job)
    assert [len(lines) for lines in results] == [1] * ARTICLES
    assert {line["status"] for lines in results for line in lines} == {"imported"}
    assert worker_db.value("SELECT COUNT(*) FROM articles_article") == ARTICLES
    assert worker_db.value("SELECT COUNT(DISTINCT content_hash) FROM articles_article") == ARTICLES
    assert worker_db.value("SELECT COUNT(DISTINCT story_id) FROM articles_article") == 1
    assert worker_db.half_imported() == 0


def test_two_concurrent_imports_of_the_same_file_create_one_article(worker_db):
    same = {"report.txt": article_text(7, sentences=30)}
    first = worker_db.create_job(same, title="First desk")
    second = worker_db.create_job(same, title="Second desk")
    workers = [worker_db.worker("--batch") for _ in range(2)]
    outputs = [stop_after_batch(worker) for worker in workers]
    assert all(worker.returncode == 0 for worker in workers), outputs
    assert worker_db.job(first)["state"] == worker_db.job(second)["state"] == "done"
    statuses = sorted(
        line["status"]
        for job in (first, second)
        for lines in worker_db.results(job)
        for line in lines
    )
    assert statuses == ["imported", "unchanged"]
    assert worker_db.value("SELECT COUNT(*) FROM articles_article") == 1
    assert worker_db.value("SELECT COUNT(*) FROM articles_story") == 1  # no empty story
    assert worker_db.half_imported() == 0


def stop_after_batch(process: subprocess.Popen) -> str:
    try:
        return process.communicate(timeout=300)[0]
    except subprocess.TimeoutExpired:
        return stop(process)
