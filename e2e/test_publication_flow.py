"""The measure's publication flow in a real browser, each role in its own session.

An editor of กลุ่มนโยบายและแผน adds an item with a PDF under a category and submits
it; the unit director approves with a comment; the office director sends it back
with a required comment; the editor reads the comment, edits and resubmits; the
changed item goes back to the unit director, who approves it again; the office
director approves; the ICT publisher (English admin) approves, which
publishes. A visitor then finds the item and downloads its PDF, and the request
memo shows every decision and downloads as a PDF. The committee reads its reports.

Every step is a screenshot (artifacts/e2e/<test>/); the ones named ``guide=`` are
the pictures of the in-admin role guides (`make guide-screenshots`).
"""

from __future__ import annotations

import email
import io
import re
from email.policy import default
from urllib.parse import urljoin

from playwright.sync_api import expect
from pypdf import PdfWriter

TITLE = "แผนการใช้จ่ายงบประมาณ ไตรมาสที่ ๑ (ทดสอบในเบราว์เซอร์)"
SUMMARY = "แผนการใช้จ่ายงบประมาณของกลุ่มนโยบายและแผน ไตรมาสที่ ๑"
ADDED_TO_SUMMARY = " อนุมัติแผนเมื่อ ๑ ตุลาคม"
DOCUMENT_TITLE = "แผนการใช้จ่ายงบประมาณ ไตรมาสที่ ๑"
UNIT = "กลุ่มนโยบายและแผน"
# Category 1.6, which กลุ่มนโยบายและแผน is responsible for.
CATEGORY = re.compile(r"แผนปฏิบัติการประจำปี และการติดตามผล")
UNIT_DIRECTOR_COMMENT = "เห็นชอบ เสนอผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา"
CHANGES_COMMENT = "โปรดระบุวันที่อนุมัติแผนในสาระสำคัญ"
# The demo people (site/seed/demo_content.json) as their names are shown.
EDITOR_NAME = "สมชาย ใจดี"
UNIT_DIRECTOR_NAME = "ประเสริฐ มั่นคง"
OFFICE_DIRECTOR_NAME = "ธนพล วงศ์ใหญ่"
ICT_NAME = "กิตติพงษ์ ทองดี"
WAITING_TH = re.compile(r"^รอการพิจารณาของฉัน")
WAITING_EN = re.compile(r"^Waiting for my approval")
MY_REQUESTS_TH = re.compile(r"^คำขอของฉันและสถานะ")


def make_pdf() -> bytes:
    """A small valid one-page A4 PDF, as an office's scanned plan would be."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": DOCUMENT_TITLE})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def sent_mail(site, to: str) -> list[tuple[str, str]]:
    """(subject, body) of every email the site wrote to ``to`` (file backend)."""
    found = []
    if not site.mail_dir.exists():
        return found
    for path in sorted(site.mail_dir.glob("*.log")):
        for chunk in path.read_bytes().split(b"-" * 79):
            if not chunk.strip():
                continue
            message = email.message_from_bytes(chunk.strip(), policy=default)
            if to in (message["To"] or ""):
                found.append((str(message["Subject"]), message.get_content()))
    return found


def messages(page):
    """The admin's message bar (success, warning and error messages)."""
    return page.locator(".messages")


def waiting_row(page, panel_name=WAITING_TH):
    """The item's row in the dashboard's "waiting for my approval" panel."""
    panel = page.get_by_role("region", name=panel_name)
    return panel.get_by_role("row").filter(has_text=TITLE)


def open_footer_menu(page, label: str = "การดำเนินการเพิ่มเติม"):
    """Open the editor's footer menu, where the workflow's decisions are."""
    page.get_by_role("button", name=label).click()
    # The menu fades in; the screenshots should show it settled.
    page.wait_for_timeout(400)


def let_autosave_settle(page):
    """Wagtail 8 autosaves the form about a second after a change. Saving by hand
    while that is in flight can post the new page twice (the second "slug in use")
    or leave the editor facing its own autosave as "another session"; a person
    pauses before pressing the button, and so does the test, until it is done."""
    page.wait_for_timeout(1200)
    expect(page.locator("#w-autosave-indicator")).not_to_have_attribute(
        "data-w-autosave-state-value", "saving", timeout=15_000
    )
    page.wait_for_load_state("networkidle")


