"""The deployment files (deploy/) agree with the settings and code they serve.

`make smoke` (deploy/smoke.py) runs them for real; these catch, in the ordinary
suite, a setting added without its line in env.example, an upload limit raised past
nginx's, a media folder served that should not be, or a unit naming a missing file.
"""

import inspect
import re
import runpy
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import get_commands

from moderation.pdf import html_to_pdf
from photo_gallery.urls import PUBLIC_MEDIA_FOLDERS

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"
SITE = REPO / "site" / "disclosure_site"
# Everything that reads the environment of a production server.
READERS = (
    SITE / "settings" / "base.py",
    SITE / "settings" / "production.py",
    SITE / "backups.py",
    DEPLOY / "gunicorn.conf.py",
)
CHECKOUT = "/srv/disclosure"


def variables_read(path: Path) -> set[str]:
    text = path.read_text()
    return set(
        re.findall(r'(?:os\.environ\.get|required_env)\(\s*"([A-Z0-9_]+)"', text)
    )


def nginx_site() -> str:
    return (DEPLOY / "nginx" / "disclosure.conf").read_text()


def unit(path: Path) -> dict[str, list[str]]:
    """A systemd unit's settings, each name with all its values."""
    values: dict[str, list[str]] = {}
    for line in path.read_text().splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            name, _, value = line.partition("=")
            values.setdefault(name.strip(), []).append(value.strip())
    return values


def test_env_example_lists_every_variable_the_server_reads_and_no_other():
    read = set().union(*(variables_read(path) for path in READERS))
    # The pattern still finds them (a test that finds nothing would pass).
    assert {"DJANGO_SECRET_KEY", "DATABASE_URL", "REDIS_URL", "GUNICORN_BIND"} <= read
    example = (DEPLOY / "env.example").read_text()
    listed = set(re.findall(r"^#?([A-Z][A-Z0-9_]+)=", example, re.MULTILINE))
    assert read - listed == set(), "missing from deploy/env.example"
    assert listed - read == set(), "in deploy/env.example but read by nothing"


def test_env_example_is_readable_by_systemd_and_the_shell_alike():
    for line in (DEPLOY / "env.example").read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            assert re.fullmatch(r"[A-Z][A-Z0-9_]+", name), line
            assert not re.search(r"[\s\"'$`\\]", value), line


def test_nginx_serves_only_the_public_media_folders():
    site = nginx_site()
    served = re.findall(
        r"location /media/([a-z_]+)/ \{\s*alias " + CHECKOUT + r"/site/media/\1/;",
        site,
    )
    assert sorted(served) == sorted(PUBLIC_MEDIA_FOLDERS)
    assert re.search(r"location /media/ \{\s*return 404;\s*\}", site)
    assert len(re.findall(r"location /media/", site)) == len(PUBLIC_MEDIA_FOLDERS) + 1


def test_nginx_takes_the_largest_upload_the_site_accepts():
    limit = re.search(r"client_max_body_size (\d+)m;", nginx_site())
    megabytes = int(limit.group(1)) * 1024 * 1024
    assert megabytes > settings.WAGTAILDOCS_MAX_UPLOAD_SIZE
    assert megabytes > getattr(settings, "WAGTAILIMAGES_MAX_UPLOAD_SIZE", 10 * 2**20)


def test_nginx_passes_the_headers_django_trusts_and_leaves_hsts_to_django():
    site = nginx_site()
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in site
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in site
    assert "proxy_set_header Host $host;" in site
    # Production sends HSTS itself; a second header from nginx could disagree.
    assert "strict-transport-security" not in site.lower()
    assert f"alias {CHECKOUT}/site/static_collected/;" in site
    assert "$request " not in site and "$args" not in site  # query strings unlogged


