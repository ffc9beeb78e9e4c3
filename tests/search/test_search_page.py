"""The public search page: Thai words found in titles, summaries and attached PDFs,
filters, snippets, B.E. dates, pagination; malformed input never gives a 500."""

import datetime as dt
import logging
import re

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from disclosure_pages.search import DocumentText
from moderation.models import Unit
from tests.conftest import shared_data
from tests.search.pdfs import BROKEN_PDF, thai_pdf
from tests.utils import category, make_item, run_setup

URL = "/search/"


def _document(title, data):
    document = get_document_model()(title=title, file=ContentFile(data, name="f.pdf"))
    document.save()
    return document


def _doc_block(document):
    return [
        {
            "type": "document",
            "value": {"document": document.pk, "title": "", "accessible": True},
        }
    ]


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    with shared_data(django_db_blocker):
        run_setup()
        units = {u.code: u for u in Unit.objects.all()}
        pdf = _document("รายงาน", thai_pdf("รายงานผลการตรวจสอบครุภัณฑ์คอมพิวเตอร์ ปี 2568"))
        broken = _document("เสีย", BROKEN_PDF)
        internal = Collection.get_first_root_node().add_child(name="ภายใน")
        CollectionViewRestriction.objects.create(
            collection=internal, restriction_type="login"
        )
        restricted = _document("ภายใน", thai_pdf("บันทึกภายในเรื่องเครื่องปรับอากาศชำรุด"))
        restricted.collection = internal
        restricted.save()
        pages = {
            "procurement": make_item(
                category("1.9"),
                title="ข้อมูลการจัดซื้อจัดจ้าง ประจำปีงบประมาณ ๒๕๖๙",
                summary="สรุปผลการจัดซื้อจัดจ้างตามแบบ สขร.๑ รายเดือน",
                unit=units["finance"],
                publication_date=dt.date(2026, 1, 10),
            ),
            "plan": make_item(
                category("1.6"),
                title="แผนปฏิบัติการประจำปี 2568",
                summary="แผนปฏิบัติการของสำนักงาน",
                unit=units["policy"],
                publication_date=dt.date(2025, 3, 1),
            ),
            "standard": make_item(
                category("1.11"),
                title="มาตรฐานการให้บริการ",
                summary="ขั้นตอนและระยะเวลาการให้บริการ",
                unit=units["admin"],
            ),
            "with_pdf": make_item(
                category("1.12"),
                title="ผลการตรวจสอบภายใน",
                summary="ดูเอกสารแนบ",
                unit=units["audit"],
                body=_doc_block(pdf),
            ),
            "broken_pdf": make_item(
                category("1.12"),
                title="เอกสารแนบที่เปิดไม่ได้",
                summary="ทดสอบไฟล์เสีย",
                unit=units["audit"],
                body=_doc_block(broken),
            ),
            "restricted_pdf": make_item(
                category("1.12"),
                title="ผลการตรวจรับพัสดุ",
                summary="รายละเอียดในเอกสารแนบ",
                unit=units["admin"],
                body=_doc_block(restricted),
            ),
            "draft": make_item(
                category("1.9"), title="ร่างประกาศจัดซื้อจัดจ้าง", publish=False
            ),
            "private": make_item(
                category("1.9"),
                title="จัดซื้อจัดจ้างภายใน",
                publication_date=dt.date(2019, 1, 10),  # fiscal year 2562
            ),
        }
        PageViewRestriction.objects.create(
            page=pages["private"], restriction_type="login"
        )
        for n in range(23):
            make_item(
                category("1.9"),
                title=f"ประกาศผู้ชนะการเสนอราคา ครั้งที่ {n + 1}",
                unit=units["finance"],
            )
        yield pages


def get(client, **params):
    return client.get(URL, params)


def titles(response):
    return [r["page"].title for r in response.context["results"]]


@pytest.mark.django_db
def test_thai_word_inside_a_compound_is_found(site, client):
    response = get(client, q="จัดซื้อ")
    assert response.status_code == 200
    html = response.content.decode()
    assert site["procurement"].title in html
    assert "<mark>จัดซื้อ</mark>" in html  # the match shown in context
    assert "๑๐ มกราคม" in html or "10 มกราคม" in html  # a B.E. date
    assert "2569" in html or "๒๕๖๙" in html
    # Drafts and restricted pages are never found.
    assert site["draft"].title not in html
    assert site["private"].title not in html


