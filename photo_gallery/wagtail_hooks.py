"""Admin hooks of the galleries: upload and planning views, buttons, set-up."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem

from .models import ActivityGalleryPage
from .setup import ensure_gallery_index
from .views import GalleryPhotosView, PlanningView, SafeMultipleImageAddView

app_name = "photo_gallery"
urlpatterns = [
    path("<int:page_id>/photos/", GalleryPhotosView.as_view(), name="photos"),
    path("planning/", PlanningView.as_view(), name="planning"),
]


@hooks.register("register_admin_urls")
def register_gallery_admin_urls():
    return [path("galleries/", include((urlpatterns, app_name)))]


@hooks.register("register_admin_urls", order=-1)
def register_safe_multiple_image_upload():
    """Wagtail's "add images" address, answered by a view that never keeps an
    unchecked file (registered before wagtail.images, so it is found first)."""
    return [
        path(
            "images/multiple/add/",
            SafeMultipleImageAddView.as_view(),
            name="photo_gallery_add_multiple_images",
        )
    ]


class GalleryPhotosButton(PageMenuItem):
    label = _("Photos")
    icon_name = "image"
    url_name = "photo_gallery:photos"

    def is_shown(self, user):
        return self.page.permissions_for_user(user).can_edit()


def upload_buttons(page, user, next_url=None, **kwargs):
    page_class = page.specific_class
    if page_class and issubclass(page_class, ActivityGalleryPage):
        yield GalleryPhotosButton(page=page, priority=5)


hooks.register("register_page_header_buttons", upload_buttons)
hooks.register("register_page_listing_more_buttons", upload_buttons)


@hooks.register("register_reports_menu_item")
def register_planning_menu_item():
    return MenuItem(
        _("Activity photo planning"),
        reverse("photo_gallery:planning"),
        name="gallery-planning",
        icon_name="date",
        order=700,
    )


@hooks.register("disclosure_setup")
def set_up_gallery_index(site, office, units, report, **kwargs):
    """Create the activity photo index under the site's root page once."""
    ensure_gallery_index(site, report)
