"""Who may act on each step of the approval chain — the one place that decides it.

Step 1 is the director or deputy of the page's unit; step 2 the office director;
step 3 a person of the office's ICT unit. Whoever requested the revision (started the
workflow or wrote the revision under review) never acts on it, and whoever changed
the content while it was under review may send it back but not approve it. When
nobody is left on a step it goes up — a unit step to the office director — and
finally to the administrators; the routing is logged when a step starts and kept
with each decision (``ApprovalRecord``) so the memo prints what happened.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import Page, Revision, Task, TaskState

from . import page_kinds
from .office import (
    OfficeSettings,
    Role,
    RoleGroup,
    Unit,
    content_unit,
    ict_unit_ids,
    office_for,
)
from .records import ApprovalRecord, ApprovalStep


class Routing(models.TextChoices):
    """Why a step went to the people it went to (kept in the audit log)."""

    NORMAL = "normal", "normal"
    DEPUTY_FOR_REQUESTER = "deputy_for_requester", "deputy_for_requester"
    DEPUTY_NO_DIRECTOR = "deputy_no_director", "deputy_no_director"
    OFFICE_DIRECTOR_FOR_UNIT = "office_director_for_unit", "office_director_for_unit"
    ADMINISTRATORS = "administrators", "administrators"
    NOBODY = "nobody", "nobody"


@dataclass(frozen=True)
class Approvers:
    """The users who may act on one task state, and why it went to them."""

    user_ids: frozenset[int]
    routing: str


def requester_ids(task_state: TaskState) -> frozenset[int]:
    """Who asked for this revision: the submitter and the revision's author."""
    ids = {task_state.workflow_state.requested_by_id, task_state.revision.user_id}
    return frozenset(i for i in ids if i)


def authors_since_submission(task_state: TaskState) -> frozenset[int]:
    """Everyone who saved a revision of the page since this request was submitted
    (an approver who edits under review becomes an author of what is approved)."""
    state = task_state.workflow_state
    return frozenset(
        Revision.objects.filter(
            base_content_type_id=state.base_content_type_id,
            object_id=state.object_id,
            created_at__gte=state.created_at,
            user__isnull=False,
        ).values_list("user_id", flat=True)
    )


@dataclass(frozen=True)
class Facts:
    """What the rule needs to know, loaded once for one page or a batch of them."""

    units: dict[int, tuple[int | None, int | None]]  # unit → (director, deputy)
    office_director_id: int | None
    ict_people: frozenset[int]
    administrators: frozenset[int]
    active: frozenset[int]  # the active users among everyone above


def load_facts(unit_ids, office: OfficeSettings) -> Facts:
    """A handful of queries, however many pages are being decided about."""
    units = {
        row[0]: (row[1], row[2])
        for row in Unit.objects.filter(pk__in=set(unit_ids)).values_list(
            "pk", "director_id", "deputy_id"
        )
    }
    ict = ict_unit_ids(office)
    ict_people: set[int] = set()
    for director_id, deputy_id in Unit.objects.filter(pk__in=ict).values_list(
        "director_id", "deputy_id"
    ):
        ict_people |= {director_id, deputy_id}
    ict_people |= set(
        Unit.members.through.objects.filter(unit_id__in=ict).values_list(
            "user_id", flat=True
        )
    )
    ict_people.discard(None)
    administrators = set(
        RoleGroup.objects.filter(role=Role.ADMINISTRATOR).values_list(
            "group__user", flat=True
        )
    )
    administrators.discard(None)
    candidates = {office.office_director_id, *ict_people, *administrators}
    for director_id, deputy_id in units.values():
        candidates |= {director_id, deputy_id}
    candidates.discard(None)
    active = frozenset(
        get_user_model()
        .objects.filter(pk__in=candidates, is_active=True)
        .values_list("pk", flat=True)
    )
    return Facts(
        units,
        office.office_director_id,
        frozenset(ict_people),
        frozenset(administrators),
        active,
    )


