"""Settings shared by every environment of the example site."""

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from disclosure_thai.admin_th import JS_LOCALE_DIR

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent  # the site/ folder
REPO_DIR = BASE_DIR.parent

INSTALLED_APPS = [
    "disclosure_site",
    # ITA evidence (above the page apps: it links to what they publish).
    "ita",
    # Categories published as data: the monthly procurement summary (แบบ สขร.๑).
    "structured_disclosures",
    # The annual action plan (1.6) and its progress reports.
    "action_plans",
    # The other channels: public relations' queue, the channel log, the journal.
    "channels",
    # The executives (1.5) and the organisation chart drawn from the units (1.4).
    "organisation",
    "disclosure_pages",
    "photo_gallery",
    "reporting",
    "moderation",
    # The Thai layer under every app: dates, fiscal periods, digits, page addresses.
    "disclosure_thai",
    # Thai for Wagtail's own admin strings: before the wagtail apps, whose Thai it
    # completes and corrects.
    "disclosure_thai.admin_th",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "django.contrib.sitemaps",
    "wagtail.contrib.table_block",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    # The queue of background work in the database (TASKS below; `db_worker`).
    "django_tasks_db",
    # Sign-in security: throttled logins (axes) and two-step sign-in (django-otp).
    "disclosure_signin",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy and Permissions-Policy (security_headers.py).
    "disclosure_site.security_headers.ContentSecurityPolicyMiddleware",
    "disclosure_site.security_headers.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous public pages from the page cache (moderation.public_cache): before
    # the sessions, so a hit runs nothing below it.
    "moderation.public_cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Whether this session has given the code too, then the second step enforced.
    "django_otp.middleware.OTPMiddleware",
    "disclosure_signin.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # A withdrawn page's address shows its notice (moderation.withdrawal_notice).
    "moderation.withdrawal_notice.WithdrawalNoticeMiddleware",
    # Forged admin requests Wagtail answers with a 500 get a 400 (bad_input.py).
    "disclosure_site.bad_input.AdminBadInputMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into its Thai answer.
    "axes.middleware.AxesMiddleware",
]

# django-axes refuses sign-ins of a locked-out account or address before any
# password is checked; Django's own backend then checks the password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "disclosure_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [REPO_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "disclosure_site.wsgi.application"


def database_from_env(default_sqlite: Path) -> dict:
    """DATABASE_URL if set (sqlite:/// or postgres://), else the embedded SQLite file.

    SQLite runs in WAL mode with a busy timeout and IMMEDIATE transactions, so two
    editors saving at once wait for each other instead of failing with "database is
    locked".
    """
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{default_sqlite}"
    config = dj_database_url.parse(url, conn_max_age=0)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config.setdefault("OPTIONS", {}).update(
            {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,  # seconds a writer waits for another (busy timeout)
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA foreign_keys=ON;"
                ),
            }
        )
    return config


