"""Reading and writing the values of a procurement summary: baht as Decimal (never
float), a bidder with their price, and dates written with B.E. or C.E. years.

Pure functions: the import, the forms and the public page all read values here.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from disclosure_thai.dates import BE_OFFSET, arabic_digits

CENT = Decimal("0.01")
MAX_BAHT = Decimal("999999999999.99")  # Decimal(14, 2)

THAI_MONTHS = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
THAI_MONTHS_SHORT = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)


class ValueProblem(ValueError):
    """A value that cannot be read; ``str()`` is the reason, for the message."""


def to_decimal(value) -> Decimal:
    """Baht from a spreadsheet cell or typed text: ``12,500``, ``๑๒,๕๐๐.๕๐ บาท``,
    a number cell (converted through its shortest text, never as binary float).
    Rounded to satang; ``ValueProblem`` when it is not an amount."""
    if isinstance(value, bool) or value is None:
        raise ValueProblem("empty")
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, int | float):
        amount = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    else:
        text = arabic_digits(str(value)).strip()
        text = re.sub(r"(บาท|฿|\s|,)", "", text)
        if text.endswith(".-"):
            text = text[:-2]
        if not re.fullmatch(r"\d+(\.\d+)?", text):
            raise ValueProblem("not a number")
        try:
            amount = Decimal(text)
        except InvalidOperation as error:
            raise ValueProblem("not a number") from error
    if not amount.is_finite() or amount < 0:
        raise ValueProblem("negative")
    amount = amount.quantize(CENT, rounding=ROUND_HALF_UP)
    if amount > MAX_BAHT:
        raise ValueProblem("too large")
    return amount


def format_baht(value) -> str:
    """``1234567.5`` → ``1,234,567.50``: thousands separators, two decimals."""
    if value is None or value == "":
        return ""
    return f"{Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP):,.2f}"


# A price at the end of a line: "บริษัท ก จำกัด 12,500.00 บาท", "ร้าน ข / ๙,๘๐๐.-".
_PRICE_AT_END = re.compile(
    r"^(?P<name>.*?)[\s:/–\-]*(?:ราคา(?:ที่เสนอ|ที่ตกลง(?:ซื้อหรือจ้าง)?)?\s*)?"
    r"(?P<price>\d[\d,]*(?:\.\d+)?)\s*(?:บาท)?\s*(?:\.-|-)?\s*$"
)


def split_name_price(text: str) -> tuple[str, Decimal | None]:
    """A name and the price written after it; the price is None when there is none."""
    text = " ".join(arabic_digits(str(text or "")).split())
    match = _PRICE_AT_END.match(text)
    if not match or not match.group("name").strip():
        return text.strip(), None
    name = re.sub(r"[\s:/–\-]*(ราคา)?\s*$", "", match.group("name")).strip()
    return name, to_decimal(match.group("price"))


def parse_bids(text: str) -> list[tuple[str, Decimal]]:
    """Bidders one per line, each ending in their price. ``ValueProblem`` names the
    first line without a readable price."""
    bids = []
    for line in re.split(r"[\n;]+", str(text or "")):
        line = line.strip(" \t\r-•·")
        if not line:
            continue
        line = re.sub(r"^\d+[.)]\s*", "", arabic_digits(line))
        name, price = split_name_price(line)
        if price is None or not name:
            raise ValueProblem(line)
        bids.append((name, price))
    return bids


def bids_text(bids: list[tuple[str, Decimal]]) -> str:
    """The stored form of bids: one "name price" per line."""
    return "\n".join(f"{name} {format_baht(price)}" for name, price in bids)


# --- Dates -----------------------------------------------------------------------

_NUMERIC_DATE = re.compile(
    r"(?<![\d/])(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2,4})(?![\d/])"
)
_MONTH_WORDS = sorted(
    [(name, n + 1) for n, name in enumerate(THAI_MONTHS)]
    + [(name, n + 1) for n, name in enumerate(THAI_MONTHS_SHORT)]
    + [(name.replace(".", ""), n + 1) for n, name in enumerate(THAI_MONTHS_SHORT)],
    key=lambda pair: -len(pair[0]),
)
_WORD_DATE = re.compile(
    r"(\d{1,2})\s*("
    + "|".join(re.escape(name) for name, _n in _MONTH_WORDS)
    + r")\s*(?:พ\.\s*ศ\.|ค\.\s*ศ\.)?\s*(\d{2,4})"
)
# Words that announce a date in the contract column: one follows, readable or not.
DATE_WORDS = re.compile(r"(ลงวันที่|ลว\.|วันที่)")


def _year(text: str) -> int:
    year = int(text)
    if year < 100:  # "68": B.E. 2568
        year += 2500
    if year >= 2400:
        year -= BE_OFFSET
    return year


def _date(day: str, month: int, year: str) -> dt.date:
    try:
        return dt.date(_year(year), month, int(day))
    except ValueError as error:
        raise ValueProblem("no such day") from error


def find_date(text: str) -> tuple[dt.date | None, str]:
    """The date written in ``text`` (15/10/2568, 15 ต.ค. 68, 15 ตุลาคม พ.ศ. 2568; B.E.
    or C.E.) and the text without it. ``(None, text)`` when none is written;
    ``ValueProblem`` when one is written but is no real day."""
    text = arabic_digits(str(text or ""))
    match = _WORD_DATE.search(text)
    if match:
        month = next(n for name, n in _MONTH_WORDS if name == match.group(2))
        found = _date(match.group(1), month, match.group(3))
    else:
        match = _NUMERIC_DATE.search(text)
        if not match:
            return None, text
        found = _date(match.group(1), int(match.group(2)), match.group(3))
    rest = (text[: match.start()] + " " + text[match.end() :]).strip()
    return found, rest


def cell_date(value) -> dt.date | None:
    """A date cell: a date typed with its B.E. year (2568-10-15) is read as C.E."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        if value.year >= 2400:
            try:
                return value.replace(year=value.year - BE_OFFSET)
            except ValueError as error:  # 29 Feb of a B.E. year
                raise ValueProblem("no such day") from error
        return value
    return None


