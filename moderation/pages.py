"""What moderation needs from a page type it governs: a unit that owns the page.

Any page model with a ``unit`` foreign key to :class:`moderation.models.Unit` mixes
in :class:`UnitOwnedPageMixin`; moderation then scopes who may edit it and resolves
the approvers of its workflow from that unit. Moderation imports no page app.
"""

from __future__ import annotations

from wagtail.models import PagePermissionTester


class UnitPagePermissionTester(PagePermissionTester):
    """Page permissions narrowed to the page's unit (filled in by the approval work)."""


class UnitOwnedPageMixin:
    """Mixin for page models that belong to one unit (``unit`` FK to Unit).

    Class attributes a page type may set:
    ``disclosure_kind`` — "item" or "gallery": what reporting counts it as.
    """

    disclosure_kind: str = "item"

    def permissions_for_user(self, user):
        return UnitPagePermissionTester(user, self)
