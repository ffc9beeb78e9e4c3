"""The editor's forms of a plan and of a progress report: the cross-checks between
the page and its rows that a single row cannot make."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from moderation.forms import UnitOwnedPageForm
from moderation.office import unit_ids_for
from moderation.pages import has_office_wide_access


class ActionPlanForm(UnitOwnedPageForm):
    """A plan's form: a project that a progress report already speaks of cannot
    be removed from the plan (the report would lose its row)."""

    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("projects")
        if formset is None or not formset.is_valid():
            return cleaned
        for form in formset.forms:
            project = form.instance
            if (
                project.pk
                and formset._should_delete_form(form)
                and project.progress_rows.exists()
            ):
                message = _(
                    "“%(name)s” cannot be removed: a progress report gives its "
                    "results. Edit the project instead."
                ) % {"name": project.name}
                form.add_error(None, message)
                self.add_error(None, message)
        return cleaned


class ProgressReportForm(UnitOwnedPageForm):
    """A progress report's form: the plans offered are those of the person's units
    (all for publishers), the projects offered those of these plans, and each row
    must name a project of the report's own plan, once."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plan_field = self.fields.get("plan")
        if plan_field is None:
            return
        user = self.for_user
        plans = plan_field.queryset
        if user is not None and not has_office_wide_access(user):
            own = set(unit_ids_for(user))
            if self.instance.pk and self.instance.unit_id:
                own.add(self.instance.unit_id)  # an approver opening the editor
            plans = plans.filter(unit_id__in=own)
        plan_field.queryset = plans
        formset = self.formsets.get("progress_rows")
        if formset is None:
            return
        for form in [*formset.forms, formset.empty_form]:
            project_field = form.fields.get("project")
            if project_field is not None:
                project_field.queryset = project_field.queryset.filter(
                    plan__in=plans
                ).select_related("plan")
                project_field.label_from_instance = _project_label

    def clean(self):
        cleaned = super().clean()
        plan = cleaned.get("plan")
        formset = self.formsets.get("progress_rows")
        if plan is None or formset is None or not formset.is_valid():
            return cleaned
        seen = set()
        for form in formset.forms:
            if formset._should_delete_form(form):
                continue
            project = form.cleaned_data.get("project")
            if project is None:
                continue
            if project.plan_id != plan.pk:
                message = _(
                    "“%(name)s” is a project of another plan: a report gives the "
                    "progress of its own plan's projects only."
                ) % {"name": project.name}
                form.add_error("project", message)
                self.add_error(None, message)
            elif project.pk in seen:
                message = _("“%(name)s” is given twice in this report.") % {
                    "name": project.name
                }
                form.add_error("project", message)
                self.add_error(None, message)
            seen.add(project.pk)
        return cleaned


def _project_label(project) -> str:
    return f"{project.name} ({project.plan.title})"
