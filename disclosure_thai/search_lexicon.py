"""The office's own words for the Thai search (data read by ``disclosure_thai.search``).

PyThaiNLP's bundled dictionary knows general Thai; it does not know which parts
of a compound a reader searches for. ``การเงิน`` is about money (``เงิน`` finds
it) but ``ตรวจสอบ`` is not about an exam (``สอบ`` must not find it), ``แผนที่`` is
a map and not a plan. Those are facts about words, not rules a segmenter can
guess, so they are listed here, for the vocabulary of an education office's
announcements: its units, the 19 categories, procurement, budget, personnel and
the ITA indicators. Lists, not code: add a word when an office finds a miss.

Every word is written as typed (PyThaiNLP's ``normalize`` is applied on load).
"""

from __future__ import annotations


def _listed(text: str) -> frozenset[str]:
    """The words of a list written one after another, separated by spaces."""
    return frozenset(text.split())


#: Words newmm should keep whole, besides its bundled dictionary: abbreviations
#: written without their dots, and office terms it would cut elsewhere.
OFFICE_WORDS: frozenset[str] = _listed(
    """
    สพป สพม สพฐ สขร ผอ รอง ศธ ศน กคศ อกคศ ปปช ปปท สตง
    แผนที่ตั้ง แผนที่การเดินทาง
    วงเงิน ราคากลาง เงินอุดหนุน รายหัว ขอรับเงิน ขอเบิกเงิน
    ศึกษานิเทศก์ วิทยฐานะ ครูผู้ช่วย ลูกจ้างชั่วคราว
    """
)

#: First pieces of a compound that make a new word out of the rest without
#: changing it: ``การเงิน`` is about ``เงิน``, ``ผู้ชนะ`` about ``ชนะ``. The rest is
#: searchable on its own. (Never searchable themselves: see NEVER_PARTS.)
PREFIXES: frozenset[str] = _listed(
    """
    การ ความ ผู้ นัก ช่าง ชาว เครื่อง ค่า วง ยอด ห้อง ใบ ฝ่าย กลุ่ม หน่วย โรง ภาค
    ขอ ขอรับ เบิก จ่าย โอน ยื่น จัด ขับ
    """
)

#: First pieces that stay searchable in the compounds they start: a ``รถยนต์``
#: and a ``รถตู้`` are both a ``รถ``, ``น้ำประปา`` is ``น้ำ`` (``น้ำมัน`` is not:
#: see OPAQUE).
HEADS: frozenset[str] = _listed("รถ น้ำ ห้อง")

#: Last pieces that make a noun of a verb before them (``ปฏิบัติการ``,
#: ``ดำเนินงาน``): the verb is searchable when it has two syllables or more
#: (``กรรมการ`` is not about ``กรรม``, ``รายงาน`` not about ``ราย``).
SUFFIXES: frozenset[str] = _listed("การ งาน")

#: Dictionary entries that are never searched for as a piece of a longer word:
#: grammatical words and bound syllables the bundled dictionary lists as words.
NEVER_PARTS: frozenset[str] = _listed(
    """
    การ ความ ผู้ ที่ ของ และ หรือ ใน กับ แก่ แห่ง ให้ ได้ ได้รับ มี เป็น ตาม ต่อ
    นัก ช่าง ชาว วง ยอด ใบ ค่า
    ประ ทร กร รม รร รณ บร ทธิ นวย คลา วัส เมิน หาร ชุม สน เทศ ปฏิ บัน ทึก
    หว่าง หรับ เนิน ดง ราง จริต นอ นิด กช ลิง สัง กัด รง ริม ถม เคราะห์ วัติ
    พฤติ ข้อง สรร มาส ไตร ภาย มาตร จำปี นักงาน ได้ส่วน กระ ทรวง
    """
)

#: Words whose pieces are never searchable: the whole is another idea.
OPAQUE: frozenset[str] = _listed(
    """
    แผนที่ แผนภูมิ แผนผัง แผนก ตรวจสอบ ร้องเรียน ร้องทุกข์ สอบถาม แบบสอบถาม
    สอบสวน สืบสวน รับรอง น้ำมัน น้ำใจ
    ประกาศนียบัตร เกียรติบัตร มาตรฐาน มาตรการ คุณธรรม คุณภาพ คุณสมบัติ
    กรรมการ ราชการ โครงการ รายงาน พลังงาน ข้อมูล ตาราง ทุจริต สุจริต
    สารสนเทศ พื้นที่ พื้นฐาน ขั้นพื้นฐาน ตุลาการ หมายเลข กฎหมาย
    สถานที่ หน้าที่ ตนเอง ตกลง ชุมชน ประชาชน
    """
)

