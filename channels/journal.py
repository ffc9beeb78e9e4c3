"""The office journal (วารสาร / จดหมายข่าว): issues compiled by public relations.

An issue is numbered within its fiscal year (ฉบับที่ N ปีงบประมาณ พ.ศ. B), holds
chosen live public items and galleries in order, is printed to an A4 PDF and
published on the site as an item of category 1.3 through the approval chain. When
that page first goes live, each page the issue holds is logged once as a posting on
the journal channel.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.documents import get_document_model_string
from wagtail.models import Page, Site

from disclosure_thai.dates import (
    fiscal_quarter,
    fiscal_year,
    format_thai_date,
)
from moderation.page_kinds import counted_models


class JournalFrequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")


class JournalIssue(models.Model):
    """One issue of the office journal, numbered within its fiscal year."""

    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year (B.E.)"), editable=False
    )
    number = models.PositiveSmallIntegerField(_("issue number"), editable=False)
    frequency = models.CharField(
        _("frequency"),
        max_length=10,
        choices=JournalFrequency.choices,
        default=JournalFrequency.MONTHLY,
    )
    issue_date = models.DateField(_("date of the issue"), default=timezone.localdate)
    foreword = models.TextField(_("foreword"), blank=True)
    pages = models.ManyToManyField(
        "wagtailcore.Page",
        through="JournalEntry",
        related_name="journal_issues",
        verbose_name=_("items and galleries"),
    )
    # The issue as published on the site: an item of category 1.3 with the PDF.
    page = models.OneToOneField(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="journal_issue",
        verbose_name=_("page on the website"),
    )
    document = models.ForeignKey(
        get_document_model_string(),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("PDF"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("compiled by"),
    )
    created_at = models.DateTimeField(_("compiled at"), auto_now_add=True)
    # The form that made the issue: a second post of the same form finds it.
    form_token = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    postings_logged_at = models.DateTimeField(
        _("postings logged at"), null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["-fiscal_year", "-number"]
        verbose_name = _("journal issue")
        verbose_name_plural = _("journal issues")
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "number"], name="channels_one_issue_number"
            )
        ]

    def __str__(self) -> str:
        return self.number_label

    @property
    def number_label(self) -> str:
        """ฉบับที่ N ปีงบประมาณ พ.ศ. B (the cover prints it in Thai digits)."""
        return gettext("Issue %(number)s, fiscal year B.E. %(year)s") % {
            "number": self.number,
            "year": self.fiscal_year,
        }

    @property
    def period_label(self) -> str:
        """The month (monthly) or fiscal quarter (quarterly) the issue covers."""
        date = self.issue_date
        if self.frequency == JournalFrequency.QUARTERLY:
            text = gettext("Quarter %(quarter)s, fiscal year B.E. %(year)s") % {
                "quarter": fiscal_quarter(date),
                "year": fiscal_year(date),
            }
        else:
            text = gettext("Month of %(month)s") % {
                "month": format_thai_date(date, "month")
            }
        return text

    def entry_pages(self) -> list[Page]:
        """The pages the issue holds, in order, as their specific types."""
        ids = list(
            self.entries.order_by("sort_order", "pk").values_list("page_id", flat=True)
        )
        pages = {page.pk: page for page in Page.objects.filter(pk__in=ids).specific()}
        return [pages[pk] for pk in ids if pk in pages]


class JournalEntry(models.Model):
    """An item or gallery in an issue, in the order the issue prints it."""

    issue = models.ForeignKey(
        JournalIssue, on_delete=models.CASCADE, related_name="entries"
    )
    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+"
    )
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "page"], name="channels_page_once_per_issue"
            )
        ]

    def __str__(self) -> str:
        return f"{self.issue} · {self.page_id}"


def eligible_pages(site: Site | None = None):
    """What an issue may hold: live public items and galleries (of ``site`` when
    given), never an issue of the journal itself."""
    pages = (
        Page.objects.live()
        .public()
        .type(*counted_models())
        .filter(journal_issue__isnull=True)
    )
    return pages.in_site(site) if site is not None else pages


def next_number(year: int) -> int:
    """The next free issue number of fiscal year ``year`` (B.E.)."""
    top = JournalIssue.objects.filter(fiscal_year=year).aggregate(Max("number"))
    return (top["number__max"] or 0) + 1


def create_issue(
    *,
    pages: list[Page],
    user,
    frequency: str = JournalFrequency.MONTHLY,
    issue_date: dt.date | None = None,
    foreword: str = "",
    form_token: uuid.UUID | None = None,
) -> tuple[JournalIssue, bool]:
    """A new issue holding ``pages`` in order, numbered next in its fiscal year.

    The same form posted twice (the same ``form_token``) gives the issue it already
    made and False. The caller has checked the pages against ``eligible_pages``.
    """
    issue_date = issue_date or timezone.localdate()
    year = fiscal_year(issue_date)
    if form_token is not None:
        existing = JournalIssue.objects.filter(form_token=form_token).first()
        if existing is not None:
            return existing, False
    for _attempt in range(3):
        try:
            with transaction.atomic():
                issue = JournalIssue.objects.create(
                    fiscal_year=year,
                    number=next_number(year),
                    frequency=frequency,
                    issue_date=issue_date,
                    foreword=foreword,
                    created_by=user,
                    form_token=form_token or uuid.uuid4(),
                )
                JournalEntry.objects.bulk_create(
                    JournalEntry(issue=issue, page=page, sort_order=i)
                    for i, page in enumerate(pages)
                )
                return issue, True
        except IntegrityError:
            # Another request took the number, or made the issue of this form.
            if form_token is not None:
                existing = JournalIssue.objects.filter(form_token=form_token).first()
                if existing is not None:
                    return existing, False
    raise IntegrityError("no free issue number after three attempts")
