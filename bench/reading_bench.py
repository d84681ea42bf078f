"""Reading benchmark: server time of the story page, the claim panel and the matrix.

    .venv/bin/python bench/reading_bench.py [--requests 50]

Imports the three sample articles as one story, and a synthetic story of 10 articles of
about 60 sentences each, into a fresh SQLite database; then requests each page through
Django's test client (the whole request: middleware, queries, templates) and prints the
median, p90 and the number of queries.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=50)
    options = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="newsdesk-reading-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{work / 'bench.sqlite3'}"
    os.environ.setdefault("SECRET_KEY", "bench-only-secret")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.test_settings")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from claims.models import Claim
    from tests.factories import import_seeds, make_story, make_user

    call_command("migrate", verbosity=0)
    seeds, _ = import_seeds("Sample story")
    large = make_story(10, 60, title="Ten long articles")
    client = Client()
    client.force_login(make_user("reader"))

    def measure(label: str, url: str, **kwargs: object) -> None:
        client.get(url, **kwargs)  # warm caches (templates, connection)
        times = []
        for _ in range(options.requests):
            started = time.perf_counter()
            response = client.get(url, **kwargs)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
        with CaptureQueriesContext(connection) as queries:
            client.get(url, **kwargs)
        times.sort()
        p90 = times[int(len(times) * 0.9) - 1]
        print(
            f"{label:<44} p50 {statistics.median(times):6.1f} ms  p90 {p90:6.1f} ms  "
            f"{len(queries):2d} queries"
        )

    for story in (seeds, large):
        claims = Claim.objects.filter(article__story=story)
        claim = claims.order_by("pk")[claims.count() // 2]
        url = f"/stories/{story.slug}/"
        name = f"{story.articles.count()} articles, {claims.count()} claims"
        measure(f"story page ({name})", url)
        measure(f"story page with a claim selected ({name})", url, data={"claim": claim.pk})
        measure(
            f"claim panel, HTMX ({name})",
            url,
            data={"claim": claim.pk},
            headers={"HX-Request": "true", "HX-Target": "panel"},
        )
        measure(f"coverage matrix ({name})", f"/stories/{story.slug}/matrix/")
    measure("stories list", "/")


if __name__ == "__main__":
    main()
