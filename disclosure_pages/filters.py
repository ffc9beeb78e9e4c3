"""Filters of a category's item listing (fiscal year, unit, date range, text)."""

import datetime as dt
import re

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from disclosure_thai.dates import BE_OFFSET, arabic_digits
from moderation.models import Unit

MAX_TEXT = 200
_BE_YEAR = re.compile(r"(?<!\d)2[4-9]\d\d(?!\d)")  # a four-digit year 2400-2999


class BuddhistEraDateField(forms.DateField):
    """A date typed with a B.E. year (2569-01-31) or Thai digits is read as CE."""

    input_formats = ["%Y-%m-%d", "%d/%m/%Y"]

    def to_python(self, value):
        if isinstance(value, str):
            # Turn the B.E. year into CE before parsing: 29/02/2567 is a real day
            # (2024 is leap) although 2567 is not a leap year by the Gregorian rule.
            value = _BE_YEAR.sub(
                lambda m: str(int(m.group()) - BE_OFFSET), arabic_digits(value.strip())
            )
        return super().to_python(value)


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
    # ChoiceFilter, not TypedChoiceFilter: only django-filter's own ChoiceField takes
    # an empty_label (Django's TypedChoiceField raises TypeError on it).
    fiscal_year = django_filters.ChoiceFilter(
        label=_("Fiscal year (B.E.)"),
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
