"""Import a folder as browser imports do: queue import jobs, then run a worker until done.

    .venv/bin/python bench/queue_import.py DIR

Each subfolder of DIR becomes new stories' jobs (at most NEWSDESK_MAX_IMPORT_INPUTS files
per job, as the import form allows), queued with `articles.import_jobs`; then
`manage.py db_worker --batch` runs them all and the script prints the jobs' summary in
`import_articles`' words. bench/load_bench.py --import-via worker uses it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    folder = Path(sys.argv[1])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from articles.import_jobs import create_job, enqueue_job, job_report
    from articles.importing import ImportReport
    from articles.models import ImportJob

    jobs = []
    for story in sorted(p for p in folder.iterdir() if p.is_dir()):
        files = sorted(story.iterdir())
        size = settings.NEWSDESK_MAX_IMPORT_INPUTS
        for start in range(0, len(files), size):
            chunk = [(path.name, path.read_bytes()) for path in files[start : start + size]]
            job = create_job(
                user=None,
                files=chunk,
                story_mode=ImportJob.StoryMode.NEW,
                new_story_title=f"{story.name} {folder.name}",
            )
            enqueue_job(job)
            jobs.append(job.pk)
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
    report = ImportReport()
    for job in ImportJob.objects.filter(pk__in=jobs):
        report.results += job_report(job).results
    states = sorted(ImportJob.objects.filter(pk__in=jobs).values_list("state", flat=True))
    print(f"{len(jobs)} jobs ({', '.join(sorted(set(states)))})")
    print(report.summary())


if __name__ == "__main__":
    main()
