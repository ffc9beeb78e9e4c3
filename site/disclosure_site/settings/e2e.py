"""Settings for the browser tests (e2e/): the dev site in a throwaway folder.

The e2e server (e2e/server.py) sets DISCLOSURE_E2E_DIR; the database, uploaded files
and sent emails all live in it, so a run never touches the developer's own site.
"""

import os

from .dev import *

E2E_DIR = Path(
    os.environ.get("DISCLOSURE_E2E_DIR", REPO_DIR / "artifacts" / "e2e-site")
)
MEDIA_ROOT = E2E_DIR / "media"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = E2E_DIR / "mail"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WHITENOISE_AUTOREFRESH = False

# DISCLOSURE_ADMIN_TH=0: the admin as Wagtail's own Thai leaves it, without our
# catalogue of Wagtail's strings (the "before" figure of e2e/visible_english.py).
if os.environ.get("DISCLOSURE_ADMIN_TH", "1") == "0":
    INSTALLED_APPS = [
        app for app in INSTALLED_APPS if app != "disclosure_thai.admin_th"
    ]
    LOCALE_PATHS = [path for path in LOCALE_PATHS if Path(path) != JS_LOCALE_DIR]
