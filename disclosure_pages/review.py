"""Review reminders: which live items a unit must renew or check soon, and which
are overdue.

Two rules give an item a due date:

- a category's update interval (``DisclosureCategoryPage.update_interval_days``):
  the newest live, public item of each of its responsible units (of the category as
  a whole when it names none, owned by that item's unit) is due that many days after
  it was last published, the rule the §2.1 panel (``minimum_set``) judges by;
- an item's own review date (``DisclosureItemPage.review_date``): the item is due
  then, whatever its category. On a category's newest item it replaces the date the
  interval gives.

An item is *stale* once its due date has passed and *due soon* when it falls within
``DUE_SOON_DAYS``. Only live, public items count: a withdrawn, expired or
unpublished item asks nothing. Three queries, whatever the number of items.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import F, Window
from django.db.models.functions import Length, RowNumber, Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page

from disclosure_thai.dates import format_thai_date, local_date
from moderation.models import Role, RoleGroup, Unit
from moderation.office import unit_ids_for
from moderation.publishing import is_administrator

from .models import DisclosureCategoryPage, DisclosureItemPage

DUE_SOON_DAYS = 14

STALE = "stale"
DUE_SOON = "due_soon"
STATUS_LABELS = {STALE: _("stale"), DUE_SOON: _("stale within 14 days")}

INTERVAL = "interval"
REVIEW_DATE = "review_date"


@dataclass(frozen=True)
class ReviewEntry:
    """One item to renew or check, and why."""

    item_id: int
    title: str
    unit_id: int
    category_id: int
    category_code: str
    category_title: str
    due: dt.date
    status: str
    reason: str
    interval_days: int | None
    last_published: dt.date | None

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def stale(self) -> bool:
        return self.status == STALE


def today_local() -> dt.date:
    return local_date(timezone.now())


def week_of(day: dt.date) -> dt.date:
    """The Monday of the week holding ``day``: a digest goes once per such week."""
    return day - dt.timedelta(days=day.weekday())


def _status(due: dt.date, today: dt.date) -> str | None:
    if due < today:
        return STALE
    if due <= today + dt.timedelta(days=DUE_SOON_DAYS):
        return DUE_SOON
    return None


def review_entries(
    unit_ids: Iterable[int] | None = None, today: dt.date | None = None
) -> list[ReviewEntry]:
    """What is stale or due soon, for the given units (every unit when None):
    stale first, then by due date."""
    today = today or today_local()
    wanted = None if unit_ids is None else set(unit_ids)
    if wanted is not None and not wanted:
        return []
    categories = {
        c.path: c
        for c in DisclosureCategoryPage.objects.live().prefetch_related(
            "responsible_units"
        )
    }
    if not categories:
        return []
    parent_path = Substr("path", 1, Length("path") - Page.steplen)
    public_items = (
        DisclosureItemPage.objects.live()
        .public()
        .annotate(parent_path=parent_path)
        .filter(parent_path__in=list(categories))
        .order_by()
    )
    columns = (
        "pk",
        "title",
        "unit_id",
        "parent_path",
        "last_published_at",
        "review_date",
    )
    entries: dict[int, ReviewEntry] = {}

    def add(row: dict, due: dt.date, reason: str) -> None:
        status = _status(due, today)
        if status is None or (wanted is not None and row["unit_id"] not in wanted):
            return
        category = categories[row["parent_path"]]
        published = row["last_published_at"]
        entries[row["pk"]] = ReviewEntry(
            item_id=row["pk"],
            title=row["title"],
            unit_id=row["unit_id"],
            category_id=category.pk,
            category_code=category.code,
            category_title=category.title,
            due=due,
            status=status,
            reason=reason,
            interval_days=category.update_interval_days,
            last_published=local_date(published) if published else None,
        )

    # The newest item of each unit in each category with an interval.
    with_interval = [p for p, c in categories.items() if c.update_interval_days]
    if with_interval:
        newest_rows = (
            public_items.filter(
                parent_path__in=with_interval, last_published_at__isnull=False
            )
            .annotate(
                newest_rank=Window(
                    RowNumber(),
                    partition_by=[F("parent_path"), F("unit_id")],
                    order_by=[F("last_published_at").desc(), F("pk").desc()],
                )
            )
            .filter(newest_rank=1)
            .values(*columns)
        )
        newest: dict[str, dict[int, dict]] = defaultdict(dict)
        for row in newest_rows:
            newest[row["parent_path"]][row["unit_id"]] = row
        for path in with_interval:
            category = categories[path]
            units = [unit.pk for unit in category.responsible_units.all()]
            by_unit = newest.get(path, {})
            if units:
                rows = [by_unit[pk] for pk in units if pk in by_unit]
            else:
                rows = (
                    [
                        max(
                            by_unit.values(),
                            key=lambda r: (r["last_published_at"], r["pk"]),
                        )
                    ]
                    if by_unit
                    else []
                )
            for row in rows:
                if row["review_date"]:
                    add(row, row["review_date"], REVIEW_DATE)
                else:
                    published = local_date(row["last_published_at"])
                    due = published + dt.timedelta(days=category.update_interval_days)
                    add(row, due, INTERVAL)

    # Every item whose own review date is near or past.
    dated = public_items.filter(
        review_date__lte=today + dt.timedelta(days=DUE_SOON_DAYS)
    )
    if wanted is not None:
        dated = dated.filter(unit_id__in=wanted)
    for row in dated.values(*columns):
        if row["pk"] not in entries:
            add(row, row["review_date"], REVIEW_DATE)

    return sorted(
        entries.values(),
        key=lambda e: (e.status != STALE, e.due, e.category_code, e.title),
    )


def people_of_units() -> dict[int, set[int]]:
    """Each person's units: those they are a member, the director or the deputy of
    (the people a unit's reminder goes to)."""
    people: dict[int, set[int]] = defaultdict(set)
    for unit in Unit.objects.values("pk", "director_id", "deputy_id"):
        for key in ("director_id", "deputy_id"):
            if unit[key]:
                people[unit[key]].add(unit["pk"])
    for unit_id, user_id in Unit.members.through.objects.values_list(
        "unit_id", "user_id"
    ):
        people[user_id].add(unit_id)
    return people


def sees_every_unit(user) -> bool:
    """Administrators and ICT publishers see every unit's reminders."""
    return (
        is_administrator(user)
        or RoleGroup.objects.filter(role=Role.ICT_PUBLISHER, group__user=user).exists()
    )


def unit_ids_to_review(user) -> set[int] | None:
    """The units whose reminders ``user`` sees: None for every unit."""
    if sees_every_unit(user):
        return None
    return set(unit_ids_for(user))


class ReviewReminderView(ReportView):
    """Admin page: what is stale or due within 14 days in the user's units (every
    unit for administrators and ICT publishers), as the weekly e-mail lists it."""

    page_title = _("Information to review")
    header_icon = "time"
    index_url_name = "disclosure_pages_review"
    index_results_url_name = "disclosure_pages_review_results"
    results_template_name = "disclosure_pages/admin/review_results.html"
    paginate_by = None

    def get_queryset(self):
        units = unit_ids_to_review(self.request.user)
        entries = review_entries(units)
        names = {
            unit.pk: unit.display_name
            for unit in Unit.objects.filter(pk__in={e.unit_id for e in entries})
        }
        return [
            {
                "entry": entry,
                "unit_name": names.get(entry.unit_id, ""),
                "due_text": format_thai_date(entry.due),
                "published_text": format_thai_date(entry.last_published),
            }
            for entry in entries
        ]

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["all_units"] = unit_ids_to_review(self.request.user) is None
        context["due_soon_days"] = DUE_SOON_DAYS
        return context
