"""Load bench of the production server: requests per second beside a static file and
a bare Wagtail page, then a mixed run with feedback posts and editors publishing.

Usage (from the repository root; `make bench-load` runs the first form):

    .venv/bin/python bench/load.py
    .venv/bin/python bench/load.py --database-url postgres://postgres@127.0.0.1:5432/perf_db \\
        --redis-url redis://127.0.0.1:6379/4
    .venv/bin/python bench/load.py --items 2000 --duration 5s --mixed-requests 2000

In one run, on databases it creates and removes (bench/category_page.py's
ThrowawayDatabase: a SQLite file in a temporary folder unless ``--database-url``):

1. the site: ``migrate``, ``collectstatic``, ``setup_disclosure``, ``load_demo_data``
   and N items in category 1.9 (tests.bulk.bulk_create_items), through
   deploy/manage.sh's way of running commands: the production settings and the
   variables deploy/env.example lists, written to an env file of the run;
2. a bare Wagtail site made by ``wagtail start`` in the temporary folder, on a
   database of its own (the same engine);
3. both under gunicorn with deploy/gunicorn.conf.py and the same number of workers,
   on 127.0.0.1 only (ports 8111 and 8112 by default), asked as nginx would ask
   (``X-Forwarded-Proto: https``, ``X-Forwarded-For``);
4. wrk on each page, cached (an anonymous visitor's second request, served by the
   page cache if there is one: the ``X-Disclosure-Cache`` header says) and uncached
   (the same page with the cookie of an existing session, which the page cache
   never answers), beside a static file through WhiteNoise and the bare page;
5. a mixed run: ``--mixed-requests`` GETs from several threads while other threads
   post feedback (each from its own address, with the token of a freshly fetched
   form) and a separate process publishes edits of an item as an editor would;
   it prints errors, 5xx and the feedback rows posted against those stored.

Everything stops by itself (wrk's duration, the request count, ``--mixed-timeout``),
and the servers, the editor process and the databases are removed at the end, on
failure too. Nothing is asserted: the goals of the issue are printed beside the
figures.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
VENV_BIN = Path(sys.executable).parent
sys.path.insert(0, str(BENCH_DIR))

from category_page import ThrowawayDatabase  # noqa: E402 - bench/ is not a package

HOST = "127.0.0.1"
OFFICE_NAME = "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาตัวอย่าง เขต 1"
BROWSER = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/131 Mobile"
# Goals of the issue: printed, never asserted.
GOAL_CACHED_VS_STATIC = 0.75
GOAL_UNCACHED_VS_BARE = {"category 1.9": 0.60, "item page": 0.80}

# Run by `manage.py shell -c` once the site is filled: the addresses to ask and
# what the mixed run needs, as JSON on the last line.
PREPARE = """
import json, sys
sys.path.insert(0, REPO)
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessions
from importlib import import_module
from wagtail.models import Site
from disclosure_pages.models import DisclosureCategoryPage, DisclosureItemPage
from moderation.models import Unit
from photo_gallery.models import ActivityGalleryPage
from reporting.models import Feedback
from tests.bulk import bulk_create_items

