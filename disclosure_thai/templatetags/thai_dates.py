"""Template filters for Thai dates with Buddhist-era years.

{{ page.last_published_at|thai_date }}            24 มิถุนายน พ.ศ. 2563
{{ value|thai_date:"short" }}                     24 มิ.ย. 2563
{{ value|thai_date:"datetime" }}                  24 มิถุนายน พ.ศ. 2563 เวลา 14:30 น.
{{ value|thai_date:"full,thai" }}                 วันพุธที่ ๒๔ มิถุนายน พ.ศ. ๒๕๖๓
{{ value|thai_digits }}                           any text with ๐-๙
{{ value|fiscal_year }}                           2569
"""

import datetime as dt

from django import template

from disclosure_thai import dates as thai_dates

register = template.Library()


@register.filter
def thai_date(value, arg: str = "long") -> str:
    """Format a date or datetime in Thai; arg is "style" or "style,thai"."""
    if not isinstance(value, dt.date):
        return ""
    style, _, digits = str(arg).partition(",")
    digits = digits.strip() or "arabic"
    try:
        return thai_dates.format_thai_date(
            value, style.strip() or "long", digits=digits
        )
    except ValueError:  # an unknown style: the long form, in the digits asked for
        return thai_dates.format_thai_date(value, digits=digits)


@register.filter
def thai_digits(value) -> str:
    """Write digits as Thai digits."""
    return thai_dates.thai_digits(value)


@register.filter
def fiscal_year(value) -> int | str:
    """The fiscal year (B.E.) of a date."""
    if not isinstance(value, dt.date):
        return ""
    return thai_dates.fiscal_year(value)
