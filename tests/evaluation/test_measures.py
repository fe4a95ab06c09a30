"""The contract's measures against values computed by hand."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from mainspring.evaluation import measures
from mainspring.evaluation.actions import PlanData, save_plan
from tests.conftest import Org
from tests.evaluation.factories import answer, complete, program_with_learners, sent_survey

YEAR = (date(2026, 1, 1), date(2026, 12, 31))
L1 = ("l1-relevance", "l1-engagement", "l1-satisfaction", "l1-confidence", "l1-commitment")


def _l1(values: tuple[int, ...], nps: int) -> dict[str, object]:
    return {**dict(zip(L1, values, strict=True)), "l1-nps": nps}


@pytest.fixture
def reacted(org: Org) -> int:
    program, _ = program_with_learners([org.lea, org.liam, org.sara, org.sam])
    _, session = sent_survey(program)
    answer(session, org.lea, _l1((5, 4, 3, 2, 5), 10))
    answer(session, org.liam, _l1((4, 4, 4, 4, 4), 9))
    answer(session, org.sara, _l1((1, 2, 3, 4, 5), 3))
    return program.pk


def test_reaction_counts_favourable_answers_of_submitted_invitations(reacted: int) -> None:
    summary = measures.reaction([reacted], *YEAR)

    # 15 agreement answers, 10 of them 4 or 5; they add up to 19 + 20 + 15 = 54
    assert summary.score == pytest.approx(10 / 15 * 100)
    assert summary.mean == pytest.approx(54 / 15)
    assert (summary.responses, summary.invited) == (3, 4)
    assert summary.response_rate == pytest.approx(75.0)


def test_net_promoter_is_promoters_minus_detractors(reacted: int) -> None:
    # 10 and 9 promote, 3 detracts: (2 - 1) / 3
    assert measures.net_promoter([reacted], *YEAR) == pytest.approx(100 / 3)
    assert measures.net_promoter(None, *YEAR) == pytest.approx(100 / 3)


def test_sessions_outside_the_period_and_other_programs_do_not_count(reacted: int) -> None:
    assert measures.reaction([reacted], date(2025, 1, 1), date(2026, 3, 11)).invited == 0
    assert measures.reaction([reacted + 1], *YEAR) == measures.LevelSummary(None, None, 0, 0)
    assert measures.net_promoter([reacted], date(2026, 3, 13), date(2026, 12, 31)) is None
    assert measures.reaction([], *YEAR).response_rate is None


def test_learning_is_the_mean_score_of_assessed_completions(org: Org) -> None:
    program, path = program_with_learners([org.lea, org.liam, org.sara])
    complete(org.lea, path, score=80)
    complete(org.liam, path, score=60)
    complete(org.sara, path)  # completed, no score recorded
    today = timezone.localdate()

    summary = measures.learning([program.pk], today - timedelta(days=1), today)

    assert summary.score == summary.mean == pytest.approx(70.0)
    assert (summary.responses, summary.invited) == (6, 9)  # 3 assessed steps x 3 people
    assert (
        measures.learning(
            [program.pk], today - timedelta(days=9), today - timedelta(days=1)
        ).invited
        == 0
    )


def test_application_combines_learner_and_manager_follow_ups(org: Org) -> None:
    program, _ = program_with_learners([org.lea, org.liam, org.sara])
    _, learners = sent_survey(program, level=3)
    _, managers = sent_survey(program, level=3, audience="manager")
    answer(learners, org.lea, {"l3-application": 5, "l3-frequency": 3})
    answer(managers, org.dan, {"l3m-application": 4, "l3m-improved": 2}, subject=org.liam)

    summary = measures.application([program.pk], *YEAR)

    # invitations: 3 learners; Dan about Lea and Liam, Sam about Sara
    assert (summary.responses, summary.invited) == (2, 6)
    assert summary.score == pytest.approx(50.0)
    assert summary.mean == pytest.approx(14 / 4)


def test_participant_estimates_list_every_invited_learner(org: Org) -> None:
    program, _ = program_with_learners([org.lea, org.liam])
    _, session = sent_survey(program, level=3)
    estimates = {"l3-improvement": 12000, "l3-attribution": 50, "l3-confidence-estimate": 80}
    answer(session, org.lea, estimates)

    found = measures.participant_estimates(program.pk, *YEAR)

    assert found.invited == 2
    lea, liam = sorted(found.rows, key=lambda r: r.person_id != org.lea.pk)
    assert lea == measures.ParticipantEstimate(org.lea.pk, True, Decimal(12000), 50.0, 80.0)
    assert liam == measures.ParticipantEstimate(org.liam.pk, False, None, None, None)


def test_evaluation_plan_is_found_by_program(org: Org) -> None:
    program, _ = program_with_learners([])
    assert measures.evaluation_plan(program.pk) is None
    save_plan(actor=None, program=program, data=PlanData(roi_in_scope=True))
    plan = measures.evaluation_plan(program.pk)
    assert plan is not None
    assert plan.roi_in_scope
    assert plan.isolation_method == "none"
