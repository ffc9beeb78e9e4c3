"""The counting rules of the quarterly report: first publication in the period in
Bangkok time, exclusions, updates, requests, views and feedback — and a number of
queries that does not grow with the number of items."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import (
    GroupApprovalTask,
    PageLogEntry,
    PageViewRestriction,
    TaskState,
    Workflow,
    WorkflowState,
    WorkflowTask,
)

from disclosure_thai.dates import BANGKOK, FiscalPeriod
from moderation.models import Unit
from reporting.figures import compute, evaluation_rows
from reporting.models import Feedback, PageViewCount
from reporting.report_figures import CommitteeFigures, UnitFigures
from tests.bulk import bulk_create_items
from tests.conftest import shared_data
from tests.utils import category, make_gallery, make_item, make_user, run_setup

pytestmark = pytest.mark.django_db

Q1_2569 = FiscalPeriod.quarter(2569, 1)  # 1 Oct 2025 - 31 Dec 2025
Q2_2569 = FiscalPeriod.quarter(2569, 2)  # 1 Jan 2026 - 31 Mar 2026
Q4_2568 = FiscalPeriod.quarter(2568, 4)  # 1 Jul 2025 - 30 Sep 2025


def bangkok(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=BANGKOK)


def published_at(item, when: dt.datetime) -> None:
    """Move an item's first publication (and its publish log entries) to ``when``."""
    type(item).objects.filter(pk=item.pk).update(
        first_published_at=when, last_published_at=when
    )
    PageLogEntry.objects.filter(page=item).update(timestamp=when)


@pytest.fixture(scope="module")
def module_data(django_db_setup, django_db_blocker):
    with shared_data(django_db_blocker):
        run_setup()
        finance = Unit.objects.get(code="finance")
        policy = Unit.objects.get(code="policy")
        procurement, plan = category("1.9"), category("1.6")
        items = {
            "dec31": make_item(procurement, unit=finance),
            "jan1": make_item(procurement, unit=finance),
            "sep30": make_item(plan, unit=policy),
            "oct1": make_item(plan, unit=policy),
            "withdrawn": make_item(procurement, unit=finance),
            "private": make_item(procurement, unit=finance),
        }
        published_at(items["dec31"], bangkok(2025, 12, 31, 23, 59, 59))
        published_at(items["jan1"], bangkok(2026, 1, 1, 0, 0, 0))
        published_at(items["sep30"], bangkok(2025, 9, 30, 23, 59, 59))
        published_at(items["oct1"], bangkok(2025, 10, 1, 0, 0, 0))
        published_at(items["withdrawn"], bangkok(2025, 11, 1, 9, 0))
        published_at(items["private"], bangkok(2025, 11, 2, 9, 0))
        gallery = make_gallery(unit=finance)
        published_at(gallery, bangkok(2025, 11, 5, 9, 0))
        items["withdrawn"].unpublish()
        PageViewRestriction.objects.create(
            page=items["private"], restriction_type="login"
        )
        # The 30 September item is republished (updated) in quarter 1.
        PageLogEntry.objects.create(
            page=items["sep30"],
            content_type_id=items["sep30"].content_type_id,
            action="wagtail.publish",
            timestamp=bangkok(2025, 11, 15, 10, 0),
            label=items["sep30"].title,
        )
        # Views and feedback: counted in the period they happened.
        PageViewCount.objects.bulk_create(
            [
                PageViewCount(page=items["dec31"], date=dt.date(2025, 12, 31), views=7),
                PageViewCount(page=items["dec31"], date=dt.date(2026, 1, 1), views=100),
                PageViewCount(page=items["oct1"], date=dt.date(2025, 10, 1), views=3),
            ]
        )
        for useful, score, when in (
            (True, 5, bangkok(2025, 12, 31, 23, 59, 59)),
            (False, 2, bangkok(2025, 12, 1, 8, 0)),
            (True, None, bangkok(2025, 12, 2, 8, 0)),
            (True, 1, bangkok(2026, 1, 1, 0, 0, 0)),  # next quarter
        ):
            feedback = Feedback.objects.create(
                page=items["dec31"], useful=useful, score=score
            )
            Feedback.objects.filter(pk=feedback.pk).update(created_at=when)
        yield {
            "items": items,
            "gallery": gallery,
            "finance": finance,
            "policy": policy,
        }


