"""The public executives page and organisation chart: found where every item is
(category, feed, Thai search), and the chart in step with the units without the
page being published again, also through the public page cache."""

import re

import pytest
from django.test import override_settings
from wagtail.models import Site

from moderation.models import OfficeSettings, Unit
from moderation.public_cache import HEADER
from organisation.models import Executive, ExecutivesPage, StructurePage
from tests.conftest import shared_data
from tests.utils import category, make_safe_image, make_user, run_setup

pytestmark = pytest.mark.django_db
BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0"}


def publish(page, parent):
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture(scope="module")
def pages(django_db_setup, django_db_blocker):
    with shared_data(django_db_blocker):
        run_setup()
        admin = Unit.objects.get(code="admin")
        policy = Unit.objects.get(code="policy")
        policy.director = make_user(first_name="ประเสริฐ", last_name="มั่นคง")
        policy.save()
        office = OfficeSettings.for_site(Site.objects.get(is_default_site=True))
        office.office_director = make_user(first_name="ธนพล", last_name="วงศ์ใหญ่")
        office.save()
        executives = ExecutivesPage(
            title="ผู้บริหารสำนักงาน", slug="executives", unit=admin
        )
        executives.executives = [
            Executive(
                sort_order=0,
                level=Executive.Level.UNIT_DIRECTOR,
                unit=policy,
                position="ผู้อำนวยการกลุ่มนโยบายและแผน",
                name="นายประเสริฐ มั่นคง",
            ),
            Executive(
                sort_order=1,
                level=Executive.Level.DEPUTY,
                position="รองผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา ฝ่ายบริหารงานบุคคล",
                name="นางอัญชลี พรหมมา",
                photo=make_safe_image(),
            ),
            Executive(
                sort_order=2,
                level=Executive.Level.UNIT_DIRECTOR,
                position="ผู้อำนวยการกลุ่มกฎหมายและคดี",
                name="",
            ),
        ]
        structure = StructurePage(title="โครงสร้างองค์กร", slug="structure", unit=admin)
        yield {
            "executives": publish(executives, category("1.5")),
            "structure": publish(structure, category("1.4")),
        }


def words(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_people_with_their_photos_and_the_vacant_post(client, pages):
    html = client.get(pages["executives"].url).content.decode()
    text = words(html)
    assert (
        "รองผู้อำนวยการ นางอัญชลี พรหมมา รองผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา "
        "ฝ่ายบริหารงานบุคคล" in text
    )
    assert "ตำแหน่งว่าง ผู้อำนวยการกลุ่มกฎหมายและคดี" in text
    # The deputies' level comes before the unit directors' whatever the order typed.
    assert text.index("นางอัญชลี") < text.index("นายประเสริฐ")
    images = re.findall(r"<img [^>]*>", html[html.index("<main") :])
    portraits = [i for i in images if "executive-card__photo" in i]
    assert len(portraits) == 1
    assert (
        'alt="นางอัญชลี พรหมมา, รองผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา '
        'ฝ่ายบริหารงานบุคคล"' in portraits[0]
    )
    assert "/original_images/" not in portraits[0]  # a rendition, never the upload


def test_listed_fed_and_found_by_a_word_of_a_position(client, pages):
    executives, structure = pages["executives"], pages["structure"]
    assert executives.title in client.get(category("1.5").url).content.decode()
    assert structure.title in client.get(category("1.4").url).content.decode()
    assert executives.title in client.get("/feeds/category/1.5/rss/").content.decode()
    assert structure.title in client.get("/feeds/category/1.4/rss/").content.decode()
    # A word found only inside a person's position.
    found = client.get("/search/", {"q": "บริหารงานบุคคล"}).content.decode()
    assert executives.title in found
    found = client.get("/search/", {"q": "อัญชลี"}).content.decode()
    assert executives.title in found


def test_the_chart_is_drawn_from_the_units(client, pages):
    html = client.get(pages["structure"].url).content.decode()
    assert html.count('class="org-chart__node') == Unit.objects.count() + 1
    text = words(html)
    assert "ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา: ธนพล วงศ์ใหญ่" in text
    assert "กลุ่มนโยบายและแผน ผู้อำนวยการ: ประเสริฐ มั่นคง" in text
    assert "กลุ่มกฎหมายและคดี ผู้อำนวยการ: ตำแหน่งว่าง" in text
    assert "<img" not in html[html.index('class="org-chart"') :].split("</section>")[0]


@override_settings(DISCLOSURE_PAGE_CACHE="default")
def test_the_chart_follows_the_units_without_publishing_again(client, pages):
    page = pages["structure"]
    revisions = page.revisions.count()
    client.get(page.url, **BROWSER)
    cached = client.get(page.url, **BROWSER)
    assert cached.headers[HEADER] == "hit"

    # PR is moved under administration, and policy renamed.
    pr, admin = Unit.objects.get(code="pr"), Unit.objects.get(code="admin")
    pr.parent = admin
    pr.save()
    policy = Unit.objects.get(code="policy")
    policy.name_th = "กลุ่มนโยบายและแผนงาน"
    policy.save()

    response = client.get(page.url, **BROWSER)
    assert response.headers[HEADER] == "miss"
    html = response.content.decode()
    assert "กลุ่มนโยบายและแผนงาน" in html
    branch = html[html.index(admin.name_th) :]
    branch = branch[: branch.index("</ul>")]
    assert 'class="org-chart__children"' in branch and pr.name_th in branch
    page.refresh_from_db()
    assert page.revisions.count() == revisions

    # A new office director, named in the office settings.
    office = OfficeSettings.for_site(Site.objects.get(is_default_site=True))
    office.office_director = make_user(first_name="วีระ", last_name="บุญส่ง")
    office.save()
    html = client.get(page.url, **BROWSER).content.decode()
    assert "ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา: วีระ บุญส่ง" in words(html)


def queries_to_render(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # renditions made once
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_more_people_and_units_cost_no_more_queries(client, pages):
    executives, structure = pages["executives"], pages["structure"]
    # Published a second time, as below: a republished page reads its change
    # history (one query), which is not what this test counts.
    ExecutivesPage.objects.get(pk=executives.pk).save_revision().publish()
    before = (
        queries_to_render(client, executives.url),
        queries_to_render(client, structure.url),
    )
    page = ExecutivesPage.objects.get(pk=executives.pk)
    units = list(Unit.objects.all())
    page.executives.add(
        *[
            Executive(
                sort_order=10 + n,
                level=Executive.Level.UNIT_DIRECTOR,
                unit=unit,
                position=f"ผู้อำนวยการ{unit.name_th}",
                name=f"ผู้อำนวยการทดสอบ {n}",
                photo=make_safe_image(),
            )
            for n, unit in enumerate(units)
        ]
    )
    page.save_revision().publish()
    for n in range(5):
        Unit.objects.create(
            code=f"sub-{n}",
            name_th=f"งานย่อย {n}",
            parent=units[n],
            director=make_user(first_name="ผู้อำนวยการงาน", last_name=str(n)),
        )
    after = (
        queries_to_render(client, executives.url),
        queries_to_render(client, structure.url),
    )
    assert after == before
    assert "ผู้อำนวยการทดสอบ 10" in client.get(executives.url).content.decode()
    assert "งานย่อย 4" in client.get(structure.url).content.decode()
