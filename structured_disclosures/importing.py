"""Reading the office's own สขร.๑ workbook, and saving it as a draft summary.

The office's workbooks differ: headers broken over lines, spelt with Thai or Arabic
digits, merged over two rows (a parent header over sub-columns), a title above, a
row numbering the columns, a total row and signatures below. Headers are matched by
the words that mark each column, not by their exact text. Every row is read before
anything is saved; one bad cell is reported by row, column and reason (in Thai for
the office) and nothing is saved until the workbook reads clean.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter, range_boundaries
from wagtail.models import PageLogEntry

from disclosure_pages.models import DisclosureCategoryPage
from disclosure_thai.dates import arabic_digits, format_thai_date
from moderation.models import Unit
from moderation.office import unit_ids_for
from moderation.pages import has_office_wide_access

from .models import (
    ProcurementMethod,
    ProcurementRow,
    ProcurementSummaryPage,
    procurement_category_code,
)
from .values import (
    ValueProblem,
    calendar_month,
    parse_bids,
    parse_contract,
    split_name_price,
    to_decimal,
)

MAX_ROWS = 2000
MAX_UNPACKED = 40 * 1024 * 1024
MAX_MERGED_CELLS = 100_000
HEADER_SEARCH_ROWS = 25

# The form's columns: key, heading (as messages name it), words that mark it in a
# normalised header (first match wins, so the more specific come first), required.
COLUMNS = [
    ("number", pgettext_lazy("procurement column", "No."), ("ลำดับ",), False),
    ("reason", gettext_lazy("Reason for the selection, in brief"), ("เหตุผล",), False),
    (
        "winner",
        gettext_lazy("Selected bidder and agreed price"),
        ("ได้รับการคัดเลือก", "ผู้ชนะ", "ผู้ได้รับ"),
        True,
    ),
    ("bidders", gettext_lazy("Bidders and their prices"), ("ผู้เสนอ", "ผู้ยื่น"), False),
    (
        "contract",
        gettext_lazy("Contract or agreement number and date"),
        ("สัญญา", "ข้อตกลง"),
        False,
    ),
    (
        "budget",
        gettext_lazy("Budget (reference price), baht"),
        ("วงเงิน", "ราคากลาง"),
        True,
    ),
    (
        "method",
        gettext_lazy("Procurement method"),
        ("วิธีซื้อ", "วิธีจัด", "วิธีการ", "วิธี"),
        True,
    ),
    (
        "work",
        gettext_lazy("Work procured"),
        ("งานที่จัด", "งานจัด", "รายการ", "งานที่ซื้อ"),
        True,
    ),
]
HEADINGS = {key: heading for key, heading, _words, _required in COLUMNS}

_SPACE = re.compile(r"[\s\u200b\u00a0]+")
_NUMBERING = re.compile(r"^\(?\d{1,2}\)?$")
_TOTAL = re.compile(r"^(รวม|ยอดรวม|total)")
_NOTHING = re.compile(r"ไม่มีการจัด(ซื้อ|จ้าง)")


def normalise(value) -> str:
    """A header or cell for matching: no spaces or line breaks, Arabic digits,
    no brackets, lower case."""
    if value is None:
        return ""
    text = arabic_digits(str(value))
    text = _SPACE.sub("", text)
    return text.replace("(", "").replace(")", "").lower()


@dataclass
class Problem:
    """One thing the person must fix in the workbook."""

    message: str
    row: int | None = None
    column: str = ""
    heading: str = ""

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        if not self.column:
            return _("Row %(row)s: %(message)s") % {
                "row": self.row,
                "message": self.message,
            }
        return _("Row %(row)s, column %(column)s (%(heading)s): %(message)s") % {
            "row": self.row,
            "column": self.column,
            "heading": self.heading,
            "message": self.message,
        }


@dataclass
class ParsedRow:
    source_row: int
    number: int
    work: str
    budget: Decimal
    method: ProcurementMethod
    bids: list[tuple[str, Decimal]]
    winner_name: str
    winner_price: Decimal
    reason: str
    contract_number: str
    contract_date: dt.date | None

    def to_json(self) -> dict:
        return {
            "source_row": self.source_row,
            "number": self.number,
            "work": self.work,
            "budget": str(self.budget),
            "method": self.method.pk,
            "bids": [[name, str(price)] for name, price in self.bids],
            "winner_name": self.winner_name,
            "winner_price": str(self.winner_price),
            "reason": self.reason,
            "contract_number": self.contract_number,
            "contract_date": self.contract_date.isoformat()
            if self.contract_date
            else None,
        }

    @classmethod
    def from_json(cls, data: dict, methods: dict[int, ProcurementMethod]) -> ParsedRow:
        return cls(
            source_row=data["source_row"],
            number=data["number"],
            work=data["work"],
            budget=Decimal(data["budget"]),
            method=methods[data["method"]],
            bids=[(name, Decimal(price)) for name, price in data["bids"]],
            winner_name=data["winner_name"],
            winner_price=Decimal(data["winner_price"]),
            reason=data["reason"],
            contract_number=data["contract_number"],
            contract_date=dt.date.fromisoformat(data["contract_date"])
            if data["contract_date"]
            else None,
        )


@dataclass
class ParsedSummary:
    """What a workbook holds: its rows, or the problems that stop the import."""

    rows: list[ParsedRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    says_nothing_bought: bool = False
    ignored: list[int] = field(default_factory=list)  # total rows left out

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def no_procurement(self) -> bool:
        return not self.rows

    def totals(self) -> dict:
        return {
            "count": len(self.rows),
            "budget": sum((r.budget for r in self.rows), Decimal("0")),
            "winner_price": sum((r.winner_price for r in self.rows), Decimal("0")),
        }

    def to_json(self) -> dict:
        return {"rows": [row.to_json() for row in self.rows], "ignored": self.ignored}

    @classmethod
    def from_json(cls, data: dict) -> ParsedSummary:
        ids = {row["method"] for row in data.get("rows", [])}
        methods = ProcurementMethod.objects.in_bulk(ids)
        return cls(
            rows=[ParsedRow.from_json(row, methods) for row in data.get("rows", [])],
            ignored=data.get("ignored", []),
        )


# --- Reading ------------------------------------------------------------------------


class _Sheet:
    """A worksheet's values with merged cells resolved to their top-left value."""

    def __init__(self, sheet):
        self.sheet = sheet
        self.max_row = min(sheet.max_row or 0, MAX_ROWS + HEADER_SEARCH_ROWS)
        self.max_column = min(sheet.max_column or 0, 40)
        self.merged: dict[tuple[int, int], tuple[int, int]] = {}
        for merged in sheet.merged_cells.ranges:
            top = (merged.min_row, merged.min_col)
            # Only the part inside the cells read: a merge over a whole sheet
            # (A1:XFD1048576, a few bytes in the file) would be billions of cells.
            for row in range(merged.min_row, min(merged.max_row, self.max_row) + 1):
                for column in range(
                    merged.min_col, min(merged.max_col, self.max_column) + 1
                ):
                    self.merged[(row, column)] = top
        self.values: dict[tuple[int, int], object] = {}
        for row in sheet.iter_rows(
            min_row=1, max_row=self.max_row, max_col=self.max_column
        ):
            for cell in row:
                if cell.value is not None:
                    self.values[(cell.row, cell.column)] = cell.value

    def value(self, row: int, column: int):
        return self.values.get(self.merged.get((row, column), (row, column)))

    def own(self, row: int, column: int):
        """The cell's value unless it merely repeats a merge begun above it."""
        top = self.merged.get((row, column))
        if top is not None and top[0] < row:
            return None
        return self.value(row, column)

    def merges_down(self, row: int) -> bool:
        """Whether a merged cell of ``row`` continues into the next row."""
        return any(
            top[0] == row and r == row + 1 for (r, _c), top in self.merged.items()
        )


