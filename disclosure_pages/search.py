"""The public site search: which pages it covers, PDF text, filters and snippets.

Pages are searched generically (``Page`` with ``.specific()``): any page type that
indexes the segmented Thai text (``disclosure_thai.search``) is found — disclosure
items and categories here, galleries or other types from other apps — without this
app importing them. Filters are generic too: a unit where the type has a ``unit``
field, a fiscal year where it has ``fiscal_year`` (or a date field).
"""

from __future__ import annotations

import hashlib
import logging
import re

from django.db import models
from django.db.models import Q
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail.documents import get_document_model_string
from wagtail.models import Page

from disclosure_thai.dates import FiscalPeriod, arabic_digits
from disclosure_thai.search import (
    html_to_text,
    query_words,
    search_pages,
)
from moderation import page_kinds
from moderation.models import Unit

logger = logging.getLogger(__name__)

#: Cut a PDF's extracted text at this many characters (a search index, not an archive).
MAX_PDF_TEXT = 200_000
#: Read at most this many pages of a PDF.
MAX_PDF_PAGES = 300
SNIPPET_CHARS = 90


class DocumentText(models.Model):
    """Text extracted once from an attached document, kept for the search index.

    Tied to the document's file hash: a document whose file is replaced is read
    again the next time a page using it is indexed.
    """

    document = models.OneToOneField(
        get_document_model_string(),
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    file_hash = models.CharField(_("file hash"), max_length=64, blank=True)
    text = models.TextField(_("text"), blank=True)
    readable = models.BooleanField(_("readable"), default=True)
    extracted_at = models.DateTimeField(_("extracted at"), auto_now=True)

    class Meta:
        app_label = "disclosure_pages"
        verbose_name = _("document text")
        verbose_name_plural = _("document texts")

    def __str__(self) -> str:
        return str(self.document_id)


def _file_hash(document) -> str:
    if getattr(document, "file_hash", ""):
        return document.file_hash
    digest = hashlib.sha1(usedforsecurity=False)
    with document.open_file() as f:
        for chunk in iter(lambda: f.read(65536), b""):
            digest.update(chunk)
    return digest.hexdigest()


def extract_pdf_text(fileobj) -> str:
    """The text of a PDF (at most MAX_PDF_PAGES pages, MAX_PDF_TEXT characters)."""
    from pypdf import PdfReader

    reader = PdfReader(fileobj)
    if reader.is_encrypted:
        reader.decrypt("")  # an owner-password-only PDF opens with an empty one
    parts, size = [], 0
    for number, page in enumerate(reader.pages):
        if number >= MAX_PDF_PAGES or size >= MAX_PDF_TEXT:
            break
        text = page.extract_text() or ""
        parts.append(text)
        size += len(text)
    return "\n".join(parts)[:MAX_PDF_TEXT]


def document_text(document) -> str:
    """A document's text for the search index: read once per file, '' when the file
    is not a PDF or cannot be read (logged, never raised), and '' when its collection
    is restricted (Wagtail serves it to some people only: the public search must not
    find a page by what it says)."""
    if (document.file_extension or "").lower() != "pdf":
        return ""
    collection = getattr(document, "collection", None)
    if collection is not None and collection.get_view_restrictions().exists():
        return ""
    try:
        file_hash = _file_hash(document)
    except Exception:
        logger.warning("Document %s: file missing, not indexed.", document.pk)
        return ""
    stored = DocumentText.objects.filter(document=document).first()
    if stored and stored.file_hash == file_hash:
        return stored.text
    try:
        with document.open_file() as f:
            text, readable = extract_pdf_text(f), True
    except Exception as error:  # pypdf raises many kinds on a damaged file
        logger.warning(
            "Document %s (%s): PDF text not readable, skipped: %s",
            document.pk,
            document.filename,
            error,
        )
        text, readable = "", False
    text = text.replace("\x00", " ")
    DocumentText.objects.update_or_create(
        document=document,
        defaults={"file_hash": file_hash, "text": text, "readable": readable},
    )
    return text


def attached_documents(stream) -> list:
    """The documents attached as blocks in a StreamField value."""
    documents = []
    for block in stream or ():
        if block.block_type == "document":
            document = block.value.get("document")
            if document is not None:
                documents.append(document)
    return documents


# --- Which pages are searched ----------------------------------------------------


def searchable_models() -> tuple:
    """Page types indexing the segmented Thai text (moderation's registry)."""
    return page_kinds.searchable_models()


def _has_field(model, name: str) -> bool:
    try:
        model._meta.get_field(name)
    except Exception:
        return False
    return True


DATE_FIELDS = ("publication_date", "event_date")


def public_pages():
    """Live, public pages of the searchable types."""
    return Page.objects.live().public().type(*searchable_models())


def find_pages(queryset, query: str):
    """The pages of ``queryset`` matching ``query``, by relevance: those whose
    title holds the query first, then those holding it in their text, then
    those found only through a spelling without tone marks; newest first within
    each. One SQL statement for a page of results (and one for the count),
    whatever their number, on SQLite and PostgreSQL alike.
    """
    units = Unit.objects.values_list("pk", "name_th", "short_name")
    return search_pages(
        queryset, query, units=units, order_by=("-first_published_at", "-id")
    )


def filter_pages(queryset, *, category=None, unit=None, fiscal_year=None):
    """Narrow a page queryset by a category page, a unit and a fiscal year (B.E.).

    Unit and year apply to every searchable type having such a field; the others
    (categories) drop out when either is asked for.
    """
    if category is not None:
        queryset = queryset.descendant_of(category, inclusive=False)
    if unit is None and fiscal_year is None:
        return queryset
    condition = Q(pk__in=[])
    for model in searchable_models():
        rows = model.objects.all()
        if unit is not None:
            if not _has_field(model, "unit"):
                continue
            rows = rows.filter(unit=unit)
        if fiscal_year is not None:
            if _has_field(model, "fiscal_year"):
                rows = rows.filter(fiscal_year=fiscal_year)
            else:
                date_field = next(
                    (f for f in DATE_FIELDS if _has_field(model, f)), None
                )
                if date_field is None:
                    continue
                period = FiscalPeriod(fiscal_year)
                rows = rows.filter(
                    **{f"{date_field}__range": (period.start, period.end)}
                )
        condition |= Q(id__in=rows.values("pk"))
    return queryset.filter(condition)


# --- What a result shows -----------------------------------------------------------


def page_date(page):
    """The date a result shows: publication, event, else first publication."""
    for name in DATE_FIELDS:
        value = getattr(page, name, None)
        if value:
            return value
    return page.first_published_at


def page_summary_text(page) -> str:
    """Plain text of a page's summary or description."""
    for name in ("summary", "description", "search_description", "intro"):
        value = getattr(page, name, None)
        if value:
            return html_to_text(value).strip()
    return ""


def page_plain_text(page) -> str:
    """The text a snippet is cut from: summary/description, then the body."""
    parts = [page_summary_text(page)]
    body = getattr(page, "body", None)
    if body is not None:
        parts.append(html_to_text(body))
    return " ".join(p for p in parts if p)


_SPACES = re.compile(r"\s+")


def snippet(text: str, query: str, width: int = SNIPPET_CHARS) -> str:
    """A piece of the text around the first word of the query found in it, the
    words marked with <mark> (HTML-escaped); the text's start when none is found."""
    text = _SPACES.sub(" ", text or "").strip()
    if not text:
        return ""
    wanted = [w for w in query_words(query) if w]
    folded = arabic_digits(text).lower()
    if len(folded) != len(text):
        folded = text
    positions = [(folded.find(w), w) for w in wanted]
    positions = [(i, w) for i, w in positions if i >= 0]
    if positions:
        first = min(i for i, _w in positions)
        start = max(0, first - width // 3)
    else:
        start = 0
    end = min(len(text), start + width)
    piece, folded_piece = text[start:end], folded[start:end]
    marks = []
    for word in sorted({w for _i, w in positions}, key=len, reverse=True):
        for match in re.finditer(re.escape(word), folded_piece):
            span = match.span()
            if not any(a < span[1] and span[0] < b for a, b in marks):
                marks.append(span)
    out, last = [], 0
    for a, b in sorted(marks):
        out.append(escape(piece[last:a]))
        out.append(f"<mark>{escape(piece[a:b])}</mark>")
        last = b
    out.append(escape(piece[last:]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(out) + suffix)  # noqa: S308 - escaped above
