"""Settings come from the environment; SQLite runs in WAL mode with a busy timeout."""

import os
import subprocess
import sys

import pytest
from django.db import connection

from tests.conftest import ROOT


def run_settings(code, **env):
    local = ("DJANGO", "DEBUG", "SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS")
    environment = {k: v for k, v in os.environ.items() if not k.startswith(local)}
    environment.update(DJANGO_SETTINGS_MODULE="newsdesk.settings", **env)
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); from django.conf import settings; {code}"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_sqlite_files_use_wal_and_a_busy_timeout(tmp_path, django_db_blocker):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    from django.db.backends.sqlite3.base import DatabaseWrapper

    config = {**connection.settings_dict, "NAME": str(tmp_path / "wal.sqlite3")}
    wrapper = DatabaseWrapper(config, alias="wal-check")
    try:
        with django_db_blocker.unblock(), wrapper.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
            cursor.execute("PRAGMA busy_timeout")
            assert cursor.fetchone()[0] == 20_000
    finally:
        wrapper.close()


def test_database_url_selects_postgresql():
    result = run_settings(
        "print(settings.DATABASES['default']['ENGINE'], settings.DATABASES['default']['NAME'])",
        SECRET_KEY="x" * 50,
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/newsroom",
    )
    assert result.stdout.split() == ["django.db.backends.postgresql", "newsroom"], result.stderr


def test_secret_key_is_required_unless_debug():
    result = run_settings("print('started')")
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr
    debug = run_settings("print(settings.DEBUG, settings.ALLOWED_HOSTS)", DEBUG="1")
    assert debug.stdout.strip() == "True ['localhost', '127.0.0.1', '[::1]']", debug.stderr


def test_allowed_hosts_come_from_the_environment():
    result = run_settings(
        "print(settings.ALLOWED_HOSTS)", SECRET_KEY="x" * 50, ALLOWED_HOSTS="news.example, desk.example"
    )
    assert result.stdout.strip() == "['news.example', 'desk.example']", result.stderr