def _match_columns(texts: dict[int, str]) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for column, text in sorted(texts.items()):
        if not text:
            continue
        for key, _heading, words, _required in COLUMNS:
            if key == "number" and not text.startswith(words[0]):
                continue
            if any(word in text for word in words):
                found.setdefault(key, []).append(column)
                break
    return found


def _required_found(found: dict) -> bool:
    return all(key in found for key, _h, _w, required in COLUMNS if required)


def find_header(sheet: _Sheet) -> tuple[int, int, dict[str, list[int]]] | None:
    """(first header row, number of header rows, columns by key), or None."""
    last = min(sheet.max_row, HEADER_SEARCH_ROWS)
    for row in range(1, last + 1):
        single = {
            c: normalise(sheet.value(row, c)) for c in range(1, sheet.max_column + 1)
        }
        found = _match_columns(single)
        if not _required_found(found):
            continue
        below = {
            c: normalise(sheet.own(row + 1, c)) for c in range(1, sheet.max_column + 1)
        }
        sub_header = sheet.merges_down(row) or (
            any(below.values())
            and not any(below.get(c) for c in found.get("number", []))
            and bool(_match_columns(below))
        )
        if sub_header:
            combined = {c: single[c] + below.get(c, "") for c in single}
            found = _match_columns(combined)
            # A sub-header alone may not move a column to another key.
            for key, columns in _match_columns(single).items():
                found.setdefault(key, columns)
            return row, 2, found
        return row, 1, found
    return None


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


