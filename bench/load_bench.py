"""Load benchmark: logged-in readers on gunicorn while an import runs.

    .venv/bin/python bench/load_bench.py [--database-url URL] [--readers 20] [--think 1.0]
        [--repeat 1] [--import-articles 100] [--import-via command|worker] [--import-nice N]
        [--workers 2 --threads 4 --keep-alive 2] [--cache-url URL] [--json FILE] [--keep]

Builds a fresh database (a temporary SQLite file, or the PostgreSQL database named in
--database-url, created and dropped again), migrates, imports the sample story and a
few synthetic ones (bench/import_bench.py's generator), runs `collectstatic` and serves
newsdesk with gunicorn on 127.0.0.1 as in production (DEBUG off; only the HTTPS redirect
is off, as on a loopback behind a TLS proxy), with a file cache that the gunicorn workers
share (CACHE_URL, as on one production machine; --cache-url locmem:// gives each worker
its own). READERS users log in over HTTP and read with wrk (Debian's `wrk` package), one
connection each: story pages, HTMX claim panels and the stories list, pausing THINK
seconds on average between requests (0: as fast as possible). Each run measures:

1. the readers while IMPORT_ARTICLES new synthetic articles are imported into one new
   story (each article is linked to all the story's claims so far) by another process
   (`manage.py import_articles DIR`; with --import-via worker, as import jobs that
   `manage.py db_worker` runs, see bench/queue_import.py), for as long as the import
   takes (at least --min-seconds);
2. the readers alone, for as long again;
3. the import alone, for its duration without readers.

It prints requests, errors (non-2xx answers, socket errors and timeouts), throughput,
p50/p90/p99/max latency per kind of page and overall, the CPU time the gunicorn workers
spent per request (steadier than latency on a shared machine), the import's duration,
and the ratios; with --repeat N, each run and then the medians over the runs. A run takes
about three times as long as the import (some 6 minutes on 2 cores).
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import re
import resource
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from import_bench import build_corpus  # noqa: E402

LUA = ROOT / "bench" / "load.lua"
KINDS = ("story", "panel", "list")
# How the readers divide among the kinds of page (the rest read the stories list).
SHARES = {"story": 0.4, "panel": 0.4}
PANELS_PER_STORY = 40
IMPORTS = {
    "command": "{python} manage.py import_articles {dir}",
    # As from the browser: import jobs on the database queue, run by `db_worker`.
    "worker": "{python} bench/queue_import.py {dir}",
}
PERCENTILES = (50, 90, 99)
ERROR_KINDS = ("non2xx", "connect", "read", "write", "timeout")
FIGURES = ("requests", "errors", "rps", *(f"p{p}" for p in PERCENTILES), "max", "cpu_ms")


@dataclass
class Result:
    """What wrk measured for one kind of page (or all of them merged)."""

    requests: int = 0
    errors: int = 0
    seconds: float = 0.0
    histogram: dict[int, int] = field(default_factory=dict)  # microseconds: count
    server_cpu: float = math.nan  # seconds of CPU the gunicorn workers used (merged only)
    error_kinds: dict[str, int] = field(default_factory=dict)

    @classmethod
    def from_wrk(cls, data: dict[str, Any]) -> Result:
        errors = sum(data[k] for k in ERROR_KINDS)
        return cls(
            requests=data["requests"],
            errors=errors,
            seconds=data["duration_us"] / 1e6,
            histogram={int(value): int(count) for value, count in data["histogram"]},
            error_kinds={k: data[k] for k in ERROR_KINDS if data[k]},
        )

    def merge(self, other: Result) -> Result:
        histogram = dict(self.histogram)
        for value, count in other.histogram.items():
            histogram[value] = histogram.get(value, 0) + count
        kinds = dict(self.error_kinds)
        for kind, count in other.error_kinds.items():
            kinds[kind] = kinds.get(kind, 0) + count
        return Result(
            self.requests + other.requests,
            self.errors + other.errors,
            max(self.seconds, other.seconds),
            histogram,
            error_kinds=kinds,
        )

    def percentile(self, p: float) -> float:
        """The latency in ms below which p % of the requests completed."""
        total = sum(self.histogram.values())
        if not total:
            return math.nan
        rank, seen = math.ceil(total * p / 100), 0
        for value in sorted(self.histogram):
            seen += self.histogram[value]
            if seen >= rank:
                return value / 1000
        return max(self.histogram) / 1000

    def figures(self) -> dict[str, float]:
        return {
            "requests": self.requests,
            "errors": self.errors,
            "rps": self.requests / self.seconds if self.seconds else 0.0,
            **{f"p{p}": self.percentile(p) for p in PERCENTILES},
            "max": max(self.histogram, default=0) / 1000,
            "cpu_ms": self.server_cpu * 1000 / self.requests if self.requests else math.nan,
            **{f"errors_{kind}": count for kind, count in self.error_kinds.items()},
        }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--database-url", help="postgres://…/NAME: created, then dropped")
    parser.add_argument("--readers", type=int, default=20)
    parser.add_argument("--think", type=float, default=1.0, help="mean pause, seconds")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--import-articles", type=int, default=100)
    parser.add_argument(
        "--import-via",
        choices=IMPORTS,
        default="command",
        help="`manage.py import_articles`, or import jobs run by `manage.py db_worker`",
    )
    parser.add_argument(
        "--import-command",
        help="any shell command that imports {dir} ({python} is this Python); "
        "overrides --import-via",
    )
    parser.add_argument("--import-nice", type=int, default=0, help="run the import niced")
    parser.add_argument("--stories", type=int, default=3, help="synthetic stories to read")
    parser.add_argument("--articles-per-story", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument(
        "--keep-alive",
        type=int,
        default=2,
        help="gunicorn's --keep-alive (0: one request per connection, as behind nginx)",
    )
    parser.add_argument(
        "--cache-url",
        help="CACHE_URL for gunicorn (default: a file cache in the work folder, shared by the "
        "workers as on one production machine)",
    )
    parser.add_argument("--min-seconds", type=float, default=20, help="shortest window")
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    parser.add_argument("--keep", action="store_true", help="keep the work folder and database")
    options = parser.parse_args()
    options.import_command = options.import_command or IMPORTS[options.import_via]

    wrk = shutil.which("wrk")
    if wrk is None:
        sys.exit(
            "wrk is missing: `make bench-load` installs it, or run "
            "`sudo apt-get install -y wrk` (Debian's package)."
        )
    work = Path(tempfile.mkdtemp(prefix="newsdesk-load-"))
    url = options.database_url or f"sqlite:///{work / 'load.sqlite3'}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "CACHE_URL": options.cache_url or f"file://{work / 'cache'}",
        "DJANGO_SETTINGS_MODULE": "newsdesk.settings",
        "PYTHONUNBUFFERED": "1",
    }
    os.environ.update(env)
    with fresh_database(url, keep=options.keep):
        password = secrets.token_urlsafe(12)
        paths = prepare(work, options, password)
        port = free_port()
        with serve(env, port, options, work / "gunicorn.log") as server:
            base = f"127.0.0.1:{port}"
            cookies = log_in(base, [f"reader-{i:02d}" for i in range(options.readers)], password)
            (work / "cookies.txt").write_text("\n".join(cookies) + "\n")
            split = split_readers(options.readers)
            files = {}
            for kind, kind_paths in paths.items():
                files[kind] = work / f"paths-{kind}.txt"
                files[kind].write_text("\n".join(kind_paths) + "\n")
            bench = Bench(wrk, base, work, files, split, options, env, server)
            describe(options, url, split, paths)
            bench.measure(seconds=5)  # warm up: templates, connections, caches
            runs = []
            for run in range(1, options.repeat + 1):
                runs.append(bench.run(run))
            summarise(runs)
            if options.json:
                options.json.write_text(json.dumps(runs, indent=2))
            errors = (work / "gunicorn.log").read_text()
            if "Traceback" in errors or "database is locked" in errors:
                print(f"\ngunicorn logged errors: see {work / 'gunicorn.log'}")
                options.keep = True
    if options.keep:
        print(f"work folder kept: {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)


@contextmanager
def fresh_database(url: str, *, keep: bool) -> Iterator[None]:
    """An empty PostgreSQL database for the run (SQLite files start empty anyway)."""
    if not url.startswith(("postgres://", "postgresql://")):
        yield
        return
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    name = config["NAME"]
    admin = psycopg.connect(
        dbname="postgres",
        user=config.get("USER") or "postgres",
        password=config.get("PASSWORD") or None,
        host=config.get("HOST") or "127.0.0.1",
        port=config.get("PORT") or 5432,
        autocommit=True,
    )
    quoted = '"' + name.replace('"', '""') + '"'
    admin.execute(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)")
    admin.execute(f"CREATE DATABASE {quoted}")
    try:
        yield
    finally:
        from django.db import connections

        connections.close_all()
        if not keep:
            admin.execute(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)")
        admin.close()


def prepare(work: Path, options: argparse.Namespace, password: str) -> dict[str, list[str]]:
    """Migrate, import the stories to read, create the readers; the URL paths per kind."""
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.db import connections

    from articles.importing import import_articles
    from articles.models import Story
    from claims.models import Claim

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)  # for --cache-url db://…
    call_command("collectstatic", interactive=False, verbosity=0)
    import_articles(paths=[ROOT / "seeds"], story="Putin's state visit to China")
    corpus = work / "reading"
    corpus.mkdir()
    build_corpus(
        corpus,
        articles=options.stories * options.articles_per_story,
        stories=options.stories,
        seed=1,
    )
    import_articles(paths=sorted(corpus.iterdir()))
    hashed, group = make_password(password), Group.objects.get(name="reader")
    for i in range(options.readers):
        user = User.objects.create(username=f"reader-{i:02d}", password=hashed)
        user.groups.add(group)

    paths: dict[str, list[str]] = {kind: [] for kind in KINDS}
    for story in Story.objects.all():
        url = story.get_absolute_url()
        paths["story"].append(url)
        claims = list(Claim.objects.in_story(story.pk).order_by("?")[:PANELS_PER_STORY])
        paths["panel"] += [f"{url}?claim={claim.pk}" for claim in claims]
    outlets = ["Outlet 1", "Outlet 2", "Radio", "putin"]
    paths["list"] = ["/", *(f"/?q={q.replace(' ', '+')}" for q in outlets)]
    stories, claims_count = Story.objects.count(), Claim.objects.count()
    connections.close_all()
    print(
        f"prepared in {time.perf_counter() - started:.0f} s: {stories} stories, "
        f"{claims_count} claims, {options.readers} readers"
    )
    return paths


def cpu_seconds(master: int) -> float:
    """CPU time (user + system) the gunicorn master's worker processes have used."""
    tick = os.sysconf("SC_CLK_TCK")
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    total = 0.0
    for pid in children:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve(env: dict[str, str], port: int, options: argparse.Namespace, log: Path) -> Iterator[int]:
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "newsdesk.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        f"--workers={options.workers}",
        f"--threads={options.threads}",
        "--worker-class=gthread",
        f"--keep-alive={options.keep_alive}",
        f"--error-logfile={log}",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                status, _, _ = get(f"127.0.0.1:{port}", "/accounts/login/")
                if status == 200:
                    break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                sys.exit(f"gunicorn did not start; see {log}")
            time.sleep(0.2)
        yield server.pid
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def get(
    base: str, path: str, *, method: str = "GET", body: str = "", cookie: str = ""
) -> tuple[int, http.client.HTTPMessage, str]:
    connection = http.client.HTTPConnection(base, timeout=30)
    headers = {"Cookie": cookie} if cookie else {}
    if body:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection.request(method, path, body=body or None, headers=headers)
    response = connection.getresponse()
    text = response.read().decode("utf-8", "replace")
    connection.close()
    return response.status, response.headers, text


