"""Create or reuse everything the measure needs; safe to run again at any time."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail import hooks
from wagtail.models import Site

from disclosure_pages.setup import (
    ensure_categories,
    ensure_index,
    ensure_measure_pages,
    ensure_publisher_permissions,
    ensure_standard_pages,
)
from disclosure_thai.search import reindex, stale_models
from moderation.setup import (
    SetupReport,
    ensure_office,
    ensure_site_address,
    ensure_units,
)


class Command(BaseCommand):
    """Set up the disclosure section: units, office settings, index and 19 categories,
    the measure and the people responsible, and the web standard's pages.

    Idempotent: a second run creates nothing and changes nothing an editor edited.
    """

    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument(
            "--office-file",
            type=Path,
            help="JSON with the office's name_th, name_en, short_name_th, address, "
            "phone and email (default: the DISCLOSURE_OFFICE_SEED setting).",
        )
        parser.add_argument("--office-name", help="The office's Thai name.")

    def read_office_seed(self, options) -> dict:
        path = options["office_file"] or getattr(
            settings, "DISCLOSURE_OFFICE_SEED", None
        )
        seed = {}
        if path:
            try:
                seed = json.loads(Path(path).read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise CommandError(
                    f"Cannot read the office file {path}: {exc}"
                ) from exc
            if not isinstance(seed, dict):
                raise CommandError(f"The office file {path} must hold a JSON object.")
        if options["office_name"]:
            seed["name_th"] = options["office_name"]
        return seed

    def handle(self, *args, **options):
        seed = self.read_office_seed(options)
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            raise CommandError(
                "There is no default Wagtail site. Run 'manage.py migrate' first, "
                "or mark one site as the default in Settings → Sites."
            )
        report = SetupReport()
        with transaction.atomic():
            units = ensure_units(report)
            office = ensure_office(site, seed, units, report)
            if not office.name_th:
                raise CommandError(
                    "The office's name is not set. Pass --office-name or "
                    "--office-file, or set DISCLOSURE_OFFICE_SEED."
                )
            # The dashboard's heading and Wagtail's own absolute links read the Site.
            ensure_site_address(site, office, report)
            index = ensure_index(site, report)
            ensure_categories(index, office.name_th, units, report)
            ensure_measure_pages(index, office, report)
            # Other apps (galleries, moderation's roles and workflow) add their own
            # parts through the `disclosure_setup` hook, so this app imports none.
            for fn in hooks.get_hooks("disclosure_setup"):
                fn(site=site, office=office, units=units, report=report)
            # After the other sections (the menu lists them in tree order) and
            # after the role groups exist.
            ensure_standard_pages(site, office, report)
            ensure_publisher_permissions(report)
            # Parts built on the finished section and pages, such as a site's home
            # page linking them: registered by the site, which this app never imports.
            for fn in hooks.get_hooks("disclosure_setup_finished"):
                fn(site=site, office=office, units=units, report=report)

        # Pages indexed by an earlier version of the Thai word segmentation (or
        # its lexicon) are indexed again, so an upgrade finds what it promises.
        stale = stale_models()
        if stale:
            report.created.append(f"search index of {reindex(stale)} pages rebuilt")

        for line in report.created:
            self.stdout.write(f"created: {line}")
        if report.kept:
            self.stdout.write(
                f"already there, left as is: {len(report.kept)} "
                f"({', '.join(report.kept[:5])}{' ...' if len(report.kept) > 5 else ''})"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Disclosure section ready at {index.get_url() or index.url_path} "
                f"({len(report.created)} created, {len(report.kept)} kept)."
            )
        )