class _RowReader:
    def __init__(self, sheet: _Sheet, columns: dict[str, list[int]], methods):
        self.sheet = sheet
        self.columns = columns
        self.methods = methods

    def cells(self, row: int, key: str) -> list:
        return [self.sheet.value(row, c) for c in self.columns.get(key, [])]

    def first(self, row: int, key: str):
        cells = self.cells(row, key)
        return cells[0] if cells else None

    def where(self, key: str) -> tuple[str, str]:
        columns = self.columns.get(key, [])
        letter = get_column_letter(columns[0]) if columns else ""
        return letter, str(HEADINGS[key])


def _method_spellings(methods) -> list[tuple[str, ProcurementMethod]]:
    spellings = []
    for method in methods:
        for spelling in method.spellings():
            text = normalise(spelling).replace("-", "")
            if text:
                spellings.append((text, method))
    return sorted(spellings, key=lambda pair: -len(pair[0]))


def match_method(value, spellings) -> ProcurementMethod | None:
    text = normalise(value).replace("-", "")
    if not text:
        return None
    for spelling, method in spellings:
        if spelling == text:
            return method
    for spelling, method in spellings:
        if spelling in text or (len(text) >= 4 and text in spelling):
            return method
    return None


def read_rows(
    sheet: _Sheet, header_row: int, header_rows: int, columns
) -> ParsedSummary:
    parsed = ParsedSummary()
    methods = list(ProcurementMethod.objects.all())
    spellings = _method_spellings(methods)
    reader = _RowReader(sheet, columns, methods)
    nothing_row = 0
    for row in range(header_row + header_rows, sheet.max_row + 1):
        values = [sheet.own(row, c) for cols in columns.values() for c in cols]
        texts = [normalise(v) for v in values if v is not None and _text(v)]
        if not texts:
            continue
        first_texts = [normalise(reader.first(row, key)) for key in ("number", "work")]
        if any(_NOTHING.search(t) for t in texts):
            parsed.says_nothing_bought = True
            nothing_row = nothing_row or row
            continue
        if any(_TOTAL.match(t) for t in first_texts if t):
            parsed.ignored.append(row)
            break  # the total closes the table; notes and signatures follow
        work_text = normalise(reader.first(row, "work"))
        if _NUMBERING.match(work_text) and all(_NUMBERING.match(t) for t in texts):
            continue  # the row numbering the columns: (1) (2) (3) ...
        if len(parsed.rows) >= MAX_ROWS:
            parsed.problems.append(
                Problem(_("The workbook has more than %(n)s rows.") % {"n": MAX_ROWS})
            )
            break
        parsed_row = _read_row(reader, row, spellings, methods, parsed)
        if parsed_row is not None:
            parsed.rows.append(parsed_row)
    if parsed.says_nothing_bought and (parsed.rows or parsed.problems):
        # Either the month had no procurement or it has rows: not both.
        parsed.problems.insert(
            0,
            Problem(
                _(
                    "The workbook says there was no procurement this month, yet it "
                    "has rows: delete that line or the rows."
                ),
                nothing_row,
            ),
        )
        parsed.rows = []
    return parsed


