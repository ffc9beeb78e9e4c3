"""The token of a "new page" form (moderation/page_creation.py)."""

from django import template

from moderation.page_creation import new_token

register = template.Library()


@register.simple_tag
def page_creation_token() -> str:
    """A new random token, one per rendering of the form."""
    return new_token()