def cookie_values(headers: http.client.HTTPMessage) -> dict[str, str]:
    found = {}
    for header in headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        found[name.strip()] = rest.split(";", 1)[0]
    return found


def log_in(base: str, usernames: list[str], password: str) -> list[str]:
    """Log each reader in through the login form; their session cookies."""
    from urllib.parse import urlencode

    def one(username: str) -> str:
        _, headers, page = get(base, "/accounts/login/")
        csrf = cookie_values(headers)["csrftoken"]
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert match, "no CSRF token on the login page"
        form = {"username": username, "password": password, "csrfmiddlewaretoken": match[1]}
        status, headers, _ = get(
            base,
            "/accounts/login/",
            method="POST",
            body=urlencode(form),
            cookie=f"csrftoken={csrf}",
        )
        session = cookie_values(headers).get("sessionid")
        if status != 302 or not session:
            sys.exit(f"logging {username} in failed: HTTP {status}")
        return f"sessionid={session}"

    with ThreadPoolExecutor(max_workers=4) as pool:
        cookies = list(pool.map(one, usernames))
    status, _, _ = get(base, "/", cookie=cookies[0])
    assert status == 200, f"a logged-in reader gets HTTP {status} for the stories list"
    return cookies


def split_readers(readers: int) -> dict[str, int]:
    split = {kind: max(1, round(readers * share)) for kind, share in SHARES.items()}
    split["list"] = readers - sum(split.values())
    return {kind: n for kind, n in split.items() if n > 0}


