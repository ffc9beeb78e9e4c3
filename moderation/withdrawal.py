"""Withdrawing a unit's live page with a public notice — the one place that
decides who may, how it happens and what the public address then shows.

A withdrawal is a change like any other: whoever may edit the page (its unit, the
ICT publishers) asks for it, and the request goes through the approval chain; the
chain's last approval (``moderation.workflow_finish``) carries it out. An
administrator may withdraw at once. Either way the page is unpublished, so it
leaves listings, feeds, search and the sitemap, and a :class:`Withdrawal` says
why: its public address keeps the title, the dates and the notice
(``moderation.withdrawal_notice``), and its documents are no longer served. A page
unpublished by its expiry date is withdrawn as "no longer current" the same way.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.log_actions import log
from wagtail.models import Page, ReferenceIndex, WorkflowState

from .models import Withdrawal, WithdrawalReason
from .publishing import is_administrator, is_unit_owned

WITHDRAWN = "disclosure_moderation.withdrawn"
WITHDRAWAL_REQUESTED = "disclosure_moderation.withdrawal_requested"


def _withdrawable(page) -> bool:
    return page.live and is_unit_owned(page)


def may_withdraw_at_once(user, page) -> bool:
    """Administrators, on a live unit's page they may open."""
    return (
        _withdrawable(page)
        and is_administrator(user)
        and page.permissions_for_user(user).can_edit()
    )


def may_request_withdrawal(user, page) -> bool:
    """Whoever may edit a live unit's page (its unit, the ICT publishers) asks the
    chain to withdraw it, unless a request on it is already running."""
    return (
        user.is_authenticated
        and user.is_active
        and _withdrawable(page)
        and page.permissions_for_user(user).can_edit()
        and not page.workflow_in_progress
    )


def pending_withdrawal(workflow_state: WorkflowState | None) -> Withdrawal | None:
    """The withdrawal a running (or just approved) request asks for, if any."""
    if workflow_state is None:
        return None
    return Withdrawal.objects.filter(
        workflow_state=workflow_state, withdrawn_at__isnull=True
    ).first()


def _log_data(record: Withdrawal) -> dict:
    return {
        "reason": record.reason,
        "reason_label": str(record.get_reason_display()),
        "explanation": record.explanation,
        "replaced_by": record.replaced_by_id,
        "withdrawal_id": record.pk,
    }


def request_withdrawal(
    page, user, *, reason: str, explanation: str, replaced_by=None
) -> Withdrawal | None:
    """Start the approval chain on a withdrawal of ``page``; None when it is no
    longer live or a request already runs (a second press waited for the first)."""
    with transaction.atomic():
        page = Page.objects.select_for_update().get(pk=page.pk).specific
        if not _withdrawable(page) or page.workflow_in_progress:
            return None
        workflow = page.get_workflow()
        if workflow is None:
            return None
        if page.get_latest_revision() is None:
            page.save_revision(user=user)
        state = workflow.start(page, user)
        record = Withdrawal.objects.create(
            page=page,
            unit_id=page.unit_id,
            reason=reason,
            explanation=explanation,
            replaced_by=replaced_by,
            requested_by=user,
            requested_at=timezone.now(),
            workflow_state=state,
        )
        log(
            instance=page,
            action=WITHDRAWAL_REQUESTED,
            user=user,
            data=_log_data(record),
        )
    return record


def withdraw(
    page,
    user,
    *,
    reason: str = "",
    explanation: str = "",
    replaced_by=None,
    record: Withdrawal | None = None,
) -> Withdrawal | None:
    """Unpublish ``page`` and record why (``record``: the request the chain
    approved). None when it is no longer live: a second press, or a page
    withdrawn meanwhile, withdraws nothing."""
    with transaction.atomic():
        page = Page.objects.select_for_update().get(pk=page.pk).specific
        if not _withdrawable(page):
            return None
        now = timezone.now()
        if record is None:
            record = Withdrawal(
                page=page,
                unit_id=page.unit_id,
                reason=reason,
                explanation=explanation,
                replaced_by=replaced_by,
                requested_by=user,
                requested_at=now,
            )
        record.withdrawn_by = user
        record.withdrawn_at = now
        record.save()
        # Wagtail's own "unpublished" entry would say less than ours.
        page.unpublish(user=user, log_action=None)
        log(instance=page, action=WITHDRAWN, user=user, data=_log_data(record))
    return record


def carry_out_requested_withdrawal(workflow_state, user=None) -> bool:
    """The chain's last approval of a withdrawal request: withdraw the page.
    False when the request asked to publish, not to withdraw."""
    record = pending_withdrawal(workflow_state)
    if record is None:
        return False
    withdraw(workflow_state.content_object, user, record=record)
    return True


def record_expiry(page) -> Withdrawal | None:
    """A unit's page unpublished by its expiry date is withdrawn as no longer
    current (called on Wagtail's ``page_unpublished`` with ``expired`` set)."""
    if not (page.expired and is_unit_owned(page)):
        return None
    now = timezone.now()
    return Withdrawal.objects.create(
        page=page,
        unit_id=getattr(page, "unit_id", None),
        reason=WithdrawalReason.NO_LONGER_CURRENT,
        requested_at=now,
        withdrawn_at=now,
        expired=True,
    )


def current_withdrawal(page) -> Withdrawal | None:
    """The withdrawal the public notice of a non-live page tells about: the last
    one carried out since the page was last published, else None."""
    if page.live:
        return None
    found = Withdrawal.objects.filter(page_id=page.pk, withdrawn_at__isnull=False)
    if page.last_published_at is not None:
        found = found.filter(withdrawn_at__gte=page.last_published_at)
    return found.select_related("replaced_by").order_by("-withdrawn_at", "-pk").first()


def withdrawn_pages_using(document) -> list[Page]:
    """The withdrawn pages that use ``document``, when no live page uses it too;
    [] when the document may still be served."""
    page_type = ContentType.objects.get_for_model(Page)
    document_type = ContentType.objects.get_for_model(get_document_model())
    ids = {
        int(object_id)
        for object_id in ReferenceIndex.objects.filter(
            base_content_type=page_type,
            to_content_type=document_type,
            to_object_id=str(document.pk),
        ).values_list("object_id", flat=True)
        if object_id.isdigit()
    }
    if not ids:
        return []
    pages = list(Page.objects.filter(pk__in=ids))
    if any(page.live for page in pages):
        return []
    return [page for page in pages if current_withdrawal(page) is not None]


def _page_unpublished(sender, instance, **kwargs) -> None:
    record_expiry(instance)


def connect() -> None:
    """Called once by moderation's AppConfig.ready(): an expiry by
    ``publish_scheduled`` (which loads no admin hooks) is recorded too."""
    from wagtail.signals import page_unpublished

    page_unpublished.connect(
        _page_unpublished, dispatch_uid="disclosure_withdrawal_on_expiry"
    )
