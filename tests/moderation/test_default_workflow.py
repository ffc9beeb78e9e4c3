"""Wagtail's English "Moderators approval" workflow: set-up takes it off the tree's
root (the office's own pages ask nobody in English for approval), names it in Thai
and switches it off; the office's chain stays on its sections; a second run changes
nothing; an administrator's own use of it is kept."""

import pytest
from wagtail.models import GroupApprovalTask, Page, Workflow, WorkflowPage

from moderation.setup import (
    RETIRED_TASK_NAME,
    RETIRED_WORKFLOW_NAME,
    WAGTAIL_DEFAULT_WORKFLOW,
    WORKFLOW_NAME,
)
from tests.utils import default_site, disclosure_index, run_setup, run_setup_command

pytestmark = pytest.mark.django_db


def wagtails_workflow() -> Workflow:
    return Workflow.objects.get(workflow_tasks__task__groupapprovaltask__isnull=False)


def test_migrations_leave_it_on_the_root():
    # What an office starts from: the reason set-up has work to do.
    workflow = Workflow.objects.get(name=WAGTAIL_DEFAULT_WORKFLOW)
    assert WorkflowPage.objects.filter(workflow=workflow, page__depth=1).exists()


def test_setup_takes_it_off_the_root_and_names_it_in_thai():
    run_setup()
    workflow = wagtails_workflow()
    assert workflow.name == RETIRED_WORKFLOW_NAME
    assert not workflow.active
    assert not WorkflowPage.objects.filter(workflow=workflow).exists()
    task = GroupApprovalTask.objects.get(workflow_tasks__workflow=workflow)
    assert task.name == RETIRED_TASK_NAME
    assert not Workflow.objects.filter(name__icontains="Moderators").exists()
    # The office's own pages have no workflow; the units' sections keep the chain.
    home = default_site().root_page
    assert home.get_workflow() is None
    assert disclosure_index().get_workflow().name == WORKFLOW_NAME


def test_a_second_run_changes_nothing():
    run_setup()
    before = list(Workflow.objects.order_by("pk").values_list("name", "active"))
    run_setup_command()
    assert list(Workflow.objects.order_by("pk").values_list("name", "active")) == before


def test_an_administrators_use_of_it_is_kept():
    workflow = Workflow.objects.get(name=WAGTAIL_DEFAULT_WORKFLOW)
    home = default_site().root_page
    WorkflowPage.objects.create(page=home, workflow=workflow)
    run_setup_command()
    workflow.refresh_from_db()
    # Named in Thai, still on the page it was given, so still switched on.
    assert workflow.name == RETIRED_WORKFLOW_NAME
    assert workflow.active
    assert WorkflowPage.objects.get(page=home).workflow == workflow
    assert not WorkflowPage.objects.filter(page=Page.get_first_root_node()).exists()


def test_a_renamed_one_is_left_alone():
    workflow = Workflow.objects.get(name=WAGTAIL_DEFAULT_WORKFLOW)
    workflow.name = "ผู้ตรวจสอบของสำนักงาน"
    workflow.save()
    run_setup_command()
    workflow.refresh_from_db()
    assert workflow.active
    assert WorkflowPage.objects.filter(workflow=workflow, page__depth=1).exists()
