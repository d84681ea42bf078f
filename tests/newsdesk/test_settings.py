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
        [
            sys.executable,
            "-c",
            f"import django; django.setup(); from django.conf import settings; {code}",
        ],
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
        "print(settings.ALLOWED_HOSTS)",
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="news.example, desk.example",
    )
    assert result.stdout.strip() == "['news.example', 'desk.example']", result.stderr


def test_deployment_checks_pass_with_the_documented_environment():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO", "DEBUG"))},
            "DJANGO_SETTINGS_MODULE": "newsdesk.settings",
            "SECRET_KEY": "k7#Qz!v2^Lp9@xW4&mT6*rB8%nY3$hJ5-dF1+gS0=cV7?aE2-u8Wq3Zr5Tn1",
            "ALLOWED_HOSTS": "news.example",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy(client):
    policy = client.get("/accounts/login/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
