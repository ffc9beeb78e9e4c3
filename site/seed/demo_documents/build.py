"""Print the demo documents (site/seed/demo_documents/*.pdf) from Thai HTML.

The PDFs are what a visitor of the demo opens first, so they are Thai, set in
Sarabun (the font the memo uses, shipped in moderation's static files), and printed
by headless Chromium like the memo. load_demo_data only reads the printed files;
run this again after changing a text here:

    .venv/bin/python site/seed/demo_documents/build.py
"""

from __future__ import annotations

import html
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
FONTS = HERE.parents[2] / "moderation" / "static" / "disclosure_moderation" / "fonts"

# filename (without .pdf): heading, subject, paragraphs.
DOCUMENTS = {
    "demo-announcement": (
        "ประกาศ",
        "เรื่อง การเผยแพร่ข้อมูลต่อสาธารณะผ่านเว็บไซต์ของสำนักงาน",
        [
            "ด้วยสำนักงานเขตพื้นที่การศึกษาได้กำหนดมาตรการเผยแพร่ข้อมูลต่อสาธารณะ "
            "เพื่อให้ประชาชนและผู้มีส่วนได้ส่วนเสียเข้าถึงข้อมูลของหน่วยงานได้โดยสะดวก "
            "ถูกต้อง และเป็นปัจจุบัน",
            "จึงประกาศให้ทราบโดยทั่วกันว่า ข้อมูลที่เผยแพร่บนเว็บไซต์ทุกรายการผ่านการขออนุญาต"
            "ตามขั้นตอน จากผู้อำนวยการกลุ่ม/หน่วย ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา "
            "และผู้รับผิดชอบการนำข้อมูลขึ้นเผยแพร่",
        ],
    ),
    "demo-regulation": (
        "ระเบียบและคำสั่ง",
        "เรื่อง แนวทางปฏิบัติในการขออนุญาตเผยแพร่ข้อมูลผ่านเว็บไซต์",
        [
            "ข้อ ๑ ให้กลุ่ม/หน่วยที่เป็นเจ้าของข้อมูลจัดทำบันทึกขออนุญาตเผยแพร่ข้อมูล"
            "ผ่านเว็บไซต์ พร้อมแนบเอกสารที่จะเผยแพร่",
            "ข้อ ๒ ให้ผู้อำนวยการกลุ่ม/หน่วยพิจารณาความถูกต้องของข้อมูล ก่อนเสนอผู้อำนวยการ"
            "สำนักงานเขตพื้นที่การศึกษาพิจารณาอนุญาต",
            "ข้อ ๓ เมื่อได้รับอนุญาตแล้ว ให้ผู้รับผิดชอบการนำข้อมูลขึ้นเผยแพร่ดำเนินการ"
            "ภายในเวลาอันสมควร และบันทึกวันที่เผยแพร่ไว้เป็นหลักฐาน",
        ],
    ),
    "demo-plan": (
        "แผนปฏิบัติการประจำปี",
        "ปีงบประมาณ พ.ศ. ๒๕๖๙",
        [
            "แผนปฏิบัติการฉบับนี้รวบรวมโครงการและกิจกรรมของทุกกลุ่ม/หน่วยในสำนักงาน "
            "พร้อมเป้าหมาย ตัวชี้วัด งบประมาณ และผู้รับผิดชอบ",
            "การติดตามผลการดำเนินการตามแผนจะรายงานทุกไตรมาส และสรุปผลรอบ ๖ เดือน"
            "และรอบปีต่อคณะกรรมการ",
        ],
    ),
    "demo-report": (
        "รายงานผลการดำเนินงาน",
        "รายงานผลการเผยแพร่ข้อมูลต่อสาธารณะ ประจำไตรมาส",
        [
            "ในไตรมาสนี้ สำนักงานได้เผยแพร่ข้อมูลครบทั้ง ๑๙ หมวดข้อมูล จำนวนผู้เข้าชม"
            "และการดาวน์โหลดเอกสารเพิ่มขึ้นจากไตรมาสก่อน",
            "ปัญหาอุปสรรคที่พบ และข้อเสนอแนะเพื่อการปรับปรุง ได้รวบรวมไว้ท้ายรายงานนี้",
        ],
    ),
    "demo-manual": (
        "คู่มือการปฏิบัติงาน",
        "การนำข้อมูลขึ้นเผยแพร่บนเว็บไซต์ของสำนักงาน",
        [
            "๑. เข้าสู่ระบบจัดการเว็บไซต์ด้วยชื่อผู้ใช้ของท่าน แล้วเลือกหมวดข้อมูลที่จะเพิ่มรายการ",
            "๒. กรอกชื่อเรื่อง วันที่ และรายละเอียด แนบเอกสาร แล้วกดส่งขออนุญาตเผยแพร่",
            "๓. ติดตามสถานะได้ที่หน้าแรกของระบบ เมื่อได้รับอนุญาตครบทุกขั้นตอน "
            "รายการจะขึ้นเว็บไซต์โดยอัตโนมัติ",
        ],
    ),
}