category = DisclosureCategoryPage.objects.get(code="1.9")
units = list(Unit.objects.order_by("sort_order", "pk"))
bulk_create_items(category, ITEMS, units=units)
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("ANALYZE")
item = DisclosureItemPage.objects.child_of(category).live().order_by("-pk").first()
edited = (
    DisclosureItemPage.objects.live().exclude(latest_revision=None).order_by("pk").first()
    or item
)
gallery = ActivityGalleryPage.objects.live().order_by("pk").first()
store = import_module(settings.SESSION_ENGINE).SessionStore()
store["bench"] = "uncached reader"
store.create()
User = get_user_model()
editor = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser(
    "bench-admin", "bench@example.go.th", "bench-" + "x" * 12
)
print(json.dumps({
    "home": Site.objects.get(is_default_site=True).root_page.url,
    "category": category.url,
    "unit": units[0].pk,
    "item": item.url,
    "item_id": item.pk,
    "edited_id": edited.pk,
    "editor_id": editor.pk,
    "gallery": gallery.url if gallery else None,
    "session_cookie": f"{settings.SESSION_COOKIE_NAME}={store.session_key}",
    "feedback_rows": Feedback.objects.count(),
}))
"""

# The editor of the mixed run: publishes edits of one item until told to stop
# (the stop file), or COUNT saves, or SECONDS.
EDITOR = """
import json, os, sys, time
from django.contrib.auth import get_user_model
from disclosure_pages.models import DisclosureItemPage
user = get_user_model().objects.get(pk=EDITOR_ID)
deadline = time.monotonic() + SECONDS
saves = errors = 0
while saves < COUNT and time.monotonic() < deadline and not os.path.exists(STOP):
    try:
        item = DisclosureItemPage.objects.get(pk=PAGE_ID)
        item.summary = f"แก้ไขครั้งที่ {saves + 1}"
        # As the approval chain's last step would: the bench times the site, not
        # the chain's permissions.
        item.save_revision(user=user).publish(user=user, skip_permission_checks=True)
        saves += 1
    except Exception as exc:
        errors += 1
        print(f"editor: {type(exc).__name__}: {exc}", file=sys.stderr)
    time.sleep(PAUSE)
