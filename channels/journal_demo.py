"""The demo's journal issue: compiled by the demo PR officer from the newest items and
a gallery, printed to a PDF when Chromium is installed, submitted, approved through
the chain by its demo approvers, and so logged as journal postings."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from wagtail.models import Site

from moderation.approvers import approvers_for
from moderation.decisions import decide
from moderation.page_kinds import gallery_models, item_models
from moderation.pdf import PdfUnavailable

from .journal import JournalFrequency, JournalIssue, create_issue, eligible_pages
from .journal_print import JournalPageRefused, create_issue_page, journal_pdf

DEMO_ITEMS = 5
MAX_STEPS = 6


def _approve_through_the_chain(page) -> bool:
    """Each step approved by one of its approvers; True when the page went live."""
    User = get_user_model()
    for _step in range(MAX_STEPS):
        page.refresh_from_db()
        state = page.current_workflow_task_state
        if state is None:
            break
        approver = (
            User.objects.filter(pk__in=approvers_for(state).user_ids)
            .order_by("pk")
            .first()
        )
        if approver is None:
            return False
        decide(state.task.specific, state.specific, approver, "approve", comment="")
    page.refresh_from_db()
    return page.live


def demo_journal_issue(demo) -> None:
    """One issue of the journal, published on the site through the chain."""
    if JournalIssue.objects.exists():
        demo.report.kept.append("journal issue")
        return
    pr = demo.users.get("pr")
    site = Site.objects.filter(is_default_site=True).first()
    pages = eligible_pages(site).order_by("-first_published_at", "-pk")
    chosen = list(pages.type(*item_models())[:DEMO_ITEMS])
    galleries = [page.specific for page in pages.type(*gallery_models())[:10]]
    chosen += [g for g in galleries if getattr(g, "photo_count", 0)][:1]
    if pr is None or not chosen:
        demo.report.kept.append("journal issue (no PR officer or nothing published)")
        return
    issue, _created = create_issue(
        pages=[page.specific for page in chosen],
        user=pr,
        frequency=JournalFrequency.MONTHLY,
        issue_date=demo.today,
        foreword="ฉบับนี้รวบรวมข่าวสาร ข้อมูลที่เผยแพร่ และภาพกิจกรรมของสำนักงานในเดือนที่ผ่านมา",
    )
    try:
        pdf = journal_pdf(issue)
    except PdfUnavailable:
        pdf = None
    try:
        page = create_issue_page(issue, pr, pdf=pdf)
    except JournalPageRefused as refused:
        demo.report.kept.append(f"journal issue not on the site: {refused}")
        return
    live = _approve_through_the_chain(page)
    line = f"journal issue {issue.fiscal_year}/{issue.number}"
    line += " (published through the chain)" if live else " (waiting for approval)"
    if pdf is None:
        line += (
            "; NO PDF: Chromium is not installed, so the issue's page holds only its"
            " contents; print it from the admin (Office journal) and attach the PDF"
        )
    demo.report.created.append(line)
