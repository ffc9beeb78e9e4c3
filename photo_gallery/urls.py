"""Media URLs for a development server: everything but the originals.

The original of an uploaded photo is stripped of metadata, but it is still the
full-size file an editor uploaded; the public only ever needs renditions. In
production the web server serves /media/ and must refuse these folders too (see
README.md).
"""

import posixpath

from django.conf import settings
from django.http import Http404
from django.urls import re_path
from django.views.static import serve

# Originals, and Wagtail's holding area for uploads whose form is not finished.
PRIVATE_MEDIA_FOLDERS = ("original_images", "uploaded_files")


def serve_public_media(request, path):
    """Serve a media file unless it lies in a private folder (after resolving
    "..", which django.views.static.serve would otherwise follow)."""
    clean = posixpath.normpath(path).lstrip("/")
    if clean.split("/", 1)[0] in PRIVATE_MEDIA_FOLDERS or clean.startswith(".."):
        raise Http404
    return serve(request, clean, document_root=settings.MEDIA_ROOT)


def public_media_urlpatterns() -> list:
    prefix = settings.MEDIA_URL.lstrip("/")
    return [re_path(rf"^{prefix}(?P<path>.*)$", serve_public_media)]
