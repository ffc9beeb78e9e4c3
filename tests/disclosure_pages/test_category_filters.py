"""A category page's item list as a visitor filters and pages through it: valid
filters narrow the list; malformed ones are reported and ignored, never a 500."""

import datetime as dt

import pytest
from django.utils.html import escape

from moderation.models import Unit
from tests.conftest import shared_data
from tests.utils import category, make_item, run_setup

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def module_data(django_db_setup, django_db_blocker):
    """The set-up site and its items, made once for this module's read-only tests."""
    with shared_data(django_db_blocker):
        run_setup()
        yield {"items": make_filter_items(), "many": make_many_items()}


@pytest.fixture
def items(module_data, db):
    return module_data["items"]


@pytest.fixture
def many_items(module_data, db):
    return module_data["many"]


def make_filter_items() -> dict:
    """Four public items in 1.9 and some that must never show there."""
    procurement = category("1.9")
    finance = Unit.objects.get(code="finance")
    policy = Unit.objects.get(code="policy")
    admin = Unit.objects.get(code="admin")
    made = {
        "winner": make_item(
            procurement,
            title="ประกาศผู้ชนะการเสนอราคา จ้างซ่อมแซมอาคารเรียน",
            unit=finance,
            publication_date=dt.date(2025, 9, 30),  # FY 2568
        ),
        "plan": make_item(
            procurement,
            title="แผนการจัดซื้อจัดจ้างประจำปี",
            summary="งบประมาณรายจ่ายประจำปีงบประมาณ พ.ศ. ๒๕๖๙",
            unit=policy,
            publication_date=dt.date(2025, 10, 1),  # FY 2569
        ),
        "summary": make_item(
            procurement,
            title="สรุปผลการจัดซื้อจัดจ้าง เดือนมกราคม",
            summary="แบบ สขร.๑ ประจำเดือน",
            unit=finance,
            publication_date=dt.date(2026, 1, 31),
        ),
        "tender": make_item(
            procurement,
            title="ประกาศประกวดราคาจ้างก่อสร้าง",
            summary="ซ่อมแซมห้องน้ำนักเรียน",
            unit=admin,
            publication_date=dt.date(2026, 2, 1),
        ),
    }
    # Never listed in 1.9: another category's item, a draft, a withdrawn item.
    make_item(category("1.2"), title="ประกาศ ซ่อมแซม ในหมวดอื่น", unit=finance)
    make_item(procurement, publish=False, title="ฉบับร่าง ประกาศ ซ่อมแซม")
    make_item(procurement, title="ประกาศ ถอนออกแล้ว").unpublish()
    return made


ALL = ["tender", "summary", "plan", "winner"]  # newest publication date first


def get_list(client, query: str = "", code: str = "1.9"):
    url = category(code).url
    response = client.get(f"{url}?{query}" if query else url)
    return response


def listed(response) -> list[int]:
    return [item.pk for item in response.context["items_page"]]


def pks(items, names) -> list[int]:
    return [items[name].pk for name in names]


def test_unfiltered_list_is_newest_first(client, items):
    response = get_list(client)
    assert response.status_code == 200
    assert listed(response) == pks(items, ALL)
    assert not response.context["filter_errors"]


def test_fiscal_years_offered_are_those_of_the_items(client, items):
    response = get_list(client)
    choices = response.context["filter"].form.fields["fiscal_year"].choices
    assert [(str(value), str(label)) for value, label in choices][1:] == [
        ("2569", "2569"),
        ("2568", "2568"),
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # fiscal year: 30 Sep 2025 is FY 2568, 1 Oct 2025 is FY 2569
        ("fiscal_year=2569", ["tender", "summary", "plan"]),
        ("fiscal_year=2568", ["winner"]),
        # unit
        ("unit={finance}", ["summary", "winner"]),
        ("unit={admin}", ["tender"]),
        ("unit={audit}", []),
        # date range, CE as a date picker sends it
        ("date_from=2025-10-01", ["tender", "summary", "plan"]),
        ("date_to=2025-09-30", ["winner"]),
        ("date_from=2026-01-31", ["tender", "summary"]),
        ("date_from=2026-01-31&date_to=2026-01-31", ["summary"]),
        # B.E. years and Thai digits as people type them
        ("date_from=2569-01-31&date_to=2569-01-31", ["summary"]),
        ("date_from=๒๕๖๙-๐๑-๓๑&date_to=๒๕๖๙-๐๑-๓๑", ["summary"]),
        ("date_from=31/01/2569", ["tender", "summary"]),
        ("date_to=๓๐/๐๙/๒๕๖๘", ["winner"]),
        ("date_from=2567-02-29", ALL),  # 29 Feb 2024: leap in CE, not in B.E.
        ("date_from=29/02/2567&date_to=2569-01-31", ["summary", "plan", "winner"]),
        # words in the title or the summary (Thai has no spaces between words)
        ("q=ผู้ชนะ", ["winner"]),
        ("q=ซ่อมแซม", ["tender", "winner"]),  # summary of one, title of the other
        ("q=สขร", ["summary"]),
        ("q=๒๕๖๙", ["plan"]),
        ("q=ประกาศ ห้องน้ำ", ["tender"]),  # every word must match
        ("q=  จัดซื้อจัดจ้าง  ", ["summary", "plan"]),
        ("q=ไม่มีคำนี้", []),
        ("q=ถอนออกแล้ว", []),
        ("q=ฉบับร่าง", []),
        # together
        ("fiscal_year=2569&unit={finance}", ["summary"]),
        ("fiscal_year=2569&q=ประกาศ", ["tender"]),
        ("unit={finance}&date_to=2569-01-30", ["winner"]),
        # empty values filter nothing
        ("fiscal_year=&unit=&date_from=&date_to=&q=", ALL),
        ("q=%20%20", ALL),
        ("utm_source=line", ALL),
    ],
)
def test_filters(client, items, query, expected):
    units = dict(Unit.objects.values_list("code", "pk"))
    response = get_list(client, query.format(**units))
    assert response.status_code == 200
    assert not response.context["filter_errors"]
    assert listed(response) == pks(items, expected)


