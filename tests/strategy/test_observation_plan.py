from datetime import date, datetime

import pytest

from mainspring.org.imports import Table, guess_mapping
from mainspring.strategy import imports

HEADERS = ["kpi", "unit", "period", "value"]
MAPPING = {"kpi": "kpi", "unit": "unit", "period": "period", "value": "value"}
DEPOT, SALES = 10, 20
LEA, LIAM = 100, 101


def _existing(values=None):
    return imports.ExistingObservations(
        kpis={
            "INC": imports.KpiRef(1, "INC", "site", "month"),
            "SAT": imports.KpiRef(2, "SAT", "person", "month"),
            "REV": imports.KpiRef(3, "REV", "company", "quarter"),
            "TURN": imports.KpiRef(4, "TURN", "department", "year"),
        },
        unit_ids={"DEPOT-N": DEPOT, "SALES": SALES},
        person_ids={"P-LEA": LEA, "P-LIAM": LIAM},
        values=values or {},
    )


def _plan(rows, values=None):
    return imports.plan_observation_import(Table(HEADERS, rows), MAPPING, _existing(values))


def test_clean_file_plans_creations_with_database_keys():
    plan = _plan([["INC", "DEPOT-N", "2025-03", "4.5"], ["SAT", "P-LEA", "2025-03", "8"]])
    assert plan.ok
    assert plan.created == [
        ((1, DEPOT, None, date(2025, 3, 1)), 4.5),
        ((2, None, LEA, date(2025, 3, 1)), 8.0),
    ]
    assert plan.counts()["created"] == 2


def test_bad_row_is_named_with_row_and_column():
    plan = _plan([["INC", "DEPOT-N", "2025-03", "4.5"], ["INC", "SALES", "2025-04", "abc"]])
    assert not plan.ok
    assert [e.as_text() for e in plan.errors] == ["Row 3, column 'value': 'abc' is not a number."]
    assert plan.error_rows == {3}
    assert len(plan.created) == 1


def test_comma_decimal_asks_for_a_dot():
    plan = _plan([["INC", "DEPOT-N", "2025-03", "4,5"]])
    assert "use a dot for decimals" in plan.errors[0].message


@pytest.mark.parametrize("value", ["", "nan", "inf", "12%"])
def test_missing_and_non_finite_values_are_refused(value):
    assert not _plan([["INC", "DEPOT-N", "2025-03", value]]).ok


def test_unknown_kpi_is_named_and_a_case_slip_gets_a_suggestion():
    plan = _plan([["NOPE", "DEPOT-N", "2025-03", "1"], ["inc", "DEPOT-N", "2025-03", "1"]])
    assert plan.errors[0].as_text() == (
        "Row 2, column 'kpi': no KPI has the code 'NOPE'. Create the KPI first."
    )
    assert "did you mean 'INC'?" in plan.errors[1].message


def test_unit_level_kpi_needs_a_known_org_unit():
    plan = _plan(
        [
            ["INC", "NOWHERE", "2025-03", "1"],
            ["INC", "", "2025-03", "1"],
            ["INC", "P-LEA", "2025-03", "1"],
        ]
    )
    assert [(e.row, e.column) for e in plan.errors] == [(2, "unit"), (3, "unit"), (4, "unit")]
    assert "no org unit has the code 'NOWHERE'. KPI 'INC' is measured per site." in (
        plan.errors[0].message
    )
    assert "the org unit is missing" in plan.errors[1].message


def test_person_level_kpi_takes_hris_ids_not_unit_codes():
    plan = _plan([["SAT", "DEPOT-N", "2025-03", "1"], ["SAT", "P-LIAM", "2025-03", "7"]])
    assert plan.errors[0].message == (
        "no person has the HRIS id 'DEPOT-N'. KPI 'SAT' is measured per person."
    )
    assert plan.created == [((2, None, LIAM, date(2025, 3, 1)), 7.0)]


def test_company_level_kpi_may_leave_the_unit_blank():
    plan = _plan([["REV", "", "2025-Q2", "1000"], ["REV", "SALES", "2025-04", "10"]])
    assert plan.ok
    assert [key for key, _ in plan.created] == [
        (3, None, None, date(2025, 4, 1)),
        (3, SALES, None, date(2025, 4, 1)),
    ]


@pytest.mark.parametrize(
    ("cell", "period", "start"),
    [
        ("2025-03", "month", date(2025, 3, 1)),
        ("2025-3", "month", date(2025, 3, 1)),
        ("2025-03-31", "month", date(2025, 3, 1)),
        (date(2025, 3, 17), "month", date(2025, 3, 1)),
        (datetime(2025, 3, 17, 9, 30), "month", date(2025, 3, 1)),  # noqa: DTZ001  (a spreadsheet cell)
        ("2025-05", "quarter", date(2025, 4, 1)),
        ("2025-12-31", "quarter", date(2025, 10, 1)),
        ("2025-Q3", "quarter", date(2025, 7, 1)),
        ("2025 q1", "quarter", date(2025, 1, 1)),
        ("2025-08", "year", date(2025, 1, 1)),
        ("2025-Q4", "year", date(2025, 1, 1)),
        ("2025", "year", date(2025, 1, 1)),
        (2025.0, "year", date(2025, 1, 1)),
    ],
)
def test_periods_are_normalised_to_the_first_day_of_the_kpi_period(cell, period, start):
    assert imports.parse_period(cell, period) == start


