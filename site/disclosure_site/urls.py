"""URLs of the example site: Wagtail's admin, documents and the page tree."""

from django.conf import settings
from django.urls import include, path
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from disclosure_pages import urls as disclosure_urls
from disclosure_pages.views import robots_txt
from disclosure_site.views import appearance_css
from disclosure_thai.slugs import wagtail_urlpatterns

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Search, feeds and notice-board posters; sitemap and robots for crawlers.
    path("", include(disclosure_urls)),
    path("sitemap.xml", sitemap, name="disclosure_sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    # The office's colours (Settings → Site appearance), linked by every page.
    path("appearance.css", appearance_css, name="site_appearance_css"),
    path("evaluation/", include("reporting.urls")),
    # The ITA page: each fiscal year's indicators with links to their evidence.
    path("ita/", include("ita.urls")),
    # Short addresses of pages for posts on other channels (/s/<id>/).
    path("s/", include("channels.urls")),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    from photo_gallery.urls import public_media_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    # Renditions only: originals are not publicly browsable (photo_gallery.urls).
    urlpatterns += public_media_urlpatterns()

# Wagtail's page URLs, with slugs that keep Thai vowel and tone marks.
urlpatterns += wagtail_urlpatterns()
