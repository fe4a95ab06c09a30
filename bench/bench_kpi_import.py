"""Benchmark the KPI observation import (long format): check, apply, re-check, update.

Runs against a fresh SQLite database in a temporary folder (or the database named
by DATABASE_URL, which must hold no KPI observations yet):

    .venv/bin/python bench/bench_kpi_import.py              # 1,000,000 rows
    .venv/bin/python bench/bench_kpi_import.py --quick      # 20,000 rows
    .venv/bin/python bench/bench_kpi_import.py --rows 200000

The file holds KPIS site-level monthly KPIs over MONTHS months for as many sites as
the row count needs, plus one person-level KPI for a few people, in file order
KPI, site and month as a data warehouse would export it.
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mainspring.strategy.imports import ObservationPlan

KPIS = 10
MONTHS = 36
PEOPLE = 50  # for the person-level KPI: 50 people by 36 months of rows
HEADERS = ["KPI", "Site", "Month", "Value"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows in the file")
    parser.add_argument("--quick", action="store_true", help="20,000 rows (overrides --rows)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    rows = 20_000 if args.quick else max(args.rows, PEOPLE * MONTHS + 1)

    home = Path(tempfile.mkdtemp(prefix="mainspring-bench-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "mainspring.settings"
    os.environ["MAINSPRING_HOME"] = str(home)
    try:
        return run(rows, home)
    finally:
        if args.keep:
            print(f"kept {home}")
        else:
            shutil.rmtree(home, ignore_errors=True)


def run(rows: int, home: Path) -> int:
    # Django is configured by the environment set in main(), so it is imported here.
    import django  # noqa: PLC0415

    django.setup()
    from django.core.management import call_command  # noqa: PLC0415
    from django.db import connection  # noqa: PLC0415

    from mainspring.strategy.models import Observation  # noqa: PLC0415

    with timed() as took:
        call_command("migrate", verbosity=0)
    if Observation.objects.exists():
        print("The database already holds KPI values; point DATABASE_URL at an empty one.")
        return 2
    where = connection.settings_dict["NAME"]
    print(f"KPI observation import benchmark: {rows:,} rows, {connection.vendor} ({where})")
    print(f"  migrate        {took():7.1f}s")

    site_rows = rows - PEOPLE * MONTHS
    sites = -(-site_rows // (KPIS * MONTHS))
    with timed() as took:
        make_org_and_kpis(sites)
    print(f"  org and KPIs   {took():7.1f}s  {sites:,} sites, {KPIS + 1} KPIs, {PEOPLE} people")
    path = home / "observations.csv"
    with timed() as took:
        write_csv(path, rows, sites)
    print(f"  write CSV      {took():7.1f}s  {path.stat().st_size / 1e6:.1f} MB")

    plan = phase("check", rows, lambda: check(path))
    phase("apply", rows, partial(apply, plan))
    del plan
    again = phase("re-check", rows, lambda: check(path))
    unchanged = again.ok and again.unchanged == rows
    del again
    changed = rewrite_every_hundredth(path)
    update = phase("check 1% new", rows, lambda: check(path))
    updated = update.ok and len(update.updated) == changed
    phase("apply 1% new", rows, partial(apply, update))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"  values in the database: {Observation.objects.count():,}; re-import unchanged: "
        f"{'yes' if unchanged else 'NO'}; changed values updated: {'yes' if updated else 'NO'}; "
        f"peak memory {peak:,.0f} MB"
    )
    return 0 if unchanged and updated else 1


def make_org_and_kpis(sites: int) -> None:
    """Create a company with ``sites`` sites, KPIS site-level KPIs and a person-level one."""
    from django.db import transaction  # noqa: PLC0415

    from mainspring.org.actions import create_org_unit  # noqa: PLC0415
    from mainspring.org.models import Person, UnitKind  # noqa: PLC0415
    from mainspring.strategy.actions import create_kpi  # noqa: PLC0415
    from mainspring.strategy.models import Level  # noqa: PLC0415

    with transaction.atomic():
        company = create_org_unit(actor=None, code="CO", name="Company", kind=UnitKind.COMPANY)
        for n in range(sites):
            create_org_unit(
                actor=None, code=f"S{n:05d}", name=f"Site {n}", kind=UnitKind.SITE, parent=company
            )
        Person.objects.bulk_create(
            Person(hris_id=f"E{n:04d}", first_name="P", last_name=str(n), org_unit=company)
            for n in range(PEOPLE)
        )
        for k in range(KPIS):
            create_kpi(actor=None, code=f"K{k:02d}", name=f"KPI {k}", level=Level.SITE)
        create_kpi(actor=None, code="PERSON", name="Per person", level=Level.PERSON)


def file_rows(rows: int, sites: int) -> Iterator[list[str]]:
    """Yield the file's rows: the person-level KPI first, then by KPI, site and month."""
    months = [f"{2023 + m // 12}-{m % 12 + 1:02d}" for m in range(MONTHS)]
    for n in range(PEOPLE):
        for m, month in enumerate(months):
            yield ["PERSON", f"E{n:04d}", month, f"{(n + m) % 10 + 0.5}"]
    left = rows - PEOPLE * MONTHS
    for k in range(KPIS):
        for s in range(sites):
            for m, month in enumerate(months):
                if left == 0:
                    return
                left -= 1
                yield [f"K{k:02d}", f"S{s:05d}", month, f"{(k * 7 + s * 3 + m) % 97 / 4}"]


def write_csv(path: Path, rows: int, sites: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        writer.writerows(file_rows(rows, sites))


def rewrite_every_hundredth(path: Path) -> int:
    """Add 1 to every hundredth value in the file; return how many changed."""
    with path.open(newline="", encoding="utf-8") as handle:
        lines = list(csv.reader(handle))
    for line in lines[1::100]:
        line[3] = str(float(line[3]) + 1)
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(lines)
    return len(lines[1::100])


def phase(name: str, rows: int, work: Callable[[], Any]) -> Any:
    """Run one timed phase and print its speed and, for plans, its counts."""
    with timed() as took:
        result = work()
    seconds = took()
    counts = result.counts() if hasattr(result, "counts") else result
    shown = {k: v for k, v in counts.items() if k != "deactivated"}
    print(f"  {name:<14} {seconds:7.1f}s  {rows / seconds:9,.0f} rows/s  {shown}")
    return result


def check(path: Path) -> ObservationPlan:
    """Read a file and plan its import against the database (the "check" step)."""
    from mainspring.org.imports import guess_mapping, read_table  # noqa: PLC0415
    from mainspring.strategy import actions, imports  # noqa: PLC0415

    with path.open("rb") as handle:
        table = read_table(handle, path.name)
    mapping = guess_mapping(table.headers, imports.OBSERVATION_FIELDS)
    existing = actions.existing_observations(imports.kpi_codes_in(table, mapping))
    return imports.plan_observation_import(table, mapping, existing)


def apply(plan: ObservationPlan) -> dict[str, int]:
    """Write a checked plan, as an import would."""
    from mainspring.strategy import actions  # noqa: PLC0415

    return actions.apply_observation_plan(plan, actor=None, reason="bench")


@contextmanager
def timed() -> Iterator[Callable[[], float]]:
    """Measure the block; the yielded function returns the seconds it took."""
    started = time.perf_counter()
    ended: list[float] = []
    yield lambda: (ended[0] if ended else time.perf_counter()) - started
    ended.append(time.perf_counter())


if __name__ == "__main__":
    sys.exit(main())