@pytest.mark.parametrize(
    ("cell", "period", "message"),
    [
        ("2025-13", "month", "not a real month"),
        ("2025-02-30", "month", "not a real month"),
        ("03/2025", "month", "use YYYY-MM"),
        ("", "month", "the period is missing"),
        ("2025-Q1", "month", "is a quarter, but this KPI is measured per month"),
        ("2025", "quarter", "is a year, but this KPI is measured per quarter"),
    ],
)
def test_bad_periods_are_explained(cell, period, message):
    with pytest.raises(ValueError, match=message):
        imports.parse_period(cell, period)


def test_bad_period_in_a_file_names_row_and_the_file_column():
    table = Table(["KPI", "Site", "Month", "Actual"], [["INC", "SALES", "March 2025", "3"]])
    mapping = {"kpi": "KPI", "unit": "Site", "period": "Month", "value": "Actual"}
    plan = imports.plan_observation_import(table, mapping, _existing())
    assert [e.as_text() for e in plan.errors] == [
        "Row 2, column 'Month': 'March 2025' is not a period; use YYYY-MM (2025-03), "
        "a date (2025-03-31), YYYY-Qn (2025-Q1) or YYYY."
    ]
    assert plan.errors[0].value == "March 2025"


def test_duplicate_key_refuses_both_rows_and_names_the_first():
    plan = _plan(
        [
            ["INC", "DEPOT-N", "2025-03", "4"],
            ["INC", "SALES", "2025-03", "2"],
            ["INC", "DEPOT-N", "2025-03-15", "5"],
        ]
    )
    assert [e.as_text() for e in plan.errors] == [
        "Row 2, column 'period': the same KPI, unit and period appear again on row 4.",
        "Row 4, column 'period': KPI 'INC', unit 'DEPOT-N', period 2025-03 already appears "
        "on row 2.",
    ]
    assert plan.created == [((1, SALES, None, date(2025, 3, 1)), 2.0)]


def test_repeat_of_a_row_with_a_bad_value_is_still_a_duplicate():
    plan = _plan([["INC", "DEPOT-N", "2025-03", "x"], ["INC", "DEPOT-N", "2025-03", "5"]])
    assert plan.error_rows == {2, 3}
    assert plan.created == []


def test_values_are_compared_with_the_current_ones():
    key_a = (1, DEPOT, None, date(2025, 3, 1))
    key_b = (1, SALES, None, date(2025, 3, 1))
    plan = _plan(
        [
            ["INC", "DEPOT-N", "2025-03", "4"],
            ["INC", "SALES", "2025-03", "2.5"],
            ["INC", "SALES", "2025-04", "1"],
        ],
        values={key_a: 4.0, key_b: 2.0},
    )
    assert plan.unchanged == 1
    assert plan.updated == [(key_b, 2.5)]
    assert len(plan.created) == 1
    assert plan.counts() == {
        "rows": 3,
        "created": 1,
        "updated": 1,
        "unchanged": 1,
        "deactivated": 0,
        "invalid_rows": 0,
        "errors": 0,
    }


def test_spreadsheet_cells_and_short_rows_are_read():
    plan = _plan([["INC", "DEPOT-N", date(2025, 1, 31), 3], ["REV", None, "2025-Q1", 2.5], ["REV"]])
    assert plan.created[0] == ((1, DEPOT, None, date(2025, 1, 1)), 3.0)
    assert plan.created[1] == ((3, None, None, date(2025, 1, 1)), 2.5)
    assert [(e.row, e.column) for e in plan.errors] == [(4, "period"), (4, "value")]


def test_common_headers_are_mapped():
    headers = ["KPI Code", "Site", "Month", "Actual"]
    assert guess_mapping(headers, imports.OBSERVATION_FIELDS) == {
        "kpi": "KPI Code",
        "unit": "Site",
        "period": "Month",
        "value": "Actual",
    }


def test_missing_required_column_is_refused():
    with pytest.raises(ValueError, match="Value: choose the column"):
        imports.plan_observation_import(
            Table(["kpi", "period"], []), {"kpi": "kpi", "period": "period"}, _existing()
        )


def test_kpi_codes_in_a_file():
    table = Table(HEADERS, [["INC", "", "", ""], ["SAT"], ["", "x"], ["INC"]])
    assert imports.kpi_codes_in(table, MAPPING) == {"INC", "SAT"}


def test_progress_is_reported():
    seen = []
    imports.plan_observation_import(
        Table(HEADERS, [["INC", "DEPOT-N", "2025-03", "1"]]),
        MAPPING,
        _existing(),
        lambda done, total: seen.append((done, total)),
    )
    assert seen == [(0, 1), (1, 1)]
