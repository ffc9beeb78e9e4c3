"""Thai dates as the public and the reports see them: B.E. years, fiscal years,
quarters and the 6-month round, at every boundary where the calendar turns."""

import datetime as dt

import pytest
from django.template import Context, Template

from disclosure_thai.dates import (
    FiscalPeriod,
    arabic_digits,
    be_year,
    fiscal_quarter,
    fiscal_year,
    fiscal_year_bounds,
    format_thai_date,
    thai_digits,
)

UTC = dt.UTC
BANGKOK = dt.timezone(dt.timedelta(hours=7))


# --- fiscal year and quarter -------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "year", "quarter"),
    [
        # 30 September closes the fiscal year, 1 October opens the next.
        (dt.date(2025, 9, 30), 2568, 4),
        (dt.date(2025, 10, 1), 2569, 1),
        # 31 December / 1 January: the calendar year turns, the fiscal year does not.
        (dt.date(2025, 12, 31), 2569, 1),
        (dt.date(2026, 1, 1), 2569, 2),
        (dt.date(2026, 3, 31), 2569, 2),
        (dt.date(2026, 4, 1), 2569, 3),
        (dt.date(2026, 6, 30), 2569, 3),
        (dt.date(2026, 7, 1), 2569, 4),
        (dt.date(2026, 9, 30), 2569, 4),
        (dt.date(2026, 10, 1), 2570, 1),
        # 29 February of a leap year.
        (dt.date(2024, 2, 29), 2567, 2),
        # Bangkok midnight is 17:00 UTC the day before.
        (dt.datetime(2025, 9, 30, 16, 59, 59, tzinfo=UTC), 2568, 4),
        (dt.datetime(2025, 9, 30, 17, 0, 0, tzinfo=UTC), 2569, 1),
        (dt.datetime(2025, 12, 31, 16, 59, 59, tzinfo=UTC), 2569, 1),
        (dt.datetime(2025, 12, 31, 17, 0, 0, tzinfo=UTC), 2569, 2),
        (dt.datetime(2025, 10, 1, 0, 0, tzinfo=BANGKOK), 2569, 1),
        # Naive datetimes are Bangkok time already.
        (dt.datetime(2025, 9, 30, 23, 59, 59), 2568, 4),
        (dt.datetime(2025, 10, 1, 0, 0), 2569, 1),
    ],
)
def test_fiscal_year_and_quarter(value, year, quarter):
    assert fiscal_year(value) == year
    assert fiscal_quarter(value) == quarter
    assert FiscalPeriod.containing(value) == FiscalPeriod.quarter(year, quarter)


@pytest.mark.parametrize(
    ("value", "year"),
    [
        (dt.date(2025, 12, 31), 2568),
        (dt.date(2026, 1, 1), 2569),
        (dt.datetime(2025, 12, 31, 16, 59, tzinfo=UTC), 2568),
        (dt.datetime(2025, 12, 31, 17, 0, tzinfo=UTC), 2569),
    ],
)
def test_be_year_turns_at_bangkok_midnight(value, year):
    assert be_year(value) == year


