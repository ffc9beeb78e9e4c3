"""Public relations' screens of the office journal: the issues, compiling a new one,
its document (HTML and PDF) and putting it on the site through the chain."""

from __future__ import annotations

import logging
import uuid

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin import messages
from wagtail.models import Page

from moderation.pdf import PdfUnavailable, chromium

from .admin_views import admin_site, forbidden
from .journal import (
    JournalFrequency,
    JournalIssue,
    create_issue,
    eligible_pages,
)
from .journal_print import (
    JournalPageRefused,
    create_issue_page,
    journal_html,
    journal_pdf,
    pdf_filename,
)
from .models import ChannelKind, ChannelMark

logger = logging.getLogger(__name__)

VIEW_PERMISSION = "disclosure_channels.view_journalissue"
ADD_PERMISSION = "disclosure_channels.add_journalissue"
CANDIDATE_DAYS = 120  # how far back the form offers what was published
MAX_CANDIDATES = 200
MAX_PDF_BYTES = 50 * 1024 * 1024


def can_view_journal(user) -> bool:
    return user.has_perm(VIEW_PERMISSION)


def can_compile_journal(user) -> bool:
    return user.has_perm(ADD_PERMISSION)


class JournalIssueForm(forms.Form):
    """A new issue: how often it appears, its date, a foreword and what it holds."""

    frequency = forms.ChoiceField(
        label=gettext_lazy("Frequency"),
        choices=JournalFrequency.choices,
        initial=JournalFrequency.MONTHLY,
        widget=forms.RadioSelect,
    )
    issue_date = forms.DateField(
        label=gettext_lazy("Date of the issue"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
        help_text=gettext_lazy(
            "The issue is numbered within the fiscal year of this date."
        ),
    )
    foreword = forms.CharField(
        label=gettext_lazy("Foreword"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    pages = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Items and galleries"),
        queryset=Page.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": gettext_lazy("Choose at least one item or gallery."),
            "invalid_choice": gettext_lazy(
                "Only published public items and galleries can be chosen."
            ),
            "invalid_pk_value": gettext_lazy(
                "Only published public items and galleries can be chosen."
            ),
        },
    )
    form_token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, site=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pages"].queryset = eligible_pages(site)

    def chosen_in_order(self) -> list[Page]:
        """The chosen pages in the order they were ticked on the form."""
        chosen = {page.pk: page for page in self.cleaned_data["pages"]}
        order = []
        for value in self.data.getlist("pages"):
            try:
                pk = int(value)
            except ValueError:
                continue
            if pk in chosen and chosen[pk] not in order:
                order.append(chosen[pk])
        return [page.specific for page in order]


def candidates(site) -> list[Page]:
    """What the form offers: pages marked for the journal first, then what was
    published in the last months, newest first."""
    pages = eligible_pages(site)
    marked_ids = list(
        ChannelMark.objects.filter(
            channel__kind=ChannelKind.JOURNAL, page__in=pages
        ).values_list("page_id", flat=True)
    )
    since = timezone.now() - timezone.timedelta(days=CANDIDATE_DAYS)
    recent = pages.filter(first_published_at__gte=since).exclude(pk__in=marked_ids)
    marked = pages.filter(pk__in=marked_ids).order_by("-first_published_at", "-pk")
    found = list(marked) + list(
        recent.order_by("-first_published_at", "-pk")[:MAX_CANDIDATES]
    )
    for page in found:
        page.marked_for_journal = page.pk in marked_ids
    return found


def _issue_or_404(pk) -> JournalIssue:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 < pk < 2**63:
        raise Http404
    return get_object_or_404(
        JournalIssue.objects.select_related("page", "document", "created_by"), pk=pk
    )


def _admin_context(title: str) -> dict:
    return {"page_title": title, "header_title": title, "header_icon": "doc-full"}


def index_view(request):
    """The issues, newest first."""
    if not can_view_journal(request.user):
        return forbidden(request)
    issues = JournalIssue.objects.select_related("page").prefetch_related("entries")
    return render(
        request,
        "channels/journal/index.html",
        {
            **_admin_context(_("Office journal")),
            "issues": issues,
            "can_compile": can_compile_journal(request.user),
        },
    )


def create_view(request):
    """Compile a new issue from chosen live public items and galleries."""
    if not can_compile_journal(request.user):
        return forbidden(request)
    site = admin_site(request)
    if request.method == "POST":
        form = JournalIssueForm(request.POST, site=site)
        if form.is_valid():
            data = form.cleaned_data
            issue, created = create_issue(
                pages=form.chosen_in_order(),
                user=request.user,
                frequency=data["frequency"],
                issue_date=data["issue_date"],
                foreword=data["foreword"],
                form_token=data["form_token"],
            )
            if created:
                messages.success(
                    request,
                    _("%(issue)s compiled.") % {"issue": issue.number_label},
                )
            else:
                messages.warning(
                    request,
                    _("This form has already made %(issue)s; no second issue.")
                    % {"issue": issue.number_label},
                )
            return redirect("channels_journal:detail", issue.pk)
        status = 400
    else:
        form = JournalIssueForm(
            initial={"issue_date": timezone.localdate(), "form_token": uuid.uuid4()},
            site=site,
        )
        status = 200
    chosen = {str(v) for v in form.data.getlist("pages")} if form.is_bound else set()
    return render(
        request,
        "channels/journal/create.html",
        {
            **_admin_context(_("New journal issue")),
            "form": form,
            "candidates": candidates(site),
            "chosen": chosen,
        },
        status=status,
    )


def detail_view(request, pk):
    """An issue: what it holds, its document and its page on the site."""
    if not can_view_journal(request.user):
        return forbidden(request)
    issue = _issue_or_404(pk)
    page = issue.page.specific if issue.page_id else None
    return render(
        request,
        "channels/journal/detail.html",
        {
            **_admin_context(issue.number_label),
            "issue": issue,
            "entries": issue.entry_pages(),
            "issue_page": page,
            "workflow_state": page.current_workflow_state if page else None,
            "can_compile": can_compile_journal(request.user),
            "server_prints": chromium() is not None,
        },
    )


def document_view(request, pk):
    """The issue as the A4 document (HTML); ``?format=pdf`` downloads the PDF."""
    if not can_view_journal(request.user):
        return forbidden(request)
    issue = _issue_or_404(pk)
    if request.GET.get("format") == "pdf":
        try:
            pdf = journal_pdf(issue, request)
        except PdfUnavailable:
            logger.warning("journal %s: no PDF", issue.pk, exc_info=True)
            return render(
                request,
                "channels/journal/pdf_unavailable.html",
                {**_admin_context(issue.number_label), "issue": issue},
                status=503,
            )
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="{pdf_filename(issue)}"'
        )
        return response
    return HttpResponse(journal_html(issue, request, for_pdf=False))


