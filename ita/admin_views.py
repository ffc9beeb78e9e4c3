"""The office's ITA screens in the admin: the completeness report (and its workbook),
the evidence links a unit director keeps for their unit's indicators, and the
evidence pack (confirm, progress, download).

Who may open what is decided by ``ita.access``; every screen answers a plain 403
otherwise, and a forged indicator id of another unit is refused the same way.
"""

from __future__ import annotations

import datetime as dt

from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin import messages
from wagtail.admin.panels import InlinePanel, ObjectList
from wagtail.admin.views.generic import EditView

from disclosure_thai.dates import format_thai_date
from moderation.models import Unit
from moderation.spreadsheets import (
    XLSX_CONTENT_TYPE,
    add_sheet,
    new_workbook,
    workbook_bytes,
)

from . import pack
from .access import (
    can_edit_catalogue,
    can_link_evidence,
    can_read_report,
    directed_unit_ids,
    is_ict_or_administrator,
    may_link_any,
)
from .completeness import (
    STATUS_LABELS,
    current_year,
    days_left,
    report_rows,
    summary,
    year_completeness,
)
from .evidence import SOURCE_EVIDENCE, SOURCE_RULE, SOURCE_TAG, indicator_links
from .models import ItaIndicator, ItaYear, ItaYearStatus

SOURCE_LABELS = {
    SOURCE_EVIDENCE: gettext_lazy("linked here"),
    SOURCE_TAG: gettext_lazy("tagged when written"),
    SOURCE_RULE: gettext_lazy("found by the indicator's rule"),
}

app_name = "ita_evidence"


def forbidden(request, message: str = "") -> HttpResponse:
    """A plain 403 with a Thai explanation (Wagtail's own would redirect)."""
    return render(
        request,
        "ita/admin/forbidden.html",
        {
            "page_title": _("Permission denied"),
            "header_title": _("Permission denied"),
            "header_icon": "warning",
            "message": message,
        },
        status=403,
    )


def _year_from(request, value=None) -> ItaYear | None:
    """The year named by ``?year=`` (or the URL), else the current one; a year that
    does not exist is a 404."""
    text = value if value is not None else request.GET.get("year")
    if text:
        try:
            return ItaYear.objects.get(fiscal_year=int(text))
        except (ValueError, ItaYear.DoesNotExist):
            raise Http404(
                _("There is no ITA year %(year)s.") % {"year": text}
            ) from None
    return current_year()


def _int_or_none(text: str | None) -> int | None:
    try:
        return int(text) if text else None
    except ValueError:
        return None


# --- the completeness report -----------------------------------------------------


class CompletenessReportView(View):
    """Per indicator and owning unit: complete, missing evidence or not recent
    enough, with the days left to the deadline; ``?export=xlsx`` for the workbook.

    Unit directors see their own units' indicators first.
    """

    http_method_names = ["get", "head", "options"]

    def get(self, request):
        if not can_read_report(request.user):
            return forbidden(
                request,
                _(
                    "The ITA completeness report is read by the committee, the office "
                    "director, unit directors, ICT publishers and administrators."
                ),
            )
        year = _year_from(request)
        unit_id = _int_or_none(request.GET.get("unit"))
        status = request.GET.get("status") or ""
        if status not in STATUS_LABELS:
            status = ""
        items = year_completeness(year) if year else []
        own = directed_unit_ids(request.user)
        rows = report_rows(
            items, own_unit_ids=own, unit_id=unit_id, status=status or None
        )
        if request.GET.get("export") == "xlsx" and year is not None:
            return self.workbook(year, rows)
        return render(
            request,
            "ita/admin/completeness.html",
            {
                "page_title": _("ITA evidence completeness"),
                "header_title": _("ITA evidence completeness"),
                "header_icon": "tasks",
                "year": year,
                "years": ItaYear.objects.order_by("-fiscal_year"),
                "units": Unit.objects.all(),
                "statuses": list(STATUS_LABELS.items()),
                "selected_unit": unit_id,
                "selected_status": status,
                "rows": rows,
                "counts": summary(items),
                "total": len(items),
                "days_left": days_left(year) if year else None,
                "has_own": any(row.own for row in rows),
                "can_link": may_link_any(request.user),
                "can_pack": is_ict_or_administrator(request.user),
                "export_query": _export_query(request),
            },
        )

    def workbook(self, year: ItaYear, rows) -> HttpResponse:
        with translation.override("th"):
            workbook = new_workbook()
            add_sheet(
                workbook,
                _("ITA completeness"),
                [
                    _("Code"),
                    _("Indicator"),
                    _("Owning unit"),
                    _("Status"),
                    _("Reason"),
                    _("Public evidence links"),
                    _("Newest evidence"),
                    _("How recent the evidence must be"),
                    _("Deadline"),
                ],
                [
                    [
                        row.indicator.code,
                        row.indicator.title,
                        row.unit_name,
                        str(row.judgement.label),
                        row.judgement.reason,
                        len(row.item.links),
                        row.item.newest,
                        row.indicator.get_freshness_display(),
                        year.deadline,
                    ]
                    for row in rows
                ],
                wrap=True,
            )
            content = workbook_bytes(workbook)
        response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = (
            f'attachment; filename="ita-completeness-{year.fiscal_year}.xlsx"'
        )
        return response


