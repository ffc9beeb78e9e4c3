"""Search result snippets: cut between Thai words, never inside one, and a phrase
marked as one highlight."""

import re

import pytest

from disclosure_pages.search import snippet
from disclosure_thai.search import word_boundaries

DEMO = (
    "เอกสารนี้จัดทำขึ้นสำหรับสาธิตระบบการเผยแพร่ข้อมูลต่อสาธารณะของสำนักงานเขตพื้นที่"
    "การศึกษา ประกอบด้วยแผนการใช้จ่ายงบประมาณประจำปี และรายงานผลการดำเนินงานตาม"
    "แผนปฏิบัติการประจำปีงบประมาณ พ.ศ. 2569 ของกลุ่มนโยบายและแผน"
)


def plain(html: str) -> str:
    """The snippet's text as read: no marks, no ellipses."""
    text = re.sub(r"</?mark>", "", str(html))
    return text.removeprefix("… ").removesuffix(" …")


def marks(html: str) -> list[str]:
    return re.findall(r"<mark>(.*?)</mark>", str(html))


def test_thai_words_are_told_apart():
    text = "สำหรับสาธิตระบบ"
    cuts = word_boundaries(text)
    assert [text[a:b] for a, b in zip(cuts, cuts[1:], strict=False)] == [
        "สำหรับ",
        "สาธิต",
        "ระบบ",
    ]


def test_spaces_and_latin_words_are_boundaries():
    text = "รายงาน O-NET 2569 ของโรงเรียน"
    cuts = word_boundaries(text)
    assert {6, 7, 12, 13, 17, 18} <= set(cuts)
    assert 9 not in cuts  # inside O-NET


@pytest.mark.parametrize(
    "query", ["สาธิต", "งบประมาณ", "ประจำปี", "กลุ่มนโยบาย", "2569", "ไม่พบคำนี้เลย"]
)
@pytest.mark.parametrize("width", [30, 45, 60, 90, 120])
def test_a_snippet_starts_and_ends_between_words(query, width):
    html = snippet(DEMO, query, width=width)
    text = plain(html)
    start = DEMO.index(text)
    cuts = set(word_boundaries(DEMO))
    assert start in cuts, f"cut inside a word at the start: {text[:12]}"
    assert start + len(text) in cuts, f"cut inside a word at the end: {text[-12:]}"


def test_the_cut_words_of_the_first_report_are_whole():
    # What the search showed before: "… หรับสาธิตระบบ" and "งบปร …".
    html = snippet(DEMO, "สาธิต", width=40)
    assert not plain(html).startswith("หรับ")
    html = snippet(DEMO, "การใช้จ่าย", width=40)
    assert not re.search(r"งบปร$", plain(html))
    assert plain(html).endswith(("งบประมาณ", "ประจำปี", "การใช้จ่าย", "ประจำ"))


def test_a_phrase_is_marked_as_one():
    html = snippet(DEMO, "แผนปฏิบัติการประจำปี")
    assert "<mark>แผนปฏิบัติการประจำปี</mark>" in str(html)


def test_a_phrase_typed_with_spaces_is_marked_as_one():
    html = snippet(DEMO, "แผน ปฏิบัติการ")
    assert "<mark>แผนปฏิบัติการ</mark>" in str(html)


def test_a_quoted_phrase_is_found():
    html = snippet(DEMO, "“ประจำปีงบประมาณ”")
    assert "<mark>ประจำปีงบประมาณ</mark>" in str(html)


def test_words_found_apart_are_marked_apart():
    html = snippet("แผนการใช้จ่ายงบประมาณ และรายงานผล", "แผน รายงาน")
    assert marks(html) == ["แผน", "รายงาน"]


def test_the_snippet_is_escaped():
    html = snippet("<b>ประกาศ</b> ผู้ชนะ", "ประกาศ")
    assert "&lt;b&gt;<mark>ประกาศ</mark>&lt;/b&gt;" in str(html)


def test_no_query_word_found_gives_the_start():
    html = snippet(DEMO, "คอมพิวเตอร์", width=40)
    assert plain(html) == DEMO[: len(plain(html))]
    assert str(html).endswith(" …")
