"""The reporting screens' shared guards: a malformed period is a 400 with a Thai
message on every screen (never a 500), and a report frozen before the figures
became typed objects (its snapshot JSON in the old shape) still reads the same on
the screen, in print and in the workbook."""

import datetime as dt
import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from openpyxl import load_workbook

from moderation.models import Unit
from moderation.spreadsheets import XLSX_CONTENT_TYPE
from reporting.models import CommitteeReport
from reporting.report_figures import CommitteeFigures
from tests.utils import make_user, run_setup

pytestmark = pytest.mark.django_db

ADMIN = "/admin/disclosure-reports"
THAI_MESSAGE = "รอบรายงานไม่ถูกต้อง กรุณาเลือกจากรายการ"
BAD_PERIODS = ["abc", "99999-q1", "2569-q5", "2569-q0", "2569-h3", "1999-q1", "2569-"]


@pytest.fixture
def admin(db):
    return make_user("views-superuser", is_superuser=True)


@pytest.fixture
def unit(db):
    run_setup()
    return Unit.objects.get(code="finance")


@pytest.mark.parametrize("period", BAD_PERIODS)
def test_a_malformed_period_is_a_400_with_a_thai_message_everywhere(
    client, admin, unit, period
):
    client.force_login(admin)
    gets = [
        f"{ADMIN}/committee/?period={period}",
        f"{ADMIN}/committee/{period}/print/",
        f"{ADMIN}/committee/{period}/xlsx/",
        f"{ADMIN}/narratives/?period={period}",
        f"{ADMIN}/narratives/{period}/{unit.pk}/",
        f"{ADMIN}/evaluation/?period={period}",
        f"{ADMIN}/evaluation/?period={period}&export=xlsx",
        f"{ADMIN}/evaluation/results/?period={period}",
    ]
    posts = [
        f"{ADMIN}/committee/{period}/submit/",
        f"{ADMIN}/committee/{period}/reopen/",
        f"{ADMIN}/narratives/{period}/due-date/",
        f"{ADMIN}/narratives/{period}/{unit.pk}/",
    ]
    for method, urls in (("get", gets), ("post", posts)):
        for url in urls:
            response = getattr(client, method)(url, HTTP_ACCEPT_LANGUAGE="th")
            assert response.status_code == 400, (method, url)
            assert THAI_MESSAGE in response.content.decode(), (method, url)
    assert not CommitteeReport.objects.exists()


def test_unknown_parameters_are_ignored_not_a_500(client, admin, unit):
    """Only ``period`` names a period: ``fy`` or ``q`` in the query change nothing."""
    client.force_login(admin)
    for query in ("fy=99999", "q=5", "fy=abc&q=-1", "period="):
        for url in (f"{ADMIN}/committee/", f"{ADMIN}/evaluation/"):
            assert client.get(f"{url}?{query}").status_code == 200, (url, query)


def test_a_user_without_the_reports_permission_is_refused_before_the_period(
    client, unit
):
    """Who may see the committee's reports is decided first: a 403, not a 400."""
    member = make_user("views-member")
    group = Group.objects.create(name="views-admin-access")
    group.permissions.set(Permission.objects.filter(codename="access_admin"))
    member.groups.add(group)
    client.force_login(member)
    for url in (
        f"{ADMIN}/committee/?period=abc",
        f"{ADMIN}/committee/abc/print/",
        f"{ADMIN}/committee/abc/xlsx/",
        f"{ADMIN}/evaluation/?period=abc",
    ):
        assert client.get(url).status_code == 403, url
    assert client.post(f"{ADMIN}/committee/abc/submit/").status_code == 403
    # Submitting is a post: a GET is not allowed, whoever asks.
    assert client.get(f"{ADMIN}/committee/2569-q1/submit/").status_code == 405


def old_snapshot(unit_id: int, category_id: int) -> dict:
    """A snapshot exactly as compute() stored it before its figures were typed."""
    return {
        "period": {
            "fiscal_year": 2568,
            "kind": "quarter",
            "number": 2,
            "label": "ปีงบประมาณ พ.ศ. 2568 ไตรมาสที่ 2",
            "start": "2025-01-01",
            "end": "2025-03-31",
        },
        "units": [
            {
                "id": unit_id,
                "name": "กลุ่มงานในรายงานเก่า",
                "published": 7,
                "updated": 3,
                "galleries": 2,
                "approved": 9,
                "sent_back": 1,
                "median_days": 2.5,
                "views": 4321,
                "downloads": 876,
                "feedback": 20,
                "useful": 15,
                "useful_pct": 75.0,
                "mean_score": 4.25,
            }
        ],
        "categories": [
            {
                "id": category_id,
                "path": "000100010001",
                "code": "1.9",
                "title": "หมวดในรายงานเก่า",
                "published": 7,
            }
        ],
        "matrix": [{"unit_id": unit_id, "category_id": category_id, "count": 7}],
        "items": [
            {
                "id": 999001,
                "title": "ประกาศที่ส่งคณะกรรมการแล้ว",
                "unit_id": unit_id,
                "first_published_at": "2025-02-03T10:15:00+07:00",
                "category_id": category_id,
            }
        ],
        "by_quarter": [
            {"quarter": 1, "published": 4},
            {"quarter": 2, "published": 7},
            {"quarter": 3, "published": 0},
            {"quarter": 4, "published": 0},
        ],
        "totals": {
            "published": 7,
            "updated": 3,
            "galleries": 2,
            "approved": 9,
            "sent_back": 1,
            "views": 4321,
            "downloads": 876,
            "feedback": 20,
            "useful": 15,
            "useful_pct": 75.0,
            "median_days": 2.5,
        },
        "narratives": [
            {
                "unit_id": unit_id,
                "unit": "กลุ่มงานในรายงานเก่า",
                "status": "submitted",
                "due_date": "2025-04-10",
                "outcomes": "ผลลัพธ์ที่บันทึกไว้ในรายงานเก่า",
                "problems": "ปัญหาในรายงานเก่า",
                "suggestions": "ข้อเสนอแนะในรายงานเก่า",
            }
        ],
    }


