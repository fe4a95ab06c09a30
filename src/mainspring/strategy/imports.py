"""Checking KPI observation files (long format): plain values in, a plan of changes out.

A long-format file has one row per KPI, unit and period::

    kpi,unit,period,value
    SAFETY-INC,DEPOT-N,2025-03,4.2

``unit`` is an org unit code, or a person's HRIS id for person-level KPIs; it may be
blank for company-level KPIs. ``period`` is ``YYYY-MM``, a date, ``YYYY-Qn`` or
``YYYY``, and is stored as the first day of the KPI's period (month, quarter or year).

Nothing here touches the database: the caller passes what Mainspring holds
(:class:`ExistingObservations`) and gets an :class:`ObservationPlan`;
``actions.apply_observation_plan`` writes it in one transaction. Files run to
millions of rows, so rows are checked in one tight loop over plain tuples and dicts,
with caches for the few distinct KPI codes, units and periods a file repeats.

Row numbers are the ones a person sees in a spreadsheet: the header is row 1.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from mainspring.org.imports import (
    Cell,
    FieldSpec,
    Progress,
    RowError,
    Table,
    cell_text,
    check_mapping,
)

# The values of ``models.Level`` and ``models.Period``; this module does not import
# models (a test checks they agree).
PERSON_LEVEL = "person"
COMPANY_LEVEL = "company"
MONTH, QUARTER, YEAR = "month", "quarter", "year"

# kpi id, org unit id, person id, first day of the period: the database's unique key.
ObservationKey = tuple[int, int | None, int | None, date]

OBSERVATION_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "kpi",
        "KPI code",
        True,
        ("kpi", "kpi code", "kpi id", "metric", "metric code", "measure", "indicator"),
        "The code of a KPI Mainspring knows.",
    ),
    FieldSpec(
        "unit",
        "Unit",
        False,
        (
            "unit",
            "unit code",
            "org unit",
            "org unit code",
            "site",
            "team",
            "department",
            "person",
            "hris id",
            "employee id",
            "entity",
        ),
        "An org unit code, or a person's HRIS id for person-level KPIs; blank for "
        "company-level KPIs.",
    ),
    FieldSpec(
        "period",
        "Period",
        True,
        ("period", "month", "date", "period start", "as of", "quarter", "year"),
        "YYYY-MM, a date, YYYY-Qn or YYYY.",
    ),
    FieldSpec("value", "Value", True, ("value", "amount", "actual", "observation", "result")),
)


@dataclass(frozen=True, slots=True)
class KpiRef:
    """What checking a row needs to know about a KPI."""

    id: int
    code: str
    level: str
    period: str


@dataclass(slots=True)
class ExistingObservations:
    """What the database holds, as plain values."""

    kpis: dict[str, KpiRef] = field(default_factory=dict)  # by code
    unit_ids: dict[str, int] = field(default_factory=dict)  # org unit code -> id
    person_ids: dict[str, int] = field(default_factory=dict)  # HRIS id -> id
    # Current values of the KPIs in the file (others may be left out).
    values: dict[ObservationKey, float] = field(default_factory=dict)


@dataclass(slots=True)
class ObservationPlan:
    """The outcome of checking a file: errors, and the values to write."""

    total_rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_rows: set[int] = field(default_factory=set)
    created: list[tuple[ObservationKey, float]] = field(default_factory=list)
    updated: list[tuple[ObservationKey, float]] = field(default_factory=list)  # new values
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    def counts(self) -> dict[str, int]:
        """Return the headline numbers of the plan (the people import's keys)."""
        return {
            "rows": self.total_rows,
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": self.unchanged,
            "deactivated": 0,
            "invalid_rows": len(self.error_rows),
            "errors": len(self.errors),
        }


# ----------------------------------------------------------------------------- values

_MONTH_TEXT = re.compile(r"(\d{4})-(\d{1,2})")
_QUARTER_TEXT = re.compile(r"(\d{4})[- ]?[Qq]([1-4])")
_YEAR_TEXT = re.compile(r"\d{4}")
_DATE_TEXT = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][0-9:.]+)?")
_PERIOD_FORMS = "use YYYY-MM (2025-03), a date (2025-03-31), YYYY-Qn (2025-Q1) or YYYY"


def period_start(day: date, period: str) -> date:
    """Return the first day of the month, quarter or year that holds ``day``."""
    if period == YEAR:
        return date(day.year, 1, 1)
    if period == QUARTER:
        return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return date(day.year, day.month, 1)


