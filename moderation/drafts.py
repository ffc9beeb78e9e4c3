"""Who may see a unit-owned page's draft — the one place that decides it.

A unit's drafts are its own until published (measure §2: each unit supplies its own
information). A draft is seen by

- the members, director and deputy of the page's unit (the unit of the stored page
  or of its latest draft);
- while it is in the approval chain: the people who may decide the step it waits
  at (the same rule as the dashboard's "waiting for my approval"), the people who
  decided an earlier step of that request, and the ICT publishers, whose step
  ends the chain;
- administrators.

Everyone else sees a unit's page only once it has been published, and then only
under its public title: a newer draft's title stays with the unit. Listings ask
:func:`draft_scope` once per request and filter with the ``Q`` objects below, so
the number of queries does not grow with the rows listed.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import BooleanField, Case, Q, QuerySet, Value, When
from wagtail.models import Page, TaskState, WorkflowState

from .office import Role, RoleGroup, unit_ids_for
from .page_kinds import unit_owned_models

CACHE_ATTRIBUTE = "_disclosure_draft_scope"
# Set on rows listed under their public title (see UnitOwnedPageMixin).
HIDDEN_DRAFT_ANNOTATION = "disclosure_draft_hidden"


@dataclass(frozen=True)
class DraftScope:
    """What one user may see of the units' drafts, loaded once per request."""

    everything: bool
    unit_ids: frozenset[int]
    chain_page_ids: frozenset[int]


def draft_scope(user) -> DraftScope:
    """The user's scope, cached on the user object for the request."""
    cached = getattr(user, CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    scope = _load_scope(user)
    setattr(user, CACHE_ATTRIBUTE, scope)
    return scope


def _load_scope(user) -> DraftScope:
    if not (user.is_authenticated and user.is_active):
        return DraftScope(False, frozenset(), frozenset())
    roles = set(
        RoleGroup.objects.filter(group__user=user).values_list("role", flat=True)
    )
    if user.is_superuser or Role.ADMINISTRATOR in roles:
        return DraftScope(True, frozenset(), frozenset())
    in_chain = WorkflowState.objects.filter(
        status=WorkflowState.STATUS_IN_PROGRESS,
        base_content_type_id=ContentType.objects.get_for_model(Page).pk,
    )
    if Role.ICT_PUBLISHER not in roles:
        in_chain = in_chain.filter(
            Q(current_task_state__in=TaskState.objects.reviewable_by(user))
            | Q(task_states__finished_by=user)
        )
    chain_page_ids = frozenset(
        int(object_id) for object_id in in_chain.values_list("object_id", flat=True)
    )
    return DraftScope(False, unit_ids_for(user), chain_page_ids)


def unit_owned_content_type_ids() -> list[int]:
    """Content types of every page type that belongs to a unit."""
    types = ContentType.objects.get_for_models(*unit_owned_models())
    return sorted(content_type.pk for content_type in types.values())


def _own_unit_pages(unit_ids: frozenset[int]) -> Q:
    """Pages whose stored row or latest draft names one of these units (one
    subquery per page type that declares the unit field itself)."""
    units = sorted(unit_ids)
    q = Q(pk__in=[])
    for model in unit_owned_models():
        if model._meta.get_field("unit").model is not model:
            continue  # a subclass: its rows are in its parent's table
        q |= Q(
            pk__in=model.objects.filter(
                Q(unit_id__in=units) | Q(latest_revision__content__unit__in=units)
            ).values("pk")
        )
    return q


def draft_visible_q(scope: DraftScope) -> Q:
    """Page rows whose latest draft the user may see (pages of no unit included)."""
    if scope.everything:
        return Q()
    q = ~Q(content_type_id__in=unit_owned_content_type_ids())
    if scope.unit_ids:
        q |= _own_unit_pages(scope.unit_ids)
    if scope.chain_page_ids:
        q |= Q(pk__in=sorted(scope.chain_page_ids))
    return q


def _published() -> Q:
    return Q(live=True) | Q(last_published_at__isnull=False)


def listable_q(scope: DraftScope) -> Q:
    """Rows that a listing may show with their latest title: the draft is the
    user's to see, or the page is published with no newer draft."""
    if scope.everything:
        return Q()
    return draft_visible_q(scope) | (Q(has_unpublished_changes=False) & _published())


def listable(queryset: QuerySet, user) -> QuerySet:
    """``queryset`` of pages without the rows whose draft the user may not see."""
    scope = draft_scope(user)
    if scope.everything:
        return queryset
    # By id, a field every search index can filter on (the explorer's search).
    return queryset.filter(id__in=Page.objects.filter(listable_q(scope)).values("id"))


def with_public_titles(queryset: QuerySet, user) -> QuerySet:
    """``queryset`` of pages without the drafts the user may not see; published
    pages whose newer draft is not theirs are kept, marked to show their public
    title (``get_admin_display_title`` of a unit-owned page reads the mark)."""
    scope = draft_scope(user)
    if scope.everything:
        return queryset
    visible = draft_visible_q(scope)
    shown = Page.objects.filter(visible | _published()).values("id")
    return queryset.filter(id__in=shown).annotate(
        **{
            HIDDEN_DRAFT_ANNOTATION: Case(
                When(visible, then=Value(False)),
                default=Value(True),
                output_field=BooleanField(),
            )
        }
    )


def may_list(user, page: Page) -> bool:
    """May a listing show this page with its latest title (one query at most)?"""
    scope = draft_scope(user)
    if scope.everything or page.pk is None:
        return True
    return Page.objects.filter(pk=page.pk).filter(listable_q(scope)).exists()
