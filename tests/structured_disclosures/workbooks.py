"""สขร.๑ workbooks as offices make them: a title over merged cells, headers broken
over lines and merged over two rows (the bidders' header over a name and a price
column), a row numbering the columns, a total row with a formula, signatures."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

from openpyxl import Workbook

HEADERS = {
    "A": "ลำดับ\nที่",
    "B": "งานที่จัดซื้อ\nหรือจัดจ้าง",
    "C": "วงเงินที่จะซื้อ\nหรือจ้าง\n(ราคากลาง)",
    "D": "วิธีซื้อ\nหรือจ้าง",
    "E": "รายชื่อผู้เสนอและราคาที่เสนอ",  # over E (names) and F (prices)
    "G": "ผู้ได้รับการคัดเลือก\nและราคาที่ตกลง\nซื้อหรือจ้าง",
    "H": "เหตุผลที่คัดเลือก\nโดยสังเขป",
    "I": "เลขที่และวันที่ของสัญญา\nหรือข้อตกลงในการซื้อหรือจ้าง",
}

GOOD_ROWS = [
    [
        "๑",
        "จัดซื้อวัสดุสำนักงาน กระดาษ A4",
        12500,
        "เฉพาะเจาะจง",
        "ร้านสมใจพาณิชย์",
        12000,
        "ร้านสมใจพาณิชย์ ราคา 12,000.00 บาท",
        "ราคาต่ำสุดและคุณสมบัติครบถ้วน",
        "ใบสั่งซื้อเลขที่ 1/2569 ลงวันที่ 15 ต.ค. 2568",
    ],
    [
        2,
        "จ้างซ่อมเครื่องปรับอากาศ\nห้องประชุมใหญ่",
        "๘,๕๖๐.๕๐",
        "วิธีเฉพาะเจาะจง",
        "หจก. เย็นฉ่ำแอร์\nร้านช่างแอร์บ้านนา",
        "8,500.00\n8,900",
        "หจก. เย็นฉ่ำแอร์ 8,500.00",
        "ราคาต่ำสุด",
        # Typed with its B.E. year into a date cell.
        dt.datetime(2568, 10, 20),
    ],
    [
        3,
        "ประกวดราคาจ้างปรับปรุงอาคารสำนักงาน",
        1500000,
        "e-bidding",
        "บริษัท ก่อสร้างดี จำกัด\nบริษัท มั่นคงการช่าง จำกัด",
        "1,450,000\n1,480,000.00",
        "บริษัท ก่อสร้างดี จำกัด ราคา 1,450,000.00 บาท",
        "เสนอราคาต่ำสุดและถูกต้องตามเงื่อนไข",
        "สัญญาเลขที่ 3/2569 ลงวันที่ 28/10/2568",
    ],
]


def workbook_bytes(rows=GOOD_ROWS, *, nothing_bought: bool = False) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "สขร.๑ ต.ค. 68"
    sheet["A1"] = "สรุปผลการดำเนินการจัดซื้อจัดจ้างในรอบเดือน ตุลาคม ๒๕๖๘"
    sheet.merge_cells("A1:I1")
    sheet["A2"] = "กลุ่มบริหารงานการเงินและสินทรัพย์"
    sheet.merge_cells("A2:I2")
    for column, text in HEADERS.items():
        sheet[f"{column}4"] = text
        if column != "E":
            sheet.merge_cells(f"{column}4:{column}5")
    sheet.merge_cells("E4:F4")
    sheet["E5"] = "ชื่อผู้เสนอ"
    sheet["F5"] = "ราคาที่เสนอ"
    for n, column in enumerate("ABCDEFGHI", start=1):
        sheet[f"{column}6"] = f"({n})"
    row = 7
    if nothing_bought:
        sheet[f"B{row}"] = "ไม่มีการจัดซื้อจัดจ้างในเดือนนี้"
        row += 1
    for values in rows:
        for column, value in zip("ABCDEFGHI", values, strict=True):
            sheet[f"{column}{row}"] = value
        row += 1
    sheet[f"A{row}"] = "รวม"
    sheet.merge_cells(f"A{row}:B{row}")
    sheet[f"C{row}"] = f"=SUM(C7:C{row - 1})"
    sheet[f"A{row + 2}"] = "ลงชื่อ ............................ ผู้รายงาน"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def with_problems() -> bytes:
    """Text in the money column, a date that is no day, a method nobody knows."""
    rows = [list(r) for r in GOOD_ROWS]
    rows[1][2] = "ไม่ทราบ"
    rows[2][8] = "สัญญาเลขที่ 3/2569 ลงวันที่ 31 ก.พ. 2568"
    rows[0][3] = "วิธีพิเศษ"
    return workbook_bytes(rows)


def nothing_bought_with_rows() -> bytes:
    """The line 'no procurement this month' above real rows."""
    return workbook_bytes(GOOD_ROWS[:1], nothing_bought=True)


def xls_renamed() -> bytes:
    """An old .xls (an OLE2 compound file) saved with an .xlsx name."""
    return bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 504 + b"Workbook" * 64


def cut_off() -> bytes:
    """A download that stopped half-way."""
    data = workbook_bytes()
    return data[: len(data) // 2]


def _with_part(name: str, content: bytes, *, replace: bool = False) -> bytes:
    """The good workbook with one zip part added (or replacing one of its own)."""
    source = zipfile.ZipFile(io.BytesIO(workbook_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if replace and info.filename == name:
                continue
            target.writestr(info, source.read(info))
        target.writestr(name, content)
    return out.getvalue()


def unpacks_huge() -> bytes:
    """About 100 KB that unpacks to 50 MB (a zip bomb, mild)."""
    return _with_part("xl/media/padding.bin", b"\0" * (50 * 1024 * 1024))


def merges_a_whole_sheet() -> bytes:
    """A merged range over every cell of the sheet: a few bytes in the file."""
    source = zipfile.ZipFile(io.BytesIO(workbook_bytes()))
    sheet = source.read("xl/worksheets/sheet1.xml")
    sheet = re.sub(
        rb'<mergeCell ref="A1:I1"\s*/>', b'<mergeCell ref="A1:XFD1048576"/>', sheet
    )
    assert b"XFD1048576" in sheet
    return _with_part("xl/worksheets/sheet1.xml", sheet, replace=True)
