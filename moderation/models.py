"""The office and its units (กลุ่ม/หน่วย): the people behind every publication."""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


class UnitKind(models.TextChoices):
    ICT = "ict", _("ICT (publishes on the website)")
    PR = "pr", _("Public relations")
    OTHER = "other", _("Other unit")


class UnitQuerySet(models.QuerySet):
    def for_user(self, user) -> "UnitQuerySet":
        """Units where the user is a member, the director or the deputy."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            models.Q(members=user) | models.Q(director=user) | models.Q(deputy=user)
        ).distinct()


class Unit(models.Model):
    """A unit of the office (กลุ่ม/หน่วย) that supplies and owns published information."""

    code = models.SlugField(
        _("code"),
        max_length=50,
        unique=True,
        help_text=_("A short stable identifier, e.g. 'policy'. Used in addresses."),
    )
    name_th = models.CharField(_("name (Thai)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    kind = models.CharField(
        _("kind"), max_length=10, choices=UnitKind.choices, default=UnitKind.OTHER
    )
    director = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("unit director"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="directed_units",
    )
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deputy"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deputised_units",
        help_text=_(
            "Acts for the director when the director is away or is the requester."
        ),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("members"),
        blank=True,
        related_name="disclosure_units",
        help_text=_("Staff who prepare this unit's information."),
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    objects = UnitQuerySet.as_manager()

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name_th"),
                FieldPanel("name_en"),
                FieldPanel("short_name"),
                FieldPanel("code"),
                FieldPanel("kind"),
                FieldPanel("sort_order"),
            ],
            heading=_("Unit"),
        ),
        MultiFieldPanel(
            [FieldPanel("director"), FieldPanel("deputy"), FieldPanel("members")],
            heading=_("People"),
        ),
    ]

    class Meta:
        ordering = ["sort_order", "name_th"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The Thai name, or the English one for an English admin user when set."""
        if self.name_en and (get_language() or "").startswith("en"):
            return self.name_en
        return self.name_th


@register_setting(icon="home")
class OfficeSettings(BaseSiteSetting):
    """The office running the measure: its name, head and contacts — data, not code."""

    name_th = models.CharField(_("office name (Thai)"), max_length=255, blank=True)
    name_en = models.CharField(_("office name (English)"), max_length=255, blank=True)
    short_name_th = models.CharField(
        _("short name (Thai)"),
        max_length=100,
        blank=True,
        help_text=_("For example สพป. + province + area number"),
    )
    office_director = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("office director"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=100, blank=True)
    email = models.EmailField(_("email"), blank=True)
    ict_unit = models.ForeignKey(
        Unit,
        verbose_name=_("ICT unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Publishes on the website (measure §2.1)."),
    )
    pr_unit = models.ForeignKey(
        Unit,
        verbose_name=_("public relations unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Publishes through other channels (measure §2.2)."),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name_th"),
                FieldPanel("name_en"),
                FieldPanel("short_name_th"),
                FieldPanel("office_director"),
            ],
            heading=_("Office"),
        ),
        MultiFieldPanel(
            [FieldPanel("address"), FieldPanel("phone"), FieldPanel("email")],
            heading=_("Contact"),
        ),
        MultiFieldPanel(
            [FieldPanel("ict_unit"), FieldPanel("pr_unit")],
            heading=_("Responsible units"),
        ),
    ]

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("office")

    def __str__(self) -> str:
        return self.name_th or str(_("Office"))
