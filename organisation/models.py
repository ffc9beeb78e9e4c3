"""The executives (1.5) and the organisation structure (1.4) as page types.

Both are disclosure items (they extend ``DisclosureItemPage``): owned by one unit,
sent through the approval chain, counted, fed, searched and evaluated as every item
is, and listed on their category page. Each stands only under its own category
(``DISCLOSURE_EXECUTIVES_CATEGORY``, 1.5; ``DISCLOSURE_STRUCTURE_CATEGORY``, 1.4).
"""

from __future__ import annotations

import re

from django.conf import settings
from django.db import models
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.models import Orderable, Page

from disclosure_pages.models import DisclosureItemPage
from moderation.change_notes import ChangeNotePanel
from moderation.office import office_for
from photo_gallery.models import SafeImage

from .chart import build_chart
from .forms import ExecutivesPageForm


def executives_category_code() -> str:
    return getattr(settings, "DISCLOSURE_EXECUTIVES_CATEGORY", "1.5")


def structure_category_code() -> str:
    return getattr(settings, "DISCLOSURE_STRUCTURE_CATEGORY", "1.4")


def _category_code(parent) -> str | None:
    return getattr(parent.specific, "code", None)


ITEM_PANELS = [
    *Page.content_panels,
    FieldPanel("unit"),  # a plain select: see moderation.wagtail_hooks
    FieldPanel("publication_date"),
]


class ExecutivesPage(DisclosureItemPage):
    """The office's executives (ข้อมูลผู้บริหาร): each post with the person holding
    it, in the office's order."""

    content_panels = [
        *ITEM_PANELS,
        FieldPanel(
            "summary", heading=pgettext_lazy("organisation page", "Introduction")
        ),
        InlinePanel(
            "executives",
            heading=_("Executives"),
            label=pgettext_lazy("executive", "post"),
        ),
        FieldPanel("body", heading=pgettext_lazy("organisation page", "Attachments")),
        ChangeNotePanel(),  # a live page's new version says what changed
    ]
    search_fields = [*DisclosureItemPage.search_fields]
    parent_page_types = ["disclosure_pages.DisclosureCategoryPage"]
    subpage_types: list[str] = []
    base_form_class = ExecutivesPageForm
    template = "organisation/executives_page.html"

    class Meta:
        verbose_name = _("executives")
        verbose_name_plural = _("executives pages")

    @classmethod
    def can_create_at(cls, parent):
        return (
            super().can_create_at(parent)
            and _category_code(parent) == executives_category_code()
        )

    def can_move_to(self, parent):
        return (
            super().can_move_to(parent)
            and _category_code(parent) == executives_category_code()
        )

    def people(self) -> list[Executive]:
        """The posts in the office's order: the office director, the deputies, the
        unit directors in the units' order, then the others; within a level as the
        editor ordered them. From memory when the page is a preview or a draft."""
        executives = self.executives.all()
        if isinstance(executives, models.QuerySet):
            executives = executives.select_related("unit").prefetch_related(
                Prefetch("photo", queryset=SafeImage.objects.prefetch_renditions())
            )
        return sorted(executives, key=Executive.order_key)

    def extra_search_text(self):
        texts = list(super().extra_search_text())
        for person in self.executives.all():
            texts.extend([person.name, person.position])
        return [t for t in texts if t]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        people = self.people()
        context["levels"] = [
            {
                "level": level,
                "label": label,
                "people": [p for p in people if p.level == level],
            }
            for level, label in Executive.Level.choices
            if any(p.level == level for p in people)
        ]
        return context


class Executive(Orderable):
    """One post of the executives page and the person holding it; a post without
    a name is shown as vacant (ตำแหน่งว่าง)."""

    class Level(models.IntegerChoices):
        OFFICE_DIRECTOR = 1, _("Office director")
        DEPUTY = 2, _("Deputy directors")
        UNIT_DIRECTOR = 3, _("Unit directors")
        OTHER = 4, _("Other executives")

    page = ParentalKey(
        ExecutivesPage, on_delete=models.CASCADE, related_name="executives"
    )
    level = models.PositiveSmallIntegerField(
        pgettext_lazy("executive", "level"),
        choices=Level.choices,
        default=Level.UNIT_DIRECTOR,
        help_text=_(
            "The page lists the office director first, then the deputies, then the "
            "unit directors in the units' order."
        ),
    )
    unit = models.ForeignKey(
        "disclosure_moderation.Unit",
        verbose_name=pgettext_lazy("executive", "unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("For a unit director: the unit they direct."),
    )
    position = models.CharField(
        pgettext_lazy("executive", "position"),
        max_length=255,
        help_text=_("e.g. ผู้อำนวยการกลุ่มนโยบายและแผน"),
    )
    name = models.CharField(
        pgettext_lazy("executive", "name"),
        max_length=255,
        blank=True,
        help_text=_("Leave empty while the post is vacant: the page says so."),
    )
    photo = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=pgettext_lazy("executive", "photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "A portrait; its metadata (place, camera) is removed when it is "
            "uploaded. The page describes it with the name and position."
        ),
    )
    phone = models.CharField(
        pgettext_lazy("executive", "phone"), max_length=100, blank=True
    )
    email = models.EmailField(
        pgettext_lazy("executive", "email"),
        blank=True,
        help_text=_("Only an address the office chooses to publish."),
    )

    panels = [
        FieldRowPanel([FieldPanel("level"), FieldPanel("unit")]),
        FieldPanel("position"),
        FieldPanel("name"),
        FieldPanel("photo"),
        FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = pgettext_lazy("executive", "post")
        verbose_name_plural = pgettext_lazy("executive", "posts")

    def __str__(self) -> str:
        return f"{self.position}: {self.name}" if self.name else self.position

    def order_key(self) -> tuple:
        unit_order = (self.unit.sort_order, self.unit.name_th) if self.unit else ()
        return (self.level, bool(self.unit), unit_order, self.sort_order or 0)

    @property
    def is_vacant(self) -> bool:
        return not self.name.strip()

    @property
    def phone_href(self) -> str | None:
        """A tel: link to the first number written, when it reads as one."""
        first = re.split(r"[,/]|ต่อ|ext", self.phone, maxsplit=1)[0]
        digits = "".join(c for c in first if c in "+0123456789")
        return f"tel:{digits}" if len(digits) >= 6 else None

    @property
    def alt_text(self) -> str:
        """What the photo shows: the person and their post."""
        return f"{self.name}, {self.position}" if self.name else self.position


class StructurePage(DisclosureItemPage):
    """The organisation structure (โครงสร้างองค์กร): the page's own text goes through
    the approval chain; the chart is drawn from the units each time it is shown."""

    content_panels = [
        *ITEM_PANELS,
        FieldPanel(
            "summary", heading=pgettext_lazy("organisation page", "Introduction")
        ),
        FieldPanel("body", heading=_("Roles and duties, attachments")),
        ChangeNotePanel(),  # a live page's new version says what changed
    ]
    search_fields = [*DisclosureItemPage.search_fields]
    parent_page_types = ["disclosure_pages.DisclosureCategoryPage"]
    subpage_types: list[str] = []
    template = "organisation/structure_page.html"

    class Meta:
        verbose_name = _("organisation structure")
        verbose_name_plural = _("organisation structure pages")

    @classmethod
    def can_create_at(cls, parent):
        return (
            super().can_create_at(parent)
            and _category_code(parent) == structure_category_code()
        )

    def can_move_to(self, parent):
        return (
            super().can_move_to(parent)
            and _category_code(parent) == structure_category_code()
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["chart"] = build_chart(office_for(self))
        return context