print(json.dumps({"saves": saves, "errors": errors}))
"""

COUNT_FEEDBACK = """
from reporting.models import Feedback
print(Feedback.objects.count())
"""

BARE_SETTINGS = """
import os
import dj_database_url
from {project}.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
DATABASES = {{"default": dj_database_url.parse(os.environ["DATABASE_URL"])}}
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
"""


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Requests per second of the production server against N items, "
        "beside a static file and a bare Wagtail page, and a mixed run."
    )
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument(
        "--database-url",
        help="a database that does not exist yet (PostgreSQL: created and dropped, "
        "with a second one named <name>_bare for the bare site). Default: SQLite "
        "files in a temporary folder",
    )
    parser.add_argument(
        "--redis-url",
        help="e.g. redis://127.0.0.1:6379/4: REDIS_URL of the site (its database "
        "is flushed before and after). Default: none, the embedded stores",
    )
    parser.add_argument("--port", type=int, default=8111, help="the site (8111)")
    parser.add_argument(
        "--bare-port", type=int, default=8112, help="the bare Wagtail site (8112)"
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=2, help="wrk -t (2)")
    parser.add_argument("--connections", type=int, default=16, help="wrk -c (16)")
    parser.add_argument("--duration", default="10s", help="wrk -d (10s)")
    parser.add_argument("--mixed-requests", type=int, default=10_000)
    parser.add_argument(
        "--mixed-clients", type=int, default=8, help="threads sending GETs (8)"
    )
    parser.add_argument(
        "--feedback-clients", type=int, default=2, help="threads posting feedback (2)"
    )
    parser.add_argument(
        "--editor-saves", type=int, default=200, help="at most this many publishes"
    )
    parser.add_argument(
        "--mixed-timeout",
        type=float,
        default=600,
        help="the mixed run stops after this many seconds (600)",
    )
    parser.add_argument("--skip-mixed", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the databases")
    args = parser.parse_args(argv)
    if args.items < 1 or args.mixed_requests < 0:
        parser.error("--items must be at least 1")
    if args.redis_url and urlsplit(args.redis_url).hostname not in (HOST, "localhost"):
        parser.error("the bench only talks to 127.0.0.1")
    if args.database_url:
        host = urlsplit(args.database_url).hostname
        if host not in (None, "", HOST, "localhost"):
            parser.error("the bench only talks to 127.0.0.1")
    if not shutil.which("wrk"):
        parser.error("wrk is not installed (apt-get install wrk)")
    return args


# --- processes --------------------------------------------------------------------


@dataclass
class Server:
    name: str
    port: int
    process: subprocess.Popen | None = None
    log: Path | None = None

    def stop(self) -> None:
        """Stop this gunicorn (its own process group: the master and its workers)."""
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


@dataclass
class Run:
    args: argparse.Namespace
    workdir: Path
    site_db: ThrowawayDatabase
    bare_db: ThrowawayDatabase
    env: dict[str, str] = field(default_factory=dict)
    bare_env: dict[str, str] = field(default_factory=dict)
    servers: list[Server] = field(default_factory=list)
    data: dict = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)

    # The site's environment: deploy/env.example's variables, as smoke.py sets them.
    def site_environment(self) -> dict[str, str]:
        values = {
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": f"{HOST},localhost",
            "WAGTAILADMIN_BASE_URL": "https://www.example.go.th",
            "DATABASE_URL": self.site_db.url,
            "DISCLOSURE_TRUSTED_PROXY_COUNT": "1",
            "DJANGO_SECURE_HSTS_SECONDS": "3600",
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            "DISCLOSURE_MEDIA_ROOT": str(self.workdir / "media"),
            "DISCLOSURE_STATIC_ROOT": str(self.workdir / "static"),
            "GUNICORN_BIND": f"{HOST}:{self.args.port}",
            "GUNICORN_WORKERS": str(self.args.workers),
        }
        if self.args.redis_url:
            values["REDIS_URL"] = self.args.redis_url
        (self.workdir / "env").write_text(
            "".join(f"{k}={v}\n" for k, v in values.items())
        )
        return values

    def clean_environ(self) -> dict[str, str]:
        """This process's environment without the caller's Django or site variables."""
        return {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("DJANGO_", "DISCLOSURE_", "GUNICORN_", "WAGTAIL"))
            and k not in ("DATABASE_URL", "REDIS_URL")
        }

    def manage(self, *args: str, code: str | None = None, timeout=1800) -> str:
        """A management command of the site under the production settings."""
        env = {
            **self.clean_environ(),
            **self.env,
            "DJANGO_SETTINGS_MODULE": "disclosure_site.settings.production",
        }
        command = [sys.executable, "site/manage.py", *args]
        if code is not None:
            command += ["-c", code]
        result = subprocess.run(  # noqa: S603 - this interpreter, our manage.py
            command,
            cwd=REPO_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}"
            )
        return result.stdout

    def timed(self, what: str, function, *args, **kwargs):
        started = time.perf_counter()
        print(f"  {what} …", flush=True)
        value = function(*args, **kwargs)
        self.timings[what] = time.perf_counter() - started
        return value

    def set_up_site(self) -> None:
        self.env = self.site_environment()
        self.timed("migrate", self.manage, "migrate", "--no-input", "-v", "0")
        self.timed("createcachetable", self.manage, "createcachetable")
        self.timed(
            "collectstatic", self.manage, "collectstatic", "--no-input", "-v", "0"
        )
        self.timed(
            "setup_disclosure",
            self.manage,
            "setup_disclosure",
            "--office-name",
            OFFICE_NAME,
        )
        # Its users have publicly known passwords: --force, on this throwaway site.
        self.timed("load_demo_data", self.manage, "load_demo_data", "--force")
        code = PREPARE.replace("REPO", repr(str(REPO_DIR))).replace(
            "ITEMS", str(self.args.items)
        )
        out = self.timed(f"{self.args.items} items", self.manage, "shell", code=code)
        self.data = json.loads(out.strip().splitlines()[-1])
        manifest = json.loads(
            (self.workdir / "static" / "staticfiles.json").read_text()
        )
        self.data["static"] = (
            "/static/" + manifest["paths"]["disclosure_site/css/site.css"]
        )

    def set_up_bare(self) -> None:
        """`wagtail start` in the temporary folder, on a database of its own."""
        project = "barewagtail"
        target = self.workdir / "bare"
        target.mkdir()
        subprocess.run(  # noqa: S603 - the venv's wagtail command
            [str(VENV_BIN / "wagtail"), "start", project, str(target)],
            check=True,
            capture_output=True,
            timeout=120,
        )
        (target / project / "settings" / "bench.py").write_text(
            BARE_SETTINGS.format(project=project)
        )
        self.bare_env = {
            **self.clean_environ(),
            "DJANGO_SETTINGS_MODULE": f"{project}.settings.bench",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DATABASE_URL": self.bare_db.url,
        }
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
            cwd=target,
            env=self.bare_env,
            check=True,
            capture_output=True,
            timeout=600,
        )
        self.data["bare_dir"] = str(target)
        self.data["bare_wsgi"] = f"{project}.wsgi:application"

    def start(self, name: str, port: int, env: dict, extra: list[str]) -> Server:
        server = Server(name, port, log=self.workdir / f"{name}.log")
        server.process = subprocess.Popen(  # noqa: S603 - the venv's gunicorn
            [
                str(VENV_BIN / "gunicorn"),
                "--config",
                str(REPO_DIR / "deploy" / "gunicorn.conf.py"),
                "--bind",
                f"{HOST}:{port}",
                "--workers",
                str(self.args.workers),
                "--access-logfile",
                "/dev/null",
                *extra,
            ],
            cwd=REPO_DIR,
            env=env,
            stdout=server.log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, stopped as one
        )
        self.servers.append(server)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if server.process.poll() is not None:
                raise RuntimeError(f"{name} did not start:\n{server.log.read_text()}")
            try:
                if request(port, "GET", "/", timeout=5)[0]:
                    return server
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"{name} did not answer on {HOST}:{port}")

    def start_servers(self) -> None:
        site_env = {
            **self.clean_environ(),
            **self.env,
            "DJANGO_SETTINGS_MODULE": "disclosure_site.settings.production",
        }
        self.start("site", self.args.port, site_env, [])
        self.start(
            "bare",
            self.args.bare_port,
            self.bare_env,
            ["--chdir", self.data["bare_dir"], self.data["bare_wsgi"]],
        )

    def stop_servers(self) -> None:
        for server in self.servers:
            server.stop()


# --- HTTP -------------------------------------------------------------------------


def headers_for(visitor: str = "203.0.113.10", cookie: str | None = None) -> dict:
    """As nginx forwards a visitor's request over HTTPS."""
    headers = {
        "Host": HOST,
        "X-Forwarded-Proto": "https",
        "X-Forwarded-For": visitor,
        "User-Agent": BROWSER,
        "Accept": "text/html",
    }
    if cookie:
        headers["Cookie"] = cookie
    return headers