@pytest.fixture
def data(module_data, db):
    return module_data


def unit_row(figures: CommitteeFigures, unit: Unit) -> UnitFigures:
    return next(u for u in figures.units if u.id == unit.pk)


def item_ids(figures: CommitteeFigures) -> set[int]:
    return {item.id for item in figures.items}


def test_quarter_boundary_31_december_vs_1_january(data):
    items = data["items"]
    q1, q2 = compute(Q1_2569), compute(Q2_2569)
    assert items["dec31"].pk in item_ids(q1)
    assert items["dec31"].pk not in item_ids(q2)
    assert items["jan1"].pk in item_ids(q2)
    assert items["jan1"].pk not in item_ids(q1)


def test_fiscal_year_boundary_30_september_vs_1_october(data):
    items = data["items"]
    q4_2568, q1_2569 = compute(Q4_2568), compute(Q1_2569)
    assert items["sep30"].pk in item_ids(q4_2568)
    assert items["sep30"].pk not in item_ids(q1_2569)
    assert items["oct1"].pk in item_ids(q1_2569)
    assert items["oct1"].pk not in item_ids(q4_2568)
    assert compute(FiscalPeriod(2568)).totals.published == 1


def test_withdrawn_and_private_items_are_not_counted(data):
    q1 = compute(Q1_2569)
    assert data["items"]["withdrawn"].pk not in item_ids(q1)
    assert data["items"]["private"].pk not in item_ids(q1)
    assert q1.totals.published == 2  # 31 December and 1 October


def test_counts_per_unit_and_category(data):
    q1 = compute(Q1_2569)
    assert unit_row(q1, data["finance"]).published == 1
    assert unit_row(q1, data["policy"]).published == 1
    categories = {c.code: c.published for c in q1.categories}
    assert categories == {"1.9": 1, "1.6": 1}
    assert sorted((cell.unit_id, cell.count) for cell in q1.matrix) == sorted(
        [(data["finance"].pk, 1), (data["policy"].pk, 1)]
    )


def test_half_year_and_year_use_the_same_rules(data):
    assert compute(FiscalPeriod(2569, "half", 1)).totals.published == 3
    year = compute(FiscalPeriod(2569))
    assert year.totals.published == 3
    assert [q.published for q in year.by_quarter] == [2, 1, 0, 0]


def test_items_updated_are_earlier_items_republished_in_the_period(data):
    q1 = compute(Q1_2569)
    assert unit_row(q1, data["policy"]).updated == 1
    assert q1.totals.updated == 1
    assert compute(Q2_2569).totals.updated == 0


def test_views_and_useful_share_in_the_period(data):
    q1 = compute(Q1_2569)
    finance = unit_row(q1, data["finance"])
    assert finance.views == 7
    assert unit_row(q1, data["policy"]).views == 3
    assert (finance.feedback, finance.useful) == (3, 2)
    assert finance.useful_pct == pytest.approx(66.7)
    assert finance.mean_score == pytest.approx(3.5)
    assert compute(Q2_2569).totals.views == 100


def test_evaluation_rows_per_unit_and_category(data):
    rows = evaluation_rows(Q1_2569)
    procurement = next(r for r in rows if r["category_code"] == "1.9")
    assert procurement["unit"] == data["finance"].name_th
    assert procurement["views"] == 7
    assert procurement["feedback"] == 3
    # Live, public items of the cell, whatever their date.
    assert procurement["items"] == 2


