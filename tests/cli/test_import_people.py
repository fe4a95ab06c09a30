from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

from mainspring.cli import main
from mainspring.org.models import OrgUnit, Person
from tests.org.factories import make_unit

HEADER = [
    "Employee ID",
    "First Name",
    "Last Name",
    "Email",
    "Department",
    "Job Title",
    "Manager ID",
    "Hire Date",
    "Status",
]
ROWS = [
    ["E1", "Ada", "Boss", "ada@nw.example", "OPS", "Director", "", "2015-03-01", "Active"],
    ["E2", "Ben", "Lead", "ben@nw.example", "DEPOT", "Depot lead", "E1", "2018-06-15", "Active"],
    ["E3", "Cat", "Driver", "", "DEPOT", "Driver", "E2", "2022-01-10", "Active"],
    ["E4", "Dev", "Driver", "dev@nw.example", "DEPOT", "Driver", "E2", "2023-09-30", "Active"],
]


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


@pytest.fixture
def units(db: None) -> None:
    ops = make_unit("OPS", "Operations")
    make_unit("DEPOT", "Depot North", ops)


def test_clean_file_imports_and_reimport_is_unchanged(units, tmp_path, capsys):
    path = write_csv(tmp_path / "hris.csv", ROWS)
    assert main(["import", "people", str(path)]) == 0
    assert "4 created, 0 updated, 0 unchanged, 0 deactivated" in capsys.readouterr().out
    cat = Person.objects.get(hris_id="E3")
    assert cat.manager.hris_id == "E2"
    assert cat.org_unit.code == "DEPOT"
    assert cat.job_role.name == "Driver"
    assert str(cat.hire_date) == "2022-01-10"

    assert main(["import", "people", str(path)]) == 0
    assert "0 created, 0 updated, 4 unchanged, 0 deactivated" in capsys.readouterr().out


def test_one_bad_row_imports_nothing_and_names_the_row(units, tmp_path, capsys):
    rows = [
        *ROWS[:2],
        ["E3", "Cat", "Driver", "", "DEPOT", "Driver", "E2", "31/02/2022", ""],
        ROWS[3],
    ]
    path = write_csv(tmp_path / "hris.csv", rows)
    assert main(["import", "people", str(path)]) == 2
    out = capsys.readouterr().out
    assert "Row 4, column 'Hire Date': '31/02/2022' is not a date" in out
    assert "Nothing was imported" in out
    assert Person.objects.count() == 0


def test_valid_only_imports_the_other_rows(units, tmp_path, capsys):
    rows = [*ROWS, ["E5", "Eve", "Driver", "ben@nw.example", "DEPOT", "Driver", "E2", "", ""]]
    path = write_csv(tmp_path / "hris.csv", rows)
    assert main(["import", "people", str(path), "--valid-only"]) == 0
    out = capsys.readouterr().out
    assert "Row 6, column 'Email': e-mail 'ben@nw.example' is already used on row 3" in out
    assert sorted(Person.objects.values_list("hris_id", flat=True)) == ["E1", "E2", "E3", "E4"]


def test_reimport_updates_moves_and_deactivates(units, tmp_path, capsys):
    write_csv(tmp_path / "a.csv", ROWS)
    assert main(["import", "people", str(tmp_path / "a.csv")]) == 0
    moved = [r[:] for r in ROWS[:3]]
    moved[2][4] = "OPS"  # Cat moves to Operations; Dev left the company
    assert main(["import", "people", str(write_csv(tmp_path / "b.csv", moved))]) == 0
    assert "0 created, 1 updated, 2 unchanged, 1 deactivated" in capsys.readouterr().out
    cat = Person.objects.get(hris_id="E3")
    assert cat.org_unit.code == "OPS"
    assert not Person.objects.get(hris_id="E4").active
    last = cat.history.order_by("-history_date").first()
    assert last.history_change_reason == "Command-line import of b.csv"
    assert last.diff_against(last.prev_record).changed_fields == ["org_unit"]


def test_keep_missing_does_not_deactivate(units, tmp_path):
    write_csv(tmp_path / "a.csv", ROWS)
    assert main(["import", "people", str(tmp_path / "a.csv")]) == 0
    assert (
        main(["import", "people", str(write_csv(tmp_path / "b.csv", ROWS[:1])), "--keep-missing"])
        == 0
    )
    assert Person.objects.filter(active=True).count() == 4


def test_manager_cycle_is_refused(units, tmp_path, capsys):
    rows = [r[:] for r in ROWS]
    rows[0][6] = "E4"  # the director now reports to a driver who reports to her chain
    assert main(["import", "people", str(write_csv(tmp_path / "c.csv", rows))]) == 2
    out = capsys.readouterr().out
    assert "the manager chain loops" in out
    assert Person.objects.count() == 0