PAGE = """<!doctype html>
<html lang="th"><head><meta charset="utf-8"><title>{heading}</title>
<style>
@font-face {{ font-family: Sarabun; font-weight: 400;
  src: url("{font_400}") format("woff2"); }}
@font-face {{ font-family: Sarabun; font-weight: 700;
  src: url("{font_700}") format("woff2"); }}
@page {{ size: A4; margin: 2.5cm 2cm 2cm 3cm; }}
body {{ font-family: Sarabun, sans-serif; font-size: 16pt; line-height: 1.6; }}
.sample {{ border: 2px solid #8a1c1c; color: #8a1c1c; padding: 0.2em 0.6em;
  display: inline-block; font-size: 13pt; }}
h1 {{ font-size: 22pt; text-align: center; margin: 1em 0 0.2em; }}
h2 {{ font-size: 17pt; text-align: center; font-weight: 700; margin: 0 0 1em; }}
p {{ text-indent: 2.5em; margin: 0 0 0.6em; }}
.end {{ margin-top: 2em; text-align: center; text-indent: 0; }}
</style></head>
<body>
<p class="sample" style="text-indent:0">เอกสารตัวอย่างสำหรับสาธิตระบบ ไม่ใช่เอกสารราชการจริง</p>
<h1>{heading}</h1>
<h2>{subject}</h2>
{paragraphs}
<p class="end">สำนักงานเขตพื้นที่การศึกษา (ตัวอย่าง)</p>
</body></html>
"""


def page(heading: str, subject: str, paragraphs: list[str]) -> str:
    return PAGE.format(
        heading=html.escape(heading),
        subject=html.escape(subject),
        paragraphs="\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs),
        font_400=(FONTS / "sarabun-thai-400-normal.woff2").as_uri(),
        font_700=(FONTS / "sarabun-thai-700-normal.woff2").as_uri(),
    )


def main(chromium: str = "chromium") -> None:
    for name, (heading, subject, paragraphs) in DOCUMENTS.items():
        with tempfile.TemporaryDirectory() as tmp:
            source = Path(tmp) / f"{name}.html"
            source.write_text(page(heading, subject, paragraphs), encoding="utf-8")
            target = HERE / f"{name}.pdf"
            subprocess.run(  # noqa: S603 (our own page, a fixed command)
                [
                    chromium,
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--no-pdf-header-footer",
                    f"--user-data-dir={tmp}/profile",
                    f"--print-to-pdf={target}",
                    source.as_uri(),
                ],
                check=True,
                capture_output=True,
                timeout=120,
            )
            print(f"{target.name}: {target.stat().st_size} bytes")


if __name__ == "__main__":
    main(*sys.argv[1:])
