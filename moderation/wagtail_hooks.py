"""Admin screens of the moderation app: units as a snippet viewset."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Unit


class UnitViewSet(SnippetViewSet):
    """Units of the office (กลุ่ม/หน่วย): names, kind and people."""

    model = Unit
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
