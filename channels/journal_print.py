"""The journal issue as a document: its HTML (cover, contents, each item's summary,
photos and QR link), the A4 PDF Chromium prints from it, and the issue's page on the
site (an item of category 1.3 holding the PDF, submitted through the chain).
"""

from __future__ import annotations

import base64
import logging
from dataclasses import dataclass, field

import segno
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import translation
from django.utils.encoding import uri_to_iri
from django.utils.html import escape
from django.utils.translation import gettext, pgettext
from wagtail.documents import get_document_model
from wagtail.images.models import SourceImageIOError
from wagtail.models import Site
from wagtail.rich_text import RichText

from disclosure_pages.models import DisclosureCategoryPage, DisclosureItemPage
from disclosure_pages.search import page_date, page_summary_text
from moderation.models import OfficeSettings, Unit, UnitKind
from moderation.page_kinds import GALLERY, kind_of
from moderation.pdf import html_to_pdf, static_file_uri
from moderation.public_address import public_page_url

from .journal import JournalIssue

logger = logging.getLogger(__name__)

JOURNAL_CSS = ("disclosure_moderation/css/fonts.css", "channels/css/journal.css")
# The category an issue is published in (การขยายและพัฒนาเนื้อหาสาระ ... กิจกรรม โครงการ).
JOURNAL_CATEGORY_CODE = "1.3"
PHOTO_SPEC = "max-900x600|format-jpeg"
GALLERY_PHOTOS = 4  # photos printed of a gallery
ITEM_PHOTOS = 2  # images printed of an item's body
SUMMARY_CHARS = 900


class JournalPageRefused(Exception):
    """The issue cannot be put on the site; the message says why, in Thai."""


@dataclass
class Photo:
    src: str
    width: int
    height: int
    alt: str
    caption: str


@dataclass
class Entry:
    """One item or gallery as the issue prints it."""

    page: object
    anchor: str
    url: str
    url_text: str
    qr_svg: str
    summary: str
    date: object
    unit: object
    is_gallery: bool
    photos: list[Photo] = field(default_factory=list)


def office_of(request=None) -> OfficeSettings:
    if request is not None:
        return OfficeSettings.for_request(request)
    return OfficeSettings.for_site(Site.objects.filter(is_default_site=True).first())


def _image_source(image, *, for_pdf: bool) -> tuple[str, int, int] | None:
    """The printed copy of an image: its URL, or its bytes inline for the PDF (the
    offline print reaches no media URL, whatever the storage)."""
    try:
        rendition = image.get_rendition(PHOTO_SPEC)
        if not for_pdf:
            return rendition.url, rendition.width, rendition.height
        with rendition.file.open("rb") as handle:
            data = base64.b64encode(handle.read()).decode("ascii")
    except (SourceImageIOError, OSError, ValueError):
        logger.warning("journal: no printable copy of image %s", image.pk)
        return None
    return f"data:image/jpeg;base64,{data}", rendition.width, rendition.height


def entry_photos(page, *, for_pdf: bool) -> list[Photo]:
    """A gallery's first shown photos, or the images of an item's body, each with
    its alternative text and caption."""
    found: list[tuple] = []
    if kind_of(page) == GALLERY:
        for photo in page.public_photos()[:GALLERY_PHOTOS]:
            found.append((photo.image, photo.alt_text, photo.caption))
    else:
        for block in getattr(page, "body", None) or ():
            if block.block_type == "image" and block.value.get("image"):
                value = block.value
                found.append(
                    (value["image"], value.get("alt_text"), value.get("caption"))
                )
                if len(found) == ITEM_PHOTOS:
                    break
    photos = []
    for image, alt, caption in found:
        source = _image_source(image, for_pdf=for_pdf)
        if source is not None:
            photos.append(Photo(*source, alt=alt or "", caption=caption or ""))
    return photos


def journal_entries(issue: JournalIssue, request=None, *, for_pdf: bool) -> list:
    pages = issue.entry_pages()
    units = Unit.objects.in_bulk({getattr(p, "unit_id", None) for p in pages} - {None})
    entries = []
    for n, page in enumerate(pages, start=1):
        url = public_page_url(page, request)
        entries.append(
            Entry(
                page=page,
                anchor=f"entry-{n}",
                url=url,
                url_text=uri_to_iri(url),
                qr_svg=segno.make(url, error="m").svg_inline(
                    scale=3, border=1, title=uri_to_iri(url)
                )
                if url
                else "",
                summary=page_summary_text(page),
                date=page_date(page),
                unit=units.get(getattr(page, "unit_id", None)),
                is_gallery=kind_of(page) == GALLERY,
                photos=entry_photos(page, for_pdf=for_pdf),
            )
        )
    return entries


