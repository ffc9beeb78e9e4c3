"""The example site's demo data holds the executives and the organisation chart,
published, and a second run adds nothing. The hook is called as load_demo_data
calls it, with the demo's users and units."""

import datetime as dt

import pytest
from wagtail import hooks

from disclosure_site.management.commands.load_demo_data import DemoContext
from moderation.models import Unit
from moderation.setup import SetupReport
from organisation.models import ExecutivesPage, StructurePage
from organisation.wagtail_hooks import load_organisation_demo
from tests.utils import make_user, run_setup


@pytest.mark.django_db
def test_the_demo_executives_and_chart_are_published_once(client):
    run_setup()
    assert load_organisation_demo in hooks.get_hooks("disclosure_demo_data")
    users = {
        "ict": make_user("ict"),
        "office_director": make_user(first_name="ธนพล", last_name="วงศ์ใหญ่"),
    }
    units = {unit.code: unit for unit in Unit.objects.all()}
    reports = []
    for _ in range(2):
        report = SetupReport()
        load_organisation_demo(
            DemoContext(
                users=users, units=units, today=dt.date(2026, 11, 2), report=report
            )
        )
        reports.append(report)
    assert "executives" in reports[0].created and "executives" in reports[1].kept
    assert not reports[1].created

    executives = ExecutivesPage.objects.get()
    structure = StructurePage.objects.get()
    assert executives.live and structure.live
    assert executives.revisions.count() == 1
    posts = executives.people()
    assert [p.level for p in posts][:3] == [1, 2, 2]
    assert sum(1 for p in posts if p.is_vacant) == 1
    assert Unit.objects.get(code="pr").parent == Unit.objects.get(code="admin")

    html = client.get(executives.url).content.decode()
    assert "ตำแหน่งว่าง" in html and "ธนพล วงศ์ใหญ่" in html
    assert html.count('class="executive-card__photo"') == 3
    html = client.get(structure.url).content.decode()
    assert "org-chart__children" in html and "งานประชาสัมพันธ์" in html
