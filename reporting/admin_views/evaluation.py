"""Evaluation screens: one item's evaluation, removing a comment, and the
evaluation report per unit and category (XLSX export only)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail import hooks, log_actions
from wagtail.admin import messages
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page

from moderation.spreadsheets import XlsxExportMixin

from ..counted import is_counted
from ..figures import evaluation_rows, feedback_summary
from ..models import Feedback
from ..periods import period_key
from .base import (
    FEEDBACK_MODERATE_PERMISSION,
    PeriodReportMixin,
    can_view_reports,
    forbidden,
    period_context,
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
        return forbidden(request)
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
            "panels": evaluation_panels(request, page),
        },
    )


def evaluation_panels(request, page) -> list[str]:
    """What other apps add to one item's evaluation (where it was posted, ...):
    each ``disclosure_page_evaluation_panels`` hook is called with the request
    and the page and returns HTML made by its own template, or None."""
    panels = []
    for fn in hooks.get_hooks("disclosure_page_evaluation_panels"):
        html = fn(request, page)
        if html:
            panels.append(html)
    return panels


class FeedbackCommentRemoveView(View):
    """Clear a comment (e.g. one holding personal data); the answer still counts."""

    http_method_names = ["post"]

    def post(self, request, feedback_id: int):
        if not request.user.has_perm(FEEDBACK_MODERATE_PERMISSION):
            return forbidden(request)
        feedback = get_object_or_404(Feedback, pk=feedback_id)
        Feedback.objects.filter(pk=feedback.pk).update(comment="")
        log_actions.log(
            instance=feedback,
            action="disclosure_reporting.remove_comment",
            user=request.user,
        )
        messages.success(request, _("The comment was removed."))
        return redirect("disclosure_reporting_admin:page_evaluation", feedback.page_id)


class EvaluationReportView(PeriodReportMixin, XlsxExportMixin, ReportView):
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

    def get_filename(self):
        return f"evaluation-{period_key(self.period)}"

    def get_queryset(self):
        return evaluation_rows(self.period)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(period_context(self.period))
        return context
