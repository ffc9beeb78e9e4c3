"""Admin URLs of the approval chain (included under /admin/disclosure-approval/)
and of the role guides (under /admin/disclosure-guide/)."""

from django.urls import path

from . import guides, views

app_name = "disclosure_moderation"
urlpatterns = [
    path("memo/<int:pk>/", views.memo, name="memo"),
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
