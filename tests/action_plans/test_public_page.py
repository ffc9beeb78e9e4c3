"""The public page of a plan: its projects with the latest progress, the chart and
its text, the print stylesheet; the report's own page; found as every item is."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import override_settings

from action_plans.models import ActionPlanPage, ProgressReportPage
from moderation.models import Unit
from moderation.public_cache import HEADER
from tests.action_plans.plans import make_plan, make_report
from tests.conftest import shared_data
from tests.utils import category, run_setup

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def plans(django_db_setup, django_db_blocker):
    with shared_data(django_db_blocker):
        run_setup()
        units = {u.code: u for u in Unit.objects.all()}
        plan = make_plan(
            units["policy"],
            [
                (
                    "โครงการพัฒนาการอ่านภาษาไทย",
                    units["supervision"],
                    "250000.00",
                    "ร้อยละของโรงเรียนที่จัดกิจกรรม",
                    "ร้อยละ 80",
                ),
                (
                    "โครงการพัฒนาครู",
                    units["development"],
                    "180000",
                    "จำนวนครู",
                    "ครู 300 คน",
                ),
                (
                    "โครงการปฐมวัย",
                    units["promotion"],
                    "120000.50",
                    "ร้อยละที่ผ่าน",
                    "ร้อยละ 90",
                ),
                ("โครงการติดตามแผน", units["policy"], "50000", "จำนวนรายงาน", "2 ฉบับ"),
            ],
        )
        six = make_report(
            plan,
            "h1",
            {
                "โครงการพัฒนาการอ่านภาษาไทย": ("100000", "อบรมครูแล้ว 2 รุ่น"),
                "โครงการพัฒนาครู": ("90000", "พัฒนาครูแล้ว 160 คน"),
            },
        )
        nine = make_report(
            plan,
            "q3",
            {
                "โครงการพัฒนาการอ่านภาษาไทย": ("187500", "โรงเรียนเข้าร่วมร้อยละ 70"),
                "โครงการพัฒนาครู": ("190000.25", "พัฒนาครูแล้ว 280 คน"),
                "โครงการปฐมวัย": ("0", "ยังไม่เริ่ม"),
            },
        )
        year_end = make_report(  # a draft: never on the public pages
            plan, "fy", {"โครงการติดตามแผน": ("50000", "ร่างรายงาน")}, publish=False
        )
        yield {"plan": plan, "six": six, "nine": nine, "draft": year_end}


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_plan_shows_each_project_with_the_latest_published_progress(client, plans):
    response = client.get(plans["plan"].url)
    assert response.status_code == 200
    html = response.content.decode()
    words = text(html)
    # The caption names the latest published round (9 months), not the draft.
    assert '<caption id="plan-table-caption">' in html
    assert "รอบ 9 เดือน (ไตรมาสที่ 3)" in words
    assert "ร่างรายงาน" not in words
    assert html.count('<th scope="col"') == 8
    assert '<th scope="row">โครงการพัฒนาการอ่านภาษาไทย</th>' in html
    # Budget, spent to date, % spent, target and result of the latest report.
    assert (
        "โครงการพัฒนาการอ่านภาษาไทย กลุ่มนิเทศ ติดตามและประเมินผลการจัดการศึกษา "
        "ร้อยละของโรงเรียนที่จัดกิจกรรม ร้อยละ 80 250,000.00 187,500.00 75.0 "
        "โรงเรียนเข้าร่วมร้อยละ 70"
    ) in words
    assert "120,000.50 0.00 0.0 ยังไม่เริ่ม" in words
    # A project the latest report does not give is said to be not reported.
    assert "50,000.00 ยังไม่รายงาน – ยังไม่รายงาน" in words
    # Totals: 600,000.50 budget, 377,500.25 spent.
    assert "600,000.50 377,500.25 62.9" in words


def test_spending_past_the_budget_is_a_warning_on_the_page(client, plans):
    words = text(client.get(plans["plan"].url).content.decode())
    assert "190,000.25 105.6 เกินงบประมาณ" in words
    assert "หมายเหตุ: 1 โครงการใช้จ่ายเกินงบประมาณ" in words


def test_the_chart_is_inline_svg_with_its_text(client, plans):
    html = client.get(plans["plan"].url).content.decode()
    assert '<svg role="img" aria-labelledby="plan-chart-title plan-chart-desc"' in html
    desc = re.search(r'<desc id="plan-chart-desc">(.*?)</desc>', html).group(1)
    assert "โครงการพัฒนาการอ่านภาษาไทย: 75.0%" in desc
    assert "โครงการพัฒนาครู: 105.6%" in desc
    assert "โครงการติดตามแผน: –%" in desc
    # A bar past the budget stops at the full width (560).
    assert 'width="560" height="20" fill="#1f4e79"' in html
    assert "<script" not in html.split('id="main"')[1].split("</main>")[0]


def test_the_print_stylesheet_is_a4(client, plans):
    html = client.get(plans["plan"].url).content.decode()
    assert 'href="/static/action_plans/css/action_plan_print.css" media="print"' in html
    css = finders.find("action_plans/css/action_plan_print.css")
    assert "@page { size: A4 portrait;" in Path(css).read_text()


def test_the_reports_are_listed_on_the_plan_and_link_back(client, plans):
    html = client.get(plans["plan"].url).content.decode()
    assert plans["six"].url in html and plans["nine"].url in html
    assert plans["draft"].url not in html
    report = client.get(plans["six"].url)
    assert report.status_code == 200
    words = text(report.content.decode())
    assert "รอบการรายงาน รอบ 6 เดือน (1 ต.ค. 2568 – 31 มี.ค. 2569)" in words
    assert plans["plan"].title in words
    assert "250,000.00 100,000.00 40.0 อบรมครูแล้ว 2 รุ่น" in words


def test_listed_fed_and_found_as_any_item(client, plans):
    listing = client.get(category("1.6").url).content.decode()
    assert plans["plan"].title in listing and plans["six"].title in listing
    assert plans["draft"].title not in listing
    feed = client.get("/feeds/category/1.6/rss/").content.decode()
    assert plans["plan"].title in feed
    found = client.get("/search/", {"q": "ปฐมวัย"}).content.decode()
    assert plans["plan"].title in found


def test_only_under_the_action_plan_category(plans):
    assert ActionPlanPage.can_create_at(category("1.6"))
    assert not ActionPlanPage.can_create_at(category("1.9"))
    assert not ProgressReportPage.can_create_at(category("1.9"))
    assert not plans["plan"].can_move_to(category("1.9"))


def test_the_plan_page_reads_its_projects_and_report_in_a_few_queries(
    client, plans, django_assert_max_num_queries
):
    """The projects with their units, the reports and the latest one's rows: a
    bounded number of queries however many projects the plan has."""
    client.get(plans["plan"].url)  # site root paths and settings, read once
    with django_assert_max_num_queries(20) as counted:
        assert client.get(plans["plan"].url).status_code == 200
    print(f"plan page: {len(counted)} queries")


BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0"}


@override_settings(DISCLOSURE_PAGE_CACHE="default")
def test_a_report_published_later_reaches_the_cached_plan_page(client, plans):
    """The plan's page shows other pages (its reports): publishing the year's
    report purges it, though the plan itself was not published again."""
    url = plans["plan"].url
    client.get(url, **BROWSER)
    assert client.get(url, **BROWSER).headers[HEADER] == "hit"
    plans["draft"].get_latest_revision().publish()
    response = client.get(url, **BROWSER)
    assert response.headers[HEADER] == "miss"
    words = text(response.content.decode())
    assert "รอบ 12 เดือน" in words and "ร่างรายงาน" in words
