"""Thai calendar arithmetic: Buddhist-era years, fiscal years and quarters.

Every app uses these rules (items, galleries, memos, reports), so they live here in
the Thai layer, under every app. A fiscal year B.E. N runs 1 October (N-544 CE) to 30 September
(N-543 CE); quarter 1 is Oct-Dec, 2 Jan-Mar, 3 Apr-Jun, 4 Jul-Sep. All date
arithmetic happens in the office's local time (Asia/Bangkok).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils.translation import gettext

BE_OFFSET = 543
BANGKOK = ZoneInfo("Asia/Bangkok")

MONTHS_TH = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)  # fmt: skip
MONTHS_TH_SHORT = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)  # fmt: skip
# datetime.weekday(): Monday is 0.
WEEKDAYS_TH = ("จันทร์", "อังคาร", "พุธ", "พฤหัสบดี", "ศุกร์", "เสาร์", "อาทิตย์")

_TO_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
_TO_ARABIC_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def thai_digits(text: object) -> str:
    """Write Arabic digits as Thai digits (๐-๙), as official documents do."""
    return str(text).translate(_TO_THAI_DIGITS)


def arabic_digits(text: str) -> str:
    """Write Thai digits as Arabic digits, e.g. to read a year typed as ๒๕๖๙."""
    return text.translate(_TO_ARABIC_DIGITS)


def local_date(value: dt.date | dt.datetime) -> dt.date:
    """The calendar date in Bangkok of a date or datetime (naive datetimes are local)."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(BANGKOK)
        return value.date()
    return value


def be_year(value: dt.date | dt.datetime) -> int:
    """The Buddhist-era year of a date (CE + 543)."""
    return local_date(value).year + BE_OFFSET


def fiscal_year(value: dt.date | dt.datetime) -> int:
    """The Thai fiscal year (B.E.) a date falls in: October starts the next year."""
    d = local_date(value)
    return (d.year + 1 if d.month >= 10 else d.year) + BE_OFFSET


def fiscal_quarter(value: dt.date | dt.datetime) -> int:
    """The fiscal quarter (1-4) a date falls in: Q1 is October to December."""
    d = local_date(value)
    return (d.month - 10) % 12 // 3 + 1


@dataclass(frozen=True, order=True)
class FiscalPeriod:
    """A reporting period of a fiscal year: a quarter, the 6-month round or the year.

    ``kind`` is "quarter" (with ``number`` 1-4), "half" (number 1 = Oct-Mar, the
    6-month round; 2 = Apr-Sep) or "year".
    """

    fiscal_year: int
    kind: str = "year"
    number: int = 0

    def __post_init__(self) -> None:
        valid = {"year": {0}, "half": {1, 2}, "quarter": {1, 2, 3, 4}}
        if self.kind not in valid or self.number not in valid[self.kind]:
            raise ValueError(f"Invalid fiscal period: {self.kind} {self.number}")
        if not 2400 <= self.fiscal_year <= 2700:
            raise ValueError(f"Fiscal year must be in B.E.: {self.fiscal_year}")

    @classmethod
    def quarter(cls, fiscal_year_be: int, number: int) -> FiscalPeriod:
        return cls(fiscal_year_be, "quarter", number)

    @classmethod
    def containing(cls, value: dt.date | dt.datetime) -> FiscalPeriod:
        """The quarter a date falls in."""
        return cls.quarter(fiscal_year(value), fiscal_quarter(value))

    @property
    def _month_span(self) -> tuple[int, int]:
        """First month index and number of months, counted from October = 0."""
        if self.kind == "quarter":
            return (self.number - 1) * 3, 3
        if self.kind == "half":
            return (self.number - 1) * 6, 6
        return 0, 12

    @property
    def start(self) -> dt.date:
        """First day of the period."""
        offset, _ = self._month_span
        year_ce = self.fiscal_year - BE_OFFSET - 1
        month0 = 9 + offset  # zero-based month: 9 = October
        return dt.date(year_ce + month0 // 12, month0 % 12 + 1, 1)

    @property
    def end(self) -> dt.date:
        """Last day of the period."""
        offset, length = self._month_span
        year_ce = self.fiscal_year - BE_OFFSET - 1
        month0 = 9 + offset + length  # first month after the period
        first_after = dt.date(year_ce + month0 // 12, month0 % 12 + 1, 1)
        return first_after - dt.timedelta(days=1)

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """Aware datetimes [start, end) at Bangkok midnight, for filtering timestamps."""
        start = dt.datetime.combine(self.start, dt.time.min, tzinfo=BANGKOK)
        end = dt.datetime.combine(
            self.end + dt.timedelta(days=1), dt.time.min, tzinfo=BANGKOK
        )
        return start, end

    def __contains__(self, value: dt.date | dt.datetime) -> bool:
        return self.start <= local_date(value) <= self.end

    @property
    def label(self) -> str:
        """The period as reports name it, e.g. ปีงบประมาณ พ.ศ. 2569 ไตรมาสที่ 1."""
        values = {"year": self.fiscal_year, "number": self.number}
        if self.kind == "quarter":
            return gettext("Fiscal year B.E. %(year)s, quarter %(number)s") % values
        if self.kind == "half":
            if self.number == 1:
                return gettext("Fiscal year B.E. %(year)s, 6-month round") % values
            return gettext("Fiscal year B.E. %(year)s, second half") % values
        return gettext("Fiscal year B.E. %(year)s") % values


def fiscal_year_bounds(fiscal_year_be: int) -> tuple[dt.date, dt.date]:
    """First and last day of a fiscal year given in B.E."""
    period = FiscalPeriod(fiscal_year_be)
    return period.start, period.end


def format_thai_date(
    value: dt.date | dt.datetime | None,
    style: str = "long",
    *,
    digits: str = "arabic",
) -> str:
    """A date in Thai with a Buddhist-era year.

    Styles: ``long`` "24 มิถุนายน พ.ศ. 2563"; ``short`` "24 มิ.ย. 2563";
    ``full`` "วันพุธที่ 24 มิถุนายน พ.ศ. 2563"; ``datetime`` "24 มิถุนายน พ.ศ. 2563
    เวลา 14:30 น."; ``short_datetime`` "24 มิ.ย. 2563 14:30 น."; ``month``
    "มิถุนายน 2563". ``digits="thai"`` writes ๐-๙. Aware datetimes are shown in
    Bangkok time.
    """
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        value = value.astimezone(BANGKOK)
    d = value.date() if isinstance(value, dt.datetime) else value
    year = d.year + BE_OFFSET
    long_date = f"{d.day} {MONTHS_TH[d.month - 1]} พ.ศ. {year}"
    short_date = f"{d.day} {MONTHS_TH_SHORT[d.month - 1]} {year}"
    time = f"{value:%H:%M} น." if isinstance(value, dt.datetime) else ""
    if style == "short":
        text = short_date
    elif style == "full":
        text = f"วัน{WEEKDAYS_TH[d.weekday()]}ที่ {long_date}"
    elif style == "datetime":
        text = f"{long_date} เวลา {time}" if time else long_date
    elif style == "short_datetime":
        text = f"{short_date} {time}" if time else short_date
    elif style == "month":
        text = f"{MONTHS_TH[d.month - 1]} {year}"
    elif style == "long":
        text = long_date
    else:
        raise ValueError(f"Unknown Thai date style: {style}")
    return thai_digits(text) if digits == "thai" else text
