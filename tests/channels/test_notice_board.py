"""The notice board's weekly batch: the posters of the live public items marked for
the board, one per A4 sheet in one document, and logging them as posted at a board
location asked once."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from wagtail.models import PageViewRestriction

from channels.models import Channel, ChannelMark, ChannelPosting, MarkSource
from moderation.pdf import chromium
from tests.conftest import shared_data
from tests.moderation.office import build_office, login
from tests.utils import category, make_gallery, make_item

pytestmark = pytest.mark.django_db

BOARD = "/admin/channels/notice-board/"
POSTERS = BOARD + "posters/"
LOG = BOARD + "log/"


def mark(page, key="board"):
    ChannelMark.objects.create(
        page=page, channel=Channel.objects.get(key=key), source=MarkSource.PR
    )


@pytest.fixture(scope="module")
def module_data(django_db_setup, django_db_blocker):
    with shared_data(django_db_blocker):
        office = build_office()
        first = office.item(
            title="ประกาศรับสมัครลูกเสือจิตอาสา",
            summary="รับสมัครถึงสิ้นเดือน",
            publish=True,
        )
        gallery = make_gallery(photos=1, unit=office.unit_a, title="ภาพกิจกรรมวันเด็ก")
        draft = office.item(title="ร่างประกาศที่ยังไม่เผยแพร่", publish=False)
        private = make_item(
            category("1.9"), unit=office.unit_b, title="ประกาศเฉพาะเจ้าหน้าที่กลุ่มอื่น"
        )
        PageViewRestriction.objects.create(
            page=private, restriction_type=PageViewRestriction.LOGIN
        )
        facebook_only = office.item(title="ข่าวเฉพาะเพจ", publish=True)
        for page in (first, gallery, draft, private):
            mark(page)
        mark(facebook_only, "facebook")
        yield {
            "office": office,
            "first": first,
            "gallery": gallery,
            "draft": draft,
            "private": private,
            "facebook_only": facebook_only,
        }


@pytest.fixture
def data(module_data, db):
    return module_data


def board_postings():
    return ChannelPosting.objects.filter(channel__key="board")


def test_the_batch_holds_a_poster_per_live_public_page_marked_for_the_board(data):
    response = login(data["office"].pr).get(POSTERS)
    assert response.status_code == 200
    text = response.content.decode()
    assert text.count('<article class="poster"') == 2
    assert text.count("<svg") == 2  # a QR code on each poster
    assert data["first"].title in text
    assert data["gallery"].title in text
    assert "รับสมัครถึงสิ้นเดือน" in text
    for left_out in ("draft", "private", "facebook_only"):
        assert data[left_out].title not in text
    # One heading id per poster: the sheets share one document.
    assert 'id="qr-heading-1"' in text and 'id="qr-heading-2"' in text
    assert "channels/css/notice_board.css" in text  # a page break per poster


def test_the_board_screen_lists_the_batch(data):
    response = login(data["office"].pr).get(BOARD)
    assert response.status_code == 200
    text = response.content.decode()
    assert data["first"].title in text
    assert data["draft"].title not in text
    assert 'name="location"' in text


@pytest.mark.parametrize("role", ["editor_a", "director_a", "ict", "committee"])
def test_only_public_relations_prints_and_logs_the_batch(data, role):
    client = login(getattr(data["office"], role))
    assert client.get(BOARD).status_code == 403
    assert client.get(POSTERS).status_code == 403
    response = client.post(LOG, {"location": "หน้าห้อง", "pages": [data["first"].pk]})
    assert response.status_code == 403
    assert not board_postings().exists()


def test_logging_the_batch_asks_the_location_once_and_logs_each_poster_once(data):
    client = login(data["office"].pr)
    form = {
        "location": "บอร์ดหน้าห้องประชุม ชั้น 1",
        # A forged id of a draft and of another unit's private page are ignored.
        "pages": [
            data["first"].pk,
            data["gallery"].pk,
            data["draft"].pk,
            data["private"].pk,
        ],
    }
    response = client.post(LOG, form, follow=True)
    assert response.status_code == 200
    assert sorted(board_postings().values_list("page_id", flat=True)) == sorted(
        [data["first"].pk, data["gallery"].pk]
    )
    assert set(board_postings().values_list("location", flat=True)) == {
        "บอร์ดหน้าห้องประชุม ชั้น 1"
    }
    assert {p.posted_by_id for p in board_postings()} == {data["office"].pr.pk}
    assert "บันทึกการติดประกาศ 2 แผ่น" in response.content.decode()

    # The same form again (a double click): nothing more, and the batch is empty.
    again = client.post(LOG, form, follow=True)
    assert board_postings().count() == 2
    assert "ยังไม่ได้เลือกประกาศในชุดนี้" in again.content.decode()
    assert "ไม่มีรายการรอติดบอร์ดประชาสัมพันธ์" in client.get(BOARD).content.decode()


def test_a_poster_not_ticked_stays_in_the_batch(data):
    client = login(data["office"].pr)
    client.post(LOG, {"location": "บอร์ดหน้าสำนักงาน", "pages": [data["first"].pk]})
    assert list(board_postings().values_list("page_id", flat=True)) == [
        data["first"].pk
    ]
    text = client.get(POSTERS).content.decode()
    assert text.count('<article class="poster"') == 1
    assert data["gallery"].title in text


def test_the_location_is_required(data):
    client = login(data["office"].pr)
    response = client.post(LOG, {"location": "", "pages": [data["first"].pk]})
    assert response.status_code == 400
    assert not board_postings().exists()


@pytest.mark.skipif(chromium() is None, reason="Chromium is not installed")
def test_the_batch_prints_to_one_pdf(data):
    response = login(data["office"].pr).get(POSTERS + "?format=pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 2  # a page per poster