# --- fiscal periods ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "start", "end", "label"),
    [
        (
            FiscalPeriod(2569),
            dt.date(2025, 10, 1),
            dt.date(2026, 9, 30),
            "ปีงบประมาณ พ.ศ. 2569",
        ),
        (
            FiscalPeriod.quarter(2569, 1),
            dt.date(2025, 10, 1),
            dt.date(2025, 12, 31),
            "ปีงบประมาณ พ.ศ. 2569 ไตรมาสที่ 1",
        ),
        (
            FiscalPeriod.quarter(2569, 2),
            dt.date(2026, 1, 1),
            dt.date(2026, 3, 31),
            "ปีงบประมาณ พ.ศ. 2569 ไตรมาสที่ 2",
        ),
        (
            FiscalPeriod.quarter(2569, 3),
            dt.date(2026, 4, 1),
            dt.date(2026, 6, 30),
            "ปีงบประมาณ พ.ศ. 2569 ไตรมาสที่ 3",
        ),
        (
            FiscalPeriod.quarter(2569, 4),
            dt.date(2026, 7, 1),
            dt.date(2026, 9, 30),
            "ปีงบประมาณ พ.ศ. 2569 ไตรมาสที่ 4",
        ),
        # รอบ 6 เดือน: October to March.
        (
            FiscalPeriod(2569, "half", 1),
            dt.date(2025, 10, 1),
            dt.date(2026, 3, 31),
            "ปีงบประมาณ พ.ศ. 2569 รอบ 6 เดือน",
        ),
        (
            FiscalPeriod(2569, "half", 2),
            dt.date(2026, 4, 1),
            dt.date(2026, 9, 30),
            "ปีงบประมาณ พ.ศ. 2569 รอบ 6 เดือนหลัง",
        ),
        # Quarter 2 of FY 2567 holds 29 February 2024.
        (
            FiscalPeriod.quarter(2567, 2),
            dt.date(2024, 1, 1),
            dt.date(2024, 3, 31),
            "ปีงบประมาณ พ.ศ. 2567 ไตรมาสที่ 2",
        ),
        (
            FiscalPeriod(2567, "half", 1),
            dt.date(2023, 10, 1),
            dt.date(2024, 3, 31),
            "ปีงบประมาณ พ.ศ. 2567 รอบ 6 เดือน",
        ),
    ],
    ids=lambda v: v.label if isinstance(v, FiscalPeriod) else None,
)
def test_period_start_end_and_label(period, start, end, label):
    assert period.start == start
    assert period.end == end
    assert period.label == label
    assert period.bounds() == (
        dt.datetime.combine(start, dt.time.min, tzinfo=BANGKOK),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=BANGKOK),
    )
    assert start in period
    assert end in period
    assert start - dt.timedelta(days=1) not in period
    assert end + dt.timedelta(days=1) not in period


def test_fiscal_year_bounds():
    assert fiscal_year_bounds(2569) == (dt.date(2025, 10, 1), dt.date(2026, 9, 30))


def test_bounds_are_bangkok_midnights_for_filtering_timestamps():
    start, end = FiscalPeriod.quarter(2569, 1).bounds()
    assert start == dt.datetime(2025, 9, 30, 17, 0, tzinfo=UTC)
    assert end == dt.datetime(2025, 12, 31, 17, 0, tzinfo=UTC)
    # A timestamp one second before Bangkok midnight belongs to the previous year.
    assert not start <= dt.datetime(2025, 9, 30, 16, 59, 59, tzinfo=UTC) < end
    assert start <= dt.datetime(2025, 9, 30, 17, 0, 0, tzinfo=UTC) < end


@pytest.mark.parametrize(
    ("value", "inside"),
    [
        (dt.datetime(2025, 9, 30, 16, 59, 59, tzinfo=UTC), False),
        (dt.datetime(2025, 9, 30, 17, 0, 0, tzinfo=UTC), True),
        (dt.datetime(2025, 12, 31, 16, 59, 59, tzinfo=UTC), True),
        (dt.datetime(2025, 12, 31, 17, 0, 0, tzinfo=UTC), False),
    ],
)
def test_period_contains_aware_datetimes_in_bangkok_time(value, inside):
    assert (value in FiscalPeriod.quarter(2569, 1)) is inside


@pytest.mark.parametrize(
    ("args"),
    [
        (2569, "quarter", 0),
        (2569, "quarter", 5),
        (2569, "half", 0),
        (2569, "half", 3),
        (2569, "year", 1),
        (2569, "month", 1),
        (2569, "Quarter", 1),
        (2026, "year", 0),  # a CE year by mistake
        (2399, "year", 0),
        (2701, "quarter", 1),
    ],
)
def test_invalid_period_raises(args):
    with pytest.raises(ValueError):
        FiscalPeriod(*args)


def test_periods_sort_by_year_then_kind_then_number():
    periods = [FiscalPeriod.quarter(2569, 2), FiscalPeriod.quarter(2568, 4)]
    periods.append(FiscalPeriod.quarter(2569, 1))
    assert sorted(periods) == [
        FiscalPeriod.quarter(2568, 4),
        FiscalPeriod.quarter(2569, 1),
        FiscalPeriod.quarter(2569, 2),
    ]


# --- formatting ----------------------------------------------------------------------

