"""A unit director links evidence to the indicators their unit owns, and only to
those: another unit's indicator is refused, in the listing, the form and a forged
post; ICT publishers and administrators link evidence to every indicator."""

from __future__ import annotations

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from ita.models import ItaEvidence
from tests.conftest import shared_data
from tests.ita.office_data import build_ita_office
from tests.moderation.office import login

pytestmark = pytest.mark.django_db

LIST = "/admin/ita-evidence/evidence/"


def edit_url(indicator) -> str:
    return f"/admin/ita-evidence/evidence/{indicator.pk}/"


@pytest.fixture(scope="module")
def module_data(django_db_setup, django_db_blocker):
    with shared_data(django_db_blocker):
        yield build_ita_office()


@pytest.fixture
def data(module_data, db):
    return module_data


def evidence_post(links: list[dict], initial: int = 0) -> dict:
    return nested_form_data({"evidence": inline_formset(links, initial=initial)})


def test_a_unit_director_lists_only_their_units_indicators(data):
    html = login(data.office.director_a).get(LIST).content.decode()
    assert 'row">O3 ' in html
    assert 'row">O5 ' in html
    assert 'row">O20 ' in html  # owned by both units
    assert 'row">O11 ' not in html
    assert 'row">O12 ' not in html


def test_a_unit_director_links_an_outside_address_to_their_indicator(data):
    o5 = data.indicators["O5"]
    client = login(data.office.director_a)
    assert client.get(edit_url(o5)).status_code == 200
    response = client.post(
        edit_url(o5),
        evidence_post(
            [
                {
                    "page": "",
                    "document": "",
                    "url": "https://www.example.go.th/plan.pdf",
                    "title": "แผนยุทธศาสตร์",
                    "note": "ฉบับปรับปรุง",
                }
            ]
        ),
    )
    assert response.status_code == 302
    saved = ItaEvidence.objects.get(indicator=o5)
    assert (saved.url, saved.title, saved.note) == (
        "https://www.example.go.th/plan.pdf",
        "แผนยุทธศาสตร์",
        "ฉบับปรับปรุง",
    )
    # The report follows at once: O5 asks for evidence dated in the fiscal year,
    # which an outside address (without a date) is not.
    html = client.get("/admin/ita-evidence/completeness/").content.decode()
    o5_row = html[html.index('row">O5 ') :]
    o5_row = o5_row[: o5_row.index("</tr>")]
    assert "หลักฐานไม่เป็นปัจจุบัน" in o5_row
    assert "<td>1</td>" in o5_row


def test_another_units_director_cannot_link_evidence_even_by_a_forged_post(data):
    o11 = data.indicators["O11"]  # finance's
    client = login(data.office.director_a)  # policy's director
    assert client.get(edit_url(o11)).status_code == 403
    response = client.post(
        edit_url(o11),
        evidence_post(
            [
                {
                    "page": "",
                    "document": "",
                    "url": "https://evil.example/",
                    "title": "",
                    "note": "",
                }
            ]
        ),
    )
    assert response.status_code == 403
    assert not ItaEvidence.objects.filter(indicator=o11).exists()


def test_a_forged_evidence_id_of_another_indicator_changes_nothing(data):
    """The director owns O3, and posts O3's form naming O12's evidence row."""
    o3, o12 = data.indicators["O3"], data.indicators["O12"]
    theirs = ItaEvidence.objects.get(indicator=o12)
    client = login(data.office.director_a)
    response = client.post(
        edit_url(o3),
        evidence_post(
            [
                {
                    "id": theirs.pk,
                    "page": "",
                    "document": "",
                    "url": "https://evil.example/",
                    "title": "",
                    "note": "",
                }
            ],
            initial=1,
        ),
    )
    assert response.status_code in (200, 302)
    theirs.refresh_from_db()
    assert theirs.indicator_id == o12.pk
    assert theirs.url == ""
    # At most the director added a link to their own indicator.
    assert set(
        ItaEvidence.objects.filter(url="https://evil.example/").values_list(
            "indicator_id", flat=True
        )
    ) <= {o3.pk}
    assert list(o12.evidence.values_list("pk", flat=True)) == [theirs.pk]


@pytest.mark.parametrize(
    ("person", "status"),
    [("ict", 200), ("administrator", 200), ("editor_b", 403), ("committee", 403)],
)
def test_ict_and_administrators_link_every_indicator_others_none(data, person, status):
    client = login(getattr(data.office, person))
    assert client.get(edit_url(data.indicators["O11"])).status_code == status
    assert client.get(LIST).status_code == status


def test_the_form_shows_what_the_public_sees_now(data):
    html = login(data.office.director_b).get(edit_url(data.indicators["O20"])).content
    html = html.decode()
    shown = html[html.index('id="ita-public-links"') :]
    shown = shown[: shown.index("</section>")]
    assert "รายการที่เผยแพร่แล้ว" in shown
    assert "เอกสาร public-evidence.pdf" in shown
    assert "รายการฉบับร่าง" not in shown
    assert "เอกสาร secret-evidence.pdf" not in shown
    assert "รายการส่วนตัว" not in shown


def test_a_closed_years_evidence_is_left_as_it_was_assessed(data):
    o5 = data.indicators["O5"]
    year = o5.year
    status = year.status
    year.status = "closed"
    year.save(update_fields=["status"])
    try:
        client = login(data.office.director_a)
        response = client.get(edit_url(o5))
        assert response.status_code == 403
        assert "ปิดแล้ว" in response.content.decode()
        forged = client.post(
            edit_url(o5),
            evidence_post(
                [
                    {
                        "page": "",
                        "document": "",
                        "url": "https://example.go.th/x",
                        "title": "x",
                        "note": "",
                    }
                ]
            ),
        )
        assert forged.status_code == 403
        assert not ItaEvidence.objects.filter(
            indicator=o5, url="https://example.go.th/x"
        ).exists()
        # ICT may still correct it.
        assert login(data.office.ict).get(edit_url(o5)).status_code == 200
    finally:
        year.status = status
        year.save(update_fields=["status"])
