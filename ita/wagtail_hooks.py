"""Wagtail hooks of the ITA app: the catalogue's admin screens and its seeding by
``setup_disclosure``; the office's screens (completeness, evidence links, the
evidence pack, roles) are registered by ``ita.office_hooks``."""

from wagtail import hooks

from . import office_hooks  # noqa: F401 - registers its hooks
from .catalogue import ensure_current_year
from .catalogue_admin import ItaCatalogueGroup


@hooks.register("register_admin_viewset")
def register_ita_catalogue():
    return ItaCatalogueGroup()


# After the office's own pages exist (the contact page, the measure), which the
# seed links to some indicators.
@hooks.register("disclosure_setup_finished")
def ensure_ita_year(site, office, units, report):
    """The current fiscal year's ITA catalogue, from the seed file, once."""
    result = ensure_current_year()
    year = result.year.fiscal_year
    if result.created:
        report.created.append(
            f"ITA year {year} ({result.indicators} indicators, "
            f"{result.evidence} evidence links)"
        )
        report.created.extend(f"ITA {year}: {w}" for w in result.warnings)
    else:
        report.kept.append(f"ITA year {year}")
