"""The office and its units (กลุ่ม/หน่วย), and the groups that hold the measure's roles:
the people behind every publication, and who belongs where.

The lowest layer of moderation: it imports nothing of the project, and every other
module of moderation may import it. Its models are Django's through
``moderation.models``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Page, Site


class UnitKind(models.TextChoices):
    ICT = "ict", _("ICT (publishes on the website)")
    PR = "pr", _("Public relations")
    OTHER = "other", _("Other unit")


class UnitQuerySet(models.QuerySet):
    def for_user(self, user) -> UnitQuerySet:
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
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        help_text=_(
            "The unit this one reports to, for the organisation chart. Leave empty "
            "for a unit that reports to the office director."
        ),
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
                FieldPanel("parent"),
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

    def clean(self) -> None:
        """A unit cannot report to itself, directly or through the units above it."""
        super().clean()
        seen = {self.pk} if self.pk else set()
        parent = self.parent
        while parent is not None:
            if parent.pk in seen:
                raise ValidationError(
                    {
                        "parent": _(
                            "A unit cannot report to itself or to a unit under it."
                        )
                    }
                )
            seen.add(parent.pk)
            parent = parent.parent

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
    memo_number_prefix = models.CharField(
        _("memo number prefix"),
        max_length=50,
        blank=True,
        help_text=_(
            "Printed before the running number of each request memo, e.g. ศธ 04001/. "
            "Numbers restart at 1 each fiscal year."
        ),
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
                FieldPanel("memo_number_prefix"),
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


class Role(models.TextChoices):
    """The measure's roles; each is one Django group (see README, "Roles")."""

    EDITOR = "editor", _("Editor (prepares a unit's items)")
    UNIT_DIRECTOR = "unit_director", _("Unit director")
    OFFICE_DIRECTOR = "office_director", _("Office director")
    ICT_PUBLISHER = "ict_publisher", _("ICT publisher")
    PR = "pr", _("Public relations")
    COMMITTEE = "committee", _("Committee")
    ADMINISTRATOR = "administrator", _("Administrator")


class RoleGroup(models.Model):
    """Which Django group holds a role, so a group can be renamed safely."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, unique=True)
    group = models.OneToOneField(
        "auth.Group", on_delete=models.CASCADE, related_name="disclosure_role"
    )

    class Meta:
        verbose_name = _("role group")
        verbose_name_plural = _("role groups")

    def __str__(self) -> str:
        return f"{self.get_role_display()} → {self.group.name}"


def unit_ids_for(user) -> frozenset[int]:
    """Units where the user is a member, the director or the deputy (cached on user)."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_disclosure_unit_ids", None)
    if cached is None:
        cached = frozenset(Unit.objects.for_user(user).values_list("pk", flat=True))
        user._disclosure_unit_ids = cached
    return cached


def content_unit(content: dict | None) -> int | None:
    """The unit named in a revision's content (a live page's row may still hold the
    published unit while its draft names another)."""
    unit_id = (content or {}).get("unit")
    return unit_id if isinstance(unit_id, int) else None


def office_for(page: Page) -> OfficeSettings:
    """The office of the page's site (the default site's for a page of none)."""
    site = page.get_site() or Site.objects.filter(is_default_site=True).first()
    return OfficeSettings.for_site(site)


def ict_unit_ids(office: OfficeSettings) -> list[int]:
    """The office's ICT unit; without one named, the units of kind ICT (as roles do)."""
    if office.ict_unit_id:
        return [office.ict_unit_id]
    return list(Unit.objects.filter(kind=UnitKind.ICT).values_list("pk", flat=True))
