"""Each unit's narrative of a period: the list, the due date, and the unit's form."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from wagtail.admin import messages

from disclosure_thai.dates import FiscalPeriod
from moderation.models import Unit

from ..forms import DueDateForm, UnitNarrativeForm
from ..models import NarrativeStatus, UnitNarrative
from ..periods import period_key
from .base import (
    PeriodReportMixin,
    can_administer_narratives,
    can_view_reports,
    can_write_narrative,
    forbidden,
    period_context,
)


def _narratives_url(period: FiscalPeriod) -> str:
    return (
        reverse("disclosure_reporting_admin:narratives")
        + f"?period={period_key(period)}"
    )


class NarrativesView(PeriodReportMixin, View):
    """Each unit's narrative of a period: status, due date, and who may write it.

    Unit directors without the reports permission see their own units' rows, so
    the period is read first and access decided on the rows.
    """

    def user_may_access(self, user) -> bool:
        return True

    def get(self, request, *args, **kwargs):
        period = self.period
        units = list(Unit.objects.select_related("director", "deputy"))
        found = {
            n.unit_id: n
            for n in UnitNarrative.objects.filter(
                fiscal_year=period.fiscal_year,
                period_kind=period.kind,
                period_number=period.number,
            )
        }
        rows = [
            {
                "unit": unit,
                "narrative": found.get(unit.pk),
                "status_label": (
                    found[unit.pk].get_status_display()
                    if unit.pk in found
                    else NarrativeStatus.NOT_STARTED.label
                ),
                "can_edit": can_write_narrative(request.user, unit),
            }
            for unit in units
        ]
        if not can_view_reports(request.user):
            rows = [row for row in rows if row["can_edit"]]
            if not rows:
                return forbidden(request)
        due_dates = {n.due_date for n in found.values() if n.due_date}
        return render(
            request,
            "reporting/admin/narratives.html",
            {
                "page_title": _("Unit narratives"),
                "header_title": _("Unit narratives"),
                "header_icon": "doc-full",
                **period_context(period),
                "rows": rows,
                "due_date_form": DueDateForm(
                    initial={"due_date": min(due_dates) if due_dates else None}
                )
                if can_administer_narratives(request.user)
                else None,
            },
        )


class NarrativesDueDateView(PeriodReportMixin, View):
    """Set the due date of every unit's narrative for a period (administrators)."""

    http_method_names = ["post"]

    def user_may_access(self, user) -> bool:
        return can_administer_narratives(user)

    def post(self, request, *args, **kwargs):
        found = self.period
        form = DueDateForm(request.POST)
        url = _narratives_url(found)
        if not form.is_valid():
            messages.error(request, _("Enter a valid due date."))
            return redirect(url)
        with transaction.atomic():
            for unit in Unit.objects.all():
                UnitNarrative.objects.update_or_create(
                    unit=unit,
                    fiscal_year=found.fiscal_year,
                    period_kind=found.kind,
                    period_number=found.number,
                    defaults={"due_date": form.cleaned_data["due_date"]},
                )
        messages.success(request, _("The due date was set for every unit."))
        return redirect(url)


class NarrativeEditView(PeriodReportMixin, View):
    """The unit director's (or deputy's) form for the unit's narrative of a period.

    Access depends on the unit, so it is decided after the period is read.
    """

    http_method_names = ["get", "post", "head", "options"]

    def user_may_access(self, user) -> bool:
        return True

    def _narrative(self, unit: Unit) -> UnitNarrative:
        found = self.period
        return UnitNarrative.objects.filter(
            unit=unit,
            fiscal_year=found.fiscal_year,
            period_kind=found.kind,
            period_number=found.number,
        ).first() or UnitNarrative(
            unit=unit,
            fiscal_year=found.fiscal_year,
            period_kind=found.kind,
            period_number=found.number,
        )

    def get(self, request, *args, unit_id: int, **kwargs):
        unit = get_object_or_404(Unit, pk=unit_id)
        if not can_write_narrative(request.user, unit):
            return forbidden(request)
        narrative = self._narrative(unit)
        initial = {}
        if narrative.status == NarrativeStatus.NOT_STARTED:
            initial["status"] = NarrativeStatus.DRAFT
        form = UnitNarrativeForm(instance=narrative, initial=initial)
        return self._render(request, unit, narrative, form, 200)

    def post(self, request, *args, unit_id: int, **kwargs):
        found = self.period
        unit = get_object_or_404(Unit, pk=unit_id)
        if not can_write_narrative(request.user, unit):
            return forbidden(request)
        narrative = self._narrative(unit)
        form = UnitNarrativeForm(request.POST, instance=narrative)
        if not form.is_valid():
            messages.error(request, _("The narrative could not be saved."))
            return self._render(request, unit, narrative, form, 400)
        narrative = form.save(commit=False)
        narrative.updated_by = request.user
        try:
            with transaction.atomic():
                narrative.save()
        except IntegrityError:
            # Another post (a second click, or the deputy) made the period's
            # row after this one read none: save these texts into that row.
            existing = UnitNarrative.objects.get(
                unit=unit,
                fiscal_year=found.fiscal_year,
                period_kind=found.kind,
                period_number=found.number,
            )
            for field in UnitNarrativeForm.Meta.fields:
                setattr(existing, field, getattr(narrative, field))
            existing.updated_by = request.user
            existing.save()
        messages.success(request, _("The narrative was saved."))
        return redirect(_narratives_url(found))

    def _render(self, request, unit, narrative, form, status: int):
        title = _("Narrative of %(unit)s") % {"unit": unit}
        return render(
            request,
            "reporting/admin/narrative_form.html",
            {
                "page_title": title,
                "header_title": title,
                "header_icon": "doc-full",
                "period": self.period,
                "period_key": period_key(self.period),
                "unit": unit,
                "narrative": narrative,
                "form": form,
            },
            status=status,
        )
