"""The example site's own page type and the look the office gives it."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.forms import TextInput
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from moderation.pages import SectionPagePermissionTester

from .appearance import HEX_COLOUR, TEXT_CONTRAST, UI_CONTRAST, WHITE, contrast_ratio
from .blocks import HomeBodyBlock
from .home import section_data


class HomePage(Page):
    """The site's home page: a welcome text and the sections ICT arranges (newest
    items, procurement notices, activity photos, quick links, a highlight)."""

    intro = RichTextField(_("introduction"), blank=True)
    body = StreamField(
        HomeBodyBlock(),
        verbose_name=_("sections"),
        blank=True,
        help_text=_(
            "The home page's sections, top to bottom. Lists of items and activity "
            "photos fill themselves with the newest published ones."
        ),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def permissions_for_user(self, user):
        # ICT publishers change and publish it; only administrators delete or
        # move it, and nobody copies it.
        return SectionPagePermissionTester(user, self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = section_data(self, self.body)
        return context


colour_validator = RegexValidator(
    HEX_COLOUR, _("Write the colour as # and six hexadecimal digits, e.g. #0a3d6b.")
)
COLOUR_WIDGET = TextInput(attrs={"type": "color"})


@register_setting(icon="view")
class SiteAppearance(BaseSiteSetting):
    """The office's look on the public site: logo, colours and mourning mode."""

    logo = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Shown beside the office's name on every page, and as the browser tab's "
            "icon. A square PNG of at least 192 × 192 pixels works best."
        ),
    )
    primary_colour = models.CharField(
        _("main colour"),
        max_length=7,
        default="#0a3d6b",
        validators=[colour_validator],
        help_text=_("The header, buttons and headings' lines."),
    )
    text_on_primary_colour = models.CharField(
        _("colour of text on the main colour"),
        max_length=7,
        default="#ffffff",
        validators=[colour_validator],
    )
    accent_colour = models.CharField(
        _("accent colour"),
        max_length=7,
        default="#ffd43b",
        validators=[colour_validator],
        help_text=_("Marks the current page in the menu and the highlight banner."),
    )
    mourning = models.BooleanField(
        _("mourning mode"),
        default=False,
        help_text=_(
            "For a period of national mourning: the site in greyscale with a black "
            "ribbon."
        ),
    )
    mourning_starts = models.DateField(_("starts on"), null=True, blank=True)
    mourning_ends = models.DateField(
        _("ends on"),
        null=True,
        blank=True,
        help_text=_(
            "Leave the dates empty to keep the mode on until it is switched off."
        ),
    )

    panels = [
        FieldPanel("logo"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("primary_colour", widget=COLOUR_WIDGET),
                        FieldPanel("text_on_primary_colour", widget=COLOUR_WIDGET),
                        FieldPanel("accent_colour", widget=COLOUR_WIDGET),
                    ]
                )
            ],
            heading=_("Colours"),
            help_text=_(
                "Text must stay readable: a contrast of at least 4.5:1 between the "
                "main colour and its text, and between the main colour and white."
            ),
        ),
        MultiFieldPanel(
            [
                FieldPanel("mourning"),
                FieldRowPanel(
                    [FieldPanel("mourning_starts"), FieldPanel("mourning_ends")]
                ),
            ],
            heading=_("Mourning"),
        ),
    ]

    class Meta:
        verbose_name = _("site appearance")

    DEFAULT_COLOURS = ("#0a3d6b", "#ffffff", "#ffd43b")

    def clean(self):
        super().clean()
        errors = {}
        colours = (self.primary_colour, self.text_on_primary_colour, self.accent_colour)
        if all(HEX_COLOUR.match(c or "") for c in colours):
            on_primary = contrast_ratio(
                self.text_on_primary_colour, self.primary_colour
            )
            if on_primary < TEXT_CONTRAST:
                errors["text_on_primary_colour"] = _(
                    "Text on the main colour would be hard to read: the contrast is "
                    "%(ratio).1f:1, at least %(minimum).1f:1 is needed."
                ) % {"ratio": on_primary, "minimum": TEXT_CONTRAST}
            on_white = contrast_ratio(self.primary_colour, WHITE)
            if on_white < TEXT_CONTRAST:
                errors["primary_colour"] = _(
                    "The main colour on a white background would be hard to read: "
                    "the contrast is %(ratio).1f:1, at least %(minimum).1f:1 is needed."
                ) % {"ratio": on_white, "minimum": TEXT_CONTRAST}
            accent = contrast_ratio(self.accent_colour, self.primary_colour)
            if accent < UI_CONTRAST:
                errors["accent_colour"] = _(
                    "The accent colour does not stand out from the main colour: the "
                    "contrast is %(ratio).1f:1, at least %(minimum).1f:1 is needed."
                ) % {"ratio": accent, "minimum": UI_CONTRAST}
        if (
            self.mourning_starts
            and self.mourning_ends
            and self.mourning_ends < self.mourning_starts
        ):
            errors["mourning_ends"] = _("The end of the period is before its start.")
        if errors:
            raise ValidationError(errors)

    def mourning_on(self, today: dt.date | None = None) -> bool:
        """Whether the site shows mourning today (the switch on, within its dates)."""
        if not self.mourning:
            return False
        today = today or timezone.localdate()
        if self.mourning_starts and today < self.mourning_starts:
            return False
        return not (self.mourning_ends and today > self.mourning_ends)

    @property
    def custom_colours(self) -> bool:
        colours = (self.primary_colour, self.text_on_primary_colour, self.accent_colour)
        return tuple(c.lower() for c in colours) != self.DEFAULT_COLOURS

    @property
    def colours_version(self) -> str:
        """Changes with the colours, so browsers keep the colour sheet until then."""
        colours = (
            f"{self.primary_colour}{self.text_on_primary_colour}{self.accent_colour}"
        )
        return hashlib.sha256(colours.lower().encode()).hexdigest()[:10]
