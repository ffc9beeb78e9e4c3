"""Forms of the galleries: the editor's page form and the public filter."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from moderation.models import Unit
from moderation.thai_dates import MONTHS_TH


class ActivityGalleryPageForm(WagtailAdminPageForm):
    """Drafts may lack captions (Wagtail defers required fields on a draft save);
    submitting or publishing may not."""

    def clean(self):
        cleaned = super().clean()
        if self.is_deferred_validation:
            return cleaned
        formset = self.formsets.get("photos")
        if formset is None:
            return cleaned
        missing_caption, missing_alt, covers, shown = [], [], 0, 0
        number = 0
        for form in formset.forms:
            # The photo forms are not cleaned yet: read what was posted.
            def value(field, form=form):
                widget = form.fields[field].widget
                raw = widget.value_from_datadict(
                    form.data, form.files, form.add_prefix(field)
                )
                return raw.strip() if isinstance(raw, str) else raw

            if value("DELETE") or (not form.has_changed() and form.empty_permitted):
                continue
            number += 1

            if not value("caption"):
                missing_caption.append(str(number))
            if not value("alt_text"):
                missing_alt.append(str(number))
            if value("show_on_page"):
                shown += 1
                covers += bool(value("is_cover"))
        if missing_caption:
            self.add_error(
                None,
                _(
                    "Every photo needs a photo caption before the gallery is "
                    "submitted for approval. Missing on photo %(numbers)s."
                )
                % {"numbers": ", ".join(missing_caption)},
            )
        if missing_alt:
            self.add_error(
                None,
                _(
                    "Every photo needs an alternative text before the gallery is "
                    "submitted for approval. Missing on photo %(numbers)s."
                )
                % {"numbers": ", ".join(missing_alt)},
            )
        if shown == 0:
            self.add_error(
                None,
                _(
                    "A gallery needs at least one photo shown on the public page "
                    "before it is submitted for approval."
                ),
            )
        if covers > 1:
            self.add_error(None, _("Choose only one cover photo."))
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