def leave_editor(page):
    """After a decision Wagtail leaves the editor; wait until it has."""
    page.wait_for_url(lambda url: "/edit/" not in url)


def test_an_item_goes_through_the_approval_chain_to_the_public(
    site, login_as, visitor, shots
):
    pdf = make_pdf()

    # ---- The editor adds the item and submits it --------------------------------
    # A taller window, so the guide's picture of the form shows every field.
    editor = login_as("editor", viewport={"width": 1280, "height": 1100})
    # The editor lands on the dashboard, with a panel of their own requests.
    expect(editor.get_by_role("heading", name=MY_REQUESTS_TH)).to_be_visible()
    shots.take(editor, "editor-dashboard", guide="editor-1-dashboard")

    # Pages in the side menu → the disclosure index → the category.
    editor.get_by_role("button", name="หน้า", exact=True).click()
    editor.get_by_role("link", name="ข้อมูลเผยแพร่ต่อสาธารณะ", exact=True).click()
    editor.get_by_role("link", name=CATEGORY).first.click()
    expect(editor.get_by_role("heading", level=1)).to_contain_text(CATEGORY)
    category_url = editor.url
    # The category also takes the action plan and its progress reports, so "add
    # child page" asks which kind of page: an item.
    editor.get_by_role("link", name="เพิ่มหน้าย่อย").click()
    editor.get_by_role("link", name=re.compile(r"^\s*รายการข้อมูล")).first.click()
    expect(editor.get_by_role("heading", level=1)).to_have_text("ใหม่: รายการข้อมูล")

    # Title, unit and summary; the publication date defaults to today.
    editor.get_by_role("textbox", name="ชื่อเรื่อง").fill(TITLE)
    editor.get_by_role("combobox", name="กลุ่ม/หน่วย").select_option(label=UNIT)
    editor.get_by_role("textbox", name="สาระสำคัญ").fill(SUMMARY)
    editor.get_by_role("textbox", name="ชื่อเรื่อง").scroll_into_view_if_needed()
    shots.take(editor, "editor-add-item", guide="editor-2-add-item")

    # The body: insert a "document" block, choose a document, upload the PDF.
    editor.get_by_role("button", name="แทรกบล็อก").click()
    editor.get_by_role("option", name="เอกสาร").click()
    editor.get_by_role("button", name="เลือกเอกสาร").click()
    chooser = editor.get_by_role("dialog")
    chooser.get_by_role("tab", name="อัปโหลด").click()
    chooser.get_by_label("ไฟล์").set_input_files(
        {"name": "budget-plan.pdf", "mimeType": "application/pdf", "buffer": pdf}
    )
    # Wagtail fills the title from the file name; the editor writes a real one.
    document_title = chooser.get_by_role("textbox", name="ชื่อเรื่อง")
    expect(document_title).to_have_value("budget-plan")
    document_title.fill(DOCUMENT_TITLE)
    shots.take(editor, "editor-upload-pdf")
    chooser.get_by_role("button", name="อัปโหลด", exact=True).click()
    expect(chooser).to_be_hidden()
    chosen = editor.get_by_role("region", name="เนื้อหา").get_by_text(DOCUMENT_TITLE)
    expect(chosen.first).to_be_visible()
    chosen.first.scroll_into_view_if_needed()
    shots.take(editor, "editor-document-chosen", guide="editor-3-document")

    # Save a draft: Wagtail creates the page and stays in the editor.
    let_autosave_settle(editor)
    editor.get_by_role("button", name="บันทึกฉบับร่าง").click()
    editor.wait_for_url("**/edit/")
    # "Created", or "updated" when Wagtail's autosave has already created it.
    expect(messages(editor)).to_contain_text(
        re.compile(f"(สร้าง|ปรับปรุง)หน้า '{re.escape(TITLE)}' แล้ว")
    )
    edit_url = editor.url
    shots.take(editor, "editor-draft-saved")

    # Submit for approval from the footer's menu.
    let_autosave_settle(editor)
    open_footer_menu(editor)
    editor.get_by_role("button", name=re.compile(r"^ส่งขออนุญาตเผยแพร่")).click()
    editor.wait_for_url(category_url)
    expect(messages(editor)).to_contain_text(f"ส่งขออนุญาตเผยแพร่หน้า '{TITLE}' แล้ว")
    item_row = editor.get_by_role("row").filter(has_text=TITLE)
    expect(item_row).to_contain_text("อยู่ระหว่างการพิจารณา")
    shots.take(editor, "editor-submitted", guide="editor-4-submitted")
    # The dashboard says at which step the request is.
    editor.goto(f"{site.base_url}/admin/")
    my_request = (
        editor.get_by_role("region", name=MY_REQUESTS_TH)
        .get_by_role("row")
        .filter(has_text=TITLE)
    )
    expect(my_request).to_contain_text("อยู่ระหว่างพิจารณา")
    expect(my_request).to_contain_text("ผู้อำนวยการกลุ่ม/หน่วยพิจารณา")
    shots.take(editor, "editor-my-requests")
    # The unit's director is told by email.
    assert any(TITLE in body for _, body in sent_mail(site, "director@example.org"))

    # ---- The unit director approves, with a comment ------------------------------
    director = login_as("unit_director")
    row = waiting_row(director)
    expect(row).to_contain_text(UNIT)
    expect(row).to_contain_text(EDITOR_NAME)
    shots.take(director, "unit-director-waiting", guide="unit_director-1-waiting")
    row.get_by_role("link", name=TITLE).click()
    director.wait_for_url(edit_url)
    # The director sees what was submitted, the PDF included, then the decisions.
    expect(director.get_by_text(DOCUMENT_TITLE).first).to_be_visible()
    open_footer_menu(director)
    for decision in ("ส่งกลับให้แก้ไข", "อนุญาต", "อนุญาตพร้อมความเห็น"):
        expect(
            director.get_by_role("button", name=decision, exact=True)
        ).to_be_visible()
    shots.take(director, "unit-director-review", guide="unit_director-2-review")
    director.get_by_role("button", name="อนุญาตพร้อมความเห็น").click()
    dialog = director.get_by_role("dialog")
    dialog.get_by_role("textbox", name="ความเห็น").fill(UNIT_DIRECTOR_COMMENT)
    shots.take(
        director, "unit-director-approve-dialog", guide="unit_director-3-approve-dialog"
    )
    dialog.get_by_role("button", name="อนุญาตพร้อมความเห็น").click()
    leave_editor(director)
    expect(messages(director)).to_contain_text(TITLE)
    shots.take(director, "unit-director-approved")

    # ---- The office director sends it back; a comment is required ----------------
    office_director = login_as("office_director")
    row = waiting_row(office_director)
    expect(row).to_contain_text("ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษาพิจารณาอนุญาต")
    shots.take(
        office_director, "office-director-waiting", guide="office_director-1-waiting"
    )
    row.get_by_role("link", name=TITLE).click()
    office_director.wait_for_url(edit_url)
    open_footer_menu(office_director)
    office_director.get_by_role("button", name="ส่งกลับให้แก้ไข").click()
    dialog = office_director.get_by_role("dialog")
    # Sending it back without saying why is refused, in the dialog itself.
    dialog.get_by_role("button", name="ส่งกลับให้แก้ไข").click()
    expect(dialog).to_contain_text("โปรดระบุสิ่งที่ต้องแก้ไข")
    # Closed and opened again, the dialog starts afresh; this time with a comment.
    dialog.get_by_role("button", name="ปิด").click()
    expect(dialog).to_be_hidden()
    open_footer_menu(office_director)
    office_director.get_by_role("button", name="ส่งกลับให้แก้ไข").click()
    expect(dialog).not_to_contain_text("โปรดระบุสิ่งที่ต้องแก้ไข")
    dialog.get_by_role("textbox", name="ความเห็น").fill(CHANGES_COMMENT)
    shots.take(
        office_director,
        "office-director-request-changes",
        guide="office_director-2-request-changes",
    )
    dialog.get_by_role("button", name="ส่งกลับให้แก้ไข").click()
    leave_editor(office_director)
    expect(messages(office_director)).to_contain_text(TITLE)
    # No page explorer for the office director: they go back to their dashboard,
    # not to a "no permission" message.
    expect(messages(office_director)).not_to_contain_text("ไม่มีสิทธิ์")
    expect(waiting_row(office_director)).to_have_count(0)
    shots.take(office_director, "office-director-sent-back")

    # ---- The editor reads the comment, edits and resubmits -----------------------
    editor.goto(f"{site.base_url}/admin/")
    expect(my_request).to_contain_text("ส่งกลับให้แก้ไข")
    shots.take(editor, "editor-changes-requested")
    assert any(
        CHANGES_COMMENT in body for _, body in sent_mail(site, "editor@example.org")
    ), "the editor is emailed the comment"
    my_request.get_by_role("link", name=TITLE).click()
    editor.wait_for_url(edit_url)
    # The status panel's details list each step's decision and comment.
    editor.get_by_role("button", name="เปิด/ปิดแผงสถานะ").click()
    editor.get_by_role("button", name="ดูรายละเอียด").click()
    details = editor.get_by_role("dialog")
    expect(details).to_contain_text(CHANGES_COMMENT)
    expect(details).to_contain_text(UNIT_DIRECTOR_COMMENT)
    shots.take(editor, "editor-reads-comment")
    details.get_by_role("button", name="ปิด").click()
    editor.get_by_role("textbox", name="สาระสำคัญ").fill(SUMMARY + ADDED_TO_SUMMARY)
    let_autosave_settle(editor)
    open_footer_menu(editor)
    # A changed version starts the chain again at the unit director (README).
    resubmit = editor.get_by_role("button", name=re.compile(r"^ส่งขออนุญาตเผยแพร่อีกครั้ง"))
    resubmit.click()
    editor.wait_for_url(category_url)
    expect(messages(editor)).to_contain_text(f"ส่งขออนุญาตเผยแพร่หน้า '{TITLE}' แล้ว")
    shots.take(editor, "editor-resubmitted")

    # ---- The unit director approves the corrected item again ---------------------
    director.goto(f"{site.base_url}/admin/")
    waiting_row(director).get_by_role("link", name=TITLE).click()
    director.wait_for_url(edit_url)
    open_footer_menu(director)
    director.get_by_role("button", name="อนุญาต", exact=True).click()
    leave_editor(director)
    expect(messages(director)).to_contain_text(TITLE)

    # ---- The office director approves the corrected item -------------------------
    office_director.goto(f"{site.base_url}/admin/")
    waiting_row(office_director).get_by_role("link", name=TITLE).click()
    office_director.wait_for_url(edit_url)
    expect(office_director.get_by_role("textbox", name="สาระสำคัญ")).to_have_value(
        SUMMARY + ADDED_TO_SUMMARY
    )
    open_footer_menu(office_director)
    office_director.get_by_role("button", name="อนุญาต", exact=True).click()
    leave_editor(office_director)
    expect(messages(office_director)).to_contain_text(TITLE)
    expect(messages(office_director)).not_to_contain_text("ไม่มีสิทธิ์")
    shots.take(office_director, "office-director-approved")

    # ---- The ICT publisher (English admin) approves, which publishes --------------
    ict = login_as("ict")
    row = waiting_row(ict, WAITING_EN)
    expect(row).to_contain_text(EDITOR_NAME)
    shots.take(ict, "ict-waiting", guide="ict-1-waiting")
    row.get_by_role("link", name=TITLE).click()
    ict.wait_for_url(edit_url)
    open_footer_menu(ict, "More actions")
    # Wagtail adds "and Publish" to the last step's approval, once.
    publish = ict.get_by_role("button", name="Approve and Publish", exact=True)
    expect(publish).to_be_visible()
    shots.take(ict, "ict-publish", guide="ict-2-publish")
    publish.click()
    leave_editor(ict)
    expect(messages(ict)).to_contain_text(TITLE)
    shots.take(ict, "ict-published")

    # ---- A visitor finds the item and downloads its PDF --------------------------
    visitor.goto(f"{site.base_url}/disclosure/")
    visitor.get_by_role("main").get_by_role("link", name=CATEGORY).first.click()
    expect(visitor.get_by_role("link", name=TITLE)).to_be_visible()
    shots.take(visitor, "public-category")
    visitor.get_by_role("link", name=TITLE).click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(TITLE)
    main = visitor.get_by_role("main")
    expect(main).to_contain_text(SUMMARY + ADDED_TO_SUMMARY)
    expect(main).to_contain_text(UNIT)
    pdf_link = main.get_by_role("link", name=re.compile(re.escape(DOCUMENT_TITLE)))
    expect(pdf_link).to_contain_text("PDF")
    shots.take(visitor, "public-item", guide="public-1-item")
    download = visitor.request.get(f"{site.base_url}{pdf_link.get_attribute('href')}")
    assert download.status == 200
    assert download.headers["content-type"] == "application/pdf"
    assert download.body() == pdf

    # ---- The memo: every decision, with names; it downloads as a PDF -------------
    editor.goto(edit_url)
    # The page's header menu holds the memo of its latest request.
    # (Its landmark is still named in English in the Thai admin.)
    header = editor.get_by_role(
        "navigation", name=re.compile(r"^(Actions|การดำเนินการ)$")
    )
    header.get_by_role("button", name="การดำเนินการ", exact=True).click()
    editor.get_by_role("link", name="บันทึกขออนุญาตเผยแพร่").click()
    editor.wait_for_url(re.compile(r"/admin/disclosure-approval/memo/\d+/$"))
    expect(editor.locator("html")).to_have_attribute("lang", "th")
    memo = editor.get_by_role("main")
    expect(memo).to_contain_text(TITLE)
    expect(memo).to_contain_text(DOCUMENT_TITLE)
    decisions = editor.get_by_role("region", name="ผลการพิจารณา").inner_text()
    assert_in_order(
        decisions,
        [
            EDITOR_NAME,
            "อนุญาต",
            UNIT_DIRECTOR_COMMENT,
            UNIT_DIRECTOR_NAME,
            "ส่งกลับให้แก้ไข",
            CHANGES_COMMENT,
            OFFICE_DIRECTOR_NAME,
            "อนุญาต",
            UNIT_DIRECTOR_NAME,
            "อนุญาต",
            OFFICE_DIRECTOR_NAME,
            "อนุญาต",
            ICT_NAME,
        ],
    )
    # Tall enough for the guide picture to show every signature block.
    editor.set_viewport_size({"width": 900, "height": 1700})
    shots.take(editor, "memo", guide="memo-1")
    # "Download PDF" is a download link to the same memo printed as a PDF.
    download_link = editor.get_by_role("link", name="ดาวน์โหลด PDF")
    expect(download_link).to_have_attribute("download", "")
    response = editor.request.get(
        urljoin(editor.url, download_link.get_attribute("href"))
    )
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith("attachment;")
    assert response.body().startswith(b"%PDF-")


