"""Admin URLs of the reporting app (registered through register_admin_urls)."""

from django.urls import path

from . import admin_views

app_name = "disclosure_reporting_admin"

urlpatterns = [
    path("committee/", admin_views.CommitteeReportView.as_view(), name="committee"),
    path(
        "committee/<str:period>/print/",
        admin_views.CommitteeReportPrintView.as_view(),
        name="committee_print",
    ),
    path(
        "committee/<str:period>/xlsx/",
        admin_views.CommitteeReportXlsxView.as_view(),
        name="committee_xlsx",
    ),
    path(
        "committee/<str:period>/submit/",
        admin_views.CommitteeReportSubmitView.as_view(),
        name="committee_submit",
    ),
    path(
        "committee/<str:period>/reopen/",
        admin_views.CommitteeReportReopenView.as_view(),
        name="committee_reopen",
    ),
    path("narratives/", admin_views.NarrativesView.as_view(), name="narratives"),
    path(
        "narratives/<str:period>/due-date/",
        admin_views.NarrativesDueDateView.as_view(),
        name="narratives_due_date",
    ),
    path(
        "narratives/<str:period>/<int:unit_id>/",
        admin_views.NarrativeEditView.as_view(),
        name="narrative_edit",
    ),
    path(
        "evaluation/page/<int:page_id>/",
        admin_views.page_evaluation,
        name="page_evaluation",
    ),
    path(
        "evaluation/feedback/<int:feedback_id>/remove-comment/",
        admin_views.FeedbackCommentRemoveView.as_view(),
        name="feedback_comment_remove",
    ),
    path(
        "evaluation/",
        admin_views.EvaluationReportView.as_view(),
        name="evaluation_report",
    ),
    path(
        "evaluation/results/",
        admin_views.EvaluationReportView.as_view(results_only=True),
        name="evaluation_report_results",
    ),
]