def parse_contract(value) -> tuple[str, dt.date | None]:
    """The contract's number and date from one cell ("สัญญาเลขที่ 12/2569 ลงวันที่
    15 ต.ค. 2568"). ``ValueProblem`` when a date is announced or written but cannot
    be read."""
    if value is None:
        return "", None
    date = cell_date(value)
    if date is not None:
        return "", date
    text = " ".join(str(value).split())
    if not text:
        return "", None
    date, rest = find_date(text)
    if date is None:
        if DATE_WORDS.search(text) or re.search(r"\d+\s*[/.\-]\s*\d+\s*[/.\-]", text):
            raise ValueProblem("unreadable date")
        raise ValueProblem("no date")
    rest = DATE_WORDS.sub(" ", rest)
    rest = re.sub(r"(สัญญา|ข้อตกลง|ใบสั่ง(ซื้อ|จ้าง))?\s*เลขที่", " ", rest)
    number = " ".join(rest.split()).strip(" ,;:-")
    return number, date


def month_from_text(text: str) -> tuple[int, int]:
    """``YYYY-MM`` (B.E. or C.E. year, Thai digits welcome) → (C.E. year, month)."""
    match = re.fullmatch(r"\s*(\d{4})\s*[-/]\s*(\d{1,2})\s*", arabic_digits(str(text)))
    if not match:
        raise ValueProblem("format")
    year, month = int(match.group(1)), int(match.group(2))
    if year >= 2400:
        year -= BE_OFFSET
    if not 1 <= month <= 12 or not 1900 <= year <= 2200:
        raise ValueProblem("range")
    return year, month


def fiscal_year_of_month(year: int, month: int) -> int:
    """The B.E. fiscal year a calendar month (C.E.) belongs to."""
    return (year + 1 if month >= 10 else year) + BE_OFFSET


def calendar_month(fiscal_year_be: int, month: int) -> tuple[int, int]:
    """(C.E. year, month) of a month of a B.E. fiscal year."""
    ce = fiscal_year_be - BE_OFFSET
    return (ce - 1 if month >= 10 else ce), month


FISCAL_MONTHS = (10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9)
