from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from django.db import IntegrityError

from mainspring.org.imports import guess_mapping, read_table
from mainspring.strategy import actions, imports
from mainspring.strategy.models import KPI, Level, Observation, Period
from tests.conftest import Org
from tests.strategy.factories import make_kpi

HEADER = ["KPI", "Unit", "Period", "Value"]


@pytest.fixture
def kpis(org: Org) -> dict[str, KPI]:
    return {
        "INC": make_kpi("INC", level=Level.SITE, unit="incidents per 100 drivers"),
        "SAT": make_kpi("SAT", level=Level.PERSON),
        "REV": make_kpi("REV", level=Level.COMPANY, period=Period.QUARTER),
    }


ROWS = [
    ["INC", "DEPOT-N", "2025-01", "4.5"],
    ["INC", "DEPOT-N", "2025-02", "3.5"],
    ["SAT", "P-LEA", "2025-01", "8"],
    ["SAT", "P-LIAM", "2025-01", "6"],
    ["REV", "", "2025-Q1", "1200000"],
]


def check(tmp_path: Path, rows: list[list[str]]) -> imports.ObservationPlan:
    path = tmp_path / "kpis.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    table = read_table(path, path.name)
    mapping = guess_mapping(table.headers, imports.OBSERVATION_FIELDS)
    existing = actions.existing_observations(imports.kpi_codes_in(table, mapping))
    return imports.plan_observation_import(table, mapping, existing)


def apply(plan: imports.ObservationPlan, *, allow_errors: bool = False) -> dict[str, int]:
    return actions.apply_observation_plan(
        plan, actor=None, reason="test", allow_errors=allow_errors
    )


def test_clean_file_creates_and_reimport_is_unchanged(kpis, org, tmp_path):
    counts = apply(check(tmp_path, ROWS))
    assert (counts["created"], counts["updated"], counts["unchanged"]) == (5, 0, 0)
    lea = Observation.objects.get(kpi=kpis["SAT"], person=org.lea)
    assert (lea.org_unit, lea.period, lea.value) == (None, date(2025, 1, 1), 8.0)
    revenue = Observation.objects.get(kpi=kpis["REV"])
    assert (revenue.org_unit, revenue.person, revenue.value) == (None, None, 1_200_000.0)
    assert Observation.objects.get(kpi=kpis["INC"], period=date(2025, 2, 1)).org_unit == org.depot

    again = check(tmp_path, ROWS)
    assert (len(again.created), len(again.updated), again.unchanged) == (0, 0, 5)
    apply(again)
    assert Observation.objects.count() == 5


def test_changed_value_is_updated_in_place(kpis, org, tmp_path):
    apply(check(tmp_path, ROWS))
    before = Observation.objects.get(kpi=kpis["INC"], period=date(2025, 2, 1))
    rows = [r[:] for r in ROWS]
    rows[1][3] = "2.25"
    plan = check(tmp_path, rows)
    assert plan.counts()["updated"] == 1
    assert plan.unchanged == 4
    apply(plan)
    after = Observation.objects.get(pk=before.pk)
    assert after.value == 2.25
    assert after.updated_at > before.updated_at
    assert Observation.objects.count() == 5


def test_file_with_a_bad_row_changes_nothing(kpis, tmp_path):
    plan = check(tmp_path, [*ROWS, ["INC", "NOWHERE", "2025-03", "1"]])
    assert [e.as_text() for e in plan.errors] == [
        "Row 7, column 'Unit': no org unit has the code 'NOWHERE'. KPI 'INC' is measured per site."
    ]
    with pytest.raises(actions.Error, match="nothing was imported"):
        apply(plan)
    assert not Observation.objects.exists()


def test_valid_only_writes_the_other_rows(kpis, tmp_path):
    plan = check(tmp_path, [*ROWS, ["INC", "DEPOT-N", "2025-01-20", "9"]])
    assert plan.error_rows == {2, 7}
    counts = apply(plan, allow_errors=True)
    assert counts["created"] == 4
    assert not Observation.objects.filter(kpi=kpis["INC"], period=date(2025, 1, 1)).exists()


def test_database_unique_constraints_hold_for_company_level_values(kpis):
    Observation.objects.create(kpi=kpis["REV"], period=date(2025, 1, 1), value=1)
    with pytest.raises(IntegrityError):
        Observation.objects.create(kpi=kpis["REV"], period=date(2025, 1, 1), value=2)


def test_observation_cannot_name_both_a_unit_and_a_person(kpis, org):
    with pytest.raises(IntegrityError):
        Observation.objects.create(
            kpi=kpis["INC"], org_unit=org.depot, person=org.lea, period=date(2025, 1, 1), value=1
        )


def test_large_plan_is_written_in_batches(kpis, org, tmp_path):
    # More rows than one batch, and than SQLite's 999 parameters in one statement.
    rows = [["SAT", "P-LEA", f"{2000 + m // 12}-{m % 12 + 1:02d}", str(m)] for m in range(300)]
    rows += [["SAT", "P-LIAM", f"{2000 + m // 12}-{m % 12 + 1:02d}", str(m)] for m in range(300)]
    seen: list[tuple[int, int]] = []
    actions.apply_observation_plan(
        check(tmp_path, rows), actor=None, reason="t", progress=lambda d, t: seen.append((d, t))
    )
    assert Observation.objects.count() == 600
    changed = [[*r[:3], str(float(r[3]) + 0.5)] for r in rows]
    plan = check(tmp_path, changed)
    assert plan.counts()["updated"] == 600
    apply(plan)
    assert Observation.objects.filter(value=299.5).count() == 2
    assert seen[-1] == (600, 600)


def test_existing_index_loads_only_the_kpis_asked_for(kpis, org, tmp_path):
    apply(check(tmp_path, ROWS))
    index = actions.existing_observation_index([kpis["SAT"].pk])
    assert index == {
        (kpis["SAT"].pk, None, org.lea.pk, date(2025, 1, 1)): 8.0,
        (kpis["SAT"].pk, None, org.liam.pk, date(2025, 1, 1)): 6.0,
    }


def test_erasing_a_person_erases_their_kpi_values(kpis, org, cast, tmp_path):
    from mainspring.org import actions as org_actions  # noqa: PLC0415

    apply(check(tmp_path, ROWS))
    org_actions.erase_person(actor=cast.leader, person=org.liam)
    assert Observation.objects.filter(kpi=kpis["SAT"]).count() == 1
