"""The public ITA page is served from the public page cache
(``moderation.public_cache``): a change to the catalogue purges it.

Publishing, unpublishing and moving pages (and with them the items' tags and the
rules' items), documents and their collections' privacy purge through
``moderation.public_cache_signals`` already.
"""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save

from moderation.public_cache import purge_public_cache

from .models import ItaEvidence, ItaIndicator, ItaYear

WATCHED = (ItaYear, ItaIndicator, ItaEvidence)


def catalogue_changed(sender, instance, raw=False, **kwargs) -> None:
    if raw:  # loaddata: nothing is served from a half-loaded catalogue
        return
    purge_public_cache(f"ITA catalogue: {sender._meta.model_name} {instance.pk}")


def owning_units_changed(sender, instance, action, **kwargs) -> None:
    if action.startswith("post_"):
        purge_public_cache(f"ITA catalogue: units of indicator {instance.pk}")


def connect() -> None:
    for model in WATCHED:
        uid = f"ita_purge_{model._meta.model_name}"
        post_save.connect(catalogue_changed, sender=model, dispatch_uid=f"{uid}_saved")
        post_delete.connect(
            catalogue_changed, sender=model, dispatch_uid=f"{uid}_deleted"
        )
    m2m_changed.connect(
        owning_units_changed,
        sender=ItaIndicator.units.through,
        dispatch_uid="ita_purge_indicator_units",
    )
