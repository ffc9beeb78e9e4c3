"""Items and galleries name their ITA indicators where they are written.

The panel is added to every unit's page type (``moderation.page_kinds``) from this
app, so the page apps do not know it exists. The tags are the page's child rows
(``ItaPageTag``, a ParentalKey): they travel in the page's revisions, so what the
public sees follows what was last published.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import InlinePanel

from moderation.page_kinds import unit_owned_models

TAG_RELATION = "ita_tags"


def tag_panel() -> InlinePanel:
    return InlinePanel(
        TAG_RELATION,
        heading=_("ITA indicators"),
        label=_("ITA indicator"),
        help_text=_(
            "The indicators this page is evidence for. The link appears on the ITA "
            "page once the page is published, and goes when it is unpublished."
        ),
    )


def add_tag_panels() -> None:
    """Append the indicators panel to each unit's page type, once."""
    for model in unit_owned_models():
        panels = list(getattr(model, "content_panels", ()))
        if any(getattr(p, "relation_name", None) == TAG_RELATION for p in panels):
            continue
        model.content_panels = [*panels, tag_panel()]