def parse_period(cell: Cell, period: str) -> date:
    """Read a period cell and return the first day of the KPI's ``period`` that holds it.

    A month or a date is normalised to the KPI's period (March 2025 is Q1 2025 for a
    quarterly KPI); a quarter or a year is refused for a KPI measured more often,
    since it does not say which month is meant.

    Raises:
        ValueError: with a message fit to show the user.
    """
    if isinstance(cell, datetime):
        return period_start(cell.date(), period)
    if isinstance(cell, date):
        return period_start(cell, period)
    text = cell_text(cell)
    if not text:
        raise ValueError(f"the period is missing; {_PERIOD_FORMS}.")
    try:
        if match := _MONTH_TEXT.fullmatch(text):
            return period_start(date(int(match[1]), int(match[2]), 1), period)
        if match := _DATE_TEXT.fullmatch(text):
            return period_start(date(int(match[1]), int(match[2]), int(match[3])), period)
    except ValueError:
        raise ValueError(f"'{text}' is not a real month or date.") from None
    if match := _QUARTER_TEXT.fullmatch(text):
        if period == MONTH:
            raise ValueError(f"'{text}' is a quarter, but this KPI is measured per month.")
        return period_start(date(int(match[1]), int(match[2]) * 3 - 2, 1), period)
    if _YEAR_TEXT.fullmatch(text):
        if period != YEAR:
            raise ValueError(f"'{text}' is a year, but this KPI is measured per {period}.")
        return date(int(text), 1, 1)
    raise ValueError(f"'{text}' is not a period; {_PERIOD_FORMS}.")


def parse_value(cell: Cell) -> float:
    """Read a number: a numeric cell, or text with a dot for decimals.

    Raises:
        ValueError: with a message fit to show the user.
    """
    if isinstance(cell, bool):
        raise ValueError(f"'{cell}' is not a number.")
    if isinstance(cell, int | float):
        number = float(cell)
    else:
        text = cell_text(cell)
        if not text:
            raise ValueError("the value is missing.")
        try:
            number = float(text)
        except ValueError:
            if "," in text:
                raise ValueError(
                    f"'{text}' is not a number: use a dot for decimals (1.5, not 1,5) "
                    "and no thousands separators."
                ) from None
            raise ValueError(f"'{text}' is not a number.") from None
    if not math.isfinite(number):
        raise ValueError(f"'{cell_text(cell)}' is not a number.")
    return number


# ----------------------------------------------------------------------------- plan


def kpi_codes_in(table: Table, mapping: Mapping[str, str]) -> set[str]:
    """Return the KPI codes a file names (to load only their current values)."""
    if mapping.get("kpi") not in table.headers:
        return set()
    i = table.headers.index(mapping["kpi"])
    return {cell_text(row[i]) for row in table.rows if i < len(row)} - {""}


