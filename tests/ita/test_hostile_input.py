"""Hostile and careless input to the ITA screens: forged fields, odd workbooks,
bogus addresses on the public page."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from disclosure_thai.dates import fiscal_year
from ita.models import ItaEvidence, ItaYear, ItaYearStatus
from ita.xlsx_import import ImportFailed, import_indicators
from moderation.models import Role
from moderation.roles import role_groups
from tests.ita.test_catalogue import HEADERS, workbook
from tests.utils import make_user

pytestmark = pytest.mark.django_db

CURRENT = fiscal_year(timezone.localdate())


def _administrator():
    user = make_user()
    user.groups.add(role_groups()[Role.ADMINISTRATOR])
    return user


@pytest.mark.parametrize(
    "path", ["/ita/abc/", "/ita/99999/", "/ita/99999999999999999999/", "/ita/0/"]
)
def test_a_bogus_year_is_a_404(client, disclosure, path):
    assert client.get(path).status_code == 404


def test_a_bogus_code_is_a_404(client, disclosure):
    year = ItaYear.objects.get(fiscal_year=CURRENT)
    year.status = ItaYearStatus.PUBLISHED
    year.save()
    assert client.get(f"/ita/{CURRENT}/O999/").status_code == 404
    assert client.get(f"/ita/{CURRENT}/%3Cscript%3E/").status_code == 404


def _broken_sheet() -> io.BytesIO:
    """A workbook whose sheet XML is cut off (a damaged download)."""
    good = workbook([HEADERS, ["O1", "ก", "", ""]])
    out = io.BytesIO()
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                data = data[: len(data) // 2]
            dst.writestr(info, data)
    out.seek(0)
    out.name = "ita.xlsx"
    return out


@pytest.mark.parametrize(
    "content",
    [b"", b"not a workbook at all", b"PK\x03\x04 broken zip", "zip-no-workbook"],
)
def test_a_file_that_is_no_workbook_is_refused_in_thai(client, disclosure, content):
    year = ItaYear.objects.create(fiscal_year=2581)
    if content == "zip-no-workbook":
        data = io.BytesIO()
        with zipfile.ZipFile(data, "w") as z:
            z.writestr("hello.txt", "hi")
        content = data.getvalue()
    upload = io.BytesIO(content)
    upload.name = "ita.xlsx"
    client.force_login(_administrator())
    response = client.post(f"/admin/ita/years/{year.pk}/import/", {"file": upload})
    assert response.status_code == 200
    assert not year.indicators.exists()


def test_a_damaged_sheet_is_refused_not_a_server_error(client, disclosure):
    year = ItaYear.objects.create(fiscal_year=2582)
    client.force_login(_administrator())
    response = client.post(
        f"/admin/ita/years/{year.pk}/import/", {"file": _broken_sheet()}
    )
    assert response.status_code == 200
    assert "ไม่ใช่ไฟล์ Excel" in response.content.decode()
    assert not year.indicators.exists()


def test_thai_digits_and_duplicates_written_differently(disclosure):
    year = ItaYear.objects.create(fiscal_year=2583)
    with pytest.raises(ImportFailed) as failed:
        import_indicators(
            year, workbook([HEADERS, ["O๑๒", "ก", "", ""], ["o 12", "ข", "", ""]])
        )
    assert any("O12" in e for e in failed.value.errors)
    import_indicators(year, workbook([HEADERS, ["O๑๒", "ก", "", ""]]))
    assert list(year.indicators.values_list("code", flat=True)) == ["O12"]


def test_a_large_sheet_imports_in_a_few_queries(disclosure):
    # A save per row took about 100 s for 10,000 rows (Wagtail's reference index).
    year = ItaYear.objects.create(fiscal_year=2584)
    rows = [HEADERS] + [[f"O{n}", f"ตัวชี้วัด {n}", "", ""] for n in range(10_000)]
    rows[5][3] = "การเงิน"
    with CaptureQueriesContext(connection) as queries:
        result = import_indicators(year, workbook(rows))
    assert len(result.created) == 10_000
    assert len(queries) < 200
    assert year.indicators.count() == 10_000
    assert year.indicators.get(code="O4").units.get().code == "finance"
    # Imported again: every row updated, none added.
    result = import_indicators(year, workbook(rows[:3]))
    assert result.updated == ["O0", "O1"] and year.indicators.count() == 10_000


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>"]
)
def test_an_outside_address_must_be_http(client, disclosure, url):
    year = ItaYear.objects.get(fiscal_year=CURRENT)
    o1 = year.indicators.get(code="O1")
    before = ItaEvidence.objects.filter(indicator=o1).count()
    client.force_login(_administrator())
    response = client.post(
        f"/admin/ita-evidence/evidence/{o1.pk}/",
        {
            "evidence-TOTAL_FORMS": "1",
            "evidence-INITIAL_FORMS": "0",
            "evidence-MIN_NUM_FORMS": "0",
            "evidence-MAX_NUM_FORMS": "1000",
            "evidence-0-url": url,
            "evidence-0-title": "x",
            "evidence-0-note": "",
            "evidence-0-ORDER": "1",
            "evidence-0-id": "",
            "evidence-0-DELETE": "",
        },
    )
    assert response.status_code == 200
    assert ItaEvidence.objects.filter(indicator=o1).count() == before


def test_copy_sent_twice_at_once_makes_one_year(client, disclosure, monkeypatch):
    from ita.catalogue_admin import CopyForm

    source = ItaYear.objects.get(fiscal_year=CURRENT)
    client.force_login(_administrator())
    url = f"/admin/ita/years/{source.pk}/copy/"
    assert (
        client.post(url, {"fiscal_year": 2590, "evidence": "clear"}).status_code == 302
    )
    # The second click's form was checked before the first one's year existed.
    monkeypatch.setattr(CopyForm, "clean_fiscal_year", lambda self: 2590)
    response = client.post(url, {"fiscal_year": 2590, "evidence": "clear"})
    assert response.status_code == 200
    assert "มีปี ITA 2590 อยู่แล้ว" in response.content.decode()
    assert ItaYear.objects.filter(fiscal_year=2590).count() == 1
    assert ItaYear.objects.get(fiscal_year=2590).indicators.count() == 26