def _uploaded_pdf(request) -> bytes | None:
    upload = request.FILES.get("pdf")
    if upload is None:
        return None
    if upload.size > MAX_PDF_BYTES:
        raise JournalPageRefused(_("The PDF is too large (at most 50 MB)."))
    data = upload.read()
    if not data.startswith(b"%PDF-"):
        raise JournalPageRefused(_("The file is not a PDF."))
    return data


@require_POST
def publish_view(request, pk):
    """Put the issue on the site: the PDF printed on the server (or printed from the
    browser and uploaded), as a draft item of category 1.3 submitted for approval."""
    if not can_compile_journal(request.user):
        return forbidden(request)
    issue = _issue_or_404(pk)
    if issue.page_id:
        messages.warning(request, _("This issue is already on the website."))
        return redirect("channels_journal:detail", issue.pk)
    try:
        pdf = _uploaded_pdf(request)
        if pdf is None:
            try:
                pdf = journal_pdf(issue, request)
            except PdfUnavailable:
                logger.warning("journal %s: no PDF", issue.pk, exc_info=True)
                raise JournalPageRefused(
                    _(
                        "The server cannot print the PDF (Chromium is not installed "
                        "or failed). Print the issue from the browser (Save as PDF) "
                        "and upload that file."
                    )
                ) from None
        page = create_issue_page(issue, request.user, pdf=pdf)
    except JournalPageRefused as refused:
        messages.error(request, str(refused))
        return redirect("channels_journal:detail", issue.pk)
    messages.success(
        request,
        _("%(title)s was created in category 1.3 and submitted for approval.")
        % {"title": page.title},
    )
    return redirect("channels_journal:detail", issue.pk)
