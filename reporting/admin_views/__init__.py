"""Admin screens of the reporting app, one module per feature: the committee
report (``committee``), unit narratives (``narratives``) and evaluation
(``evaluation``); ``base`` holds the permission-and-period block they share."""

from .base import can_view_reports
from .committee import (
    CommitteeReportPrintView,
    CommitteeReportReopenView,
    CommitteeReportSubmitView,
    CommitteeReportView,
    CommitteeReportXlsxView,
)
from .evaluation import EvaluationReportView, FeedbackCommentRemoveView, page_evaluation
from .narratives import NarrativeEditView, NarrativesDueDateView, NarrativesView

__all__ = [
    "CommitteeReportPrintView",
    "CommitteeReportReopenView",
    "CommitteeReportSubmitView",
    "CommitteeReportView",
    "CommitteeReportXlsxView",
    "EvaluationReportView",
    "FeedbackCommentRemoveView",
    "NarrativeEditView",
    "NarrativesDueDateView",
    "NarrativesView",
    "can_view_reports",
    "page_evaluation",
]
