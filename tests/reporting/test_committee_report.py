"""The committee report in the admin: who may read, write, submit and reopen it; the
A4 document and the XLSX workbook; and a submitted report that stays as it was."""

import datetime as dt
import io
import re

import pytest
from django.contrib.auth.models import Group, Permission
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry, PageLogEntry

from disclosure_thai.dates import BANGKOK, FiscalPeriod
from moderation.models import Unit
from reporting.models import CommitteeReport, UnitNarrative
from tests.conftest import shared_data
from tests.utils import category, make_item, make_user, run_setup

pytestmark = pytest.mark.django_db

PERIOD = "2569-q1"
COMMITTEE = "/admin/disclosure-reports/committee/"
NARRATIVES = "/admin/disclosure-reports/narratives/"


def admin_access_user(username: str, *permissions: str):
    """A user who can log in to the admin, with some reporting permissions."""
    user = make_user(username)
    group = Group.objects.create(name=f"group-{username}")
    codenames = ["access_admin", *permissions]
    group.permissions.set(Permission.objects.filter(codename__in=codenames))
    user.groups.add(group)
    return user


@pytest.fixture(scope="module")
def module_data(django_db_setup, django_db_blocker):
    with shared_data(django_db_blocker):
        run_setup()
        finance = Unit.objects.get(code="finance")
        policy = Unit.objects.get(code="policy")
        director = make_user("finance-director")
        deputy = make_user("finance-deputy")
        other_director = make_user("policy-director")
        member = make_user("finance-member")
        for user in (director, deputy, other_director, member):
            group = Group.objects.create(name=f"admin-{user.username}")
            group.permissions.set(Permission.objects.filter(codename="access_admin"))
            user.groups.add(group)
        Unit.objects.filter(pk=finance.pk).update(director=director, deputy=deputy)
        Unit.objects.filter(pk=policy.pk).update(director=other_director)
        finance.members.add(member)
        items = []
        for n, (cat, unit) in enumerate(
            [("1.9", finance), ("1.9", finance), ("1.6", policy)]
        ):
            item = make_item(category(cat), unit=unit, title=f"รายการข้อมูลไตรมาสหนึ่ง {n}")
            when = dt.datetime(2025, 11, 1 + n, 9, 0, tzinfo=BANGKOK)
            type(item).objects.filter(pk=item.pk).update(
                first_published_at=when, last_published_at=when
            )
            PageLogEntry.objects.filter(page=item).update(timestamp=when)
            items.append(item)
        yield {
            "finance": finance,
            "policy": policy,
            "director": director,
            "deputy": deputy,
            "other_director": other_director,
            "member": member,
            "items": items,
            "admin": make_user("report-superuser", is_superuser=True),
            "committee": admin_access_user("committee-member", "view_committeereport"),
            "secretary": admin_access_user(
                "report-secretary", "view_committeereport", "submit_committeereport"
            ),
        }


@pytest.fixture
def data(module_data, db):
    return module_data


def as_user(client, user):
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "who, status",
    [("admin", 200), ("committee", 200), ("secretary", 200), ("member", 403)],
)
def test_who_may_read_the_committee_report(client, data, who, status):
    as_user(client, data[who])
    for url in (
        f"{COMMITTEE}?period={PERIOD}",
        f"{COMMITTEE}{PERIOD}/print/",
        f"{COMMITTEE}{PERIOD}/xlsx/",
        f"/admin/disclosure-reports/evaluation/?period={PERIOD}",
    ):
        assert client.get(url).status_code == status, url


def test_the_screen_shows_the_period_and_counts(client, data):
    html = (
        as_user(client, data["committee"])
        .get(f"{COMMITTEE}?period={PERIOD}")
        .content.decode()
    )
    assert "ปีงบประมาณ พ.ศ. 2569 ไตรมาสที่ 1" in html
    assert "รายการข้อมูลที่เผยแพร่" in html
    # The committee reads; only the secretary may submit.
    assert "/submit/" not in html
    secretary = as_user(client, data["secretary"]).get(f"{COMMITTEE}?period={PERIOD}")
    assert f"{PERIOD}/submit/" in secretary.content.decode()


