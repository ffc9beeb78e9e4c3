"""Admin views that guard the approval chain's edges: publishing outside it (an
administrator, with a reason), the office director's acknowledgement of such a
publication, and cancelling a request (its requester or an administrator, with a
comment, after a confirmation page)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail.admin import messages
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.models import Page

from .decision_forms import CancelRequestForm, PublishOutsideChainForm
from .models import PublicationRequest
from .publishing import (
    acknowledge,
    cancel_request,
    is_unit_owned,
    may_acknowledge,
    may_cancel,
    may_publish_outside_chain,
    nothing_new_to_publish,
    publication_problems,
    publish_outside_chain,
)


def _nothing_new(request, page):
    """Where an administrator goes when the page is already live as it is: the
    memo of that publication outside the chain (a second click lands where the
    first did), else the editor, with a word on why nothing happened."""
    memo = (
        PublicationRequest.objects.filter(
            page=page, outside_chain=True, published_revision_id=page.live_revision_id
        )
        .order_by("-pk")
        .first()
    )
    if memo is not None:
        return redirect("disclosure_moderation:memo", memo.pk)
    messages.warning(
        request,
        gettext(
            "'%(title)s' is already published as it is: there is nothing new to "
            "publish, so no memo was opened."
        )
        % {"title": page.get_admin_display_title()},
    )
    return redirect("wagtailadmin_pages:edit", page.pk)


def _unit_page(page_id: int):
    page = get_object_or_404(Page, pk=page_id).specific
    if not is_unit_owned(page):
        raise Http404
    return page


def publish_outside_chain_view(request, page_id: int):
    """Ask an administrator for the reason, then publish the latest version."""
    page = _unit_page(page_id)
    if not may_publish_outside_chain(request.user, page):
        raise PermissionDenied
    if nothing_new_to_publish(page):
        return _nothing_new(request, page)
    draft = page.get_latest_revision_as_object()
    form = PublishOutsideChainForm(request.POST if request.method == "POST" else None)
    problems = publication_problems(draft)
    if request.method == "POST" and form.is_valid() and not problems:
        memo = publish_outside_chain(page, request.user, form.cleaned_data["reason"])
        if memo is None:
            page.refresh_from_db()
            return _nothing_new(request, page)
        messages.success(
            request,
            gettext(
                "'%(title)s' was published outside the approval chain. Memo "
                "%(number)s waits for the office director's acknowledgement."
            )
            % {"title": draft.title, "number": memo.document_number},
        )
        return redirect("disclosure_moderation:memo", memo.pk)
    return TemplateResponse(
        request,
        "disclosure_moderation/publish_outside_chain.html",
        {
            "page": page,
            "draft": draft,
            "form": form,
            "problems": problems,
            "running": page.current_workflow_state,
            "page_title": _("Publish outside the approval chain"),
            "header_title": _("Publish outside the approval chain"),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def acknowledge_view(request, pk: int):
    """The office director's "acknowledged" on a publication outside the chain."""
    # An urgent publication is approved after the fact instead (moderation.urgent).
    memo = get_object_or_404(
        PublicationRequest, pk=pk, outside_chain=True, urgent=False
    )
    if not may_acknowledge(request.user):
        raise PermissionDenied
    if acknowledge(memo, request.user):
        messages.success(
            request,
            gettext("You acknowledged memo %(number)s.")
            % {"number": memo.document_number},
        )
    else:
        messages.warning(
            request,
            gettext("Memo %(number)s was already acknowledged.")
            % {"number": memo.document_number},
        )
    return redirect("wagtailadmin_home")


def cancel_request_view(request, page_id: int):
    """Confirm, with a comment, that the page's running request is cancelled."""
    page = _unit_page(page_id)
    workflow_state = page.current_workflow_state
    if workflow_state is None:
        raise Http404
    if not may_cancel(workflow_state, request.user):
        raise PermissionDenied
    form = CancelRequestForm(request.POST if request.method == "POST" else None)
    next_url = get_valid_next_url_from_request(request)
    if request.method == "POST" and form.is_valid():
        title = {"title": page.get_admin_display_title()}
        if cancel_request(workflow_state, request.user, form.cleaned_data["comment"]):
            messages.success(
                request,
                gettext("The request to publish '%(title)s' was cancelled.") % title,
            )
        else:
            # A second click that waited while the first one cancelled it.
            messages.warning(
                request,
                gettext(
                    "There is no request to publish '%(title)s' waiting for "
                    "approval: nothing was cancelled."
                )
                % title,
            )
            return redirect("wagtailadmin_pages:edit", page.pk)
        if next_url:
            return redirect(next_url)
        return redirect("wagtailadmin_pages:edit", page.pk)
    memo = PublicationRequest.objects.filter(workflow_state=workflow_state).first()
    return TemplateResponse(
        request,
        "disclosure_moderation/cancel_request.html",
        {
            "page": page,
            "form": form,
            "memo": memo,
            "withdrawing": workflow_state.requested_by_id == request.user.pk,
            "next_url": next_url,
            "page_title": _("Cancel the request to publish"),
            "header_title": _("Cancel the request to publish"),
        },
        status=400 if request.method == "POST" else 200,
    )
