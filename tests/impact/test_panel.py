from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mainspring.impact.panel import PanelError, build_panel, parse_period, read_csv


def kpi_frame(rows: list[tuple[str, str, object]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["unit_id", "period", "value"])


def exposures_frame(rows: list[tuple[str, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["unit_id", "exposed_on"])


def months(unit: str, start: int, values: list[float]) -> list[tuple[str, str, object]]:
    return [(unit, f"2024-{start + i:02d}", v) for i, v in enumerate(values)]


def test_a_unit_is_exposed_from_the_first_period_starting_on_or_after_its_date():
    kpi = kpi_frame(months("a", 1, [1, 2, 3, 4]) + months("b", 1, [1, 2, 3, 4]))
    exposures = exposures_frame([("a", "2024-02-15"), ("b", "2024-03-01")])

    panel = build_panel(kpi, exposures)

    # a: trained mid-February, exposed from March; b: trained on 1 March, exposed from March
    assert panel.period_labels == ("2024-01", "2024-02", "2024-03", "2024-04")
    assert panel.first_exposed.tolist() == [2, 2]


def test_units_not_listed_are_never_exposed_and_late_exposures_count_as_unexposed():
    kpi = kpi_frame(
        months("a", 1, [1, 2, 3]) + months("b", 1, [1, 2, 3]) + months("c", 1, [1, 2, 3])
    )
    exposures = exposures_frame([("a", "2024-01-10"), ("b", "2024-07-01")])

    panel = build_panel(kpi, exposures)

    assert panel.first_exposed.tolist() == [1, -1, -1]
    assert any("after the last period" in note for note in panel.notes)


def test_the_earliest_of_several_exposure_dates_counts():
    kpi = kpi_frame(months("a", 1, [1, 2, 3, 4]))
    exposures = exposures_frame([("a", "2024-03-20"), ("a", "2024-01-20")])

    assert build_panel(kpi, exposures).first_exposed.tolist() == [1]


def test_dates_as_periods_make_a_grid_of_their_own():
    kpi = kpi_frame([("a", "2024-01-01", 1), ("a", "2024-01-08", 2), ("a", "2024-01-15", 3)])
    exposures = exposures_frame([("a", "2024-01-08")])

    panel = build_panel(kpi, exposures)

    assert panel.period_labels == ("2024-01-01", "2024-01-08", "2024-01-15")
    assert panel.first_exposed.tolist() == [1]


def test_rows_are_coded_by_unit_and_period_in_sorted_order():
    kpi = kpi_frame([("b", "2024-02", 4.0), ("a", "2024-01", 1.5), ("b", "2024-01", 3.0)])

    panel = build_panel(kpi, exposures_frame([]))

    assert panel.unit_ids == ("a", "b")
    assert panel.unit.tolist() == [1, 0, 1]
    assert panel.period.tolist() == [1, 0, 0]
    assert panel.value.tolist() == [4.0, 1.5, 3.0]


@pytest.mark.parametrize(
    ("rows", "row", "column", "text"),
    [
        ([("a", "2024-13", 1)], 2, "period", "is not a month"),
        ([("a", "Jan 2024", 1)], 2, "period", "is not a month"),
        ([("a", "2024-01", "lots")], 2, "value", "'lots' is not a number"),
        ([("a", "2024-01", "")], 2, "value", "value is empty"),
        ([("a", "2024-01", 1), ("", "2024-02", 1)], 3, "unit_id", "unit_id is empty"),
        ([("a", "2024-01", 1), ("a", "2024-01", 2)], 3, "period", "already has a value"),
    ],
)
def test_bad_kpi_rows_are_named_by_row_and_column(rows, row, column, text):
    with pytest.raises(PanelError) as caught:
        build_panel(kpi_frame(rows), exposures_frame([]), sources=("kpi.csv", "e.csv", "u.csv"))

    problem = caught.value.problems[0]
    assert (problem.source, problem.row, problem.column) == ("kpi.csv", row, column)
    assert text in problem.message
    assert str(problem).startswith(f"kpi.csv, row {row}, column '{column}'")


def test_every_problem_is_reported_at_once():
    kpi = kpi_frame([("a", "2024-01", "x"), ("a", "nope", 1), ("b", "2024-01", "y")])
    exposures = exposures_frame([("a", "yesterday")])

    with pytest.raises(PanelError) as caught:
        build_panel(kpi, exposures)

    where = {(p.source, p.row, p.column) for p in caught.value.problems}
    assert where == {
        ("KPI", 2, "value"),
        ("KPI", 3, "period"),
        ("KPI", 4, "value"),
        ("exposures", 2, "exposed_on"),
    }


def test_a_missing_column_is_a_header_problem():
    with pytest.raises(PanelError) as caught:
        build_panel(pd.DataFrame({"unit_id": ["a"], "month": ["2024-01"]}), exposures_frame([]))

    messages = [(p.row, p.column) for p in caught.value.problems]
    assert (1, "period") in messages
    assert (1, "value") in messages


def test_covariates_make_cells_and_numeric_ones_with_many_values_are_cut_into_quartiles():
    units = [f"u{i}" for i in range(20)]
    kpi = kpi_frame([row for u in units for row in months(u, 1, [1.0, 2.0])])
    covariates = pd.DataFrame(
        {
            "unit_id": units,
            "region": ["north", "south"] * 10,
            "headcount": [str(10 * i) for i in range(20)],
        }
    )

    panel = build_panel(kpi, exposures_frame([]), covariates)

    assert len(panel.cell_labels) == 8  # 2 regions x 4 quartiles
    assert panel.cell_labels[0].startswith("region=north, headcount=Q")
    assert any("quartiles" in note for note in panel.notes)


def test_a_covariate_file_with_a_blank_or_a_repeated_unit_is_refused():
    kpi = kpi_frame(months("a", 1, [1, 2]) + months("b", 1, [1, 2]))
    covariates = pd.DataFrame({"unit_id": ["a", "b", "a"], "role": ["driver", "", "clerk"]})

    with pytest.raises(PanelError) as caught:
        build_panel(kpi, exposures_frame([]), covariates, sources=("k", "e", "units.csv"))

    where = {(p.row, p.column) for p in caught.value.problems}
    assert where == {(3, "role"), (4, "unit_id")}


def test_units_without_covariates_are_left_out_with_a_note():
    kpi = kpi_frame(months("a", 1, [1, 2]) + months("b", 1, [1, 2]))
    covariates = pd.DataFrame({"unit_id": ["a"], "role": ["driver"]})

    panel = build_panel(kpi, exposures_frame([]), covariates)

    assert set(panel.unit.tolist()) == {0}
    assert any("not in units" in note for note in panel.notes)


def test_read_csv_reads_ids_as_text_and_values_as_numbers(tmp_path):
    path = tmp_path / "kpi.csv"
    path.write_text("\ufeffUnit_ID, Period ,value\n007,2024-01,1.5\n007,2024-02,2\n")

    frame = read_csv(str(path), "kpi.csv", numeric=("value",))
    panel = build_panel(frame, exposures_frame([]))

    assert panel.unit_ids == ("007",)
    assert panel.value.tolist() == [1.5, 2.0]


def test_read_csv_names_a_missing_file():
    with pytest.raises(PanelError, match=r"nope\.csv: no such file"):
        read_csv("/nonexistent/nope.csv", "nope.csv")


def test_parse_period_accepts_months_and_dates_only():
    assert parse_period("2024-02") is not None
    assert parse_period("2024-02-29") is not None
    assert parse_period("2023-02-29") is None
    assert parse_period("2024-Q1") is None
    assert np.datetime64(parse_period("2024-02")) == np.datetime64("2024-02-01")


@given(
    starts=st.lists(
        st.dates(min_value=date(2020, 1, 1), max_value=date(2026, 12, 31)),
        min_size=1,
        max_size=12,
        unique=True,
    ),
    exposed_on=st.dates(min_value=date(2019, 6, 1), max_value=date(2027, 6, 30)),
)
def test_exposure_rule_is_the_first_period_starting_on_or_after_the_date(starts, exposed_on):
    kpi = kpi_frame([("a", day.isoformat(), 1.0) for day in starts])
    exposures = exposures_frame([("a", exposed_on.isoformat())])

    panel = build_panel(kpi, exposures)

    ordered = sorted(starts)
    later = [i for i, day in enumerate(ordered) if day >= exposed_on]
    assert panel.first_exposed.tolist() == [later[0] if later else -1]
