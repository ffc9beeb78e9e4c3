"""Importing a year's indicators from the workbook NACC or the office's superior sends.

The sheet has a header row (anywhere in its first rows, under any title lines) with
Thai headers for the code, title, requirement and owning unit (a group column is
read when there is one); headers are matched loosely (spaces, case and wording
around the key words do not matter). Every bad row is reported by its row number,
and nothing is written unless the whole sheet is good. An indicator whose code is
already in the year is updated; the others are added after the year's last one.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from disclosure_thai.dates import arabic_digits
from moderation.models import Unit
from moderation.public_cache import purge_public_cache

from .models import ItaIndicator, ItaYear

CODE, TITLE, REQUIREMENT, UNITS, GROUP = (
    "code",
    "title",
    "requirement",
    "units",
    "group",
)
REQUIRED = (CODE, TITLE)
# Key words of each column, tried in this order (a title header often holds
# the word ตัวชี้วัด too, so the title's words are tried before the code's).
HEADER_WORDS: list[tuple[str, tuple[str, ...]]] = [
    (TITLE, ("ชื่อ", "หัวข้อ", "รายการ", "ประเด็น", "title", "name")),
    (CODE, ("รหัส", "ข้อที่", "ตัวชี้วัดที่", "code")),
    (
        REQUIREMENT,
        ("รายละเอียด", "คำอธิบาย", "ข้อกำหนด", "เกณฑ์", "requirement", "description"),
    ),
    (UNITS, ("รับผิดชอบ", "หน่วยงาน", "กลุ่ม", "หน่วย", "unit", "owner")),
    (GROUP, ("องค์ประกอบ", "หมวด", "ด้าน", "group", "category")),
]
# A header that is only one of these words is the code column.
CODE_ALONE = ("ข้อ", "ตัวชี้วัด", "o", "no")
HEADER_SEARCH_ROWS = 15
MAX_CODE = ItaIndicator._meta.get_field("code").max_length
MAX_TITLE = ItaIndicator._meta.get_field("title").max_length
MAX_GROUP = ItaIndicator._meta.get_field("group").max_length
UNIT_SEPARATORS = re.compile(r"[,;\n/、]+|\s+และ\s+")


class ImportFailed(Exception):
    """The workbook was refused; ``errors`` says why, row by row."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class ImportResult:
    """What an import wrote."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)


def _squash(value: object) -> str:
    return re.sub(r"\s+", "", str(value or "")).lower()


def header_field(value: object) -> str | None:
    """The column a header names, if any."""
    text = _squash(value)
    if not text:
        return None
    if text.strip(".:") in CODE_ALONE:
        return CODE
    for name, words in HEADER_WORDS:
        if any(word in text for word in words):
            return name
    return None


def normalise_code(value: object) -> str:
    """``o 12``, ``O๑๒`` and ``O12`` are one code."""
    text = arabic_digits(str(value if value is not None else "")).strip()
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    return re.sub(r"\s+", "", text).upper()


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def find_header(rows: list[tuple]) -> tuple[int, dict[str, int]] | None:
    """The header row (0-based) and the column of each field it names."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        columns: dict[str, int] = {}
        for col, value in enumerate(row):
            name = header_field(value)
            if name and name not in columns:
                columns[name] = col
        if all(name in columns for name in REQUIRED):
            return index, columns
    return None


def _unit_matcher():
    units = list(Unit.objects.all())
    exact: dict[str, Unit] = {}
    for unit in units:
        for key in (unit.code, unit.name_th, getattr(unit, "name_en", "")):
            if key:
                exact[_squash(key)] = unit

    def match(text: str) -> Unit | None:
        key = _squash(text)
        if key in exact:
            return exact[key]
        # "กลุ่มการเงิน" for กลุ่มบริหารงานการเงินและสินทรัพย์: one unit whose name
        # holds the words, or whose name the cell holds.
        found = [
            u
            for u in units
            if key and (key in _squash(u.name_th) or _squash(u.name_th) in key)
        ]
        return found[0] if len(found) == 1 else None

    return match


def read_rows(file) -> list[tuple]:
    """The first sheet's values, or ImportFailed if the file is no workbook."""
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except UNREADABLE as exc:
        raise _not_a_workbook(exc) from exc
    try:
        sheet = workbook.worksheets[0]
        # A read-only sheet is parsed only here: a damaged one fails here too.
        return [tuple(row) for row in sheet.iter_rows(values_only=True)]
    except UNREADABLE as exc:
        raise _not_a_workbook(exc) from exc
    finally:
        workbook.close()


