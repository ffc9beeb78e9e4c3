"""The journal issue goes live: each page it holds is logged once on the journal
channel, as a posting whose address is the issue's page."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from moderation.public_address import public_page_url

from .journal import JournalIssue
from .models import Channel, ChannelKind, ChannelPosting


def journal_channel() -> Channel | None:
    """The channel the journal is logged on: the first in use of kind journal."""
    return (
        Channel.objects.active()
        .filter(kind=ChannelKind.JOURNAL)
        .order_by("sort_order", "pk")
        .first()
    )


def log_journal_postings(issue: JournalIssue) -> int:
    """Log every page of the issue on the journal channel, once per issue; the
    number of postings made (0 when already logged or the issue is not live)."""
    page = issue.page
    channel = journal_channel()
    if page is None or not page.live or channel is None:
        return 0
    with transaction.atomic():
        claimed = JournalIssue.objects.filter(
            pk=issue.pk, postings_logged_at__isnull=True
        ).update(postings_logged_at=timezone.now())
        if not claimed:
            return 0
        url = public_page_url(page)
        posted_at = page.first_published_at or timezone.now()
        postings = [
            ChannelPosting(
                page=entry,
                page_title=entry.title[:255],
                unit_id=getattr(entry, "unit_id", None),
                channel=channel,
                posted_at=posted_at,
                url=url[:500],
                posted_by_id=issue.created_by_id,
            )
            for entry in issue.entry_pages()
        ]
        ChannelPosting.objects.bulk_create(postings)
    return len(postings)


def log_published_issue(sender, instance, **kwargs):
    """``page_published``: a journal issue's page went live."""
    issue = (
        JournalIssue.objects.filter(
            page_id=instance.pk, postings_logged_at__isnull=True
        )
        .select_related("page")
        .first()
    )
    if issue is not None:
        log_journal_postings(issue)
