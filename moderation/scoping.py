"""Every admin listing of pages keeps other units' drafts out (moderation.drafts).

Wagtail's explorer, page search, admin API, workflow reports, aging and locked
pages reports and site history all ask the page permission policy which pages a
user may explore or has permission for; the policy registered here narrows those
to :func:`moderation.drafts.listable`. The page chooser and the bulk actions build
their own querysets and are narrowed by their hooks. Imported by
``wagtail_hooks`` so the policy is registered before any admin view runs.
"""

from __future__ import annotations

from django.http import Http404
from wagtail import hooks
from wagtail.admin.views.home import LockedPagesPanel, RecentEditsPanel
from wagtail.admin.views.pages.bulk_actions.delete import DeleteBulkAction
from wagtail.admin.views.pages.bulk_actions.move import MoveBulkAction
from wagtail.admin.views.pages.bulk_actions.publish import PublishBulkAction
from wagtail.admin.views.pages.bulk_actions.unpublish import UnpublishBulkAction
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import register_permission_policy

from .drafts import listable, may_list, with_public_titles


class UnitDraftsPagePermissionPolicy(PagePermissionPolicy):
    """Wagtail's page policy, without other units' drafts in the page sets it
    gives to listings (permission checks on one page are unchanged)."""

    def instances_user_has_any_permission_for(self, user, actions):
        pages = super().instances_user_has_any_permission_for(user, actions)
        return listable(pages, user)

    def explorable_instances(self, user):
        return listable(super().explorable_instances(user), user)


register_permission_policy(Page, UnitDraftsPagePermissionPolicy(Page))


@hooks.register("construct_explorer_page_queryset")
def keep_other_units_drafts_out_of_the_explorer(parent_page, pages, request):
    # The explorer of a page shows its title as the heading.
    if not may_list(request.user, parent_page):
        raise Http404
    return listable(pages, request.user)


@hooks.register("construct_page_chooser_queryset")
def keep_other_units_drafts_out_of_the_page_chooser(pages, request):
    """Choosing a page to link to: published pages of every unit, under their
    public title; drafts only for those who may see them."""
    match = request.resolver_match
    parent_id = match.kwargs.get("parent_page_id") if match else None
    if parent_id is not None:
        parent = Page.objects.filter(pk=parent_id).first()
        if parent is not None and not may_list(request.user, parent):
            raise Http404
    return with_public_titles(pages, request.user)


class UnitDraftsBulkActionMixin:
    """A bulk action lists (and acts on) only the pages the user may see; an
    address naming nothing else is not found."""

    def get_actionable_objects(self):
        objects, extra = super().get_actionable_objects()
        without_access = extra["items_with_no_access"]
        visible = _listable_ids(self.request.user, [*objects, *without_access])
        if not visible:
            raise Http404
        objects = [page for page in objects if page.pk in visible]
        extra["items_with_no_access"] = [
            page for page in without_access if page.pk in visible
        ]
        return objects, extra


def _scoped(action_class: type) -> type:
    return type(
        action_class.__name__,
        (UnitDraftsBulkActionMixin, action_class),
        {"__module__": __name__, "__doc__": action_class.__doc__},
    )


# Registered after Wagtail's own (a later registration of the same action wins).
for _action_class in (
    DeleteBulkAction,
    MoveBulkAction,
    PublishBulkAction,
    UnpublishBulkAction,
):
    hooks.register("register_bulk_action", _scoped(_action_class), order=100)


class UnitDraftsRecentEditsPanel(RecentEditsPanel):
    """The "your most recent edits" panel, without the pages whose draft is no
    longer yours to see (you left the unit, or the request left your step)."""

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        user = parent_context["request"].user
        pages = [page for _date, page in context["last_edits"]]
        shown = _listable_ids(user, pages)
        context["last_edits"] = [
            (date, page) for date, page in context["last_edits"] if page.pk in shown
        ]
        return context


class UnitDraftsLockedPagesPanel(LockedPagesPanel):
    """The "your locked pages" panel, on the same terms as every other listing."""

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        user = parent_context["request"].user
        context["locked_pages"] = listable(context["locked_pages"], user)
        return context


def _listable_ids(user, pages) -> set[int]:
    ids = [page.pk for page in pages]
    if not ids:
        return set()
    return set(
        listable(Page.objects.filter(pk__in=ids), user).values_list("pk", flat=True)
    )


SCOPED_PANELS = {
    RecentEditsPanel.name: UnitDraftsRecentEditsPanel,
    LockedPagesPanel.name: UnitDraftsLockedPagesPanel,
}


@hooks.register("construct_homepage_panels")
def keep_other_units_drafts_off_the_dashboard(request, panels):
    panels[:] = [
        SCOPED_PANELS[panel.name]()
        if type(panel) in (RecentEditsPanel, LockedPagesPanel)
        else panel
        for panel in panels
    ]
