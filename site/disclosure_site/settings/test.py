"""Test settings: fast hashing, in-memory email, files in a throwaway folder."""

import tempfile

from .base import *

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# pytest points MEDIA_ROOT at a per-run folder (tests/conftest.py); this is the
# fallback for code that imports the settings outside pytest.
MEDIA_ROOT = Path(tempfile.gettempdir()) / "disclosure-test-media"
WAGTAILADMIN_BASE_URL = "http://testserver"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Never the REDIS_URL of the environment: the tests clear the default cache, and a
# shared Redis would be flushed. tests/reporting/test_shared_store.py runs Redis
# under a key prefix of its own.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
DISCLOSURE_COUNTER_CACHE = None
# The public page cache is off in the tests, which measure what a page costs to
# render; tests/cache turns it on (in this local-memory cache, which every test
# empties, on the database cache and on Redis).
DISCLOSURE_PAGE_CACHE = None
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# django-axes needs the request in authenticate(), which the test client's login()
# does not pass: off here, on in the throttling tests (tests/signin).
AXES_ENABLED = False
