"""The notice board's weekly batch: one A4 poster (the page's own poster, with its QR
code) per item public relations marked for the board and has not posted yet, as one
printable document; printing it can log a posting of each on the board, at a board
location asked once."""

from __future__ import annotations

import logging

from django import forms
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from disclosure_pages.views import poster_context
from moderation.pdf import PdfUnavailable, html_to_pdf, static_file_uri

from .admin_views import admin_site, can_log, can_view_queue, forbidden
from .models import Channel, ChannelKind, ChannelPosting
from .queue import queue

logger = logging.getLogger(__name__)

BATCH_CSS = (
    "disclosure_moderation/css/fonts.css",
    "disclosure_pages/css/poster.css",
    "channels/css/notice_board.css",
)


def board_batch(site) -> list[tuple[object, Channel]]:
    """The live public pages marked for a notice board and not posted on it yet,
    each with the board it waits for (the first, when marked for several)."""
    batch = []
    for entry in queue(site):
        boards = [c for c in entry.waiting if c.kind == ChannelKind.BOARD]
        if boards:
            batch.append((entry.page, boards[0]))
    return batch


def batch_html(request, pages: list, *, for_pdf: bool) -> str:
    """The posters of ``pages``, one per A4 sheet, always in Thai."""
    with translation.override("th"):
        sheets = []
        for number, page in enumerate(pages, start=1):
            context = poster_context(request, page)
            if context is not None:
                context["qr_heading_id"] = f"qr-heading-{number}"
                sheets.append(context)
        return render_to_string(
            "channels/notice_board/batch_print.html",
            {
                "sheets": sheets,
                "for_pdf": for_pdf,
                "today": timezone.localdate(),
                "stylesheets": [
                    static_file_uri(path) if for_pdf else static(path)
                    for path in BATCH_CSS
                ],
            },
            request=request,
        )


class BoardPostingForm(forms.Form):
    """Where this week's posters hang: asked once for the whole batch."""

    location = forms.CharField(
        label=gettext_lazy("Board location"),
        max_length=255,
        help_text=gettext_lazy("For example: the notice board by the front entrance."),
    )


def _context(request, batch, form) -> dict:
    title = _("Notice board")
    return {
        "page_title": title,
        "header_title": title,
        "header_icon": "doc-full",
        "batch": batch,
        "form": form,
        "can_log": can_log(request.user),
    }


def board_view(request):
    """This week's batch: what waits for the board, the document and the log form."""
    if not can_view_queue(request.user):
        return forbidden(request)
    batch = board_batch(admin_site(request))
    return render(
        request,
        "channels/notice_board/index.html",
        _context(request, batch, BoardPostingForm()),
    )


def batch_view(request):
    """The batch as one printable document; ``?format=pdf`` downloads the PDF."""
    if not can_view_queue(request.user):
        return forbidden(request)
    pages = [page for page, _board in board_batch(admin_site(request))]
    if request.GET.get("format") == "pdf":
        try:
            pdf = html_to_pdf(batch_html(request, pages, for_pdf=True))
        except PdfUnavailable:
            logger.warning("notice-board batch: no PDF", exc_info=True)
            return render(
                request,
                "channels/notice_board/pdf_unavailable.html",
                _context(request, [], None),
                status=503,
            )
        response = HttpResponse(pdf, content_type="application/pdf")
        name = f"notice-board-{timezone.localdate():%Y-%m-%d}.pdf"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return HttpResponse(batch_html(request, pages, for_pdf=False))


@require_POST
def log_batch_view(request):
    """Log a board posting of each page of the batch (the ones ticked), once."""
    if not can_log(request.user):
        return forbidden(request)
    batch = board_batch(admin_site(request))
    form = BoardPostingForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "channels/notice_board/index.html",
            _context(request, batch, form),
            status=400,
        )
    ticked = set(request.POST.getlist("pages"))
    chosen = [(page, board) for page, board in batch if str(page.pk) in ticked]
    if not chosen:
        messages.warning(request, _("No poster of this batch was ticked."))
        return redirect("channels_board:index")
    location = form.cleaned_data["location"]
    posted_at = timezone.now().replace(second=0, microsecond=0)
    made = 0
    with transaction.atomic():
        # One batch at a time: a second click waits, then finds them posted.
        boards = {board.pk for _page, board in chosen}
        list(Channel.objects.select_for_update().filter(pk__in=boards))
        done = set(
            ChannelPosting.objects.current()
            .filter(channel_id__in=boards, page__in=[p for p, _b in chosen])
            .values_list("page_id", "channel_id")
        )
        for page, board in chosen:
            if (page.pk, board.pk) in done:
                continue
            ChannelPosting.objects.create(
                page=page,
                page_title=page.title[:255],
                unit_id=getattr(page, "unit_id", None),
                channel=board,
                posted_at=posted_at,
                location=location,
                posted_by=request.user,
            )
            made += 1
    if made:
        messages.success(
            request,
            _("%(count)s posters logged as posted on the board at %(location)s.")
            % {"count": made, "location": location},
        )
    else:
        messages.warning(request, _("These posters were already logged."))
    return redirect("channels_board:index")