def test_the_screen_opens_with_four_headline_figures(client, data):
    html = (
        as_user(client, data["committee"])
        .get(f"{COMMITTEE}?period={PERIOD}")
        .content.decode()
    )
    strip = re.search(r'<ul class="report-headlines".*?</ul>', html, re.S).group()
    figures = [
        (re.sub(r"\s+", " ", value), label)
        for value, label in re.findall(
            r'__value">(.*?)</span>\s*<span class="report-headline__label">(.*?)<',
            strip,
            re.S,
        )
    ]
    assert [label for _value, label in figures] == [
        "รายการข้อมูลที่เผยแพร่",
        "มัธยฐานจำนวนวันจากส่งขออนุญาตถึงเผยแพร่",
        "จำนวนผู้เข้าชม",
        "เห็นว่าเป็นประโยชน์",
    ]
    assert figures[0][0] == "3"
    # The strip comes before the tables; the summary table scrolls in its own
    # card, reachable by keyboard; each chart's caption is above its chart.
    assert html.index("report-headlines") < html.index("report-table")
    assert re.search(r'class="report-scroll" role="region" tabindex="0"', html)
    for chart_id in ("chart-units", "chart-categories", "chart-quarters"):
        assert html.index(f'id="{chart_id}-caption"') < html.index(
            f'aria-labelledby="{chart_id}-title"'
        )


@pytest.mark.parametrize("period", ["2569-q5", "junk", "1999-q1", "2569-h3"])
def test_a_malformed_period_is_a_400(client, data, period):
    as_user(client, data["admin"])
    assert client.get(f"{COMMITTEE}?period={period}").status_code == 400
    assert client.get(f"{COMMITTEE}{period}/print/").status_code == 400
    assert client.get(f"{NARRATIVES}?period={period}").status_code == 400


def test_the_a4_document_is_thai_with_charts_tables_and_signatures(client, data):
    response = as_user(client, data["committee"]).get(f"{COMMITTEE}{PERIOD}/print/")
    html = response.content.decode()
    assert '<html lang="th">' in html
    assert "รายงานผลการเผยแพร่ข้อมูลต่อสาธารณะ ประจำไตรมาส" in html
    assert "ปีงบประมาณ พ.ศ. 2569 ไตรมาสที่ 1" in html
    assert html.count("<svg") == 3
    assert html.count('role="img"') == 3
    # Each chart has a data table for screen readers, with the names in full
    # (the bars' labels are shortened to fit).
    assert html.count('<table class="visually-hidden">') == 3
    tables = re.findall(r'<table class="visually-hidden">(.*?)</table>', html, re.S)
    plan = category("1.6")
    assert len(plan.title) > 40
    assert f"{plan.code} {plan.title}</th>" in tables[1]
    assert "…" not in "".join(tables)
    assert "@page" not in html  # the A4 rules live in the stylesheet
    assert "(ลงชื่อ)" in html
    assert "ผลลัพธ์ การรับรู้ หรือประโยชน์ที่เกิดจากการเผยแพร่ข้อมูล" in html
    assert "ปัญหาอุปสรรค" in html and "ข้อเสนอแนะ" in html
    assert data["items"][0].title in html
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert not [s for s in sources if s.startswith(("http:", "https:", "//"))]
    assert "<script" not in html


def test_the_workbook_has_summary_items_and_narratives(client, data):
    UnitNarrative.objects.create(
        unit=data["finance"],
        fiscal_year=2569,
        period_kind="quarter",
        period_number=1,
        outcomes='=HYPERLINK("http://evil")',
        status="submitted",
    )
    response = as_user(client, data["committee"]).get(f"{COMMITTEE}{PERIOD}/xlsx/")
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["สรุป", "รายการข้อมูล", "ผลการดำเนินงาน"]
    summary = {row[0]: row for row in book["สรุป"].iter_rows(values_only=True)}
    assert summary[data["finance"].name_th][1] == 2
    assert summary["รวม"][1] == 3
    titles = [
        row[1] for row in book["รายการข้อมูล"].iter_rows(min_row=2, values_only=True)
    ]
    assert sorted(titles) == sorted(i.title for i in data["items"])
    # "First published" is a date cell (B.E. by its number format), so Excel sorts
    # it, at the time the office saw it.
    published = [row[4] for row in book["รายการข้อมูล"].iter_rows(min_row=2)]
    assert published and all(cell.is_date for cell in published)
    assert all(cell.number_format.startswith("[$-107041E]") for cell in published)
    # Published at 09:00 Bangkok time on 1, 2 and 3 November 2025 (the fixture).
    assert sorted(cell.value for cell in published) == [
        dt.datetime(2025, 11, day, 9, 0) for day in (1, 2, 3)
    ]
    narratives = {
        row[0]: row for row in book["ผลการดำเนินงาน"].iter_rows(values_only=True)
    }
    # Text that looks like a formula stays text.
    assert narratives[data["finance"].name_th][2] == '\'=HYPERLINK("http://evil")'
    assert narratives[data["finance"].name_th][1] == "ส่งแล้ว"


