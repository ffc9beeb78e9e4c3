"""StreamField blocks of a disclosure item's body."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock


class DocumentValue(blocks.StructValue):
    """A document with what the public needs to decide to open it: title, type, size."""

    @property
    def display_title(self) -> str:
        document = self.get("document")
        return self.get("title") or (document.title if document else "")

    @property
    def file_type(self) -> str:
        document = self.get("document")
        return document.file_extension.upper() if document else ""

    @property
    def file_size(self) -> int | None:
        document = self.get("document")
        if not document:
            return None
        # Wagtail stores the size on upload; fall back to the storage for old rows.
        return (
            document.file_size
            if document.file_size is not None
            else (document.get_file_size())
        )


class DocumentBlock(blocks.StructBlock):
    """An attached document (PDF, spreadsheet ...), listed with its type and size."""

    document = DocumentChooserBlock(label=_("document"))
    title = blocks.CharBlock(
        label=_("title"),
        required=False,
        max_length=255,
        help_text=_("Leave empty to use the document's own title."),
    )
    accessible = blocks.BooleanBlock(
        label=_("accessible"),
        required=False,
        help_text=_(
            "Tick when the file is readable by screen readers (tagged PDF, real text)."
        ),
    )

    class Meta:
        icon = "doc-full"
        label = _("Document")
        value_class = DocumentValue
        template = "disclosure_pages/blocks/document_block.html"


class LinkBlock(blocks.StructBlock):
    """A link to a web address, e.g. a related page on another government site."""

    title = blocks.CharBlock(label=_("link text"), max_length=255)
    url = blocks.URLBlock(label=_("address (URL)"))

    class Meta:
        icon = "link"
        label = _("Link")
        template = "disclosure_pages/blocks/link_block.html"


class ImageBlock(blocks.StructBlock):
    """An image with required alternative text and an optional caption."""

    image = ImageChooserBlock(label=_("image"))
    alt_text = blocks.CharBlock(
        label=_("alternative text"),
        max_length=255,
        help_text=_("Describe the image for people who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=500)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "disclosure_pages/blocks/image_block.html"


class ItemBodyBlock(blocks.StreamBlock):
    """The body of a disclosure item: text, documents, links, images and tables."""

    text = blocks.RichTextBlock(
        label=_("Text"),
        features=["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"],
    )
    document = DocumentBlock()
    link = LinkBlock()
    image = ImageBlock()
    table = TableBlock(label=_("Table"))
