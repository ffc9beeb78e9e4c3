"""The other channels: which channels the office posts to, what is marked for them,
and the channel log of every posting.

- ``Channel`` is data the office edits (Facebook page, LINE Official Account, X, the
  notice board, the office journal): its name, kind, the length of a post and the
  size of its picture, its hashtags.
- ``ChannelMark`` says that a page (an item or a gallery) is to go out on a channel:
  asked by the editor, or decided by ICT when it is published. Marks of live public
  pages make public relations' queue.
- ``ChannelPosting`` is one line of the channel log: the page went out on a channel
  at a time, at an address or a board location, by someone. A posting is never
  edited in place: a correction is a new posting that replaces it (the old one stays,
  no longer current) and a removal keeps the posting with who removed it and why.
  Counts read the current postings only.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel


class ChannelKind(models.TextChoices):
    SOCIAL = "social", _("Social media")
    BOARD = "board", _("Notice board")
    JOURNAL = "journal", _("Office journal")


class ChannelQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)


class Channel(models.Model):
    """A channel the office posts to, with what a post on it may hold."""

    key = models.SlugField(
        _("key"),
        max_length=40,
        unique=True,
        help_text=_("A short name in Latin letters used in addresses and exports."),
    )
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(
        _("kind"),
        max_length=10,
        choices=ChannelKind.choices,
        default=ChannelKind.SOCIAL,
    )
    max_length = models.PositiveIntegerField(
        _("longest post (characters)"),
        null=True,
        blank=True,
        help_text=_("Leave empty when the channel sets no limit."),
    )
    image_width = models.PositiveIntegerField(
        _("picture width (pixels)"), null=True, blank=True
    )
    image_height = models.PositiveIntegerField(
        _("picture height (pixels)"), null=True, blank=True
    )
    hashtags = models.CharField(
        _("hashtags"),
        max_length=255,
        blank=True,
        help_text=_("Added to every post on this channel, separated by spaces."),
    )
    active = models.BooleanField(_("in use"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = ChannelQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("key")]),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("max_length")]),
        FieldRowPanel([FieldPanel("image_width"), FieldPanel("image_height")]),
        FieldPanel("hashtags"),
        FieldRowPanel([FieldPanel("active"), FieldPanel("sort_order")]),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("channel")
        verbose_name_plural = _("channels")

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        if (self.image_width is None) != (self.image_height is None):
            raise ValidationError(
                _("Give both the picture's width and its height, or neither.")
            )

    @property
    def rendition_spec(self) -> str:
        """The Wagtail rendition filter of this channel's picture."""
        if self.image_width and self.image_height:
            return f"fill-{self.image_width}x{self.image_height}|format-jpeg"
        return "max-1200x1200|format-jpeg"


class MarkSource(models.TextChoices):
    REQUESTED = "requested", _("Requested by the editor")
    PUBLISHED = "published", _("Decided when published")
    PR = "pr", _("Added by public relations")


class ChannelMark(models.Model):
    """A page marked to go out on one channel."""

    page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="channel_marks",
        verbose_name=_("page"),
    )
    channel = models.ForeignKey(
        Channel,
        on_delete=models.CASCADE,
        related_name="marks",
        verbose_name=_("channel"),
    )
    source = models.CharField(_("marked"), max_length=10, choices=MarkSource.choices)
    note = models.CharField(_("note for public relations"), max_length=255, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("marked by"),
    )
    marked_at = models.DateTimeField(_("marked at"), auto_now_add=True)

    class Meta:
        ordering = ["-marked_at"]
        verbose_name = _("channel mark")
        verbose_name_plural = _("channel marks")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "channel"], name="channels_one_mark_per_channel"
            )
        ]

    def __str__(self) -> str:
        return f"{self.page_id} → {self.channel}"


class PostingQuerySet(models.QuerySet):
    def current(self):
        """Postings that count: neither replaced by a correction nor removed."""
        return self.filter(replaced_by__isnull=True, removed_at__isnull=True)


class ChannelPosting(models.Model):
    """One line of the channel log: a page went out on a channel."""

    page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        on_delete=models.SET_NULL,
        related_name="channel_postings",
        verbose_name=_("page"),
    )
    # Kept as they were when posted: the log outlives a moved or deleted page.
    page_title = models.CharField(_("title"), max_length=255)
    unit = models.ForeignKey(
        "disclosure_moderation.Unit",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("unit"),
    )
    channel = models.ForeignKey(
        Channel,
        on_delete=models.PROTECT,
        related_name="postings",
        verbose_name=_("channel"),
    )
    posted_at = models.DateTimeField(_("posted at"))
    url = models.URLField(_("address of the post"), max_length=500, blank=True)
    location = models.CharField(_("board location"), max_length=255, blank=True)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("posted by"),
    )
    logged_at = models.DateTimeField(_("logged at"), auto_now_add=True)
    # A correction replaces a posting: the old one keeps its values and points at
    # the posting that corrects it.
    replaces = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
        verbose_name=_("corrects"),
    )
    correction_reason = models.CharField(
        _("reason for the correction"), max_length=255, blank=True
    )
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("removed by"),
    )
    removal_reason = models.CharField(
        _("reason for the removal"), max_length=255, blank=True
    )

    objects = PostingQuerySet.as_manager()

    class Meta:
        ordering = ["-posted_at", "-pk"]
        verbose_name = _("posting")
        verbose_name_plural = _("postings")
        indexes = [models.Index(fields=["channel", "posted_at"])]

    def __str__(self) -> str:
        return f"{self.page_title} → {self.channel}"

    @property
    def is_current(self) -> bool:
        return self.removed_at is None and not hasattr(self, "replaced_by")


# The office journal's issues (channels/journal.py), registered with the app's models.
from .journal import JournalEntry, JournalIssue  # noqa: E402, F401