def journal_html(issue: JournalIssue, request=None, *, for_pdf: bool) -> str:
    """The issue's document, always in Thai (it is the office's publication)."""
    with translation.override("th"):
        return render_to_string(
            "channels/journal/issue_print.html",
            {
                "issue": issue,
                "office": office_of(request),
                "entries": journal_entries(issue, request, for_pdf=for_pdf),
                "for_pdf": for_pdf,
                "summary_chars": SUMMARY_CHARS,
                "stylesheets": [
                    static_file_uri(path) if for_pdf else static(path)
                    for path in JOURNAL_CSS
                ],
            },
            request=request,
        )


def journal_pdf(issue: JournalIssue, request=None) -> bytes:
    """The A4 PDF of the issue; PdfUnavailable without Chromium."""
    return html_to_pdf(journal_html(issue, request, for_pdf=True))


def pdf_filename(issue: JournalIssue) -> str:
    return f"journal-{issue.fiscal_year}-{issue.number}.pdf"


# ---- the issue's page on the site ------------------------------------------------


def journal_title(issue: JournalIssue, office: OfficeSettings) -> str:
    name = office.short_name_th or office.name_th
    with translation.override("th"):
        title = pgettext("journal cover", "Journal")
        number = gettext("Issue %(number)s, fiscal year B.E. %(year)s") % {
            "number": issue.number,
            "year": issue.fiscal_year,
        }
    return " ".join(part for part in (title, name, number) if part)


def pr_unit(office: OfficeSettings) -> Unit | None:
    """The unit that publishes the journal: the office's PR unit, else the first
    unit of kind PR."""
    if office.pr_unit_id:
        return office.pr_unit
    return Unit.objects.filter(kind=UnitKind.PR).order_by("pk").first()


def _contents_html(issue: JournalIssue, pages: list) -> str:
    with translation.override("th"):
        heading = escape(gettext("In this issue"))
        intro = escape(issue.period_label)
    rows = "".join(
        f'<li><a linktype="page" id="{page.pk}">{escape(page.title)}</a></li>'
        for page in pages
    )
    return f"<p>{intro}</p><h2>{heading}</h2><ol>{rows}</ol>"


def _free_slug(parent, base: str) -> str:
    taken = set(parent.get_children().values_list("slug", flat=True))
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def _save_document(issue: JournalIssue, title: str, pdf: bytes):
    Document = get_document_model()
    document = Document(title=title, uploaded_by_user=issue.created_by)
    name = pdf_filename(issue)
    document.file.save(name, ContentFile(pdf, name=name), save=False)
    document.file_size = len(pdf)
    document._set_document_file_metadata()
    document.save()
    return document


def create_issue_page(
    issue: JournalIssue, user, *, pdf: bytes | None, submit: bool = True
) -> DisclosureItemPage:
    """The issue as a draft item of category 1.3 (the PR unit's), holding the PDF,
    submitted to the approval chain by ``user``. Made once: a second call gives the
    page the first made."""
    office = office_of()
    category = DisclosureCategoryPage.objects.filter(code=JOURNAL_CATEGORY_CODE).first()
    if category is None:
        raise JournalPageRefused(
            gettext("Category %(code)s does not exist: run the set-up first.")
            % {"code": JOURNAL_CATEGORY_CODE}
        )
    unit = pr_unit(office)
    if unit is None:
        raise JournalPageRefused(
            gettext("No public relations unit is named in the office settings.")
        )
    with transaction.atomic():
        issue = JournalIssue.objects.select_for_update().get(pk=issue.pk)
        if issue.page_id:
            return issue.page.specific
        pages = issue.entry_pages()
        title = journal_title(issue, office)
        body = [("text", RichText(_contents_html(issue, pages)))]
        document = None
        if pdf is not None:
            document = _save_document(issue, title, pdf)
            body.append(
                ("document", {"document": document, "title": title, "accessible": True})
            )
        with translation.override("th"):
            summary = issue.foreword or gettext(
                "The office's news and activities, %(period)s: %(count)s stories."
            ) % {"period": issue.period_label, "count": len(pages)}
        page = DisclosureItemPage(
            title=title,
            slug=_free_slug(category, f"journal-{issue.fiscal_year}-{issue.number}"),
            unit=unit,
            publication_date=issue.issue_date,
            summary=summary,
            body=body,
            owner=user,
            live=False,
        )
        category.add_child(instance=page)
        page.save_revision(user=user)
        issue.page = page
        issue.document = document
        issue.save(update_fields=["page", "document"])
        if submit:
            workflow = page.get_workflow()
            if workflow is not None:
                workflow.start(page, user)
    return page