@pytest.fixture
def gunicorn_settings(monkeypatch) -> dict:
    for name in ("GUNICORN_BIND", "GUNICORN_WORKERS", "GUNICORN_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    return runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))


def test_gunicorn_serves_the_site_on_the_loopback_only(gunicorn_settings):
    assert gunicorn_settings["bind"] == ["127.0.0.1:8000"]
    assert gunicorn_settings["wsgi_app"] == "disclosure_site.wsgi:application"
    assert Path(gunicorn_settings["chdir"]) == REPO / "site"
    assert 3 <= gunicorn_settings["workers"] <= 9


def test_gunicorn_outlasts_the_memo_pdf_and_logs_no_query_string(gunicorn_settings):
    pdf_timeout = inspect.signature(html_to_pdf).parameters["timeout"].default
    assert gunicorn_settings["timeout"] > pdf_timeout
    log_format = gunicorn_settings["access_log_format"]
    assert "%(U)s" in log_format  # the path alone
    # The query string, the request line (with it), the Referer, any header.
    assert not re.search(r"%\((q|r|f|\{[^}]*\}[ie])\)s", log_format)


def test_units_run_the_production_site_as_its_user_with_the_env_file():
    services = sorted((DEPLOY / "systemd").glob("*.service"))
    assert [path.stem for path in services] == [
        "disclosure-backup",
        "disclosure-publish-scheduled",
        "disclosure-review-digest",
        "disclosure-web",
        "disclosure-worker",
    ]
    commands = get_commands()
    for path in services:
        values = unit(path)
        assert values["User"] == ["disclosure"], path.name
        assert values["WorkingDirectory"] == [CHECKOUT], path.name
        assert values["EnvironmentFile"] == ["/etc/disclosure/env"], path.name
        assert (
            "DJANGO_SETTINGS_MODULE=disclosure_site.settings.production"
            in values["Environment"]
        ), path.name
        (command,) = values["ExecStart"]
        program, *arguments = command.split()
        assert program.startswith(f"{CHECKOUT}/.venv/bin/"), path.name
        if arguments[:2] == ["site/manage.py", "db_worker"]:
            # The background worker runs for good, restarted if it stops.
            assert arguments[1] in commands, f"{path.name}: no command db_worker"
            assert values["Restart"] == ["always"]
            assert "--no-reload" in arguments
        elif arguments[0] == "site/manage.py":
            assert arguments[1] in commands, f"{path.name}: no command {arguments[1]}"
            # A oneshot command needs its timer, which starts the same unit.
            timer = unit(path.with_suffix(".timer"))
            assert timer["OnCalendar"] and "Persistent" in timer
        else:
            assert arguments == ["--config", "deploy/gunicorn.conf.py"]
    assert unit(DEPLOY / "systemd" / "disclosure-backup.service")["ExecStart"] == [
        f"{CHECKOUT}/.venv/bin/python site/manage.py backup --keep 14"
    ]


def test_production_queues_background_work_for_the_worker(monkeypatch):
    from disclosure_site.settings.base import tasks_from_env

    monkeypatch.delenv("DISCLOSURE_TASKS", raising=False)
    production = (SITE / "settings" / "production.py").read_text()
    assert 'TASKS = tasks_from_env("database")' in production
    backend = tasks_from_env("database")["default"]["BACKEND"]
    assert backend == "django_tasks_db.DatabaseBackend"
    assert "immediate" in tasks_from_env("immediate")["default"]["BACKEND"]
    monkeypatch.setenv("DISCLOSURE_TASKS", "immediate")
    assert "immediate" in tasks_from_env("database")["default"]["BACKEND"]
    monkeypatch.setenv("DISCLOSURE_TASKS", "celery")
    with pytest.raises(ImproperlyConfigured, match="DISCLOSURE_TASKS"):
        tasks_from_env("database")


def test_every_deploy_file_the_readme_names_exists():
    readme = (REPO / "README.md").read_text()
    named = {name.rstrip(".,:;)") for name in re.findall(r"deploy/[\w./-]+", readme)}
    assert "deploy/gunicorn.conf.py" in named
    for name in named:
        # cp deploy/systemd/disclosure-* names a group of files.
        found = list(REPO.glob(name + "*")) if name.endswith("-") else [REPO / name]
        assert found and all(path.exists() for path in found), name