#: The searchable pieces of some compounds, instead of what the rules give.
PARTS: dict[str, tuple[str, ...]] = {
    "แผนการ": ("แผน",),
    "แผนงาน": ("แผน", "งาน"),
    "งบประมาณ": ("งบ",),
    "ปีงบประมาณ": ("งบประมาณ", "งบ"),
    "ตรวจสอบภายใน": ("ตรวจสอบ", "ภายใน"),
    "จัดซื้อ": ("ซื้อ",),
    "จัดจ้าง": ("จ้าง",),
    "ค่าจ้าง": ("จ้าง",),
    "เงินเดือน": ("เงิน",),
    "งบการเงิน": ("การเงิน", "เงิน"),
    "รับเงิน": ("เงิน",),
    "ขอรับเงิน": ("รับเงิน", "เงิน"),
    "ขอเบิกเงิน": ("เบิกเงิน", "เงิน", "เบิก"),
    "เงินอุดหนุน": ("เงิน", "อุดหนุน"),
    "ราคากลาง": ("ราคา",),
    "ห้องประชุม": ("ห้อง", "ประชุม"),
    "สอบราคา": ("ราคา",),
    "ทดสอบ": ("สอบ",),
    "ชนะเลิศ": ("ชนะ",),
    "ผู้มาติดต่อ": ("มา", "ติดต่อ"),
    "ผู้มารับบริการ": ("มา", "รับบริการ", "บริการ"),
    "รับสมัคร": ("สมัคร",),
    "ข้าราชการครู": ("ข้าราชการ", "ครู"),
    "ครูผู้ช่วย": ("ครู",),
    "ศึกษานิเทศก์": ("นิเทศก์",),
    "แผนที่ตั้ง": ("แผนที่", "ที่ตั้ง"),
    "แผนที่การเดินทาง": ("แผนที่", "การเดินทาง", "เดินทาง"),
}

_MONTHS = {
    "มกราคม": ("มค", "มกรา"),
    "กุมภาพันธ์": ("กพ", "กุมภา"),
    "มีนาคม": ("มีค", "มีนา"),
    "เมษายน": ("เมย", "เมษา"),
    "พฤษภาคม": ("พค", "พฤษภา"),
    "มิถุนายน": ("มิย", "มิถุนา"),
    "กรกฎาคม": ("กค", "กรกฎา"),
    "สิงหาคม": ("สค", "สิงหา"),
    "กันยายน": ("กย", "กันยา"),
    "ตุลาคม": ("ตค", "ตุลา"),
    "พฤศจิกายน": ("พย", "พฤศจิกา"),
    "ธันวาคม": ("ธค", "ธันวา"),
}

#: Two forms of one word: the second is what both sides index and search.
#: Months by their spoken short names (ตุลา).
SAME_WORD: dict[str, str] = {
    spoken: month for month, (_abbreviation, spoken) in _MONTHS.items()
}

#: Abbreviations written with their dots that stand for a word (ต.ค. is
#: ตุลาคม; กค without dots is as likely a licence plate as July).
ABBREVIATIONS: dict[str, str] = {
    abbreviation: month for month, (abbreviation, _spoken) in _MONTHS.items()
}

#: One idea written several ways: an abbreviation, its English letters, its
#: full Thai name. A text holding any form is found by a query of any form.
ALIASES: tuple[tuple[str, ...], ...] = (
    # the office's own name: an สพป. calls itself สำนักงานเขตพื้นที่การศึกษา
    ("สพป", "สำนักงานเขตพื้นที่การศึกษาประถมศึกษา", "สำนักงานเขตพื้นที่การศึกษา"),
    ("สพม", "สำนักงานเขตพื้นที่การศึกษามัธยมศึกษา"),
    ("สพฐ", "สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน"),
    ("ผอ", "ผู้อำนวยการ"),
    ("ศธ", "กระทรวงศึกษาธิการ"),
    ("ศน", "ศึกษานิเทศก์"),
    ("ita", "ไอทีเอ", "การประเมินคุณธรรมและความโปร่งใส"),
    ("onet", "โอเน็ต"),
    ("กคศ", "คณะกรรมการข้าราชการครูและบุคลากรทางการศึกษา"),
    ("ปปช", "คณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ"),
)

#: Query words dropped when the query has other words (they are everywhere,
#: or inside longer words the index keeps whole).
QUERY_STOPWORDS: frozenset[str] = _listed(
    """
    การ ความ ของ และ หรือ ที่ ใน กับ แก่ แห่ง ให้ ได้ เป็น ตาม ต่อ จาก โดย
    เรื่อง ประจำ ปี ฉบับ ครั้ง ครั้งที่ ณ วันที่ เกี่ยวกับ
    """
)