def request(
    port: int,
    method: str,
    path: str,
    *,
    body: bytes | None = None,
    headers: dict | None = None,
    timeout: float = 30,
    connection: http.client.HTTPConnection | None = None,
) -> tuple[int, dict, bytes]:
    conn = connection or http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or headers_for())
        response = conn.getresponse()
        data = response.read()
        return response.status, dict(response.getheaders()), data
    finally:
        if connection is None:
            conn.close()


@dataclass
class Measure:
    label: str
    path: str
    port: int
    cookie: str | None = None
    status: int = 0
    cache: str = ""
    rps: float | None = None
    non_2xx: int = 0
    errors: str = ""


WRK_RPS = re.compile(r"Requests/sec:\s+([\d.]+)")
WRK_NON2XX = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")
WRK_SOCKET = re.compile(r"Socket errors:(.*)")


def wrk(args, measure: Measure) -> Measure:
    """Check the page answers 200 (twice: the second is the cached one), then wrk."""
    headers = headers_for(cookie=measure.cookie)
    for _ in range(2):
        status, response_headers, _ = request(
            measure.port, "GET", measure.path, headers=headers
        )
    measure.status = status
    measure.cache = response_headers.get("X-Disclosure-Cache", "-")
    if status != 200:
        return measure
    command = [
        "wrk",
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{args.duration}",
        "--timeout",
        "30s",
    ]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    command.append(f"http://{HOST}:{measure.port}{measure.path}")
    output = subprocess.run(  # noqa: S603 - wrk on 127.0.0.1
        command, capture_output=True, text=True, timeout=600, check=False
    ).stdout
    if found := WRK_RPS.search(output):
        measure.rps = float(found.group(1))
    if found := WRK_NON2XX.search(output):
        measure.non_2xx = int(found.group(1))
    if found := WRK_SOCKET.search(output):
        measure.errors = found.group(1).strip()
    return measure


