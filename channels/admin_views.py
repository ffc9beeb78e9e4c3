"""Public relations' screens: the queue, the composer and log of one page, the
correction and removal of a posting, and marking a page for channels."""

from __future__ import annotations

from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin import messages
from wagtail.models import Page, Site

from moderation import page_kinds

from .composer import compose, post_link
from .forms import CorrectionForm, MarkForm, PostingForm, RemovalForm
from .models import Channel, ChannelKind, ChannelMark, ChannelPosting, MarkSource
from .queue import public_page, queue

VIEW_PERMISSION = "disclosure_channels.view_channelposting"
LOG_PERMISSION = "disclosure_channels.add_channelposting"
CORRECT_PERMISSION = "disclosure_channels.change_channelposting"
MARK_PERMISSION = "disclosure_channels.add_channelmark"


def can_view_queue(user) -> bool:
    return user.has_perm(VIEW_PERMISSION)


def can_log(user) -> bool:
    return user.has_perm(LOG_PERMISSION)


def can_correct(user) -> bool:
    return user.has_perm(CORRECT_PERMISSION)


def admin_site(request) -> Site | None:
    """The site being worked on: the one the admin is reached through, else the
    default site."""
    return (
        Site.find_for_request(request)
        or Site.objects.filter(is_default_site=True).first()
    )


def forbidden(request):
    return render(
        request,
        "channels/admin/forbidden.html",
        {
            "page_title": _("Permission denied"),
            "header_title": _("Permission denied"),
            "header_icon": "warning",
        },
        status=403,
    )


def _int_or_404(value) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 < number < 2**63:
        raise Http404
    return number


def queue_view(request):
    """What to post, on which channels: live public pages marked for a channel."""
    if not can_view_queue(request.user):
        return forbidden(request)
    show_all = request.GET.get("show") == "all"
    site = admin_site(request)
    entries = queue(site, include_done=show_all)
    recent = ChannelPosting.objects.select_related(
        "channel", "posted_by", "unit", "removed_by"
    ).order_by("-logged_at", "-pk")[:30]
    return render(
        request,
        "channels/admin/queue.html",
        {
            "page_title": _("Channel queue"),
            "header_title": _("Channel queue"),
            "header_icon": "mail",
            "entries": entries,
            "show_all": show_all,
            "recent": recent,
            "can_correct": can_correct(request.user),
        },
    )


def _page_context(request, page, form=None):
    channels = list(Channel.objects.active())
    posts = [
        compose(request, page, channel)
        for channel in channels
        if channel.kind == ChannelKind.SOCIAL
    ]
    marks = {m.channel_id: m for m in ChannelMark.objects.filter(page=page)}
    postings = (
        ChannelPosting.objects.filter(page=page)
        .select_related("channel", "posted_by", "removed_by", "replaces")
        .order_by("-posted_at", "-pk")
    )
    return {
        "page_title": _("Post %(title)s") % {"title": page.title},
        "header_title": _("Post to other channels"),
        "header_icon": "mail",
        "target": page,
        "posts": posts,
        "link": post_link(request, page),
        "marked": [c for c in channels if c.pk in marks],
        "marks": list(marks.values()),
        "postings": postings,
        "form": form or PostingForm(),
        "can_log": can_log(request.user),
        "can_correct": can_correct(request.user),
    }


def compose_view(request, page_id):
    """The composer of one page: a ready text per channel, its log and the form
    to record a posting."""
    if not can_view_queue(request.user):
        return forbidden(request)
    page = public_page(page_id, admin_site(request))
    if page is None:
        raise Http404
    return render(request, "channels/admin/compose.html", _page_context(request, page))


@require_POST
def log_view(request, page_id):
    """Record a posting. The same form sent twice (a double click, a reload) is
    recorded once: an identical current posting is not made again."""
    if not can_log(request.user):
        return forbidden(request)
    page = public_page(page_id, admin_site(request))
    if page is None:
        raise Http404
    form = PostingForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "channels/admin/compose.html",
            _page_context(request, page, form),
            status=400,
        )
    data = form.cleaned_data
    with transaction.atomic():
        # One posting at a time per channel: the second of two equal requests
        # waits here and then finds the first one's posting.
        Channel.objects.select_for_update().filter(pk=data["channel"].pk).first()
        duplicate = (
            ChannelPosting.objects.current()
            .filter(
                page=page,
                channel=data["channel"],
                posted_at=data["posted_at"],
                url=data["url"],
                location=data["location"],
            )
            .exists()
        )
        if not duplicate:
            ChannelPosting.objects.create(
                page=page,
                page_title=page.title,
                unit_id=getattr(page, "unit_id", None),
                channel=data["channel"],
                posted_at=data["posted_at"],
                url=data["url"],
                location=data["location"],
                posted_by=request.user,
            )
    if duplicate:
        messages.warning(
            request, _("This posting is already in the log; it was not added again.")
        )
    else:
        messages.success(
            request,
            _("Posting on %(channel)s recorded.") % {"channel": data["channel"]},
        )
    return redirect("channels_admin:compose", page.pk)


def _current_posting(request, posting_id):
    """The posting, if it is one of this site's pages (or of a deleted page)."""
    posting = get_object_or_404(
        ChannelPosting.objects.select_related("channel", "page"),
        pk=_int_or_404(posting_id),
    )
    site = admin_site(request)
    if (
        posting.page is not None
        and site is not None
        and not Page.objects.in_site(site).filter(pk=posting.page_id).exists()
    ):
        raise Http404
    return posting


def _back(posting):
    if posting.page_id:
        return redirect("channels_admin:compose", posting.page_id)
    return redirect("channels_admin:queue")


