"""Dates typed and shown in the Buddhist era: a date field that shows a Thai user
31/01/2569 and stores 2026-01-31, and shows an English one 31/01/2026.

Every screen of the office writes years in B.E.; Wagtail's date picker writes C.E.
``install_admin_date_fields`` makes this field and its picker the ones of every model ``DateField``
in the admin's forms (Wagtail's form-field overrides), and forms of the project's
own use ``BuddhistEraDateField`` directly.

How a typed date is read: day/month/year (``/``, ``-`` or ``.`` between them) or
year-month-day; Thai digits are read as Arabic ones; a year from 2400 is B.E.
(2569 is stored as 2026), a smaller one C.E., whatever the admin's language, so a
date written either way is never misread by 543 years.
"""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.models import register_form_field_override
from wagtail.admin.widgets import AdminDateInput

from .dates import BE_OFFSET, arabic_digits

_DAY_FIRST = re.compile(r"^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})$")
_YEAR_FIRST = re.compile(r"^(\d{4})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})$")
FIRST_BE_YEAR = 2400  # a typed year from here on is B.E.
YEARS_CE = (1900, 2399)  # a stored year outside these is a typing mistake


def thai_active() -> bool:
    return (translation.get_language() or "").split("-")[0] == "th"


def show_date(value: dt.date) -> str:
    """dd/mm/yyyy, the year in B.E. when the active language is Thai."""
    year = value.year + BE_OFFSET if thai_active() else value.year
    return f"{value.day:02d}/{value.month:02d}/{year}"


def read_date(text: str) -> dt.date | None:
    """The C.E. date a person typed, or None if it is not one."""
    text = arabic_digits(text.strip())
    if match := _DAY_FIRST.match(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := _YEAR_FIRST.match(text):
        year, month, day = (int(part) for part in match.groups())
    else:
        return None
    if year >= FIRST_BE_YEAR:
        year -= BE_OFFSET
    if not YEARS_CE[0] <= year <= YEARS_CE[1]:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


class BuddhistEraDateInput(AdminDateInput):
    """Wagtail's date picker writing dd/mm/yyyy: the year in B.E. for a Thai user
    (the picker's own ``yearOffset``, so its calendar shows B.E. too), in C.E. for
    an English one."""

    def __init__(self, attrs=None, format=None):
        defaults = {"inputmode": "numeric", "size": 12}
        super().__init__({**defaults, **(attrs or {})}, format=format or "%d/%m/%Y")

    def get_config(self):
        return {**super().get_config(), "yearOffset": BE_OFFSET if thai_active() else 0}

    def format_value(self, value):
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return show_date(value)
        return super().format_value(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].setdefault(
            "placeholder",
            str(_("dd/mm/yyyy B.E.")) if thai_active() else "dd/mm/yyyy",
        )
        return context


class BuddhistEraDateField(forms.DateField):
    """A date typed with a B.E. (or C.E.) year; the value is a C.E. ``date``."""

    widget = BuddhistEraDateInput
    default_error_messages = {
        "invalid": _(
            "Type the date as day/month/year, for example %(example)s "
            "(%(value)s is not a date)."
        ),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        parsed = read_date(str(value))
        if parsed is None:
            raise ValidationError(
                self.error_messages["invalid"],
                code="invalid",
                params={
                    "value": str(value).strip(),
                    "example": show_date(dt.date(2026, 1, 31)),
                },
            )
        return parsed


def install_admin_date_fields() -> None:
    """Every model DateField in Wagtail's admin forms is typed and shown in B.E."""
    register_form_field_override(
        models.DateField,
        override={"form_class": BuddhistEraDateField, "widget": BuddhistEraDateInput},
        exact_class=True,
    )
