from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    """Evaluation of publications and the quarterly committee report (measure §4)."""

    name = "reporting"
    label = "disclosure_reporting"
    verbose_name = _("Evaluation and reports")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The counters' store must be shared by every process (reporting.checks).
        from moderation import public_cache

        from . import checks, tracking, views  # noqa: F401

        # Pages served from the public page cache still count their views, and
        # their feedback form gets a one-time token of its own for each visitor.
        public_cache.register_hit_action(tracking.PAGE_VIEW, tracking.count_page_view)
        public_cache.register_hole(views.TOKEN_HOLE, views.token_for_hole)
