"""Checking cost files without the database: amounts, categories, programs, limits."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from mainspring.factory.imports import (
    MAX_ROWS,
    parse_amount,
    plan_cost_import,
    program_keys,
)
from mainspring.org.imports import Cell, Table

TODAY = date(2026, 11, 25)
HEAD = ["Date", "Program", "Category", "Amount"]
PROGRAMS = {key: [7] for key in program_keys("Safe  Driver")} | {"twin": [1, 2]}


@pytest.mark.parametrize(
    ("cell", "value"),
    [("1,250.50", "1250.50"), ("$ 99", "99"), (12, "12"), (1.5, "1.5"), ("€1 000", "1000")],
)
def test_amounts_read_like_people_write_them(cell: str | int | float, value: str) -> None:
    assert parse_amount(cell) == Decimal(value)


@pytest.mark.parametrize("cell", ["abc", "NaN", "1.2.3", True])
def test_what_is_not_an_amount_is_refused(cell: str | bool) -> None:
    with pytest.raises(ValueError, match="not an amount"):
        parse_amount(cell)


@pytest.mark.parametrize(
    "category",
    ["delivery", "Delivery", "DELIVERY", "Delivery (facilitators, materials, facilities, travel)"],
)
def test_categories_by_value_or_label(category: str) -> None:
    plan = plan_cost_import(Table(HEAD, [["2026-01-02", "", category, "10"]]), {}, today=TODAY)
    assert plan.ok
    assert plan.rows[0].category == "delivery"
    assert plan.rows[0].program_id is None


@pytest.mark.parametrize("name", ["Safe Driver", "safe driver", " SAFE  DRIVER ", "safe-driver"])
def test_programs_by_title_ignoring_case_and_spacing_or_as_a_slug(name: str) -> None:
    plan = plan_cost_import(
        Table(HEAD, [["2026-01-02", name, "design", "10"]]), PROGRAMS, today=TODAY
    )
    assert [row.program_id for row in plan.rows] == [7]


def test_two_programs_with_one_name_are_refused_by_name() -> None:
    plan = plan_cost_import(
        Table(HEAD, [["2026-01-02", "Twin", "design", "10"]]), PROGRAMS, today=TODAY
    )
    assert [e.as_text() for e in plan.errors] == [
        "Row 2, column 'program': Several programs are called 'Twin'; "
        "rename one so they can be told apart."
    ]
    assert plan.rows == []


def test_dates_far_ahead_and_missing_amounts_are_errors() -> None:
    rows: list[list[Cell]] = [["2028-01-01", "", "design", "10"], ["2026-01-01", "", "design", ""]]
    plan = plan_cost_import(Table(HEAD, rows), {}, today=TODAY)
    assert [e.as_text() for e in plan.errors] == [
        "Row 2, column 'date': Enter a date at most a year ahead of today.",
        "Row 3, column 'amount': Enter the amount.",
    ]


def test_too_many_rows_are_refused_before_checking() -> None:
    rows: list[list[Cell]] = [["2026-01-01", "", "design", "1"]] * (MAX_ROWS + 1)
    plan = plan_cost_import(Table(HEAD, rows), {}, today=TODAY)
    assert plan.file_problems == [
        f"The file has {MAX_ROWS + 1:,} rows; split it into files of at most {MAX_ROWS:,}."
    ]
