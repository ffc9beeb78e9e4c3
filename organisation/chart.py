"""The organisation chart (1.4), drawn from the units when it is shown.

The office director heads the office; each unit hangs under the unit it reports to
(``Unit.parent``), or under the office director when it names none, in the units'
order (``Unit.sort_order``, then the Thai name). Nothing is copied into the page:
renaming a unit, changing its director or where it reports changes the chart at
once, and the public page cache is purged by the same saves
(``moderation.public_cache_signals`` watches units, the office settings and users).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from moderation.models import OfficeSettings, Unit


@dataclass
class ChartNode:
    """A box of the chart: the office or a unit, its head, its deputy, and the
    units under it."""

    name: str
    head_title: str
    head: str | None  # None: the post is vacant
    deputy: str | None = None
    deputy_title: str = ""
    unit_id: int | None = None
    children: list[ChartNode] = field(default_factory=list)


def person_name(user: AbstractBaseUser | None) -> str | None:
    """The name the public sees: the person's full name; a login name is never
    shown, so a person without a name reads as "name not given"."""
    if user is None:
        return None
    return user.get_full_name().strip() or _("name not given")


def build_chart(office: OfficeSettings) -> ChartNode:
    """The office and its units as a tree, in one query for the units and their
    people."""
    units = list(
        Unit.objects.select_related("director", "deputy").order_by(
            "sort_order", "name_th", "pk"
        )
    )
    by_parent: dict[int | None, list[Unit]] = {}
    known = {unit.pk for unit in units}
    for unit in units:
        parent = unit.parent_id if unit.parent_id in known else None
        by_parent.setdefault(parent, []).append(unit)

    placed: set[int] = set()

    def branch(unit: Unit) -> ChartNode:
        placed.add(unit.pk)
        node = ChartNode(
            name=unit.name_th,
            head_title=pgettext("organisation chart", "Director"),
            head=person_name(unit.director),
            deputy=person_name(unit.deputy),
            deputy_title=_("Acting for the director"),
            unit_id=unit.pk,
        )
        node.children = [
            branch(child)
            for child in by_parent.get(unit.pk, ())
            if child.pk not in placed
        ]
        return node

    director = office.office_director if office.office_director_id else None
    root = ChartNode(
        name=office.name_th or pgettext("organisation chart", "Office"),
        head_title=_("Office director"),
        head=person_name(director),
    )
    root.children = [branch(unit) for unit in by_parent.get(None, ())]
    # Units in a loop of parents (written past the form's check) are shown under
    # the office rather than lost.
    for unit in units:
        if unit.pk not in placed:
            root.children.append(branch(unit))
    return root
