"""The demo's planted impact effects, and the impact studies that should find them.

One demo of 1,500 people is seeded for the module (about 30 s on SQLite): the smallest
size with 15 sites (10 depots, 5 warehouses) and about 60 account executives, which
gives the site-level studies enough units. The planted truth is read from the seed's
own registry (``planted_effects``), so each estimate is compared with what that very
seed planted.

What the demo's design lets a study recover: every planted program's effect lies in
the 95% interval of its study (Safe Driver on depots, New Manager on sites, Service
Excellence on customer-service agent teams drawn by lot into two waves, Warehouse Quality
on warehouses, Sales Academy on account executives who signed up themselves, best
sellers first). For New Manager the naive gap has the wrong sign.

Compliance, the null case: its KPI (audit findings) is one company-wide quarterly series
and everyone was enrolled on one day, so no comparison exists there; the null is studied
on revenue per account executive (reps are in its audience, nothing is planted for it)
and its interval includes zero.
"""

from __future__ import annotations

import io
import json
from datetime import date
from typing import Any

import pytest
from django.db import transaction

from mainspring.demo import seed as seed_module
from mainspring.demo.seed import SeedContext, seed_demo
from mainspring.demo.seeders import impact
from mainspring.experiences.models import Program
from mainspring.impact import cli, studies
from mainspring.impact.estimators import Estimate
from mainspring.strategy.models import KPI

TODAY = date(2025, 6, 1)
PEOPLE = 1500


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    kept: dict[str, object] = {}
    original = impact.seed

    def keep(ctx: SeedContext) -> None:
        original(ctx)
        kept.update(ctx.registry)

    at = seed_module.SEEDERS.index(original)
    seed_module.SEEDERS[at] = keep
    try:
        with django_db_blocker.unblock(), transaction.atomic():
            counts = seed_demo(PEOPLE, 42, today=TODAY)
            yield counts, kept
            transaction.set_rollback(True)
    finally:
        seed_module.SEEDERS[at] = original


@pytest.fixture
def registry(seeded, db) -> dict[str, Any]:
    kept: dict[str, Any] = seeded[1]
    return kept


def study(registry, key: str) -> tuple[Estimate, dict[str, Any]]:
    truth = registry["planted_effects"][key]
    program = Program.objects.get(pk=registry["experience_program_ids"][key])
    kpi = KPI.objects.get(code=truth["kpi"])
    return studies.run_study(program, kpi, truth["level"], truth["share"]), truth


def test_the_seeder_records_the_truth_of_every_planted_program(seeded, registry):
    planted = registry["planted_effects"]
    assert set(planted) == {
        "safe_driver",
        "new_manager",
        "service",
        "warehouse_quality",
        "sales_academy",
        "compliance",
    }
    assert planted["safe_driver"]["kpi"] == "safety-incidents"
    assert planted["safe_driver"]["level"] == "unit"
    assert planted["sales_academy"]["level"] == "person"
    assert planted["compliance"]["effect"] == 0.0
    assert seeded[0]["impact_planted_observations"] > 0
    # lower is better for incidents, turnover, complaints and errors: the effects are cuts
    for key in ("safe_driver", "new_manager", "service", "warehouse_quality"):
        assert planted[key]["effect"] < 0
        assert planted[key]["unit_periods"] > 0


@pytest.mark.parametrize(
    "key", ["safe_driver", "new_manager", "service", "warehouse_quality", "sales_academy"]
)
def test_the_study_recovers_the_planted_effect_within_its_interval(registry, key):
    result, truth = study(registry, key)

    assert truth["effect"] is not None
    assert result.evidence_grade == "B"
    assert result.ci_low is not None
    assert result.ci_high is not None
    assert result.ci_low <= truth["effect"] <= result.ci_high


def test_safe_driver_strong_effect_is_told_apart_from_zero(registry):
    result, _ = study(registry, "safe_driver")

    assert result.ci_high is not None
    assert result.ci_high < 0


def test_new_manager_naive_gap_has_the_wrong_sign_and_the_estimate_the_right_one(registry):
    # the program went to the sites with the worst turnover first
    result, truth = study(registry, "new_manager")

    assert truth["effect"] < 0
    assert result.naive_estimate is not None
    assert result.naive_estimate > 0  # "turnover is higher where leads were trained"
    assert result.estimate is not None
    assert result.estimate < 0
    assert result.ci_high is not None
    assert result.ci_high < 0


def test_the_null_program_interval_includes_zero(registry):
    result, truth = study(registry, "compliance")

    assert truth["effect"] == 0.0
    assert result.ci_low is not None
    assert result.ci_high is not None
    assert result.ci_low <= 0 <= result.ci_high


def test_service_excellence_compares_agent_teams(registry):
    # Complaints are counted per agent team; wave B (not yet trained) is the comparison.
    result, truth = study(registry, "service")

    assert truth["effect"] < 0
    assert result.n_units_exposed >= 2
    assert result.n_units_comparison >= 2
    assert result.estimate is not None
    assert result.estimate < 0


def test_sales_academy_self_selection_inflates_the_naive_gap(registry):
    # Top sellers signed up first: trained reps sell far more than the effect.
    result, truth = study(registry, "sales_academy")

    assert result.naive_estimate is not None
    assert result.naive_estimate > truth["effect"] * 2


def test_the_study_command_on_the_demo(registry):
    key = "safe_driver"
    program = Program.objects.get(pk=registry["experience_program_ids"][key])
    out, err = io.StringIO(), io.StringIO()

    text_code = cli.run_study(program=program.title, kpi="safety-incidents", out=out, err=err)
    json_code = cli.run_study(
        program=str(program.pk), kpi="safety-incidents", output_format="json", out=out, err=err
    )

    assert (text_code, json_code) == (0, 0), err.getvalue()
    text, _, body = out.getvalue().partition("\n{")
    assert f"Program: {program.title}" in text
    assert "Evidence grade:          B" in text
    assert json.loads("{" + body)["estimate"] < 0
