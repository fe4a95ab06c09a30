"""``mainspring import costs FILE``: book actual costs from a CSV or XLSX file, all or nothing.

The ``import`` parser of :mod:`mainspring.cli` dispatches here when ``what`` is
``costs``; it reads ``args.file``, ``args.dry_run`` and ``args.errors_csv``. Exit codes:
0 booked (or, with ``--dry-run``, would book), 2 for a bad file (every error is printed
by row and column, and nothing is booked).

Imports stay inside the functions: the ``mainspring`` parser imports this module on
every start, before Django is set up.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
from datetime import date
from pathlib import Path
from typing import TextIO

EXIT_BAD_INPUT = 2
MAX_SHOWN = 50


def cmd_import_costs(args: argparse.Namespace) -> int:
    """Run ``mainspring import costs FILE [--dry-run] [--errors-csv OUT]``."""
    _setup_django()
    return import_costs_file(
        Path(args.file),
        dry_run=bool(getattr(args, "dry_run", False)),
        errors_csv=getattr(args, "errors_csv", None),
    )


def _setup_django() -> None:
    from django.apps import apps  # noqa: PLC0415  (Django may not be set up yet)

    if not apps.ready:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mainspring.settings")
        import django  # noqa: PLC0415

        django.setup()


def import_costs_file(
    path: Path,
    *,
    dry_run: bool = False,
    errors_csv: str | None = None,
    out: TextIO | None = None,
) -> int:
    """Check a cost file and, unless ``dry_run`` or it has errors, book every row.

    Returns:
        The exit code: 0 when booked (or bookable), 2 when the file is bad.
    """
    from mainspring.factory.actions import costs as actions  # noqa: PLC0415
    from mainspring.factory.imports import plan_cost_import  # noqa: PLC0415
    from mainspring.factory.queries import costs as queries  # noqa: PLC0415
    from mainspring.org.imports import ImportFileError, read_table  # noqa: PLC0415

    stream = out or sys.stdout

    def say(message: str) -> None:
        print(message, file=stream, flush=True)

    if not path.is_file():
        say(f"{path}: no such file.")
        return EXIT_BAD_INPUT
    try:
        table = read_table(path, path.name)
    except (ImportFileError, ValueError) as error:
        say(f"{path}: {error}")
        return EXIT_BAD_INPUT
    today = date.today()  # noqa: DTZ011  (a calendar day)
    plan = plan_cost_import(table, queries.program_lookup(), today=today)
    for problem in plan.file_problems:
        say(f"{path}: {problem}")
    if plan.errors:
        say(f"{path}: {len(plan.errors):,} error(s):")
        for row_error in plan.errors[:MAX_SHOWN]:
            say(f"  {row_error.as_text()}")
        if len(plan.errors) > MAX_SHOWN:
            say(f"  ... and {len(plan.errors) - MAX_SHOWN:,} more (--errors-csv FILE lists all)")
        if errors_csv:
            with Path(errors_csv).open("w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle)
                writer.writerow(["row", "column", "value", "message"])
                for row_error in plan.errors:
                    writer.writerow(
                        [row_error.row, row_error.column, row_error.value, row_error.message]
                    )
            say(f"All errors written to {errors_csv}")
    if not plan.ok:
        say("Nothing was imported. Fix the file and run the command again.")
        return EXIT_BAD_INPUT
    verb = "Would book" if dry_run else "Booked"
    if not dry_run:
        actions.import_costs(actor=None, rows=plan.rows)
    say(f"{verb} {len(plan.rows):,} cost entries, {plan.total:,.2f} in all.")
    return 0
