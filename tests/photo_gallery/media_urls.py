"""The example site's URLs as a development server (DEBUG) has them, for
test_media.py: the media URLs first, then the site's own."""

from disclosure_site.urls import urlpatterns as site_urlpatterns
from photo_gallery.urls import public_media_urlpatterns

urlpatterns = public_media_urlpatterns() + site_urlpatterns
