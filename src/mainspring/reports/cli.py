"""``mainspring report``: a monthly management report written to a PDF or XLSX file.

::

    mainspring report summary|program|operations [--year 2026 --month 10]
        [--format pdf|xlsx] [--out FILE] [--program ID] [--departments]

Without ``--year``/``--month`` the report is for the last complete month; without
``--out`` the file is named like the web download (``summary-report-2026-10.pdf``) in the
current directory. Exit 0 when written; 2 for a bad argument (unknown program, a month
outside 1-12); 3 when PDF is asked for on a machine without Pango.

The imports stay light (Django loads only when the command runs), because the
``mainspring`` parser imports this module on every start.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

KINDS = ("summary", "program", "operations")
FORMATS = ("pdf", "xlsx")
EXIT_BAD_INPUT = 2
EXIT_NO_PDF = 3


class ReportArgumentError(Exception):
    """An argument the report cannot be made with; the message says which and why."""


def export_report(
    kind: str,
    *,
    year: int | None = None,
    month: int | None = None,
    output_format: str = "pdf",
    out: Path | None = None,
    program_id: int | None = None,
    by_department: bool = False,
) -> Path:
    """Build one monthly report and write it to a file (Django must be set up).

    Args:
        kind: "summary", "program" or "operations".
        year: the report's year; with ``month``, defaults to the last complete month.
        month: the report's month, 1-12.
        output_format: "pdf" or "xlsx".
        out: the file to write; by default the download's name in the current directory.
        program_id: the program report for one program only.
        by_department: the operations report with one block per department.

    Returns:
        The path written.

    Raises:
        ReportArgumentError: for an unknown kind, format, month or program.
        mainspring.reports.exports.ExportError: PDF without the Pango library.
    """
    from django.http import Http404  # noqa: PLC0415  (Django loads only when run)
    from django.utils import timezone  # noqa: PLC0415

    from mainspring.reports import exports, queries  # noqa: PLC0415

    if kind not in KINDS:
        raise ReportArgumentError(f"No report called {kind!r}: use {', '.join(KINDS)}.")
    if output_format not in FORMATS:
        raise ReportArgumentError(f"No format {output_format!r}: use pdf or xlsx.")
    default_year, default_month = queries.last_complete_month(timezone.localdate())
    year, month = year or default_year, month or default_month
    if not 1 <= month <= 12:  # noqa: PLR2004
        raise ReportArgumentError(f"The month must be 1 to 12, not {month}.")
    try:
        report = queries.build_report(
            kind, year, month, program_id=program_id, by_department=by_department
        )
    except Http404 as error:
        raise ReportArgumentError(f"No program with id {program_id}.") from error
    content = exports.render_pdf(report) if output_format == "pdf" else exports.render_xlsx(report)
    path = out or Path(exports.filename(report, output_format))
    path.write_bytes(content)
    return path


def add_report_parser(sub: Any) -> None:
    """Add the ``report`` command to the ``mainspring`` parser."""
    report = sub.add_parser(
        "report",
        help="write a monthly management report (TDRp) to a PDF or XLSX file",
        description="Write the summary, program or operations report for one month.",
    )
    report.add_argument("kind", choices=KINDS)
    report.add_argument("--year", type=int, help="default: the last complete month's")
    report.add_argument("--month", type=int, help="1-12; default: the last complete month")
    report.add_argument("--format", choices=FORMATS, default="pdf")
    report.add_argument("--out", type=Path, help="the file to write")
    report.add_argument("--program", type=int, help="program report: only this program (id)")
    report.add_argument(
        "--departments", action="store_true", help="operations report: a block per department"
    )
    report.set_defaults(func=cmd_report)


def cmd_report(args: argparse.Namespace) -> int:
    """Run ``mainspring report``."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mainspring.settings")
    import django  # noqa: PLC0415  (settings must be chosen before Django loads)

    django.setup()
    from mainspring.reports.exports import ExportError  # noqa: PLC0415

    try:
        path = export_report(
            args.kind, year=args.year, month=args.month, output_format=args.format,
            out=args.out, program_id=args.program, by_department=args.departments,
        )  # fmt: skip
    except ReportArgumentError as error:
        print(error, file=sys.stderr)  # noqa: T201  (a command's own output)
        return EXIT_BAD_INPUT
    except ExportError as error:
        print(error, file=sys.stderr)  # noqa: T201  (a command's own output)
        return EXIT_NO_PDF
    print(f"Wrote {path}")  # noqa: T201  (a command's own output)
    return 0
