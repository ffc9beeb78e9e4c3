"""Forms of the galleries: the editor's page form and the public filter."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from disclosure_thai.dates import MONTHS_TH
from moderation.forms import UnitOwnedPageForm
from moderation.models import Unit


class ActivityGalleryPageForm(UnitOwnedPageForm):
    """Drafts may lack captions (Wagtail defers required fields on a draft save);
    submitting or publishing may not. The photos are not in this form (they have
    their own page); they come with the draft the editor is editing."""

    def clean(self):
        cleaned = super().clean()
        if not self.is_deferred_validation:
            for error in self.instance.submission_errors():
                self.add_error(None, error)
        return cleaned


class GalleryFilterForm(forms.Form):
    """What a visitor can narrow the galleries by; invalid values are reported and
    ignored, never an error page."""

    fiscal_year = forms.TypedChoiceField(
        label=_("Fiscal year (B.E.)"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={
            "invalid_choice": _(
                "There are no activity photos in fiscal year “%(value)s”. Choose a "
                "year from the list."
            )
        },
    )
    unit = forms.ModelChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.all(),
        required=False,
        empty_label=_("All units"),
        error_messages={
            "invalid_choice": _("This unit does not exist. Choose one from the list.")
        },
    )
    month = forms.TypedChoiceField(
        label=_("Month"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("All months"))]
        + [(n, name) for n, name in enumerate(MONTHS_TH, start=1)],
        error_messages={
            "invalid_choice": _(
                "“%(value)s” is not a month. Choose a month from the list."
            )
        },
    )

    def __init__(self, *args, fiscal_years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].choices = [("", _("All years"))] + [
            (year, str(year)) for year in fiscal_years
        ]

    def filter(self, queryset):
        data = self.cleaned_data
        if data.get("fiscal_year"):
            queryset = queryset.filter(fiscal_year=data["fiscal_year"])
        if data.get("unit"):
            queryset = queryset.filter(unit=data["unit"])
        if data.get("month"):
            queryset = queryset.filter(event_date__month=data["month"])
        return queryset

    def has_filters(self) -> bool:
        return self.is_bound and any(
            self.data.get(name) for name in ("fiscal_year", "unit", "month")
        )
