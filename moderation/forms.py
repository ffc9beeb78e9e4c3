"""Forms of the approval chain and of unit-owned pages."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

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


class UnitOwnedPageForm(WagtailAdminPageForm):
    """A unit-owned page's form: staff give a new page one of their own units and
    may move their unit's page only to another of their units; anyone else who
    opens the editor (an approver at their step) sees the unit but cannot change it.
    Publishers and administrators choose any unit."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Fields with a callable default (the publication date: today) compare with
        # a hidden "initial" input that never matches, so an unchanged form counted
        # as changed and every approval from the editor saved a new revision.
        for form_field in self.fields.values():
            form_field.show_hidden_initial = False
        field = self.fields.get("unit")
        user = self.for_user
        if field is None or user is None:
            return
        from .approvers import unit_ids_for
        from .models import Unit
        from .pages import has_office_wide_access

        if has_office_wide_access(user):
            return
        own = unit_ids_for(user)
        current = self.instance.unit_id if self.instance.pk else None
        if current is not None and current not in own:
            field.disabled = True  # an approver: the posted value is ignored
            field.queryset = Unit.objects.filter(pk=current)
            return
        field.queryset = Unit.objects.filter(pk__in=own)
        if current is None and not self.initial.get("unit") and own:
            self.initial["unit"] = field.queryset.first().pk


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
