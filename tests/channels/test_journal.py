"""The office journal: public relations compiles an issue from live public items and
galleries, numbered within the fiscal year; its document prints the cover, contents,
summaries, photos and QR links; it is published on the site in category 1.3 through
the approval chain, and then logged once as a journal posting of each item."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import PageViewRestriction

from channels.journal import JournalIssue
from channels.models import ChannelKind, ChannelPosting
from disclosure_pages.models import DisclosureItemPage
from moderation.approvers import approvers_for
from moderation.models import OfficeSettings
from moderation.pdf import chromium
from moderation.setup import SetupReport
from tests.conftest import shared_data
from tests.moderation.office import build_office, login
from tests.utils import (
    OFFICE_NAME,
    category,
    default_site,
    make_gallery,
    make_item,
)

pytestmark = pytest.mark.django_db

JOURNAL = "/admin/channels/journal/"
NEW = JOURNAL + "new/"
MINIMAL_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(scope="module")
def module_data(django_db_setup, django_db_blocker):
    with shared_data(django_db_blocker):
        office = build_office()
        live = office.item(
            title="ข่าวการประชุมผู้บริหารสถานศึกษา",
            summary="สรุปการประชุมผู้บริหารสถานศึกษาประจำเดือน",
            publish=True,
        )
        second = office.item(title="ประกาศรับสมัครครูผู้ช่วย", publish=True)
        draft = office.item(title="ร่างข่าวที่ยังไม่อนุญาต", publish=False)
        private = make_item(
            category("1.9"), unit=office.unit_b, title="รายการเฉพาะเจ้าหน้าที่ของกลุ่มอื่น"
        )
        PageViewRestriction.objects.create(
            page=private, restriction_type=PageViewRestriction.LOGIN
        )
        gallery = make_gallery(photos=2, unit=office.unit_a, title="ภาพกิจกรรมวันครู")
        yield {
            "office": office,
            "live": live,
            "second": second,
            "draft": draft,
            "private": private,
            "gallery": gallery,
        }


@pytest.fixture
def data(module_data, db):
    return module_data


def form_data(*pages, issue_date="2026-01-20", token=None, **extra) -> dict:
    data = {
        "frequency": "monthly",
        "issue_date": issue_date,
        "foreword": "",
        "pages": [str(getattr(p, "pk", p)) for p in pages],
        "form_token": str(token or uuid.uuid4()),
    }
    data.update(extra)
    return data


def compile_issue(client, *pages, **kwargs) -> JournalIssue:
    response = client.post(NEW, form_data(*pages, **kwargs))
    assert response.status_code == 302, response.content.decode()[:2000]
    pk = int(re.search(r"/journal/(\d+)/$", response["Location"]).group(1))
    return JournalIssue.objects.get(pk=pk)


# ---- who may use it ------------------------------------------------------------


@pytest.mark.parametrize(
    "role", ["editor_a", "director_a", "office_director", "ict", "committee"]
)
def test_only_public_relations_compiles_the_journal(data, role):
    client = login(getattr(data["office"], role))
    assert client.get(JOURNAL).status_code == 403
    assert client.get(NEW).status_code == 403
    response = client.post(NEW, form_data(data["live"]))
    assert response.status_code == 403
    assert not JournalIssue.objects.exists()


def test_public_relations_sees_the_journal_in_the_menu(data):
    client = login(data["office"].pr)
    response = client.get(JOURNAL)
    assert response.status_code == 200
    assert "/admin/channels/journal/new/" in response.content.decode()
    assert "/admin/channels/journal/" in client.get("/admin/").content.decode()


# ---- numbering -----------------------------------------------------------------


def test_issues_are_numbered_within_their_fiscal_year(data):
    client = login(data["office"].pr)
    first = compile_issue(client, data["live"], issue_date="2026-01-20")
    second = compile_issue(client, data["second"], issue_date="2026-09-30")
    next_year = compile_issue(client, data["live"], issue_date="2026-10-01")
    assert (first.fiscal_year, first.number) == (2569, 1)
    assert (second.fiscal_year, second.number) == (2569, 2)
    assert (next_year.fiscal_year, next_year.number) == (2570, 1)
    listing = client.get(JOURNAL).content.decode()
    assert "ฉบับที่ 2 ปีงบประมาณ พ.ศ. 2569" in listing
    assert "ฉบับที่ 1 ปีงบประมาณ พ.ศ. 2570" in listing


def test_the_same_form_posted_twice_makes_one_issue(data):
    client = login(data["office"].pr)
    token = uuid.uuid4()
    first = compile_issue(client, data["live"], token=token)
    response = client.post(NEW, form_data(data["live"], token=token), follow=True)
    assert JournalIssue.objects.count() == 1
    assert JournalIssue.objects.get() == first
    assert "ไม่ได้สร้างฉบับที่สอง" in response.content.decode()


def test_items_are_printed_in_the_order_they_were_ticked(data):
    client = login(data["office"].pr)
    issue = compile_issue(client, data["gallery"], data["second"], data["live"])
    assert [p.pk for p in issue.entry_pages()] == [
        data["gallery"].pk,
        data["second"].pk,
        data["live"].pk,
    ]


# ---- what may be chosen ----------------------------------------------------------


@pytest.mark.parametrize("forged", ["draft", "private", "999999", "abc", "-1"])
def test_only_live_public_items_can_be_chosen(data, forged):
    page = data.get(forged, forged)
    client = login(data["office"].pr)
    response = client.post(NEW, form_data(data["live"], page))
    assert response.status_code == 400
    assert "เลือกได้เฉพาะรายการข้อมูลและภาพกิจกรรมที่เผยแพร่ต่อสาธารณะแล้ว" in (
        response.content.decode()
    )
    assert not JournalIssue.objects.exists()


def test_the_form_offers_only_live_public_pages(data):
    response = login(data["office"].pr).get(NEW)
    text = response.content.decode()
    assert data["live"].title in text
    assert data["gallery"].title in text
    assert data["draft"].title not in text
    assert data["private"].title not in text


def test_an_issue_needs_an_item_and_a_valid_date(data):
    client = login(data["office"].pr)
    response = client.post(NEW, form_data(issue_date="31/02/2569"))
    assert response.status_code == 400
    text = response.content.decode()
    assert "เลือกรายการข้อมูลหรือภาพกิจกรรมอย่างน้อยหนึ่งรายการ" in text
    assert not JournalIssue.objects.exists()


# ---- the document ------------------------------------------------------------------


def test_the_document_prints_cover_contents_summaries_photos_and_links(data):
    client = login(data["office"].pr)
    issue = compile_issue(
        client,
        data["live"],
        data["gallery"],
        issue_date="2026-01-20",
        foreword="บทบรรณาธิการฉบับแรก",
    )
    response = client.get(f"{JOURNAL}{issue.pk}/document/")
    assert response.status_code == 200
    text = response.content.decode()
    assert '<html lang="th">' in text
    assert OFFICE_NAME in text
    assert "ฉบับที่ ๑ ปีงบประมาณ พ.ศ. ๒๕๖๙" in text
    assert "ประจำเดือนมกราคม ๒๕๖๙" in text
    assert "๒๐ มกราคม พ.ศ. ๒๕๖๙" in text
    assert "สารบัญ" in text
    assert "บทบรรณาธิการฉบับแรก" in text
    assert "สรุปการประชุมผู้บริหารสถานศึกษาประจำเดือน" in text
    assert "คำบรรยายภาพ 1" in text  # the gallery's captions
    assert 'alt="ข้อความแทนภาพ 1"' in text
    assert text.count("<svg") == 2  # a QR code per item
    assert data["live"].url in text
    assert "disclosure_moderation/css/fonts.css" in text  # Sarabun, self-hosted


def test_the_document_of_another_issue_number_is_not_found(data):
    client = login(data["office"].pr)
    assert client.get(f"{JOURNAL}999999/document/").status_code == 404
    assert client.get(f"{JOURNAL}abc/").status_code == 404


@pytest.mark.skipif(chromium() is None, reason="Chromium is not installed")
def test_the_pdf_is_printed_on_the_server(data):
    client = login(data["office"].pr)
    issue = compile_issue(client, data["live"], data["gallery"])
    response = client.get(f"{JOURNAL}{issue.pk}/document/?format=pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert f"journal-2569-{issue.number}.pdf" in response["Content-Disposition"]


# ---- on the site, through the chain ------------------------------------------------


def approve_through_the_chain(page) -> None:
    """Each step approved in the admin by one of the people it went to."""
    User = get_user_model()
    for _step in range(5):
        page.refresh_from_db()
        state = page.current_workflow_task_state
        if state is None:
            break
        approver = User.objects.filter(pk__in=approvers_for(state).user_ids).order_by(
            "pk"
        )[0]
        response = login(approver).post(
            f"/admin/pages/workflow/action/{page.pk}/approve/{state.pk}/",
            {"comment": ""},
        )
        assert response.status_code == 302, response.status_code
    page.refresh_from_db()
    assert page.live


def publish_issue(client, issue, pdf=MINIMAL_PDF):
    return client.post(
        f"{JOURNAL}{issue.pk}/publish/",
        {"pdf": _upload(pdf)} if pdf is not None else {},
    )


def _upload(content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("journal.pdf", content, content_type="application/pdf")


def test_the_issue_is_published_through_the_chain_and_logged_once(data):
    office = data["office"]
    client = login(office.pr)
    issue = compile_issue(client, data["live"], data["gallery"])
    response = publish_issue(client, issue)
    assert response.status_code == 302
    issue.refresh_from_db()
    page = issue.page.specific
    # A draft of the PR unit in category 1.3, waiting at the chain's first step.
    assert isinstance(page, DisclosureItemPage)
    assert page.get_parent().specific.code == "1.3"
    assert page.unit_id == OfficeSettings.for_site(default_site()).pr_unit_id
    assert not page.live
    assert page.current_workflow_state is not None
    assert page.current_workflow_state.requested_by == office.pr
    assert "ฉบับที่ 1 ปีงบประมาณ พ.ศ. 2569" in page.title
    documents = [b.value["document"] for b in page.body if b.block_type == "document"]
    assert len(documents) == 1
    with documents[0].file.open("rb") as handle:
        assert handle.read().startswith(b"%PDF-")
    assert not ChannelPosting.objects.exists()  # nothing until it is live

    approve_through_the_chain(page)
    postings = ChannelPosting.objects.filter(channel__kind=ChannelKind.JOURNAL)
    assert sorted(postings.values_list("page_id", flat=True)) == sorted(
        [data["live"].pk, data["gallery"].pk]
    )
    assert {p.url for p in postings} == {page.full_url}
    assert {p.posted_by_id for p in postings} == {office.pr.pk}

    # Published again later (a correction): logged once all the same.
    page.save_revision(user=office.pr).publish(skip_permission_checks=True)
    assert postings.count() == 2
    detail = client.get(f"{JOURNAL}{issue.pk}/").content.decode()
    assert "บันทึกเป็นการเผยแพร่ผ่านวารสาร" in detail


def test_the_issue_goes_on_the_site_once(data):
    client = login(data["office"].pr)
    issue = compile_issue(client, data["live"])
    publish_issue(client, issue)
    response = publish_issue(client, issue)
    assert response.status_code == 302
    assert DisclosureItemPage.objects.filter(slug__startswith="journal-").count() == 1


def test_only_public_relations_puts_the_issue_on_the_site(data):
    issue = compile_issue(login(data["office"].pr), data["live"])
    response = publish_issue(login(data["office"].editor_a), issue)
    assert response.status_code == 403
    issue.refresh_from_db()
    assert issue.page is None


def test_a_file_that_is_not_a_pdf_is_refused(data):
    client = login(data["office"].pr)
    issue = compile_issue(client, data["live"])
    response = publish_issue(client, issue, pdf=b"<html>not a pdf</html>")
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.page is None
    followed = client.get(response["Location"]).content.decode()
    assert "ไฟล์นี้ไม่ใช่ PDF" in followed


@pytest.mark.skipif(chromium() is None, reason="Chromium is not installed")
def test_the_server_prints_the_pdf_it_publishes(data):
    client = login(data["office"].pr)
    issue = compile_issue(client, data["live"])
    response = publish_issue(client, issue, pdf=None)
    assert response.status_code == 302
    issue.refresh_from_db()
    with issue.document.file.open("rb") as handle:
        content = handle.read()
    assert content.startswith(b"%PDF-")
    assert len(content) > len(MINIMAL_PDF)


def test_a_journal_issue_page_cannot_be_put_in_another_issue(data):
    client = login(data["office"].pr)
    issue = compile_issue(client, data["live"])
    publish_issue(client, issue)
    issue.refresh_from_db()
    approve_through_the_chain(issue.page.specific)
    response = client.post(NEW, form_data(issue.page))
    assert response.status_code == 400


def test_the_fiscal_year_of_an_issue_follows_its_date():
    issue = JournalIssue(
        fiscal_year=2569,
        number=3,
        issue_date=dt.date(2025, 12, 1),
        frequency="quarterly",
    )
    assert issue.number_label == "ฉบับที่ 3 ปีงบประมาณ พ.ศ. 2569"
    assert issue.period_label == "ไตรมาสที่ 1 ปีงบประมาณ พ.ศ. 2569"


# ---- demo data -------------------------------------------------------------------


def test_the_demo_publishes_one_issue_through_the_chain(data):
    from channels.journal_demo import demo_journal_issue

    demo = SimpleNamespace(
        users={"pr": data["office"].pr},
        units={},
        today=dt.date(2026, 1, 20),
        report=SetupReport(),
    )
    demo_journal_issue(demo)
    issue = JournalIssue.objects.get()
    assert issue.page.live
    assert issue.created_by == data["office"].pr
    entries = issue.entry_pages()
    assert any(page.pk == data["gallery"].pk for page in entries)
    assert data["draft"].pk not in {page.pk for page in entries}
    assert data["private"].pk not in {page.pk for page in entries}
    logged = ChannelPosting.objects.filter(channel__kind=ChannelKind.JOURNAL)
    assert logged.count() == len(entries)
    if chromium() is not None:
        assert issue.document is not None
    else:
        assert issue.document is None
        assert any("NO PDF" in line for line in demo.report.created)

    demo_journal_issue(demo)  # a second run keeps what the first made
    assert JournalIssue.objects.count() == 1
    assert logged.count() == len(entries)


def test_the_document_costs_no_query_per_item_for_its_units(data):
    """More items add at most their address and summary work, not a query each
    for the unit, the page type or the issue's entries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(data["office"].pr)
    small = compile_issue(client, data["live"])
    large = compile_issue(client, data["live"], data["second"])

    def queries(issue) -> int:
        client.get(f"{JOURNAL}{issue.pk}/document/")  # warm the site's caches
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"{JOURNAL}{issue.pk}/document/").status_code == 200
        return len(captured)

    assert queries(large) - queries(small) <= 2