def _export_query(request) -> str:
    query = request.GET.copy()
    query["export"] = "xlsx"
    return query.urlencode()


# --- evidence links of a unit's indicators ---------------------------------------


class EvidenceIndexView(View):
    """The indicators whose evidence the user keeps: their units' for a unit
    director, every one for ICT and administrators."""

    http_method_names = ["get", "head", "options"]

    def get(self, request):
        if not may_link_any(request.user):
            return forbidden(
                request,
                _(
                    "Evidence is linked by the director of the unit that owns the "
                    "indicator, by ICT publishers and by administrators."
                ),
            )
        year = _year_from(request)
        items = year_completeness(year) if year else []
        if not can_edit_catalogue(request.user):
            mine = directed_unit_ids(request.user)
            items = [i for i in items if any(u.pk in mine for u in i.units)]
        return render(
            request,
            "ita/admin/evidence_index.html",
            {
                "page_title": _("ITA evidence links"),
                "header_title": _("ITA evidence links"),
                "header_icon": "link",
                "year": year,
                "years": ItaYear.objects.order_by("-fiscal_year"),
                "items": items,
                "days_left": days_left(year) if year else None,
            },
        )


class EvidenceEditView(EditView):
    """The evidence links of one indicator, for its unit's director (or ICT and
    administrators): pages, documents or outside addresses, in order, each with a
    note. The indicator's own fields stay with the catalogue."""

    model = ItaIndicator
    panel = ObjectList(
        [
            InlinePanel(
                "evidence",
                heading=gettext_lazy("Evidence links"),
                label=gettext_lazy("Evidence link"),
            )
        ]
    )
    # Access is decided per indicator by its owning units (ita.access), not by
    # the model permissions of the catalogue.
    permission_policy = None
    permission_required = None
    header_icon = "link"
    success_message = gettext_lazy("The evidence of %(object)s was saved.")
    template_name = "ita/admin/evidence_edit.html"

    def dispatch(self, request, *args, **kwargs):
        indicator = get_object_or_404(
            ItaIndicator.objects.select_related("year"), pk=kwargs.get("pk")
        )
        if indicator.year.status == ItaYearStatus.CLOSED and not can_edit_catalogue(
            request.user
        ):
            # An assessed year's evidence is what the assessor saw: only ICT and
            # administrators may still correct it.
            return forbidden(
                request,
                _(
                    "The ITA year %(year)s is closed: its evidence is what was "
                    "assessed. Ask ICT to correct it if it must change."
                )
                % {"year": indicator.year.fiscal_year},
            )
        if not can_link_evidence(request.user, indicator):
            return forbidden(
                request,
                _(
                    "Only the director of a unit that owns this indicator, ICT "
                    "publishers and administrators may link its evidence."
                ),
            )
        return super().dispatch(request, *args, **kwargs)

    def get_panel(self):
        return self.panel.bind_to_model(ItaIndicator)

    def get_queryset(self):
        return ItaIndicator.objects.select_related("year")

    def get_page_title(self):
        return _("Evidence of %(indicator)s") % {"indicator": self.object}

    def get_page_subtitle(self):
        return self.get_page_title()

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("Home")},
            {"url": self._index_url(), "label": _("ITA evidence links")},
            {"url": "", "label": str(self.object)},
        ]

    def _index_url(self) -> str:
        return (
            reverse("ita_evidence:evidence") + f"?year={self.object.year.fiscal_year}"
        )

    def get_edit_url(self):
        return reverse("ita_evidence:evidence_edit", args=[self.object.pk])

    def get_success_url(self):
        return self._index_url()

    def get_success_buttons(self):
        return [messages.button(self.get_edit_url(), _("Edit"))]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["indicator"] = self.object
        # What the public sees now, links found by tags and rules included.
        context["public_links"] = [
            (link, SOURCE_LABELS.get(link.source, ""))
            for link in indicator_links(self.object.year).get(self.object.pk, [])
        ]
        return context


# --- the evidence pack ------------------------------------------------------------


def _pack_year(request, fiscal_year: int) -> ItaYear:
    return get_object_or_404(ItaYear, fiscal_year=fiscal_year)


def _refuse_pack(request) -> HttpResponse:
    return forbidden(
        request,
        _(
            "The evidence pack is built and downloaded by ICT publishers and administrators."
        ),
    )


