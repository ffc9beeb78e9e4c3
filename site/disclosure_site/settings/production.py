"""Production settings: secrets and hosts come from the environment, or we refuse to start."""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from .base import *


def required_env(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(
            f"The environment variable {name} must be set in production."
        )
    return value


def strong_secret_key(value: str) -> str:
    """The key if it is as strong as `check --deploy` asks (50+ characters, 5+
    distinct), else refuse to start: a weak key lets anyone forge the feedback
    tokens, password-reset links and sessions it signs."""
    if len(value) < 50 or len(set(value)) < 5 or value.startswith("django-insecure"):
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is too weak: use 50 or more random characters, e.g. "
            'python -c "import secrets; print(secrets.token_urlsafe(50))"'
        )
    return value


DEBUG = False
SECRET_KEY = strong_secret_key(required_env("DJANGO_SECRET_KEY"))
ALLOWED_HOSTS = [
    h.strip() for h in required_env("DJANGO_ALLOWED_HOSTS").split(",") if h.strip()
]
# Links in notification emails point here, e.g. https://www.example.go.th
WAGTAILADMIN_BASE_URL = required_env("WAGTAILADMIN_BASE_URL")
CSRF_TRUSTED_ORIGINS = [
    o.strip()
    for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",")
    if o.strip()
]
# Uploaded files and collectstatic's output: in the checkout (site/media,
# site/static_collected) unless the deployment keeps them elsewhere, e.g. on a data
# disk. The web server serves both folders (deploy/nginx/disclosure.conf).
MEDIA_ROOT = Path(os.environ.get("DISCLOSURE_MEDIA_ROOT", "").strip() or MEDIA_ROOT)
STATIC_ROOT = Path(os.environ.get("DISCLOSURE_STATIC_ROOT", "").strip() or STATIC_ROOT)
STORAGES["staticfiles"] = {
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
}
# Background work in the database queue, run by the worker unit (db_worker).
TASKS = tasks_from_env("database")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
# HTTPS ends at the reverse proxy (nginx), which must set X-Forwarded-Proto to the
# scheme the visitor used and overwrite any value the visitor sent
# (proxy_set_header X-Forwarded-Proto $scheme;): Django trusts this header alone to
# tell HTTPS from HTTP, and redirects every plain-HTTP request to HTTPS.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
# HSTS: browsers that saw the site once refuse plain HTTP to it and its subdomains for
# a year. A first deployment may start lower (DJANGO_SECURE_HSTS_SECONDS=3600) and
# raise it once HTTPS is known to work on every subdomain. "preload" only allows the
# domain to be submitted to the browsers' preload list; nothing is submitted for it.
_hsts = os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "").strip() or str(365 * 24 * 3600)
if not _hsts.isdigit():
    raise ImproperlyConfigured(
        "DJANGO_SECURE_HSTS_SECONDS must be a whole number of seconds, e.g. 3600."
    )
SECURE_HSTS_SECONDS = int(_hsts)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "webmaster@localhost")