@pytest.mark.django_db
def test_short_word_is_not_taken_out_of_a_longer_one(site, client):
    assert site["standard"].title not in titles(get(client, q="มา"))
    assert site["standard"].title in titles(get(client, q="มาตรฐาน"))


@pytest.mark.django_db
def test_thai_and_arabic_digits_match(site, client):
    assert site["procurement"].title in titles(get(client, q="2569"))
    assert site["plan"].title in titles(get(client, q="๒๕๖๘"))


@pytest.mark.django_db
def test_categories_are_found_too(site, client):
    found = titles(get(client, q="ผลสัมฤทธิ์ทางการศึกษา"))
    assert category("1.16").title in found


@pytest.mark.django_db
def test_text_of_an_attached_pdf_is_found(site, client):
    assert titles(get(client, q="ครุภัณฑ์คอมพิวเตอร์")) == [site["with_pdf"].title]
    stored = DocumentText.objects.get(document__title="รายงาน")
    assert "ครุภัณฑ์" in stored.text


@pytest.mark.django_db
def test_text_of_a_pdf_in_a_restricted_collection_is_not_searchable(site, client):
    # Wagtail serves such a document to signed-in users only: the public search
    # must not reveal what it says, though the page itself is found by its words.
    assert titles(get(client, q="เครื่องปรับอากาศ")) == []
    assert titles(get(client, q="ตรวจรับพัสดุ")) == [site["restricted_pdf"].title]


@pytest.mark.django_db
def test_thai_spelling_variants_are_found(site, client):
    # Sara am as nikhahit + sara aa (as PDF text extraction and some keyboards
    # give it) and sara ae typed as two sara e are the same words to a reader.
    item = make_item(
        category("1.4"),
        title="ค\u0e4d\u0e32สั่งแต่งตั้งคณะท\u0e4d\u0e32งานเเก้ไขปัญหา",
        unit=Unit.objects.get(code="admin"),
    )
    for query in ("คำสั่ง", "คณะทำงาน", "แก้ไขปัญหา", "ค\u0e4d\u0e32สั่ง"):
        assert titles(get(client, q=query)) == [item.title], query


@pytest.mark.django_db
def test_a_pdf_that_cannot_be_read_is_skipped(site, client, caplog):
    stored = DocumentText.objects.get(document__title="เสีย")
    assert not stored.readable and stored.text == ""
    # The page itself was indexed: its own words find it.
    assert titles(get(client, q="ไฟล์เสีย")) == [site["broken_pdf"].title]


@pytest.mark.django_db
def test_reading_a_broken_pdf_logs_a_line(site, caplog):
    from disclosure_pages.search import document_text

    broken = get_document_model().objects.get(title="เสีย")
    DocumentText.objects.filter(document=broken).delete()
    with caplog.at_level(logging.WARNING, logger="disclosure_pages.search"):
        assert document_text(broken) == ""
    assert "not readable" in caplog.text


@pytest.mark.django_db
def test_filters_narrow_the_results(site, client):
    found = titles(get(client, q="แผนปฏิบัติการ", fiscal_year="2568"))
    assert found == [site["plan"].title]
    assert titles(get(client, q="แผนปฏิบัติการ", fiscal_year="๒๕๖๙")) == []
    found = titles(get(client, q="จัดซื้อ", category="1.9", unit="finance"))
    assert site["procurement"].title in found
    assert titles(get(client, q="จัดซื้อ", unit="policy")) == []
    # Filters alone list what they match, newest first.
    response = get(client, unit="audit")
    assert set(titles(response)) == {
        site["with_pdf"].title,
        site["broken_pdf"].title,
    }


@pytest.mark.django_db
def test_fiscal_years_offered_are_those_of_public_pages(site, client):
    choices = dict(get(client).context["form"].fields["fiscal_year"].widget.choices)
    assert "2569" in choices and "2568" in choices
    assert "2562" not in choices  # only the restricted item is of that year


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {"q": "จัดซื้อ", "fiscal_year": "abc"},
        {"q": "จัดซื้อ", "fiscal_year": "99999"},
        {"q": "จัดซื้อ", "category": "9.99"},
        {"q": "จัดซื้อ", "unit": "no-such-unit"},
    ],
)
def test_a_malformed_filter_is_reported_and_ignored(site, client, params):
    response = get(client, **params)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html
    assert site["procurement"].title in html  # the search still ran


