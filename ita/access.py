"""Who may do what with ITA evidence, decided in one place for every screen.

ICT publishers and administrators keep the catalogue and build the evidence pack;
a unit director (or deputy) links evidence to the indicators their unit owns; the
committee, the office director and unit directors read the completeness report.
The roles are the measure's role groups (kept in step with the units by
``moderation.roles``); the model permissions the ``disclosure_role_permissions``
hook grants (``ita.change_itaindicator``, ``ita.view_itaindicator``) count too, so
an administrator can give them to someone by hand.
"""

from __future__ import annotations

from django.db.models import Q

from moderation.models import Role, RoleGroup, Unit
from moderation.publishing import is_administrator

EDIT_PERMISSION = "ita.change_itaindicator"
VIEW_PERMISSION = "ita.view_itaindicator"


def _roles(user) -> frozenset[str]:
    """The role groups the user is in (cached on the user for the request)."""
    if not (user.is_authenticated and user.is_active):
        return frozenset()
    cached = user.__dict__.get("_ita_roles")
    if cached is None:
        cached = frozenset(
            RoleGroup.objects.filter(group__user=user).values_list("role", flat=True)
        )
        user.__dict__["_ita_roles"] = cached
    return cached


def directed_unit_ids(user) -> frozenset[int]:
    """Units whose director or deputy the user is."""
    if not (user.is_authenticated and user.is_active):
        return frozenset()
    cached = user.__dict__.get("_ita_directed_units")
    if cached is None:
        cached = frozenset(
            Unit.objects.filter(Q(director=user) | Q(deputy=user)).values_list(
                "pk", flat=True
            )
        )
        user.__dict__["_ita_directed_units"] = cached
    return cached


def is_ict_or_administrator(user) -> bool:
    """ICT publishers and administrators: they build and download the pack."""
    return is_administrator(user) or Role.ICT_PUBLISHER in _roles(user)


def can_edit_catalogue(user) -> bool:
    """ICT publishers and administrators keep the catalogue and every link."""
    return is_ict_or_administrator(user) or (
        user.is_authenticated and user.is_active and user.has_perm(EDIT_PERMISSION)
    )


def can_read_report(user) -> bool:
    """The completeness report: the committee, the office director, unit directors
    and whoever keeps the catalogue."""
    if not (user.is_authenticated and user.is_active):
        return False
    return bool(
        can_edit_catalogue(user)
        or _roles(user) & {Role.COMMITTEE, Role.OFFICE_DIRECTOR}
        or directed_unit_ids(user)
        or user.has_perm(VIEW_PERMISSION)
    )


def can_link_evidence(user, indicator) -> bool:
    """A unit director links evidence to the indicators their unit owns; ICT and
    administrators to every indicator."""
    if can_edit_catalogue(user):
        return True
    mine = directed_unit_ids(user)
    if not mine:
        return False
    return indicator.units.filter(pk__in=mine).exists()


def may_link_any(user) -> bool:
    """Whether the evidence screen has anything to offer the user."""
    return can_edit_catalogue(user) or bool(directed_unit_ids(user))
