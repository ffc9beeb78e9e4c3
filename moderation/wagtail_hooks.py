"""Admin screens of the moderation app: units as a snippet viewset."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Unit


class UnitChooserViewSet(SnippetChooserViewSet):
    """Keeps the unit chooser out of admin forms: a foreign key to a unit is a plain
    select. A dozen units fit in one list, and Wagtail's chooser widget answers a
    forged non-numeric id with a server error."""

    register_widget = False


class UnitViewSet(SnippetViewSet):
    """Units of the office (กลุ่ม/หน่วย): names, kind and people."""

    model = Unit
    chooser_viewset_class = UnitChooserViewSet
    icon = "group"
    menu_label = _("Units")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name_th", "short_name", "kind", "director", "deputy"]
    list_filter = ["kind"]
    search_fields = ["name_th", "name_en", "short_name"]
    # Plain ORM lookups: the search backend does not segment Thai names.
    search_backend_name = None
    ordering = ["sort_order", "name_th"]


register_snippet(UnitViewSet)
