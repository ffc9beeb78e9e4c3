"""The admin forms of the procurement pages: what a month without procurement may
hold, and which plan lines an announcement or a summary row may name."""

from __future__ import annotations

from django.apps import apps
from django.forms.formsets import DELETION_FIELD_NAME
from django.utils.translation import gettext as _

from moderation.forms import UnitOwnedPageForm


def plan_line_choices(form):
    """Lines of the live plans of the units this form may give its page: the
    page's own unit when the field is fixed, else the person's units."""
    line_model = apps.get_model("structured_disclosures", "ProcurementPlanLine")
    unit_field = form.fields.get("unit")
    if unit_field is None or unit_field.disabled:
        units = [form.instance.unit_id]
    else:
        units = unit_field.queryset.values("pk")
    return (
        line_model.objects.filter(page__live=True, page__unit__in=units)
        .select_related("page")
        .order_by("-page__plan_fiscal_year", "page_id", "sort_order", "pk")
    )


def check_line_unit(line, unit_id) -> str:
    """The error to show when ``line`` is not of the unit's own published plan."""
    if line is None or unit_id is None:
        return ""
    if not line.of_unit_plan(unit_id):
        return _(
            "“%(line)s” is not a line of this unit's published procurement plan."
        ) % {"line": line.work}
    return ""


def _unit_id(form) -> int | None:
    unit = form.cleaned_data.get("unit")
    return unit.pk if unit is not None else form.instance.unit_id


class ProcurementSummaryForm(UnitOwnedPageForm):
    """A month without procurement holds no rows; a row's plan line is one of the
    unit's own published plans."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        formset = self.formsets.get("procurement_rows")
        if formset is None:
            return
        lines = plan_line_choices(self)
        base = formset.form

        class RowForm(base):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                if "plan_line" in self.fields:
                    self.fields["plan_line"].queryset = lines

        RowForm.__name__ = base.__name__
        formset.form = RowForm

    def kept_rows(self) -> list:
        formset = self.formsets.get("procurement_rows")
        kept = []
        for form in formset.forms if formset is not None else ():
            form.is_valid()  # reads the DELETE box and the row's fields
            if getattr(form, "cleaned_data", {}).get(DELETION_FIELD_NAME):
                continue
            if form.instance.pk or form.has_changed():
                kept.append(form)
        return kept

    def clean(self):
        cleaned = super().clean()
        rows = self.kept_rows()
        if cleaned.get("no_procurement") and rows:
            self.add_error(
                "no_procurement",
                _(
                    "A month without procurement holds no rows: untick “no "
                    "procurement this month” or delete its %(count)s rows."
                )
                % {"count": len(rows)},
            )
        unit_id = _unit_id(self)
        for n, form in enumerate(rows, start=1):
            message = check_line_unit(
                getattr(form, "cleaned_data", {}).get("plan_line"), unit_id
            )
            if message:
                self.add_error(
                    None,
                    _("Row %(row)s: %(message)s") % {"row": n, "message": message},
                )
        return cleaned


class ProcurementAnnouncementForm(UnitOwnedPageForm):
    """The plan line is chosen among the unit's own published plans."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("plan_line")
        if field is not None:
            field.queryset = plan_line_choices(self)

    def clean(self):
        cleaned = super().clean()
        message = check_line_unit(cleaned.get("plan_line"), _unit_id(self))
        if message:
            self.add_error("plan_line", message)
        return cleaned
