"""Filters of a category's item listing (fiscal year, unit, date range, text)."""

import datetime as dt

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from moderation.models import Unit
from moderation.thai_dates import BE_OFFSET, arabic_digits

MAX_TEXT = 200


class BuddhistEraDateField(forms.DateField):
    """A date typed with a B.E. year (2569-01-31) or Thai digits is read as CE."""

    input_formats = ["%Y-%m-%d", "%d/%m/%Y"]

    def to_python(self, value):
        if isinstance(value, str):
            value = arabic_digits(value.strip())
        date = super().to_python(value)
        if date and date.year >= 2400:
            try:
                date = date.replace(year=date.year - BE_OFFSET)
            except ValueError:  # 29 Feb of a B.E. year whose CE year is not leap
                raise forms.ValidationError(_("Enter a valid date.")) from None
        return date


class BuddhistEraDateFilter(django_filters.DateFilter):
    field_class = BuddhistEraDateField


class ItemFilterForm(forms.Form):
    """Rejects a reversed date range with a message instead of an empty list."""

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if isinstance(start, dt.date) and isinstance(end, dt.date) and start > end:
            self.add_error(
                "date_to",
                _("The end date is before the start date; the date range is ignored."),
            )
            cleaned.pop("date_from", None)
        return cleaned


class ItemFilter(django_filters.FilterSet):
    """What a visitor can narrow a category's items by; invalid values are reported
    and ignored, never an error page."""

    q = django_filters.CharFilter(
        label=_("Words in the title or summary"),
        method="filter_text",
        max_length=MAX_TEXT,
    )
    fiscal_year = django_filters.TypedChoiceFilter(
        label=_("Fiscal year (B.E.)"),
        coerce=int,
        empty_label=_("All years"),
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("Unit"),
        queryset=Unit.objects.all(),
        empty_label=_("All units"),
    )
    date_from = BuddhistEraDateFilter(
        label=_("Published from"),
        field_name="publication_date",
        lookup_expr="gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = BuddhistEraDateFilter(
        label=_("Published until"),
        field_name="publication_date",
        lookup_expr="lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        form = ItemFilterForm
        fields = ["q", "fiscal_year", "unit", "date_from", "date_to"]

    def __init__(self, *args, fiscal_years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["fiscal_year"].extra["choices"] = [
            (year, str(year)) for year in fiscal_years
        ]

    def filter_text(self, queryset, name, value):
        words = value.split()
        for word in words:
            queryset = queryset.filter(
                Q(title__icontains=word) | Q(summary__icontains=word)
            )
        return queryset
