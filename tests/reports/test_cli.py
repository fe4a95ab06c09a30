"""``mainspring report``'s function and handler, writing real files."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from openpyxl import load_workbook

from mainspring.reports import cli
from tests.conftest import Cast
from tests.reports.factories import make_history


def test_export_report_writes_an_xlsx_named_like_the_download(
    cast: Cast, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_history(cast.org)
    monkeypatch.chdir(tmp_path)
    path = cli.export_report("operations", year=2026, month=3, output_format="xlsx")
    assert path == Path("operations-report-2026-03.xlsx")
    sheet = load_workbook(tmp_path / path).active
    assert sheet is not None
    assert sheet["A1"].value == "Operations report"


@pytest.mark.pdf
def test_export_report_writes_a_pdf(cast: Cast, tmp_path: Path) -> None:
    out = tmp_path / "s.pdf"
    assert cli.export_report("summary", year=2026, month=3, out=out) == out
    assert out.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    ("kind", "month", "program", "message"),
    [
        ("weekly", 3, None, "No report called 'weekly'"),
        ("summary", 13, None, "The month must be 1 to 12"),
        ("program", 3, 999_999, "No program with id 999999"),
    ],
)
def test_bad_arguments_exit_2_with_a_message(  # noqa: PLR0917  (fixtures and parameters)
    cast: Cast, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    kind: str, month: int, program: int | None, message: str,
) -> None:  # fmt: skip
    args = argparse.Namespace(
        kind=kind, year=2026, month=month, format="xlsx", out=tmp_path / "x.xlsx",
        program=program, departments=False,
    )  # fmt: skip
    assert cli.cmd_report(args) == cli.EXIT_BAD_INPUT
    assert message in capsys.readouterr().err
    assert not (tmp_path / "x.xlsx").exists()


def test_the_parser_takes_the_documented_arguments() -> None:
    parser = argparse.ArgumentParser()
    cli.add_report_parser(parser.add_subparsers())
    args = parser.parse_args(["report", "program", "--month", "4", "--format", "xlsx"])
    assert (args.kind, args.month, args.format, args.func) == ("program", 4, "xlsx", cli.cmd_report)