def _read_row(reader: _RowReader, row: int, spellings, methods, parsed):
    problems_before = len(parsed.problems)

    def problem(key: str, message: str) -> None:
        column, heading = reader.where(key)
        parsed.problems.append(Problem(message, row, column, heading))

    # ลำดับที่
    number_value = _text(reader.first(row, "number"))
    number = len(parsed.rows) + 1
    if number_value:
        digits = arabic_digits(number_value).strip().rstrip(".")
        if digits.isdigit():
            number = int(digits)
        else:
            problem(
                "number", _("“%(value)s” is not a number.") % {"value": number_value}
            )

    work = _text(reader.first(row, "work"))
    if not work:
        problem("work", _("The work procured is empty."))

    budget_value = reader.first(row, "budget")
    budget = None
    if _text(budget_value) == "":
        problem("budget", _("The amount is empty."))
    else:
        try:
            budget = to_decimal(budget_value)
        except ValueProblem:
            problem(
                "budget",
                _("“%(value)s” is not an amount in baht (write e.g. 12,500.00).")
                % {"value": _text(budget_value)},
            )

    method_value = _text(reader.first(row, "method"))
    method = match_method(method_value, spellings)
    if not method_value:
        problem("method", _("The procurement method is empty."))
    elif method is None:
        problem(
            "method",
            _(
                "“%(value)s” is not one of the procurement methods (%(known)s); an "
                "administrator can add it under Settings → Procurement methods."
            )
            % {
                "value": method_value,
                "known": ", ".join(m.name for m in methods),
            },
        )

    bids = []
    bid_cells = [_text(v) for v in reader.cells(row, "bidders")]
    if len(bid_cells) > 1:  # names in one column, prices in the next
        lines = [cell.splitlines() for cell in bid_cells]
        bid_text = "\n".join(" ".join(parts) for parts in zip(*lines, strict=False))
    else:
        bid_text = bid_cells[0] if bid_cells else ""
    try:
        bids = parse_bids(bid_text)
    except ValueProblem as error:
        problem(
            "bidders",
            _("“%(value)s” has no price: write the price after the name.")
            % {"value": str(error)},
        )

    winner_value = _text(reader.first(row, "winner"))
    winner_name, winner_price = "", None
    if not winner_value:
        problem("winner", _("The selected bidder is empty."))
    else:
        try:
            winner_name, winner_price = split_name_price(winner_value)
        except ValueProblem:
            winner_price = None
        if winner_price is None:
            problem(
                "winner",
                _(
                    "“%(value)s” has no price: write the name, then the agreed price "
                    "(e.g. ร้าน ก 12,500.00)."
                )
                % {"value": winner_value},
            )

    reason = _text(reader.first(row, "reason"))

    contract_value = reader.first(row, "contract")
    contract_number, contract_date = "", None
    try:
        contract_number, contract_date = parse_contract(contract_value)
    except ValueProblem as error:
        text = _text(contract_value)
        if str(error) == "no date":
            message = _(
                "“%(value)s” has no date: write the number and the date, e.g. "
                "12/2569 ลงวันที่ 15 ต.ค. 2568."
            )
        else:
            message = _(
                "The date in “%(value)s” cannot be read: write it as 15/10/2568 or "
                "15 ต.ค. 2568."
            )
        problem("contract", message % {"value": text})

    if len(parsed.problems) > problems_before:
        return None
    return ParsedRow(
        source_row=row,
        number=number,
        work=work,
        budget=budget,
        method=method,
        bids=bids,
        winner_name=winner_name,
        winner_price=winner_price,
        reason=reason,
        contract_number=contract_number,
        contract_date=contract_date,
    )


_MERGE = re.compile(
    rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=\"([A-Z]+[0-9]+):([A-Z]+[0-9]+)\""
)


def _merged_cells(archive: zipfile.ZipFile) -> int:
    """The number of cells of the merged ranges of all sheets together."""
    total = 0
    for info in archive.infolist():
        if not info.filename.startswith("xl/worksheets/"):
            continue
        for first, last in _MERGE.findall(archive.read(info)):
            try:
                left, top, right, bottom = range_boundaries(
                    f"{first.decode()}:{last.decode()}"
                )
            except (TypeError, ValueError):
                continue
            total += (right - left + 1) * (bottom - top + 1)
    return total


