"""The catalogue: seeded by set-up, imported from a workbook, copied to the next year."""

from __future__ import annotations

import io

import pytest
from django.utils import timezone
from django.utils.translation import override
from openpyxl import Workbook

from disclosure_pages.public_sector import ContactPage
from disclosure_thai.dates import fiscal_year
from ita.catalogue import (
    LEGACY_SEED,
    copy_year,
    create_year_from_seed,
    load_seed,
    seed_for,
)
from ita.models import (
    ItaEvidence,
    ItaIndicator,
    ItaRuleKind,
    ItaYear,
    ItaYearStatus,
)
from ita.xlsx_import import ImportFailed, import_indicators
from moderation.models import Role, Unit
from moderation.roles import role_groups
from tests.utils import category, make_user, run_setup_command

pytestmark = pytest.mark.django_db

CURRENT = fiscal_year(timezone.localdate())


def workbook(rows: list[list]) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    data.name = "ita.xlsx"
    return data


HEADERS = ["ตัวชี้วัด", "ชื่อตัวชี้วัด", "รายละเอียดข้อมูล", "หน่วยงานที่รับผิดชอบ"]


def test_set_up_seeds_the_current_fiscal_year_once(disclosure):
    year = ItaYear.objects.get(fiscal_year=CURRENT)
    assert year.status == ItaYearStatus.DRAFT
    codes = list(year.indicators.values_list("code", flat=True))
    assert codes[:3] == ["O1", "O2", "O3"] and codes[-1] == "O26"
    assert len(codes) == 26
    o11 = year.indicators.get(code="O11")
    assert o11.rule_kind == ItaRuleKind.CATEGORY_IN_FISCAL_YEAR
    assert o11.rule_category == category("1.9")
    assert list(o11.units.values_list("code", flat=True)) == ["finance"]
    assert year.indicators.get(code="O12").rule_kind == ItaRuleKind.NEWEST_IN_CATEGORY
    # The unconfirmed ones are placeholders, and say so.
    assert "ยังไม่ได้ยืนยัน" in year.indicators.get(code="O2").note
    assert "ยังไม่ได้ยืนยัน" not in year.indicators.get(code="O1").note
    # The contact page is O3's evidence; the NACC channel O17's.
    o3 = year.indicators.get(code="O3").evidence.get()
    assert o3.page.specific_class is ContactPage
    assert (
        year.indicators.get(code="O17").evidence.filter(url__contains="nacc").exists()
    )

    # An edited catalogue is kept as it is on the next run.
    year.indicators.filter(code="O26").delete()
    run_setup_command()
    assert year.indicators.count() == 25
    assert ItaYear.objects.count() == 1


def test_the_seed_files_read_and_the_legacy_list_holds_o1_to_o43(disclosure):
    assert seed_for(2569).name == "ita_2569.json"
    assert seed_for(2572).name == "ita_2569.json"
    assert seed_for(2564) == LEGACY_SEED
    result = create_year_from_seed(2565, load_seed(LEGACY_SEED))
    assert result.created and not result.warnings
    codes = list(result.year.indicators.values_list("code", flat=True))
    assert codes == [f"O{n}" for n in range(1, 44)]
    again = create_year_from_seed(2565, load_seed(LEGACY_SEED))
    assert not again.created and again.year.indicators.count() == 43


def test_import_a_good_workbook_adds_and_updates(disclosure):
    year = ItaYear.objects.create(fiscal_year=2580)
    ItaIndicator.objects.create(year=year, code="O1", title="เดิม", sort_order=10)
    file = workbook(
        [
            ["แบบรายการตัวชี้วัด OIT ปีงบประมาณ พ.ศ. 2580"],  # a title line above
            [],
            [" รหัส ตัวชี้วัด ", "ชื่อ ตัวชี้วัด", "รายละเอียด", "ผู้รับผิดชอบ", "องค์ประกอบ"],
            ["o 1", "โครงสร้าง", "แผนผังโครงสร้าง", "กลุ่มอำนวยการ", "ข้อมูลพื้นฐาน"],
            ["O๒", "ข้อมูลผู้บริหาร", "", "admin, กลุ่มบริหารงานบุคคล", ""],
            [None, None, None, None, None],
            ["O3", "การจัดซื้อจัดจ้าง", "สขร.๑ รายเดือน", "การเงิน", "จัดซื้อ"],
        ]
    )
    result = import_indicators(year, file)
    assert (result.created, result.updated) == (["O2", "O3"], ["O1"])
    rows = list(year.indicators.order_by("sort_order"))
    assert [(i.code, i.title) for i in rows] == [
        ("O1", "โครงสร้าง"),
        ("O2", "ข้อมูลผู้บริหาร"),
        ("O3", "การจัดซื้อจัดจ้าง"),
    ]
    assert rows[0].group == "ข้อมูลพื้นฐาน"
    assert rows[0].requirement == "แผนผังโครงสร้าง"
    assert sorted(rows[1].units.values_list("code", flat=True)) == [
        "admin",
        "personnel",
    ]
    assert list(rows[2].units.values_list("code", flat=True)) == ["finance"]


def _errors(year, rows) -> list[str]:
    with override("th"), pytest.raises(ImportFailed) as failed:
        import_indicators(year, workbook(rows))
    return failed.value.errors


