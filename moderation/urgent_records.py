"""What an urgent publication keeps after the fact: each director's approval of
it (อนุมัติย้อนหลัง), signed as it was at the time. Its model is Django's through
``moderation.models``; the rules are in ``moderation.urgent``."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .records import ApprovalStep, PublicationRequest

# The steps that approve an urgent publication after the fact, in order.
RETRO_STEPS = (ApprovalStep.UNIT_DIRECTOR, ApprovalStep.OFFICE_DIRECTOR)


class RetroApproval(models.Model):
    """One director's approval, after the fact, of a page published urgently; an
    urgent publication waits for one per step of ``RETRO_STEPS``."""

    request = models.ForeignKey(
        PublicationRequest,
        on_delete=models.CASCADE,
        related_name="retro_approvals",
        verbose_name=_("request to publish"),
    )
    step = models.CharField(_("step"), max_length=20, choices=ApprovalStep.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("approved by"),
    )
    routing = models.CharField(_("routing"), max_length=30)
    name = models.CharField(_("name"), max_length=255)
    position = models.CharField(_("position"), max_length=255)
    acting = models.BooleanField(_("acting for"), default=False)
    comment = models.TextField(_("comment"), blank=True)
    approved_at = models.DateTimeField(_("approved at"))

    class Meta:
        ordering = ["approved_at", "pk"]
        verbose_name = _("approval after the fact")
        verbose_name_plural = _("approvals after the fact")
        constraints = [
            models.UniqueConstraint(
                fields=["request", "step"], name="one_retro_approval_per_step"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.position})"
