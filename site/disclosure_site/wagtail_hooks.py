"""The example site's part of the set-up: the home page's default sections, who
edits it, and who sets the site's look."""

from wagtail import hooks

from moderation.models import Role

from .setup import ensure_home_sections


@hooks.register("disclosure_setup_finished")
def set_up_home_page(site, office, units, report, **kwargs):
    ensure_home_sections(site, report)


@hooks.register("disclosure_role_permissions")
def site_role_permissions():
    """Administrators set the site's logo, colours and mourning mode."""
    return {Role.ADMINISTRATOR: ["disclosure_site.change_siteappearance"]}