def plan_observation_import(  # noqa: PLR0912, PLR0915  (the hot loop stays in one frame)
    table: Table,
    mapping: Mapping[str, str],
    existing: ExistingObservations,
    progress: Progress | None = None,
) -> ObservationPlan:
    """Check every row of a long-format KPI file and work out what importing it changes.

    The checks: KPI code known, unit known (org unit code, or HRIS id for person-level
    KPIs, blank allowed for company-level ones), period readable, value a number, and
    no KPI, unit and period twice in the file (both rows are refused, since neither
    value can be trusted). Valid rows are then compared with the current values.

    Raises:
        ValueError: when the mapping lacks a required column (check it first with
            ``check_mapping``).
    """
    rows = table.rows
    total = len(rows)
    plan = ObservationPlan(total_rows=total)
    index = {h: i for i, h in enumerate(table.headers)}
    col = {name: index[mapping[name]] for name in mapping if mapping.get(name) in index}
    labels = {spec.name: mapping.get(spec.name, spec.label) for spec in OBSERVATION_FIELDS}
    problems = check_mapping(table.headers, mapping, OBSERVATION_FIELDS)
    if problems:
        raise ValueError(" ".join(problems))
    i_kpi, i_unit, i_period, i_value = (col.get(n, -1) for n in ("kpi", "unit", "period", "value"))
    width = max(i_kpi, i_unit, i_period, i_value) + 1
    errors, error_rows = plan.errors, plan.error_rows

    def fail(row_no: int, name: str, message: str, value: Cell = None) -> None:
        errors.append(RowError(row_no, labels[name], message, cell_text(value)))
        error_rows.add(row_no)

    kpis = existing.kpis
    lower_codes = {code.lower(): code for code in kpis}
    unit_ids, person_ids = existing.unit_ids, existing.person_ids
    # Files repeat a few KPIs, units and periods a million times: resolve each once.
    periods: dict[tuple[Cell, str], date | str] = {}
    first_row: dict[ObservationKey, int] = {}
    repeated: dict[ObservationKey, int] = {}  # key -> the first row that repeats it
    parsed: list[tuple[ObservationKey, float]] = []
    append = parsed.append

    for offset, row in enumerate(rows):
        if progress and offset % 50_000 == 0:
            progress(offset, total)
        row_no = offset + 2
        if len(row) < width:
            row = [*row, *([None] * (width - len(row)))]  # noqa: PLW2901  (pad short rows)
        raw_code = row[i_kpi]
        code = raw_code if type(raw_code) is str else cell_text(raw_code)
        kpi = kpis.get(code)
        if kpi is None:
            code = code.strip()
            kpi = kpis.get(code)
        bad = False
        if kpi is None:
            if not code:
                fail(row_no, "kpi", "the KPI code is missing.")
            elif code.lower() in lower_codes:
                fail(
                    row_no,
                    "kpi",
                    f"no KPI has the code '{code}'; did you mean '{lower_codes[code.lower()]}'?",
                    code,
                )
            else:
                fail(row_no, "kpi", f"no KPI has the code '{code}'. Create the KPI first.", code)
            bad = True

        raw_value = row[i_value]
        value = 0.0
        try:
            value = float(raw_value) if type(raw_value) is str else math.nan
        except ValueError:
            value = math.nan
        if not math.isfinite(value):
            try:
                value = parse_value(raw_value)
            except ValueError as error:
                fail(row_no, "value", str(error), raw_value)
                bad = True
        if kpi is None:
            continue

        raw_unit = row[i_unit] if i_unit >= 0 else None
        unit = raw_unit if type(raw_unit) is str else cell_text(raw_unit)
        unit_id: int | None = None
        person_id: int | None = None
        if kpi.level == PERSON_LEVEL:
            person_id = person_ids.get(unit)
            if person_id is None:
                unit = unit.strip()
                person_id = person_ids.get(unit)
            if person_id is None:
                message = (
                    f"no person has the HRIS id '{unit}'."
                    if unit
                    else "the HRIS id of the person is missing."
                )
                fail(row_no, "unit", f"{message} KPI '{kpi.code}' is measured per person.", unit)
                continue
        else:
            unit_id = unit_ids.get(unit)
            if unit_id is None:
                unit = unit.strip()
                unit_id = unit_ids.get(unit)
            if unit_id is None and (unit or kpi.level != COMPANY_LEVEL):
                message = (
                    f"no org unit has the code '{unit}'." if unit else "the org unit is missing."
                )
                fail(
                    row_no, "unit", f"{message} KPI '{kpi.code}' is measured per {kpi.level}.", unit
                )
                continue

        raw_period = row[i_period]
        cache_key = (raw_period, kpi.period)
        start = periods.get(cache_key)
        if start is None:
            try:
                start = parse_period(raw_period, kpi.period)
            except ValueError as error:
                start = str(error)
            periods[cache_key] = start
        if isinstance(start, str):
            fail(row_no, "period", start, raw_period)
            continue

        # The key is known even when the value is bad, so a repeat is still caught.
        key = (kpi.id, unit_id, person_id, start)
        first = first_row.get(key)
        if first is None:
            first_row[key] = row_no
            if not bad:
                append((key, value))
            continue
        where = f"unit '{unit}'" if unit else "the company"
        fail(
            row_no,
            "period",
            f"KPI '{kpi.code}', {where}, period {start:%Y-%m} already appears on row {first}.",
            raw_period,
        )
        repeated.setdefault(key, row_no)

    # The first row of a repeated key is not trusted either.
    for key, again in repeated.items():
        fail(
            first_row[key], "period", f"the same KPI, unit and period appear again on row {again}."
        )
    _classify(plan, parsed, first_row, existing.values)
    plan.errors.sort(key=lambda e: (e.row, e.column))
    if progress:
        progress(total, total)
    return plan


def _classify(
    plan: ObservationPlan,
    parsed: list[tuple[ObservationKey, float]],
    first_row: dict[ObservationKey, int],
    current: Mapping[ObservationKey, float],
) -> None:
    error_rows = plan.error_rows
    created, updated = plan.created, plan.updated
    unchanged = 0
    for key, value in parsed:
        if error_rows and first_row[key] in error_rows:
            continue
        old = current.get(key)
        if old is None:
            created.append((key, value))
        elif old != value:
            updated.append((key, value))
        else:
            unchanged += 1
    plan.unchanged = unchanged


def kpi_ids_of(plan: ObservationPlan) -> set[int]:
    """Return the ids of the KPIs a plan writes values for."""
    return {key[0] for key, _ in plan.created} | {key[0] for key, _ in plan.updated}
