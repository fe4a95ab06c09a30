"""``mainspring import costs FILE``, through its function."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

from mainspring.factory.cli import import_costs_file
from mainspring.factory.models import CostEntry
from tests.factory.factories import make_program


def test_command_books_a_good_file_and_refuses_a_bad_one(db: None, tmp_path: Path) -> None:
    make_program("Warehouse Quality", [15])
    good = tmp_path / "costs.csv"
    good.write_text(
        "date;program;category;amount\n2026-01-31;WAREHOUSE QUALITY;Maintenance;99.90\n"
    )
    out = io.StringIO()
    assert import_costs_file(good, dry_run=True, out=out) == 0
    assert "Would book 1 cost entries, 99.90 in all." in out.getvalue()
    assert not CostEntry.objects.exists()
    assert import_costs_file(good, out=out) == 0
    assert CostEntry.objects.get().amount == Decimal("99.90")

    bad = tmp_path / "bad.csv"
    bad.write_text("date,program,category,amount\n2026-01-31,Nope,maintenance,abc\n")
    errors = tmp_path / "errors.csv"
    out = io.StringIO()
    assert import_costs_file(bad, errors_csv=str(errors), out=out) == 2
    assert "Row 2, column 'amount': 'abc' is not an amount" in out.getvalue()
    assert "Row 2, column 'program': No program is called 'Nope'" in out.getvalue()
    assert errors.read_text().count("\n") == 3  # header and two errors
    assert CostEntry.objects.count() == 1
