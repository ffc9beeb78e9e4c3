"""Failed sign-ins (django-axes): whose address it was, how many an account and an
address may have, the Thai answer to a locked-out sign-in, and who is locked out
now, for the administrators' unlock screen."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off, get_failure_limit, get_lockout_parameters
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.db.models import Max, Sum
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext

logger = logging.getLogger(__name__)

ACCOUNT = "account"
ADDRESS = "address"


def account_limit() -> int:
    """Wrong passwords an account may have within the cool-off time."""
    return int(settings.AXES_FAILURE_LIMIT)


def address_limit() -> int:
    """Wrong passwords one address may send, over all accounts, within the cool-off
    time. Higher than an account's: a whole office often reaches the site from one
    address, and a few typing mistakes there must not lock everyone out."""
    return int(
        getattr(settings, "DISCLOSURE_LOGIN_ADDRESS_FAILURE_LIMIT", account_limit())
    )


def cool_off() -> dt.timedelta:
    """How long a lockout lasts after the last counted wrong password."""
    return get_cool_off() or dt.timedelta(0)


class OfficeLockoutHandler(AxesDatabaseHandler):
    """Axes' database handler with a limit of its own for the address.

    Axes compares one figure, the largest failure count over the lockout
    parameters, with one limit. Here each parameter's count is first scaled to
    that limit (an address's 20 failures count as an account's 5), so an
    account is locked at ``AXES_FAILURE_LIMIT`` and an address at
    ``DISCLOSURE_LOGIN_ADDRESS_FAILURE_LIMIT``.
    """

    def get_failures(self, request, credentials: dict | None = None) -> int:
        limit = get_failure_limit(request, credentials)
        parameters = get_lockout_parameters(request, credentials)
        attempts_list = self.get_user_attempts(request, credentials)
        worst = 0
        for parameter, attempts in zip(parameters, attempts_list, strict=True):
            failures = (
                attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            )
            own_limit = address_limit() if parameter == "ip_address" else limit
            worst = max(worst, failures * limit // max(own_limit, 1))
        return worst


def lockout_message() -> str:
    minutes = round(cool_off().total_seconds() / 60)
    return gettext(
        "Signing in is paused: there were too many wrong passwords for this account "
        "or from this network. Wait %(minutes)s minutes and try again, or ask an "
        "administrator to unlock it."
    ) % {"minutes": minutes}


def lockout_response(request, original_response=None, credentials=None):
    """What a locked-out sign-in gets (``AXES_LOCKOUT_CALLABLE``): the login page
    again with the Thai message in place of "wrong password" (the login form put
    it there), as 429; from any other view a small Thai page saying the same."""
    if original_response is not None and getattr(
        request, "disclosure_lockout_shown", False
    ):
        original_response.status_code = 429
        return original_response
    return render(
        request,
        "disclosure_signin/locked_out.html",
        {"message": lockout_message()},
        status=429,
    )


@dataclass(frozen=True)
class Lockout:
    """An account or an address that may not sign in until ``until``."""

    kind: str  # ACCOUNT or ADDRESS
    value: str
    failures: int
    until: dt.datetime


def current_lockouts() -> list[Lockout]:
    """Accounts and addresses locked out now, the latest first."""
    now = timezone.now()
    recent = AccessAttempt.objects.filter(attempt_time__gte=now - cool_off())
    found: list[Lockout] = []
    for field, kind, limit in (
        ("username", ACCOUNT, account_limit()),
        ("ip_address", ADDRESS, address_limit()),
    ):
        rows = (
            recent.exclude(**{f"{field}__isnull": True})
            .values(field)
            .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
            .filter(failures__gte=limit)
        )
        found.extend(
            Lockout(kind, row[field], row["failures"], row["last"] + cool_off())
            for row in rows
        )
    return sorted(found, key=lambda lockout: lockout.until, reverse=True)


def unlock(kind: str, value: str) -> int:
    """Forget the failed sign-ins of an account or an address; how many rows went."""
    if not value:
        return 0  # axes' reset() with nothing to match would forget every one
    if kind == ACCOUNT:
        return reset(username=value)
    if kind == ADDRESS:
        return reset(ip=value)
    raise ValueError(f"unknown lockout kind {kind!r}")
