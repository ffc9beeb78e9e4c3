"""What moderation needs from a page type it governs: a unit that owns the page.

Any page model with a ``unit`` foreign key to :class:`moderation.models.Unit` mixes
in :class:`UnitOwnedPageMixin`; moderation then scopes who may edit it and resolves
the approvers of its workflow from that unit. Moderation imports no page app.
"""

from __future__ import annotations

from django.db.models import Q
from wagtail.models import (
    GroupPagePermission,
    Page,
    PagePermissionTester,
    PageViewRestriction,
)

from .drafts import HIDDEN_DRAFT_ANNOTATION, draft_scope
from .office import content_unit, unit_ids_for


def has_page_permission(user, codename: str) -> bool:
    """Does the user hold this page permission anywhere (cached on the user)?"""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    cache = user.__dict__.setdefault("_disclosure_page_perms", {})
    if codename not in cache:
        cache[codename] = GroupPagePermission.objects.filter(
            group__user=user, permission__codename=codename
        ).exists()
    return cache[codename]


def has_office_wide_access(user) -> bool:
    """Superusers and publishers (ICT, administrators) work on every unit's pages."""
    return has_page_permission(user, "publish_page")


def stored_units(user, page) -> set[int | None]:
    """The units of a stored page and of its latest draft.

    Listings ask about every row several times (edit, copy, delete buttons ...), so
    the units of the page and its siblings are read in one query and kept for the
    request on the user, as ``unit_ids_for`` keeps the user's own units.
    """
    cache = user.__dict__.setdefault("_disclosure_page_units", {})
    if page.pk not in cache:
        rows = (
            type(page)
            .objects.filter(
                path__startswith=page.path[: -page.steplen], depth=page.depth
            )
            .values_list("pk", "unit_id", "latest_revision__content__unit")
        )
        for pk, unit_id, draft_unit in rows:
            cache[pk] = {unit_id, content_unit({"unit": draft_unit})}
    return cache.get(page.pk, set())


class UnitPagePermissionTester(PagePermissionTester):
    """Page permissions narrowed to the page's unit (measure §2: each unit supplies
    its own information; only the ICT unit publishes).

    A unit's staff edit only their unit's pages. Publishing, unpublishing and
    scheduling need the publish permission (ICT publishers, administrators); deleting
    and moving need the bulk-delete permission (administrators). The approvers of the
    step a page is at may open its editor, as Wagtail's workflow allows.
    """

    def _perms(self) -> set[str]:
        # Wagtail sets .permissions only for active non-superusers.
        return getattr(self, "permissions", set())

    def _page_units(self) -> set[int]:
        """Every unit the page belongs to: the object tested (which may be an old
        revision, when reverting), the stored page and its latest draft."""
        units = {getattr(self.page, "unit_id", None)}
        if self.page.pk:
            units |= stored_units(self.user, self.page)
        units.discard(None)
        return units

    def _in_own_unit(self) -> bool:
        if not hasattr(self, "_own"):
            units = self._page_units()
            self._own = bool(units) and units <= unit_ids_for(self.user)
        return self._own

    def _office_wide(self) -> bool:
        """Administrators; the ICT publishers once a page has been public or is in
        the chain. A unit's draft that never went live stays its own until the unit
        sends it (moderation.drafts lists it by the same rule)."""
        if draft_scope(self.user).everything:
            return True
        if "publish" not in self._perms() or not self.page.pk:
            return False
        return bool(self.page.first_published_at) or self.page.workflow_in_progress

    def can_edit(self):
        if not self.user.is_active or self.page_is_root:
            return False
        if self._office_wide() or self._in_own_unit():
            return super().can_edit()
        task = self.page.current_workflow_task
        return bool(task and task.user_can_access_editor(self.page, self.user))

    def can_delete(self, ignore_bulk=False):
        if not (self.user.is_superuser or "bulk_delete" in self._perms()):
            return False
        return super().can_delete(ignore_bulk=ignore_bulk)

    def can_move(self):
        return self.can_delete(ignore_bulk=True)

    def can_copy(self):
        return self._office_wide() or (self._in_own_unit() and super().can_copy())

    def can_publish(self):
        # A unit's page goes live through the chain's last step, which publishes
        # without this permission, or an administrator's publication outside the
        # chain with a reason (moderation.publishing): never through Wagtail's own
        # Publish button, bulk action, schedule, revert or copy, which all ask this.
        return False

    def can_set_view_restrictions(self):
        # Privacy and unscheduling are not publishing: they keep the publishers'
        # permission that Wagtail ties to can_publish.
        return super().can_publish()

    def can_unschedule(self):
        return super().can_publish()