def test_a_report_frozen_in_the_old_shape_still_reads_the_same(client, admin, unit):
    CommitteeReport.objects.create(
        fiscal_year=2568,
        period_kind="quarter",
        period_number=2,
        status="submitted",
        submitted_at=timezone.now() - dt.timedelta(days=200),
        submitted_by=admin,
        snapshot=old_snapshot(unit.pk, 424242),
    )
    client.force_login(admin)
    screen = client.get(f"{ADMIN}/committee/?period=2568-q2")
    assert screen.status_code == 200
    html = screen.content.decode()
    for text in (
        "กลุ่มงานในรายงานเก่า",
        "<td>4321</td>",
        "<td>876</td>",
        "<td>2.5</td>",
        "<td>75.0</td>",
        "1.9 หมวดในรายงานเก่า",
        "<td>10 เมษายน พ.ศ. 2568</td>",
    ):
        assert text in html, text

    document = client.get(f"{ADMIN}/committee/2568-q2/print/").content.decode()
    for text in (
        "ปีงบประมาณ พ.ศ. 2568 ไตรมาสที่ 2",
        "ผลลัพธ์ที่บันทึกไว้ในรายงานเก่า",
        "ปัญหาในรายงานเก่า",
        "ข้อเสนอแนะในรายงานเก่า",
        "ประกาศที่ส่งคณะกรรมการแล้ว",
        "3 ก.พ. 2568",
        "<td>1.9</td><td>กลุ่มงานในรายงานเก่า</td>",
    ):
        assert text in document, text

    response = client.get(f"{ADMIN}/committee/2568-q2/xlsx/")
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == (
        'attachment; filename="committee-report-2568-q2.xlsx"'
    )
    book = load_workbook(io.BytesIO(response.content))
    summary = list(book.worksheets[0].iter_rows(values_only=True))
    assert summary[1] == (
        "กลุ่มงานในรายงานเก่า",
        7,
        3,
        2,
        9,
        1,
        2.5,
        4321,
        876,
        20,
        75.0,
        4.25,
    )
    assert summary[2][1:11] == (7, 3, 2, 9, 1, 2.5, 4321, 876, 20, 75.0)
    items = list(book.worksheets[1].iter_rows(values_only=True))
    assert items[1][1:4] == (
        "ประกาศที่ส่งคณะกรรมการแล้ว",
        "กลุ่มงานในรายงานเก่า",
        "1.9 หมวดในรายงานเก่า",
    )
    narratives = list(book.worksheets[2].iter_rows(values_only=True))
    assert narratives[1] == (
        "กลุ่มงานในรายงานเก่า",
        "ส่งแล้ว",
        "ผลลัพธ์ที่บันทึกไว้ในรายงานเก่า",
        "ปัญหาในรายงานเก่า",
        "ข้อเสนอแนะในรายงานเก่า",
    )


def test_a_snapshot_reads_back_as_it_was_stored(client, admin, unit):
    """Old snapshots read back to the same JSON; a new one is stored in that shape."""
    stored = old_snapshot(unit.pk, 424242)
    # Snapshots frozen before other apps could add sections read back without any.
    assert CommitteeFigures.from_json(stored).to_json() == {**stored, "sections": []}

    client.force_login(admin)
    assert client.post(f"{ADMIN}/committee/2569-q1/submit/").status_code == 302
    snapshot = CommitteeReport.objects.get().snapshot
    assert set(snapshot) == set(stored) | {"sections"}
    assert set(snapshot["period"]) == set(stored["period"])
    assert set(snapshot["totals"]) == set(stored["totals"])
    for key in ("units", "narratives"):
        assert [set(row) for row in snapshot[key]] == [
            set(stored[key][0]) for _row in snapshot[key]
        ]
    assert CommitteeFigures.from_json(snapshot).to_json() == snapshot
