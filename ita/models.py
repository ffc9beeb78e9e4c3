"""The ITA catalogue: a fiscal year's indicators and the links to their evidence.

The indicators change almost every year and differ by agency type, so all of it is
data: a year (ItaYear) holds its indicators (ItaIndicator, code such as "O12"), each
with ordered evidence links (ItaEvidence) to pages, documents or outside addresses,
plus the items and galleries tagged with it (ItaPageTag) and, where the evidence is
mechanical, a rule (the items of a category in this fiscal year, its newest item).
What the public sees is resolved by ``ita.evidence``.
"""

from __future__ import annotations

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.documents import get_document_model_string
from wagtail.models import Orderable

from disclosure_thai.dates import fiscal_year_bounds


class ItaYearStatus(models.TextChoices):
    """Where a year's catalogue stands: only published and closed years are public."""

    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Closed")


PUBLIC_STATUSES = (ItaYearStatus.PUBLISHED, ItaYearStatus.CLOSED)


class ItaYearQuerySet(models.QuerySet):
    def public(self) -> ItaYearQuerySet:
        """Years the public may see (published or closed), newest first."""
        return self.filter(status__in=PUBLIC_STATUSES).order_by("-fiscal_year")


class ItaYear(models.Model):
    """One fiscal year's assessment (ITA ปีงบประمาณ พ.ศ. N) and its indicator list."""

    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year (B.E.)"),
        unique=True,
        help_text=_("The fiscal year of the assessment in the Buddhist era, e.g. 2569"),
    )
    title = models.CharField(_("title"), max_length=255, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ItaYearStatus.choices,
        default=ItaYearStatus.DRAFT,
        help_text=_("Only published and closed years are shown to the public."),
    )
    deadline = models.DateField(
        _("deadline"),
        null=True,
        blank=True,
        help_text=_("The date by which the evidence must be on the website."),
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ItaYearQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("fiscal_year"), FieldPanel("status")]),
        FieldPanel("title"),
        FieldPanel("deadline"),
        FieldPanel("note"),
    ]

    class Meta:
        ordering = ["-fiscal_year"]
        verbose_name = _("ITA year")
        verbose_name_plural = _("ITA years")

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        return self.title or str(
            _("ITA fiscal year B.E. %(year)s") % {"year": self.fiscal_year}
        )

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def bounds(self):
        """First and last day of the fiscal year."""
        return fiscal_year_bounds(self.fiscal_year)


class ItaFreshness(models.TextChoices):
    """How recent the evidence must be: what "older than the indicator requires"
    means for the completeness report."""

    NONE = "none", pgettext_lazy("ITA evidence freshness", "Any date")
    FISCAL_YEAR = "fiscal_year", _("Within the fiscal year")
    QUARTERLY = "quarterly", _("Every quarter")
    MONTHLY = "monthly", _("Every month")
    NEWEST = "newest", _("The newest version")


class ItaRuleKind(models.TextChoices):
    """Evidence found by rule, where it is mechanical."""

    NONE = "none", _("No rule")
    CATEGORY_IN_FISCAL_YEAR = (
        "category_in_fiscal_year",
        _("The category's items of this fiscal year"),
    )
    NEWEST_IN_CATEGORY = "newest_in_category", _("The category's newest item")