class Bench:
    def __init__(
        self,
        wrk: str,
        base: str,
        work: Path,
        files: dict[str, Path],
        split: dict[str, int],
        options: argparse.Namespace,
        env: dict[str, str],
        server: int,
    ) -> None:
        self.wrk, self.base, self.work, self.files = wrk, base, work, files
        self.split, self.options, self.env, self.server = split, options, env, server

    def run(self, run: int) -> dict[str, Any]:
        corpus = self.corpus(f"import-{run}", seed=1000 + run)
        alone_corpus = self.corpus(f"alone-{run}", seed=2000 + run)
        loaded, import_seconds, import_line = self.measure(import_dir=corpus)
        window = max(import_seconds, self.options.min_seconds)
        alone, _, _ = self.measure(seconds=window)
        import_alone, alone_line = self.import_(alone_corpus)
        result = {
            "run": run,
            "with_import": {kind: r.figures() for kind, r in loaded.items()},
            "without_import": {kind: r.figures() for kind, r in alone.items()},
            "import_seconds_under_load": import_seconds,
            "import_seconds_alone": import_alone,
            "import_summary": import_line,
            "import_alone_summary": alone_line,
        }
        print(f"\nrun {run}")
        print(f"  import under load: {import_seconds:.1f} s ({import_line})")
        print(f"  import alone:      {import_alone:.1f} s ({alone_line})")
        table("readers during the import", result["with_import"])
        table("readers alone", result["without_import"])
        return result

    def corpus(self, name: str, *, seed: int) -> Path:
        """New synthetic articles for one new story: `import_articles NAME` names it NAME."""
        folder = self.work / name
        folder.mkdir()
        build_corpus(
            folder,
            articles=self.options.import_articles,
            stories=1,
            seed=seed,
        )
        return folder

    def measure(
        self, *, seconds: float = 0, import_dir: Path | None = None
    ) -> tuple[dict[str, Result], float, str]:
        """Readers for `seconds`, or for as long as the import of `import_dir` takes."""
        limit = f"{int(seconds)}s" if import_dir is None else "3600s"
        first, processes = 0, {}
        server_cpu = cpu_seconds(self.server)
        for kind, readers in self.split.items():
            out = self.work / f"wrk-{kind}.json"
            out.unlink(missing_ok=True)
            command = [
                self.wrk,
                f"-t{readers}",
                f"-c{readers}",
                f"-d{limit}",
                "--timeout=10s",
                f"-s{LUA}",
                f"http://{self.base}",
                "--",
                str(self.files[kind]),
                str(self.work / "cookies.txt"),
                str(first),
                "htmx" if kind == "panel" else "page",
                str(int(self.options.think * 1000)),
            ]
            first += readers
            processes[kind] = subprocess.Popen(
                command,
                env={**self.env, "NEWSDESK_WRK_OUT": str(out)},
                stdout=subprocess.DEVNULL,
            )
        import_seconds, import_line = 0.0, ""
        try:
            if import_dir is not None:
                import_seconds, import_line = self.import_(import_dir)
                time.sleep(max(0.0, self.options.min_seconds - import_seconds))
                for process in processes.values():
                    process.send_signal(signal.SIGINT)  # wrk stops and reports
            for process in processes.values():
                process.wait()
        finally:
            for process in processes.values():
                if process.poll() is None:
                    process.kill()
        results = {}
        server_cpu = cpu_seconds(self.server) - server_cpu
        for kind in processes:
            data = json.loads((self.work / f"wrk-{kind}.json").read_text())
            results[kind] = Result.from_wrk(data)
        merged = Result()
        for result in results.values():
            merged = merged.merge(result)
        merged.server_cpu = server_cpu
        results["all"] = merged
        return results, import_seconds, import_line

    def import_(self, folder: Path) -> tuple[float, str]:
        """Run the import command on `folder`; its duration and summary line."""
        command = self.options.import_command.format(python=sys.executable, dir=folder)
        if self.options.import_nice:
            command = f"nice -n {self.options.import_nice} sh -c {json.dumps(command)}"
        started, before = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
        done = subprocess.run(
            command, shell=True, cwd=ROOT, env=self.env, capture_output=True, text=True
        )
        seconds = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        lines = (done.stdout + done.stderr).strip().splitlines()
        summary = next((line for line in reversed(lines) if "articles:" in line), "")
        if done.returncode != 0:
            summary += f" (exit status {done.returncode}: {lines[-1] if lines else ''})"
        return seconds, f"{summary}; {cpu:.1f} s CPU, load average {os.getloadavg()[0]:.1f}"


