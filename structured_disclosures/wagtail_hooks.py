"""The admin: the import of a สขร.๑ workbook, the list of procurement methods, and
what each role may do with them."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from moderation.models import Role

from . import admin_views
from .demo import ensure_procurement_plan
from .importing import importable_units
from .models import ProcurementMethod


@hooks.register("register_admin_urls")
def register_import_urls():
    return [
        path(
            "procurement-summary/import/",
            admin_views.import_view,
            name="structured_disclosures_import",
        ),
        path(
            "procurement-summary/import/<str:token>/",
            admin_views.preview_view,
            name="structured_disclosures_import_preview",
        ),
    ]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return importable_units(request.user).exists()


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(
        _("Import procurement summary"),
        reverse("structured_disclosures_import"),
        name="procurement-import",
        icon_name="table",
        order=350,
    )


class ProcurementMethodViewSet(SnippetViewSet):
    model = ProcurementMethod
    icon = "list-ul"
    menu_label = _("Procurement methods")
    add_to_settings_menu = True
    list_display = ["name", "sort_order"]


register_snippet(ProcurementMethodViewSet)


@hooks.register("disclosure_role_permissions")
def procurement_role_permissions():
    """The list of procurement methods is the office's: ICT publishers and
    administrators keep it."""
    methods = [
        "structured_disclosures.add_procurementmethod",
        "structured_disclosures.change_procurementmethod",
        "structured_disclosures.delete_procurementmethod",
        "structured_disclosures.view_procurementmethod",
    ]
    return {Role.ICT_PUBLISHER: methods, Role.ADMINISTRATOR: methods}


@hooks.register("disclosure_demo_data")
def add_procurement_plan_demo(demo):
    """The finance unit's procurement plan with its announcements."""
    ensure_procurement_plan(demo)
