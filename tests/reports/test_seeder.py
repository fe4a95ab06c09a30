"""The reports seeder on a small history: plans for two years, some ahead, notes for two months."""

from __future__ import annotations

import random
from datetime import date

from mainspring.demo.seed import SeedContext
from mainspring.demo.seeders import reports as seeder
from mainspring.reports.models import MeasurePlan, ReportNote
from mainspring.reports.queries import operations_report
from mainspring.reports.tdrp import Status
from tests.conftest import Cast
from tests.reports.factories import make_history


def _seed() -> SeedContext:
    ctx = SeedContext(rng=random.Random(7), people=6, seed=7, today=date(2026, 4, 1))
    seeder.seed(ctx)
    return ctx


def test_the_seeder_plans_both_years_and_writes_two_months_of_notes(cast: Cast) -> None:
    history = make_history(cast.org)
    ctx = _seed()
    assert ctx.counts["measure_plans"] == MeasurePlan.objects.count()
    years = set(MeasurePlan.objects.values_list("year", flat=True))
    assert years == {2025, 2026}
    months = MeasurePlan.objects.filter(year=2026, measure="participants", scope="company")
    assert sorted(p.month or 0 for p in months) == list(range(1, 13))
    assert MeasurePlan.objects.filter(program=history.program, measure="roi").exists()
    assert MeasurePlan.objects.filter(kpi=history.kpi, measure="kpi_value").count() == 24
    notes = ReportNote.objects.order_by("year", "month", "kind")
    assert {(n.year, n.month) for n in notes} == {(2026, 2), (2026, 3)}
    assert all(n.text and n.author == cast.leader for n in notes)  # the "leader" login
    march = notes.get(kind="operations", month=3).text
    assert march.startswith("March in brief.")
    statuses = {r.line.status for b in operations_report(2026, 3).blocks for r in b.rows}
    assert {Status.AHEAD, Status.BEHIND} <= statuses


def test_the_seeder_is_deterministic(cast: Cast) -> None:
    make_history(cast.org)
    _seed()
    first = list(MeasurePlan.objects.values_list("measure", "year", "month", "value"))
    MeasurePlan.objects.all().delete()
    ReportNote.objects.all().delete()
    _seed()
    assert list(MeasurePlan.objects.values_list("measure", "year", "month", "value")) == first
