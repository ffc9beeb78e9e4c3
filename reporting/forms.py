"""Forms of the reporting app: the public feedback form and the unit narrative."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from disclosure_thai.forms import BuddhistEraDateField

from .models import COMMENT_MAX_LENGTH, NarrativeStatus, UnitNarrative


class FeedbackForm(forms.Form):
    """ข้อมูลนี้เป็นประโยชน์หรือไม่: yes or no, an optional score and a short comment."""

    page_id = forms.IntegerField(widget=forms.HiddenInput)
    token = forms.CharField(widget=forms.HiddenInput, max_length=200)
    useful = forms.TypedChoiceField(
        label=_("Was this information useful?"),
        # A context keeps these apart from the plain "Yes"/"No" of Wagtail's admin.
        choices=[
            ("yes", pgettext_lazy("feedback answer", "Yes")),
            ("no", pgettext_lazy("feedback answer", "No")),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    score = forms.TypedChoiceField(
        label=_("Satisfaction (1 = least, 5 = most)"),
        choices=[(str(n), str(n)) for n in range(1, 6)],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        max_length=COMMENT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": COMMENT_MAX_LENGTH}),
    )


class UnitNarrativeForm(forms.ModelForm):
    """What a unit director writes for a period (measure §4)."""

    status = forms.ChoiceField(
        label=_("status"),
        choices=[
            (NarrativeStatus.DRAFT, NarrativeStatus.DRAFT.label),
            (NarrativeStatus.SUBMITTED, NarrativeStatus.SUBMITTED.label),
        ],
    )

    class Meta:
        model = UnitNarrative
        fields = ["outcomes", "problems", "suggestions", "status"]
        widgets = {
            "outcomes": forms.Textarea(attrs={"rows": 6}),
            "problems": forms.Textarea(attrs={"rows": 6}),
            "suggestions": forms.Textarea(attrs={"rows": 6}),
        }


class DueDateForm(forms.Form):
    """The date by which every unit's narrative of a period is due."""

    due_date = BuddhistEraDateField(label=_("due date"))


class ReopenForm(forms.Form):
    """Why a submitted report is opened again (logged)."""

    reason = forms.CharField(
        label=_("reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
