"""Admin views of the approval chain: the request memo and the requests report."""

from __future__ import annotations

import logging

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.utils import translation
from django.utils.encoding import uri_to_iri
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page, WorkflowState
from wagtail.permission_policies import ModelPermissionPolicy

from .change_notes import memo_change_note
from .memo import attachments, can_view_memo, signature_blocks, version_under_review
from .models import OfficeSettings, PublicationRequest, Unit
from .pdf import PdfUnavailable, html_to_pdf, static_file_uri
from .public_address import public_page_url
from .spreadsheets import XlsxExportMixin
from .urgent import may_be_urgent_publisher

logger = logging.getLogger(__name__)


MEMO_CSS = ("disclosure_moderation/css/fonts.css", "disclosure_moderation/css/memo.css")


def memo(request, pk: int):
    """The request memo, print-ready A4, always in Thai (it is an office document);
    ``?format=pdf`` downloads the same page as a PDF."""
    publication_request = get_object_or_404(
        PublicationRequest.objects.select_related(
            "page", "unit", "category", "requested_by", "workflow_state"
        ),
        pk=pk,
    )
    if not can_view_memo(request.user, publication_request):
        raise PermissionDenied
    page = version_under_review(publication_request)
    live = publication_request.page.specific
    office = OfficeSettings.for_request(request)
    as_pdf = request.GET.get("format") == "pdf"
    # The office's public address, not the Site record's (evidence that must open).
    published_url = public_page_url(live) if live.live else ""
    with translation.override("th"):
        context = {
            "memo": publication_request,
            "page": page,
            "office": office,
            "unit": publication_request.unit,
            "category": publication_request.category.specific
            if publication_request.category
            else None,
            "document_number": publication_request.document_number,
            "summary": getattr(page, "summary", "") or page.search_description,
            "attachments": attachments(page),
            "published_url": published_url,
            # Printed as people read it: a Thai slug as Thai, not percent-escapes.
            "published_url_text": uri_to_iri(published_url),
            "blocks": signature_blocks(publication_request),
            "change_note": memo_change_note(publication_request),
            "for_pdf": as_pdf,
        }
        try:
            context["stylesheets"] = [
                static_file_uri(path) if as_pdf else static(path) for path in MEMO_CSS
            ]
            response = TemplateResponse(
                request, "disclosure_moderation/memo.html", context
            )
            response.render()
            if as_pdf:
                response = pdf_response(
                    html_to_pdf(response.content.decode()),
                    f"memo-{publication_request.number}"
                    f"-{publication_request.fiscal_year}.pdf",
                )
        except PdfUnavailable:
            logger.warning("memo %s: no PDF", pk, exc_info=True)
            response = TemplateResponse(
                request,
                "disclosure_moderation/memo_pdf_unavailable.html",
                {"memo": publication_request},
                status=503,
            )
            response.render()
    return response


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


STATUS_CHOICES = [
    (WorkflowState.STATUS_IN_PROGRESS, _("In progress")),
    (WorkflowState.STATUS_NEEDS_CHANGES, _("Changes requested")),
    (WorkflowState.STATUS_APPROVED, _("Published")),
    (WorkflowState.STATUS_CANCELLED, _("Cancelled")),
]


class PublicationRequestFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        field_name="workflow_state__status",
        choices=STATUS_CHOICES,
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("Unit"), queryset=Unit.objects.all()
    )
    category = django_filters.ModelChoiceFilter(
        label=_("Category"),
        queryset=lambda request: Page.objects.filter(
            pk__in=PublicationRequest.objects.values("category")
        ).order_by("path"),
    )
    submitted_at = django_filters.DateFromToRangeFilter(
        label=_("Submitted"), widget=DateRangePickerWidget
    )

    class Meta:
        model = PublicationRequest
        fields = ["status", "unit", "category", "submitted_at"]


class PublicationRequestReportView(XlsxExportMixin, ReportView):
    """Every request to publish, by status, unit, category and date (XLSX export
    only: a CSV's Thai is garbage in Excel)."""

    page_title = _("Requests to publish")
    header_icon = "tasks"
    results_template_name = "disclosure_moderation/requests_report_results.html"
    filterset_class = PublicationRequestFilterSet
    index_url_name = "disclosure_moderation:requests"
    index_results_url_name = "disclosure_moderation:requests_results"
    permission_policy = ModelPermissionPolicy(PublicationRequest)
    permission_required = "view"
    list_export = [
        "number",
        "fiscal_year",
        "page.title",
        "unit.name_th",
        "category.title",
        "requested_by",
        "submitted_at",
        "status_label",
        "finished_at",
    ]
    export_headings = {
        "number": _("Number"),
        "fiscal_year": _("Fiscal year (B.E.)"),
        "page.title": _("Title"),
        "unit.name_th": _("Unit"),
        "category.title": _("Category"),
        "requested_by": _("Requested by"),
        "submitted_at": _("Submitted"),
        "status_label": _("Status"),
        "finished_at": _("Finished"),
    }

    def get_queryset(self):
        return (
            PublicationRequest.objects.select_related(
                "page", "unit", "category", "requested_by", "workflow_state"
            )
            .annotate(last_decision_at=Max("workflow_state__task_states__finished_at"))
            .order_by("-submitted_at", "-pk")
        )

    def decorate_paginated_queryset(self, object_list):
        labels = dict(STATUS_CHOICES)
        # The office director and ICT may publish a running request urgently
        # (moderation.urgent decides for the page when they follow the link).
        urgent_publisher = may_be_urgent_publisher(self.request.user)
        running = (WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES)
        for row in object_list:
            row.urgent_link = (
                urgent_publisher
                and row.workflow_state is not None
                and row.workflow_state.status in running
            )
            if row.urgent:  # no workflow: approved after the fact
                row.status_label = str(
                    _("Published urgently, approved after the fact")
                    if row.retro_approved_at
                    else _("Published urgently, awaiting approval after the fact")
                )
                row.finished_at = row.submitted_at
                continue
            if row.outside_chain:  # no workflow: published by an administrator
                row.status_label = str(_("Published outside the approval chain"))
                row.finished_at = row.submitted_at
                continue
            row.status_label = str(labels.get(row.workflow_state.status, ""))
            done = row.workflow_state.status == WorkflowState.STATUS_APPROVED
            row.finished_at = row.last_decision_at if done else None
        return object_list

    def get_filename(self):
        return "publication-requests"

    def as_spreadsheet(self, queryset, spreadsheet_format):
        return super().as_spreadsheet(
            self.decorate_paginated_queryset(list(queryset)), spreadsheet_format
        )