class ItaIndicator(ClusterableModel):
    """One indicator of a year's list (e.g. O12), its requirement and owning units."""

    year = models.ForeignKey(
        ItaYear,
        verbose_name=_("ITA year"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    code = models.CharField(
        _("code"), max_length=20, help_text=_("The indicator's code, e.g. O12")
    )
    title = models.CharField(_("title"), max_length=500)
    group = models.CharField(
        pgettext_lazy("ITA indicator", "group"),
        max_length=255,
        blank=True,
        help_text=_("The indicator's group or topic in the assessment's list."),
    )
    requirement = models.TextField(
        _("requirement"),
        blank=True,
        help_text=_("What the evidence must show, as the assessment's manual says."),
    )
    units = models.ManyToManyField(
        "disclosure_moderation.Unit",
        verbose_name=_("owning units"),
        blank=True,
        related_name="ita_indicators",
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0, db_index=True)
    freshness = models.CharField(
        _("how recent the evidence must be"),
        max_length=20,
        choices=ItaFreshness.choices,
        default=ItaFreshness.NONE,
    )
    rule_kind = models.CharField(
        _("evidence rule"),
        max_length=30,
        choices=ItaRuleKind.choices,
        default=ItaRuleKind.NONE,
        help_text=_(
            "Items published in a category join the indicator's evidence by themselves."
        ),
    )
    rule_category = models.ForeignKey(
        "disclosure_pages.DisclosureCategoryPage",
        verbose_name=_("category of the rule"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)

    panels = [
        FieldPanel("year"),
        FieldRowPanel([FieldPanel("code"), FieldPanel("sort_order")]),
        FieldPanel("title"),
        FieldPanel("group"),
        FieldPanel("requirement"),
        FieldPanel("units"),
        MultiFieldPanel(
            [
                FieldPanel("freshness"),
                FieldPanel("rule_kind"),
                PageChooserPanel(
                    "rule_category", "disclosure_pages.DisclosureCategoryPage"
                ),
            ],
            heading=_("Evidence found by rule"),
        ),
        InlinePanel("evidence", heading=_("Evidence links"), label=_("Evidence link")),
        FieldPanel("note"),
    ]

    class Meta:
        ordering = ["sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["year", "code"], name="ita_unique_code")
        ]
        verbose_name = _("ITA indicator")
        verbose_name_plural = _("ITA indicators")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def anchor(self) -> str:
        """The indicator's stable anchor on the year's page (``#O12``)."""
        return self.code


class ItaEvidence(Orderable):
    """A link from an indicator to its evidence: a page of the site, a document or
    an outside address (e.g. the NACC complaint channel), never a copy."""

    indicator = ParentalKey(
        ItaIndicator,
        verbose_name=_("ITA indicator"),
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    document = models.ForeignKey(
        get_document_model_string(),
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    url = models.URLField(_("address (URL)"), blank=True, max_length=1000)
    title = models.CharField(
        _("title"),
        max_length=500,
        blank=True,
        help_text=_("Shown instead of the page's or document's own title if given."),
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    panels = [
        PageChooserPanel("page"),
        FieldPanel("document"),
        FieldPanel("url"),
        FieldPanel("title"),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("evidence link")
        verbose_name_plural = _("evidence links")

    def __str__(self) -> str:
        target = self.page or self.document or self.url
        return f"{self.indicator.code}: {target}"


class IndicatorChoiceField(forms.ModelChoiceField):
    """Indicators newest year first, each named with its year (codes repeat)."""

    def __init__(self, queryset, **kwargs):
        queryset = queryset.select_related("year").order_by(
            "-year__fiscal_year", "sort_order", "pk"
        )
        super().__init__(queryset, **kwargs)

    def label_from_instance(self, obj: ItaIndicator) -> str:
        return f"{obj.year.fiscal_year} · {obj.code} {obj.title}"


class IndicatorForeignKey(models.ForeignKey):
    """A foreign key to an indicator whose form field names the year."""

    def formfield(self, **kwargs):
        kwargs.setdefault("form_class", IndicatorChoiceField)
        return super().formfield(**kwargs)


class ItaPageTag(Orderable):
    """An item or gallery tagged with an indicator when it is written.

    The rows belong to the page's revisions (a ParentalKey), so they are written to
    the page's own rows only when the page is published; the public link follows the
    page being live and public (``ita.evidence``).
    """

    page = ParentalKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="ita_tags",
    )
    indicator = IndicatorForeignKey(
        ItaIndicator,
        verbose_name=_("ITA indicator"),
        on_delete=models.CASCADE,
        related_name="page_tags",
    )

    panels = [FieldPanel("indicator")]

    class Meta(Orderable.Meta):
        verbose_name = _("ITA indicator of the page")
        verbose_name_plural = _("ITA indicators of the page")

    def __str__(self) -> str:
        return str(self.indicator)