def correct_view(request, posting_id):
    """Correct a posting: a new posting replaces it, with the reason; the old one
    stays in the history."""
    if not can_correct(request.user):
        return forbidden(request)
    posting = _current_posting(request, posting_id)
    if request.method == "POST":
        form = CorrectionForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            with transaction.atomic():
                old = ChannelPosting.objects.select_for_update().get(pk=posting.pk)
                if not old.is_current:
                    messages.warning(
                        request,
                        _(
                            "This posting was already corrected or removed; "
                            "nothing was changed."
                        ),
                    )
                    return _back(old)
                ChannelPosting.objects.create(
                    page_id=old.page_id,
                    page_title=old.page_title,
                    unit_id=old.unit_id,
                    channel=data["channel"],
                    posted_at=data["posted_at"],
                    url=data["url"],
                    location=data["location"],
                    posted_by=old.posted_by,
                    replaces=old,
                    correction_reason=data["reason"],
                )
            messages.success(request, _("Posting corrected."))
            return _back(old)
        status = 400
    else:
        if not posting.is_current:
            messages.warning(
                request, _("This posting was already corrected or removed.")
            )
            return _back(posting)
        form = CorrectionForm(
            initial={
                "channel": posting.channel_id,
                "posted_at": timezone.localtime(posting.posted_at).strftime(
                    "%Y-%m-%dT%H:%M"
                ),
                "url": posting.url,
                "location": posting.location,
            }
        )
        status = 200
    return render(
        request,
        "channels/admin/correct.html",
        {
            "page_title": _("Correct a posting"),
            "header_title": _("Correct a posting"),
            "header_icon": "edit",
            "posting": posting,
            "form": form,
        },
        status=status,
    )


def remove_view(request, posting_id):
    """Remove a posting (taken down, logged by mistake) with the reason; it stays
    in the history and no longer counts."""
    if not can_correct(request.user):
        return forbidden(request)
    posting = _current_posting(request, posting_id)
    if request.method == "POST":
        form = RemovalForm(request.POST)
        if form.is_valid():
            with transaction.atomic():
                old = ChannelPosting.objects.select_for_update().get(pk=posting.pk)
                if not old.is_current:
                    messages.warning(
                        request,
                        _(
                            "This posting was already corrected or removed; "
                            "nothing was changed."
                        ),
                    )
                    return _back(old)
                old.removed_at = timezone.now()
                old.removed_by = request.user
                old.removal_reason = form.cleaned_data["reason"]
                old.save(update_fields=["removed_at", "removed_by", "removal_reason"])
            messages.success(request, _("Posting removed."))
            return _back(old)
        status = 400
    else:
        if not posting.is_current:
            messages.warning(
                request, _("This posting was already corrected or removed.")
            )
            return _back(posting)
        form = RemovalForm()
        status = 200
    return render(
        request,
        "channels/admin/remove.html",
        {
            "page_title": _("Remove a posting"),
            "header_title": _("Remove a posting"),
            "header_icon": "bin",
            "posting": posting,
            "form": form,
        },
        status=status,
    )


def can_mark(user, page) -> bool:
    """The page's editors (asking), ICT (publishing) and public relations."""
    return user.has_perm(MARK_PERMISSION) or page.permissions_for_user(user).can_edit()


def mark_source(user) -> str:
    """Public relations adds; ICT (which may mark any page) decides when
    publishing; a page's editors ask."""
    if can_view_queue(user):
        return MarkSource.PR
    if user.has_perm(MARK_PERMISSION):
        return MarkSource.PUBLISHED
    return MarkSource.REQUESTED


def mark_view(request, page_id):
    """Mark an item or a gallery for other channels: the editor asks when
    preparing or submitting it, ICT decides when publishing it."""
    page = get_object_or_404(Page, pk=_int_or_404(page_id))
    if page_kinds.kind_of(page) is None:
        raise Http404
    page = page.specific
    if not can_mark(request.user, page):
        return forbidden(request)
    marks = {m.channel_id: m for m in ChannelMark.objects.filter(page=page)}
    if request.method == "POST":
        form = MarkForm(request.POST)
        if form.is_valid():
            chosen = {c.pk: c for c in form.cleaned_data["channels"]}
            note = form.cleaned_data["note"]
            source = mark_source(request.user)
            with transaction.atomic():
                ChannelMark.objects.filter(page=page).exclude(
                    channel_id__in=chosen
                ).delete()
                for channel_id in chosen:
                    mark, created = ChannelMark.objects.get_or_create(
                        page=page,
                        channel_id=channel_id,
                        defaults={
                            "source": source,
                            "note": note,
                            "marked_by": request.user,
                        },
                    )
                    if not created and note and mark.note != note:
                        mark.note = note
                        mark.save(update_fields=["note"])
            if chosen:
                messages.success(
                    request,
                    _("Marked for %(channels)s.")
                    % {"channels": ", ".join(str(c) for c in chosen.values())},
                )
            else:
                messages.success(request, _("Not marked for any other channel."))
            return redirect("channels_admin:mark", page.pk)
        status = 400
    else:
        notes = [m.note for m in marks.values() if m.note]
        form = MarkForm(
            initial={"channels": list(marks), "note": notes[0] if notes else ""}
        )
        status = 200
    return render(
        request,
        "channels/admin/mark.html",
        {
            "page_title": _("Other channels for %(title)s") % {"title": page.title},
            "header_title": _("Other channels"),
            "header_icon": "mail",
            "target": page,
            "form": form,
            "marks": list(marks.values()),
            "is_live": page.live,
        },
        status=status,
    )
