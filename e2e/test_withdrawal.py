"""Withdrawal end to end in a real browser: the unit's editor asks to withdraw a
live item from the editor's menu with a reason and an explanation; the page stays
public while the unit director and the office director approve; the ICT
publisher's approval withdraws it. A visitor then finds at its address the title,
the dates and the notice (noindex), no longer finds it in its category, and its
PDF is gone; the notice passes the axe audit."""

from __future__ import annotations

import json
import re

from playwright.sync_api import expect

from e2e.test_accessibility import blocking, describe, run_axe

TITLE = "ประกาศรับสมัครครูอัตราจ้าง (ทดสอบการถอนการเผยแพร่)"
EXPLANATION = "ปิดรับสมัครแล้วตามประกาศสำนักงาน ข้อมูลนี้ไม่เป็นปัจจุบัน"

# An item of กลุ่มนโยบายและแผน (the demo editor's unit) with a PDF, published.
MAKE_ITEM = """
import json
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from disclosure_pages.models import DisclosureCategoryPage, DisclosureItemPage
from moderation.models import Unit
document = get_document_model().objects.create(
    title="ประกาศรับสมัคร (ถอนการเผยแพร่)",
    file=ContentFile(b"%PDF-1.4\\n" + b"0" * 256, name="withdrawn-notice.pdf"),
)
parent = DisclosureCategoryPage.objects.get(code="1.6")
item = DisclosureItemPage(
    title=TITLE,
    slug="e2e-withdrawal",
    unit=Unit.objects.get(code="policy"),
    body=[("document", {"document": document, "title": "", "accessible": True})],
)
parent.add_child(instance=item)
item.save_revision().publish()
print(json.dumps({"id": item.pk, "url": item.url, "document": document.url,
                  "category": parent.url}))
"""


def test_a_withdrawal_goes_through_the_chain_to_a_public_notice(
    site, login_as, visitor, shots
):
    output = site.manage("shell", "-c", f"TITLE = {TITLE!r}\n" + MAKE_ITEM)
    made = json.loads(output.strip().splitlines()[-1])
    item_url = f"{site.base_url}{made['url']}"
    edit_url = f"{site.base_url}/admin/pages/{made['id']}/edit/"
    assert visitor.goto(item_url).status == 200

    # ---- The unit's editor asks, from the editor's menu ---------------------------
    editor = login_as("editor")
    editor.goto(edit_url)
    editor.get_by_role("button", name="การดำเนินการเพิ่มเติม").click()
    editor.get_by_role("link", name="ถอนการเผยแพร่…").click()
    expect(editor.get_by_role("heading", level=1)).to_contain_text("ถอนการเผยแพร่")
    editor.get_by_role("radio", name="ไม่เป็นปัจจุบันแล้ว").check()
    editor.get_by_label(re.compile(r"^คำชี้แจงต่อสาธารณะ")).fill(EXPLANATION)
    shots.take(editor, "editor-asks")
    editor.get_by_role("button", name="ส่งขอถอนการเผยแพร่").click()
    memo = editor.get_by_role("main")
    expect(memo).to_contain_text("ขอถอนการเผยแพร่")
    expect(memo).to_contain_text(EXPLANATION)
    shots.take(editor, "memo")
    assert visitor.goto(item_url).status == 200  # still public

    # ---- The unit director and the office director approve -------------------------
    for role in ("unit_director", "office_director"):
        approver = login_as(role)
        approver.goto(edit_url)
        expect(
            approver.get_by_text(re.compile("คำขอนี้เป็นการขอถอนการเผยแพร่"))
        ).to_be_visible()
        approve = approver.get_by_role("button", name="อนุญาต", exact=True)
        if not approve.is_visible():  # those who may edit have "Save draft" first
            approver.get_by_role("button", name="การดำเนินการเพิ่มเติม").click()
        approve.click()
        approver.wait_for_url(re.compile(r"/admin/"))
        shots.take(approver, f"{role}-approved")
        assert visitor.goto(item_url).status == 200

    # ---- The ICT publisher's approval withdraws it -------------------------------
    ict = login_as("ict")
    ict.goto(edit_url)
    ict.get_by_role("button", name="More actions").click()
    ict.get_by_role("button", name="Approve and Publish", exact=True).click()
    ict.wait_for_url(re.compile(r"/admin/"))
    shots.take(ict, "ict-approved")

    # ---- The visitor finds the notice ----------------------------------------------
    response = visitor.goto(item_url)
    assert response.status == 200
    assert response.headers["x-robots-tag"] == "noindex"
    expect(visitor.locator('meta[name="robots"]')).to_have_attribute(
        "content", "noindex"
    )
    expect(visitor.get_by_role("heading", level=1)).to_have_text(TITLE)
    main = visitor.get_by_role("main")
    expect(main).to_contain_text("ข้อมูลนี้ถอนการเผยแพร่แล้ว")
    expect(main).to_contain_text("ไม่เป็นปัจจุบันแล้ว")
    expect(main).to_contain_text(EXPLANATION)
    expect(main).to_contain_text("พ.ศ.")
    shots.take(visitor, "public-notice")
    violations = blocking(run_axe(visitor))
    assert not violations, describe(violations, "withdrawal notice")

    document = visitor.request.get(f"{site.base_url}{made['document']}")
    assert document.status == 410
    visitor.goto(f"{site.base_url}{made['category']}")
    expect(visitor.get_by_role("main")).not_to_contain_text(TITLE)