def test_a_submitted_report_does_not_change(client, data):
    finance_narrative = UnitNarrative.objects.create(
        unit=data["finance"],
        fiscal_year=2569,
        period_kind="quarter",
        period_number=1,
        outcomes="ผู้รับบริการเข้าถึงประกาศได้รวดเร็ว",
        status="submitted",
    )
    as_user(client, data["secretary"])
    response = client.post(f"{COMMITTEE}{PERIOD}/submit/")
    assert response.status_code == 302
    report = CommitteeReport.objects.get()
    assert report.is_frozen
    client.get(f"{COMMITTEE}{PERIOD}/print/").content.decode()
    before_xlsx = load_workbook(
        io.BytesIO(client.get(f"{COMMITTEE}{PERIOD}/xlsx/").content)
    )

    # Afterwards: an item retitled and republished, one unpublished, the text edited,
    # a unit renamed.
    first, second = (type(i).objects.get(pk=i.pk) for i in data["items"][:2])
    original_title = first.title
    first.title = "ชื่อใหม่หลังเสนอ"
    first.save_revision().publish()
    second.unpublish()
    finance_narrative.outcomes = "ข้อความที่แก้ไขภายหลัง"
    finance_narrative.save()
    Unit.objects.filter(pk=data["finance"].pk).update(name_th="กลุ่มเปลี่ยนชื่อ")

    after_print = client.get(f"{COMMITTEE}{PERIOD}/print/").content.decode()
    assert "ผู้รับบริการเข้าถึงประกาศได้รวดเร็ว" in after_print
    assert "ข้อความที่แก้ไขภายหลัง" not in after_print
    assert "ชื่อใหม่หลังเสนอ" not in after_print
    assert original_title in after_print
    assert "กลุ่มเปลี่ยนชื่อ" not in after_print
    after_xlsx = load_workbook(
        io.BytesIO(client.get(f"{COMMITTEE}{PERIOD}/xlsx/").content)
    )
    for name in before_xlsx.sheetnames:
        assert list(before_xlsx[name].iter_rows(values_only=True)) == list(
            after_xlsx[name].iter_rows(values_only=True)
        )
    screen = client.get(f"{COMMITTEE}?period={PERIOD}").content.decode()
    assert "/submit/" not in screen

    # A second click changes nothing.
    submitted_at = report.submitted_at
    client.post(f"{COMMITTEE}{PERIOD}/submit/")
    report.refresh_from_db()
    assert report.submitted_at == submitted_at
    assert (
        ModelLogEntry.objects.filter(action="disclosure_reporting.submit").count() == 1
    )


def test_only_an_administrator_reopens_and_the_reason_is_logged(client, data):
    as_user(client, data["secretary"]).post(f"{COMMITTEE}{PERIOD}/submit/")
    assert (
        client.post(f"{COMMITTEE}{PERIOD}/reopen/", {"reason": "แก้ตัวเลข"}).status_code
        == 403
    )
    as_user(client, data["admin"])
    client.post(f"{COMMITTEE}{PERIOD}/reopen/", {"reason": ""})
    assert CommitteeReport.objects.get().is_frozen
    response = client.post(
        f"{COMMITTEE}{PERIOD}/reopen/", {"reason": "กลุ่มนโยบายและแผนแก้ไขผลการดำเนินงาน"}
    )
    assert response.status_code == 302
    report = CommitteeReport.objects.get()
    assert not report.is_frozen
    entry = ModelLogEntry.objects.get(action="disclosure_reporting.reopen")
    assert entry.data["reason"] == "กลุ่มนโยบายและแผนแก้ไขผลการดำเนินงาน"
    assert entry.user_id == data["admin"].pk


@pytest.mark.parametrize(
    "who, status",
    [
        ("director", 200),
        ("deputy", 200),
        ("admin", 200),
        ("other_director", 403),
        ("member", 403),
        ("committee", 403),
    ],
)
def test_who_may_write_a_units_narrative(client, data, who, status):
    url = f"{NARRATIVES}{PERIOD}/{data['finance'].pk}/"
    as_user(client, data[who])
    assert client.get(url).status_code == status
    response = client.post(
        url,
        {
            "outcomes": "ประชาชนเข้าถึงข้อมูลการจัดซื้อจัดจ้าง",
            "problems": "เอกสารสแกนอ่านยาก",
            "suggestions": "จัดทำไฟล์ที่อ่านด้วยโปรแกรมอ่านหน้าจอได้",
            "status": "submitted",
        },
    )
    if status == 200:
        assert response.status_code == 302
        narrative = UnitNarrative.objects.get(unit=data["finance"])
        assert narrative.period == FiscalPeriod.quarter(2569, 1)
        assert narrative.status == "submitted"
        assert narrative.updated_by == data[who]
    else:
        assert response.status_code == 403
        assert not UnitNarrative.objects.exists()


