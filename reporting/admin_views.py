"""Admin screens: an item's evaluation, the evaluation report, unit narratives and
the committee report (screen, A4 print, XLSX, submit and reopen)."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail import log_actions
from wagtail.admin import messages
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page

from moderation.models import OfficeSettings, Unit
from moderation.spreadsheets import XlsxExportMixin
from moderation.thai_dates import FiscalPeriod, format_thai_date

from .charts import bar_chart
from .counted import is_counted
from .export import committee_workbook
from .figures import compute, evaluation_rows, feedback_summary
from .forms import DueDateForm, ReopenForm, UnitNarrativeForm
from .models import (
    CommitteeReport,
    Feedback,
    NarrativeStatus,
    ReportStatus,
    UnitNarrative,
)
from .periods import default_period, parse_period, period_choices, period_key

VIEW_PERMISSION = "disclosure_reporting.view_committeereport"
SUBMIT_PERMISSION = "disclosure_reporting.submit_committeereport"
REOPEN_PERMISSION = "disclosure_reporting.reopen_committeereport"
NARRATIVE_ADMIN_PERMISSION = "disclosure_reporting.change_unitnarrative"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def can_view_reports(user) -> bool:
    return user.has_perm(VIEW_PERMISSION)


def can_reopen(user) -> bool:
    return user.is_superuser or user.has_perm(REOPEN_PERMISSION)


def can_write_narrative(user, unit: Unit) -> bool:
    """The unit's director or deputy, or an administrator."""
    return (
        user.is_superuser
        or user.has_perm(NARRATIVE_ADMIN_PERMISSION)
        or user.pk in (unit.director_id, unit.deputy_id)
    )


def _period_from(request, value: str | None = None) -> FiscalPeriod:
    """The period named in the URL or query, the last quarter if none; a malformed
    one is a 400 with a clear message."""
    text = value if value is not None else request.GET.get("period")
    if not text:
        return default_period()
    period = parse_period(text)
    if period is None:
        raise BadPeriod
    return period


def _forbidden(request):
    """A plain 403: Wagtail's own handling would redirect to the dashboard instead."""
    return render(
        request,
        "reporting/admin/forbidden.html",
        {
            "page_title": _("Permission denied"),
            "header_title": _("Permission denied"),
            "header_icon": "warning",
        },
        status=403,
    )


class BadPeriod(Exception):
    pass


def _bad_period():
    return HttpResponseBadRequest(
        _("The period is not valid. Choose one from the list.").encode()
    )


def report_data(period: FiscalPeriod) -> tuple[CommitteeReport | None, dict]:
    """The report of a period: the frozen snapshot once submitted, else live figures."""
    report = CommitteeReport.objects.filter(
        fiscal_year=period.fiscal_year,
        period_kind=period.kind,
        period_number=period.number,
    ).first()
    if report is not None and report.is_frozen:
        return report, report.snapshot
    return report, compute(period)


def _labelled(data: dict) -> dict:
    """Display helpers added to report data (never stored in a snapshot)."""
    statuses = dict(NarrativeStatus.choices)
    units = {u["id"]: u["name"] for u in data["units"]}
    categories = {c["id"]: c for c in data["categories"]}
    quarter_label = _("Quarter %(number)s")
    return {
        **data,
        "narratives": [
            {
                **n,
                "status_label": str(statuses.get(n["status"], n["status"])),
                # Stored as ISO text; a date for the thai_date filter.
                "due": dt.date.fromisoformat(n["due_date"]) if n["due_date"] else None,
            }
            for n in data["narratives"]
        ],
        "cells": [
            {
                "unit": units.get(cell["unit_id"], ""),
                "category": categories.get(cell["category_id"], {}),
                "count": cell["count"],
            }
            for cell in sorted(
                data["matrix"],
                key=lambda c: (
                    list(units).index(c["unit_id"]) if c["unit_id"] in units else 0,
                    categories.get(c["category_id"], {}).get("path", ""),
                ),
            )
        ],
        "item_rows": [
            {
                **item,
                "unit": units.get(item["unit_id"], ""),
                "category": categories.get(item["category_id"], {}),
                "first_published": format_thai_date(
                    dt.datetime.fromisoformat(item["first_published_at"]), "short"
                ),
            }
            for item in data["items"]
        ],
        "charts": [
            bar_chart(
                "chart-units",
                _("Items published per unit"),
                [(u["name"], u["published"]) for u in data["units"]],
            ),
            bar_chart(
                "chart-categories",
                _("Items published per category"),
                [
                    (f"{c['code']} {c['title']}".strip(), c["published"])
                    for c in data["categories"]
                ],
            ),
            bar_chart(
                "chart-quarters",
                _("Items published per quarter of fiscal year B.E. %(year)s")
                % {"year": data["period"]["fiscal_year"]},
                [
                    (quarter_label % {"number": q["quarter"]}, q["published"])
                    for q in data["by_quarter"]
                ],
            ),
        ],
    }


