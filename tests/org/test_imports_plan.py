from datetime import date

from mainspring.org import imports


def _table(rows):
    return imports.Table(
        headers=["Employee ID", "First", "Last", "Email", "Dept", "Manager", "Hire date"], rows=rows
    )


MAPPING = {
    "hris_id": "Employee ID",
    "first_name": "First",
    "last_name": "Last",
    "email": "Email",
    "org_unit": "Dept",
    "manager": "Manager",
    "hire_date": "Hire date",
}


def _existing():
    return imports.ExistingPeople(unit_codes={"OPS"})


def test_clean_file_plans_creations():
    table = _table(
        [
            ["E1", "Ann", "A", "ann@x.com", "OPS", "", "2020-01-02"],
            ["E2", "Bob", "B", "bob@x.com", "OPS", "E1", ""],
        ]
    )
    plan = imports.plan_people_import(table, MAPPING, _existing())
    assert plan.ok
    assert plan.created == ["E1", "E2"]
    assert plan.valid[0].hire_date == date(2020, 1, 2)


def test_errors_name_row_and_column():
    table = _table(
        [
            ["E1", "Ann", "A", "ann@x.com", "OPS", "E9", "2020-13-02"],
            ["", "Bob", "B", "ann@x.com", "NOPE", "", ""],
        ]
    )
    plan = imports.plan_people_import(table, MAPPING, _existing())
    texts = [e.as_text() for e in plan.errors]
    assert "Row 2, column 'Hire date': '2020-13-02' is not a date; expected YYYY-MM-DD." in texts
    assert any(t.startswith("Row 3, column 'Employee ID': the HRIS id is missing") for t in texts)
    assert any(
        t.startswith("Row 3, column 'Email': e-mail 'ann@x.com' is already used on row 2")
        for t in texts
    )
    assert any(t.startswith("Row 3, column 'Dept'") for t in texts)


def test_manager_loop_is_named():
    table = _table(
        [
            ["E1", "Ann", "A", "", "OPS", "E2", ""],
            ["E2", "Bob", "B", "", "OPS", "E1", ""],
            ["E3", "Cy", "C", "", "OPS", "", ""],
        ]
    )
    plan = imports.plan_people_import(table, MAPPING, _existing())
    assert {e.row for e in plan.errors} == {2, 3}
    assert "loops: E1 → E2 → E1" in plan.errors[0].message
    assert plan.created == ["E3"]
