"""Import a month's สขร.๑ workbook as the unit's draft procurement summary.

    manage.py import_procurement_summary FILE --unit CODE --month YYYY-MM [--user NAME]

The month is a calendar month with a B.E. or C.E. year (2568-10 = 2025-10). The
summary is saved as a draft (created or updated), never published: it goes through
the approval chain. Any bad cell stops the import, with nothing saved.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from moderation.models import Unit

from ...importing import ImportRefused, can_import, read_workbook, save_summary
from ...values import ValueProblem, fiscal_year_of_month, month_from_text


class Command(BaseCommand):
    help = "Import a month's procurement summary (form สขร.๑) from an XLSX workbook."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .xlsx workbook")
        parser.add_argument("--unit", required=True, help="the unit's code")
        parser.add_argument(
            "--month", required=True, help="YYYY-MM, B.E. or C.E. (2568-10, 2025-10)"
        )
        parser.add_argument(
            "--user", help="the username the draft is saved as (its author)"
        )

    def handle(self, *args, **options):
        with translation.override("th"):
            return self._handle(options)

    def _handle(self, options):
        try:
            unit = Unit.objects.get(code=options["unit"])
        except Unit.DoesNotExist as error:
            raise CommandError(
                _("There is no unit with the code “%(code)s”.")
                % {"code": options["unit"]}
            ) from error
        try:
            year, month = month_from_text(options["month"])
        except ValueProblem as error:
            raise CommandError(
                _("“%(value)s” is not a month: write YYYY-MM, e.g. 2568-10.")
                % {"value": options["month"]}
            ) from error
        user = None
        if options.get("user"):
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(
                    _("There is no user “%(name)s”.") % {"name": options["user"]}
                )
            if not can_import(user, unit):
                raise CommandError(
                    _("%(name)s may not import summaries for %(unit)s.")
                    % {"name": user.get_username(), "unit": unit.name_th}
                )
        try:
            with open(options["file"], "rb") as handle:
                parsed = read_workbook(handle)
        except OSError as error:
            raise CommandError(
                _("The file cannot be opened: %(error)s") % {"error": error}
            ) from error
        if not parsed.ok:
            for problem in parsed.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                _(
                    "Nothing was imported: fix the %(count)s problems above and try again."
                )
                % {"count": len(parsed.problems)}
            )
        try:
            page, created = save_summary(
                parsed,
                unit=unit,
                fiscal_year=fiscal_year_of_month(year, month),
                month=month,
                user=user,
            )
        except ImportRefused as error:
            raise CommandError(str(error)) from error
        message = (
            _("Created the draft “%(title)s” with %(count)s rows.")
            if created
            else _("Updated the draft “%(title)s” with %(count)s rows.")
        )
        self.stdout.write(message % {"title": page.title, "count": len(parsed.rows)})
        if parsed.no_procurement:
            self.stdout.write(_("No procurement this month."))
        self.stdout.write(
            _("Submit it for approval in the admin: /admin/pages/%(id)s/edit/")
            % {"id": page.pk}
        )