# What openpyxl raises for a file that is no (or a damaged) workbook; the XML
# parse error is a SyntaxError.
UNREADABLE = (zipfile.BadZipFile, OSError, ValueError, KeyError, SyntaxError)


def _not_a_workbook(exc: Exception) -> ImportFailed:
    return ImportFailed(
        [_("The file is not an Excel workbook (.xlsx): %(error)s") % {"error": exc}]
    )


def parse_rows(rows: list[tuple]) -> list[dict]:
    """The indicators a sheet holds, or ImportFailed with every problem found."""
    found = find_header(rows)
    if found is None:
        seen = next((r for r in rows[:HEADER_SEARCH_ROWS] if any(r)), ())
        raise ImportFailed(
            [
                _(
                    "The header row was not found: the sheet needs a code column "
                    "(รหัสตัวชี้วัด) and a title column (ชื่อตัวชี้วัด); the first row "
                    "holds: %(headers)s"
                )
                % {"headers": ", ".join(_cell(v) for v in seen if v) or "-"}
            ]
        )
    header_index, columns = found
    match_unit = _unit_matcher()
    errors: list[str] = []
    parsed: list[dict] = []
    first_row: dict[str, int] = {}

    def value(row: tuple, name: str) -> str:
        col = columns.get(name)
        return _cell(row[col]) if col is not None and col < len(row) else ""

    for index, row in enumerate(rows[header_index + 1 :], start=header_index + 2):
        if not any(_cell(v) for v in row):
            continue
        problems = []
        code = normalise_code(value(row, CODE)) if value(row, CODE) else ""
        title = value(row, TITLE)
        if not code:
            problems.append(_("the code is empty"))
        elif len(code) > MAX_CODE:
            problems.append(
                _("the code is longer than %(max)s characters") % {"max": MAX_CODE}
            )
        elif code in first_row:
            problems.append(
                _("the code %(code)s is already in row %(row)s")
                % {"code": code, "row": first_row[code]}
            )
        if not title:
            problems.append(_("the title is empty"))
        elif len(title) > MAX_TITLE:
            problems.append(
                _("the title is longer than %(max)s characters") % {"max": MAX_TITLE}
            )
        group = value(row, GROUP)
        if len(group) > MAX_GROUP:
            problems.append(
                _("the group is longer than %(max)s characters") % {"max": MAX_GROUP}
            )
        units = []
        for name in UNIT_SEPARATORS.split(value(row, UNITS)):
            if not name.strip():
                continue
            unit = match_unit(name)
            if unit is None:
                problems.append(
                    _("no unit is called “%(name)s”") % {"name": name.strip()}
                )
            elif unit not in units:
                units.append(unit)
        if code and code not in first_row:
            first_row[code] = index
        if problems:
            errors.append(
                _("Row %(row)s: %(problems)s")
                % {"row": index, "problems": "; ".join(problems)}
            )
            continue
        parsed.append(
            {
                "code": code,
                "title": title,
                "requirement": value(row, REQUIREMENT),
                "group": group,
                "units": units,
                "row": index,
            }
        )
    if errors:
        raise ImportFailed(errors)
    if not parsed:
        raise ImportFailed([_("The sheet holds no indicator under its header row.")])
    return parsed


@transaction.atomic
def import_indicators(year: ItaYear, file) -> ImportResult:
    """Add or update the year's indicators from a workbook: all rows or none."""
    parsed = parse_rows(read_rows(file))
    result = ImportResult()
    existing = {i.code: i for i in year.indicators.all()}
    last = max((i.sort_order for i in existing.values()), default=0)
    created: list[ItaIndicator] = []
    updated: list[ItaIndicator] = []
    for row in parsed:
        indicator = existing.get(row["code"])
        if indicator is None:
            last += 10
            indicator = ItaIndicator(year=year, code=row["code"], sort_order=last)
            result.created.append(row["code"])
            created.append(indicator)
        else:
            result.updated.append(row["code"])
            updated.append(indicator)
        indicator.title = row["title"]
        indicator.requirement = row["requirement"]
        if row["group"]:
            indicator.group = row["group"]
        row["indicator"] = indicator
    # In bulk: a save per row also rebuilt Wagtail's reference index per indicator,
    # minutes for a long sheet. The fields written here refer to no page or
    # document (rules and links are kept in the admin), so the index is unchanged.
    ItaIndicator.objects.bulk_create(created, batch_size=500)
    ItaIndicator.objects.bulk_update(
        updated, ["title", "requirement", "group"], batch_size=500
    )
    for row in parsed:
        if row["units"]:
            row["indicator"].units.set(row["units"])
    purge_public_cache(f"ITA catalogue: workbook imported into {year.fiscal_year}")
    return result
