"""Public relations' queue and the counts of the channel log.

The queue holds the pages marked for a channel that the public can read now: live,
without a view restriction (``PageQuerySet.public``), items and galleries only
(``moderation.page_kinds``), on the site being worked on. A draft, a private page,
a withdrawn or unpublished page and another site's page never show, whatever their
marks say.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from wagtail.models import Page, Site

from disclosure_pages.share import share_image
from moderation import page_kinds
from moderation.models import Unit

from .models import Channel, ChannelMark, ChannelPosting


def counted_content_type_ids() -> list[int]:
    models = page_kinds.counted_models()
    if not models:
        return []
    return [ct.pk for ct in ContentType.objects.get_for_models(*models).values()]


def public_pages(site: Site | None):
    """Live, public items and galleries of ``site`` (every site when None)."""
    qs = (
        Page.objects.live()
        .public()
        .filter(content_type_id__in=counted_content_type_ids())
    )
    if site is not None:
        qs = qs.in_site(site)
    return qs


def public_page(page_id, site: Site | None) -> Page | None:
    """The specific live, public item or gallery with this id on ``site``, or None
    (a forged, malformed or out-of-range id included)."""
    try:
        page_id = int(page_id)
    except (TypeError, ValueError):
        return None
    if not 0 < page_id < 2**63:
        return None
    page = public_pages(site).filter(pk=page_id).first()
    return page.specific if page is not None else None


@dataclass
class QueueEntry:
    """One page of the queue with the channels it waits for and those done."""

    page: Page
    unit: Unit | None
    waiting: list[Channel] = field(default_factory=list)
    posted: list[Channel] = field(default_factory=list)
    marked_at: object = None
    notes: list[str] = field(default_factory=list)

    @property
    def picture(self):
        """A small rendition of the page's share picture, or None."""
        image = share_image(self.page)
        if image is None:
            return None
        try:
            return image.get_rendition("fill-160x84|format-jpeg")
        except Exception:  # noqa: BLE001 - a missing file: listed without it
            return None


def queue(site: Site | None, *, include_done: bool = False) -> list[QueueEntry]:
    """The marked live public pages, newest mark first: each with the channels
    still to post (no current posting on them) and those already posted."""
    marks = (
        ChannelMark.objects.filter(page__in=public_pages(site), channel__active=True)
        .select_related("channel")
        .order_by("-marked_at", "-pk")
    )
    by_page: dict[int, list[ChannelMark]] = defaultdict(list)
    for mark in marks:
        by_page[mark.page_id].append(mark)
    if not by_page:
        return []
    posted = set(
        ChannelPosting.objects.current()
        .filter(page_id__in=by_page)
        .values_list("page_id", "channel_id")
    )
    pages = {p.pk: p for p in Page.objects.filter(pk__in=by_page).specific(defer=False)}
    units = {u.pk: u for u in Unit.objects.all()}
    entries = []
    for page_id, page_marks in by_page.items():
        page = pages.get(page_id)
        if page is None:
            continue
        entry = QueueEntry(
            page=page,
            unit=units.get(getattr(page, "unit_id", None)),
            marked_at=page_marks[0].marked_at,
        )
        for mark in sorted(
            page_marks, key=lambda m: (m.channel.sort_order, m.channel.name)
        ):
            done = (page_id, mark.channel_id) in posted
            (entry.posted if done else entry.waiting).append(mark.channel)
            if mark.note:
                entry.notes.append(mark.note)
        if entry.waiting or include_done:
            entries.append(entry)
    return entries


def counts_per_unit(start, end) -> tuple[list[Channel], list[tuple[Unit | None, dict]]]:
    """Items posted per channel per unit in [start, end): current postings only (a
    corrected posting counts once, through its correction; a removed one not at
    all), each item once per channel however many times it was posted."""
    rows = (
        ChannelPosting.objects.current()
        .filter(posted_at__gte=start, posted_at__lt=end)
        .values("unit_id", "channel_id")
        .annotate(items=Count("page_id", distinct=True))
    )
    cells: dict[int | None, dict[int, int]] = defaultdict(dict)
    used_channels = set()
    for row in rows:
        cells[row["unit_id"]][row["channel_id"]] = row["items"]
        used_channels.add(row["channel_id"])
    channels = [c for c in Channel.objects.all() if c.active or c.pk in used_channels]
    # Every unit, those with nothing posted too: the committee sees who posted none.
    result = [(unit, cells.get(unit.pk, {})) for unit in Unit.objects.all()]
    if None in cells:
        result.append((None, cells[None]))
    return channels, result
