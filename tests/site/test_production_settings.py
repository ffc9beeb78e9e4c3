"""The production settings, loaded the way a server loads them: in their own process,
with the environment variables the README lists."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

REPO_DIR = Path(__file__).resolve().parents[2]
SITE_DIR = REPO_DIR / "site"


def production_env(tmp_path: Path, **overrides: str | None) -> dict[str, str]:
    """The README's production variables, with a strong random key."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DISCLOSURE_")) and key != "REDIS_URL"
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "disclosure_site.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "www.example.go.th",
            "WAGTAILADMIN_BASE_URL": "https://www.example.go.th",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
        }
    )
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 (our own manage.py and interpreter)
        [sys.executable, *args],
        cwd=SITE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def test_check_deploy_finds_no_issue(tmp_path):
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        production_env(tmp_path),
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues (0 silenced)." in output


@pytest.mark.parametrize(
    "key",
    ["short", "x" * 60, "django-insecure-" + secrets.token_urlsafe(50)],
    ids=["short", "one-character", "django-insecure"],
)
def test_a_weak_secret_key_is_refused(tmp_path, key):
    result = run(
        ["manage.py", "check"], production_env(tmp_path, DJANGO_SECRET_KEY=key)
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is too weak" in result.stderr


@pytest.mark.parametrize(
    "name", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "WAGTAILADMIN_BASE_URL"]
)
def test_a_missing_variable_is_refused(tmp_path, name):
    result = run(["manage.py", "check"], production_env(tmp_path, **{name: None}))
    assert result.returncode != 0
    assert f"The environment variable {name} must be set" in result.stderr


def test_lists_with_a_trailing_comma_and_an_empty_hsts_start_cleanly(tmp_path):
    """What an office's env file often holds: "a, b, " lists and an empty HSTS line."""
    env = production_env(
        tmp_path,
        DJANGO_ALLOWED_HOSTS="www.example.go.th, ",
        DJANGO_CSRF_TRUSTED_ORIGINS="https://www.example.go.th, ",
        DJANGO_SECURE_HSTS_SECONDS="",
    )
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_hsts_time_that_is_not_a_number_is_refused_clearly(tmp_path):
    env = production_env(tmp_path, DJANGO_SECURE_HSTS_SECONDS="one year")
    result = run(["manage.py", "check"], env)
    assert result.returncode != 0
    assert "DJANGO_SECURE_HSTS_SECONDS must be a whole number" in result.stderr


# Asks the production site for robots.txt (a page that needs no database) as the
# reverse proxy would pass it on: once for a visitor on plain HTTP, once on HTTPS.
BEHIND_THE_PROXY = """
import json, django
django.setup()
from django.test import Client
client = Client(HTTP_HOST="www.example.go.th")
plain = client.get("/robots.txt")
secure = client.get("/robots.txt", HTTP_X_FORWARDED_PROTO="https")
print(json.dumps({
    "plain": [plain.status_code, plain.headers.get("Location")],
    "secure": [secure.status_code, dict(secure.headers)],
}))
"""


def test_behind_the_proxy_http_is_redirected_and_https_gets_hsts(tmp_path):
    result = run(["-c", BEHIND_THE_PROXY], production_env(tmp_path))
    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stdout.strip().splitlines()[-1])
    assert answers["plain"] == [301, "https://www.example.go.th/robots.txt"]
    status, headers = answers["secure"]
    assert status == 200
    assert headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in headers["Content-Security-Policy"]
    assert headers["Referrer-Policy"] == "same-origin"
    assert "camera=()" in headers["Permissions-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