def _report_context(request, period: FiscalPeriod) -> dict:
    report, data = report_data(period)
    office = OfficeSettings.for_request(request)
    return {
        "period": period,
        "period_key": period_key(period),
        "period_choices": period_choices(),
        "report": report,
        "frozen": bool(report and report.is_frozen),
        "data": _labelled(data),
        "office": office,
        "printed_on": format_thai_date(timezone.localdate(), "long"),
    }


def committee_report(request):
    """The compiled report of a period, with its narratives, print and XLSX links."""
    if not can_view_reports(request.user):
        return _forbidden(request)
    try:
        period = _period_from(request)
    except BadPeriod:
        return _bad_period()
    context = _report_context(request, period)
    context.update(
        {
            "page_title": _("Committee report"),
            "header_title": _("Committee report"),
            "header_icon": "table",
            "can_submit": request.user.has_perm(SUBMIT_PERMISSION),
            "can_reopen": can_reopen(request.user),
            "reopen_form": ReopenForm(),
        }
    )
    return render(request, "reporting/admin/committee_report.html", context)


def committee_report_print(request, period: str):
    """The A4 document in Thai: cover, summary, charts, a section per unit, signatures."""
    if not can_view_reports(request.user):
        return _forbidden(request)
    try:
        found = _period_from(request, period)
    except BadPeriod:
        return _bad_period()
    # The document for the committee is Thai whatever the reader's admin language.
    with translation.override("th"):
        response = render(
            request, "reporting/committee_print.html", _report_context(request, found)
        )
    return response


def committee_report_xlsx(request, period: str):
    if not can_view_reports(request.user):
        return _forbidden(request)
    try:
        found = _period_from(request, period)
    except BadPeriod:
        return _bad_period()
    _report, data = report_data(found)
    with translation.override("th"):
        workbook = committee_workbook(_labelled(data))
    response = HttpResponse(workbook, content_type=XLSX_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="committee-report-{period_key(found)}.xlsx"'
    )
    return response


@require_POST
def committee_report_submit(request, period: str):
    """Freeze the report: its figures and texts are stored as they are now."""
    if not request.user.has_perm(SUBMIT_PERMISSION):
        return _forbidden(request)
    try:
        found = _period_from(request, period)
    except BadPeriod:
        return _bad_period()
    url = (
        reverse("disclosure_reporting_admin:committee") + f"?period={period_key(found)}"
    )
    with transaction.atomic():
        report, _created = CommitteeReport.objects.select_for_update().get_or_create(
            fiscal_year=found.fiscal_year,
            period_kind=found.kind,
            period_number=found.number,
        )
        if report.is_frozen:
            messages.warning(request, _("This report was already submitted."))
            return redirect(url)
        report.snapshot = compute(found)
        report.status = ReportStatus.SUBMITTED
        report.submitted_at = timezone.now()
        report.submitted_by = request.user
        report.save()
        log_actions.log(
            instance=report,
            action="disclosure_reporting.submit",
            user=request.user,
            data={"period": period_key(found)},
        )
    messages.success(
        request, _("The report was submitted to the committee and is now frozen.")
    )
    return redirect(url)


@require_POST
def committee_report_reopen(request, period: str):
    """Open a submitted report again (administrators only), logging the reason."""
    if not can_reopen(request.user):
        return _forbidden(request)
    try:
        found = _period_from(request, period)
    except BadPeriod:
        return _bad_period()
    report = get_object_or_404(
        CommitteeReport,
        fiscal_year=found.fiscal_year,
        period_kind=found.kind,
        period_number=found.number,
    )
    url = (
        reverse("disclosure_reporting_admin:committee") + f"?period={period_key(found)}"
    )
    form = ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for reopening the report."))
        return redirect(url)
    if not report.is_frozen:
        messages.warning(request, _("This report is not submitted."))
        return redirect(url)
    with transaction.atomic():
        log_actions.log(
            instance=report,
            action="disclosure_reporting.reopen",
            user=request.user,
            data={
                "period": period_key(found),
                "reason": form.cleaned_data["reason"],
                "submitted_at": report.submitted_at.isoformat()
                if report.submitted_at
                else None,
            },
        )
        report.status = ReportStatus.OPEN
        report.snapshot = None
        report.submitted_at = None
        report.submitted_by = None
        report.save()
    messages.success(request, _("The report was reopened."))
    return redirect(url)


def narratives(request):
    """Each unit's narrative of a period: status, due date, and who may write it."""
    try:
        period = _period_from(request)
    except BadPeriod:
        return _bad_period()
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
            return _forbidden(request)
    is_admin = request.user.is_superuser or request.user.has_perm(
        NARRATIVE_ADMIN_PERMISSION
    )
    due_dates = {n.due_date for n in found.values() if n.due_date}
    return render(
        request,
        "reporting/admin/narratives.html",
        {
            "page_title": _("Unit narratives"),
            "header_title": _("Unit narratives"),
            "header_icon": "doc-full",
            "period": period,
            "period_key": period_key(period),
            "period_choices": period_choices(),
            "rows": rows,
            "due_date_form": DueDateForm(
                initial={"due_date": min(due_dates) if due_dates else None}
            )
            if is_admin
            else None,
        },
    )


