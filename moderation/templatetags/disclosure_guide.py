"""Template tags of the role guides."""

from django import template

from ..guides import screenshot

register = template.Library()


@register.inclusion_tag("disclosure_moderation/guide/figure.html")
def guide_figure(name: str, alt: str, caption: str = ""):
    """A step's picture with its caption; nothing at all while the picture is
    missing, so the step reads on without a broken image."""
    return {"shot": screenshot(name), "name": name, "alt": alt, "caption": caption}
