"""The site's image model and the activity photo galleries (measure §3.2).

SafeImage is declared from the first migration because Wagtail's image model cannot
be swapped once images exist. Every file it stores is re-encoded without metadata
(see image_files.py), so no original or rendition carries GPS or a camera serial.
"""

from __future__ import annotations

import os

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.fields import RichTextField
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.models import Orderable, Page
from wagtail.search import index

from disclosure_thai.dates import fiscal_year
from disclosure_thai.search import ThaiSearchMixin, thai_search_fields
from moderation.change_notes import ChangeNotePanel
from moderation.pages import SectionPagePermissionTester, UnitOwnedPageMixin

from .forms import ActivityGalleryPageForm, GalleryFilterForm
from .image_files import StrippedUpload, clean_image_file
from .renditions import photo_sources

GALLERIES_PER_PAGE = 12
EAGER_PHOTOS = 4  # a row of the grid on a large screen


class SafeImage(AbstractImage):
    """An image of the office's website (WAGTAILIMAGES_IMAGE_MODEL), stored without
    EXIF/XMP/IPTC metadata and upright."""

    admin_form_fields = Image.admin_form_fields

    class Meta:
        # Named like Wagtail's own image model: the admin's listings count "images",
        # not "safe images" (a name made from the class, which no catalogue holds).
        verbose_name = _("image")
        verbose_name_plural = _("images")

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._stored_file_name = instance.__dict__.get("file")
        return instance

    def _file_is_new(self) -> bool:
        if not self.file:
            return False
        stored = getattr(self, "_stored_file_name", None)
        return not self.file._committed or self.file.name != stored

    def strip_file_metadata(self) -> None:
        """Replace the file with its re-encoded copy (raises ImageFileError)."""
        name = os.path.basename(self.file.name)
        committed = self.file._committed
        self.file.open("rb")
        self.file.seek(0)
        data = self.file.read()
        clean = clean_image_file(data, name)
        if committed:
            # A file already written to storage (Wagtail's "create from upload"
            # path): the original with its metadata must not stay behind.
            self.file.storage.delete(self.file.name)
        self.file = ContentFile(clean.content, name=name)
        self.width, self.height = clean.width, clean.height
        self.file_size = len(clean.content)
        self._set_file_hash()
        self.file.seek(0)

    @classmethod
    def from_upload(cls, data: bytes, name: str, **kwargs) -> SafeImage:
        """An unsaved image of an uploaded file, checked and cleaned once (raises
        ImageFileError before anything is built from a bad file)."""
        clean = clean_image_file(data, name)
        image = cls(file=ContentFile(clean.content, name=name), **kwargs)
        image.file_size = len(clean.content)
        image._file_cleaned = True
        return image

    def save(self, *args, **kwargs):
        if (
            self._file_is_new()
            and not getattr(self, "_file_cleaned", False)
            # Already stripped by the upload form (image_forms.SafeImageField).
            and not isinstance(getattr(self.file, "_file", None), StrippedUpload)
        ):
            self.strip_file_metadata()
        super().save(*args, **kwargs)
        self._stored_file_name = self.file.name
        self._file_cleaned = False


class SafeRendition(AbstractRendition):
    """A resized copy of a SafeImage."""

    image = models.ForeignKey(
        SafeImage, on_delete=models.CASCADE, related_name="renditions"
    )

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class GalleryStatus(models.TextChoices):
    """Where an activity stands in the measure's photo steps (§3.2 (1)-(3))."""

    PLANNED = "planned", _("Planned")
    SHOT = "shot", _("Photographed")
    SELECTED = "selected", _("Photos selected")
    CAPTIONED = "captioned", _("Captions written")


