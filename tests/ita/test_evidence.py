"""The public evidence of an indicator: manual links, tagged items and rules, and
only what a visitor can open."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from ita.evidence import indicator_links, indicator_rows
from ita.models import (
    ItaEvidence,
    ItaIndicator,
    ItaPageTag,
    ItaRuleKind,
    ItaYear,
    ItaYearStatus,
)
from tests.moderation.office import build_office
from tests.utils import category, make_gallery, make_item

pytestmark = pytest.mark.django_db


def make_year(fiscal_year: int = 2569, **kwargs) -> ItaYear:
    kwargs.setdefault("status", ItaYearStatus.PUBLISHED)
    return ItaYear.objects.create(fiscal_year=fiscal_year, **kwargs)


def make_indicator(year: ItaYear, code: str, **kwargs) -> ItaIndicator:
    kwargs.setdefault("title", f"ตัวชี้วัด {code}")
    kwargs.setdefault("sort_order", int(code.lstrip("O") or 0))
    return ItaIndicator.objects.create(year=year, code=code, **kwargs)


def make_document(title="เอกสาร", collection=None):
    Document = get_document_model()
    document = Document(
        title=title, collection=collection or Collection.get_first_root_node()
    )
    document.file.save("evidence.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    document.save()
    return document


def titles(links) -> list[str]:
    return [link.title for link in links]


def decide_all(page, office) -> None:
    """Approve at every step of the office's chain, as its people do."""
    deciders = {
        "unit_director": office.director_a,
        "office_director": office.office_director,
        "publisher": office.ict,
    }
    page.get_workflow().start(page, office.editor_a)
    while state := type(page).objects.get(pk=page.pk).current_workflow_task_state:
        state.task.specific.on_action(
            state, deciders[state.task.specific.step], "approve"
        )
    page.refresh_from_db()


def test_a_tagged_item_is_linked_once_published_through_the_chain_and_not_after():
    office = build_office()
    year = make_year()
    o12 = make_indicator(year, "O12")
    item = office.item(title="ประกาศผลการจัดซื้อ")
    # Written with its indicator and saved as a draft: not public yet.
    item.ita_tags = [ItaPageTag(indicator=o12)]
    item.save_revision(user=office.editor_a)
    assert indicator_links(year)[o12.pk] == []

    decide_all(item, office)
    assert item.live
    links = indicator_links(year)[o12.pk]
    assert titles(links) == ["ประกาศผลการจัดซื้อ"]
    assert links[0].kind == "item" and links[0].source == "tag"
    assert links[0].url == item.url
    assert links[0].date == item.publication_date

    item.unpublish()
    assert indicator_links(year)[o12.pk] == []


def test_a_tag_added_in_a_draft_of_a_live_item_waits_for_its_publication():
    office = build_office()
    year = make_year()
    o1 = make_indicator(year, "O1")
    item = office.item(title="โครงสร้างองค์กร", publish=True)
    item.ita_tags = [ItaPageTag(indicator=o1)]
    item.save_revision(user=office.editor_a)
    assert indicator_links(year)[o1.pk] == []
    item.get_latest_revision().publish()
    assert titles(indicator_links(year)[o1.pk]) == ["โครงสร้างองค์กร"]


def test_rules_follow_publication_in_the_fiscal_year_and_the_newest_item():
    office = build_office()
    year = make_year(2569)
    o11 = make_indicator(
        year,
        "O11",
        rule_kind=ItaRuleKind.CATEGORY_IN_FISCAL_YEAR,
        rule_category=category("1.9"),
    )
    o5 = make_indicator(
        year,
        "O5",
        rule_kind=ItaRuleKind.NEWEST_IN_CATEGORY,
        rule_category=category("1.6"),
    )
    office.item(title="ประกาศปีก่อน", publish=True, publication_date=dt.date(2025, 9, 1))
    office.item(title="ประกาศ ม.ค.", publish=True, publication_date=dt.date(2026, 1, 5))
    office.item(title="ประกาศร่าง", publish=False, publication_date=dt.date(2026, 2, 5))
    office.item(
        title="แผนเก่า", code="1.6", publish=True, publication_date=dt.date(2025, 1, 5)
    )
    office.item(
        title="แผนใหม่", code="1.6", publish=True, publication_date=dt.date(2026, 1, 5)
    )
    links = indicator_links(year)
    assert titles(links[o11.pk]) == ["ประกาศ ม.ค."]
    assert titles(links[o5.pk]) == ["แผนใหม่"]

    # A new notice approved through the chain joins by itself.
    notice = office.item(title="ประกาศใหม่", publication_date=dt.date(2026, 3, 1))
    decide_all(notice, office)
    assert titles(indicator_links(year)[o11.pk]) == ["ประกาศใหม่", "ประกาศ ม.ค."]
    notice.unpublish()
    assert titles(indicator_links(year)[o11.pk]) == ["ประกาศ ม.ค."]


