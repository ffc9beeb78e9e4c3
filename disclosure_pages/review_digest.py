"""The weekly review reminder: one e-mail per person listing, for all their units,
what is stale and what goes stale within 14 days (``review``).

``send_review_digest`` (the command, run weekly) queues one task per person who has
something due and no reminder yet this week; the task (``disclosure_pages.tasks``)
records the week and sends in one transaction, so a second run, a retry or a
second worker sends nothing more.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from wagtail.models import Site
from wagtail.users.models import UserProfile

from moderation.models import OfficeSettings, Unit
from moderation.public_address import public_base_url

from .models import ReviewDigest
from .review import (
    DUE_SOON,
    STALE,
    ReviewEntry,
    people_of_units,
    review_entries,
    today_local,
    week_of,
)


@dataclass(frozen=True)
class Planned:
    """What one run of the command found: who gets a digest this week."""

    week: dt.date
    to_send: list[int]
    nothing_due: int
    already_sent: int


def recipients():
    """Active people with an e-mail address."""
    return get_user_model().objects.filter(is_active=True).exclude(email="")


def plan_digests(today: dt.date | None = None) -> Planned:
    """The people of the units with something due who have had no digest this week.
    Four queries, whatever the number of people and items."""
    today = today or today_local()
    week = week_of(today)
    due_units = {entry.unit_id for entry in review_entries(today=today)}
    people = people_of_units()
    already = set(
        ReviewDigest.objects.filter(week=week).values_list("user_id", flat=True)
    )
    to_send, nothing_due, already_sent = [], 0, 0
    for user_id in (
        recipients()
        .filter(pk__in=list(people))
        .values_list("pk", flat=True)
        .order_by("pk")
    ):
        if not people[user_id] & due_units:
            nothing_due += 1
        elif user_id in already:
            already_sent += 1
        else:
            to_send.append(user_id)
    return Planned(week, to_send, nothing_due, already_sent)


def _office_name() -> str:
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return ""
    office = OfficeSettings.for_site(site)
    return office.name_th or office.name_en


def _language(user) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return UserProfile.get_for_user(user).get_preferred_language()


def digest_message(
    user, entries: list[ReviewEntry], units: list[Unit]
) -> EmailMultiAlternatives:
    """The digest for ``user`` in their admin language (Thai unless they chose
    otherwise), plain text with an HTML alternative."""
    base_url = public_base_url()
    rows = [
        {
            "entry": entry,
            "unit": next((u for u in units if u.pk == entry.unit_id), None),
            "edit_url": base_url
            + reverse("wagtailadmin_pages:edit", args=[entry.item_id]),
            "add_url": base_url
            + reverse("wagtailadmin_pages:add_subpage", args=[entry.category_id]),
        }
        for entry in entries
    ]
    with translation.override(_language(user)):
        context = {
            "user": user,
            "office_name": _office_name(),
            "units": units,
            "stale": [row for row in rows if row["entry"].status == STALE],
            "due_soon": [row for row in rows if row["entry"].status == DUE_SOON],
            "review_url": base_url + reverse("disclosure_pages_review"),
        }
        subject = " ".join(
            render_to_string(
                "disclosure_pages/notifications/review_digest_subject.txt", context
            ).split()
        )
        text = render_to_string(
            "disclosure_pages/notifications/review_digest.txt", context
        )
        html = render_to_string(
            "disclosure_pages/notifications/review_digest.html", context
        )
    from_email = getattr(
        settings, "WAGTAILADMIN_NOTIFICATION_FROM_EMAIL", settings.DEFAULT_FROM_EMAIL
    )
    message = EmailMultiAlternatives(
        subject,
        text,
        from_email,
        [user.email],
        headers={"Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(html, "text/html")
    return message


def send_digest(user_id: int, week: dt.date, today: dt.date | None = None) -> bool:
    """Send ``user_id`` their digest for ``week`` unless it went already or nothing
    is due; whether one was sent. The week is recorded in the same transaction as
    the sending: a refused send records nothing, so a retry sends it."""
    user = recipients().filter(pk=user_id).first()
    if user is None:
        return False
    today = today or today_local()
    unit_ids = people_of_units().get(user.pk, set())
    entries = review_entries(unit_ids, today=today)
    if not entries:
        return False
    units = list(Unit.objects.filter(pk__in={e.unit_id for e in entries}))
    with transaction.atomic():
        _, created = ReviewDigest.objects.get_or_create(
            user_id=user.pk,
            week=week,
            defaults={
                "stale": sum(e.status == STALE for e in entries),
                "due_soon": sum(e.status == DUE_SOON for e in entries),
            },
        )
        if not created:
            return False
        digest_message(user, entries, units).send()
    return True
