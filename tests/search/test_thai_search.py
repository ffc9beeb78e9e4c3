"""Thai segmentation and the search backend: Thai words inside compounds are found,
short words are not taken out of longer ones, digits match in both scripts."""

import pytest
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from disclosure_pages.models import DisclosureItemPage
from disclosure_thai.search import (
    encode,
    segment_for_index,
    segment_query,
    subwords,
    words,
)
from tests.utils import category, make_item


def test_words_normalise_digits_and_drop_punctuation():
    assert words("แผนปฏิบัติการ ๒๕๖๙") == ["แผน", "ปฏิบัติการ", "2569"]
    assert words('" OR * 😀 \x00') == ["or"]
    assert words("!!! ??? ...") == []


def test_subwords_split_compounds_at_dictionary_words_only():
    assert "จัดซื้อ" in subwords("จัดซื้อจัดจ้าง")
    assert "จัดจ้าง" in subwords("จัดซื้อจัดจ้าง")
    # มาตรฐาน splits as มาตร + ฐาน: มา is never taken out.
    assert "มา" not in subwords("มาตรฐาน")
    assert subwords("ตาราง") == ()


def test_index_and_query_use_the_same_tokens():
    indexed = segment_for_index("ข้อมูลการจัดซื้อจัดจ้าง ปี ๒๕๖๙").split()
    for query in ("จัดซื้อ", "จัดจ้าง", "ข้อมูล", "2569", "๒๕๖๙"):
        assert set(segment_query(query).split()) <= set(indexed), query
    assert segment_query("มา") not in segment_for_index("มาตรฐานการปฏิบัติงาน").split()
    assert segment_query('" OR *') == segment_query("or")
    assert segment_query("\x00 !!") == ""


def test_thai_spelling_variants_index_and_query_alike():
    indexed = set(
        segment_for_index("ส\u0e4d\u0e32นักงาน เเผนงาน ก\u0e49\u0e31น").split()
    )
    for query in ("สำนักงาน", "แผนงาน", "กั้น"):
        assert set(segment_query(query).split()) <= indexed, query


@pytest.fixture(scope="module")
def pages(django_db_setup, django_db_blocker):
    from tests.conftest import shared_data
    from tests.utils import run_setup

    with shared_data(django_db_blocker):
        run_setup()
        procurement = make_item(
            category("1.9"),
            title="ข้อมูลการจัดซื้อจัดจ้าง ประจำปีงบประมาณ ๒๕๖๙",
            summary="สรุปผลการจัดซื้อจัดจ้างรายเดือน",
        )
        standard = make_item(
            category("1.11"),
            title="มาตรฐานการให้บริการ",
            summary="คู่มือมาตรฐานการปฏิบัติงาน",
        )
        draft = make_item(category("1.9"), title="ร่างประกาศจัดซื้อ", publish=False)
        yield {"procurement": procurement, "standard": standard, "draft": draft}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query,expected",
    [
        ("จัดซื้อ", {"procurement"}),
        ("จัดจ้าง", {"procurement"}),
        ("2569", {"procurement"}),
        ("๒๕๖๙", {"procurement"}),
        ("มาตรฐาน", {"standard"}),
        ("มา", set()),
    ],
)
def test_backend_finds_thai_words_in_compounds(pages, query, expected):
    found = DisclosureItemPage.objects.live().search(query)
    names = {name for name, page in pages.items() if page in list(found)}
    assert names == expected


@pytest.mark.django_db
def test_admin_page_search_segments_the_query(pages):
    # The admin's page search is an autocomplete over Page: Thai words inside the
    # title are found, pages without the segmented field still by their title.
    backend = get_search_backend()
    found = list(backend.autocomplete("จัดจ้าง", Page.objects.all()))
    assert pages["procurement"].page_ptr in found or pages["procurement"] in found
    found = list(backend.autocomplete("ข้อมูลเผยแพร่", Page.objects.all()))
    assert found


@pytest.mark.django_db
def test_editor_finds_pages_by_thai_words_in_the_admin(pages, client):
    from tests.utils import make_user

    admin = make_user(is_superuser=True, is_staff=True)
    client.force_login(admin)
    procurement, standard = pages["procurement"], pages["standard"]
    html = client.get("/admin/pages/search/", {"q": "จัดจ้าง"}).content.decode()
    assert procurement.title in html
    assert standard.title not in html
    # The listing of one category searches the same way.
    parent = procurement.get_parent()
    html = client.get(f"/admin/pages/{parent.pk}/", {"q": "จัดจ้าง"}).content.decode()
    assert procurement.title in html
    # Thai digits typed by an editor find Arabic ones and back.
    html = client.get("/admin/pages/search/", {"q": "2569"}).content.decode()
    assert procurement.title in html


@pytest.mark.django_db
@pytest.mark.parametrize("query", ['" OR *', 'จัดจ้าง"', "\x00จัดจ้าง", "😀"])
def test_admin_listing_and_chooser_survive_fts_syntax(pages, client, query):
    # The category listing and the page chooser pass the typed text to the backend
    # as is (the search view parses it first): a lone quote must not reach the
    # database's full-text syntax.
    from tests.utils import make_user

    client.force_login(make_user(is_superuser=True, is_staff=True))
    parent = pages["procurement"].get_parent()
    for url in (f"/admin/pages/{parent.pk}/", "/admin/choose-page/search/"):
        response = client.get(url, {"q": query})
        assert response.status_code == 200, url
        if query == 'จัดจ้าง"':  # the word before the quote still finds the page
            assert pages["procurement"].title in response.content.decode(), url


@pytest.mark.django_db
def test_setup_indexes_again_pages_indexed_by_an_older_segmentation(pages):
    """An upgrade that changes how Thai is cut leaves old words in the index;
    setup_disclosure notices and indexes those pages again."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from modelsearch.conf import get_app_config

    from disclosure_pages.search import find_pages, public_pages
    from tests.utils import run_setup_command

    item = make_item(
        category("1.19"),
        title="การขอรับเงินสวัสดิการ",
        summary="ขั้นตอนและเอกสาร",
    )
    entries = (
        get_app_config()
        .get_model("IndexEntry")
        ._default_manager.filter(
            content_type=ContentType.objects.get_for_model(DisclosureItemPage),
            object_id=str(item.pk),
        )
    )
    # as the first version indexed it: no เงิน inside ขอรับเงิน
    old = " ".join(encode(w) for w in ("การ", "ขอ", "รับเงิน", "สวัสดิการ"))
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchVector
        from django.db.models import Value

        entries.update(body_text=old, body=SearchVector(Value(old), config="simple"))
    else:
        entries.update(body=old)
    assert item.pk not in {p.pk for p in find_pages(public_pages(), "เงิน")}

    run_setup_command()

    assert item.pk in {p.pk for p in find_pages(public_pages(), "เงิน")}