def assert_in_order(text: str, expected: list[str]) -> None:
    """Each of ``expected`` appears in ``text``, each after the one before."""
    position = 0
    for part in expected:
        found = text.find(part, position)
        assert found >= 0, f"{part!r} not found after position {position} in:\n{text}"
        position = found + len(part)


def test_the_committee_reads_its_report_and_the_evaluation(login_as, shots):
    committee = login_as("committee")
    # Reports in the side menu → the committee report: a quarter's counts per unit.
    committee.get_by_role("button", name="รายงาน", exact=True).click()
    committee.get_by_role("link", name="รายงานเสนอคณะกรรมการ").click()
    expect(committee.get_by_role("heading", level=1)).to_have_text(
        "รายงานเสนอคณะกรรมการ"
    )
    expect(committee.get_by_role("combobox", name="รอบรายงาน")).to_be_visible()
    summary = committee.get_by_role("table").first
    expect(summary.get_by_role("row").filter(has_text=UNIT)).to_have_count(1)
    expect(summary.get_by_role("row").filter(has_text="รวม")).to_have_count(1)
    shots.take(committee, "committee-report", guide="committee-1-report")

    # Reports → the evaluation: views, downloads and answers per unit and category.
    committee.get_by_role("button", name="รายงาน", exact=True).click()
    committee.get_by_role("link", name=re.compile(r"^การประเมินผลการเผยแพร่")).click()
    expect(committee.get_by_role("heading", level=1)).to_contain_text(
        "การประเมินผลการเผยแพร่"
    )
    table = committee.get_by_role("table").first
    expect(table.get_by_role("columnheader", name="จำนวนการดาวน์โหลด")).to_be_visible()
    expect(table.get_by_role("row").filter(has_text=UNIT).first).to_be_visible()
    shots.take(committee, "committee-evaluation", guide="committee-2-evaluation")
