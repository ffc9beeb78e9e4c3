"""The relevance sets and how a search is scored on them.

* relevance.json: the first set (64 items, 54 queries), every query a dictionary
  word found inside the expected items;
* the hard set: relevance_hard.json (items and queries written without reading
  the search code) and relevance_hard_lead.json (more queries over the same
  items, and a few items of its own), merged by :func:`load_hard`.

Shared by tests/search/test_relevance.py (floors) and bench/search.py (figures).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path(__file__).with_name("relevance.json")
HARD = Path(__file__).with_name("relevance_hard.json")
HARD_LEAD = Path(__file__).with_name("relevance_hard_lead.json")


def load() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


def load_hard() -> dict:
    """The hard set: both files' items and queries (keys must not collide)."""
    first = json.loads(HARD.read_text(encoding="utf-8"))
    second = json.loads(HARD_LEAD.read_text(encoding="utf-8"))
    items = first["items"] + second.get("items", [])
    keys = [row["key"] for row in items]
    if len(keys) != len(set(keys)):
        raise ValueError("the hard set's item keys collide")
    return {
        "about": [first["about"], second["about"]],
        "items": items,
        "queries": first["queries"] + second["queries"],
    }


def create_items(data: dict | None = None) -> dict[str, int]:
    """Publish the set's items under their categories; return key → page id.

    Needs setup_disclosure to have run (categories and units exist).
    """
    from disclosure_pages.models import DisclosureCategoryPage, DisclosureItemPage
    from moderation.models import Unit

    data = data or load()
    categories = {c.code: c for c in DisclosureCategoryPage.objects.all()}
    units = {u.code: u for u in Unit.objects.all()}
    ids = {}
    for row in data["items"]:
        parent = categories[row["category"]]
        item = DisclosureItemPage(
            title=row["title"],
            slug=f"relevance-{row['key'].lower()}",
            summary=row["summary"],
            unit=units.get(row["unit"]) or next(iter(units.values())),
            publication_date=dt.date.fromisoformat(row["publication_date"]),
        )
        parent.add_child(instance=item)
        item.save_revision().publish()
        ids[row["key"]] = item.pk
    return ids


@dataclass
class Score:
    relevant: int = 0
    returned: int = 0
    hits: int = 0
    misses: list[tuple[str, list[str], list[str]]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.hits / self.relevant if self.relevant else 1.0

    @property
    def precision(self) -> float:
        return self.hits / self.returned if self.returned else 1.0


def score(
    search: Callable[[str], Iterable[int]],
    ids: dict[str, int],
    queries: list[dict],
) -> Score:
    """Micro-averaged recall and precision of ``search`` (query → page ids) over the
    queries; pages outside the set (categories, other items) are not counted."""
    keys = {pk: key for key, pk in ids.items()}
    result = Score()
    for row in queries:
        expected = set(row["expected"])
        found = {keys[pk] for pk in search(row["query"]) if pk in keys}
        result.relevant += len(expected)
        result.returned += len(found)
        result.hits += len(expected & found)
        if found != expected:
            result.misses.append(
                (row["query"], sorted(expected - found), sorted(found - expected))
            )
    return result
