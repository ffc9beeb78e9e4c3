"""The admin screen that withdraws a unit's live page: an administrator withdraws
at once, anyone else who may edit the page asks the approval chain to
(moderation.withdrawal)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin import messages
from wagtail.admin.widgets import AdminPageChooser
from wagtail.models import Page

from .chain_views import _unit_page
from .decision_forms import COMMENT_MAX_LENGTH
from .models import PublicationRequest, WithdrawalReason
from .withdrawal import (
    may_request_withdrawal,
    may_withdraw_at_once,
    request_withdrawal,
    withdraw,
)


class WithdrawalForm(forms.Form):
    """Why the page is withdrawn, as its public notice will say it."""

    reason = forms.ChoiceField(
        label=_("Reason for withdrawal"),
        choices=WithdrawalReason.choices,
        widget=forms.RadioSelect,
    )
    explanation = forms.CharField(
        label=_("Explanation for the public (in Thai)"),
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea({"rows": 4}),
        error_messages={"required": _("Explain to the public why it was withdrawn.")},
    )
    replaced_by = forms.ModelChoiceField(
        label=_("The page that replaces it"),
        queryset=Page.objects.all(),
        required=False,
        widget=AdminPageChooser(can_choose_root=False),
        help_text=_("Only when the reason is “superseded”."),
    )

    def __init__(self, *args, page, **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page
        # Wagtail's chooser looks a posted id up to draw itself again: a forged
        # non-numeric one would be a server error rather than a refusal.
        raw = str(self.data.get("replaced_by", "")).strip()
        self.forged_replacement = bool(raw) and not raw.isdigit()
        if self.forged_replacement:
            self.data = self.data.copy()
            self.data["replaced_by"] = ""

    def clean_explanation(self):
        explanation = self.cleaned_data["explanation"].strip()
        if not explanation:
            raise forms.ValidationError(
                _("Explain to the public why it was withdrawn.")
            )
        return explanation

    def clean(self):
        cleaned = super().clean()
        reason = cleaned.get("reason")
        replacement = cleaned.get("replaced_by")
        if self.forged_replacement:
            self.add_error(
                "replaced_by",
                _("The replacement must be another live page of this website."),
            )
        elif reason == WithdrawalReason.SUPERSEDED and replacement is None:
            if "replaced_by" not in self.errors:
                self.add_error(
                    "replaced_by", _("Choose the page that replaces this one.")
                )
        elif replacement is not None and reason != WithdrawalReason.SUPERSEDED:
            self.add_error(
                "replaced_by",
                _("A replacement is given only when the reason is “superseded”."),
            )
        elif replacement is not None and not self._valid_replacement(replacement):
            self.add_error(
                "replaced_by",
                _("The replacement must be another live page of this website."),
            )
        return cleaned

    def _valid_replacement(self, replacement: Page) -> bool:
        if not replacement.live or replacement.pk == self.page.pk:
            return False
        if replacement.get_view_restrictions().exists():
            return False
        site, own_site = replacement.get_site(), self.page.get_site()
        return site is not None and own_site is not None and site.pk == own_site.pk


def withdraw_view(request, page_id: int):
    """Ask why, then withdraw (an administrator) or ask the chain to withdraw."""
    page = _unit_page(page_id)
    at_once = may_withdraw_at_once(request.user, page)
    if not (at_once or may_request_withdrawal(request.user, page)):
        if not page.live and request.method == "POST":
            # A second press after the page left: say so, withdraw nothing.
            messages.warning(
                request,
                gettext("'%(title)s' is not published: nothing was withdrawn.")
                % {"title": page.get_admin_display_title()},
            )
            return redirect("wagtailadmin_pages:edit", page.pk)
        if (
            page.live
            and page.workflow_in_progress
            and (page.permissions_for_user(request.user).can_edit())
        ):
            messages.warning(
                request,
                gettext(
                    "A request on '%(title)s' is already running: a withdrawal can "
                    "be asked for once it has finished or been cancelled."
                )
                % {"title": page.get_admin_display_title()},
            )
            return redirect("wagtailadmin_pages:edit", page.pk)
        raise PermissionDenied
    form = WithdrawalForm(request.POST if request.method == "POST" else None, page=page)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {
            "reason": data["reason"],
            "explanation": data["explanation"],
            "replaced_by": data["replaced_by"],
        }
        title = {"title": page.get_admin_display_title()}
        if at_once:
            done = withdraw(page, request.user, **fields)
            if done is None:
                messages.warning(
                    request,
                    gettext("'%(title)s' is not published: nothing was withdrawn.")
                    % title,
                )
            else:
                messages.success(
                    request,
                    gettext(
                        "'%(title)s' was withdrawn. Its address now shows the notice."
                    )
                    % title,
                )
            return redirect("wagtailadmin_pages:edit", page.pk)
        record = request_withdrawal(page, request.user, **fields)
        if record is None:
            messages.warning(
                request,
                gettext(
                    "A request on '%(title)s' is already running: nothing new was sent."
                )
                % title,
            )
            return redirect("wagtailadmin_pages:edit", page.pk)
        memo = PublicationRequest.objects.filter(
            workflow_state=record.workflow_state
        ).first()
        messages.success(
            request,
            gettext(
                "The withdrawal of '%(title)s' was sent for approval. It stays "
                "published until the approval chain approves."
            )
            % title,
        )
        if memo is not None:
            return redirect("disclosure_moderation:memo", memo.pk)
        return redirect("wagtailadmin_pages:edit", page.pk)
    return TemplateResponse(
        request,
        "disclosure_moderation/withdraw.html",
        {
            "page": page,
            "form": form,
            "at_once": at_once,
            "page_title": _("Withdraw from publication"),
            "header_title": _("Withdraw from publication"),
        },
        status=400 if request.method == "POST" else 200,
    )
