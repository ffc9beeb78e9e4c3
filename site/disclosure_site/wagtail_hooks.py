"""The example site's part of the set-up: the home page's default sections."""

from wagtail import hooks

from .setup import ensure_home_sections


@hooks.register("disclosure_setup_finished")
def set_up_home_page(site, office, units, report, **kwargs):
    ensure_home_sections(site, report)
