"""The catalogue's admin screens (years, indicators with their links and rules) and
the tags of an item whose indicator was deleted later."""

from __future__ import annotations

import pytest
from django.utils import timezone

from disclosure_thai.dates import fiscal_year
from ita.evidence import indicator_links
from ita.models import ItaIndicator, ItaPageTag, ItaYear, ItaYearStatus
from moderation.models import Role
from moderation.roles import role_groups
from tests.utils import category, make_item, make_user

pytestmark = pytest.mark.django_db

CURRENT = fiscal_year(timezone.localdate())


@pytest.fixture
def keeper(disclosure):
    user = make_user()
    user.groups.add(role_groups()[Role.ICT_PUBLISHER])
    return user


def test_ict_keeps_the_catalogue_in_thai(client, keeper):
    year = ItaYear.objects.get(fiscal_year=CURRENT)
    o11 = year.indicators.get(code="O11")
    client.force_login(keeper)
    years = client.get("/admin/ita/years/")
    assert years.status_code == 200
    html = years.content.decode()
    assert str(CURRENT) in html
    assert "นำเข้าตัวชี้วัด (XLSX)" in html and "คัดลอกไปยังปีอื่น" in html
    indicators = client.get(f"/admin/ita/indicators/?year={year.pk}")
    assert indicators.status_code == 200
    assert "สรุปผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุรายเดือน" in indicators.content.decode()
    edit = client.get(f"/admin/ita/indicators/edit/{o11.pk}/")
    assert edit.status_code == 200
    form = edit.content.decode()
    assert 'name="evidence-TOTAL_FORMS"' in form
    assert "เงื่อนไขหาหลักฐานอัตโนมัติ" in form
    # Publishing the year is an edit of its status.
    response = client.post(
        f"/admin/ita/years/edit/{year.pk}/",
        {
            "fiscal_year": CURRENT,
            "status": ItaYearStatus.PUBLISHED,
            "title": year.title,
            "deadline": "",
            "note": year.note,
        },
    )
    assert response.status_code == 302
    year.refresh_from_db()
    assert year.status == ItaYearStatus.PUBLISHED
    assert client.get(f"/ita/{CURRENT}/").status_code == 200


def test_an_editor_has_no_catalogue_screens(client, disclosure):
    editor = make_user()
    editor.groups.add(role_groups()[Role.EDITOR])
    client.force_login(editor)
    assert client.get("/admin/ita/years/").status_code in (302, 403)
    assert client.get("/admin/ita/indicators/").status_code in (302, 403)


def test_an_item_whose_indicator_was_deleted_still_publishes(disclosure):
    year = ItaYear.objects.get(fiscal_year=CURRENT)
    gone = ItaIndicator.objects.create(year=year, code="X1", title="ลบภายหลัง")
    kept = year.indicators.get(code="O1")
    item = make_item(category("1.4"), title="โครงสร้าง", publish=False)
    item.ita_tags = [ItaPageTag(indicator=gone), ItaPageTag(indicator=kept)]
    revision = item.save_revision()
    gone.delete()
    revision.publish()
    item.refresh_from_db()
    assert item.live
    # The revision's tag of the deleted indicator is left out, not a broken row.
    assert list(
        ItaPageTag.objects.filter(page=item).values_list("indicator__code", flat=True)
    ) == ["O1"]
    assert [link.title for link in indicator_links(year)[kept.pk]][0] == "โครงสร้าง"