def resolve(step: str, unit_id: int | None, facts: Facts, requesters) -> Approvers:
    """The approvers of a step for a page of unit ``unit_id``, given who requested it."""
    office_director = frozenset({facts.office_director_id}) & facts.active - requesters
    people: frozenset[int] = frozenset()
    routing = Routing.NORMAL
    if step == ApprovalStep.UNIT_DIRECTOR:
        director_id, deputy_id = facts.units.get(unit_id, (None, None))
        people = frozenset({director_id, deputy_id}) & facts.active - requesters
        if people and director_id not in people:
            routing = (
                Routing.DEPUTY_FOR_REQUESTER
                if director_id in requesters
                else Routing.DEPUTY_NO_DIRECTOR
            )
        elif not people and office_director:
            people, routing = office_director, Routing.OFFICE_DIRECTOR_FOR_UNIT
    elif step == ApprovalStep.OFFICE_DIRECTOR:
        people = office_director
    elif step == ApprovalStep.PUBLISHER:
        people = facts.ict_people & facts.active - requesters
    if people:
        return Approvers(people, routing)
    # Nobody left (the office director asked, or the only ICT person): the
    # administrators decide rather than the request waiting unseen.
    administrators = facts.administrators & facts.active - requesters
    if administrators:
        return Approvers(administrators, Routing.ADMINISTRATORS)
    return Approvers(frozenset(), Routing.NOBODY)


def units_of_pages(page_ids) -> dict[int, int]:
    """page id → unit id for unit-owned pages (one query per unit-owned page type)."""
    found: dict[int, int] = {}
    for model in page_kinds.unit_owned_models():
        found.update(model.objects.filter(pk__in=page_ids).values_list("pk", "unit_id"))
    return found


def unit_under_review(task_state: TaskState) -> int | None:
    """The unit of the revision being decided on."""
    return content_unit(task_state.revision.content)


def approvers_for(task_state: TaskState, page: Page | None = None) -> Approvers:
    """The approvers of a task state (of a DisclosureApprovalTask)."""
    page = page or task_state.workflow_state.content_object
    page = page.specific_deferred if type(page) is Page else page
    unit_id = unit_under_review(task_state) or getattr(page, "unit_id", None)
    facts = load_facts([unit_id] if unit_id else [], office_for(page))
    return resolve(
        task_state.task.specific.step, unit_id, facts, requester_ids(task_state)
    )


def may_act_on(task_state: TaskState, user) -> bool:
    """May ``user`` approve or send back at this task state (cached on the user)?"""
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


def may_approve(task_state: TaskState, user) -> bool:
    """Acting on the step, not an author of what would be approved, and no earlier
    step approved other content than this (they must see it first: send it back)."""
    return (
        may_act_on(task_state, user)
        and user.pk not in authors_since_submission(task_state)
        and not stale_approvals(task_state.workflow_state)
    )


# What Wagtail writes into every revision by itself: a difference here is not a
# change of what the approvers read.
BOOKKEEPING_KEYS = frozenset(
    {
        "pk",
        "id",
        "path",
        "depth",
        "numchild",
        "url_path",
        "owner",
        "live",
        "has_unpublished_changes",
        "first_published_at",
        "last_published_at",
        "live_revision",
        "latest_revision",
        "latest_revision_created_at",
        "draft_title",
        "locked",
        "locked_at",
        "locked_by",
        "expired",
        "content_type",
        "translation_key",
        "locale",
        "alias_of",
        "comments",
        "wagtail_admin_comments",
    }
)


def reviewed_content(revision: Revision | None) -> dict:
    """A revision's content as the approvers read it."""
    content = (revision.content if revision else None) or {}
    return {k: v for k, v in content.items() if k not in BOOKKEEPING_KEYS}


def decided_revision(task_state: TaskState) -> Revision | None:
    """The version a decision was about: recorded when it was made (the latest
    version then), else the version the step started on."""
    record = getattr(task_state, "disclosure_record", None)
    if record is not None and record.revision_id:
        return record.revision
    return task_state.revision


def valid_approvals(workflow_state) -> list[TaskState]:
    """The approvals of this request that still stand (not superseded)."""
    return list(
        TaskState.objects.filter(
            workflow_state=workflow_state, status=TaskState.STATUS_APPROVED
        )
        .exclude(disclosure_record__superseded_at__isnull=False)
        .select_related("revision", "disclosure_record__revision")
        .order_by("started_at", "pk")
    )