def pages(run: Run) -> list[tuple[str, str]]:
    data = run.data
    filtered = urlencode({"fiscal_year": 2569, "unit": data["unit"]})
    found = [
        ("home", data["home"]),
        ("disclosure index", "/disclosure/"),
        ("category 1.9", data["category"]),
        ("category, filtered", f"{data['category']}?{filtered}"),
        ("item page", data["item"]),
        ("gallery", data["gallery"]),
        ("search", "/search/?" + urlencode({"q": "ประกาศ จัดซื้อ"})),
        ("feed (RSS)", "/feeds/disclosure/rss/"),
    ]
    return [(label, path) for label, path in found if path]


def measure_all(run: Run) -> tuple[list[Measure], Measure, Measure]:
    args = run.args
    static = wrk(
        args, Measure("static file (WhiteNoise)", run.data["static"], args.port)
    )
    bare = wrk(args, Measure("bare Wagtail page", "/", args.bare_port))
    results = []
    for label, path in pages(run):
        print(f"  wrk {label} …", flush=True)
        results.append(wrk(args, Measure(f"{label}, cached", path, args.port)))
        results.append(
            wrk(
                args,
                Measure(
                    f"{label}, uncached",
                    path,
                    args.port,
                    cookie=run.data["session_cookie"],
                ),
            )
        )
    return results, static, bare


# --- the mixed run ----------------------------------------------------------------


FORM_FIELD = re.compile(r'<input[^>]*name="(page_id|token)"[^>]*value="([^"]*)"')
FORM_ACTION = re.compile(r'<form[^>]*action="([^"]*evaluation[^"]*)"')