def test_xlsx_with_mapping_override(units, tmp_path, capsys):
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Staff No", "Given", "Family", "Unit"])
    sheet.append(["X1", "Xia", "Li", "OPS"])
    path = tmp_path / "hris.xlsx"
    book.save(path)
    args = [
        "import",
        "people",
        str(path),
        "--map",
        "hris_id=Staff No",
        "--map",
        "first_name=Given",
        "--map",
        "last_name=Family",
    ]
    assert main(args) == 0
    assert Person.objects.get(hris_id="X1").first_name == "Xia"


def test_missing_required_column_exits_2(units, tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text("Name,Dept\nAda,OPS\n")
    assert main(["import", "people", str(path)]) == 2
    assert "HRIS id: choose the column" in capsys.readouterr().out


def test_dry_run_changes_nothing(units, tmp_path, capsys):
    assert main(["import", "people", str(write_csv(tmp_path / "a.csv", ROWS)), "--dry-run"]) == 0
    assert "Would change: 4 created" in capsys.readouterr().out
    assert Person.objects.count() == 0


def test_org_units_import(db, tmp_path, capsys):
    path = tmp_path / "units.csv"
    path.write_text(
        "Code,Name,Kind,Parent\nNWF,Northwind,company,\nOPS,Operations,division,NWF\n"
        "D1,Depot 1,site,OPS\n"
    )
    assert main(["import", "org-units", str(path)]) == 0
    d1 = OrgUnit.objects.get(code="D1")
    assert d1.depth == 2
    assert (
        OrgUnit.objects.filter(path__startswith=OrgUnit.objects.get(code="NWF").path).count() == 3
    )
    path.write_text("Code,Name,Kind,Parent\nA,A,division,B\nB,B,division,A\n")
    assert main(["import", "org-units", str(path)]) == 2
    assert "parent chain loops" in capsys.readouterr().out


def test_email_swap_and_handover_import_cleanly(units, tmp_path, capsys):
    write_csv(tmp_path / "a.csv", ROWS)
    assert main(["import", "people", str(tmp_path / "a.csv")]) == 0
    rows = [r[:] for r in ROWS]
    rows[1][3], rows[3][3] = rows[3][3], rows[1][3]  # Ben and Dev swap addresses
    rows[0][3] = "ada.new@nw.example"
    rows.append(["E5", "Eve", "New", "ada@nw.example", "DEPOT", "Driver", "E2", "", ""])
    assert main(["import", "people", str(write_csv(tmp_path / "b.csv", rows))]) == 0
    assert Person.objects.get(hris_id="E2").email == "dev@nw.example"
    assert Person.objects.get(hris_id="E4").email == "ben@nw.example"
    assert Person.objects.get(hris_id="E5").email == "ada@nw.example"


def test_valid_only_does_not_take_the_address_of_a_bad_row(units, tmp_path, capsys):
    write_csv(tmp_path / "a.csv", ROWS)
    assert main(["import", "people", str(tmp_path / "a.csv")]) == 0
    rows = [r[:] for r in ROWS]
    rows[1][3] = "broken-address"  # Ben's row is bad, so Ben keeps ben@
    rows.append(["E5", "Eve", "New", "ben@nw.example", "DEPOT", "Driver", "E1", "", ""])
    assert main(["import", "people", str(write_csv(tmp_path / "b.csv", rows)), "--valid-only"]) == 0
    assert "still belongs to E2" in capsys.readouterr().out
    assert not Person.objects.filter(hris_id="E5").exists()


def test_new_managers_are_linked_at_any_depth(units, tmp_path):
    rows = [
        ["N3", "C", "Three", "", "DEPOT", "", "N2", "", ""],
        ["N2", "B", "Two", "", "DEPOT", "", "N1", "", ""],
        ["N1", "A", "One", "", "OPS", "", "", "", ""],
    ]
    assert main(["import", "people", str(write_csv(tmp_path / "n.csv", rows))]) == 0
    n3 = Person.objects.get(hris_id="N3")
    assert n3.manager.hris_id == "N2"
    assert n3.manager.manager.hris_id == "N1"
    assert n3.history.get().manager_id == n3.manager_id  # the created row is whole


def test_moving_a_unit_and_renaming_its_grandchild_in_one_file(db, tmp_path):
    path = tmp_path / "u.csv"
    path.write_text(
        "Code,Name,Kind,Parent\nA,A,division,\nB,B,department,A\nC,C,team,B\nX,X,company,\n"
    )
    assert main(["import", "org-units", str(path)]) == 0
    path.write_text(
        "Code,Name,Kind,Parent\nA,A,division,X\nB,B,department,A\nC,C2,team,B\nX,X,company,\n"
    )
    assert main(["import", "org-units", str(path)]) == 0
    x, c = OrgUnit.objects.get(code="X"), OrgUnit.objects.get(code="C")
    assert c.name == "C2"
    assert c.path.startswith(x.path)
    assert c.depth == 3
