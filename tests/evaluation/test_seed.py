"""The demo's evaluation: plans, deliveries, realistic response rates and comments."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import transaction

from mainspring.demo import seed as seed_module
from mainspring.demo.seed import SeedContext, seed_demo
from mainspring.demo.seeders import evaluation
from mainspring.evaluation import measures, queries
from mainspring.evaluation.models import Answer, EvaluationPlan, Invitation, SurveySession
from mainspring.experiences.models import Enrolment, EnrolmentStatus
from mainspring.org.models import User

TODAY = date(2026, 6, 1)
YEAR = (TODAY - timedelta(days=400), TODAY)


@pytest.fixture(scope="module")
def seeded(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    # Seed once for the module, up to this seeder only, in a transaction rolled back after.
    kept: dict[str, Any] = {}
    original = list(seed_module.SEEDERS)
    at = original.index(evaluation.seed)

    def keep(ctx: SeedContext) -> None:
        evaluation.seed(ctx)
        kept.update(ctx.registry["evaluation"])
        kept["programs"] = ctx.registry["experience_program_ids"]

    seed_module.SEEDERS[:] = [*original[:at], keep]
    try:
        with django_db_blocker.unblock(), transaction.atomic():
            seed_demo(400, 42, today=TODAY)
            yield kept
            transaction.set_rollback(True)
    finally:
        seed_module.SEEDERS[:] = original


@pytest.fixture
def registry(seeded: dict[str, Any], db: None) -> dict[str, Any]:
    return seeded


def test_five_plans_are_complete_and_compliance_is_a_draft(registry: dict[str, Any]) -> None:
    plans = {p.program_id: p for p in EvaluationPlan.objects.all()}
    keys = {pk: key for key, pk in registry["programs"].items()}
    missing = {keys[pk]: plan.missing for pk, plan in plans.items()}
    assert set(missing) == set(registry["plan_ids"])
    assert [k for k, m in missing.items() if m] == ["compliance"]
    assert "critical behaviours" in missing["compliance"]


def test_response_rates_are_realistic(registry: dict[str, Any]) -> None:
    for key, pk in registry["programs"].items():
        summary = measures.reaction([pk], *YEAR)
        if summary.invited >= 30:
            assert summary.response_rate is not None
            assert 35 <= summary.response_rate <= 75, key


def test_classroom_is_rated_above_the_compliance_e_learning(registry: dict[str, Any]) -> None:
    programs = registry["programs"]
    safe = measures.reaction([programs["safe_driver"]], *YEAR)
    compliance = measures.reaction([programs["compliance"]], *YEAR)
    assert safe.score is not None
    assert compliance.score is not None
    assert safe.score - compliance.score > 25
    nps_safe = measures.net_promoter([programs["safe_driver"]], *YEAR)
    nps_compliance = measures.net_promoter([programs["compliance"]], *YEAR)
    assert nps_safe is not None
    assert nps_compliance is not None
    assert nps_safe > nps_compliance


def test_only_completers_are_invited_to_reaction_surveys(registry: dict[str, Any]) -> None:
    invited = Invitation.objects.filter(session__survey__level=1).values_list(
        "person_id", "session__survey__program_id"
    )
    completed = set(
        Enrolment.objects.filter(status=EnrolmentStatus.COMPLETED).values_list(
            "person_id", "path__program_id"
        )
    )
    assert invited
    assert set(invited) <= completed


def test_follow_ups_come_60_to_90_days_after_the_session(registry: dict[str, Any]) -> None:
    first = {
        (s.survey.program_id, s.label): s.held_on
        for s in SurveySession.objects.filter(survey__level=1).select_related("survey")
    }
    follow_ups = SurveySession.objects.filter(survey__level=3).select_related("survey")
    assert follow_ups.exists()
    for s in follow_ups:
        gap = (s.held_on - first[(s.survey.program_id, s.label.removeprefix("Follow-up: "))]).days
        assert 60 <= gap <= 90


def test_comments_include_quotable_and_critical_ones(registry: dict[str, Any]) -> None:
    comments = Answer.objects.filter(item__construct="comment").exclude(text="")
    assert 20 <= comments.count() <= 40
    assert comments.filter(consent="named").count() >= 3
    assert comments.filter(consent="anonymous").count() >= 3
    assert comments.filter(text__contains="40 minutes late").exists()


def test_participant_estimates_are_there_for_the_roi(registry: dict[str, Any]) -> None:
    found = measures.participant_estimates(registry["programs"]["safe_driver"], *YEAR)
    responded = [r for r in found.rows if r.annual_improvement is not None]
    assert found.invited == len(found.rows)
    assert responded
    for row in responded:
        assert row.attribution_pct is not None
        assert 20 <= row.attribution_pct <= 80


def test_the_demo_learner_has_a_survey_waiting(registry: dict[str, Any]) -> None:
    learner = User.objects.get(username="learner")

    assert learner.person is not None
    assert queries.open_invitations(learner.person, date.today()).exists()  # noqa: DTZ011