DATABASES = {"default": database_from_env(BASE_DIR / "db.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The public site is always Thai (no LocaleMiddleware); Wagtail's admin switches to
# each user's own language preference by itself.
LANGUAGE_CODE = "th"
LANGUAGES = [("th", _("Thai")), ("en", _("English"))]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [REPO_DIR / "locale", JS_LOCALE_DIR]

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATIC_ROOT = BASE_DIR / "static_collected"
STATIC_URL = "/static/"
MEDIA_ROOT = BASE_DIR / "media"
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}


def media_s3_from_env() -> dict | None:
    """Uploaded files on S3-compatible storage (django-storages) instead of
    MEDIA_ROOT, when DISCLOSURE_MEDIA_S3_BUCKET is set: every server then shares
    them without a shared disk. Objects stay private (no ACL is written); the bucket's
    policy makes only renditions (images/) and profile pictures (avatar_images/)
    publicly readable, as nginx does on a disk (README, "S3-compatible media").
    Documents are still streamed by Wagtail's /documents/ view (serve_view), which
    checks private collections: their bucket address is never given out.
    Keys: DISCLOSURE_MEDIA_S3_ACCESS_KEY_ID/_SECRET_ACCESS_KEY, else boto3's own
    (AWS_ACCESS_KEY_ID, ~/.aws, an instance role)."""
    bucket = os.environ.get("DISCLOSURE_MEDIA_S3_BUCKET", "").strip()
    if not bucket:
        return None
    endpoint = os.environ.get("DISCLOSURE_MEDIA_S3_ENDPOINT_URL", "").strip()
    options = {
        "bucket_name": bucket,
        "endpoint_url": endpoint or None,
        "region_name": os.environ.get("DISCLOSURE_MEDIA_S3_REGION", "").strip() or None,
        "access_key": os.environ.get("DISCLOSURE_MEDIA_S3_ACCESS_KEY_ID", "").strip()
        or None,
        "secret_key": os.environ.get(
            "DISCLOSURE_MEDIA_S3_SECRET_ACCESS_KEY", ""
        ).strip()
        or None,
        # The public address of the bucket for renditions (a CDN or the bucket's own
        # host name, without https://), else the endpoint's address.
        "custom_domain": os.environ.get("DISCLOSURE_MEDIA_S3_PUBLIC_DOMAIN", "").strip()
        or None,
        "default_acl": None,
        "querystring_auth": False,  # plain addresses: pages may be cached
        "file_overwrite": False,
    }
    if endpoint:  # MinIO, Ceph, Garage and most others want path-style addresses
        options["addressing_style"] = "path"
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


if _media_s3 := media_s3_from_env():
    STORAGES["default"] = _media_s3

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "ข้อมูลเผยแพร่ต่อสาธารณะ"
# Approval emails go to the people of each step (moderation.notifications), not to
# every superuser on every submission.
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False
# The chain's last approval publishes a unit's page; nobody holds a Publish button
# on one (README, "Roles and the approval chain"). Wagtail reads this at import.
WAGTAIL_FINISH_WORKFLOW_ACTION = "moderation.workflow_finish.publish_approved"
WAGTAIL_I18N_ENABLED = False
# Wagtail's database search backend with Thai word segmentation (pages found by
# Thai words inside compounds, on SQLite and PostgreSQL alike).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "disclosure_thai.search"}}
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILIMAGES_IMAGE_MODEL = "disclosure_photo_gallery.SafeImage"
# Every upload is fully decoded and re-encoded without EXIF/XMP/IPTC (GPS, camera
# serial, owner): see photo_gallery/image_files.py. SVG (scripts) and HEIC are refused.
WAGTAILIMAGES_IMAGE_FORM_BASE = "photo_gallery.image_forms.SafeImageForm"
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILDOCS_EXTENSIONS = [
    "csv", "doc", "docx", "odp", "ods", "odt", "pdf", "ppt", "pptx", "rtf",
    "txt", "xls", "xlsx", "zip",
]  # fmt: skip
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# Documents are always streamed by Wagtail's /documents/ view, which refuses a private
# collection and counts the download; never a redirect to the file's own URL (the
# default for storages without a local path). /media/documents/ is not served at
# all (photo_gallery.urls, and the web server recipe in README.md).
WAGTAILDOCS_SERVE_METHOD = "serve_view"

# Where setup_disclosure reads the office's name and contacts on a first run: data
# of the example site, not of the plugin (any office can point this elsewhere).
DISCLOSURE_OFFICE_SEED = BASE_DIR / "seed" / "office.json"

LOGIN_URL = "wagtailadmin_login"

# Public feedback on items and galleries (reporting): answers per address per window
# of seconds. The limit and the one-view-a-day dedupe live in a store every process
# shares: the database, or Redis when REDIS_URL is set (redis://host:6379/0), which
# is then the default cache too. Without Redis the default cache is per process
# (manage.py check --deploy warns: disclosure_reporting.W001).
DISCLOSURE_FEEDBACK_RATE_LIMIT = (5, 60)
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if REDIS_URL:
    _redis = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
    }
    CACHES = {
        "default": {**_redis, "KEY_PREFIX": "disclosure"},
        # Its own alias, so the page cache's settings never change the counters'.
        "counters": {**_redis, "KEY_PREFIX": "disclosure-counters"},
    }
DISCLOSURE_COUNTER_CACHE = "counters" if REDIS_URL else None  # None: the database
# The public page cache (moderation.public_cache): anonymous pages, purged whenever
# what they show changes. Every process must share it, or a purge in one would
# leave the others' copies stale: Redis with REDIS_URL, else a table in the
# database (made by migrate). Its own alias and key prefix, so purging pages never
# touches counters or sessions.
if REDIS_URL:
    CACHES["pages"] = {**_redis, "KEY_PREFIX": "disclosure-pages"}
