"""What the public sees as an indicator's evidence: the one resolver.

An indicator's links come from three places, in this order: the links an editor
set on it (``ItaEvidence``), the items and galleries tagged with it
(``ItaPageTag``, rows the page's last publication wrote) and its rule (the items of a
category in the fiscal year, or the category's newest item). Only what a visitor can
open is returned: live pages outside any private section (never a draft, a private
or password-restricted page) and documents outside a restricted collection (the
rule of Wagtail's ``/documents/`` view, which serves every document here:
``WAGTAILDOCS_SERVE_METHOD = "serve_view"``). Outside addresses are kept as given.

The number of queries does not grow with the number of indicators or links: a
handful per year, plus one per page type among the linked pages.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import OuterRef, Prefetch, Q, Subquery
from django.http import HttpRequest
from wagtail.models import CollectionViewRestriction, Page

from disclosure_pages.models import DisclosureCategoryPage, DisclosureItemPage
from disclosure_thai.dates import local_date
from moderation.page_kinds import kind_of
from moderation.public_address import public_base_url

from .models import ItaEvidence, ItaIndicator, ItaPageTag, ItaRuleKind, ItaYear

# Where a link came from.
SOURCE_EVIDENCE = "evidence"
SOURCE_TAG = "tag"
SOURCE_RULE = "rule"


@dataclass
class EvidenceLink:
    """One public link of an indicator.

    ``kind`` is what it points to: "item", "gallery", "page" (another page of the
    site), "document" or "url" (an outside address); ``source`` where it came from
    ("evidence", "tag" or "rule"). ``date`` is a date to show in B.E.: an item's
    publication date, a gallery's activity date, another page's last publication,
    a document's upload.
    """

    kind: str
    title: str
    url: str
    date: dt.date | None = None
    file_ext: str = ""
    file_size: int | None = None
    note: str = ""
    source: str = SOURCE_EVIDENCE
    page: Page | None = field(default=None, repr=False)
    document: object | None = field(default=None, repr=False)

    @property
    def absolute_url(self) -> str:
        """The address to paste elsewhere (the assessment system, a printout): the
        office's public address before a link of the site."""
        if self.url.startswith(("http://", "https://")):
            return self.url
        return public_base_url() + self.url


@dataclass
class IndicatorRow:
    """An indicator with its public links, in the year's order."""

    indicator: ItaIndicator
    links: list[EvidenceLink]


def page_date(page: Page) -> dt.date | None:
    """The date a visitor knows a page by."""
    for name in ("publication_date", "event_date"):
        value = getattr(page, name, None)
        if isinstance(value, dt.date):
            return value
    published = page.last_published_at or page.first_published_at
    return local_date(published) if published else None


def _page_link(
    page: Page,
    request: HttpRequest | None,
    source: str,
    title: str = "",
    note: str = "",
) -> EvidenceLink | None:
    url = page.get_url(request=request)
    if not url:  # a page outside every site has no address to give
        return None
    return EvidenceLink(
        kind=kind_of(page) or "page",
        title=title or page.title,
        url=url,
        date=page_date(page),
        note=note,
        source=source,
        page=page,
    )


def restricted_collection_paths() -> tuple[str, ...]:
    """Tree paths of the collections a view restriction closes (and their children)."""
    return tuple(
        CollectionViewRestriction.objects.values_list("collection__path", flat=True)
    )


def document_is_public(document, restricted: tuple[str, ...]) -> bool:
    """Whether Wagtail's /documents/ view serves the document to anyone: its
    collection and the collection's ancestors carry no view restriction."""
    path = document.collection.path
    return not any(path.startswith(prefix) for prefix in restricted)


def document_size(document) -> int | None:
    """The document's size in bytes: the recorded one, else the file's (a stat, not
    a query; documents uploaded by Wagtail's admin have it recorded)."""
    if document.file_size is not None:
        return document.file_size
    try:
        return document.file.size
    except (OSError, ValueError):
        return None


def _document_link(document, title: str = "", note: str = "") -> EvidenceLink:
    return EvidenceLink(
        kind="document",
        title=title or document.title,
        url=document.url,
        date=local_date(document.created_at) if document.created_at else None,
        file_ext=(document.file_extension or "").lower(),
        file_size=document_size(document),
        note=note,
        source=SOURCE_EVIDENCE,
        document=document,
    )