@pytest.mark.django_db
def test_results_are_paginated(site, client):
    response = get(client, q="ประกาศผู้ชนะ")
    assert response.context["paginator"].count == 23
    assert len(response.context["results"]) == 20
    second = get(client, q="ประกาศผู้ชนะ", page="2")
    assert len(second.context["results"]) == 3
    assert get(client, q="ประกาศผู้ชนะ", page="x").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "",
        "ก" * 10_000,
        "!!! ??? ...",
        '" OR *',
        "title:* AND NOT",
        "😀😀",
        "จัด\x00ซื้อ",
        "%00",
        "NEAR(a b)",
        "'; DROP TABLE wagtailcore_page; --",
    ],
)
def test_malformed_queries_give_a_page_with_a_message(site, client, query):
    response = get(client, q=query)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>" in html
    # Something is said: a notice, the prompt or "nothing found", or the count.
    assert 'class="message message--notice"' in html or (
        'class="empty"' in html or 'class="result-count"' in html
    )


@pytest.mark.django_db
def test_unsearchable_text_says_so(site, client):
    for query in ("!!! ???", "😀", '" *'):
        response = get(client, q=query)
        assert response.status_code == 200
        assert response.context["notices"], query
    response = get(client, q="ก" * 10_000)
    assert response.context["notices"]


@pytest.mark.django_db
def test_search_box_in_every_page_header(site, client):
    html = client.get(site["procurement"].url).content.decode()
    assert f'action="{reverse("disclosure_search")}"' in html
    assert 'for="site-search-q"' in html


@pytest.mark.django_db
def test_search_words_box_is_a_search_input_with_one_type(site, client):
    """A second type attribute is a parsing error (WCAG 2.1 4.1.1); browsers keep the
    first, which made the box a plain text box."""
    html = client.get(URL).content.decode()
    box = re.search(r'<input[^>]*id="id_q"[^>]*>', html).group(0)
    assert box.count("type=") == 1, box
    assert 'type="search"' in box


@pytest.mark.django_db
def test_query_count_does_not_grow_with_the_results(
    site, client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(30):
        response = get(client, q="ประกาศผู้ชนะ")
    assert len(response.context["results"]) == 20


@pytest.mark.django_db
def test_pages_holding_the_words_in_their_title_come_first(site, client):
    units = {u.code: u for u in Unit.objects.all()}
    in_title = make_item(
        category("1.19"),
        title="การจัดงานวันครู ประจำปี",
        summary="กำหนดการและรายชื่อผู้ได้รับเชิญ",
        unit=units["admin"],
        publication_date=dt.date(2025, 1, 1),
    )
    in_summary = make_item(  # published after: newer, still second
        category("1.19"),
        title="รายงานประจำไตรมาส",
        summary="รวมผลการจัดงานวันครูของโรงเรียนในสังกัด",
        unit=units["admin"],
        publication_date=dt.date(2026, 3, 1),
    )
    response = get(client, q="วันครู")
    assert titles(response)[:2] == [in_title.title, in_summary.title]


@pytest.mark.django_db
def test_a_mistyped_word_is_found_after_the_right_spelling(site, client):
    units = {u.code: u for u in Unit.objects.all()}
    make_item(
        category("1.19"),
        title="คู่มือการใช้งานระบบ",
        summary="ขั้นตอนการเข้าสู่ระบบ",
        unit=units["ict"],
    )
    response = get(client, q="คูมือ")  # tone mark missing
    assert "คู่มือการใช้งานระบบ" in titles(response)


@pytest.mark.django_db
def test_search_page_queries_are_counted_not_one_per_result(
    site, client, django_assert_max_num_queries
):
    """A page of 20 results takes as many queries as a page of one or two: the rank
    (title hits first) is part of the search statement, not a query per hit."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        response = get(client, q="มาตรฐานการให้บริการ")
    assert len(response.context["results"]) <= 2  # the item and its category
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = get(client, q="ประกาศผู้ชนะ")
    assert len(response.context["results"]) == 20
    assert len(one.captured_queries) <= 25


@pytest.mark.django_db
def test_a_unit_named_in_the_query_finds_its_items(site, client):
    """A query naming กลุ่มการเงิน (กลุ่มบริหารงานการเงินและสินทรัพย์) finds its item
    about procurement, though its text never names the unit (the search is handed
    the units)."""
    response = get(client, q="กลุ่มการเงิน จัดซื้อ")
    assert response.status_code == 200
    assert titles(response) == ["ข้อมูลการจัดซื้อจัดจ้าง ประจำปีงบประมาณ ๒๕๖๙"]
