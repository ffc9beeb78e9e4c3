"""URL confs for the home page's ITA link: with /ita/ served by a view (not a page of
the tree), and with only the page tree."""

from django.http import HttpResponse
from django.urls import path

from disclosure_thai.slugs import wagtail_urlpatterns


class WithoutIta:
    urlpatterns = wagtail_urlpatterns()


urlpatterns = [
    path("ita/", lambda request: HttpResponse("ITA"), name="ita_test"),
    *wagtail_urlpatterns(),
]