def archive_problem(file) -> Problem | None:
    """Why an .xlsx file must not be opened at all, or None. Its parts are checked
    before openpyxl reads them: an .xls renamed, a PDF or a cut-off download is no
    zip archive; a few megabytes may unpack to gigabytes; and openpyxl makes an
    object for every cell of a merged range, so one merge over a whole sheet (a
    few bytes in the file), would fill the server's memory."""
    try:
        with zipfile.ZipFile(file) as archive:
            size = sum(info.file_size for info in archive.infolist())
            if size > MAX_UNPACKED:
                return Problem(
                    _(
                        "The workbook is too large once unpacked (more than "
                        "%(mb)s MB): a month's สขร.๑ is far smaller. Save only the "
                        "month's sheet and try again."
                    )
                    % {"mb": MAX_UNPACKED // (1024 * 1024)}
                )
            if _merged_cells(archive) > MAX_MERGED_CELLS:
                return Problem(
                    _(
                        "The workbook merges more than %(n)s cells: unmerge them and "
                        "try again."
                    )
                    % {"n": f"{MAX_MERGED_CELLS:,}"}
                )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return Problem(_("The file cannot be read as an Excel workbook (.xlsx)."))
    finally:
        if hasattr(file, "seek"):
            file.seek(0)
    return None


def read_workbook(file) -> ParsedSummary:
    """Read an .xlsx file (a path or a file object) into rows or problems."""
    problem = archive_problem(file)
    if problem is not None:
        return ParsedSummary(problems=[problem])
    try:
        workbook = load_workbook(file, data_only=True)
    except Exception:  # a damaged or non-XLSX file: openpyxl raises many kinds
        return ParsedSummary(
            problems=[
                Problem(_("The file cannot be read as an Excel workbook (.xlsx)."))
            ]
        )
    sheets = [workbook.active] + [
        s for s in workbook.worksheets if s is not workbook.active
    ]
    for worksheet in sheets:
        if worksheet is None:
            continue
        sheet = _Sheet(worksheet)
        header = find_header(sheet)
        if header is None:
            continue
        row, rows, columns = header
        return read_rows(sheet, row, rows, columns)
    missing = ", ".join(
        f"“{heading}”" for _key, heading, _w, required in COLUMNS if required
    )
    return ParsedSummary(
        problems=[
            Problem(
                _(
                    "No sheet has the form's column headings (%(headings)s). Use the "
                    "office's สขร.๑ workbook."
                )
                % {"headings": missing}
            )
        ]
    )


# --- Saving -------------------------------------------------------------------------


def procurement_category() -> DisclosureCategoryPage | None:
    return DisclosureCategoryPage.objects.filter(
        code=procurement_category_code()
    ).first()


def importable_units(user):
    """The units a person may import a summary for: their own (all for publishers
    and administrators)."""
    if has_office_wide_access(user):
        return Unit.objects.all()
    return Unit.objects.filter(pk__in=unit_ids_for(user))


def can_import(user, unit: Unit) -> bool:
    """Whether ``user`` may save ``unit``'s summary: one of their units, and the
    right to add pages under the procurement category."""
    if user is None:
        return True  # a command run on the server
    category = procurement_category()
    if category is None or not importable_units(user).filter(pk=unit.pk).exists():
        return False
    return category.permissions_for_user(user).can_add_subpage()


def default_title(unit: Unit, fiscal_year: int, month: int) -> str:
    year, month = calendar_month(fiscal_year, month)
    with translation.override("th"):
        return _("Procurement summary, %(month)s – %(unit)s") % {
            "month": format_thai_date(dt.date(year, month, 1), "month"),
            "unit": unit.name_th,
        }


def _free_slug(category, base: str) -> str:
    taken = set(
        category.get_children()
        .filter(slug__startswith=base)
        .values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


class ImportRefused(Exception):
    """The summary cannot be saved (its page cannot be edited by this person)."""


@transaction.atomic
def save_summary(
    parsed: ParsedSummary, *, unit: Unit, fiscal_year: int, month: int, user=None
) -> tuple[ProcurementSummaryPage, bool]:
    """Create or update the unit's summary of the month as a draft (never published:
    it goes through the approval chain). Returns the page and whether it is new."""
    category = procurement_category()
    if category is None:
        raise ImportRefused(_("There is no procurement category (1.9) to save it in."))
    rows = [
        ProcurementRow(
            sort_order=n,
            number=row.number,
            work=row.work,
            budget=row.budget,
            method=row.method,
            bidders="\n".join(f"{name} {price:,.2f}" for name, price in row.bids),
            winner_name=row.winner_name,
            winner_price=row.winner_price,
            reason=row.reason,
            contract_number=row.contract_number,
            contract_date=row.contract_date,
        )
        for n, row in enumerate(parsed.rows)
    ]
    existing = (
        ProcurementSummaryPage.objects.select_for_update()
        .filter(unit=unit, summary_fiscal_year=fiscal_year, summary_month=month)
        .first()
    )
    if existing is not None:
        if user is not None and not existing.permissions_for_user(user).can_edit():
            raise ImportRefused(_("You may not edit this unit's summary."))
        page = existing.get_latest_revision_as_object()
        page.procurement_rows = rows
        page.no_procurement = parsed.no_procurement
        page.summary = page.summary_text()
        page.save_revision(user=user, log_action=True)
        return page, False
    page = ProcurementSummaryPage(
        title=default_title(unit, fiscal_year, month),
        slug=_free_slug(category, f"procurement-{fiscal_year}-{month:02d}-{unit.code}"),
        unit=unit,
        summary_fiscal_year=fiscal_year,
        summary_month=month,
        no_procurement=parsed.no_procurement,
        live=False,
        owner=user,
    )
    page.procurement_rows = rows
    category.add_child(instance=page)
    PageLogEntry.objects.log_action(page, "wagtail.create", user=user)
    page.save_revision(user=user, log_action=True)
    return page, True
