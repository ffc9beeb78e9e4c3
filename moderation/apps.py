from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def create_cache_tables(using="default", **kwargs) -> None:
    """``migrate`` also makes the table of a database cache (the page cache of a
    site without Redis): no separate ``createcachetable`` step to forget."""
    call_command("createcachetable", database=using, verbosity=0)


class ModerationConfig(AppConfig):
    """Who may publish: the office, its units and their people (measure §2)."""

    name = "moderation"
    label = "disclosure_moderation"
    verbose_name = _("Publication approval")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import (  # noqa: F401
            checks,
            public_cache_signals,
            signal_handlers,
            withdrawal,
        )

        signal_handlers.connect()
        # Publishing, moving, the office's data...: the public page cache is purged.
        public_cache_signals.connect()
        # A page unpublished by its expiry date shows its withdrawal notice.
        withdrawal.connect()
        post_migrate.connect(
            create_cache_tables, sender=self, dispatch_uid="disclosure_cache_tables"
        )
