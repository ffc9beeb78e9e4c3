"""Building the executives page and the chart the way people do: the admin's forms."""

from __future__ import annotations

from wagtail.test.utils.form_data import querydict_from_html

from organisation.models import Executive, ExecutivesPage, StructurePage
from tests.utils import category

EXECUTIVES_ADD = "/admin/pages/add/disclosure_organisation/executivespage/{}/"
STRUCTURE_ADD = "/admin/pages/add/disclosure_organisation/structurepage/{}/"

PEOPLE = [
    {
        "level": Executive.Level.OFFICE_DIRECTOR,
        "position": "ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษาประถมศึกษาทดสอบ เขต ๑",
        "name": "นายธนพล วงศ์ใหญ่",
        "phone": "0 2123 4501 ต่อ 12",
        "email": "director@example.go.th",
    },
    {
        "level": Executive.Level.DEPUTY,
        "position": "รองผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา ฝ่ายวิชาการ",
        "name": "นางอัญชลี พรหมมา",
    },
    {
        "level": Executive.Level.UNIT_DIRECTOR,
        "position": "ผู้อำนวยการกลุ่มกฎหมายและคดี",
        "name": "",  # vacant
    },
]


def form_data(client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    data.setdefault("body-count", "0")
    return data


def with_people(data: dict, people: list[dict], *, photos=()) -> dict:
    """The inline panel's forms for ``people`` (new rows), photos by position."""
    data = dict(data)
    data.update(
        {
            "executives-TOTAL_FORMS": str(len(people)),
            "executives-INITIAL_FORMS": "0",
            "executives-MIN_NUM_FORMS": "0",
            "executives-MAX_NUM_FORMS": "1000",
        }
    )
    photos = list(photos) + [None] * len(people)
    for n, person in enumerate(people):
        prefix = f"executives-{n}-"
        data.update(
            {
                prefix + "level": str(int(person["level"])),
                prefix + "unit": str(person.get("unit", "")),
                prefix + "position": person["position"],
                prefix + "name": person["name"],
                prefix + "phone": person.get("phone", ""),
                prefix + "email": person.get("email", ""),
                prefix + "photo": str(photos[n].pk) if photos[n] else "",
                prefix + "ORDER": str(n + 1),
                prefix + "id": "",
            }
        )
    return data


def create_executives(client, unit, *, people=PEOPLE, photos=(), submit=False):
    """The executives page made in the admin by a unit's editor; the response."""
    url = EXECUTIVES_ADD.format(category("1.5").pk)
    data = with_people(form_data(client, url), people, photos=photos)
    data.update({"title": "ผู้บริหารสำนักงาน", "slug": "executives", "unit": str(unit.pk)})
    if submit:
        data["action-submit"] = "1"
    return client.post(url, data)


def create_structure(client, unit, *, submit=False):
    url = STRUCTURE_ADD.format(category("1.4").pk)
    data = form_data(client, url)
    data.update(
        {
            "title": "โครงสร้างองค์กร",
            "slug": "structure",
            "unit": str(unit.pk),
            "summary": "สำนักงานแบ่งส่วนราชการเป็นกลุ่มและหน่วย",
        }
    )
    if submit:
        data["action-submit"] = "1"
    return client.post(url, data)


def executives_page() -> ExecutivesPage:
    return ExecutivesPage.objects.get()


def structure_page() -> StructurePage:
    return StructurePage.objects.get()
