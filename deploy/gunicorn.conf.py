"""gunicorn settings of a deployment: `gunicorn --config deploy/gunicorn.conf.py`.

Read by gunicorn (a Python file of settings), from the checkout's root or anywhere:
paths are taken from this file's place. nginx (deploy/nginx/disclosure.conf) is the
only client; the systemd unit (deploy/systemd/disclosure-web.service) gives the
environment. Three variables override the defaults here, e.g. in /etc/disclosure/env:
GUNICORN_BIND, GUNICORN_WORKERS and GUNICORN_TIMEOUT.
"""

import multiprocessing
import os
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parent.parent

# site/ is a folder, not a package: its project package is imported from there.
chdir = str(CHECKOUT / "site")
# Its wsgi.py picks the production settings unless DJANGO_SETTINGS_MODULE says else.
wsgi_app = "disclosure_site.wsgi:application"

# Loopback only: Django believes X-Forwarded-Proto, so nothing but nginx on this
# machine may reach it. A socket works too: GUNICORN_BIND=unix:/run/disclosure/web.sock
bind = [os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")]


def default_workers() -> int:
    """Two sync workers a core plus one, as gunicorn advises, at most 9: each holds
    Wagtail and the Thai word lists (130 MB at start, nearly 300 MB once search and
    the admin have run; make smoke prints it), and an office server is small."""
    return min(2 * multiprocessing.cpu_count() + 1, 9)


workers = int(os.environ.get("GUNICORN_WORKERS", "0")) or default_workers()
worker_class = "sync"
# The longest requests: the memo printed to PDF by Chromium (up to 60 s,
# moderation/pdf.py) and a photo re-encoded without metadata (up to 10 s a file).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
keepalive = 5
# A worker is replaced after about a thousand requests, so a slow leak (image
# decoding, a third-party cache) never grows into the whole machine's memory.
max_requests = 1000
max_requests_jitter = 100
# The heartbeat file on memory rather than disk (gunicorn's advice under systemd).
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
proc_name = "disclosure-web"
# No control socket (gunicorn 25.1+ opens one in $HOME/.gunicorn/ for gunicornc):
# systemctl reload/restart manage the server, and two instances (the site and the
# CI's smoke test) would fight over the same path.
control_socket_disable = True

# Logs go to stdout/stderr, i.e. the journal (journalctl -u disclosure-web).
# The access log names the path without its query string and without the Referer:
# search words (?q=), filters and tokens in links can name a person, and nginx's own
# log already holds the visitor's address.
accesslog = "-"
errorlog = "-"
loglevel = "info"
access_log_format = '%(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
