"""Queue again the browser imports whose worker died: `manage.py resume_imports`.

A worker killed in the middle of an import (a deploy, a crash, the OOM killer) leaves its
job "running" with no one running it. Each job records its heartbeat as it imports; a job
silent for longer than --stalled-after seconds (default NEWSDESK_IMPORT_STALL_SECONDS) is
queued again, as the Retry button on its page does, and goes on where it stopped. Failed
jobs are left alone unless --failed is given.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from articles.import_jobs import retry_job
from articles.models import ImportJob


class Command(BaseCommand):
    help = "Queue again the browser imports whose worker stopped (and, with --failed, failed ones)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--stalled-after",
            type=int,
            default=None,
            metavar="SECONDS",
            help="how long a running import may be silent (default: the setting)",
        )
        parser.add_argument("--failed", action="store_true", help="also retry failed imports")
        parser.add_argument("--dry-run", action="store_true", help="list them, queue nothing")

    def handle(
        self, *args: Any, stalled_after: int | None, failed: bool, dry_run: bool, **options: Any
    ) -> None:
        seconds = stalled_after
        if seconds is None:
            seconds = settings.NEWSDESK_IMPORT_STALL_SECONDS
        jobs = list(ImportJob.objects.stalled(seconds).order_by("pk"))
        if failed:
            jobs += list(ImportJob.objects.filter(state=ImportJob.State.FAILED).order_by("pk"))
        queued = 0
        verbose = options["verbosity"] > 0
        for job in jobs:
            if dry_run:
                self.stdout.write(f"import {job.pk}: {job.state}, would be queued again")
                continue
            ok = retry_job(job, stalled_after=seconds)
            queued += ok
            if verbose or ok:
                self.stdout.write(f"import {job.pk}: {'queued again' if ok else 'left alone'}")
        if verbose:
            summary = f"{queued} of {len(jobs)} imports queued again"
            self.stdout.write(summary + (" (dry run)" if dry_run else ""))
