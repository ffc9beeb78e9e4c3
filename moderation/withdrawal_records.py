"""What a withdrawal keeps: why a unit's live page left the public, what replaces
it, who asked and who carried it out. Its model is Django's through
``moderation.models``; the rules are in ``moderation.withdrawal``."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .office import Unit


class WithdrawalReason(models.TextChoices):
    """Why a publication was withdrawn, as the public notice says it."""

    PUBLISHED_IN_ERROR = "published_in_error", _("Published in error")
    SUPERSEDED = "superseded", _("Superseded")
    NO_LONGER_CURRENT = "no_longer_current", _("No longer current")


class Withdrawal(models.Model):
    """One withdrawal of a unit's item or gallery (การถอนการเผยแพร่).

    Asked through the approval chain (``workflow_state`` set, ``withdrawn_at`` empty
    until the chain's last approval carries it out), done at once by an
    administrator, or made by the page's expiry date (``expired``). While the page
    stays unpublished its public address shows the notice built from this record.
    """

    page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="disclosure_withdrawals",
        verbose_name=_("page"),
    )
    unit = models.ForeignKey(
        Unit,
        null=True,
        on_delete=models.SET_NULL,
        related_name="withdrawals",
        verbose_name=_("unit"),
    )
    reason = models.CharField(
        _("reason"), max_length=30, choices=WithdrawalReason.choices
    )
    explanation = models.TextField(_("explanation"), blank=True)
    replaced_by = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("replaced by"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"))
    workflow_state = models.OneToOneField(
        "wagtailcore.WorkflowState",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="disclosure_withdrawal",
        verbose_name=_("request to withdraw"),
    )
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("withdrawn by"),
    )
    withdrawn_at = models.DateTimeField(
        _("withdrawn at"), null=True, blank=True, db_index=True
    )
    expired = models.BooleanField(_("by its expiry date"), default=False)

    class Meta:
        ordering = ["-withdrawn_at", "-pk"]
        verbose_name = _("withdrawal")
        verbose_name_plural = _("withdrawals")

    def __str__(self) -> str:
        return f"{self.page_id} {self.reason}"
