"""What the approval chain keeps: its steps, each decision as it was made, and the
numbered request to publish printed as the memo. Its models are Django's through
``moderation.models``."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .office import Unit


class ApprovalStep(models.TextChoices):
    """The three steps of the measure's approval chain (§3.1), in order."""

    UNIT_DIRECTOR = "unit_director", _("Unit director")
    OFFICE_DIRECTOR = "office_director", _("Office director")
    PUBLISHER = "publisher", _("ICT publisher")


class ApprovalRecord(models.Model):
    """Who decided a step and in what capacity, as it was at the time, so a printed
    memo never changes when directors or the office change later."""

    task_state = models.OneToOneField(
        "wagtailcore.TaskState",
        on_delete=models.CASCADE,
        related_name="disclosure_record",
    )
    step = models.CharField(_("step"), max_length=20, choices=ApprovalStep.choices)
    routing = models.CharField(_("routing"), max_length=30)
    name = models.CharField(_("name"), max_length=255)
    position = models.CharField(_("position"), max_length=255)
    acting = models.BooleanField(_("acting for"), default=False)
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("version decided on"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    superseded_at = models.DateTimeField(
        _("superseded at"),
        null=True,
        blank=True,
        help_text=_(
            "Set when the content changed after this approval: the step decides again."
        ),
    )

    class Meta:
        verbose_name = _("approval record")
        verbose_name_plural = _("approval records")

    def __str__(self) -> str:
        return f"{self.name} ({self.position})"


class PublicationRequest(models.Model):
    """A request to publish (บันทึกขออนุญาตเผยแพร่ข้อมูลผ่านเว็บไซต์): one per workflow
    run of a unit-owned page, numbered per fiscal year, printed as the memo."""

    workflow_state = models.OneToOneField(
        "wagtailcore.WorkflowState",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="publication_request",
        verbose_name=_("workflow"),
        help_text=_("Empty for a publication outside the approval chain."),
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="publication_requests",
        verbose_name=_("page"),
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="publication_requests",
        verbose_name=_("unit"),
    )
    category = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("category"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("requested by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), db_index=True)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"))
    number = models.PositiveIntegerField(_("number"))
    document_number = models.CharField(
        _("document number"),
        max_length=80,
        blank=True,
        help_text=_("As printed on the memo (ที่ …), fixed when it was opened."),
    )
    # Published by an administrator outside the chain (urgent): the reason, what
    # was published, and the office director's acknowledgement.
    outside_chain = models.BooleanField(
        _("published outside the approval chain"), default=False
    )
    reason = models.TextField(_("reason"), blank=True)
    published_revision = models.ForeignKey(
        "wagtailcore.Revision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("version published"),
    )
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("acknowledged by"),
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    # Published urgently (by the office director, or by the ICT publisher on the
    # director's verbal order): approved after the fact by the unit director and
    # the office director (moderation.urgent) instead of acknowledged.
    urgent = models.BooleanField(_("urgent publication"), default=False)
    ordered_by = models.CharField(
        _("ordered by"),
        max_length=255,
        blank=True,
        help_text=_("The director whose verbal order the ICT publisher cited."),
    )
    retro_approved_at = models.DateTimeField(
        _("approved after the fact at"), null=True, blank=True
    )
    # A request withdrawn or cancelled: by whom, when and why (ความเห็น).
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("cancelled by"),
    )
    cancelled_by_name = models.CharField(
        _("cancelled by (name)"), max_length=255, blank=True
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_comment = models.TextField(_("reason for cancelling"), blank=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("request to publish")
        verbose_name_plural = _("requests to publish")
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "number"], name="unique_memo_number_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}/{self.fiscal_year} {self.page.title}"

    @staticmethod
    def format_number(prefix: str, number: int, fiscal_year: int) -> str:
        """ที่ … : the office's prefix, the running number and the fiscal year."""
        return f"{prefix}{number}/{fiscal_year}"