def test_a_second_click_on_a_new_narrative_saves_once(client, data, monkeypatch):
    """Two posts of a unit's first narrative (a double click, or the director and
    the deputy at once) both find no row; the later one updates the row the other
    made instead of failing on the unique constraint."""
    from reporting.forms import UnitNarrativeForm

    finance = data["finance"]
    is_valid = UnitNarrativeForm.is_valid

    def other_post_saves_first(form):
        UnitNarrative.objects.get_or_create(
            unit=finance,
            fiscal_year=2569,
            period_kind="quarter",
            period_number=1,
            defaults={"outcomes": "ฉบับแรก", "status": "draft"},
        )
        return is_valid(form)

    monkeypatch.setattr(UnitNarrativeForm, "is_valid", other_post_saves_first)
    as_user(client, data["deputy"])
    response = client.post(
        f"{NARRATIVES}{PERIOD}/{finance.pk}/",
        {
            "outcomes": "ฉบับที่สอง",
            "problems": "",
            "suggestions": "",
            "status": "submitted",
        },
    )
    assert response.status_code == 302
    narrative = UnitNarrative.objects.get(unit=finance)
    assert (narrative.outcomes, narrative.status) == ("ฉบับที่สอง", "submitted")
    assert narrative.updated_by == data["deputy"]


def test_narrative_list_shows_status_and_due_date(client, data):
    as_user(client, data["admin"])
    response = client.post(
        f"{NARRATIVES}{PERIOD}/due-date/", {"due_date": "2026-01-15"}
    )
    assert response.status_code == 302
    assert set(UnitNarrative.objects.values_list("due_date", flat=True)) == {
        dt.date(2026, 1, 15)
    }
    html = client.get(f"{NARRATIVES}?period={PERIOD}").content.decode()
    assert "ยังไม่เริ่ม" in html
    assert "15 มกราคม พ.ศ. 2569" in html
    # The committee screen lists the same due date beside each unit's status.
    screen = client.get(f"{COMMITTEE}?period={PERIOD}").content.decode()
    assert screen.count("15 มกราคม พ.ศ. 2569") == Unit.objects.count()
    # A director sees only the units they may write for.
    html = (
        as_user(client, data["director"])
        .get(f"{NARRATIVES}?period={PERIOD}")
        .content.decode()
    )
    assert data["finance"].name_th in html
    assert data["policy"].name_th not in html
    assert as_user(client, data["member"]).get(NARRATIVES).status_code == 403


def test_evaluation_report_exports_xlsx_only(client, data):
    as_user(client, data["committee"])
    url = f"/admin/disclosure-reports/evaluation/?period={PERIOD}"
    html = client.get(url).content.decode()
    assert "export=xlsx" in html
    assert "export=csv" not in html
    response = client.get(url + "&export=xlsx")
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][0] == "กลุ่ม/หน่วย"
    assert {row[0] for row in rows[1:]} == {
        data["finance"].name_th,
        data["policy"].name_th,
    }
    assert client.get(url + "&export=csv")["Content-Type"].startswith("text/html")


def test_the_item_evaluation_is_linked_from_the_page_editor(client, data):
    item = data["items"][0]
    as_user(client, data["admin"])
    html = client.get(f"/admin/pages/{item.pk}/edit/").content.decode()
    assert f"/admin/disclosure-reports/evaluation/page/{item.pk}/" in html
    page = client.get(f"/admin/disclosure-reports/evaluation/page/{item.pk}/")
    assert page.status_code == 200
    assert as_user(client, data["member"]).get(
        f"/admin/disclosure-reports/evaluation/page/{category('1.9').pk}/"
    ).status_code in (403, 404)


@pytest.mark.parametrize(
    "who, narratives, committee",
    [
        ("director", True, False),
        ("deputy", True, False),
        ("member", False, False),
        ("committee", True, True),
    ],
)
def test_the_reports_menu_offers_each_role_its_screens(
    client, data, who, narratives, committee
):
    html = as_user(client, data[who]).get("/admin/").content.decode()
    assert (NARRATIVES in html) is narratives
    assert (COMMITTEE in html) is committee


def test_the_document_is_thai_for_an_english_admin_user(client, data):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(data["admin"])
    profile.preferred_language = "en"
    profile.save()
    as_user(client, data["admin"])
    screen = client.get(f"{COMMITTEE}?period={PERIOD}").content.decode()
    assert "Fiscal year B.E. 2569, quarter 1" in screen
    document = client.get(f"{COMMITTEE}{PERIOD}/print/").content.decode()
    assert "ปีงบประมาณ พ.ศ. 2569 ไตรมาสที่ 1" in document
    assert "จำนวนรายการข้อมูลที่เผยแพร่ แยกตามกลุ่ม/หน่วย" in document
    client.post(f"{COMMITTEE}{PERIOD}/submit/")
    assert CommitteeReport.objects.get().snapshot["period"]["label"] == (
        "ปีงบประมาณ พ.ศ. 2569 ไตรมาสที่ 1"
    )