def mixed_run(run: Run) -> dict:
    args = run.args
    paths = [path for _, path in pages(run)]
    session = run.data["session_cookie"]
    lock = threading.Lock()
    statuses: Counter = Counter()
    errors: Counter = Counter()
    latencies: list[float] = []
    sent = {"gets": 0, "posted": 0, "accepted": 0}
    deadline = time.monotonic() + args.mixed_timeout
    stop = threading.Event()

    def take() -> int | None:
        with lock:
            if sent["gets"] >= args.mixed_requests:
                return None
            sent["gets"] += 1
            return sent["gets"]

    def reader(number: int) -> None:
        conn = http.client.HTTPConnection(HOST, args.port, timeout=30)
        while not stop.is_set() and time.monotonic() < deadline:
            n = take()
            if n is None:
                break
            path = paths[n % len(paths)]
            # One request in five by a reader with a session: never from the cache.
            cookie = session if n % 5 == 0 else None
            started = time.perf_counter()
            try:
                status, _, _ = request(
                    args.port,
                    "GET",
                    path,
                    headers=headers_for(f"198.51.100.{n % 250 + 1}", cookie),
                    connection=conn,
                )
            except (OSError, http.client.HTTPException) as exc:
                with lock:
                    errors[type(exc).__name__] += 1
                conn.close()
                conn = http.client.HTTPConnection(HOST, args.port, timeout=30)
                continue
            with lock:
                statuses[status] += 1
                latencies.append(time.perf_counter() - started)
        conn.close()

    def poster(number: int) -> None:
        n = 0
        while not stop.is_set() and time.monotonic() < deadline:
            n += 1
            # Each answer from an address of its own: the rate limit is 5 a minute.
            visitor = f"10.{number}.{n // 250 % 250}.{n % 250 + 1}"
            try:
                status, _, html = request(
                    args.port, "GET", run.data["item"], headers=headers_for(visitor)
                )
                fields = dict(FORM_FIELD.findall(html.decode()))
                action = FORM_ACTION.search(html.decode())
                if status != 200 or len(fields) != 2 or not action:
                    with lock:
                        errors["feedback form not found"] += 1
                    time.sleep(0.5)
                    continue
                body = urlencode(
                    {**fields, "useful": "yes", "score": "5", "comment": f"bench {n}"}
                ).encode()
                with lock:
                    sent["posted"] += 1
                status, _, _ = request(
                    args.port,
                    "POST",
                    action.group(1),
                    body=body,
                    headers={
                        **headers_for(visitor),
                        "Content-Type": "application/x-www-form-urlencoded",
                    },
                )
            except (OSError, http.client.HTTPException) as exc:
                with lock:
                    errors[f"feedback {type(exc).__name__}"] += 1
                continue
            with lock:
                statuses[f"feedback {status}"] += 1
                if status in (302, 303, 200):
                    sent["accepted"] += 1
            time.sleep(0.05)

    stop_file = run.workdir / "editor.stop"
    editor_code = (
        EDITOR.replace("EDITOR_ID", str(run.data["editor_id"]))
        .replace("PAGE_ID", str(run.data["edited_id"]))
        .replace("COUNT", str(args.editor_saves))
        .replace("SECONDS", str(args.mixed_timeout))
        .replace("STOP", repr(str(stop_file)))
        .replace("PAUSE", "0.5")
    )
    editor = subprocess.Popen(  # noqa: S603 - this interpreter, our manage.py
        [sys.executable, "site/manage.py", "shell", "-c", editor_code],
        cwd=REPO_DIR,
        env={
            **run.clean_environ(),
            **run.env,
            "DJANGO_SETTINGS_MODULE": "disclosure_site.settings.production",
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    before = int(run.manage("shell", code=COUNT_FEEDBACK).split()[-1])
    started = time.perf_counter()
    threads = [
        threading.Thread(target=reader, args=(i,)) for i in range(args.mixed_clients)
    ]
    posters = [
        threading.Thread(target=poster, args=(i + 1,))
        for i in range(args.feedback_clients)
    ]
    for thread in threads + posters:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(1, deadline - time.monotonic()) + 60)
    stop.set()
    for thread in posters:
        thread.join(timeout=120)
    elapsed = time.perf_counter() - started
    stop_file.touch()
    try:
        out, err = editor.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        os.killpg(editor.pid, signal.SIGKILL)
        out, err = editor.communicate()
    editor_result = (
        json.loads(out.strip().splitlines()[-1])
        if out.strip()
        else {"saves": 0, "errors": "?"}
    )
    after = int(run.manage("shell", code=COUNT_FEEDBACK).split()[-1])
    return {
        "elapsed": elapsed,
        "gets": sum(v for k, v in statuses.items() if isinstance(k, int)),
        "statuses": statuses,
        "errors": errors,
        "latencies": latencies,
        "posted": sent["posted"],
        "accepted": sent["accepted"],
        "stored": after - before,
        "editor": editor_result,
        "editor_stderr": err.strip().splitlines()[-5:],
    }


# --- report -----------------------------------------------------------------------


def ratio(value: float | None, base: float | None) -> str:
    if not value or not base:
        return "-"
    return f"{value / base:.2f}"


def print_report(run: Run, results, static: Measure, bare: Measure) -> None:
    import platform

    args = run.args
    print()
    print(
        f"{args.items} items in category 1.9; {run.site_db.scheme} "
        f"{'with Redis ' + args.redis_url if args.redis_url else 'without Redis'}; "
        f"gunicorn {args.workers} workers (deploy/gunicorn.conf.py), production "
        f"settings; wrk -t{args.threads} -c{args.connections} -d{args.duration}; "
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs"
    )
    print(
        "set-up: "
        + ", ".join(f"{name} {secs:.0f} s" for name, secs in run.timings.items())
    )
    print(
        "cached = an anonymous visitor (X-Disclosure-Cache: hit when the page cache "
        "answers; '-' = no page cache); uncached = the same page with an existing "
        "session's cookie."
    )
    print()
    rows = [("page", "cache", "req/s", "÷static", "÷bare", "goal", "non-2xx", "url")]
    for m in (static, bare, *results):
        goal = ""
        if m.label.endswith(", cached"):
            goal = f"≥{GOAL_CACHED_VS_STATIC:.2f} of static"
        for name, share in GOAL_UNCACHED_VS_BARE.items():
            if m.label == f"{name}, uncached":
                goal = f"≥{share:.2f} of bare"
        rps = f"{m.rps:.0f}" if m.rps else f"status {m.status}"
        rows.append(
            (
                m.label,
                m.cache,
                rps,
                ratio(m.rps, static.rps),
                ratio(m.rps, bare.rps),
                goal,
                str(m.non_2xx)
                + (
                    f" ({m.errors})" if m.errors and "0, read 0" not in m.errors else ""
                ),
                m.path,
            )
        )
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    for n, row in enumerate(rows):
        print(
            "  ".join(
                str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)
            )
        )
        if n == 0:
            print("  ".join("-" * width for width in widths))


