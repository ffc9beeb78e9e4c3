"""System checks: the catalogue only works where Django looks for it first."""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import checks

from . import JS_LOCALE_DIR


@checks.register(checks.Tags.translation)
def check_catalogue_precedence(app_configs, **kwargs):
    errors = []
    names = [config.name for config in apps.get_app_configs()]
    ours = names.index("disclosure_thai.admin_th")
    later_wagtail = [
        n for n in names[:ours] if n == "wagtail" or n.startswith("wagtail.")
    ]
    if later_wagtail:
        errors.append(
            checks.Warning(
                f"disclosure_thai.admin_th comes after {', '.join(later_wagtail)} in "
                "INSTALLED_APPS, so Wagtail's own Thai wins where the two differ.",
                hint="List disclosure_thai.admin_th before the wagtail apps.",
                id="disclosure_admin_th.W001",
            )
        )
    if Path(JS_LOCALE_DIR) not in {Path(p) for p in settings.LOCALE_PATHS}:
        errors.append(
            checks.Warning(
                "The admin's JavaScript strings stay English in Thai: "
                "disclosure_thai.admin_th.JS_LOCALE_DIR is not in LOCALE_PATHS.",
                hint="LOCALE_PATHS = [..., disclosure_thai.admin_th.JS_LOCALE_DIR]",
                id="disclosure_admin_th.W002",
            )
        )
    return errors