JUNE_24 = dt.date(2020, 6, 24)
JUNE_24_1430 = dt.datetime(2020, 6, 24, 14, 30)


@pytest.mark.parametrize(
    ("value", "style", "digits", "expected"),
    [
        (JUNE_24, "long", "arabic", "24 มิถุนายน พ.ศ. 2563"),
        (JUNE_24, "long", "thai", "๒๔ มิถุนายน พ.ศ. ๒๕๖๓"),
        (JUNE_24, "short", "arabic", "24 มิ.ย. 2563"),
        (JUNE_24, "short", "thai", "๒๔ มิ.ย. ๒๕๖๓"),
        (JUNE_24, "full", "arabic", "วันพุธที่ 24 มิถุนายน พ.ศ. 2563"),
        (JUNE_24, "full", "thai", "วันพุธที่ ๒๔ มิถุนายน พ.ศ. ๒๕๖๓"),
        (JUNE_24, "month", "arabic", "มิถุนายน 2563"),
        (JUNE_24, "month", "thai", "มิถุนายน ๒๕๖๓"),
        (JUNE_24_1430, "datetime", "arabic", "24 มิถุนายน พ.ศ. 2563 เวลา 14:30 น."),
        (JUNE_24_1430, "datetime", "thai", "๒๔ มิถุนายน พ.ศ. ๒๕๖๓ เวลา ๑๔:๓๐ น."),
        (JUNE_24_1430, "short_datetime", "arabic", "24 มิ.ย. 2563 14:30 น."),
        (JUNE_24_1430, "short_datetime", "thai", "๒๔ มิ.ย. ๒๕๖๓ ๑๔:๓๐ น."),
        (JUNE_24_1430, "long", "arabic", "24 มิถุนายน พ.ศ. 2563"),
        # A date has no time: the time styles show the date alone.
        (JUNE_24, "datetime", "arabic", "24 มิถุนายน พ.ศ. 2563"),
        (JUNE_24, "short_datetime", "arabic", "24 มิ.ย. 2563"),
        # Leap day.
        (dt.date(2024, 2, 29), "short", "arabic", "29 ก.พ. 2567"),
        (dt.date(2024, 2, 29), "full", "arabic", "วันพฤหัสบดีที่ 29 กุมภาพันธ์ พ.ศ. 2567"),
        # Year ends.
        (dt.date(2025, 12, 31), "long", "arabic", "31 ธันวาคม พ.ศ. 2568"),
        (dt.date(2026, 1, 1), "long", "arabic", "1 มกราคม พ.ศ. 2569"),
        (dt.date(2025, 9, 30), "full", "arabic", "วันอังคารที่ 30 กันยายน พ.ศ. 2568"),
        (dt.date(2025, 10, 1), "short", "thai", "๑ ต.ค. ๒๕๖๘"),
        # Aware datetimes are shown in Bangkok time.
        (
            dt.datetime(2025, 9, 30, 17, 0, tzinfo=UTC),
            "datetime",
            "arabic",
            "1 ตุลาคม พ.ศ. 2568 เวลา 00:00 น.",
        ),
        (
            dt.datetime(2025, 9, 30, 16, 59, tzinfo=UTC),
            "short_datetime",
            "arabic",
            "30 ก.ย. 2568 23:59 น.",
        ),
        (
            dt.datetime(2025, 12, 31, 17, 30, tzinfo=UTC),
            "full",
            "arabic",
            "วันพฤหัสบดีที่ 1 มกราคม พ.ศ. 2569",
        ),
    ],
)
def test_format_thai_date(value, style, digits, expected):
    assert format_thai_date(value, style, digits=digits) == expected


@pytest.mark.parametrize(
    ("month", "long_name", "short_name"),
    [
        (1, "มกราคม", "ม.ค."),
        (2, "กุมภาพันธ์", "ก.พ."),
        (3, "มีนาคม", "มี.ค."),
        (4, "เมษายน", "เม.ย."),
        (5, "พฤษภาคม", "พ.ค."),
        (6, "มิถุนายน", "มิ.ย."),
        (7, "กรกฎาคม", "ก.ค."),
        (8, "สิงหาคม", "ส.ค."),
        (9, "กันยายน", "ก.ย."),
        (10, "ตุลาคม", "ต.ค."),
        (11, "พฤศจิกายน", "พ.ย."),
        (12, "ธันวาคม", "ธ.ค."),
    ],
)
def test_every_month_has_its_thai_name(month, long_name, short_name):
    value = dt.date(2026, month, 5)
    assert format_thai_date(value) == f"5 {long_name} พ.ศ. 2569"
    assert format_thai_date(value, "short") == f"5 {short_name} 2569"
    assert format_thai_date(value, "month") == f"{long_name} 2569"


