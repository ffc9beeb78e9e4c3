"""The committee report of a period: screen, A4 print, XLSX, submit and reopen."""

from __future__ import annotations

from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views import View
from wagtail import log_actions
from wagtail.admin import messages

from disclosure_thai.dates import FiscalPeriod, format_thai_date
from moderation.models import OfficeSettings

from ..export import Sheet, committee_sheets
from ..figures import compute
from ..forms import ReopenForm
from ..models import CommitteeReport, ReportStatus
from ..periods import period_key
from ..report_figures import CommitteeFigures
from .base import (
    SUBMIT_PERMISSION,
    PeriodReportMixin,
    XlsxDownloadView,
    can_reopen,
    period_context,
)


def report_data(
    period: FiscalPeriod,
) -> tuple[CommitteeReport | None, CommitteeFigures]:
    """The report of a period: the frozen snapshot once submitted, else live figures."""
    report = CommitteeReport.objects.filter(
        fiscal_year=period.fiscal_year,
        period_kind=period.kind,
        period_number=period.number,
    ).first()
    if report is not None and report.is_frozen:
        return report, CommitteeFigures.from_json(report.snapshot)
    return report, compute(period)


def _report_context(request, period: FiscalPeriod) -> dict:
    report, data = report_data(period)
    office = OfficeSettings.for_request(request)
    return {
        **period_context(period),
        "report": report,
        "frozen": bool(report and report.is_frozen),
        "data": data,
        "office": office,
        "printed_on": format_thai_date(timezone.localdate(), "long"),
    }


def _committee_url(period: FiscalPeriod) -> str:
    return (
        reverse("disclosure_reporting_admin:committee")
        + f"?period={period_key(period)}"
    )


class CommitteeReportView(PeriodReportMixin, View):
    """The compiled report of a period, with its narratives, print and XLSX links."""

    def get(self, request, *args, **kwargs):
        context = _report_context(request, self.period)
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


class CommitteeReportPrintView(PeriodReportMixin, View):
    """The A4 document in Thai: cover, summary, charts, a section per unit, signatures."""

    def get(self, request, *args, **kwargs):
        # The document for the committee is Thai whatever the reader's admin language.
        with translation.override("th"):
            return render(
                request,
                "reporting/committee_print.html",
                _report_context(request, self.period),
            )


class CommitteeReportXlsxView(XlsxDownloadView):
    """The committee report as a workbook: summary, items and narratives."""

    filename_prefix = "committee-report"

    def sheets(self) -> list[Sheet]:
        _report, data = report_data(self.period)
        return committee_sheets(data)


class CommitteeReportSubmitView(PeriodReportMixin, View):
    """Freeze the report: its figures and texts are stored as they are now."""

    http_method_names = ["post"]

    def user_may_access(self, user) -> bool:
        return user.has_perm(SUBMIT_PERMISSION)

    def post(self, request, *args, **kwargs):
        found = self.period
        url = _committee_url(found)
        with transaction.atomic():
            report, _created = (
                CommitteeReport.objects.select_for_update().get_or_create(
                    fiscal_year=found.fiscal_year,
                    period_kind=found.kind,
                    period_number=found.number,
                )
            )
            if report.is_frozen:
                messages.warning(request, _("This report was already submitted."))
                return redirect(url)
            report.snapshot = compute(found).to_json()
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


class CommitteeReportReopenView(PeriodReportMixin, View):
    """Open a submitted report again (administrators only), logging the reason."""

    http_method_names = ["post"]

    def user_may_access(self, user) -> bool:
        return can_reopen(user)

    def post(self, request, *args, **kwargs):
        found = self.period
        report = get_object_or_404(
            CommitteeReport,
            fiscal_year=found.fiscal_year,
            period_kind=found.kind,
            period_number=found.number,
        )
        url = _committee_url(found)
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