def test_bad_rows_are_reported_by_row_number_in_thai_and_nothing_is_imported(
    disclosure,
):
    year = ItaYear.objects.create(fiscal_year=2580)
    errors = _errors(
        year,
        [
            HEADERS,
            ["O1", "โครงสร้าง", "", "กลุ่มอำนวยการ"],
            ["O2", "", "", ""],
            ["", "ไม่มีรหัส", "", ""],
            ["O4", "หน่วยไม่มีจริง", "", "กลุ่มดาวอังคาร"],
            ["O5", "ถูกต้อง", "", ""],
        ],
    )
    assert errors == [
        "แถวที่ 3: ไม่มีชื่อตัวชี้วัด",
        "แถวที่ 4: ไม่มีรหัสตัวชี้วัด",
        "แถวที่ 5: ไม่พบกลุ่ม/หน่วยชื่อ “กลุ่มดาวอังคาร”",
    ]
    assert not year.indicators.exists()


def test_duplicate_codes_are_reported_with_both_rows(disclosure):
    year = ItaYear.objects.create(fiscal_year=2580)
    errors = _errors(
        year,
        [HEADERS, ["O1", "หนึ่ง", "", ""], ["O2", "สอง", "", ""], ["o1", "ซ้ำ", "", ""]],
    )
    assert errors == ["แถวที่ 4: รหัส O1 ซ้ำกับแถวที่ 2"]
    assert not year.indicators.exists()


def test_wrong_headers_are_reported(disclosure):
    year = ItaYear.objects.create(fiscal_year=2580)
    errors = _errors(year, [["ลำดับ", "เรื่อง", "หมายเหตุ"], ["1", "ก", ""]])
    assert len(errors) == 1
    assert errors[0].startswith("ไม่พบแถวหัวตาราง")
    assert "ลำดับ, เรื่อง, หมายเหตุ" in errors[0]
    with override("th"), pytest.raises(ImportFailed) as failed:
        import_indicators(year, io.BytesIO(b"code,title\nO1,x\n"))
    assert "ไม่ใช่ไฟล์ Excel" in failed.value.errors[0]


def test_copy_to_the_next_year_keeps_indicators_and_clears_or_carries_links(
    disclosure,
):
    source = ItaYear.objects.get(fiscal_year=CURRENT)
    source.status = ItaYearStatus.PUBLISHED
    source.save()
    cleared = copy_year(source, CURRENT + 1)
    assert cleared.status == ItaYearStatus.DRAFT
    assert str(CURRENT + 1) in cleared.title and str(CURRENT) not in cleared.title
    old = list(
        source.indicators.values_list("code", "title", "rule_kind", "sort_order")
    )
    new = list(
        cleared.indicators.values_list("code", "title", "rule_kind", "sort_order")
    )
    assert new == old
    assert list(
        cleared.indicators.get(code="O11").units.values_list("code", flat=True)
    ) == ["finance"]
    assert not ItaEvidence.objects.filter(indicator__year=cleared).exists()

    carried = copy_year(source, CURRENT + 2, carry_evidence=True)

    def links(year):
        return list(
            ItaEvidence.objects.filter(indicator__year=year)
            .order_by("indicator__sort_order", "sort_order")
            .values_list("indicator__code", "page_id", "url")
        )

    assert links(carried) == links(source)
    assert len(links(carried)) >= 3
    # The source is untouched.
    assert source.indicators.count() == 26


def _administrator():
    user = make_user()
    user.groups.add(role_groups()[Role.ADMINISTRATOR])
    return user


def test_the_admin_imports_a_workbook_and_shows_the_bad_rows(client, disclosure):
    year = ItaYear.objects.create(fiscal_year=2580)
    client.force_login(_administrator())
    url = f"/admin/ita/years/{year.pk}/import/"
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"file": workbook([HEADERS, ["O1", "", "", ""], ["O2", "ก", "", ""]])}
    )
    assert response.status_code == 200
    assert "แถวที่ 2: ไม่มีชื่อตัวชี้วัด" in response.content.decode()
    assert not year.indicators.exists()
    response = client.post(url, {"file": workbook([HEADERS, ["O1", "ก", "", ""]])})
    assert response.status_code == 302
    assert list(year.indicators.values_list("code", flat=True)) == ["O1"]


def test_the_admin_copies_a_year(client, disclosure):
    source = ItaYear.objects.get(fiscal_year=CURRENT)
    client.force_login(_administrator())
    url = f"/admin/ita/years/{source.pk}/copy/"
    page = client.get(url).content.decode()
    assert f'value="{CURRENT + 1}"' in page
    response = client.post(url, {"fiscal_year": CURRENT + 1, "evidence": "carry"})
    assert response.status_code == 302
    copied = ItaYear.objects.get(fiscal_year=CURRENT + 1)
    assert copied.indicators.count() == 26
    assert ItaEvidence.objects.filter(indicator__year=copied).exists()
    # The same year twice is refused.
    response = client.post(url, {"fiscal_year": CURRENT + 1, "evidence": "clear"})
    assert response.status_code == 200
    assert ItaYear.objects.filter(fiscal_year=CURRENT + 1).count() == 1


def test_only_catalogue_keepers_may_import_or_copy(client, disclosure):
    source = ItaYear.objects.get(fiscal_year=CURRENT)
    editor = make_user()
    Unit.objects.get(code="finance").members.add(editor)
    client.force_login(editor)
    assert client.get(f"/admin/ita/years/{source.pk}/import/").status_code in (302, 403)
    assert client.get(f"/admin/ita/years/{source.pk}/copy/").status_code in (302, 403)