else:
    CACHES["pages"] = {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "disclosure_page_cache",
        "OPTIONS": {"MAX_ENTRIES": 20_000, "CULL_FREQUENCY": 4},
    }
DISCLOSURE_PAGE_CACHE = "pages"

# Sessions: in the database, and with REDIS_URL read through Redis too (cached_db):
# every server sees a sign-in at once, and a Redis restart signs nobody out. Their
# own cache alias, so clearing or purging the page cache never ends a session.
if REDIS_URL:
    CACHES["sessions"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "disclosure-sessions",
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    SESSION_CACHE_ALIAS = "sessions"


def tasks_from_env(default: str) -> dict:
    """Where background work runs (django-tasks): Wagtail's search indexing (and with
    it the text of attached PDFs), its reference index, the approval chain's emails.

    DISCLOSURE_TASKS=database: queued in the database and run by
    `manage.py db_worker` (deploy/systemd/disclosure-worker.service), so a request
    never waits for them. immediate: run at once inside the request (one process,
    development, tests).
    """
    choice = os.environ.get("DISCLOSURE_TASKS", "").strip() or default
    backends = {
        "immediate": "django_tasks.backends.immediate.ImmediateBackend",
        "database": "django_tasks_db.DatabaseBackend",
    }
    if choice not in backends:
        raise ImproperlyConfigured(
            f"DISCLOSURE_TASKS must be 'database' or 'immediate', not {choice!r}."
        )
    return {"default": {"BACKEND": backends[choice]}}


TASKS = tasks_from_env("immediate")

# Security headers on every response (disclosure_site/security_headers.py), in every
# environment, so the browser tests run under the policy production serves.
# The public site: our own files only; no inline script or style (a template that
# needs one gives it nonce="{{ request.csp_nonce }}"), no plug-ins, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Wagtail's admin writes inline scripts (date pickers, inline panels) and style
# attributes without a nonce: it keeps 'unsafe-inline', but still loads, sends and
# frames nothing from another site (previews are framed by the admin itself).
DISCLOSURE_ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    }
}
# Nothing on the site uses these browser features: deny them to every page and frame.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer", "camera", "display-capture", "geolocation", "gyroscope",
        "magnetometer", "microphone", "midi", "payment", "serial", "usb",
    )
}  # fmt: skip
# No Referer to other sites: which page a visitor read stays between them and us.
SECURE_REFERRER_POLICY = "same-origin"
# The admin calls no other server: no update check from the dashboard, no Gravatar
# (it would send a hash of each user's email address to a third party).
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Sign-in security (disclosure_signin; README "Sign-in security"). An account is
# locked after 5 wrong passwords, an address after 20 over all accounts (a whole
# office often shares one address), for 15 minutes after the last one; waiting does
# not restart the clock. Administrators unlock in Settings → Sign-in security.
AXES_FAILURE_LIMIT = int(os.environ.get("DISCLOSURE_LOGIN_FAILURE_LIMIT", "5"))
DISCLOSURE_LOGIN_ADDRESS_FAILURE_LIMIT = int(
    os.environ.get("DISCLOSURE_LOGIN_ADDRESS_FAILURE_LIMIT", "20")
)
AXES_COOLOFF_TIME = dt.timedelta(
    minutes=int(os.environ.get("DISCLOSURE_LOGIN_COOLOFF_MINUTES", "15"))
)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_HANDLER = "disclosure_signin.throttle.OfficeLockoutHandler"
AXES_LOCKOUT_CALLABLE = "disclosure_signin.throttle.lockout_response"
# The client's address: REMOTE_ADDR by default; behind nginx (or N proxies that each
# append to X-Forwarded-For) set DISCLOSURE_TRUSTED_PROXY_COUNT=1 (or N).
AXES_CLIENT_IP_CALLABLE = "moderation.client_address.client_address"
DISCLOSURE_TRUSTED_PROXY_COUNT = int(
    os.environ.get("DISCLOSURE_TRUSTED_PROXY_COUNT", "0")
)
WAGTAILADMIN_USER_LOGIN_FORM = "disclosure_signin.forms.LoginForm"
# Two-step sign-in: offered to ICT publishers and administrators; with
# DISCLOSURE_TWO_FACTOR_REQUIRED=1 they must turn it on before anything else.
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME
DISCLOSURE_TWO_FACTOR_REQUIRED = (
    os.environ.get("DISCLOSURE_TWO_FACTOR_REQUIRED", "0") == "1"
)