def creates_unit_pages(page) -> bool:
    """Whether a unit's pages are made under this page (a category, the galleries)."""
    specific_class = page.specific_class
    return bool(specific_class) and any(
        issubclass(model, UnitOwnedPageMixin)
        for model in specific_class.creatable_subpage_models()
    )


class SectionPagePermissionTester(PagePermissionTester):
    """A section page (an index, a category): units' staff add their pages under it
    but do not change it. Editing it needs the publish permission (ICT,
    administrators); deleting or moving it needs the bulk-delete permission
    (administrators); nobody copies it (a copy would duplicate the section)."""

    def _has(self, action: str) -> bool:
        return self.user.is_superuser or action in getattr(self, "permissions", ())

    def can_copy(self):
        return False

    def can_publish_subpage(self):
        # Creating a unit's page and publishing it at once, or copying one live,
        # would skip the approval chain (see UnitPagePermissionTester.can_publish).
        if creates_unit_pages(self.page):
            return False
        return super().can_publish_subpage()

    def can_edit(self):
        return self._has("publish") and super().can_edit()

    def can_delete(self, ignore_bulk=False):
        return self._has("bulk_delete") and super().can_delete(ignore_bulk=ignore_bulk)

    def can_move(self):
        return self.can_delete(ignore_bulk=True)


class UnitOwnedPageMixin:
    """Mixin for page models that belong to one unit (``unit`` FK to Unit).

    Class attributes a page type may set:
    ``disclosure_kind`` — "item" or "gallery": what reporting counts it as.
    Set ``base_form_class = UnitOwnedPageForm`` (moderation.forms) so staff can only
    choose their own units.
    """

    disclosure_kind: str = "item"
    # What moderation.page_kinds knows a unit's page type by.
    disclosure_unit_owned = True

    def permissions_for_user(self, user):
        return UnitPagePermissionTester(user, self)

    def get_view_restrictions(self):
        """The view restrictions of this page and its ancestors, as Wagtail's, in
        one query instead of two, and read once per page object: serving a page
        asks twice (Wagtail's privacy check, then the feedback form)."""
        cached = self.__dict__.get("_view_restrictions")
        if cached is not None:
            return cached
        steplen = Page.steplen
        paths = [self.path[:end] for end in range(steplen, len(self.path), steplen)]
        # An alias (the page or an ancestor) has the restrictions of its source.
        own = Q(page_id=self.alias_of_id) if self.alias_of_id else Q(page_id=self.pk)
        ancestors = Q(page__path__in=paths, page__alias_of__isnull=True) | Q(
            page_id__in=Page.objects.filter(
                path__in=paths, alias_of__isnull=False
            ).values("alias_of_id")
        )
        restrictions = PageViewRestriction.objects.filter(own | ancestors)
        self.__dict__["_view_restrictions"] = restrictions
        return restrictions

    def get_admin_display_title(self):
        # Listed for someone whose unit's draft this is not (moderation.drafts):
        # the row keeps the published title, the draft's stays with the unit.
        if self.__dict__.get(HIDDEN_DRAFT_ANNOTATION):
            return self.title
        return super().get_admin_display_title()