def stale_approvals(workflow_state) -> list[TaskState]:
    """Standing approvals of content other than the page's latest version."""
    approvals = valid_approvals(workflow_state)
    if not approvals:
        return []
    latest = reviewed_content(workflow_state.content_object.get_latest_revision())
    return [
        state
        for state in approvals
        if reviewed_content(decided_revision(state)) != latest
    ]


def supersede(workflow_state, approvals: list[TaskState], user) -> None:
    """The content changed after these approvals: each step decides again, from
    step 1 (the measure's order). Kept on the records and in the page's history."""
    now = timezone.now()
    for state in approvals:
        record = getattr(state, "disclosure_record", None)
        if record is None:
            record = ApprovalRecord(
                task_state=state,
                step=getattr(state.task.specific, "step", ""),
                routing=Routing.NORMAL,
                name=(state.finished_by.get_full_name() or state.finished_by.username)
                if state.finished_by
                else "",
                position="",
                revision=state.revision,
            )
        record.superseded_at = now
        record.save()
    page = workflow_state.content_object.specific
    log(
        instance=page,
        action="disclosure_moderation.chain_restarted",
        user=user,
        data={
            "superseded_task_state_ids": [state.pk for state in approvals],
            "superseded_revision_ids": sorted(
                {r.pk for state in approvals if (r := decided_revision(state))}
            ),
            "revision_id": page.get_latest_revision().pk,
        },
    )


def step_to_start(task, workflow_state, user):
    """The step a request goes to when Wagtail starts ``task`` on it: the first
    step, in the chain's order, without a standing approval. When the content
    changed after earlier approvals (a rewrite after "request changes"), those
    approvals are superseded first, so the chain starts again at step 1; an
    unchanged request resumes where it was sent back."""
    stale = stale_approvals(workflow_state)
    if stale:
        supersede(workflow_state, valid_approvals(workflow_state), user)
    approved = {state.task_id for state in valid_approvals(workflow_state)}
    steps = Task.objects.filter(
        workflow_tasks__workflow_id=workflow_state.workflow_id, active=True
    ).order_by("workflow_tasks__sort_order")
    for step in steps:
        if step.pk not in approved:
            return step.specific
    return task


def user_may_act(task, obj, user) -> bool:
    """May ``user`` approve or send back ``obj`` at ``task`` right now?"""
    task_state = obj.current_workflow_task_state
    if task_state is None or task_state.task_id != task.pk:
        return False
    return may_act_on(task_state, user)


def user_may_approve(task, obj, user) -> bool:
    task_state = obj.current_workflow_task_state
    if task_state is None or task_state.task_id != task.pk:
        return False
    return may_approve(task_state, user)


def task_states_user_can_moderate(task, user):
    """In-progress states of ``task`` that ``user`` may act on (dashboard, reviews).

    The same rule as the editor's, decided for the whole batch from a fixed number of
    queries (Wagtail ORs this for every task on every dashboard view).
    """
    if not (user.is_authenticated and user.is_active):
        return TaskState.objects.none()
    states = list(
        task.task_states.filter(status=TaskState.STATUS_IN_PROGRESS).select_related(
            "workflow_state", "revision"
        )
    )
    if not states:
        return TaskState.objects.none()
    page_ids = [int(state.workflow_state.object_id) for state in states]
    units = {
        page_id: unit_id
        for state, page_id in zip(states, page_ids, strict=True)
        if (unit_id := unit_under_review(state))
    }
    missing = [page_id for page_id in page_ids if page_id not in units]
    if missing:
        units.update(units_of_pages(missing))
    offices = list(OfficeSettings.objects.all()[:2])
    # Several sites with an office each: decide page by page (facts is None).
    facts = load_facts(units.values(), offices[0]) if len(offices) == 1 else None
    allowed = []
    for state, page_id in zip(states, page_ids, strict=True):
        requesters = requester_ids(state)
        if user.pk in requesters:
            continue
        if user.is_superuser:
            allowed.append(state.pk)
            continue
        if facts is None:
            approvers = approvers_for(state)
        else:
            approvers = resolve(task.step, units.get(page_id), facts, requesters)
        if user.pk in approvers.user_ids:
            allowed.append(state.pk)
    return TaskState.objects.filter(pk__in=allowed)
