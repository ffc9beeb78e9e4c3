"""An urgent publication end to end in a real browser, each role in its own session.

The editor of กลุ่มนโยบายและแผน changes a live item and submits it: without a
change note it is refused, with one it goes to the chain. The ICT publisher,
on the office director's verbal order, publishes it at once with a reason. The
visitor sees the new version and its change history (B.E. date); the memo and
the dashboards say it waits for approval after the fact, which the unit director
and then the office director give from their dashboards.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

from e2e.test_accessibility import blocking, describe, run_axe
from e2e.test_publication_flow import let_autosave_settle, messages, open_footer_menu

NEW_SUMMARY = "ฉบับปรับปรุง: เพิ่มตัวชี้วัดของไตรมาสที่ ๒ (ทดสอบเผยแพร่ด่วน)"
NOTE = "เพิ่มตัวชี้วัดของไตรมาสที่ ๒ ตามมติที่ประชุม"
REASON = "ผู้อำนวยการสั่งให้เผยแพร่ก่อนการประชุมผู้บริหารสถานศึกษาวันนี้"
OFFICE_DIRECTOR_NAME = "ธนพล วงศ์ใหญ่"
UNIT_DIRECTOR_NAME = "ประเสริฐ มั่นคง"
URGENT_PANEL = re.compile(r"^เผยแพร่ด่วน รอการอนุมัติย้อนหลัง")


def live_item_of_the_policy_unit(site) -> tuple[int, str, str]:
    """(id, title, public path) of a demo item of กลุ่มนโยบายและแผน, live as loaded."""
    out = site.manage(
        "shell",
        "-c",
        "from disclosure_pages.models import DisclosureItemPage as P;"
        "p = P.objects.filter(live=True, unit__code='policy',"
        " has_unpublished_changes=False).exact_type(P).order_by('pk').first();"
        "print(p.pk); print(p.title); print(p.url)",
    )
    pk, title, url = out.strip().splitlines()[-3:]
    return int(pk), title, url


def test_an_urgent_publication_of_a_change_and_its_approval_after_the_fact(
    site, login_as, visitor, shots
):
    pk, title, path = live_item_of_the_policy_unit(site)
    edit_url = f"{site.base_url}/admin/pages/{pk}/edit/"

    # ---- The editor changes the live item; a change note is required -----------
    editor = login_as("editor", viewport={"width": 1280, "height": 1100})
    editor.goto(edit_url)
    editor.get_by_role("textbox", name="สาระสำคัญ").fill(NEW_SUMMARY)
    let_autosave_settle(editor)
    open_footer_menu(editor)
    editor.get_by_role("button", name=re.compile(r"^ส่งขออนุญาตเผยแพร่")).click()
    note = editor.get_by_role("textbox", name="บันทึกการเปลี่ยนแปลง")
    required = editor.get_by_text(re.compile("เขียนสิ่งที่เปลี่ยนแปลงในฉบับนี้"))
    expect(required.first).to_be_visible()
    expect(note).to_be_visible()
    note.scroll_into_view_if_needed()
    shots.take(editor, "editor-note-required")
    note.fill(NOTE)
    let_autosave_settle(editor)
    open_footer_menu(editor)
    editor.get_by_role("button", name=re.compile(r"^ส่งขออนุญาตเผยแพร่")).click()
    editor.wait_for_url(lambda url: "/edit/" not in url)
    expect(messages(editor)).to_contain_text(f"ส่งขออนุญาตเผยแพร่หน้า '{title}' แล้ว")

    # ---- The ICT publisher publishes it urgently, on the director's order -------
    ict = login_as("ict")
    ict.goto(edit_url)
    open_footer_menu(ict, "More actions")
    ict.get_by_role("link", name="Publish urgently…").click()
    ict.wait_for_url(re.compile(r"/admin/disclosure-approval/urgent/\d+/$"))
    ordered_by = ict.get_by_role("textbox", name=re.compile(r"^Ordered verbally by"))
    expect(ordered_by).to_have_value(OFFICE_DIRECTOR_NAME)
    # The note the editor wrote comes with the change.
    expect(ict.get_by_role("textbox", name="Change note")).to_have_value(NOTE)
    ict.get_by_role("textbox", name="Reason for the urgent publication").fill(REASON)
    shots.take(ict, "ict-urgent-form")
    violations = blocking(run_axe(ict))
    assert not violations, describe(violations, "urgent publication form")
    ict.get_by_role("button", name="Publish urgently", exact=True).click()
    ict.wait_for_url(re.compile(r"/admin/disclosure-approval/memo/\d+/$"))
    memo_url = ict.url
    memo = ict.get_by_role("main")
    expect(memo).to_contain_text("รอการอนุมัติย้อนหลัง")
    expect(memo).to_contain_text(REASON)
    expect(memo).to_contain_text(f"ตามคำสั่งด้วยวาจาของ {OFFICE_DIRECTOR_NAME}")
    expect(memo).to_contain_text(NOTE)
    shots.take(ict, "memo-awaiting-approval")

    # ---- The visitor sees the new version and its change history ----------------
    visitor.goto(f"{site.base_url}{path}")
    main = visitor.get_by_role("main")
    expect(main).to_contain_text(NEW_SUMMARY)
    history = visitor.get_by_role("region", name="ประวัติการแก้ไข")
    expect(history).to_contain_text(NOTE)
    expect(history).to_contain_text(re.compile(r"25\d\d"))  # a B.E. year
    shots.take(visitor, "public-change-history")
    violations = blocking(run_axe(visitor))
    assert not violations, describe(violations, "item page with its change history")

    # ---- The unit director approves after the fact, then the office director ----
    director = login_as("unit_director")
    panel = director.get_by_role("region", name=URGENT_PANEL)
    row = panel.get_by_role("row").filter(has_text=title)
    expect(row).to_contain_text(REASON)
    shots.take(director, "unit-director-urgent-panel")
    row.get_by_role("button", name=re.compile(r"^อนุมัติย้อนหลัง")).click()
    expect(messages(director)).to_contain_text("อนุมัติย้อนหลัง")
    expect(panel.get_by_role("row").filter(has_text=title)).to_have_count(0)

    office_director = login_as("office_director")
    panel = office_director.get_by_role("region", name=URGENT_PANEL)
    row = panel.get_by_role("row").filter(has_text=title)
    expect(row).to_contain_text("ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา")
    violations = blocking(run_axe(office_director))
    assert not violations, describe(violations, "dashboard with urgent publications")
    row.get_by_role("button", name=re.compile(r"^อนุมัติย้อนหลัง")).click()
    expect(messages(office_director)).to_contain_text("อนุมัติย้อนหลัง")
    expect(panel.get_by_role("row").filter(has_text=title)).to_have_count(0)
    shots.take(office_director, "office-director-approved-after")

    # ---- The memo now carries both approvals ------------------------------------
    office_director.goto(memo_url)
    decisions = office_director.get_by_role("region", name="ผลการพิจารณา")
    expect(decisions).to_contain_text(UNIT_DIRECTOR_NAME)
    expect(decisions).to_contain_text(OFFICE_DIRECTOR_NAME)
    expect(office_director.get_by_role("main")).not_to_contain_text("รอการอนุมัติย้อนหลัง")
    shots.take(office_director, "memo-approved-after")