def test_never_a_draft_a_private_page_or_a_restricted_document(disclosure):
    year = make_year()
    o1 = make_indicator(year, "O1")
    public_item = make_item(category("1.1"), title="สาธารณะ")
    draft = make_item(category("1.1"), title="ฉบับร่าง", publish=False)
    private = make_item(category("1.2"), title="เฉพาะสมาชิก")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.LOGIN
    )
    secret_collection = Collection.get_first_root_node().add_child(name="ภายใน")
    CollectionViewRestriction.objects.create(
        collection=secret_collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    public_doc = make_document("คู่มือ")
    secret_doc = make_document("ลับ", collection=secret_collection)
    for n, target in enumerate(
        [
            {"page": public_item},
            {"page": draft},
            {"page": private},
            {"document": public_doc},
            {"document": secret_doc},
            {"url": "https://www.nacc.go.th/", "title": "ช่องทางร้องเรียน ป.ป.ช."},
        ]
    ):
        ItaEvidence.objects.create(indicator=o1, sort_order=n, **target)
    links = indicator_links(year)[o1.pk]
    assert titles(links) == ["สาธารณะ", "คู่มือ", "ช่องทางร้องเรียน ป.ป.ช."]
    document = links[1]
    assert (document.kind, document.file_ext) == ("document", "pdf")
    assert document.file_size == len(b"%PDF-1.4 test")
    assert document.url == public_doc.url


def test_a_gallery_can_be_tagged(disclosure):
    year = make_year()
    o19 = make_indicator(year, "O19")
    gallery = make_gallery(title="รับฟังความคิดเห็น", publish=False)
    gallery.ita_tags = [ItaPageTag(indicator=o19)]
    gallery.save_revision().publish()
    links = indicator_links(year)[o19.pk]
    assert [(link.kind, link.title) for link in links] == [("gallery", "รับฟังความคิดเห็น")]


def _count(year) -> int:
    with CaptureQueriesContext(connection) as queries:
        rows = indicator_rows(year)
        for row in rows:
            for link in row.links:
                link.url  # noqa: B018 - read as a template would
    return len(queries)


def test_query_count_is_constant_in_indicators_and_links(disclosure):
    year = make_year()

    def add_indicator(n: int) -> None:
        indicator = make_indicator(
            year,
            f"O{n}",
            rule_kind=ItaRuleKind.CATEGORY_IN_FISCAL_YEAR
            if n % 2
            else ItaRuleKind.NEWEST_IN_CATEGORY,
            rule_category=category("1.9" if n % 3 else "1.6"),
        )
        item = make_item(category("1.1"), title=f"รายการ {n}", publish=False)
        item.ita_tags = [ItaPageTag(indicator=indicator)]
        item.save_revision().publish()
        ItaEvidence.objects.create(indicator=indicator, page=item)
        ItaEvidence.objects.create(indicator=indicator, document=make_document())
        ItaEvidence.objects.create(indicator=indicator, url=f"https://example.org/{n}")
        make_item(category("1.9"), title=f"ประกาศ {n}")
        make_item(category("1.6"), title=f"แผน {n}")

    for n in range(1, 4):
        add_indicator(n)
    _count(year)  # the site's root paths are read once, then cached
    few = _count(year)
    for n in range(4, 13):
        add_indicator(n)
    rows = indicator_rows(year)
    assert len(rows) == 12
    assert sum(len(row.links) for row in rows) > 60
    assert _count(year) == few


def test_the_item_and_gallery_editors_offer_the_indicators(client):
    office = build_office()
    year = make_year(2569)
    make_indicator(year, "O12", title="รายงานสรุปผลการจัดซื้อจัดจ้าง")
    item = office.item(title="ประกาศ")
    gallery = make_gallery(unit=office.unit_a, publish=False)
    client.force_login(office.editor_a)
    for page in (item, gallery):
        response = client.get(f"/admin/pages/{page.pk}/edit/")
        assert response.status_code == 200
        html = response.content.decode()
        assert 'name="ita_tags-TOTAL_FORMS"' in html
        assert "2569 · O12 รายงานสรุปผลการจัดซื้อจัดจ้าง" in html
