"""What every reporting screen shares: who may see the committee's reports, the
reporting period read from the URL or the query (a malformed one is a 400 with a
clear message, never a 500), the plain 403, and the one XLSX download base."""

from __future__ import annotations

from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import View

from disclosure_thai.dates import FiscalPeriod
from moderation.models import Unit
from moderation.spreadsheets import XLSX_CONTENT_TYPE

from ..export import Sheet, write_workbook
from ..periods import default_period, parse_period, period_choices, period_key

VIEW_PERMISSION = "disclosure_reporting.view_committeereport"
SUBMIT_PERMISSION = "disclosure_reporting.submit_committeereport"
REOPEN_PERMISSION = "disclosure_reporting.reopen_committeereport"
NARRATIVE_ADMIN_PERMISSION = "disclosure_reporting.change_unitnarrative"
FEEDBACK_MODERATE_PERMISSION = "disclosure_reporting.change_feedback"


def can_view_reports(user) -> bool:
    """The committee, its secretary and administrators read the reports."""
    return user.has_perm(VIEW_PERMISSION)


def can_reopen(user) -> bool:
    return user.is_superuser or user.has_perm(REOPEN_PERMISSION)


def can_administer_narratives(user) -> bool:
    return user.is_superuser or user.has_perm(NARRATIVE_ADMIN_PERMISSION)


def can_write_narrative(user, unit: Unit) -> bool:
    """The unit's director or deputy, or an administrator."""
    return (
        user.is_superuser
        or user.has_perm(NARRATIVE_ADMIN_PERMISSION)
        or user.pk in (unit.director_id, unit.deputy_id)
    )


class BadPeriod(Exception):
    """The period named in the URL or query is malformed or out of range."""


def period_from(request, value: str | None = None) -> FiscalPeriod:
    """The period named in the URL or query, the last quarter if none; a malformed
    one raises BadPeriod (shown as a 400)."""
    text = value if value is not None else request.GET.get("period")
    if not text:
        return default_period()
    period = parse_period(text)
    if period is None:
        raise BadPeriod
    return period


def forbidden(request) -> HttpResponse:
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


def bad_period() -> HttpResponse:
    return HttpResponseBadRequest(
        _("The period is not valid. Choose one from the list.").encode()
    )


def period_context(period: FiscalPeriod) -> dict:
    """What the period chooser of every screen reads."""
    return {
        "period": period,
        "period_key": period_key(period),
        "period_choices": period_choices(),
    }


class PeriodReportMixin:
    """The permission-and-period block every reporting view opens with.

    ``dispatch`` answers, in this order: 405 for a method the view does not
    handle, 403 when :meth:`user_may_access` says no (by default the committee's
    reports permission, as Wagtail's ``PermissionCheckedMixin`` does for a
    policy), 400 when the period (the URL's ``period`` argument, else
    ``?period=``) is malformed. The view then reads ``self.period``.
    """

    def user_may_access(self, user) -> bool:
        """Whether the user may open this view at all (before the period is read)."""
        return can_view_reports(user)

    def dispatch(self, request, *args, **kwargs):
        handler = getattr(self, request.method.lower(), None)
        if request.method.lower() not in self.http_method_names or handler is None:
            return self.http_method_not_allowed(request, *args, **kwargs)
        if not self.user_may_access(request.user):
            return forbidden(request)
        try:
            self.period = period_from(request, kwargs.get("period"))
        except BadPeriod:
            return bad_period()
        return super().dispatch(request, *args, **kwargs)


class XlsxDownloadView(PeriodReportMixin, View):
    """An export-only report of a period: one XLSX file, written by
    ``moderation.spreadsheets`` (never CSV, which Excel opens as garbled Thai).

    Subclasses give ``filename_prefix`` and :meth:`sheets`; the base writes the
    file. The workbook is in Thai whatever the reader's admin language.
    """

    filename_prefix = "report"
    http_method_names = ["get", "head", "options"]

    def sheets(self) -> list[Sheet]:
        """The workbook's sheets, for ``self.period``."""
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        with translation.override("th"):
            content = write_workbook(self.sheets())
        response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = (
            f'attachment; filename="{self.filename_prefix}-'
            f'{period_key(self.period)}.xlsx"'
        )
        return response