def describe(
    options: argparse.Namespace, url: str, split: dict[str, int], paths: dict[str, list[str]]
) -> None:
    engine = "PostgreSQL" if url.startswith("postgres") else "SQLite"
    readers = ", ".join(f"{n} {kind}" for kind, n in split.items())
    think = f"{options.think:g} s think time" if options.think else "no think time"
    print(
        f"{engine}; gunicorn {options.workers} workers x {options.threads} threads (gthread, "
        f"keep-alive {options.keep_alive} s); "
        f"{options.readers} readers ({readers}), {think}; "
        f"{sum(map(len, paths.values()))} URLs; import of {options.import_articles} articles "
        f"into one new story by `{options.import_command}`"
        f"{f' (nice {options.import_nice})' if options.import_nice else ''}; "
        f"cache {os.environ['CACHE_URL'].partition('://')[0]}; "
        f"{os.cpu_count()} CPUs, load average "
        f"{os.getloadavg()[0]:.1f}"
    )


def table(title: str, figures: dict[str, dict[str, float]]) -> None:
    print(f"  {title}")
    heads = [f"{f'p{p}':>7}" for p in PERCENTILES]
    print(f"    {'':<6} {'requests':>8} {'errors':>6} {'req/s':>6}", *heads, f"{'max':>7}", end="")
    print("  ms; server CPU ms/request")
    for kind, row in figures.items():
        cells = [f"{row[f'p{p}']:>7.1f}" for p in PERCENTILES]
        cpu = f"  {row['cpu_ms']:.1f}" if kind == "all" else ""
        why = ", ".join(f"{k[7:]} {v}" for k, v in row.items() if k.startswith("errors_"))
        print(
            f"    {kind:<6} {row['requests']:>8.0f} {row['errors']:>6.0f} {row['rps']:>6.1f}",
            *cells,
            f"{row['max']:>7.1f}{cpu}" + (f"  errors: {why}" if why else ""),
        )


