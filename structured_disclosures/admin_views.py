"""The admin's import of a สขร.๑ workbook: upload → preview (with every problem) →
confirm. The preview's token is random, bound to the person, valid for an hour and
taken once, so a forged or old link is refused and a second click saves nothing."""

from __future__ import annotations

import datetime as dt
import secrets

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from moderation.models import Unit

from .importing import (
    ImportRefused,
    ParsedSummary,
    can_import,
    importable_units,
    procurement_category,
    read_workbook,
    save_summary,
)
from .models import ProcurementImport, ProcurementSummaryPage
from .values import (
    ValueProblem,
    calendar_month,
    fiscal_year_of_month,
    month_from_text,
)

PREVIEW_LIFETIME = dt.timedelta(hours=1)
MAX_UPLOAD = 5 * 1024 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Workbook (.xlsx)"),
        help_text=gettext_lazy(
            "The office's own สขร.๑ workbook: one month of one unit."
        ),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument."
                "spreadsheetml.sheet"
            }
        ),
    )
    unit = forms.ModelChoiceField(
        label=gettext_lazy("Unit"), queryset=Unit.objects.none()
    )
    month = forms.CharField(
        label=gettext_lazy("Month"),
        max_length=10,
        help_text=gettext_lazy("YYYY-MM with a B.E. or C.E. year, e.g. 2568-10."),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = importable_units(user)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Choose an .xlsx workbook."))
        return upload

    def clean_month(self):
        try:
            year, month = month_from_text(self.cleaned_data["month"])
        except ValueProblem as error:
            raise forms.ValidationError(
                _("Write the month as YYYY-MM, e.g. 2568-10.")
            ) from error
        return fiscal_year_of_month(year, month), month


def _allowed(user) -> bool:
    return procurement_category() is not None and importable_units(user).exists()


def _context(title: str, **kwargs) -> dict:
    return {"page_title": title, "header_title": title, **kwargs}


def import_view(request):
    """Upload a workbook; a clean one is kept for preview under a new token."""
    if not _allowed(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    parsed = None
    if request.method == "POST" and form.is_valid():
        unit = form.cleaned_data["unit"]
        if not can_import(request.user, unit):
            raise PermissionDenied
        fiscal_year, month = form.cleaned_data["month"]
        parsed = read_workbook(form.cleaned_data["file"])
        if parsed.ok:
            ProcurementImport.objects.filter(
                created_at__lt=timezone.now() - PREVIEW_LIFETIME * 24
            ).delete()
            preview = ProcurementImport.objects.create(
                token=secrets.token_urlsafe(32),
                user=request.user,
                unit=unit,
                fiscal_year=fiscal_year,
                month=month,
                file_name=form.cleaned_data["file"].name[:255],
                payload=parsed.to_json(),
            )
            return redirect("structured_disclosures_import_preview", preview.token)
    return TemplateResponse(
        request,
        "structured_disclosures/admin/import_form.html",
        _context(
            _("Import a procurement summary (สขร.๑)"),
            form=form,
            parsed=parsed,
        ),
        status=400 if parsed is not None else 200,
    )


def _refused(request, message: str, status: int = 400):
    return TemplateResponse(
        request,
        "structured_disclosures/admin/import_refused.html",
        _context(_("Import a procurement summary (สขร.๑)"), message=message),
        status=status,
    )


def preview_view(request, token: str):
    """The rows as they will be saved; POST saves them (once)."""
    if not _allowed(request.user):
        raise PermissionDenied
    preview = (
        ProcurementImport.objects.select_related("unit", "page")
        .filter(token=token, user=request.user)
        .first()
    )
    if preview is None:
        return _refused(
            request,
            _(
                "This preview does not exist or is not yours. Upload the workbook again."
            ),
        )
    if preview.created_at < timezone.now() - PREVIEW_LIFETIME:
        return _refused(
            request,
            _("This preview has expired (after an hour). Upload the workbook again."),
        )
    if not can_import(request.user, preview.unit):
        raise PermissionDenied
    if preview.used_at is not None:
        return _already_imported(request, preview)
    parsed = ParsedSummary.from_json(preview.payload)
    existing = ProcurementSummaryPage.objects.filter(
        unit=preview.unit,
        summary_fiscal_year=preview.fiscal_year,
        summary_month=preview.month,
    ).first()
    if request.method == "POST":
        with transaction.atomic():
            # Taken once: of two clicks, only the first finds it unused.
            taken = ProcurementImport.objects.filter(
                pk=preview.pk, used_at__isnull=True
            ).update(used_at=timezone.now())
            if not taken:
                transaction.set_rollback(True)
            else:
                try:
                    page, created = save_summary(
                        parsed,
                        unit=preview.unit,
                        fiscal_year=preview.fiscal_year,
                        month=preview.month,
                        user=request.user,
                    )
                except ImportRefused as error:
                    transaction.set_rollback(True)
                    return _refused(request, str(error), status=403)
                ProcurementImport.objects.filter(pk=preview.pk).update(page=page)
        if not taken:
            preview.refresh_from_db()
            return _already_imported(request, preview)
        messages.success(
            request,
            (
                _(
                    "Saved the draft “%(title)s”. Submit it for approval when it is right."
                )
                if created
                else _(
                    "Updated the draft “%(title)s”. Submit it for approval when it is "
                    "right."
                )
            )
            % {"title": page.title},
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    year, month = calendar_month(preview.fiscal_year, preview.month)
    return TemplateResponse(
        request,
        "structured_disclosures/admin/import_preview.html",
        _context(
            _("Preview the procurement summary"),
            preview=preview,
            parsed=parsed,
            totals=parsed.totals(),
            month_start=dt.date(year, month, 1),
            existing=existing,
        ),
    )


def _already_imported(request, preview):
    messages.warning(
        request, _("This workbook was already imported: nothing was saved again.")
    )
    if preview.page_id:
        return redirect("wagtailadmin_pages:edit", preview.page_id)
    return redirect("structured_disclosures_import")
