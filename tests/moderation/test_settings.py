"""The example site's settings: production refuses to start half-configured, the
database comes from DATABASE_URL, and the office's time zone and language."""

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from disclosure_site.settings.base import database_from_env
from tests.utils import category

REPO = Path(__file__).resolve().parents[2]

PRINT_SETTINGS = """
import json
import disclosure_site.settings.production as s
print(json.dumps({
    "DEBUG": s.DEBUG,
    "SECRET_KEY": s.SECRET_KEY,
    "ALLOWED_HOSTS": s.ALLOWED_HOSTS,
    "TIME_ZONE": s.TIME_ZONE,
    "LANGUAGE_CODE": s.LANGUAGE_CODE,
    "ENGINE": s.DATABASES["default"]["ENGINE"],
    "SESSION_COOKIE_SECURE": s.SESSION_COOKIE_SECURE,
    "CSRF_COOKIE_SECURE": s.CSRF_COOKIE_SECURE,
}))
"""


def import_production(**env) -> subprocess.CompletedProcess:
    """Import the production settings in a fresh interpreter with only ``env`` set."""
    clean = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(REPO / "site"),
        "PYTHONIOENCODING": "utf-8",
        **env,
    }
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", PRINT_SETTINGS],
        cwd=REPO,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "missing"),
    [
        ({}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_ALLOWED_HOSTS": "www.example.go.th"}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_SECRET_KEY": "s3cret-" * 8}, "DJANGO_ALLOWED_HOSTS"),
        (
            {"DJANGO_SECRET_KEY": "   ", "DJANGO_ALLOWED_HOSTS": "www.example.go.th"},
            "DJANGO_SECRET_KEY",
        ),
        (
            {"DJANGO_SECRET_KEY": "s3cret-" * 8, "DJANGO_ALLOWED_HOSTS": ""},
            "DJANGO_ALLOWED_HOSTS",
        ),
        (
            {
                "DJANGO_SECRET_KEY": "s3cret-" * 8,
                "DJANGO_ALLOWED_HOSTS": "example.go.th",
            },
            "WAGTAILADMIN_BASE_URL",
        ),
    ],
    ids=["nothing", "no-key", "no-hosts", "blank-key", "empty-hosts", "no-base-url"],
)
def test_production_refuses_to_start_without_secrets(env, missing):
    result = import_production(**env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert missing in result.stderr
    assert not result.stdout


def test_production_starts_with_key_and_hosts():
    result = import_production(
        DJANGO_SECRET_KEY="s3cret-" * 8,
        DJANGO_ALLOWED_HOSTS="www.example.go.th, example.go.th",
        WAGTAILADMIN_BASE_URL="https://www.example.go.th",
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["DEBUG"] is False
    assert values["SECRET_KEY"] == "s3cret-" * 8
    assert values["ALLOWED_HOSTS"] == ["www.example.go.th", "example.go.th"]
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["TIME_ZONE"] == "Asia/Bangkok"
    assert values["LANGUAGE_CODE"] == "th"
    assert values["ENGINE"] == "django.db.backends.sqlite3"


def test_production_takes_the_database_from_database_url():
    result = import_production(
        DJANGO_SECRET_KEY="s3cret-" * 8,
        DJANGO_ALLOWED_HOSTS="www.example.go.th",
        WAGTAILADMIN_BASE_URL="https://www.example.go.th",
        DATABASE_URL="postgres://office:pw@db.internal:5432/disclosure",
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["ENGINE"] == "django.db.backends.postgresql"


# --- DATABASE_URL --------------------------------------------------------------------


def assert_sqlite_for_concurrent_editors(config: dict) -> None:
    options = config["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5
    init = options["init_command"].replace(" ", "").lower()
    assert "journal_mode=wal" in init
    assert "foreign_keys=on" in init


def sqlite_connection(config: dict, alias: str):
    """A live connection made by Django's SQLite backend from a settings dict."""
    from django.db.backends.sqlite3.base import DatabaseWrapper

    settings_dict = {
        "ATOMIC_REQUESTS": False, "AUTOCOMMIT": True, "CONN_MAX_AGE": 0,
        "CONN_HEALTH_CHECKS": False, "TIME_ZONE": None, "TEST": {}, **config,
    }  # fmt: skip
    return DatabaseWrapper(settings_dict, alias=alias)


def test_embedded_sqlite_runs_in_wal_and_writers_wait_for_each_other(
    monkeypatch, tmp_path, django_db_blocker
):
    # A file of its own, outside the test database: pytest-django only has to let
    # these two connections through.
    django_db_blocker.unblock()
    monkeypatch.delenv("DATABASE_URL", raising=False)
    config = database_from_env(tmp_path / "db.sqlite3")
    first = sqlite_connection(config, "a")
    try:
        with first.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
            cursor.execute("PRAGMA busy_timeout")
            assert cursor.fetchone()[0] >= 5000
            cursor.execute("PRAGMA foreign_keys")
            assert cursor.fetchone()[0] == 1
            cursor.execute("CREATE TABLE note (text TEXT)")

        outcome = {}

        def second_editor():
            second = sqlite_connection(config, "b")  # a connection is per thread
            try:
                second.ensure_connection()
                second._start_transaction_under_autocommit()  # BEGIN IMMEDIATE
                with second.cursor() as cursor:
                    cursor.execute("INSERT INTO note VALUES ('second')")
                second.commit()
                outcome["ok"] = True
            except Exception as exc:  # noqa: BLE001 - shown by the assertion below
                outcome["error"] = exc
            finally:
                second.close()

        assert first.transaction_mode == "IMMEDIATE"
        first._start_transaction_under_autocommit()  # what atomic() issues first
        with first.cursor() as cursor:
            cursor.execute("INSERT INTO note VALUES ('first')")
        thread = threading.Thread(target=second_editor)
        thread.start()
        time.sleep(0.3)  # the second editor now waits on our write lock
        first.commit()
        thread.join(30)
        assert outcome == {"ok": True}
        with first.cursor() as cursor:
            cursor.execute("SELECT text FROM note ORDER BY rowid")
            assert [row[0] for row in cursor.fetchall()] == ["first", "second"]
    finally:
        first.close()
        django_db_blocker.restore()


@pytest.mark.parametrize("url", [None, ""], ids=["unset", "empty"])
def test_without_database_url_the_embedded_sqlite_file(monkeypatch, tmp_path, url):
    if url is None:
        monkeypatch.delenv("DATABASE_URL", raising=False)
    else:
        monkeypatch.setenv("DATABASE_URL", url)
    config = database_from_env(tmp_path / "db.sqlite3")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(tmp_path / "db.sqlite3")
    assert_sqlite_for_concurrent_editors(config)


def test_sqlite_database_url(monkeypatch, tmp_path):
    path = tmp_path / "elsewhere.sqlite3"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{path}")
    config = database_from_env(tmp_path / "default.sqlite3")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(path)
    assert_sqlite_for_concurrent_editors(config)


@pytest.mark.parametrize("scheme", ["postgres", "postgresql", "pgsql"])
def test_postgres_database_url(monkeypatch, tmp_path, scheme):
    monkeypatch.setenv(
        "DATABASE_URL", f"{scheme}://office:pw@db.internal:5433/disclosure"
    )
    config = database_from_env(tmp_path / "db.sqlite3")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert config["NAME"] == "disclosure"
    assert config["HOST"] == "db.internal"
    assert config["PORT"] == 5433
    assert config["USER"] == "office"
    assert config["PASSWORD"] == "pw"
    # SQLite's pragmas would break a PostgreSQL connection.
    assert "init_command" not in config.get("OPTIONS", {})
    assert "transaction_mode" not in config.get("OPTIONS", {})


# --- time zone and language -----------------------------------------------------------


def test_office_time_zone_and_language():
    assert settings.TIME_ZONE == "Asia/Bangkok"
    assert settings.USE_TZ is True
    assert settings.LANGUAGE_CODE == "th"
    assert timezone.get_default_timezone_name() == "Asia/Bangkok"
    assert [code for code, _ in settings.LANGUAGES] == ["th", "en"]


@pytest.mark.django_db
def test_public_pages_speak_thai_by_default(client):
    response = client.get("/")
    assert response.status_code == 200
    assert '<html lang="th"' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("accept", ["en", "en-US,en;q=0.9", "fr"])
def test_a_foreign_browser_gets_the_same_thai_page(client, disclosure, accept):
    url = category("1.9").url
    thai = client.get(url)
    foreign = client.get(url, headers={"accept-language": accept})
    assert foreign.status_code == 200
    assert foreign.content == thai.content
