"""StreamField sections of the home page, arranged by the office's ICT staff.

The listing sections hold only their settings (how many, which category): what
they list is read when the page is shown, newest first, by
:mod:`disclosure_site.home` in one query per section type.
"""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageChooserBlock

MAX_LISTED = 20


def validate_link_address(value: str) -> None:
    """An absolute http(s) address, or a path on this website (``/ita/``)."""
    if not value:
        return
    if value.startswith("/") and not value.startswith("//"):
        if any(ch.isspace() for ch in value):
            raise ValidationError(_("An address cannot contain spaces."))
        return
    URLValidator(schemes=["http", "https"])(value)


class LinkValue(blocks.StructValue):
    """A link to a page of the site or to another website."""

    @property
    def href(self) -> str:
        page = self.get("page")
        if page is not None:
            return page.url if page.live else ""
        return self.get("url") or ""

    @property
    def text(self) -> str:
        page = self.get("page")
        return self.get("title") or (page.title if page is not None else "")

    @property
    def is_external(self) -> bool:
        return self.get("page") is None and not (self.get("url") or "/").startswith("/")


class LinkBlock(blocks.StructBlock):
    """A quick link: a page of the site, or the address of another website (a
    complaints channel run elsewhere, for instance)."""

    title = blocks.CharBlock(
        label=_("title"),
        max_length=120,
        required=False,
        help_text=_("Leave empty to use the page's title."),
    )
    page = blocks.PageChooserBlock(label=_("page"), required=False)
    url = blocks.CharBlock(
        label=_("link address"),
        max_length=500,
        required=False,
        validators=[validate_link_address],
        help_text=_(
            "Instead of a page: the address of another website (https://…), or an "
            "address of this website that is not a page, such as /ita/."
        ),
    )
    description = blocks.CharBlock(
        label=_("description"), max_length=200, required=False
    )

    class Meta:
        icon = "link"
        label = _("Link")
        value_class = LinkValue
        # True where the link may be left out altogether (a banner's).
        optional = False

    def clean(self, value):
        value = super().clean(value)
        page, url = value.get("page"), value.get("url")
        if not page and not url and self.meta.optional:
            return value
        if bool(page) == bool(url):
            message = _("Choose a page or give an address, not both.")
            raise StructBlockValidationError(
                block_errors={"page": ValidationError(message)}
            )
        if url and not value.get("title"):
            raise StructBlockValidationError(
                block_errors={
                    "title": ValidationError(
                        _("A link to another website needs a title.")
                    )
                }
            )
        return value


class LatestItemsBlock(blocks.StructBlock):
    """The newest items published, from every category or from one (procurement
    notices: the procurement category), each with its category and B.E. date."""

    heading = blocks.CharBlock(label=_("heading"), max_length=120)
    category = blocks.PageChooserBlock(
        label=_("category"),
        page_type="disclosure_pages.DisclosureCategoryPage",
        required=False,
        help_text=_("Leave empty to list the newest items of every category."),
    )
    count = blocks.IntegerBlock(
        label=_("number of items"), default=6, min_value=1, max_value=MAX_LISTED
    )

    class Meta:
        icon = "list-ul"
        label = _("Newest items")
        template = "disclosure_site/blocks/latest_items.html"


class LatestGalleriesBlock(blocks.StructBlock):
    """The newest activity galleries with their cover photos."""

    heading = blocks.CharBlock(label=_("heading"), max_length=120)
    count = blocks.IntegerBlock(
        label=_("number of activities"), default=3, min_value=1, max_value=12
    )

    class Meta:
        icon = "image"
        label = _("Newest activity photos")
        template = "disclosure_site/blocks/latest_galleries.html"


class QuickLinksBlock(blocks.StructBlock):
    """A row of links to what visitors look for most."""

    heading = blocks.CharBlock(label=_("heading"), max_length=120)
    links = blocks.ListBlock(LinkBlock(), label=_("links"), min_num=1)

    class Meta:
        icon = "link"
        label = _("Quick links")
        template = "disclosure_site/blocks/quick_links.html"


class HighlightBlock(blocks.StructBlock):
    """One notice shown prominently (a banner that stays still: never a carousel)."""

    heading = blocks.CharBlock(label=_("heading"), max_length=160)
    text = blocks.TextBlock(label=_("text"), required=False, max_length=600)
    image = ImageChooserBlock(label=_("image"), required=False)
    image_alt = blocks.CharBlock(
        label=_("alternative text"),
        max_length=255,
        required=False,
        help_text=_("What the image shows; leave empty when it only decorates."),
    )
    link = LinkBlock(label=_("link"), optional=True)

    class Meta:
        icon = "pick"
        label = _("Highlight banner")
        template = "disclosure_site/blocks/highlight.html"


class HomeBodyBlock(blocks.StreamBlock):
    """The sections of the home page, in the order ICT arranges them."""

    highlight = HighlightBlock()
    latest_items = LatestItemsBlock()
    galleries = LatestGalleriesBlock()
    quick_links = QuickLinksBlock()
    text = blocks.RichTextBlock(
        label=_("Text"),
        features=["h2", "h3", "bold", "italic", "ol", "ul", "link"],
        template="disclosure_site/blocks/text.html",
    )