@require_POST
def narratives_due_date(request, period: str):
    """Set the due date of every unit's narrative for a period (administrators)."""
    if not (
        request.user.is_superuser or request.user.has_perm(NARRATIVE_ADMIN_PERMISSION)
    ):
        return _forbidden(request)
    try:
        found = _period_from(request, period)
    except BadPeriod:
        return _bad_period()
    form = DueDateForm(request.POST)
    url = (
        reverse("disclosure_reporting_admin:narratives")
        + f"?period={period_key(found)}"
    )
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


def narrative_edit(request, period: str, unit_id: int):
    """The unit director's (or deputy's) form for the unit's narrative of a period."""
    try:
        found = _period_from(request, period)
    except BadPeriod:
        return _bad_period()
    unit = get_object_or_404(Unit, pk=unit_id)
    if not can_write_narrative(request.user, unit):
        return _forbidden(request)
    narrative = UnitNarrative.objects.filter(
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
    if request.method == "POST":
        form = UnitNarrativeForm(request.POST, instance=narrative)
        if form.is_valid():
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
            return redirect(
                reverse("disclosure_reporting_admin:narratives")
                + f"?period={period_key(found)}"
            )
        messages.error(request, _("The narrative could not be saved."))
        status = 400
    else:
        initial = {}
        if narrative.status == NarrativeStatus.NOT_STARTED:
            initial["status"] = NarrativeStatus.DRAFT
        form = UnitNarrativeForm(instance=narrative, initial=initial)
        status = 200
    return render(
        request,
        "reporting/admin/narrative_form.html",
        {
            "page_title": _("Narrative of %(unit)s") % {"unit": unit},
            "header_title": _("Narrative of %(unit)s") % {"unit": unit},
            "header_icon": "doc-full",
            "period": found,
            "period_key": period_key(found),
            "unit": unit,
            "narrative": narrative,
            "form": form,
        },
        status=status,
    )


def page_evaluation(request, page_id: int):
    """One item's or gallery's evaluation: views, downloads, useful %, comments."""
    page = get_object_or_404(Page, pk=page_id)
    if not is_counted(page):
        raise Http404
    page = page.specific
    if not (
        can_view_reports(request.user)
        or page.permissions_for_user(request.user).can_edit()
    ):
        return _forbidden(request)
    summary = feedback_summary([page])
    comments = (
        Feedback.objects.filter(page=page)
        .exclude(comment="")
        .order_by("-created_at", "-pk")[:50]
    )
    return render(
        request,
        "reporting/admin/page_evaluation.html",
        {
            "page_title": _("Evaluation of %(title)s") % {"title": page.title},
            "header_title": _("Evaluation"),
            "header_icon": "view",
            "target": page,
            "summary": summary,
            "comments": comments,
            "can_remove_comments": request.user.has_perm(FEEDBACK_MODERATE_PERMISSION),
        },
    )


FEEDBACK_MODERATE_PERMISSION = "disclosure_reporting.change_feedback"


@require_POST
def feedback_comment_remove(request, feedback_id: int):
    """Clear a comment (e.g. one holding personal data); the answer still counts."""
    if not request.user.has_perm(FEEDBACK_MODERATE_PERMISSION):
        return _forbidden(request)
    feedback = get_object_or_404(Feedback, pk=feedback_id)
    Feedback.objects.filter(pk=feedback.pk).update(comment="")
    log_actions.log(
        instance=feedback,
        action="disclosure_reporting.remove_comment",
        user=request.user,
    )
    messages.success(request, _("The comment was removed."))
    return redirect("disclosure_reporting_admin:page_evaluation", feedback.page_id)


class EvaluationReportView(XlsxExportMixin, ReportView):
    """Evaluation per unit and category for a period, exportable as XLSX."""

    page_title = gettext_lazy("Evaluation per unit and category")
    header_icon = "table"
    index_url_name = "disclosure_reporting_admin:evaluation_report"
    index_results_url_name = "disclosure_reporting_admin:evaluation_report_results"
    results_template_name = "reporting/admin/evaluation_report_results.html"
    template_name = "reporting/admin/evaluation_report.html"
    paginate_by = 100
    list_export = [
        "unit",
        "category",
        "items",
        "views",
        "downloads",
        "feedback",
        "useful_pct",
        "mean_score",
    ]
    export_headings = {
        "unit": gettext_lazy("Unit"),
        "category": gettext_lazy("Category"),
        "items": gettext_lazy("Live items"),
        "views": gettext_lazy("Views"),
        "downloads": gettext_lazy("Downloads"),
        "feedback": gettext_lazy("Answers"),
        "useful_pct": gettext_lazy("Useful (%)"),
        "mean_score": gettext_lazy("Mean score"),
    }

    def dispatch(self, request, *args, **kwargs):
        if not can_view_reports(request.user):
            return _forbidden(request)
        try:
            self.period = _period_from(request)
        except BadPeriod:
            return _bad_period()
        return super().dispatch(request, *args, **kwargs)

    def get_filename(self):
        return f"evaluation-{period_key(self.period)}"

    def get_queryset(self):
        return evaluation_rows(self.period)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "period": self.period,
                "period_key": period_key(self.period),
                "period_choices": period_choices(),
            }
        )
        return context
