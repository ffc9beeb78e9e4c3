"""Template tags for the public pages of a unit's items and galleries: a page's
change history (ประวัติการแก้ไข) as moderation keeps it."""

from django import template

from ..change_notes import public_change_notes

register = template.Library()


@register.simple_tag
def change_history(page):
    """The page's published change notes, newest first (none for a page published
    once, without a query)."""
    return public_change_notes(page)
