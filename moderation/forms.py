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
    """A unit-owned page's form: staff choose only among their own units."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("unit")
        user = self.for_user
        if field is None or user is None:
            return
        from .models import Unit
        from .pages import has_office_wide_access

        if has_office_wide_access(user, self.instance):
            return
        own = Unit.objects.for_user(user)
        field.queryset = own
        if not self.instance.pk and not self.initial.get("unit"):
            first = own.first()
            if first is not None:
                self.initial["unit"] = first.pk
