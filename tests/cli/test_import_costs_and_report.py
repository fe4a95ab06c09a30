"""``mainspring import costs`` and ``mainspring report`` through the command's own parser."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from mainspring.cli import main
from mainspring.factory.models import CostEntry
from tests.factory.factories import make_program


def test_import_costs_books_a_good_file_and_refuses_a_bad_one(db, tmp_path: Path, capsys):
    make_program("Safe Driver", [30])
    good = tmp_path / "costs.csv"
    good.write_text("date,program,category,amount\n2026-02-28,Safe Driver,delivery,1200\n")
    bad = tmp_path / "bad.csv"
    bad.write_text("date,program,category,amount\n2026-02-30,Safe Driver,delivery,1200\n")

    assert main(["import", "costs", str(bad)]) == 2
    assert "Row 2" in capsys.readouterr().out
    assert main(["import", "costs", str(good), "--dry-run"]) == 0
    assert not CostEntry.objects.exists()
    assert main(["import", "costs", str(good)]) == 0
    assert CostEntry.objects.count() == 1


def test_report_writes_an_xlsx_for_a_month(db, tmp_path: Path, capsys):
    out = tmp_path / "summary.xlsx"

    code = main(
        [
            "report",
            "summary",
            "--year",
            "2026",
            "--month",
            "10",
            "--format",
            "xlsx",
            "--out",
            str(out),
        ]
    )

    assert code == 0, capsys.readouterr().err
    assert load_workbook(out).sheetnames


def test_report_refuses_a_bad_month(db, tmp_path: Path, capsys):
    code = main(
        ["report", "summary", "--year", "2026", "--month", "13", "--out", str(tmp_path / "x.pdf")]
    )

    assert code == 2