def _status_json(fiscal_year: int, status: dict) -> dict:
    done, total = status.get("done") or 0, status.get("total") or 0
    state = status.get("state", "")
    return {
        "state": state,
        "done": done,
        "total": total,
        "percent": int(100 * done / total)
        if total
        else (100 if state == pack.DONE else 0),
        "message": str(state_message(status)),
        "download_url": reverse("ita_evidence:pack_download", args=[fiscal_year])
        if state == pack.DONE
        else "",
        "pdf_skipped": bool(status.get("pdf_skipped")),
    }


def state_message(status: dict) -> str:
    state = status.get("state", "")
    if state == pack.QUEUED:
        return _("Waiting for the background worker to start the build…")
    if state == pack.BUILDING:
        return _("Building: step %(done)s of %(total)s…") % {
            "done": status.get("done") or 0,
            "total": status.get("total") or 0,
        }
    if state == pack.DONE:
        text = _("The pack is ready.")
        if status.get("pdf_skipped"):
            text += " " + _(
                "The PDF index was skipped (the server has no Chromium); the ZIP "
                "holds the workbook index."
            )
        return text
    if state == pack.FAILED:
        return status.get("error") or _("The pack could not be built.")
    return _("No pack has been built for this year yet.")


class PackView(View):
    """Confirm and start a year's pack (GET shows what it will hold and the last
    build; POST starts one unless one is running), then show its progress."""

    http_method_names = ["get", "post", "head", "options"]

    def dispatch(self, request, *args, **kwargs):
        if not is_ict_or_administrator(request.user):
            return _refuse_pack(request)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, fiscal_year: int):
        year = _pack_year(request, fiscal_year)
        status = pack.read_status(fiscal_year)
        plan = None
        if status["state"] not in pack.RUNNING_STATES:
            plan = pack.plan_pack(year)
        return render(
            request,
            "ita/admin/pack.html",
            {
                "page_title": _("ITA evidence pack"),
                "header_title": _("ITA evidence pack"),
                "header_icon": "download",
                "year": year,
                "plan": plan,
                "status": status,
                "status_json": _status_json(fiscal_year, status),
                "running": status["state"] in pack.RUNNING_STATES,
                "finished_at": _when(status.get("finished_at")),
                "status_url": reverse("ita_evidence:pack_status", args=[fiscal_year]),
            },
        )

    def post(self, request, fiscal_year: int):
        year = _pack_year(request, fiscal_year)
        if request.POST.get("confirm") != "yes":
            messages.error(request, _("Confirm that the pack should be built."))
            return redirect("ita_evidence:pack", fiscal_year)
        started, status = pack.start_build(year, request.user)
        if not started:
            messages.warning(
                request,
                _("The pack is already being built; no second build was started."),
            )
        elif status.get("state") == pack.FAILED:
            messages.error(request, state_message(status))
        elif status.get("state") == pack.DONE:
            messages.success(request, state_message(status))
        else:
            messages.success(request, _("The pack is being built in the background."))
        return redirect("ita_evidence:pack", fiscal_year)


def _when(text: str | None) -> str:
    if not text:
        return ""
    try:
        return format_thai_date(dt.datetime.fromisoformat(text), "short_datetime")
    except ValueError:
        return ""


class PackStatusView(View):
    """The build's state as JSON, polled by the progress display."""

    http_method_names = ["get", "head", "options"]

    def get(self, request, fiscal_year: int):
        if not is_ict_or_administrator(request.user):
            return JsonResponse({"error": _("Permission denied")}, status=403)
        _pack_year(request, fiscal_year)
        status = pack.read_status(fiscal_year)
        return JsonResponse(_status_json(fiscal_year, status))


class PackDownloadView(View):
    """The year's last finished pack: ICT and administrators only."""

    http_method_names = ["get", "head", "options"]

    def get(self, request, fiscal_year: int):
        if not is_ict_or_administrator(request.user):
            return _refuse_pack(request)
        _pack_year(request, fiscal_year)
        status = pack.read_status(fiscal_year)
        if status["state"] != pack.DONE:
            raise Http404(_("The pack is not ready."))
        return FileResponse(
            open(pack.zip_path(fiscal_year), "rb"),  # noqa: SIM115 (FileResponse closes it)
            as_attachment=True,
            filename=pack.download_name(fiscal_year),
            content_type="application/zip",
        )


urlpatterns = [
    path("completeness/", CompletenessReportView.as_view(), name="completeness"),
    path("evidence/", EvidenceIndexView.as_view(), name="evidence"),
    path(
        "evidence/<int:pk>/",
        EvidenceEditView.as_view(),
        name="evidence_edit",
    ),
    path("pack/<int:fiscal_year>/", PackView.as_view(), name="pack"),
    path(
        "pack/<int:fiscal_year>/status/",
        PackStatusView.as_view(),
        name="pack_status",
    ),
    path(
        "pack/<int:fiscal_year>/download/",
        PackDownloadView.as_view(),
        name="pack_download",
    ),
]
