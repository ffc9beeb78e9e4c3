"""Urgent publication (เผยแพร่ด่วน) — the one place that decides it.

The office director, or the ICT publisher citing the director's verbal order (and
naming the director), publishes a unit's page at once with a written reason. It is
a publication outside the chain (``moderation.publishing``), marked urgent: instead
of the office director's acknowledgement it waits, flagged รอการอนุมัติย้อนหลัง,
until the unit director of the page's unit and the office director record their
approval after the fact. Who may approve each step is the chain's own rule
(``moderation.approvers.resolve``): nobody approves their own request, a deputy
stands in for a director who asked, the office director for a unit without one,
and the administrators when nobody is left.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from wagtail.log_actions import log

from .approvers import Approvers, Routing, load_facts, resolve
from .decisions import step_position
from .office import OfficeSettings, Role, RoleGroup, Unit, ict_unit_ids, office_for
from .publishing import is_administrator, is_unit_owned, publish_outside_chain
from .records import ApprovalStep, PublicationRequest
from .urgent_records import RETRO_STEPS, RetroApproval

# An urgent publication still unapproved after this long is marked on the panel.
OVERDUE_AFTER = dt.timedelta(days=3)


def is_office_director(user, page) -> bool:
    return bool(user.pk) and office_for(page).office_director_id == user.pk


def is_ict_person(user, page) -> bool:
    """A member, director or deputy of the office's ICT unit (the chain's last
    step: moderation.approvers.load_facts counts the same people)."""
    return (
        Unit.objects.filter(pk__in=ict_unit_ids(office_for(page)))
        .filter(Q(members=user) | Q(director=user) | Q(deputy=user))
        .exists()
    )


def may_be_urgent_publisher(user) -> bool:
    """Cheap test for menus and links: the office director of an office, or an ICT
    publisher (``may_publish_urgently`` decides for the page)."""
    if not (user.is_authenticated and user.is_active):
        return False
    return (
        OfficeSettings.objects.filter(office_director=user).exists()
        or RoleGroup.objects.filter(role=Role.ICT_PUBLISHER, group__user=user).exists()
    )


def may_publish_urgently(user, page) -> bool:
    """The office director, or an ICT publisher who may open the page, on a unit's
    page that has been public or is in the chain (a unit's draft that it has not
    sent stays its own)."""
    if not (user.is_authenticated and user.is_active) or not is_unit_owned(page):
        return False
    if not (page.first_published_at or page.current_workflow_state):
        return False
    if is_office_director(user, page):
        return True
    return is_ict_person(user, page) and page.permissions_for_user(user).can_edit()


def publish_urgently(
    page, user, reason: str, ordered_by: str = "", note=None
) -> PublicationRequest | None:
    """Publish the page's latest version now and open its memo, flagged as waiting
    for approval after the fact; None when there is nothing new to publish.
    ``ordered_by`` names the director whose verbal order an ICT publisher cites."""
    return publish_outside_chain(
        page, user, reason, urgent=True, ordered_by=ordered_by, note=note
    )


# Approval after the fact


def open_urgent_publications() -> QuerySet:
    """Urgent publications still waiting for an approval after the fact."""
    return PublicationRequest.objects.filter(
        urgent=True, retro_approved_at__isnull=True
    )


def is_overdue(memo: PublicationRequest, now=None) -> bool:
    """Open for longer than OVERDUE_AFTER."""
    return memo.retro_approved_at is None and (
        (now or timezone.now()) - memo.submitted_at > OVERDUE_AFTER
    )


def retro_requesters(memo: PublicationRequest) -> frozenset[int]:
    """Who asked for this version: whoever published it urgently, and the
    version's author (as ``moderation.approvers.requester_ids`` for the chain)."""
    ids = {memo.requested_by_id}
    if memo.published_revision_id:
        ids.add(memo.published_revision.user_id)
    return frozenset(i for i in ids if i)


def approved_steps(memo: PublicationRequest) -> dict[str, RetroApproval]:
    return {approval.step: approval for approval in memo.retro_approvals.all()}


def retro_approvers(memo: PublicationRequest, facts=None) -> dict[str, Approvers]:
    """step → who may approve it after the fact, for the steps still open."""
    done = approved_steps(memo)
    steps = [step for step in RETRO_STEPS if step not in done]
    if not steps:
        return {}
    facts = facts or load_facts([memo.unit_id], office_for(memo.page))
    requesters = retro_requesters(memo)
    return {step: resolve(step, memo.unit_id, facts, requesters) for step in steps}