def summarise(runs: list[dict[str, Any]]) -> None:
    def median(path: tuple[str, ...]) -> float:
        values = []
        for run in runs:
            value: Any = run
            for key in path:
                value = value[key]
            values.append(value)
        return statistics.median(values)

    print(f"\nmedians over {len(runs)} run(s)")
    for label in ("with_import", "without_import"):
        kinds = runs[0][label]
        table(
            label.replace("_", " "),
            {kind: {key: median((label, kind, key)) for key in FIGURES} for kind in kinds},
        )
    under, alone = median(("import_seconds_under_load",)), median(("import_seconds_alone",))
    print(f"  import: {under:.1f} s under load, {alone:.1f} s alone ({under / alone:.2f}x)")
    for key in ("p50", "p99", "rps"):
        ratio = median(("with_import", "all", key)) / median(("without_import", "all", key))
        print(f"  readers with / without the import, all pages: {key} {ratio:.2f}x")
    errors = sum(
        run[label]["all"]["errors"] for run in runs for label in ("with_import", "without_import")
    )
    p99 = median(("with_import", "all", "p99"))
    verdict = "met" if errors == 0 and p99 < 300 else "NOT met"
    print(f"  target (no errors, p99 < 300 ms during the import): {verdict}")


if __name__ == "__main__":
    main()
