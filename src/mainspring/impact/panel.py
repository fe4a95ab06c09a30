"""Build the KPI panel an impact estimate works on, from three plain tables.

The inputs are the ones the command line reads from files (and the web app will
read from the database):

- a KPI table ``unit_id, period, value``: one row per unit and period. ``period`` is
  ``YYYY-MM`` (the month starting on its first day) or a date ``YYYY-MM-DD`` (a period
  starting that day: weeks, quarters, anything regular);
- an exposures table ``unit_id, exposed_on`` (a date): when each unit was first
  exposed to the program. Units not listed were never exposed. A unit listed more
  than once counts from its earliest date;
- optionally a units table ``unit_id`` plus covariate columns (role, region, size
  band ...) to compare like with like.

**The exposure rule.** A unit counts as exposed from the first period that *starts on
or after* ``exposed_on``: someone trained on 15 March is exposed from April, someone
trained on 1 March from March. The period in which training happens is neither
clean "before" nor "after", so it is never counted as exposed.

Every problem found in a table is reported with its source (file name), row (as a
spreadsheet shows it: the header is row 1) and column; :class:`PanelError` carries
them all at once so a user fixes a file in one go.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt
import pandas as pd

KPI_COLUMNS = ("unit_id", "period", "value")
EXPOSURE_COLUMNS = ("unit_id", "exposed_on")
# A numeric covariate with more distinct values than this is cut into quartiles:
# comparisons "within a cell" need cells with several units in them.
MAX_NUMERIC_LEVELS = 8
MAX_REPORTED_PROBLEMS = 50

_MONTH = re.compile(r"^\d{4}-\d{2}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ].*)?$")

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Problem:
    source: str
    row: int | None  # spreadsheet row (header = 1); None for a whole-table problem
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.source]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        return f"{', '.join(where)}: {self.message}"


class PanelError(ValueError):
    """The input tables cannot make a panel; ``problems`` says where and why."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        more = len(self.problems) - 1
        suffix = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
        super().__init__(f"{self.problems[0]}{suffix}")


@dataclass(frozen=True, slots=True, eq=False)
class Panel:
    """A KPI panel with integer codes, ready for the estimators.

    Row arrays (one entry per unit-period observation): ``unit``, ``period``, ``value``.
    Unit arrays (one entry per unit): ``first_exposed`` (the index of the first exposed
    period, or -1 if not exposed within the data) and ``cell`` (the covariate cell).
    """

    unit: IntArray
    period: IntArray
    value: FloatArray
    unit_ids: tuple[str, ...]
    period_labels: tuple[str, ...]
    first_exposed: IntArray
    cell: IntArray
    cell_labels: tuple[str, ...]
    notes: tuple[str, ...]

    @property
    def n_units(self) -> int:
        return len(self.unit_ids)

    @property
    def n_periods(self) -> int:
        return len(self.period_labels)


def _row(position: int | np.integer) -> int:
    return int(position) + 2  # the header is row 1


def _at(
    source: str, column: str, mask: npt.NDArray[np.bool_], message: str | Callable[[int], str]
) -> list[Problem]:
    """A problem for each row where ``mask`` holds (the first few dozen at most)."""
    return [
        Problem(
            source,
            _row(position),
            column,
            message if isinstance(message, str) else message(int(position)),
        )
        for position in np.flatnonzero(mask)[:MAX_REPORTED_PROBLEMS]
    ]


def _require_columns(frame: pd.DataFrame, columns: Sequence[str], source: str) -> list[Problem]:
    present = {str(c).strip().lower() for c in frame.columns}
    return [
        Problem(source, 1, name, f"the header has no column {name!r}")
        for name in columns
        if name not in present
    ]


