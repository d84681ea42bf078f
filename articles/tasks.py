"""Background tasks (django.tasks): run by `manage.py db_worker` from the database queue."""

from __future__ import annotations

from django.tasks import task

from articles.import_jobs import run_job


@task()
def run_import(job_id: int) -> dict[str, int]:
    """Import a browser import job's inputs; safe to run again after an interruption."""
    return run_job(job_id)
