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
    word_boundaries,
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


#: How far around a snippet its words are read to find where they end.
_SNIPPET_MARGIN = 60
_QUOTES = re.compile(r"[\"“”'‘’]")


def _whole_words(
    text: str, start: int, end: int, keep: tuple[int, int]
) -> tuple[int, int]:
    """``start`` and ``end`` moved to word boundaries (never inside a Thai word),
    the span ``keep`` (the first word found) staying inside."""
    low = max(0, start - _SNIPPET_MARGIN)
    space = text.rfind(" ", 0, start)
    if space >= low:
        low = space
    high = min(len(text), end + _SNIPPET_MARGIN)
    space = text.find(" ", end)
    if 0 <= space <= high:
        high = space
    # Offsets are read from a window starting at a space (or the text's start)
    # when there is one: the words at a window's own cut edge are guesses.
    cuts = [low + c for c in word_boundaries(text[low:high])]
    trusted = [
        c
        for c in cuts
        if (c != low or low == 0 or text[low].isspace())
        and (c != high or high == len(text) or text[high - 1 : high + 1].isspace())
    ]
    if not trusted:
        return start, end
    first, last = keep
    after = [c for c in trusted if start <= c <= first]
    new_start = (
        after[0] if after else max((c for c in trusted if c <= first), default=0)
    )
    before = [c for c in trusted if last <= c <= end]
    new_end = (
        before[-1]
        if before
        else min((c for c in trusted if c >= last), default=len(text))
    )
    return new_start, new_end


def _marks(folded: str, phrase: str, words: list[str]) -> list[tuple[int, int]]:
    """Spans to highlight: the whole phrase where it occurs, then each word
    elsewhere; marks that touch (or only a space apart) become one."""
    spans: list[tuple[int, int]] = []
    candidates = [phrase] if phrase and len(words) > 1 else []
    for word in [*candidates, *sorted(set(words), key=len, reverse=True)]:
        for match in re.finditer(re.escape(word), folded):
            a, b = match.span()
            if not any(x < b and a < y for x, y in spans):
                spans.append((a, b))
    merged: list[list[int]] = []
    for a, b in sorted(spans):
        if merged and not folded[merged[-1][1] : a].strip():
            merged[-1][1] = b
        else:
            merged.append([a, b])
    return [(a, b) for a, b in merged]


def snippet(text: str, query: str, width: int = SNIPPET_CHARS) -> str:
    """A piece of the text around the first word of the query found in it, the
    words marked with <mark> (HTML-escaped); the text's start when none is found.

    The piece starts and ends between words, Thai words included (cut by the Thai
    layer's segmentation), and a phrase found as typed is marked as one."""
    text = _SPACES.sub(" ", text or "").strip()
    if not text:
        return ""
    wanted = [w for w in query_words(query) if w]
    folded = arabic_digits(text).lower()
    if len(folded) != len(text):
        folded = text
    phrase = _SPACES.sub(
        " ", _QUOTES.sub(" ", arabic_digits(str(query)).lower())
    ).strip()
    # The phrase as typed (or with its spaces left out, as Thai is written) where
    # it occurs; else the first word of the query found.
    phrases = [p for p in dict.fromkeys([phrase, phrase.replace(" ", "")]) if p]
    found = [(folded.find(p), p) for p in phrases]
    found = [(i, p) for i, p in found if i >= 0]
    if found and len(wanted) > 1:
        phrase = found[0][1]
    else:
        found = [(i, w) for i, w in ((folded.find(w), w) for w in wanted) if i >= 0]
    if found:
        first, word = min(found, key=lambda f: (f[0], -len(f[1])))
        keep = (first, first + len(word))
        start = max(0, first - width // 3)
    else:
        keep = (0, 0)
        start = 0
    end = min(len(text), max(start + width, keep[1]))
    start, end = _whole_words(text, start, end, keep)
    piece, folded_piece = text[start:end].strip(), folded[start:end].strip()
    offset = len(text[start:end]) - len(text[start:end].lstrip())
    folded_piece = folded[start + offset : start + offset + len(piece)]
    out, last = [], 0
    for a, b in _marks(folded_piece, phrase, wanted):
        out.append(escape(piece[last:a]))
        out.append(f"<mark>{escape(piece[a:b])}</mark>")
        last = b
    out.append(escape(piece[last:]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(out) + suffix)  # noqa: S308 - escaped above