def test_requests_approved_sent_back_and_median_days(data):
    approver = make_user("approver", is_superuser=True)
    group = Group.objects.create(name="ผู้อนุมัติทดสอบ")
    approver.groups.add(group)
    task = GroupApprovalTask.objects.create(name="อนุญาต")
    task.groups.set([group])
    workflow = Workflow.objects.create(name="ขั้นตอนการอนุญาตเผยแพร่ทดสอบ")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)

    procurement = category("1.9")
    finance = data["finance"]
    durations = []
    for days in (2, 4, 9):
        page = make_item(procurement, unit=finance, publish=False)
        state = workflow.start(page, approver)
        state.current_task_state.specific.approve(user=approver)
        state.refresh_from_db()
        assert state.status == WorkflowState.STATUS_APPROVED
        finished = bangkok(2025, 11, 20, 10, 0)
        WorkflowState.objects.filter(pk=state.pk).update(
            created_at=finished - dt.timedelta(days=days)
        )
        TaskState.objects.filter(pk=state.current_task_state_id).update(
            finished_at=finished
        )
        durations.append(days)
    sent_back = make_item(procurement, unit=finance, publish=False)
    state = workflow.start(sent_back, approver)
    task_state = state.current_task_state
    task_state.specific.reject(user=approver)
    TaskState.objects.filter(pk=task_state.pk).update(
        finished_at=bangkok(2025, 12, 1, 9, 0)
    )

    q1 = compute(Q1_2569)
    row = unit_row(q1, finance)
    assert (row.approved, row.sent_back) == (3, 1)
    assert row.median_days == 4.0
    assert q1.totals.median_days == 4.0
    assert compute(Q2_2569).totals.approved == 0


def test_requests_through_the_offices_approval_chain(data):
    """The figures read the project's own chain (DisclosureApprovalTask steps): a
    request sent back once at the office director, then approved at every step."""
    from django.utils import timezone

    from tests.moderation.office import build_office

    office = build_office()
    item = office.item(title="คำขอผ่านสายอนุมัติ")
    state = item.get_workflow().start(item, office.editor_a)
    WorkflowState.objects.filter(pk=state.pk).update(
        created_at=timezone.now() - dt.timedelta(days=3)
    )
    deciders = {
        "unit_director": office.director_a,
        "office_director": office.office_director,
        "publisher": office.ict,
    }
    sent_back = False
    while task_state := type(item).objects.get(pk=item.pk).current_workflow_task_state:
        step = task_state.task.specific.step
        action = "approve"
        if step == "office_director" and not sent_back:
            action, sent_back = "reject", True
        task_state.task.specific.on_action(
            task_state, deciders[step], action, comment="แนบไฟล์ฉบับลงนาม"
        )
        if action == "reject":
            WorkflowState.objects.get(pk=state.pk).resume(office.editor_a)
    item.refresh_from_db()
    assert item.live

    figures = compute(FiscalPeriod.containing(timezone.now()))
    row = unit_row(figures, office.unit_a)
    assert (row.approved, row.sent_back, row.published) == (1, 1, 1)
    assert row.median_days == pytest.approx(3.0, abs=0.1)
    assert item.pk in item_ids(figures)


def count_queries(period) -> int:
    with CaptureQueriesContext(connection) as queries:
        compute(period)
    return len(queries)


def test_query_count_does_not_grow_with_items(data, django_assert_max_num_queries):
    period = FiscalPeriod(2569)
    few = count_queries(period)
    units = list(Unit.objects.all())
    bulk_create_items(
        category("1.9"), 400, units=units, start_date=dt.date(2025, 10, 1), days=360
    )
    bulk_create_items(
        category("1.6"), 200, units=units, start_date=dt.date(2025, 10, 1), days=360
    )
    pages = list(category("1.9").get_children().live().values_list("pk", flat=True))
    PageViewCount.objects.bulk_create(
        PageViewCount(page_id=pk, date=dt.date(2025, 11, 1), views=2) for pk in pages
    )
    Feedback.objects.bulk_create(
        Feedback(page_id=pk, useful=True, score=4) for pk in pages
    )
    with django_assert_max_num_queries(few):
        figures = compute(period)
    assert figures.totals.published == 603
    with django_assert_max_num_queries(few):
        evaluation_rows(period)


def test_galleries_are_counted_apart_from_items(data):
    q1 = compute(Q1_2569)
    assert unit_row(q1, data["finance"]).galleries == 1
    assert q1.totals.galleries == 1
    assert data["gallery"].pk not in item_ids(q1)
    assert compute(Q2_2569).totals.galleries == 0
