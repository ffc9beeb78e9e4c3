"""Baht as Decimal (never float): read from what a person types, written with
thousands separators and two decimals, and the model field that does both."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from disclosure_thai.dates import arabic_digits

CENT = Decimal("0.01")
MAX_DIGITS = 14  # up to 999,999,999,999.99 baht


def read_baht(text: str) -> Decimal | None:
    """``12,500``, ``๑๒,๕๐๐.๕๐ บาท``, ``-300`` → Decimal rounded to satang; None
    when the text is not an amount written in figures. The sign is kept: whether a
    negative amount may stand is the field's rule, told in its own words."""
    text = arabic_digits(str(text)).strip()
    text = re.sub(r"(บาท|฿|\s|,)", "", text)
    if text.endswith(".-"):
        text = text[:-2]
    if not re.fullmatch(r"-?\d+(\.\d+)?", text):
        return None
    try:
        amount = Decimal(text)
    except InvalidOperation:
        return None
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def format_baht(value) -> str:
    """``1234567.5`` → ``1,234,567.50``."""
    if value is None or value == "":
        return ""
    return f"{Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP):,.2f}"


class BahtFormField(forms.DecimalField):
    """An amount of baht typed as the office writes it (separators, Thai digits,
    "บาท"); text that is no amount is refused in Thai with an example."""

    widget = forms.TextInput

    def __init__(self, **kwargs):
        kwargs.setdefault("localize", False)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        # A text box, not type=number: "12,500.00" is how the office writes money.
        return {"inputmode": "decimal", "autocomplete": "off"}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        amount = read_baht(value)
        if amount is None:
            raise ValidationError(
                _(
                    "“%(value)s” is not an amount of baht: write it in figures, "
                    "e.g. 12,500.00"
                ),
                code="invalid",
                params={"value": str(value)[:40]},
            )
        return amount


class BahtField(models.DecimalField):
    """Baht with satang (Decimal 14, 2), never negative; its form field reads what
    the office types (``BahtFormField``)."""

    default_validators = [
        MinValueValidator(
            Decimal("0"), message=_("An amount of baht cannot be negative.")
        )
    ]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", MAX_DIGITS)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        kwargs.setdefault("form_class", BahtFormField)
        return super().formfield(**kwargs)
