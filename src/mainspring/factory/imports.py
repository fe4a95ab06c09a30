"""Reading and checking a file of actual costs: a table in, checked rows or every error out.

Nothing here touches the database: the caller passes the programs it knows
(:func:`program_key` of each title and its id). The columns are fixed by name, in any
order and letter case: ``date, program, category, amount, vendor, description,
reference``; ``date``, ``category`` and ``amount`` are required. Row numbers are the
spreadsheet's: the header is row 1.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.text import slugify

from mainspring.factory.actions.costs import ImportedCost, entry_problems
from mainspring.factory.models import CostCategory
from mainspring.org.imports import Cell, RowError, Table, cell_text, parse_date

COLUMNS = ("date", "program", "category", "amount", "vendor", "description", "reference")
REQUIRED = ("date", "category", "amount")
MAX_ROWS = 5000
SHARED_WORDS = frozenset({"", "shared", "(shared)", "department", "department-wide", "none"})
LIMITS = {"vendor": 200, "description": 500, "reference": 100}
_SPACES = re.compile(r"\s+")


def program_key(title: str) -> str:
    """The form a program's name is matched in: letter case and spacing ignored."""
    return _SPACES.sub(" ", title).strip().casefold()


def program_keys(title: str) -> tuple[str, ...]:
    """Every name a program answers to in a file: its title, and its title as a slug."""
    return tuple(dict.fromkeys((program_key(title), slugify(title))))


def _category_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for choice in CostCategory:
        lookup[choice.value] = choice.value
        lookup[program_key(choice.label)] = choice.value
        lookup[program_key(choice.label.split(" (")[0])] = choice.value  # "Delivery"
        lookup[program_key(choice.value.replace("_", " "))] = choice.value
    return lookup


CATEGORY_LOOKUP = _category_lookup()


@dataclass(slots=True)
class CostPlan:
    """What a file would book: the checked rows, or the errors that stop it."""

    total_rows: int = 0
    rows: list[ImportedCost] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    file_problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Nothing stops the import."""
        return not self.errors and not self.file_problems

    @property
    def total(self) -> Decimal:
        """The amounts of every checked row added up."""
        return sum((row.amount for row in self.rows), Decimal(0))


def parse_amount(cell: Cell) -> Decimal:
    """An amount: a number, or text with thousands separators and a currency sign.

    Raises:
        ValueError: with a message fit to show the user.
    """
    if isinstance(cell, bool):
        raise ValueError("is not an amount.")
    if isinstance(cell, int | float):
        return Decimal(str(cell))
    text = cell_text(cell).replace(",", "").replace(" ", "").lstrip("$€£")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"'{cell_text(cell)}' is not an amount; write it like 1250.50.") from None
    if not value.is_finite():
        raise ValueError(f"'{cell_text(cell)}' is not an amount.")
    return value


def plan_cost_import(
    table: Table, programs: Mapping[str, Sequence[int]], *, today: date
) -> CostPlan:
    """Check every row of a cost file; the plan holds the rows only when all are good.

    Args:
        table: the file, read by :func:`mainspring.org.imports.read_table`.
        programs: :func:`program_keys` of each program's title -> the ids answering to it.
        today: for the date check (at most a year ahead).
    """
    plan = CostPlan(total_rows=len(table.rows))
    index = {program_key(h): i for i, h in enumerate(table.headers)}
    missing = [name for name in REQUIRED if name not in index]
    if missing:
        plan.file_problems.append(
            "The file has no column " + ", ".join(f"'{m}'" for m in missing) + ". "
            f"The first row must name the columns: {', '.join(COLUMNS)}."
        )
    if not table.rows:
        plan.file_problems.append("The file has a header but no rows of costs.")
    if len(table.rows) > MAX_ROWS:
        plan.file_problems.append(
            f"The file has {len(table.rows):,} rows; split it into files of at most {MAX_ROWS:,}."
        )
    if plan.file_problems:
        return plan
    checked: list[ImportedCost] = []
    for number, raw in enumerate(table.rows, start=2):
        row = _check_row(number, raw, index, programs, today=today, errors=plan.errors)
        if row is not None:
            checked.append(row)
    if not plan.errors:
        plan.rows = checked
    return plan


def _check_row(
    number: int,
    raw: Sequence[Cell],
    index: Mapping[str, int],
    programs: Mapping[str, Sequence[int]],
    *,
    today: date,
    errors: list[RowError],
) -> ImportedCost | None:
    def cell(name: str) -> Cell:
        at = index.get(name)
        return raw[at] if at is not None and at < len(raw) else None

    found = len(errors)

    def problem(column: str, message: str, value: Cell = None) -> None:
        errors.append(RowError(number, column, message, cell_text(value)))

    on: date | None = None
    try:
        on = parse_date(cell("date"))
    except ValueError as error:
        problem("date", str(error), cell("date"))
    amount: Decimal | None = None
    if cell_text(cell("amount")):
        try:
            amount = parse_amount(cell("amount"))
        except ValueError as error:
            problem("amount", str(error), cell("amount"))
    for column, message in entry_problems(on=on, amount=amount, today=today).items():
        already = any(e.row == number and e.column == column for e in errors[found:])
        if not already:
            problem(column, message, cell(column))
    category = CATEGORY_LOOKUP.get(program_key(cell_text(cell("category"))))
    if category is None:
        problem(
            "category",
            f"'{cell_text(cell('category'))}' is not a cost category; use one of "
            + ", ".join(CostCategory.values)
            + " (or its label).",
            cell("category"),
        )
    program_id = _program(cell_text(cell("program")), programs, problem)
    texts = {name: cell_text(cell(name)) for name in LIMITS}
    for name, limit in LIMITS.items():
        if len(texts[name]) > limit:
            problem(name, f"Keep it to {limit} characters (it has {len(texts[name])}).")
    if len(errors) > found or on is None or amount is None or category is None:
        return None
    return ImportedCost(
        on=on,
        program_id=program_id,
        category=category,
        amount=amount,
        vendor=texts["vendor"],
        description=texts["description"],
        reference=texts["reference"],
    )


def _program(
    text: str, programs: Mapping[str, Sequence[int]], problem: Callable[[str, str, Cell], None]
) -> int | None:
    key = program_key(text)
    if key in SHARED_WORDS:
        return None
    ids = programs.get(key) or programs.get(slugify(text)) or ()
    if len(set(ids)) == 1:
        return ids[0]
    if not ids:
        message = f"No program is called '{text}'. Use its title, or leave it blank for shared."
    else:
        message = f"Several programs are called '{text}'; rename one so they can be told apart."
    problem("program", message, text)
    return None
