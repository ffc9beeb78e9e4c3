"""Who may act on each step of the approval chain — the one place that decides it.

Step 1 is the director or deputy of the page's unit; step 2 the office director;
step 3 a member of the office's ICT unit. Whoever requested the revision (started the
workflow or wrote the revision under review) never acts on it. When nobody is left
on a step, it goes up: a unit step to the office director; otherwise only a
superuser may act. The routing is logged when a step starts.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import models
from wagtail.models import Page, Site, TaskState

from .models import ApprovalStep, OfficeSettings, Unit


class Routing(models.TextChoices):
    """Why a step went to the people it went to (kept in the audit log)."""

    NORMAL = "normal", "normal"
    DEPUTY_FOR_REQUESTER = "deputy_for_requester", "deputy_for_requester"
    DEPUTY_NO_DIRECTOR = "deputy_no_director", "deputy_no_director"
    OFFICE_DIRECTOR_FOR_UNIT = "office_director_for_unit", "office_director_for_unit"
    NOBODY = "nobody", "nobody"


@dataclass(frozen=True)
class Approvers:
    """The users who may act on one task state, and why it went to them."""

    user_ids: frozenset[int]
    routing: str


def unit_ids_for(user) -> frozenset[int]:
    """Units where the user is a member, the director or the deputy (cached on user)."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_disclosure_unit_ids", None)
    if cached is None:
        cached = frozenset(Unit.objects.for_user(user).values_list("pk", flat=True))
        user._disclosure_unit_ids = cached
    return cached


def requester_ids(task_state: TaskState) -> frozenset[int]:
    """Who asked for this revision: the submitter and the revision's author."""
    ids = {task_state.workflow_state.requested_by_id, task_state.revision.user_id}
    return frozenset(i for i in ids if i)


def office_for(page: Page) -> OfficeSettings:
    site = page.get_site() or Site.objects.filter(is_default_site=True).first()
    return OfficeSettings.for_site(site)


def _active(ids) -> frozenset[int]:
    ids = [i for i in ids if i]
    if not ids:
        return frozenset()
    return frozenset(
        get_user_model()
        .objects.filter(pk__in=ids, is_active=True)
        .values_list("pk", flat=True)
    )


def resolve(
    step: str, unit: Unit | None, office: OfficeSettings, requesters
) -> Approvers:
    """The approvers of a step for a page of ``unit``, given who requested it."""
    if step == ApprovalStep.UNIT_DIRECTOR and unit is not None:
        people = _active([unit.director_id, unit.deputy_id]) - requesters
        if people:
            if unit.director_id in people:
                routing = Routing.NORMAL
            elif unit.director_id in requesters:
                routing = Routing.DEPUTY_FOR_REQUESTER
            else:
                routing = Routing.DEPUTY_NO_DIRECTOR
            return Approvers(people, routing)
        people = _active([office.office_director_id]) - requesters
        if people:
            return Approvers(people, Routing.OFFICE_DIRECTOR_FOR_UNIT)
        return Approvers(frozenset(), Routing.NOBODY)
    if step == ApprovalStep.OFFICE_DIRECTOR:
        people = _active([office.office_director_id]) - requesters
        return Approvers(people, Routing.NORMAL if people else Routing.NOBODY)
    if step == ApprovalStep.PUBLISHER and office.ict_unit_id:
        ict = office.ict_unit
        ids = [
            ict.director_id,
            ict.deputy_id,
            *ict.members.values_list("pk", flat=True),
        ]
        people = _active(ids) - requesters
        return Approvers(people, Routing.NORMAL if people else Routing.NOBODY)
    return Approvers(frozenset(), Routing.NOBODY)


def approvers_for(task_state: TaskState, page: Page | None = None) -> Approvers:
    """The approvers of a task state (of a DisclosureApprovalTask)."""
    page = page or task_state.workflow_state.content_object
    page = page.specific_deferred if type(page) is Page else page
    unit_id = getattr(page, "unit_id", None)
    unit = Unit.objects.filter(pk=unit_id).first() if unit_id else None
    return resolve(
        task_state.task.specific.step, unit, office_for(page), requester_ids(task_state)
    )


def _may_act_on(task_state: TaskState, user) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    cache = user.__dict__.setdefault("_disclosure_may_act", {})
    if task_state.pk not in cache:
        if user.pk in requester_ids(task_state):
            cache[task_state.pk] = False
        elif user.is_superuser:
            cache[task_state.pk] = True
        else:
            cache[task_state.pk] = user.pk in approvers_for(task_state).user_ids
    return cache[task_state.pk]


def user_may_act(task, obj, user) -> bool:
    """May ``user`` approve or send back ``obj`` at ``task`` right now?"""
    task_state = obj.current_workflow_task_state
    if task_state is None or task_state.task_id != task.pk:
        return False
    return _may_act_on(task_state, user)


def task_states_user_can_moderate(task, user):
    """In-progress states of ``task`` that ``user`` may act on (dashboard, reviews).

    In-progress requests are few at any time, so they are checked one by one with
    the same rule as the editor uses rather than a second, SQL-only copy of it.
    """
    if not (user.is_authenticated and user.is_active):
        return TaskState.objects.none()
    states = task.task_states.filter(
        status=TaskState.STATUS_IN_PROGRESS
    ).select_related("workflow_state", "revision", "task")
    ids = [state.pk for state in states if _may_act_on(state, user)]
    return TaskState.objects.filter(pk__in=ids)


def decide(task, task_state, user, action_name: str, **kwargs):
    """Record one decision on a step, once, by someone allowed to make it."""
    from wagtail.models import TaskState as TaskStateModel

    if set(kwargs) - {"comment"} or action_name not in ("approve", "reject"):
        raise PermissionDenied
    # Re-read under a row lock: a second click or a second tab finds it decided.
    current = (
        TaskStateModel.objects.select_for_update()
        .select_related("workflow_state", "revision")
        .get(pk=task_state.pk)
    )
    if (
        current.status != TaskStateModel.STATUS_IN_PROGRESS
        or current.task_id != task.pk
    ):
        raise PermissionDenied
    if not _may_act_on(current, user):
        raise PermissionDenied
    comment = str(kwargs.get("comment") or "").strip()
    if action_name == "reject":
        if not comment:
            raise PermissionDenied
        current.specific.reject(user=user, comment=comment)
    else:
        current.specific.approve(user=user, comment=comment)