def print_mixed(run: Run, mixed: dict) -> None:
    args = run.args
    lat = sorted(mixed["latencies"])
    p50 = statistics.median(lat) * 1000 if lat else 0
    p95 = lat[int(len(lat) * 0.95) - 1] * 1000 if lat else 0
    fivexx = sum(
        count
        for status, count in mixed["statuses"].items()
        if str(status).split()[-1].startswith("5")
    )
    print(
        f"mixed run: {mixed['gets']} GETs ({args.mixed_clients} threads, one in five "
        f"with a session) in {mixed['elapsed']:.1f} s = "
        f"{mixed['gets'] / mixed['elapsed']:.0f} req/s, median {p50:.0f} ms, "
        f"p95 {p95:.0f} ms"
    )
    print(f"  statuses: {dict(sorted(mixed['statuses'].items(), key=str))}")
    print(f"  5xx: {fivexx}; errors: {dict(mixed['errors']) or 'none'}")
    print(
        f"  feedback: {mixed['posted']} posted, {mixed['accepted']} accepted, "
        f"{mixed['stored']} stored; lost: {mixed['accepted'] - mixed['stored']}"
    )
    print(
        f"  editor: {mixed['editor']['saves']} publishes, "
        f"{mixed['editor']['errors']} errors"
        + (f" ({'; '.join(mixed['editor_stderr'])})" if mixed["editor_stderr"] else "")
    )


def flush_redis(url: str | None) -> None:
    if not url:
        return
    import redis

    redis.Redis.from_url(url).flushdb()


def main(argv=None) -> int:
    args = parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="disclosure-load-"))
    if args.database_url:
        site_url = args.database_url
        parts = urlsplit(args.database_url)
        bare_url = parts._replace(path=parts.path + "_bare").geturl()
    else:
        site_url = f"sqlite:///{workdir}/site.sqlite3"
        bare_url = f"sqlite:///{workdir}/bare.sqlite3"
    site_db = ThrowawayDatabase(site_url, args.keep)
    bare_db = ThrowawayDatabase(bare_url, args.keep)
    run = Run(args, workdir, site_db, bare_db)
    created = []
    try:
        for db in (site_db, bare_db):
            db.create()
            created.append(db)
        flush_redis(args.redis_url)
        print("Setting up (a few minutes):", flush=True)
        run.set_up_site()
        run.timed("wagtail start", run.set_up_bare)
        run.start_servers()
        print("Measuring:", flush=True)
        results, static, bare = measure_all(run)
        print_report(run, results, static, bare)
        if not args.skip_mixed and args.mixed_requests:
            print("\nMixed run …", flush=True)
            print_mixed(run, mixed_run(run))
    finally:
        run.stop_servers()
        for db in created:
            try:
                db.remove()
            except Exception as exc:  # noqa: BLE001 - report and go on cleaning
                print(f"could not remove {db.url}: {exc}", file=sys.stderr)
        flush_redis(args.redis_url)
        if args.keep:
            print(f"Kept: {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