@pytest.mark.parametrize("value", [None, ""])
def test_format_nothing_is_empty(value):
    assert format_thai_date(value) == ""


def test_format_unknown_style_raises():
    with pytest.raises(ValueError):
        format_thai_date(JUNE_24, "medium")


def test_digit_conversion_round_trips():
    assert thai_digits("พ.ศ. 2569 เวลา 09:45") == "พ.ศ. ๒๕๖๙ เวลา ๐๙:๔๕"
    assert thai_digits(1234567890) == "๑๒๓๔๕๖๗๘๙๐"
    assert arabic_digits("๒๕๖๙-๐๑-๓๑") == "2569-01-31"


# --- template filters ----------------------------------------------------------------


def render(source: str, **context) -> str:
    return Template("{% load thai_dates %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("arg", "value", "expected"),
    [
        ("", JUNE_24, "24 มิถุนายน พ.ศ. 2563"),
        (':"long"', JUNE_24, "24 มิถุนายน พ.ศ. 2563"),
        (':"short"', JUNE_24, "24 มิ.ย. 2563"),
        (':"full,thai"', JUNE_24, "วันพุธที่ ๒๔ มิถุนายน พ.ศ. ๒๕๖๓"),
        (':"full, thai"', JUNE_24, "วันพุธที่ ๒๔ มิถุนายน พ.ศ. ๒๕๖๓"),
        (':",thai"', JUNE_24, "๒๔ มิถุนายน พ.ศ. ๒๕๖๓"),
        (':"datetime"', JUNE_24_1430, "24 มิถุนายน พ.ศ. 2563 เวลา 14:30 น."),
        (':"short_datetime,thai"', JUNE_24_1430, "๒๔ มิ.ย. ๒๕๖๓ ๑๔:๓๐ น."),
        (':"month"', JUNE_24, "มิถุนายน 2563"),
        (':"short"', dt.date(2024, 2, 29), "29 ก.พ. 2567"),
        (
            ':"datetime"',
            dt.datetime(2025, 9, 30, 17, 0, tzinfo=UTC),
            "1 ตุลาคม พ.ศ. 2568 เวลา 00:00 น.",
        ),
        # An unknown style falls back to the long form, keeping the digits asked for.
        (':"medium"', JUNE_24, "24 มิถุนายน พ.ศ. 2563"),
        (':"medium,thai"', JUNE_24, "๒๔ มิถุนายน พ.ศ. ๒๕๖๓"),
    ],
)
def test_thai_date_filter(arg, value, expected):
    assert render("{{ d|thai_date" + arg + " }}", d=value) == expected


@pytest.mark.parametrize(
    "value", [None, "", "2020-06-24", 20200624, 2563, ["2020-06-24"], object()]
)
def test_thai_date_filter_renders_non_dates_empty(value):
    assert render('[{{ d|thai_date:"full,thai" }}]', d=value) == "[]"
    assert render("[{{ d|fiscal_year }}]", d=value) == "[]"


def test_missing_variable_renders_empty():
    assert render("[{{ missing|thai_date }}][{{ missing|fiscal_year }}]") == "[][]"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.date(2025, 9, 30), "2568"),
        (dt.date(2025, 10, 1), "2569"),
        (dt.datetime(2025, 9, 30, 17, 0, tzinfo=UTC), "2569"),
    ],
)
def test_fiscal_year_filter(value, expected):
    assert render("{{ d|fiscal_year }}", d=value) == expected
    assert render("{{ d|fiscal_year|thai_digits }}", d=value) == thai_digits(expected)


def test_thai_digits_filter():
    assert render("{{ n|thai_digits }}", n="เขต 2 ปี 2569") == "เขต ๒ ปี ๒๕๖๙"
