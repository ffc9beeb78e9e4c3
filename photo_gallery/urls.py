"""Media URLs for a development server: renditions only.

The public only ever needs renditions (images/). Everything else under MEDIA_ROOT
stays private: the original of an uploaded photo (stripped of metadata, but still
the full-size file an editor uploaded), Wagtail's holding area for unfinished
uploads, and documents, which go through Wagtail's /documents/ view so that a
private collection is refused and every download is counted. Folders are allowed
by name, so one added later is private until someone decides otherwise. In
production the web server serves /media/ and must allow the same folders only
(see README.md).
"""

import posixpath

from django.conf import settings
from django.http import Http404
from django.urls import re_path
from django.views.static import serve

# Renditions, and the admin's profile pictures (Wagtail's avatar_images).
PUBLIC_MEDIA_FOLDERS = ("images", "avatar_images")


def serve_public_media(request, path):
    """Serve a media file only from a public folder (after resolving "..", which
    django.views.static.serve would otherwise follow)."""
    clean = posixpath.normpath(path).lstrip("/")
    folder, _, rest = clean.partition("/")
    if folder not in PUBLIC_MEDIA_FOLDERS or not rest:
        raise Http404
    return serve(request, clean, document_root=settings.MEDIA_ROOT)


def public_media_urlpatterns() -> list:
    prefix = settings.MEDIA_URL.lstrip("/")
    return [re_path(rf"^{prefix}(?P<path>.*)$", serve_public_media)]
