"""Smoke test of a deployment, run by `make smoke` and CI after the PostgreSQL suite.

The site as deploy/ and the README's "Deployment" section set it up: production
settings read from an environment file through deploy/manage.sh, a throwaway
PostgreSQL database, Redis (one database number of its own), migrate, collectstatic,
setup_disclosure, load_demo_data and a first administrator, then gunicorn started with
deploy/gunicorn.conf.py. Every request is sent as nginx forwards it (X-Forwarded-Proto,
X-Forwarded-For, Host): the public pages, a document, hashed static files, the admin's
sign-in and an item taken through the whole approval chain until it is public.
Where nginx is installed, deploy/nginx/disclosure.conf is then started in front of
gunicorn (its paths, ports and certificate replaced by the run's own) and asked too.

Everything it made is removed at the end, on failure too: nginx and gunicorn are
stopped, the database dropped, its Redis database flushed and the temporary folder
deleted.
Prints every check; exits 1 if any failed.

    .venv/bin/python deploy/smoke.py
Environment: SMOKE_POSTGRES (postgres://postgres@127.0.0.1:5432), SMOKE_REDIS
(redis://127.0.0.1:6379), SMOKE_REDIS_DB (9; the test suite uses 0 and 3).
"""

from __future__ import annotations

import gzip
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

import psycopg
import redis
from bs4 import BeautifulSoup

CHECKOUT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
POSTGRES = os.environ.get("SMOKE_POSTGRES", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("SMOKE_REDIS", "redis://127.0.0.1:6379")
REDIS_DB = int(os.environ.get("SMOKE_REDIS_DB", "9"))
DATABASE_PREFIX = os.environ.get("SMOKE_DATABASE_PREFIX", "disclosure_smoke")
# An address of another visitor (RFC 5737 too).
OTHER_VISITOR = "198.51.100.20"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) smoke"
TASK_TABLE = "django_tasks_database_dbtaskresult"
# A documentation address (RFC 5737): the visitor nginx would name.
VISITOR = "203.0.113.10"
DEMO_PASSWORD = "demo-{}-2569"  # noqa: S105 (load_demo_data's public demo passwords)
CHAIN = ("director", "office_director", "ict")  # the policy unit's chain

# Run by `manage.py shell -c` once the demo data is loaded: a draft of the policy
# unit's editor to send through the chain, and the addresses to visit.
PREPARE = """
import json
from django.contrib.auth import get_user_model
from django.conf import settings
from django.utils import timezone
from wagtail.documents import get_document_model
from disclosure_pages.models import DisclosureIndexPage, DisclosureItemPage
from photo_gallery.models import ActivityGalleryPage, GalleryIndexPage
from reporting.models import PageViewCount

editor = get_user_model().objects.get(username="editor")
item = DisclosureItemPage.objects.live().filter(unit__code="policy").first()
category = item.get_parent().specific
draft = DisclosureItemPage(
    title=TITLE, slug=SLUG, unit=item.unit, owner=editor, live=False,
    publication_date=timezone.localdate(), summary="smoke test",
)
category.add_child(instance=draft)
draft.save_revision(user=editor)
gallery = ActivityGalleryPage.objects.live().first()
document = get_document_model().objects.order_by("pk").first()
photo = gallery.photos.first().image
print(json.dumps({
    "index": DisclosureIndexPage.objects.first().url,
    "category": category.url, "category_title": category.title,
    "item": item.url, "item_title": item.title,
    "gallery_index": GalleryIndexPage.objects.first().url,
    "gallery": gallery.url, "gallery_title": gallery.title,
    "document": document.url, "draft": draft.pk, "draft_url": category.url + SLUG + "/",
    "document_file": document.file.name, "original_image": photo.file.name,
    "item_id": item.pk, "view_table": PageViewCount._meta.db_table,
    "settings": settings.SETTINGS_MODULE, "debug": settings.DEBUG,
    "static_root": str(settings.STATIC_ROOT), "media_root": str(settings.MEDIA_ROOT),
}))
"""


class SmokeFailure(Exception):
    """A step that the rest cannot go on without."""