def _rule_page_ids(year: ItaYear, indicators: list[ItaIndicator]) -> dict[int, list]:
    """Item ids found by each indicator's rule, newest first: two queries at most."""
    found: dict[int, list[int]] = defaultdict(list)
    in_year = [
        i
        for i in indicators
        if i.rule_kind == ItaRuleKind.CATEGORY_IN_FISCAL_YEAR and i.rule_category_id
    ]
    newest = [
        i
        for i in indicators
        if i.rule_kind == ItaRuleKind.NEWEST_IN_CATEGORY and i.rule_category_id
    ]
    items = DisclosureItemPage.objects.live().public()
    if in_year:
        categories = {i.rule_category_id: i.rule_category for i in in_year}
        where = Q()
        for category in categories.values():
            where |= Q(path__startswith=category.path, depth=category.depth + 1)
        rows = (
            items.filter(where, fiscal_year=year.fiscal_year)
            .order_by("-publication_date", "-first_published_at", "-pk")
            .values_list("pk", "path")
        )
        by_category: dict[int, list[int]] = defaultdict(list)
        steplen = Page.steplen
        path_to_category = {c.path: pk for pk, c in categories.items()}
        for pk, path in rows:
            category_id = path_to_category.get(path[:-steplen])
            if category_id:
                by_category[category_id].append(pk)
        for indicator in in_year:
            found[indicator.pk] = list(by_category[indicator.rule_category_id])
    if newest:
        newest_item = (
            items.filter(path__startswith=OuterRef("path"), depth=OuterRef("depth") + 1)
            .order_by("-publication_date", "-first_published_at", "-pk")
            .values("pk")[:1]
        )
        newest_of = dict(
            DisclosureCategoryPage.objects.filter(
                pk__in={i.rule_category_id for i in newest}
            )
            .annotate(newest_id=Subquery(newest_item))
            .values_list("pk", "newest_id")
        )
        for indicator in newest:
            item_id = newest_of.get(indicator.rule_category_id)
            if item_id:
                found[indicator.pk] = [item_id]
    return found


def year_indicators(year: ItaYear) -> list[ItaIndicator]:
    """The year's indicators in order, with what resolving their links reads."""
    return list(
        year.indicators.select_related("rule_category").prefetch_related(
            Prefetch(
                "evidence",
                queryset=ItaEvidence.objects.select_related(
                    "document", "document__collection"
                ).order_by("sort_order", "pk"),
            )
        )
    )


def indicator_links(
    year: ItaYear,
    *,
    request: HttpRequest | None = None,
    indicators: list[ItaIndicator] | None = None,
) -> dict[int, list[EvidenceLink]]:
    """Each indicator's public links (by indicator id), resolved for the public.

    Pass ``indicators`` as returned by :func:`year_indicators` to reuse them.
    """
    if indicators is None:
        indicators = year_indicators(year)
    tags: dict[int, list[int]] = defaultdict(list)
    for indicator_id, page_id in (
        ItaPageTag.objects.filter(indicator__year=year, page__live=True)
        .order_by("sort_order", "pk")
        .values_list("indicator_id", "page_id")
    ):
        tags[indicator_id].append(page_id)
    rules = _rule_page_ids(year, indicators)

    page_ids = set()
    for indicator in indicators:
        page_ids.update(e.page_id for e in indicator.evidence.all() if e.page_id)
        page_ids.update(tags[indicator.pk])
        page_ids.update(rules.get(indicator.pk, ()))
    pages = (
        {
            p.pk: p
            for p in Page.objects.filter(pk__in=page_ids).live().public().specific()
        }
        if page_ids
        else {}
    )
    needs_documents = any(e.document_id for i in indicators for e in i.evidence.all())
    restricted = restricted_collection_paths() if needs_documents else ()

    result: dict[int, list[EvidenceLink]] = {}
    for indicator in indicators:
        links: list[EvidenceLink] = []
        seen: set[str] = set()

        def add(link: EvidenceLink | None, seen=seen, links=links) -> None:
            if link is not None and link.url not in seen:
                seen.add(link.url)
                links.append(link)

        for evidence in indicator.evidence.all():
            if evidence.page_id:
                page = pages.get(evidence.page_id)
                if page is not None:
                    add(
                        _page_link(
                            page,
                            request,
                            SOURCE_EVIDENCE,
                            title=evidence.title,
                            note=evidence.note,
                        )
                    )
            elif evidence.document_id:
                if document_is_public(evidence.document, restricted):
                    add(
                        _document_link(evidence.document, evidence.title, evidence.note)
                    )
            elif evidence.url:
                add(
                    EvidenceLink(
                        kind="url",
                        title=evidence.title or evidence.url,
                        url=evidence.url,
                        note=evidence.note,
                    )
                )
        tagged = [pages[pk] for pk in tags[indicator.pk] if pk in pages]
        tagged.sort(key=lambda p: page_date(p) or dt.date.min, reverse=True)
        for page in tagged:
            add(_page_link(page, request, SOURCE_TAG))
        for pk in rules.get(indicator.pk, ()):
            if pk in pages:
                add(_page_link(pages[pk], request, SOURCE_RULE))
        result[indicator.pk] = links
    return result


def indicator_rows(
    year: ItaYear, *, request: HttpRequest | None = None
) -> list[IndicatorRow]:
    """The year's indicators in order, each with its public links."""
    indicators = year_indicators(year)
    links = indicator_links(year, request=request, indicators=indicators)
    return [IndicatorRow(i, links.get(i.pk, [])) for i in indicators]