def _normalise_headers(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.rename(columns={c: str(c).strip().lower() for c in frame.columns})


def _texts(column: pd.Series) -> pd.Series:
    return column.astype("string").fillna("").str.strip()


def parse_period(text: str) -> date | None:
    """The first day of a period written ``YYYY-MM`` or ``YYYY-MM-DD``; None if neither."""
    try:
        if _MONTH.match(text):
            return date(int(text[:4]), int(text[5:7]), 1)
        if _DATE.match(text):
            return date.fromisoformat(text[:10])
    except ValueError:
        return None
    return None


def parse_day(text: str) -> date | None:
    """A date written ``YYYY-MM-DD`` (a time after it is ignored); None otherwise."""
    if not _DATE.match(text):
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def _factor(column: pd.Series) -> tuple[IntArray, list[str]]:
    """Integer codes of a text column (stripped), and the distinct texts; missing is ""."""
    as_category = column.astype("category")
    stripped = [str(label).strip() for label in as_category.cat.categories]
    label_codes, labels = pd.factorize(pd.Index(stripped, dtype=object))
    codes = as_category.cat.codes.to_numpy().astype(np.int64)
    texts = [str(label) for label in labels]
    if (codes < 0).any():
        texts.append("")
        label_codes = np.append(label_codes, len(texts) - 1)
    return np.asarray(label_codes, dtype=np.int64)[codes], texts


def _check_kpi(
    kpi: pd.DataFrame, source: str
) -> tuple[IntArray, list[str], IntArray, list[date], FloatArray, list[Problem]]:
    problems: list[Problem] = []
    unit_codes, unit_texts = _factor(kpi["unit_id"])
    if "" in unit_texts:
        empty = unit_codes == unit_texts.index("")
        problems += _at(source, "unit_id", empty, "unit_id is empty")
    period_codes, period_texts = _factor(kpi["period"])
    starts = [parse_period(text) for text in period_texts]
    bad_codes = [code for code, start in enumerate(starts) if start is None]
    problems += _at(
        source,
        "period",
        np.isin(period_codes, bad_codes),
        lambda i: (
            f"{period_texts[period_codes[i]]!r} is not a month (YYYY-MM) or a date (YYYY-MM-DD)"
        ),
    )
    values = kpi["value"]
    if values.dtype.kind in "fi":
        numbers = values.to_numpy(dtype=np.float64)
    else:
        numbers = pd.to_numeric(_texts(values), errors="coerce").to_numpy(dtype=np.float64)

    def bad_value(position: int) -> str:
        shown = str(values.iloc[position]).strip()
        if shown in {"", "nan", "<NA>", "None"}:
            return "value is empty (leave the row out when there is no value)"
        return f"{shown!r} is not a number"

    problems += _at(source, "value", ~np.isfinite(numbers), bad_value)
    day_of = [start or date.min for start in starts]
    return unit_codes, unit_texts, period_codes, day_of, numbers, problems


def _check_exposures(exposures: pd.DataFrame, source: str) -> tuple[pd.Series, list[Problem]]:
    problems: list[Problem] = []
    units = _texts(exposures["unit_id"])
    problems += _at(source, "unit_id", (units == "").to_numpy(), "unit_id is empty")
    texts = _texts(exposures["exposed_on"])
    days = texts.map(parse_day)
    problems += _at(
        source,
        "exposed_on",
        days.isna().to_numpy(),
        lambda i: (
            f"{texts.iloc[i]!r} is not a date (YYYY-MM-DD)"
            if texts.iloc[i]
            else "exposed_on is empty (list only units that were exposed)"
        ),
    )
    first = (
        pd.DataFrame({"unit_id": units, "day": days})[units != ""]
        .dropna()
        .groupby("unit_id", sort=False)["day"]
        .min()
    )
    return first, problems


def _covariate_cells(
    units: pd.DataFrame, source: str, unit_ids: pd.Index
) -> tuple[IntArray, tuple[str, ...], list[Problem], list[str]]:
    """Cells of units alike on every covariate (numeric ones with many values by quartile)."""
    problems: list[Problem] = []
    notes: list[str] = []
    ids = _texts(units["unit_id"])
    problems += _at(source, "unit_id", (ids == "").to_numpy(), "unit_id is empty")
    duplicated = (ids.duplicated() & (ids != "")).to_numpy()
    problems += _at(source, "unit_id", duplicated, lambda i: f"unit {ids.iloc[i]!r} is repeated")
    covariates = [c for c in units.columns if c != "unit_id"]
    if not covariates:
        problems.append(Problem(source, 1, None, "no covariate columns besides unit_id"))
    parts: list[pd.Series] = []
    for name in covariates:
        text = _texts(units[name])
        problems += _at(source, str(name), (text == "").to_numpy(), f"{name} is empty")
        numbers = pd.to_numeric(text, errors="coerce")
        if numbers.notna().all() and numbers.nunique() > MAX_NUMERIC_LEVELS:
            bands = pd.qcut(numbers, 4, duplicates="drop")
            band = bands.cat.codes.astype("int64") + 1
            parts.append(f"{name}=Q" + band.astype("string"))
            notes.append(f"The numeric covariate {name!r} was cut into quartiles to form cells.")
        else:
            parts.append(f"{name}=" + text)
    if problems:
        return np.zeros(0, dtype=np.int64), (), problems, notes
    label = parts[0]
    for part in parts[1:]:
        label = label + ", " + part
    by_unit = pd.Series(np.asarray(label, dtype=object), index=ids.to_numpy())
    matched = by_unit.reindex(unit_ids)
    missing = int(matched.isna().sum())
    if missing:
        notes.append(
            f"{missing:,} units with KPI values are not in {source}; they were left out "
            "(covariates are needed for every unit compared)."
        )
    codes, labels = pd.factorize(matched, sort=True)
    return codes.astype(np.int64), tuple(str(x) for x in labels), problems, notes


def build_panel(
    kpi: pd.DataFrame,
    exposures: pd.DataFrame,
    units: pd.DataFrame | None = None,
    *,
    sources: tuple[str, str, str] = ("KPI", "exposures", "units"),
) -> Panel:
    """Check the three tables and build the :class:`Panel`.

    Args:
        kpi: columns ``unit_id, period, value`` (header names are case-insensitive).
        exposures: columns ``unit_id, exposed_on``.
        units: ``unit_id`` plus covariate columns, or None.
        sources: how to name the three tables in error messages (their file names).

    Raises:
        PanelError: with every problem found (row numbers count the header as row 1).
    """
    kpi_source, exposure_source, unit_source = sources
    kpi = _normalise_headers(kpi)
    exposures = _normalise_headers(exposures)
    problems = _require_columns(kpi, KPI_COLUMNS, kpi_source)
    problems += _require_columns(exposures, EXPOSURE_COLUMNS, exposure_source)
    if units is not None:
        units = _normalise_headers(units)
        problems += _require_columns(units, ("unit_id",), unit_source)
    if problems:
        raise PanelError(problems)
    if kpi.empty:
        raise PanelError([Problem(kpi_source, None, None, "the table has no rows")])

    unit_codes, unit_texts, period_codes, period_days, values, kpi_problems = _check_kpi(
        kpi, kpi_source
    )
    first_day, exposure_problems = _check_exposures(exposures, exposure_source)
    problems = kpi_problems + exposure_problems
    if not kpi_problems:
        key = unit_codes * len(period_days) + period_codes
        duplicated = pd.Series(key).duplicated().to_numpy()
        for position in np.flatnonzero(duplicated)[:MAX_REPORTED_PROBLEMS]:
            problems.append(
                Problem(
                    kpi_source,
                    _row(position),
                    "period",
                    f"unit {unit_texts[unit_codes[position]]!r} already has a value for "
                    f"{str(kpi['period'].iloc[position]).strip()}",
                )
            )
    if problems:
        raise PanelError(problems)

    # Units sorted by id and periods by start date, so codes are stable across runs.
    unit_order = np.argsort(np.array(unit_texts, dtype=object), kind="stable")
    unit_rank = np.empty_like(unit_order)
    unit_rank[unit_order] = np.arange(len(unit_order))
    unit_index = pd.Index([unit_texts[i] for i in unit_order], dtype=object)
    day_values = np.array(period_days, dtype="datetime64[D]")
    grid, day_rank = np.unique(day_values, return_inverse=True)
    unit_arr = unit_rank[unit_codes].astype(np.int64)
    period_arr = day_rank.reshape(-1)[period_codes].astype(np.int64)
    notes: list[str] = []

    cell = np.zeros(len(unit_index), dtype=np.int64)
    cell_labels: tuple[str, ...] = ("all units",)
    if units is not None:
        cell, cell_labels, cell_problems, cell_notes = _covariate_cells(
            units, unit_source, unit_index
        )
        if cell_problems:
            raise PanelError(cell_problems)
        notes += cell_notes
        keep = cell[unit_arr] >= 0
        if not keep.all():
            unit_arr, period_arr, values = unit_arr[keep], period_arr[keep], values[keep]

    first_exposed = _first_exposed_periods(first_day, unit_index, grid, exposure_source, notes)

    monthly = all(_MONTH.match(text) for text in kpi_period_texts(kpi))
    return Panel(
        unit=unit_arr,
        period=period_arr,
        value=values.astype(np.float64),
        unit_ids=tuple(str(u) for u in unit_index),
        period_labels=tuple(str(day)[:7] if monthly else str(day) for day in grid),
        first_exposed=first_exposed,
        cell=np.where(cell >= 0, cell, 0),
        cell_labels=cell_labels,
        notes=tuple(notes),
    )


def _first_exposed_periods(
    first_day: pd.Series,
    unit_index: pd.Index,
    grid: npt.NDArray[np.datetime64],
    source: str,
    notes: list[str],
) -> IntArray:
    """The exposure rule: the first period starting on or after the exposure date."""
    unknown = first_day.index.difference(unit_index)
    if len(unknown):
        notes.append(f"{len(unknown):,} units in {source} have no KPI values; they were ignored.")
    exposed_days = first_day.reindex(unit_index)
    first_exposed = np.full(len(unit_index), -1, dtype=np.int64)
    listed = exposed_days.notna().to_numpy()
    if listed.any():
        days = np.array(list(exposed_days[listed]), dtype="datetime64[D]")
        first = np.searchsorted(grid, days, side="left")
        first_exposed[listed] = np.where(first < len(grid), first, -1)
        after = int((first >= len(grid)).sum())
        if after:
            notes.append(
                f"{after:,} units were exposed after the last period of the KPI data; "
                "they count as not exposed."
            )
    return first_exposed


def kpi_period_texts(kpi: pd.DataFrame) -> list[str]:
    """The distinct period texts of a KPI table, stripped."""
    return _factor(kpi["period"])[1]


def read_csv(path: str, source: str, *, numeric: Sequence[str] = ()) -> pd.DataFrame:
    """Read a CSV file: text columns, except ``numeric`` ones parsed as numbers where they can be.

    Values are checked (and ids and periods coded) by :func:`build_panel`.

    Raises:
        PanelError: when the file cannot be read or parsed as CSV.
    """
    try:
        header = pd.read_csv(path, nrows=0, encoding="utf-8-sig", skipinitialspace=True)
        # Text, not "category": pandas infers a category's values ("007" would become 7).
        dtypes = {
            str(name): "str" for name in header.columns if str(name).strip().lower() not in numeric
        }
        frame: pd.DataFrame = pd.read_csv(
            path,
            dtype=dtypes,
            keep_default_na=False,
            na_values={str(name): [""] for name in header.columns if str(name) not in dtypes},
            encoding="utf-8-sig",
            skipinitialspace=True,
        )
    except FileNotFoundError:
        raise PanelError([Problem(source, None, None, "no such file")]) from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as error:
        message = f"not a readable CSV file ({error})"
        raise PanelError([Problem(source, None, None, message)]) from None
    return frame