HUGE = "99999999999999999999"


@pytest.mark.parametrize(
    ("query", "error_field"),
    [
        ("fiscal_year=abcd", "fiscal_year"),
        ("fiscal_year=2550", "fiscal_year"),  # no item in that year
        (f"fiscal_year={HUGE}", "fiscal_year"),
        ("date_from=2026-03-01&date_to=2026-01-01", "date_to"),  # reversed
        ("date_from=2569-03-01&date_to=2569-01-01", "date_to"),
        ("q=" + "ก" * 10_000, "q"),
        ("unit=999999", "unit"),
        ("unit=abc", "unit"),
        (f"unit={HUGE}", "unit"),
        ("unit=-1", "unit"),
        ("q=%00", "q"),
        ("q=ประกาศ%00", "q"),
        ("date_from=2026-02-30", "date_from"),
        ("date_from=2568-02-29", "date_from"),  # 2025 is not a leap year
        ("date_to=yesterday", "date_to"),
        ("date_to=99999-01-01", "date_to"),
        ("date_to=%00", "date_to"),
    ],
)
def test_malformed_filters_are_reported_and_ignored(client, items, query, error_field):
    response = get_list(client, query)
    assert response.status_code == 200
    errors = response.context["filter_errors"]
    assert errors
    assert error_field in errors
    # The visitor sees why, and still gets the list.
    content = response.content.decode()
    for message in errors[error_field]:
        assert escape(message) in content
    assert listed(response) == pks(items, ALL)


@pytest.mark.parametrize(
    "query",
    [
        "fiscal_year=2569&fiscal_year=2568",
        "unit={finance}&unit={admin}",
        "unit={finance}&unit=abc",
        "q=ประกาศ&q=แผน",
        "date_from=2026-01-01&date_from=garbage",
        "page=1&page=2",
        "page=abc&page=",
        "q=%ZZ",
        "q=<script>alert(1)</script>",
        "fiscal_year[]=2569",
    ],
)
def test_repeated_and_odd_parameters_never_fail(client, items, query):
    units = dict(Unit.objects.values_list("code", "pk"))
    response = get_list(client, query.format(**units))
    assert response.status_code == 200
    assert set(listed(response)) <= set(pks(items, ALL))
    assert b"<script>alert(1)</script>" not in response.content


# --- pagination --------------------------------------------------------------------


PAGED = "1.6"  # a category of its own, so the filter items do not mix in


def make_many_items() -> list:
    procurement = category(PAGED)
    start = dt.date(2025, 10, 1)
    return [
        make_item(
            procurement,
            title=f"สรุปผลการจัดซื้อจัดจ้าง ครั้งที่ {n}",
            publication_date=start + dt.timedelta(days=n),
        )
        for n in range(25)
    ]


@pytest.mark.parametrize(
    ("query", "number", "count"),
    [
        ("", 1, 20),
        ("page=1", 1, 20),
        ("page=2", 2, 5),
        ("page=abc", 1, 20),
        ("page=999", 2, 5),
        ("page=0", 2, 5),
        ("page=-1", 2, 5),
        (f"page={HUGE}", 2, 5),
        ("page=1.5", 1, 20),
        ("page=%00", 1, 20),
    ],
)
def test_pages_of_25_items(client, many_items, query, number, count):
    response = get_list(client, query, PAGED)
    assert response.status_code == 200
    page = response.context["items_page"]
    assert page.number == number
    assert len(page) == count
    assert page.paginator.count == 25


def test_second_page_continues_the_first(client, many_items):
    first = listed(get_list(client, "page=1", PAGED))
    second = listed(get_list(client, "page=2", PAGED))
    newest_first = [item.pk for item in reversed(many_items)]
    assert first + second == newest_first


def test_pages_keep_the_filter(client, many_items):
    # 1 Oct - 25 Oct 2025: with date_to=2568-10-22 (B.E.) 22 items remain.
    response = get_list(client, "date_to=2568-10-22&page=2", PAGED)
    assert response.status_code == 200
    page = response.context["items_page"]
    assert page.paginator.count == 22
    assert len(page) == 2
    assert "date_to=2568-10-22" in response.content.decode()
