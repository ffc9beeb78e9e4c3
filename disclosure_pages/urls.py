"""Public addresses of the disclosure plugin that are not pages: search, feeds,
posters. Include them before Wagtail's page URLs."""

from django.urls import path

from . import feeds, views

urlpatterns = [
    path("search/", views.search, name="disclosure_search"),
    path("poster/<int:page_id>/", views.poster, name="disclosure_poster"),
    path(
        "feeds/disclosure/rss/",
        feeds.feed_view(feeds.DisclosureFeed),
        name="disclosure_feed_rss",
    ),
    path(
        "feeds/disclosure/atom/",
        feeds.feed_view(feeds.DisclosureFeed, atom_feed=True),
        name="disclosure_feed_atom",
    ),
    path(
        "feeds/category/<str:code>/rss/",
        feeds.feed_view(feeds.CategoryFeed),
        name="disclosure_category_feed_rss",
    ),
    path(
        "feeds/category/<str:code>/atom/",
        feeds.feed_view(feeds.CategoryFeed, atom_feed=True),
        name="disclosure_category_feed_atom",
    ),
    path(
        "feeds/unit/<slug:code>/rss/",
        feeds.feed_view(feeds.UnitFeed),
        name="disclosure_unit_feed_rss",
    ),
    path(
        "feeds/unit/<slug:code>/atom/",
        feeds.feed_view(feeds.UnitFeed, atom_feed=True),
        name="disclosure_unit_feed_atom",
    ),
    path(
        "feeds/galleries/rss/",
        feeds.feed_view(feeds.GalleryFeed),
        name="disclosure_gallery_feed_rss",
    ),
    path(
        "feeds/galleries/atom/",
        feeds.feed_view(feeds.GalleryFeed, atom_feed=True),
        name="disclosure_gallery_feed_atom",
    ),
]
