"""What a change to a live page keeps for the public: the note its editor wrote
when submitting the change (ประวัติการแก้ไข). Its model is Django's through
``moderation.models``; the rules are in ``moderation.change_notes``."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .records import PublicationRequest


class ChangeNote(models.Model):
    """What changed in a new version of a live page, written with the request to
    publish it; shown on the public page once that version is published. A minor
    edit is recorded (the editor chose it) but never shown."""

    page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="disclosure_change_notes",
        verbose_name=_("page"),
    )
    request = models.OneToOneField(
        PublicationRequest,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="change_note",
        verbose_name=_("request to publish"),
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("version submitted"),
    )
    note = models.TextField(_("change note"), blank=True)
    minor = models.BooleanField(_("minor edit"), default=False)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("written by"),
    )
    written_at = models.DateTimeField(_("written at"))
    published_at = models.DateTimeField(
        _("published at"), null=True, blank=True, db_index=True
    )

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("change note")
        verbose_name_plural = _("change notes")

    def __str__(self) -> str:
        return self.note[:60]
