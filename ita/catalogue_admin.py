"""The catalogue in the admin: years and indicators (with their evidence links and
rules), a workbook import into a year and the copy of a year to the next.

ICT publishers and administrators keep it (the model permissions the
``disclosure_role_permissions`` hook grants); others see no menu.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button

from .catalogue import copy_year
from .models import ItaIndicator, ItaYear
from .xlsx_import import ImportFailed, import_indicators

XLSX_TYPES = ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Workbook (.xlsx)"),
        help_text=gettext_lazy(
            "The first sheet: a header row with the code, title, requirement and "
            "owning unit columns (Thai headers), then one indicator a row."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": XLSX_TYPES}),
    )


class CopyForm(forms.Form):
    CLEAR, CARRY = "clear", "carry"
    fiscal_year = forms.IntegerField(
        label=gettext_lazy("New fiscal year (B.E.)"), min_value=2400, max_value=2700
    )
    evidence = forms.ChoiceField(
        label=gettext_lazy("Evidence links"),
        choices=[
            (CLEAR, gettext_lazy("Start with no links (clear them)")),
            (CARRY, gettext_lazy("Carry the links over")),
        ],
        initial=CLEAR,
        widget=forms.RadioSelect,
    )

    def clean_fiscal_year(self):
        value = self.cleaned_data["fiscal_year"]
        if ItaYear.objects.filter(fiscal_year=value).exists():
            raise forms.ValidationError(
                _("ITA year %(year)s already exists.") % {"year": value}
            )
        return value


def _year_for(request, pk: int, permission: str) -> ItaYear:
    if not request.user.has_perm(f"ita.{permission}"):
        raise PermissionDenied
    return get_object_or_404(ItaYear, pk=pk)


def import_view(request, pk: int):
    """Import a workbook's indicators into the year: every row or none."""
    year = _year_for(request, pk, "add_itaindicator")
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            result = import_indicators(year, form.cleaned_data["file"])
        except ImportFailed as exc:
            errors = exc.errors
        else:
            messages.success(
                request,
                _(
                    "Imported into %(year)s: %(created)s indicators added, "
                    "%(updated)s updated."
                )
                % {
                    "year": year,
                    "created": len(result.created),
                    "updated": len(result.updated),
                },
            )
            return redirect(reverse("ita_indicators:index") + f"?year={year.pk}")
    return TemplateResponse(
        request,
        "ita/admin/import.html",
        {
            "page_title": _("Import indicators into %(year)s") % {"year": year},
            "header_icon": "upload",
            "year": year,
            "form": form,
            "errors": errors,
        },
    )


def copy_view(request, pk: int):
    """Copy the year's indicators to a new year, with or without their links."""
    year = _year_for(request, pk, "add_itayear")
    form = CopyForm(request.POST or None, initial={"fiscal_year": year.fiscal_year + 1})
    if request.method == "POST" and form.is_valid():
        target = form.cleaned_data["fiscal_year"]
        try:
            new_year = copy_year(
                year,
                target,
                carry_evidence=form.cleaned_data["evidence"] == CopyForm.CARRY,
            )
        except (ValueError, IntegrityError):
            # The same click sent twice: the other request made the year between
            # this form's check and the copy.
            form.add_error(
                "fiscal_year", _("ITA year %(year)s already exists.") % {"year": target}
            )
        else:
            messages.success(
                request,
                _("%(new)s was made from %(old)s as a draft.")
                % {"new": new_year, "old": year},
            )
            return redirect("ita_years:edit", new_year.pk)
    return TemplateResponse(
        request,
        "ita/admin/copy.html",
        {
            "page_title": _("Copy %(year)s to another year") % {"year": year},
            "header_icon": "copy",
            "year": year,
            "form": form,
        },
    )


class YearIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = list(super().get_list_more_buttons(instance))
        user = self.request.user
        if user.has_perm("ita.add_itaindicator"):
            buttons.append(
                Button(
                    _("Import indicators (XLSX)"),
                    url=reverse("ita_years:import", args=[instance.pk]),
                    icon_name="upload",
                    priority=40,
                )
            )
        if user.has_perm("ita.add_itayear"):
            buttons.append(
                Button(
                    _("Copy to another year"),
                    url=reverse("ita_years:copy", args=[instance.pk]),
                    icon_name="copy",
                    priority=50,
                )
            )
        if instance.is_public:
            buttons.append(
                Button(
                    _("View the public page"),
                    url=reverse("ita_year", args=[instance.fiscal_year]),
                    icon_name="link-external",
                    priority=60,
                )
            )
        return buttons


class ItaYearViewSet(ModelViewSet):
    model = ItaYear
    icon = "date"
    menu_label = gettext_lazy("Fiscal years")
    add_to_admin_menu = False
    index_view_class = YearIndexView
    list_display = [
        "fiscal_year",
        Column("display_title", label=gettext_lazy("title")),
        "status",
        "deadline",
    ]
    list_filter = ["status"]
    ordering = ["-fiscal_year"]
    url_prefix = "ita/years"
    name = "ita_years"

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/import/", import_view, name="import"),
            path("<int:pk>/copy/", copy_view, name="copy"),
        ]


class ItaIndicatorViewSet(ModelViewSet):
    model = ItaIndicator
    icon = "list-ol"
    menu_label = gettext_lazy("Indicators")
    add_to_admin_menu = False
    list_display = ["code", "title", "year", "rule_kind"]
    list_filter = ["year", "rule_kind", "freshness", "units"]
    search_fields = ["code", "title", "requirement"]
    search_backend_name = None
    ordering = ["-year__fiscal_year", "sort_order", "pk"]
    url_prefix = "ita/indicators"
    name = "ita_indicators"


class ItaCatalogueGroup(ViewSetGroup):
    menu_label = gettext_lazy("ITA")
    menu_icon = "clipboard-list"
    menu_order = 260
    items = (ItaYearViewSet, ItaIndicatorViewSet)