def steps_user_may_approve(memo: PublicationRequest, user, facts=None) -> list[str]:
    """The open steps of an urgent publication that ``user`` may approve now."""
    if not (memo.urgent and user.is_authenticated and user.is_active):
        return []
    if user.pk in retro_requesters(memo):
        return []
    return [
        step
        for step, approvers in retro_approvers(memo, facts).items()
        if user.pk in approvers.user_ids
    ]


def retro_capacity(
    memo: PublicationRequest, step: str, user, routing: str
) -> tuple[str, bool]:
    """The position an approval after the fact is signed in, and whether the
    signer acts for someone (as ``moderation.decisions.capacity`` in the chain)."""
    office = office_for(memo.page)
    unit = memo.unit
    if routing == Routing.OFFICE_DIRECTOR_FOR_UNIT:
        return step_position(ApprovalStep.OFFICE_DIRECTOR, "", office.name_th), False
    position = step_position(step, unit.name_th, office.name_th)
    if step == ApprovalStep.UNIT_DIRECTOR:
        return position, user.pk != unit.director_id
    return position, user.pk != office.office_director_id


def approve_after_the_fact(
    memo: PublicationRequest, user, step: str, comment: str = ""
) -> bool:
    """Record ``user``'s approval of one step after the fact; False when that step
    was approved already (a second click waited here while the first recorded
    it). Refused (PermissionDenied) for anyone the rule does not name."""
    with transaction.atomic():
        memo = (
            PublicationRequest.objects.select_for_update(of=("self",))
            .select_related("unit", "page", "published_revision")
            .get(pk=memo.pk)
        )
        if not memo.urgent or step not in RETRO_STEPS:
            raise PermissionDenied
        if step in approved_steps(memo):
            return False
        approvers = retro_approvers(memo).get(step)
        if (
            approvers is None
            or user.pk in retro_requesters(memo)
            or user.pk not in approvers.user_ids
        ):
            raise PermissionDenied
        position, acting = retro_capacity(memo, step, user, approvers.routing)
        now = timezone.now()
        RetroApproval.objects.create(
            request=memo,
            step=step,
            user=user,
            routing=approvers.routing,
            name=user.get_full_name() or user.get_username(),
            position=position,
            acting=acting,
            comment=comment,
            approved_at=now,
        )
        complete = not retro_approvers(memo)
        if complete:
            PublicationRequest.objects.filter(pk=memo.pk).update(retro_approved_at=now)
        log(
            instance=memo.page.specific,
            action="disclosure_moderation.urgent_approved_after",
            user=user,
            data={
                "memo_id": memo.pk,
                "document_number": memo.document_number,
                "step": step,
                "complete": complete,
            },
        )
    return True


def urgent_rows_for(user) -> list[dict]:
    """The open urgent publications the user's dashboard lists, oldest first, each
    with the steps still waiting (and for whom) and those the user may approve.
    Those who read every request (the office director, ICT, administrators) see
    them all; anyone else, those they may approve."""
    if not (user.is_authenticated and user.is_active):
        return []
    memos = list(
        open_urgent_publications()
        .select_related("page", "unit", "requested_by", "published_revision")
        .prefetch_related("retro_approvals")
        .order_by("submitted_at", "pk")
    )
    if not memos:
        return []
    sees_all = is_administrator(user) or user.has_perm(
        "disclosure_moderation.view_publicationrequest"
    )
    facts = load_facts({m.unit_id for m in memos}, office_for(memos[0].page))
    now = timezone.now()
    rows = []
    for memo in memos:
        mine = steps_user_may_approve(memo, user, facts)
        if not (mine or sees_all):
            continue
        rows.append(
            {
                "memo": memo,
                "overdue": is_overdue(memo, now),
                "waiting": [step_label(step) for step in retro_approvers(memo, facts)],
                "mine": [(step, step_label(step)) for step in mine],
            }
        )
    return rows


def step_label(step: str) -> str:
    """Whose approval a step waits for, as the panel and the memo say it."""
    if step == ApprovalStep.UNIT_DIRECTOR:
        return gettext("Unit director")
    return gettext("Office director")
