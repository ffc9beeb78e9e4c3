"""Evaluation of each publication (measure §3.2(5), §3.3(6)) and the quarterly report
to the committee (measure §4).

Counters are per page (or document) per day, written with F() increments; feedback
keeps no address, user agent or cookie. Who was already counted today and the rate
limit's windows are kept under one-day pseudonyms (DailyVisitor, RateLimitWindow). Narratives are written per unit and period;
a committee report stores its figures and texts as a JSON snapshot once submitted.
"""

from django.conf import settings
from django.core.validators import (
    MaxLengthValidator,
    MaxValueValidator,
    MinValueValidator,
)
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.documents import get_document_model_string

from disclosure_thai.dates import FiscalPeriod

COMMENT_MAX_LENGTH = 1000


class PeriodKind(models.TextChoices):
    QUARTER = "quarter", _("quarter")
    HALF = "half", _("6-month round")
    YEAR = "year", _("full year")


class PeriodFieldsMixin(models.Model):
    """A fiscal period stored as three columns (see disclosure_thai.dates.FiscalPeriod)."""

    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year (B.E.)"),
        validators=[MinValueValidator(2400), MaxValueValidator(2700)],
    )
    period_kind = models.CharField(
        _("period"), max_length=10, choices=PeriodKind.choices
    )
    period_number = models.PositiveSmallIntegerField(_("number"), default=0)

    class Meta:
        abstract = True

    @property
    def period(self) -> FiscalPeriod:
        return FiscalPeriod(self.fiscal_year, self.period_kind, self.period_number)


class PageViewCount(models.Model):
    """How many times a counted page was viewed on one day (Bangkok date)."""

    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="disclosure_view_counts",
    )
    date = models.DateField(_("date"))
    views = models.PositiveIntegerField(_("views"), default=0)

    class Meta:
        verbose_name = _("page views per day")
        verbose_name_plural = _("page views per day")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "date"], name="disclosure_reporting_view_page_date"
            )
        ]
        indexes = [models.Index(fields=["date"])]

    def __str__(self) -> str:
        return f"{self.page_id} {self.date}: {self.views}"


class DocumentDownloadCount(models.Model):
    """How many times a document was downloaded on one day (Bangkok date)."""

    document = models.ForeignKey(
        get_document_model_string(),
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="disclosure_download_counts",
    )
    date = models.DateField(_("date"))
    downloads = models.PositiveIntegerField(_("downloads"), default=0)

    class Meta:
        verbose_name = _("document downloads per day")
        verbose_name_plural = _("document downloads per day")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "date"],
                name="disclosure_reporting_download_document_date",
            )
        ]
        indexes = [models.Index(fields=["date"])]

    def __str__(self) -> str:
        return f"{self.document_id} {self.date}: {self.downloads}"


class DailyVisitor(models.Model):
    """A visitor already counted today for one page or document, under a one-day
    pseudonym: an HMAC of the address, user agent and object, salted for the day.

    The unique (day, digest) row makes "once per visitor, object and day" hold by
    construction in every process; no address or user agent is stored, and the
    rows of earlier days are deleted (``reporting.tracking``).
    """

    day = models.DateField(_("date"))
    digest = models.CharField(_("pseudonym"), max_length=64)

    class Meta:
        verbose_name = _("visitor counted today")
        verbose_name_plural = _("visitors counted today")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "digest"], name="disclosure_reporting_visitor_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.digest[:8]}"


class RateLimitWindow(models.Model):
    """How many requests one client (a pseudonym of its address) made in one fixed
    window of the rate limit; incremented atomically by the database."""

    key = models.CharField(_("pseudonym"), max_length=64)
    # Unix time: compared as a plain number in the upsert and when old windows
    # are deleted.
    window_end = models.BigIntegerField(_("end of the window"))
    hits = models.PositiveIntegerField(_("requests"), default=0)

    class Meta:
        verbose_name = _("rate limit window")
        verbose_name_plural = _("rate limit windows")
        constraints = [
            models.UniqueConstraint(
                fields=["key", "window_end"],
                name="disclosure_reporting_rate_key_window",
            )
        ]
        indexes = [models.Index(fields=["window_end"])]

    def __str__(self) -> str:
        return f"{self.key[:8]} {self.window_end}: {self.hits}"


class Feedback(models.Model):
    """A visitor's answer to "Was this information useful?" on one page.

    Nothing identifies the visitor: no address, user agent, account or cookie.
    """

    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="disclosure_feedback",
    )
    created_at = models.DateTimeField(_("received at"), auto_now_add=True)
    useful = models.BooleanField(_("useful"))
    score = models.PositiveSmallIntegerField(
        _("satisfaction score"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    comment = models.TextField(
        _("comment"),
        blank=True,
        validators=[MaxLengthValidator(COMMENT_MAX_LENGTH)],
    )
    # The one-time number of the form that sent this answer: unique, so a form
    # posted again is refused by the database itself (reporting.views).
    form_nonce = models.CharField(
        _("form number"),
        max_length=32,
        unique=True,
        null=True,
        blank=True,
        editable=False,
    )

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        indexes = [models.Index(fields=["created_at"])]

    def __str__(self) -> str:
        return f"{self.page_id} {self.created_at:%Y-%m-%d}"


class NarrativeStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("not started")
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")


class UnitNarrative(PeriodFieldsMixin):
    """A unit director's account of one period: outcomes, problems, suggestions."""

    unit = models.ForeignKey(
        "disclosure_moderation.Unit",
        verbose_name=_("unit"),
        on_delete=models.CASCADE,
        related_name="report_narratives",
    )
    outcomes = models.TextField(
        _("outcomes, awareness or benefits of the publication"), blank=True
    )
    problems = models.TextField(_("problems and obstacles"), blank=True)
    suggestions = models.TextField(_("suggestions"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=NarrativeStatus.choices,
        default=NarrativeStatus.NOT_STARTED,
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("unit narrative")
        verbose_name_plural = _("unit narratives")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "fiscal_year", "period_kind", "period_number"],
                name="disclosure_reporting_narrative_unit_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.period.label}"


class ReportStatus(models.TextChoices):
    OPEN = "open", _("open")
    SUBMITTED = "submitted", _("submitted to the committee")


class CommitteeReport(PeriodFieldsMixin):
    """The report of one period compiled for the committee; frozen once submitted."""

    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ReportStatus.choices,
        default=ReportStatus.OPEN,
    )
    snapshot = models.JSONField(_("frozen figures and texts"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("committee report")
        verbose_name_plural = _("committee reports")
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "period_kind", "period_number"],
                name="disclosure_reporting_report_period",
            )
        ]
        permissions = [
            ("submit_committeereport", _("Can submit a report to the committee")),
            ("reopen_committeereport", _("Can reopen a submitted report")),
        ]

    def __str__(self) -> str:
        return self.period.label

    @property
    def is_frozen(self) -> bool:
        return self.status == ReportStatus.SUBMITTED and self.snapshot is not None