class GalleryIndexPage(Page):
    """The activity photo section (ภาพกิจกรรม): lists the galleries, newest first."""

    intro = RichTextField(_("introduction"), blank=True)

    # Templates live under the package name, not the app label.
    template = "photo_gallery/gallery_index_page.html"
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["disclosure_photo_gallery.ActivityGalleryPage"]
    max_count = 1
    # The approval workflow is assigned to this page's subtree by the set-up.
    disclosure_workflow_root = True

    class Meta:
        verbose_name = _("activity photo index")

    def permissions_for_user(self, user):
        # Staff add galleries here but do not edit, copy, move or delete the section.
        return SectionPagePermissionTester(user, self)

    def public_galleries(self):
        return (
            ActivityGalleryPage.objects.child_of(self)
            .live()
            .public()
            .select_related("unit")
            .prefetch_related(
                Prefetch(
                    "cover_image", queryset=SafeImage.objects.prefetch_renditions()
                )
            )
            .order_by("-event_date", "-pk")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        galleries = self.public_galleries()
        years = list(
            galleries.order_by("-fiscal_year")
            .values_list("fiscal_year", flat=True)
            .distinct()
        )
        form = GalleryFilterForm(
            request.GET or None, fiscal_years=[y for y in years if y]
        )
        if form.is_bound:
            form.is_valid()  # the valid filters apply, the others are reported
            galleries = form.filter(galleries)
        paginator = Paginator(galleries, GALLERIES_PER_PAGE)
        galleries_page = paginator.get_page(request.GET.get("page"))
        for gallery in galleries_page:
            gallery.cover_sources = (
                photo_sources(gallery.cover_image) if gallery.cover_image else None
            )
        context.update(
            {
                "filter_form": form,
                "filter_errors": form.is_bound and form.errors,
                "galleries_page": galleries_page,
                "paginator": paginator,
            }
        )
        return context


class ActivityGalleryPage(ThaiSearchMixin, UnitOwnedPageMixin, Page):
    """Photos of one activity of a unit: planned, shot, selected, captioned, approved."""

    disclosure_kind = "gallery"

    unit = models.ForeignKey(
        "disclosure_moderation.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="galleries",
    )
    event_date = models.DateField(
        _("date of the activity"), default=timezone.localdate, db_index=True
    )
    event_end_date = models.DateField(
        _("last day of the activity"),
        null=True,
        blank=True,
        help_text=_("Only for an activity of more than one day."),
    )
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year (B.E.)"), null=True, editable=False, db_index=True
    )
    place = models.CharField(_("place"), max_length=255, blank=True)
    photographers = models.CharField(
        _("photographers"),
        max_length=255,
        blank=True,
        help_text=_("Who takes the photos; several names separated by commas."),
    )
    status = models.CharField(
        _("photo status"),
        max_length=20,
        choices=GalleryStatus.choices,
        default=GalleryStatus.PLANNED,
    )
    description = models.TextField(_("description"), blank=True)
    related_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("related information"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("An item or category of the disclosure section about this."),
    )
    # Derived from the photos on every save (so listings need no photo query).
    cover_image = models.ForeignKey(
        SafeImage,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    photo_count = models.PositiveIntegerField(
        _("photos shown"), default=0, editable=False
    )

    template = "photo_gallery/activity_gallery_page.html"
    base_form_class = ActivityGalleryPageForm
    content_panels = [
        *Page.content_panels,
        FieldPanel("unit"),  # a plain select: see moderation.wagtail_hooks
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("event_date"), FieldPanel("event_end_date")]),
                FieldPanel("place"),
                FieldPanel("photographers"),
                FieldPanel("status"),
            ],
            heading=_("Planning"),
        ),
        FieldPanel("description"),
        PageChooserPanel("related_page"),
        # Photos are managed on their own page (photo_gallery.views): Wagtail's
        # InlinePanel takes seconds and megabytes to render 300 photos.
        HelpPanel(
            template="photo_gallery/admin/photos_help_panel.html",
            heading=_("Photos"),
        ),
        ChangeNotePanel(),  # a live gallery's new version says what changed
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("description"),
        index.SearchField("place"),
        index.FilterField("unit"),
        index.FilterField("fiscal_year"),
        index.FilterField("event_date"),
        *thai_search_fields(),  # Thai words found by the site and admin search
    ]
    thai_search_source_fields = ("description", "place")
    parent_page_types = ["disclosure_photo_gallery.GalleryIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("activity photo gallery")
        verbose_name_plural = _("activity photo galleries")

    def clean(self):
        super().clean()
        if (
            self.event_date
            and self.event_end_date
            and self.event_end_date < self.event_date
        ):
            raise ValidationError(
                {
                    "event_end_date": _(
                        "The last day is before the first day of the activity."
                    )
                }
            )

    def submission_errors(self) -> list[str]:
        """What stops the gallery from being submitted for approval or published:
        drafts may lack captions, a gallery going public may not."""
        errors = []
        photos = self.ordered_photos()
        missing_caption = [str(n) for n, p in enumerate(photos, 1) if not p.caption]
        missing_alt = [str(n) for n, p in enumerate(photos, 1) if not p.alt_text]
        if missing_caption:
            errors.append(
                _(
                    "Every photo needs a photo caption before the gallery is "
                    "submitted for approval. Missing on photo %(numbers)s."
                )
                % {"numbers": ", ".join(missing_caption)}
            )
        if missing_alt:
            errors.append(
                _(
                    "Every photo needs an alternative text before the gallery is "
                    "submitted for approval. Missing on photo %(numbers)s."
                )
                % {"numbers": ", ".join(missing_alt)}
            )
        if not any(p.show_on_page for p in photos):
            errors.append(
                _(
                    "A gallery needs at least one photo shown on the public page "
                    "before it is submitted for approval."
                )
            )
        if sum(1 for p in photos if p.is_cover) > 1:
            errors.append(_("Choose only one cover photo."))
        return errors

    def ordered_photos(self) -> list[GalleryPhoto]:
        """The photos in their order, from memory when the page is a draft."""
        return sorted(self.photos.all(), key=lambda p: (p.sort_order or 0, p.pk or 0))

    def save(self, *args, **kwargs):
        self.fiscal_year = fiscal_year(self.event_date) if self.event_date else None
        shown = [p for p in self.ordered_photos() if p.show_on_page]
        cover = next((p for p in shown if p.is_cover), shown[0] if shown else None)
        self.cover_image_id = cover.image_id if cover else None
        self.photo_count = len(shown)
        return super().save(*args, **kwargs)

    def memo_attachments(self) -> list[dict]:
        """What the request memo lists as attached: the photos to be shown."""
        shown = [p for p in self.ordered_photos() if p.show_on_page]
        return [
            {
                "title": gettext("Activity photos, %(count)s photos")
                % {"count": len(shown)}
            }
        ]

    def public_photos(self):
        """The photos shown to the public, with their renditions in one query."""
        photos = self.photos.all()
        if isinstance(photos, models.QuerySet):
            return list(
                photos.filter(show_on_page=True)
                .order_by("sort_order", "pk")
                .prefetch_related(
                    Prefetch("image", queryset=SafeImage.objects.prefetch_renditions())
                )
            )
        # A preview: the photos are in memory, not in the database.
        return [p for p in self.ordered_photos() if p.show_on_page]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        photos = []
        for photo in self.public_photos():
            photo.sources = photo_sources(photo.image)
            if photo.sources is None:
                continue  # its file is lost: show the others
            # The first row is on screen at once; the others load on scrolling.
            photo.lazy = len(photos) >= EAGER_PHOTOS
            photos.append(photo)
        context["photos"] = photos
        return context

    @property
    def event_dates(self) -> tuple:
        """First and last day, the last only when it differs."""
        if self.event_end_date and self.event_end_date != self.event_date:
            return (self.event_date, self.event_end_date)
        return (self.event_date,)


class GalleryPhoto(Orderable):
    """One photo of a gallery, with its caption, alternative text and credit."""

    page = ParentalKey(
        ActivityGalleryPage, on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ForeignKey(
        SafeImage,
        verbose_name=_("image"),
        on_delete=models.CASCADE,
        related_name="gallery_photos",
    )
    caption = models.CharField(
        _("photo caption"),
        max_length=500,
        help_text=_("Required before the gallery is submitted for approval."),
    )
    alt_text = models.CharField(
        _("alternative text"),
        max_length=255,
        help_text=_(
            "What the photo shows, for people who cannot see it. Required before "
            "the gallery is submitted for approval."
        ),
    )
    credit = models.CharField(_("credit"), max_length=255, blank=True)
    show_on_page = models.BooleanField(
        _("show on the public page"),
        default=True,
        help_text=_("Untick to keep the photo here without publishing it."),
    )
    is_cover = models.BooleanField(_("cover photo"), default=False)

    panels = [
        FieldPanel("image"),
        FieldPanel("caption"),
        FieldPanel("alt_text"),
        FieldRowPanel([FieldPanel("credit"), FieldPanel("show_on_page")]),
        FieldPanel("is_cover"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return self.caption or str(self.image_id)
