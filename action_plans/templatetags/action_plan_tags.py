"""``{% load action_plan_tags %}``: baht as the office writes it."""

from django import template

from ..money import format_baht

register = template.Library()


@register.filter
def baht(value) -> str:
    """``1234567.5`` → ``1,234,567.50`` (thousands separators, two decimals)."""
    return format_baht(value)
