"""Admin views of urgent publication: the office director's or ICT publisher's
form (reason, the director's verbal order, the change note of a live page), and
the directors' approval after the fact."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail.admin import messages
from wagtail.admin.utils import get_valid_next_url_from_request

from .chain_views import _unit_page
from .change_notes import (
    NOTE_REQUIRED,
    change_note_fields,
    clean_entry,
    note_required,
    pending_note,
)
from .decision_forms import COMMENT_MAX_LENGTH
from .office import office_for
from .publishing import nothing_new_to_publish, publication_problems
from .records import PublicationRequest
from .urgent import (
    approve_after_the_fact,
    is_office_director,
    may_publish_urgently,
    publish_urgently,
    step_label,
)
from .urgent_records import RETRO_STEPS


class UrgentPublicationForm(forms.Form):
    """Why it cannot wait; an ICT publisher also names the director who ordered it;
    a live page's new version also says what changed."""

    reason = forms.CharField(
        label=_("Reason for the urgent publication"),
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea({"rows": 4}),
        error_messages={"required": _("Write why it cannot wait for the chain.")},
    )
    ordered_by = forms.CharField(
        label=_("Ordered verbally by (the director's name)"),
        max_length=255,
        error_messages={
            "required": _("Name the director who ordered the urgent publication.")
        },
    )

    def __init__(self, *args, director_publishes: bool, live: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if director_publishes:
            del self.fields["ordered_by"]
        self.asks_note = live
        if live:
            self.fields.update(change_note_fields())

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Write why it cannot wait for the chain."))
        return reason

    def clean_ordered_by(self):
        name = self.cleaned_data["ordered_by"].strip()
        if not name:
            raise forms.ValidationError(
                _("Name the director who ordered the urgent publication.")
            )
        return name

    def clean(self):
        cleaned = super().clean()
        self.entry = clean_entry(cleaned) if self.asks_note else None
        if self.asks_note and self.entry is None:
            self.add_error("change_note", NOTE_REQUIRED)
        return cleaned


def publish_urgently_view(request, page_id: int):
    """Ask for the reason (and the ordering director, and the change note), then
    publish the latest version at once."""
    page = _unit_page(page_id)
    if not may_publish_urgently(request.user, page):
        raise PermissionDenied
    if nothing_new_to_publish(page):
        messages.warning(
            request,
            gettext(
                "'%(title)s' is already published as it is: there is nothing new to "
                "publish, so no memo was opened."
            )
            % {"title": page.get_admin_display_title()},
        )
        return redirect("wagtailadmin_home")
    director = is_office_director(request.user, page)
    office = office_for(page)
    initial = {}
    if not director and office.office_director:
        initial["ordered_by"] = office.office_director.get_full_name()
    pending = pending_note(page)
    if pending is not None:
        initial.update(change_note=pending.note, minor_edit=pending.minor)
    form = UrgentPublicationForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        director_publishes=director,
        live=note_required(page),
    )
    draft = page.get_latest_revision_as_object()
    problems = publication_problems(draft)
    if request.method == "POST" and form.is_valid() and not problems:
        memo = publish_urgently(
            page,
            request.user,
            form.cleaned_data["reason"],
            ordered_by=form.cleaned_data.get("ordered_by", ""),
            note=form.entry,
        )
        if memo is None:
            return redirect("wagtailadmin_home")
        messages.success(
            request,
            gettext(
                "'%(title)s' was published urgently. Memo %(number)s waits for "
                "the unit director's and the office director's approval after "
                "the fact."
            )
            % {"title": draft.title, "number": memo.document_number},
        )
        return redirect("disclosure_moderation:memo", memo.pk)
    return TemplateResponse(
        request,
        "disclosure_moderation/publish_urgently.html",
        {
            "page": page,
            "draft": draft,
            "form": form,
            "problems": problems,
            "running": page.current_workflow_state,
            "can_edit": page.permissions_for_user(request.user).can_edit(),
            "page_title": _("Urgent publication"),
            "header_title": _("Urgent publication"),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def approve_after_the_fact_view(request, pk: int):
    """A director's approval, after the fact, of one step of an urgent
    publication (the step is posted; the rule decides whether it is theirs)."""
    memo = get_object_or_404(PublicationRequest, pk=pk, urgent=True)
    step = request.POST.get("step", "")
    if step not in RETRO_STEPS:
        return HttpResponseBadRequest(gettext("Choose the step to approve."))
    comment = request.POST.get("comment", "").strip()[:COMMENT_MAX_LENGTH]
    number = {"number": memo.document_number, "step": step_label(step)}
    if approve_after_the_fact(memo, request.user, step, comment):
        messages.success(
            request,
            gettext("You approved memo %(number)s after the fact (%(step)s).") % number,
        )
    else:
        messages.warning(
            request,
            gettext("Memo %(number)s was already approved after the fact (%(step)s).")
            % number,
        )
    return redirect(get_valid_next_url_from_request(request) or "wagtailadmin_home")
