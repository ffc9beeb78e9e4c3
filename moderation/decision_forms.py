"""The forms of the approval chain's decisions: approve, request changes, publish
outside the chain, cancel. They depend on nothing of the project, so the chain's
task and its rule can use them."""

from django import forms
from django.utils.translation import gettext_lazy as _

COMMENT_MAX_LENGTH = 2000


class ApproveForm(forms.Form):
    """Approve, optionally with a comment for the memo."""

    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea({"rows": 3}),
    )


class RequestChangesForm(forms.Form):
    """Send back for changes: the requester must be told what to change."""

    comment = forms.CharField(
        label=_("Comment"),
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea({"rows": 3}),
        error_messages={"required": _("Say what should be changed.")},
    )

    def clean_comment(self):
        comment = self.cleaned_data["comment"].strip()
        if not comment:
            raise forms.ValidationError(_("Say what should be changed."))
        return comment


class PublishOutsideChainForm(forms.Form):
    """Why an administrator publishes without the approval chain (on the memo)."""

    reason = forms.CharField(
        label=_("Reason for publishing outside the approval chain"),
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea({"rows": 4}),
        error_messages={"required": _("Write why it cannot wait for the chain.")},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Write why it cannot wait for the chain."))
        return reason


class CancelRequestForm(forms.Form):
    """Cancel a request to publish: the comment goes on the memo and in the log."""

    comment = forms.CharField(
        label=_("Comment"),
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea({"rows": 3}),
        error_messages={"required": _("Say why the request is cancelled.")},
    )

    def clean_comment(self):
        comment = self.cleaned_data["comment"].strip()
        if not comment:
            raise forms.ValidationError(_("Say why the request is cancelled."))
        return comment
