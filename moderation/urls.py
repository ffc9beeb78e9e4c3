"""Admin URLs of the approval chain (included under /admin/disclosure-approval/)
and of the role guides (under /admin/disclosure-guide/)."""

from django.urls import path

from . import chain_views, guides, urgent_views, views

app_name = "disclosure_moderation"
urlpatterns = [
    path("memo/<int:pk>/", views.memo, name="memo"),
    path(
        "memo/<int:pk>/acknowledge/",
        chain_views.acknowledge_view,
        name="acknowledge",
    ),
    path(
        "publish/<int:page_id>/",
        chain_views.publish_outside_chain_view,
        name="publish_outside_chain",
    ),
    path(
        "urgent/<int:page_id>/",
        urgent_views.publish_urgently_view,
        name="publish_urgently",
    ),
    path(
        "memo/<int:pk>/approve-after/",
        urgent_views.approve_after_the_fact_view,
        name="approve_after",
    ),
    path(
        "cancel/<int:page_id>/",
        chain_views.cancel_request_view,
        name="cancel_request",
    ),
    path("requests/", views.PublicationRequestReportView.as_view(), name="requests"),
    path(
        "requests/results/",
        views.PublicationRequestReportView.as_view(results_only=True),
        name="requests_results",
    ),
]

guide_urlpatterns = [
    path("", guides.guide_index, name="index"),
    path("<slug:slug>/", guides.guide_page, name="guide"),
]