@dataclass
class Response:
    """What the smoke test reads of an answer."""

    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        body = self.body
        if self.header("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        return body.decode("utf-8", "replace")

    def header(self, name: str) -> str:
        return self.headers.get(name, "")


@dataclass
class Browser:
    """A visitor behind nginx: its headers on every request, cookies kept."""

    port: int
    cookies: dict[str, str] = field(default_factory=dict)

    @property
    def origin(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    def request(
        self,
        method: str,
        path: str,
        data: dict | list | None = None,
        *,
        https: bool = True,
        headers: dict[str, str] | None = None,
    ) -> Response:
        all_headers = {
            "Host": f"127.0.0.1:{self.port}",
            "X-Forwarded-For": VISITOR,
            "Accept-Language": "th",
            **({"X-Forwarded-Proto": "https"} if https else {}),
            **(headers or {}),
        }
        if self.cookies:
            all_headers["Cookie"] = "; ".join(
                f"{k}={v}" for k, v in self.cookies.items()
            )
        body = None
        if data is not None:
            body = urlencode(data, doseq=True).encode()
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
            # Django checks the origin of a form sent over HTTPS.
            all_headers.setdefault("Origin", self.origin)
            all_headers.setdefault("Referer", self.origin + path)
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            connection.request(method, quote(path, safe="/?=&%:;+,"), body, all_headers)
            answer = connection.getresponse()
            response = Response(answer.status, answer.headers, answer.read())
        finally:
            connection.close()
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            value = rest.split(";", 1)[0]
            if value in ("", '""'):
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return response

    def get(self, path: str, **kwargs) -> Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, data: dict | list, **kwargs) -> Response:
        return self.request("POST", path, data, **kwargs)

    def form(self, path: str, form_id: str | None = None) -> list[tuple[str, str]]:
        """The fields of a form as a browser would send them (without its buttons)."""
        response = self.get(path)
        if response.status != 200:
            raise SmokeFailure(f"GET {path}: {response.status}")
        soup = BeautifulSoup(response.text, "html.parser")
        form = soup.find("form", id=form_id) if form_id else soup.find("form")
        if form is None:
            raise SmokeFailure(f"GET {path}: no form {form_id or ''}")
        return form_fields(form)

    def sign_in(self, username: str, password: str) -> Response:
        fields = dict(self.form("/admin/login/"))
        fields.update(username=username, password=password)
        return self.post("/admin/login/", fields)


def form_fields(form) -> list[tuple[str, str]]:
    """Inputs, checked boxes, text areas and chosen options, in the page's order."""
    fields: list[tuple[str, str]] = []
    for tag in form.find_all(["input", "textarea", "select"]):
        name = tag.get("name")
        if not name or tag.has_attr("disabled"):
            continue
        if tag.name == "textarea":
            fields.append((name, tag.get_text()))
        elif tag.name == "select":
            options = (
                tag.find_all("option", selected=True) or tag.find_all("option")[:1]
            )
            fields += [(name, o.get("value", o.get_text())) for o in options]
        elif tag.get("type", "text") in ("checkbox", "radio"):
            if tag.has_attr("checked"):
                fields.append((name, tag.get("value", "on")))
        elif tag.get("type", "text") not in ("submit", "button", "file", "image"):
            fields.append((name, tag.get("value", "")))
    return fields


class Smoke:
    """The run: set-up steps, checks, and what to clean up."""

    def __init__(self) -> None:
        self.failures: list[str] = []
        self.passed = 0
        self.workdir = Path(tempfile.mkdtemp(prefix="disclosure-smoke-"))
        self.database = f"{DATABASE_PREFIX}_{os.getpid()}"
        self.port = free_port()
        # A second server: its own gunicorn on its own port, sharing the database,
        # Redis and the media folder with the first.
        self.port2 = free_port()
        self.gunicorn: subprocess.Popen | None = None
        self.gunicorn2: subprocess.Popen | None = None
        self.workers: list[subprocess.Popen] = []
        self.worker_log = self.workdir / "worker.log"
        self.nginx: subprocess.Popen | None = None
        self.gunicorn_log = self.workdir / "gunicorn.log"
        self.redis_url = f"{REDIS}/{REDIS_DB}"
        self.env_file = self.workdir / "env"
        self.env: dict[str, str] = {}
        self.created = False  # the database, once made: dropped at the end

    # --- reporting -----------------------------------------------------------

    def check(self, ok: bool, what: str, detail: str = "") -> bool:
        if ok:
            self.passed += 1
            print(f"  ok    {what}")
        else:
            print(f"  FAIL  {what}" + (f": {detail}" if detail else ""))
            self.failures.append(what)
        return ok

    def step(self, what: str) -> None:
        print(f"== {what}", flush=True)

    # --- set-up ----------------------------------------------------------------

    def write_env_file(self) -> None:
        """The environment file as deploy/env.example describes it."""
        values = {
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "WAGTAILADMIN_BASE_URL": f"http://127.0.0.1:{self.port}",
            "DATABASE_URL": f"{POSTGRES}/{self.database}",
            "REDIS_URL": self.redis_url,
            "DISCLOSURE_TRUSTED_PROXY_COUNT": "1",
            "DJANGO_SECURE_HSTS_SECONDS": "3600",
            # Nothing listens for mail here; the chain's emails are dropped.
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            "DISCLOSURE_MEDIA_ROOT": str(self.workdir / "media"),
            "DISCLOSURE_STATIC_ROOT": str(self.workdir / "static"),
            "DISCLOSURE_BACKUP_DIR": str(self.workdir / "backups"),
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "GUNICORN_WORKERS": "2",
            # Background work in the database queue, run by the worker (db_worker).
            "DISCLOSURE_TASKS": "database",
        }
        self.env_file.write_text("".join(f"{k}={v}\n" for k, v in values.items()))
        self.env_file.chmod(0o600)
        self.env = values

    def process_env(self) -> dict[str, str]:
        """This process's environment without any Django or site variable of the
        caller's, plus the env file's path for deploy/manage.sh."""
        keep = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("DJANGO_", "DISCLOSURE_", "GUNICORN_", "WAGTAIL"))
            and k not in ("DATABASE_URL", "REDIS_URL")
        }
        return {**keep, "DISCLOSURE_ENV_FILE": str(self.env_file)}

    def manage(self, *args: str, extra: dict[str, str] | None = None) -> str:
        """deploy/manage.sh, as an administrator runs it; its output."""
        command = [str(CHECKOUT / "deploy" / "manage.sh"), *args]
        result = subprocess.run(  # noqa: S603 (our own script, fixed arguments)
            command,
            cwd="/",  # manage.sh finds the checkout by itself
            env={**self.process_env(), **(extra or {})},
            capture_output=True,
            text=True,
            timeout=600,
        )
        shown = " ".join(args[:2]) if args[0] != "shell" else "shell -c <prepare>"
        if not self.check(result.returncode == 0, f"manage.sh {shown}"):
            print(result.stdout[-3000:], result.stderr[-3000:], sep="\n")
            raise SmokeFailure(f"manage.sh {shown} failed")
        return result.stdout

    def create_database(self) -> None:
        with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{self.database}"')
        self.created = True
        self.check(True, f"created PostgreSQL database {self.database}")
        client = redis.Redis.from_url(self.redis_url)
        client.flushdb()
        self.check(client.dbsize() == 0, f"Redis database {REDIS_DB} is empty")

    def start_gunicorn(self, port: int, log_path: Path) -> subprocess.Popen:
        log = log_path.open("w")
        environment = self.process_env()
        environment.update(self.env)
        environment["GUNICORN_BIND"] = f"127.0.0.1:{port}"
        environment["DJANGO_SETTINGS_MODULE"] = "disclosure_site.settings.production"
        process = subprocess.Popen(  # noqa: S603 (the venv's gunicorn)
            [str(VENV_BIN / "gunicorn"), "--config", "deploy/gunicorn.conf.py"],
            cwd=CHECKOUT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if process.poll() is not None:
                break
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.5)
        started = process.poll() is None
        if not self.check(started, f"gunicorn listens on 127.0.0.1:{port}"):
            raise SmokeFailure("gunicorn did not start")
        return process

    def start_workers(self) -> None:
        """The background worker as deploy/systemd/disclosure-worker.service runs
        it, through deploy/manage.sh with the env file: one for each server."""
        log = self.worker_log.open("w")
        for _server in (1, 2):
            self.workers.append(
                subprocess.Popen(  # noqa: S603 (our own script)
                    [str(CHECKOUT / "deploy" / "manage.sh"), "db_worker"]
                    + ["--interval", "0.5", "--no-reload"],
                    cwd="/",
                    env=self.process_env(),
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )
        time.sleep(1)
        self.check(
            all(worker.poll() is None for worker in self.workers),
            "two background workers run (db_worker)",
        )

    def queue(self) -> dict[str, int]:
        """Tasks by status; "twice": those run by more than one worker."""
        with psycopg.connect(f"{POSTGRES}/{self.database}") as connection:
            rows = connection.execute(
                f"SELECT status, count(*) FROM {TASK_TABLE} GROUP BY status"  # noqa: S608
            ).fetchall()
            twice = connection.execute(
                f"SELECT count(*) FROM {TASK_TABLE} "  # noqa: S608
                "WHERE jsonb_array_length(worker_ids) > 1"
            ).fetchone()[0]
        return {**dict(rows), "twice": twice}

    def wait_for_queue(self, what: str, seconds: float = 180) -> None:
        """Until the worker has done every task that is due; none may fail."""
        started = time.monotonic()
        deadline = started + seconds
        counts = self.queue()
        while time.monotonic() < deadline:
            counts = self.queue()
            if not counts.get("READY") and not counts.get("RUNNING"):
                break
            time.sleep(0.3)
        self.check(
            not counts.get("READY")
            and not counts.get("RUNNING")
            and not counts.get("FAILED")
            and not counts["twice"],
            f"the workers did {what}: {counts.get('SUCCESSFUL', 0)} tasks, "
            f"none failed, none twice ({time.monotonic() - started:.0f} s)",
            str(counts),
        )

    # --- checks ----------------------------------------------------------------

    def public_site(self, urls: dict) -> None:
        visitor = Browser(self.port)
        plain = visitor.get("/", https=False)
        self.check(
            plain.status == 301
            and plain.header("Location") == f"https://127.0.0.1:{self.port}/",
            "GET / over plain HTTP → 301 to https://",
            f"{plain.status} {plain.header('Location')}",
        )
        home = visitor.get("/")
        self.check(home.status == 200, "GET / → 200", str(home.status))
        hsts = home.header("Strict-Transport-Security")
        self.check(
            "max-age=3600" in hsts, "HSTS from Django (max-age=3600)", hsts or "none"
        )
        csp = home.header("Content-Security-Policy")
        self.check(
            "default-src 'self'" in csp, "Content-Security-Policy on the home page"
        )
        self.static_files(visitor, home.text)

        for key, needle in (
            ("index", urls["category_title"]),
            ("category", urls["item_title"]),
            ("item", urls["item_title"]),
            ("gallery_index", urls["gallery_title"]),
            ("gallery", urls["gallery_title"]),
        ):
            page = visitor.get(urls[key])
            self.check(
                page.status == 200 and needle in page.text,
                f"GET {urls[key]} ({key}) → 200, names “{needle[:40]}”",
                f"{page.status}",
            )
        document = visitor.get(urls["document"])
        self.check(
            document.status == 200
            and document.header("Content-Type") == "application/pdf"
            and document.body.startswith(b"%PDF"),
            f"GET {urls['document']} (a document) → 200, a PDF",
            f"{document.status} {document.header('Content-Type')}",
        )
        search = visitor.get("/search/?q=" + quote(urls["item_title"].split()[0]))
        self.check(
            search.status == 200 and urls["item_title"] in search.text,
            "GET /search/?q=… → 200, finds the item",
            str(search.status),
        )
        for path in ("/sitemap.xml", "/robots.txt", "/feeds/disclosure/rss/"):
            response = visitor.get(path)
            self.check(
                response.status == 200, f"GET {path} → 200", str(response.status)
            )
        missing = visitor.get("/media/original_images/anything.jpg")
        self.check(missing.status == 404, "GET /media/original_images/… → 404")

    def static_files(self, visitor: Browser, html: str) -> None:
        """The page's static files have hashed names from the manifest, are served,
        compressed, and cached for a year."""
        manifest = json.loads(
            (Path(self.env["DISCLOSURE_STATIC_ROOT"]) / "staticfiles.json").read_text()
        )
        hashed = set(manifest["paths"].values())
        paths = sorted(set(re.findall(r'(?:href|src)="/static/([^"?#]+)"', html)))
        self.check(bool(paths), f"the home page links {len(paths)} static files")
        for name in paths:
            response = visitor.get(
                f"/static/{name}", headers={"Accept-Encoding": "gzip"}
            )
            compressed = not name.endswith((".css", ".js")) or (
                response.header("Content-Encoding") == "gzip"
            )
            self.check(
                name in hashed
                and response.status == 200
                and "immutable" in response.header("Cache-Control")
                and compressed,
                f"GET /static/{name} → 200, hashed, immutable"
                + (", gzip" if name.endswith((".css", ".js")) else ""),
                f"{response.status} in manifest: {name in hashed}, "
                f"{response.header('Cache-Control')!r} "
                f"{response.header('Content-Encoding')!r}",
            )

    def admin(self) -> None:
        anonymous = Browser(self.port)
        login_page = anonymous.get("/admin/login/")
        self.check(login_page.status == 200, "GET /admin/login/ → 200")
        bounced = anonymous.get("/admin/")
        self.check(
            bounced.status == 302
            and urlsplit(bounced.header("Location")).path == "/admin/login/",
            "GET /admin/ without signing in → the sign-in page",
        )
        wrong = Browser(self.port).sign_in("admin", "not-the-password")
        self.check(wrong.status == 200, "a wrong password → the form again (200)")
        for username, password in (
            ("admin", DEMO_PASSWORD.format("admin")),
            ("smoke-admin", self.admin_password),
        ):
            person = Browser(self.port)
            signed_in = person.sign_in(username, password)
            dashboard = person.get("/admin/")
            self.check(
                signed_in.status == 302
                and dashboard.status == 200
                and 'id="wagtail"' in dashboard.text
                and "/admin/logout/" in dashboard.text,
                f"{username} signs in and sees the dashboard",
                f"{signed_in.status} {dashboard.status}",
            )

    def approval_chain(self, urls: dict) -> None:
        """The editor sends the draft; the unit director, the office director and
        the ICT publisher approve in turn; the last approval publishes it."""
        page = urls["draft"]
        public_url = urls["draft_url"]
        visitor = Browser(self.port)
        before = visitor.get(public_url)
        self.check(before.status == 404, f"the draft {public_url} is not public (404)")
        # The second server has shown the category (and the draft's 404) already:
        # whatever either server keeps, neither may show them stale afterwards.
        elsewhere = Browser(self.port2)
        listing = elsewhere.get(urls["category"])
        self.check(
            listing.status == 200 and self.draft_title not in listing.text,
            f"server 2: {urls['category']} → 200, without the draft",
        )
        self.check(elsewhere.get(public_url).status == 404, "server 2: the draft → 404")

        editor = Browser(self.port)
        editor.sign_in("editor", DEMO_PASSWORD.format("editor"))
        fields = editor.form(f"/admin/pages/{page}/edit/", "page-edit-form")
        if "body-count" not in dict(fields):
            fields.append(("body-count", "0"))  # drawn by JavaScript; no blocks
        fields.append(("action-submit", "1"))
        sent = editor.post(f"/admin/pages/{page}/edit/", fields)
        self.check(
            sent.status == 302,
            "the editor sends the draft for approval",
            str(sent.status),
        )
        for username in CHAIN:
            approver = Browser(self.port)
            approver.sign_in(username, DEMO_PASSWORD.format(username))
            # The editor's footer offers "Approve with comment" for the task state.
            editor_page = approver.get(f"/admin/pages/{page}/edit/").text
            offered = re.search(
                rf"/admin/pages/workflow/collect_action_data/{page}/approve/(\d+)/",
                editor_page,
            )
            if not self.check(bool(offered), f"{username} is offered Approve"):
                return
            csrf = approver.cookies.get("csrftoken", "")
            approved = approver.post(
                f"/admin/pages/workflow/action/{page}/approve/{offered.group(1)}/",
                {"comment": "", "csrfmiddlewaretoken": csrf},
            )
            self.check(
                approved.status == 302, f"{username} approves", str(approved.status)
            )
        after = visitor.get(public_url)
        self.check(
            after.status == 200 and self.draft_title in after.text,
            f"after the ICT approval {public_url} is public (200)",
            str(after.status),
        )
        # Published through server 1: at once the same on server 2.
        there = elsewhere.get(public_url)
        self.check(
            there.status == 200 and self.draft_title in there.text,
            f"server 2: {public_url} is public at once (200)",
            str(there.status),
        )
        listing = elsewhere.get(urls["category"])
        self.check(
            listing.status == 200 and self.draft_title in listing.text,
            f"server 2: {urls['category']} lists the new item at once",
        )
        self.wait_for_queue("the publication's indexing and emails")
        found = elsewhere.get("/search/?q=" + quote(self.draft_title))
        self.check(
            found.status == 200 and public_url in found.text,
            "server 2: search finds the new item (indexed by the worker)",
        )
        keys = redis.Redis.from_url(self.redis_url).dbsize()
        self.check(keys > 0, f"the site keeps its cache in Redis ({keys} keys)")

    def two_servers(self, urls: dict) -> None:
        """The second server: pages, signing in, a session and the shared counters
        and rate limit with the first."""
        second = Browser(self.port2)
        for path, needle in (("/", ""), (urls["item"], urls["item_title"])):
            page = second.get(path)
            self.check(
                page.status == 200 and needle in page.text,
                f"server 2: GET {path} → 200",
                str(page.status),
            )
        person = Browser(self.port2)
        signed_in = person.sign_in("smoke-admin", self.admin_password)
        self.check(signed_in.status == 302, "server 2: smoke-admin signs in")
        # The same browser, its session cookie, on the other server.
        person.port = self.port
        dashboard = person.get("/admin/")
        self.check(
            dashboard.status == 200 and "/admin/logout/" in dashboard.text,
            "server 1 knows the session begun on server 2",
            str(dashboard.status),
        )

        # A visitor reading the item on both servers is one view; another is two.
        views_sql = (
            f'SELECT coalesce(sum(views), 0) FROM "{urls["view_table"]}" '  # noqa: S608
            "WHERE page_id = %s"
        )

        def views() -> int:
            with psycopg.connect(f"{POSTGRES}/{self.database}") as connection:
                return connection.execute(views_sql, (urls["item_id"],)).fetchone()[0]

        start = views()
        reader = {"User-Agent": BROWSER}
        for port in (self.port, self.port2, self.port, self.port2):
            Browser(port).get(urls["item"], headers=reader)
        once = views()
        Browser(self.port2).get(
            urls["item"], headers={**reader, "X-Forwarded-For": OTHER_VISITOR}
        )
        self.check(
            (once - start, views() - start) == (1, 2),
            "views: one visitor on both servers counted once, a second visitor twice",
            f"{once - start}, {views() - start}",
        )

        # The feedback limit (5 a minute per address) holds over both servers.
        limit = 5
        answers = [
            Browser(port)
            .post("/evaluation/feedback/", {"page_id": "0"}, headers=reader)
            .status
            for port in (self.port, self.port2) * limit
        ][: limit + 1]
        self.check(
            answers[:limit] == [404] * limit and answers[limit] == 429,
            f"feedback limit: {limit} answers over both servers, the next → 429",
            str(answers),
        )

    # --- nginx -----------------------------------------------------------------

    def start_nginx(self) -> bool:
        """deploy/nginx/disclosure.conf with this run's folders, ports and a
        self-signed certificate, under a minimal nginx.conf; False if nginx or
        openssl is not installed (the leg is then skipped, and said so)."""
        nginx, openssl = shutil.which("nginx"), shutil.which("openssl")
        if not (nginx and openssl):
            print("  skip  nginx or openssl is not installed (apt-get install nginx)")
            return False
        here = self.workdir / "nginx"
        for folder in ("logs", "tls", "temp"):
            (here / folder).mkdir(parents=True)
        subprocess.run(  # noqa: S603 (a throwaway certificate for 127.0.0.1)
            [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
            + ["-subj", "/CN=127.0.0.1", "-keyout", str(here / "tls" / "privkey.pem")]
            + ["-out", str(here / "tls" / "fullchain.pem")],
            check=True,
            capture_output=True,
        )
        self.http_port, self.https_port = free_port(), free_port()
        site = (CHECKOUT / "deploy" / "nginx" / "disclosure.conf").read_text()
        for old, new in (
            ("/etc/letsencrypt/live/www.example.go.th", str(here / "tls")),
            ("/var/log/nginx", str(here / "logs")),
            (
                "/srv/disclosure/site/static_collected/",
                self.env["DISCLOSURE_STATIC_ROOT"] + "/",
            ),
            ("/srv/disclosure/site/media/", self.env["DISCLOSURE_MEDIA_ROOT"] + "/"),
            ("127.0.0.1:8000", f"127.0.0.1:{self.port}"),
            ("listen 80;", f"listen 127.0.0.1:{self.http_port};"),
            ("listen 443 ssl http2;", f"listen 127.0.0.1:{self.https_port} ssl http2;"),
            ("listen [::]:80;", ""),
            ("listen [::]:443 ssl http2;", ""),
        ):
            if old not in site:
                self.check(False, f"deploy/nginx/disclosure.conf holds {old}")
                return False
            site = site.replace(old, new)
        (here / "site.conf").write_text(site)
        temp = here / "temp"
        (here / "nginx.conf").write_text(
            f"pid {here}/nginx.pid;\nerror_log {here}/logs/error.log;\n"
            "events {}\nhttp {\n    include /etc/nginx/mime.types;\n"
            f"    client_body_temp_path {temp}/body;\n    proxy_temp_path {temp}/proxy;\n"
            f"    fastcgi_temp_path {temp}/f;\n    uwsgi_temp_path {temp}/u;\n"
            f"    scgi_temp_path {temp}/s;\n    include {here}/site.conf;\n}}\n"
        )
        # nginx's workers run as another user when started by root: let them in.
        self.workdir.chmod(0o755)
        test = subprocess.run(  # noqa: S603
            [nginx, "-t", "-c", str(here / "nginx.conf")],
            capture_output=True,
            text=True,
        )
        if not self.check(
            test.returncode == 0, "nginx -t accepts the site", test.stderr
        ):
            return False
        self.nginx = subprocess.Popen(  # noqa: S603
            [nginx, "-c", str(here / "nginx.conf"), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=(here / "logs" / "stderr.log").open("w"),
            start_new_session=True,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and self.nginx.poll() is None:
            try:
                socket.create_connection(("127.0.0.1", self.https_port), 1).close()
                break
            except OSError:
                time.sleep(0.2)
        return self.check(self.nginx.poll() is None, "nginx listens")

    def via_nginx(
        self, path: str, *, https: bool = True, method: str = "GET", body=None
    ) -> Response:
        if https:
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE  # our own throwaway certificate
            connection = http.client.HTTPSConnection(
                "127.0.0.1", self.https_port, timeout=60, context=context
            )
        else:
            connection = http.client.HTTPConnection("127.0.0.1", self.http_port)
        try:
            connection.request(
                method,
                quote(path, safe="/?=&%:;+,"),
                body,
                {"Host": "127.0.0.1", "Accept-Encoding": "gzip"},
            )
            answer = connection.getresponse()
            return Response(answer.status, answer.headers, answer.read())
        except OSError as error:  # nginx may close early on a refused upload
            return Response(0, http.client.HTTPMessage(), str(error).encode())
        finally:
            connection.close()

    def through_nginx(self, urls: dict) -> None:
        plain = self.via_nginx("/disclosure/", https=False)
        self.check(
            plain.status == 301
            and plain.header("Location") == "https://127.0.0.1/disclosure/",
            "nginx: plain HTTP → 301 to https://",
            f"{plain.status} {plain.header('Location')}",
        )
        home = self.via_nginx("/")
        self.check(
            home.status == 200
            and len(home.headers.get_all("Strict-Transport-Security") or []) == 1,
            "nginx: GET / → 200 with one HSTS header (Django's): X-Forwarded-Proto set",
            f"{home.status} {home.headers.get_all('Strict-Transport-Security')}",
        )
        names = re.findall(r'href="/static/([^"?#]+\.css)"', home.text)
        self.check(bool(names), "nginx: the home page (gzip) links a style sheet")
        if names:
            hashed = self.via_nginx(f"/static/{names[0]}")
            self.check(
                hashed.status == 200
                and "immutable" in hashed.header("Cache-Control")
                and "max-age=31536000" in hashed.header("Cache-Control")
                and hashed.header("Content-Encoding") == "gzip"
                and hashed.header("X-Content-Type-Options") == "nosniff",
                f"nginx: /static/{names[0]} → 200, gzip, cached a year, immutable",
                f"{hashed.status} {dict(hashed.headers)}",
            )
            unhashed_name = re.sub(r"\.[0-9a-f]{12}(\.\w+)$", r"\1", names[0])
            unhashed = self.via_nginx(f"/static/{unhashed_name}")
            self.check(
                unhashed.status == 200
                and unhashed.header("Cache-Control") == "public, max-age=3600",
                f"nginx: /static/{unhashed_name} (no hash) → cached an hour only",
                f"{unhashed.status} {unhashed.header('Cache-Control')}",
            )
        gallery = self.via_nginx(urls["gallery"])
        renditions = re.findall(r'src="(/media/images/[^"]+)"', gallery.text)
        rendition = self.via_nginx(renditions[0]) if renditions else None
        self.check(
            rendition is not None
            and rendition.status == 200
            and rendition.header("Content-Type").startswith("image/"),
            "nginx: a photo's rendition in /media/images/ → 200",
            f"{len(renditions)} renditions, {rendition and rendition.status}",
        )
        for name in (urls["original_image"], urls["document_file"]):
            on_disk = (Path(self.env["DISCLOSURE_MEDIA_ROOT"]) / name).exists()
            hidden = self.via_nginx(f"/media/{name}")
            self.check(
                on_disk and hidden.status == 404,
                f"nginx: /media/{name} (on disk) → 404",
                f"on disk: {on_disk}, {hidden.status}",
            )
        document = self.via_nginx(urls["document"])
        self.check(
            document.status == 200 and document.body.startswith(b"%PDF"),
            f"nginx: {urls['document']} → 200, the PDF",
        )
        # Uploads: the largest the site takes passes nginx; a bigger one is refused.
        fits = self.via_nginx("/search/", method="POST", body=b"x" * (21 * 2**20))
        self.check(
            fits.status not in (0, 413),
            "nginx: a 21 MB request reaches the site (client_max_body_size)",
            str(fits.status),
        )
        too_big = self.via_nginx("/search/", method="POST", body=b"x" * (26 * 2**20))
        self.check(too_big.status in (0, 413), "nginx: a 26 MB request → 413")
        secret = f"secret{secrets.token_hex(4)}"
        searched = self.via_nginx(f"/search/?q={secret}")
        time.sleep(0.5)  # the access log is written after the answer
        logged = (self.workdir / "nginx" / "logs" / "disclosure.access.log").read_text()
        self.check(
            searched.status == 200
            and '"GET /search/ HTTP' in logged
            and secret not in logged
            and secret not in self.gunicorn_log.read_text(),
            "nginx and gunicorn log /search/ without its query string",
        )

    # --- the run ---------------------------------------------------------------

    def run(self) -> None:
        self.step(f"set-up in {self.workdir}")
        self.write_env_file()
        self.create_database()
        self.manage("check", "--deploy", "--fail-level", "ERROR")
        self.manage("migrate", "--no-input")
        self.manage("collectstatic", "--no-input")
        self.manage("setup_disclosure")
        # Its pages' indexing (about 600 tasks) is queued: the workers do it below.
        self.manage("load_demo_data", "--force")
        self.admin_password = secrets.token_urlsafe(16)
        self.manage(
            "createsuperuser",
            "--no-input",
            "--username",
            "smoke-admin",
            "--email",
            "smoke-admin@example.org",
            extra={"DJANGO_SUPERUSER_PASSWORD": self.admin_password},
        )
        token = secrets.token_hex(4)
        self.draft_title = f"รายการทดสอบการติดตั้ง {token}"
        prepare = f"TITLE = {self.draft_title!r}\nSLUG = 'smoke-{token}'\n" + PREPARE
        output = self.manage("shell", "-c", prepare)
        urls = json.loads(output.strip().splitlines()[-1])
        self.check(
            urls["settings"] == "disclosure_site.settings.production"
            and not urls["debug"]
            and urls["static_root"] == self.env["DISCLOSURE_STATIC_ROOT"]
            and urls["media_root"] == self.env["DISCLOSURE_MEDIA_ROOT"],
            "manage.sh ran with the production settings and the env file's folders",
            f"{urls['settings']} DEBUG={urls['debug']} {urls['static_root']}",
        )

        self.step("two servers (gunicorn with deploy/gunicorn.conf.py), two workers")
        self.start_workers()
        self.gunicorn = self.start_gunicorn(self.port, self.gunicorn_log)
        self.gunicorn2 = self.start_gunicorn(
            self.port2, self.workdir / "gunicorn-2.log"
        )
        self.wait_for_queue("the set-up's search indexing")
        self.step("public pages, as nginx forwards them")
        self.public_site(urls)
        self.step("the admin")
        self.admin()
        self.step("the second server: pages, sessions, counters, rate limit")
        self.two_servers(urls)
        self.step("an item through the approval chain on server 1, seen on server 2")
        self.approval_chain(urls)
        self.check(self.gunicorn.poll() is None, "gunicorn is still running")
        print(f"  info  gunicorn workers' memory: {worker_memory(self.gunicorn.pid)}")
        self.step("nginx with deploy/nginx/disclosure.conf, in front of gunicorn")
        if self.start_nginx():
            self.through_nginx(urls)

    def cleanup(self) -> None:
        self.step("clean-up")
        if self.nginx is not None and self.nginx.poll() is None:
            self.nginx.terminate()
            self.nginx.wait(timeout=30)
            print("  nginx stopped")
        for name, process in (
            ("gunicorn", self.gunicorn),
            ("gunicorn 2", self.gunicorn2),
            *(("a worker", worker) for worker in self.workers),
        ):
            if process is not None and process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=40)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
                print(f"  {name} stopped")
        if self.created:
            try:
                with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as db:
                    db.execute(
                        f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)'
                    )
                print(f"  database {self.database} dropped")
            except psycopg.Error as error:
                print(f"  could not drop {self.database}: {error}")
                self.failures.append("drop the database")
        try:
            redis.Redis.from_url(self.redis_url).flushdb()
            print(f"  Redis database {REDIS_DB} flushed")
        except redis.RedisError as error:
            print(f"  could not flush Redis database {REDIS_DB}: {error}")
        for log in (self.gunicorn_log, self.worker_log):
            if self.failures and log.exists():
                print(f"-- the end of {log.name}:")
                print("\n".join(log.read_text().splitlines()[-40:]))
        shutil.rmtree(self.workdir, ignore_errors=True)
        print(f"  {self.workdir} removed")


def worker_memory(master: int) -> str:
    """The resident memory of the master's children, read from /proc (Linux)."""
    sizes = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(
                line.split(":", 1) for line in status.read_text().splitlines()
            )
        except (OSError, ValueError):
            continue
        if fields.get("PPid", "").strip() == str(master) and "VmRSS" in fields:
            sizes.append(int(fields["VmRSS"].split()[0]) // 1024)
    return ", ".join(f"{size} MB" for size in sorted(sizes)) or "unknown"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def stop_on_signal(signum, frame) -> None:
    raise SystemExit(f"stopped by signal {signum}")


def main() -> int:
    signal.signal(signal.SIGTERM, stop_on_signal)
    signal.signal(signal.SIGHUP, stop_on_signal)
    smoke = Smoke()
    try:
        smoke.run()
    except SmokeFailure as error:
        smoke.failures.append(str(error))
        print(f"  FAIL  {error}")
    except (SystemExit, KeyboardInterrupt, Exception) as error:
        smoke.failures.append(repr(error))
        print(f"  FAIL  {error!r}")
    finally:
        smoke.cleanup()
    print(f"smoke: {smoke.passed} passed, {len(smoke.failures)} failed")
    for failure in smoke.failures:
        print(f"  - {failure}")
    return 1 if smoke.failures else 0


if __name__ == "__main__":
    sys.exit(main())
