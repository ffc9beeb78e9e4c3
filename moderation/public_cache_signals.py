"""What purges the public page cache (moderation.public_cache): every change the
public can see, caught by Wagtail's and Django's signals.

- pages: published (publish, scheduled publication, revert and publish, a renamed
  or re-slugged page going live), unpublished (unpublish, withdrawal, expiry),
  moved or reordered, deleted, created live, and their view restrictions;
- images and documents: replaced, edited or deleted, and a collection's privacy;
- the office: its settings (every Wagtail setting), its units and their members,
  and the names of its people (a user's last sign-in alone changes nothing seen);
- snippets (saved, deleted, published, unpublished) and Wagtail's sites.

A feature that changes what the public sees some other way calls
``purge_public_cache(reason)`` itself.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.contrib.settings.registry import registry as settings_registry
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import CollectionViewRestriction, Page, PageViewRestriction, Site
from wagtail.signals import (
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
    published,
    unpublished,
)
from wagtail.snippets.models import get_snippet_models

from .office import Unit
from .public_cache import purge_public_cache

# Saves that write only what Wagtail fills in lazily while a page is shown (a
# document's size, a file's hash) or a sign-in: nothing the public sees changes.
IGNORED_UPDATES = (
    frozenset({"file_size"}),
    frozenset({"file_hash"}),
    frozenset({"last_login"}),
)


def _watched_models() -> tuple[type, ...]:
    """Models (not pages) whose saves and deletions purge: read at each signal, as
    snippets and settings register themselves while the apps load."""
    return (
        Unit,
        Site,
        PageViewRestriction,
        CollectionViewRestriction,
        get_image_model(),
        get_document_model(),
        get_user_model(),
        *settings_registry,
        *get_snippet_models(),
    )


def _holds_its_defaults(instance) -> bool:
    """Whether every field of a new settings row is its field's default (the row
    Wagtail makes on first read), the site it belongs to aside."""
    for field in instance._meta.concrete_fields:
        if field.primary_key or field.name == "site":
            continue
        if getattr(instance, field.attname) != field.get_default():
            return False
    return True


def _label(instance) -> str:
    return f"{type(instance)._meta.label} {instance.pk}"


def page_changed(sender, instance, **kwargs) -> None:
    purge_public_cache(f"page {instance.pk} published or unpublished")


def page_moved(sender, instance, **kwargs) -> None:
    purge_public_cache(f"page {instance.pk} moved")


def page_slug_changed_handler(sender, instance, **kwargs) -> None:
    purge_public_cache(f"page {instance.pk} renamed")


def object_published(sender, instance, **kwargs) -> None:
    if not isinstance(instance, Page):  # pages: page_published
        purge_public_cache(f"{_label(instance)} published or unpublished")


def saved(sender, instance, created=False, update_fields=None, raw=False, **kwargs):
    if raw:
        return
    if isinstance(instance, Page):
        # A page made live without being published (a script, a copy): it is in
        # listings at once. Drafts of live pages change nothing public.
        if created and instance.live:
            purge_public_cache(f"page {instance.pk} created live")
        return
    if not isinstance(instance, _watched_models()):
        return
    if update_fields and frozenset(update_fields) in IGNORED_UPDATES:
        return
    if created and isinstance(instance, (get_image_model(), get_document_model())):
        return  # a new upload is on no public page yet
    if (
        created
        and isinstance(instance, tuple(settings_registry))
        and _holds_its_defaults(instance)
    ):
        # Wagtail makes a site's settings, with their defaults, the first time a
        # page reads them: the page shows those defaults already. Settings made
        # with other values (a script, set-up, an import) change what is shown.
        return
    purge_public_cache(f"{_label(instance)} saved")


def deleted(sender, instance, **kwargs) -> None:
    if isinstance(instance, (Page, *_watched_models())):
        purge_public_cache(f"{_label(instance)} deleted")


def unit_members_changed(sender, instance, action, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        purge_public_cache(f"members of {_label(instance)} changed")


def connect() -> None:
    """Called once by moderation's AppConfig.ready()."""
    uid = "disclosure_public_cache"
    page_published.connect(page_changed, dispatch_uid=f"{uid}_published")
    page_unpublished.connect(page_changed, dispatch_uid=f"{uid}_unpublished")
    post_page_move.connect(page_moved, dispatch_uid=f"{uid}_moved")
    page_slug_changed.connect(page_slug_changed_handler, dispatch_uid=f"{uid}_slug")
    published.connect(object_published, dispatch_uid=f"{uid}_object_published")
    unpublished.connect(object_published, dispatch_uid=f"{uid}_object_unpublished")
    post_save.connect(saved, dispatch_uid=f"{uid}_saved")
    post_delete.connect(deleted, dispatch_uid=f"{uid}_deleted")
    m2m_changed.connect(
        unit_members_changed,
        sender=Unit.members.through,
        dispatch_uid=f"{uid}_unit_members",
    )
