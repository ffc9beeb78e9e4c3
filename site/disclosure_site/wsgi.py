"""WSGI entry point of the example site."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "disclosure_site.settings.production")

application = get_wsgi_application()
