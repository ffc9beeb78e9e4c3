"""System checks of the approval chain's installation."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from .public_address import is_local_hostname, site_address


@register()
def check_app_order(app_configs=None, installed_apps=None, **kwargs):
    """moderation replaces Wagtail's workflow emails and templates by coming first."""
    apps = list(installed_apps or settings.INSTALLED_APPS)
    if (
        "moderation" in apps
        and "wagtail.admin" in apps
        and apps.index("moderation") > apps.index("wagtail.admin")
    ):
        return [
            Warning(
                "'moderation' is listed after 'wagtail.admin' in INSTALLED_APPS.",
                hint="List it before 'wagtail.admin' so its workflow emails and "
                "templates replace Wagtail's (otherwise requesters get two emails).",
                id="disclosure_moderation.W001",
            )
        ]
    return []


@register(Tags.database)
def check_site_address(app_configs=None, databases=None, **kwargs):
    """Wagtail's own links (the sitemap, page addresses) use the Site record: warn in
    production while it is an address only the server reaches. A database check, so
    Django runs it only with a database to read (migrate, or
    ``check --deploy --database default``), never where a process may not query."""
    from django.db import DatabaseError
    from wagtail.models import Site

    if settings.DEBUG or not databases:
        return []
    try:
        site = Site.objects.filter(is_default_site=True).first()
    except DatabaseError:  # not migrated yet: nothing to say about its records
        return []
    if site is None or not is_local_hostname(site.hostname):
        return []
    return [
        Warning(
            f"The default Wagtail site's address is still '{site.hostname}'.",
            hint="Set WAGTAILADMIN_BASE_URL to the office's public address and "
            "run 'manage.py setup_disclosure', or set the host name in Settings "
            "→ Sites: Wagtail's own links (the sitemap, page addresses) use it.",
            id="disclosure_moderation.W002",
        )
    ]


@register()
def check_public_address(app_configs=None, **kwargs):
    """Links that leave the site (memos, emails, posters) must reach the public:
    warn in production while the public address is one only the server reaches."""
    if settings.DEBUG:
        return []
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "") or ""
    address = site_address(base)
    if address is None or not is_local_hostname(address[0]):
        return []
    return [
        Warning(
            f"The office's public address '{base}' is not "
            "reachable from outside the server.",
            hint="Set WAGTAILADMIN_BASE_URL to the address the public types, "
            "e.g. https://www.example.go.th: memos, emails and posters link "
            "to it.",
            id="disclosure_moderation.W003",
        )
    ]


@register()
def check_finish_workflow_action(app_configs=None, **kwargs):
    """The chain's last step publishes through moderation: nobody else may publish
    a unit's page, so Wagtail's default finishing action would be refused."""
    action = getattr(settings, "WAGTAIL_FINISH_WORKFLOW_ACTION", "")
    if "moderation" in settings.INSTALLED_APPS and action != (
        "moderation.workflow_finish.publish_approved"
    ):
        return [
            Warning(
                "WAGTAIL_FINISH_WORKFLOW_ACTION is not "
                "'moderation.workflow_finish.publish_approved'.",
                hint="Set it in your settings: the last approval of the chain "
                "publishes a unit's page, which nobody may publish by hand.",
                id="disclosure_moderation.W004",
            )
        ]
    return []


# Caches kept by each process (or by none): a purge made by one process of the site
# leaves the other processes' copies of the pages as they were.
PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache": "is kept by each process",
    "django.core.cache.backends.dummy.DummyCache": "keeps nothing",
}


@register(Tags.caches)
def check_page_cache(app_configs=None, **kwargs):
    """DISCLOSURE_PAGE_CACHE must name a cache in CACHES (an error at start-up)."""
    alias = getattr(settings, "DISCLOSURE_PAGE_CACHE", None)
    if not alias or alias in settings.CACHES:
        return []
    return [
        Error(
            f"DISCLOSURE_PAGE_CACHE names the cache {alias!r}, which is not in CACHES.",
            hint="Name a cache every process shares (Redis or the database), or "
            "set it to None to serve every page without the page cache.",
            id="disclosure_moderation.E001",
        )
    ]


@register(Tags.caches, deploy=True)
def check_page_cache_is_shared(app_configs=None, **kwargs):
    """In production (check --deploy), a per-process page cache would serve pages a
    publication in another process has changed."""
    alias = getattr(settings, "DISCLOSURE_PAGE_CACHE", None)
    backend = settings.CACHES.get(alias, {}).get("BACKEND", "") if alias else ""
    if backend not in PER_PROCESS_CACHES:
        return []
    return [
        Warning(
            f"The public page cache ({alias!r}, {backend}) {PER_PROCESS_CACHES[backend]}:"
            " with several processes, a publication purges only the process that "
            "made it and the others keep serving the old pages.",
            hint="Use Redis (REDIS_URL) or the database cache for "
            "DISCLOSURE_PAGE_CACHE, or serve the site from one process.",
            id="disclosure_moderation.W005",
        )
    ]
