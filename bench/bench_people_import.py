"""Benchmark the HRIS people import on Northwind Freight: check, apply, re-import.

Runs against a fresh SQLite database in a temporary folder (or the database named
by DATABASE_URL, which must hold no people yet):

    .venv/bin/python bench/bench_people_import.py            # 100,000 rows
    .venv/bin/python bench/bench_people_import.py --quick    # 5,000 rows
    .venv/bin/python bench/bench_people_import.py --rows 20000 --xlsx
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mainspring.demo.blueprint import PersonSpec
    from mainspring.org.imports import PeoplePlan

HEADERS = [
    "Employee ID",
    "First Name",
    "Last Name",
    "Email",
    "Department Code",
    "Job Title",
    "Manager ID",
    "Location",
    "Hire Date",
    "Status",
]
TODAY = date(2025, 6, 1)  # fixed, so every run imports the same file


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="people in the file")
    parser.add_argument("--quick", action="store_true", help="5,000 rows (overrides --rows)")
    parser.add_argument("--xlsx", action="store_true", help="also time an XLSX of the file")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    rows = 5_000 if args.quick else args.rows

    home = Path(tempfile.mkdtemp(prefix="mainspring-bench-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "mainspring.settings"
    os.environ["MAINSPRING_HOME"] = str(home)
    try:
        return run(rows, args.seed, home, xlsx=args.xlsx)
    finally:
        if args.keep:
            print(f"kept {home}")
        else:
            shutil.rmtree(home, ignore_errors=True)


def run(rows: int, seed: int, home: Path, *, xlsx: bool) -> int:
    # Django is configured by the environment set in main(), so it is imported here.
    import django  # noqa: PLC0415

    django.setup()
    from django.core.management import call_command  # noqa: PLC0415
    from django.db import connection, transaction  # noqa: PLC0415

    from mainspring.demo.blueprint import generate_org  # noqa: PLC0415
    from mainspring.demo.seeders.org import write_units  # noqa: PLC0415
    from mainspring.org.models import Person  # noqa: PLC0415

    with timed() as took:
        call_command("migrate", verbosity=0)
    if Person.objects.exists():
        print("The database already holds people; point DATABASE_URL at an empty one.")
        return 2
    where = connection.settings_dict["NAME"]
    print(f"People import benchmark: {rows:,} rows, {connection.vendor} ({where})")
    print(f"  migrate        {took():7.1f}s")

    with timed() as took:
        org = generate_org(rows, seed, today=TODAY)
    print(f"  blueprint      {took():7.1f}s")
    with timed() as took, transaction.atomic():
        write_units(org.units)
    print(f"  org units      {took():7.1f}s  {len(org.units):,} units")
    path = home / "people.csv"
    with timed() as took:
        write_csv(path, org.people)
    print(f"  write CSV      {took():7.1f}s  {path.stat().st_size / 1e6:.1f} MB")

    plan = phase("check", rows, lambda: check(path))
    phase("apply", rows, lambda: apply(plan))
    again = phase("re-check", rows, lambda: check(path))
    unchanged = again.counts()["unchanged"] == rows and again.ok
    phase("re-apply", rows, lambda: apply(again))
    print(
        f"  people in the database: {Person.objects.count():,}; "
        f"re-import unchanged: {'yes' if unchanged else 'NO'}"
    )

    if xlsx:
        book = home / "people.xlsx"
        with timed() as took:
            write_xlsx(book, org.people)
        print(f"  write XLSX     {took():7.1f}s  {book.stat().st_size / 1e6:.1f} MB")
        from_book = phase("XLSX re-check", rows, lambda: check(book))
        unchanged = unchanged and from_book.counts()["unchanged"] == rows
    return 0 if unchanged else 1


def phase(name: str, rows: int, work: Callable[[], Any]) -> Any:
    """Run one timed phase and print its speed and, for plans, its counts."""
    with timed() as took:
        result = work()
    seconds = took()
    counts = result.counts() if hasattr(result, "counts") else result
    print(f"  {name:<14} {seconds:7.1f}s  {rows / seconds:9,.0f} rows/s  {counts}")
    return result


def check(path: Path) -> PeoplePlan:
    """Read a file and plan its import against the database (the "check" step)."""
    from mainspring.org import actions, imports  # noqa: PLC0415

    with path.open("rb") as handle:
        table = imports.read_table(handle, path.name)
    mapping = imports.guess_mapping(table.headers, imports.PEOPLE_FIELDS)
    return imports.plan_people_import(table, mapping, actions.existing_people())


def apply(plan: PeoplePlan) -> dict[str, int]:
    """Write a checked plan, as the import job does."""
    from mainspring.org import actions  # noqa: PLC0415

    return actions.apply_people_plan(plan, actor=None, reason="bench")


def export_rows(people: tuple[PersonSpec, ...]) -> Iterator[list[str | date]]:
    """Yield people as an HRIS export would: one row each, status in words.

    Hire dates stay dates: the CSV writer prints them ISO, an XLSX stores date cells.
    """
    for p in people:
        yield [
            p.hris_id,
            p.first_name,
            p.last_name,
            p.email,
            p.org_unit_code,
            p.job_role,
            p.manager_hris_id,
            p.location,
            p.hire_date,
            "Active" if p.active else "Terminated",
        ]


def write_csv(path: Path, people: tuple[PersonSpec, ...]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        writer.writerows(export_rows(people))


def write_xlsx(path: Path, people: tuple[PersonSpec, ...]) -> None:
    from openpyxl import Workbook  # noqa: PLC0415  (only with --xlsx)

    book = Workbook(write_only=True)
    sheet = book.create_sheet("People")
    sheet.append(HEADERS)
    for row in export_rows(people):
        sheet.append(row)
    book.save(path)


@contextmanager
def timed() -> Iterator[Callable[[], float]]:
    """Measure the block; the yielded function returns the seconds it took."""
    started = time.perf_counter()
    ended: list[float] = []
    yield lambda: (ended[0] if ended else time.perf_counter()) - started
    ended.append(time.perf_counter())


if __name__ == "__main__":
    sys.exit(main())
