"""The impact pages through HTTP, on a small hand-built panel: six depots, a year.

Depots D1-D4 complete the Safe Driver program in March, May, July and September 2025
(both of their two drivers); D5 and D6 never do. Incidents per depot and month fall by
exactly 1 from the first month after a depot's exposure, on top of a depot level and a
shared seasonal wiggle, so the estimate is -1 with a tight interval.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from mainspring.experiences.actions.paths import PathData, ProgramData, create_path, save_program
from mainspring.experiences.models import Enrolment, EnrolmentStatus, LearningPath, Program
from mainspring.factory.actions.costs import create_cost_entry
from mainspring.impact.models import ImpactStudy, RoiAnalysis, StudyStatus
from mainspring.org.models import OrgUnit, UnitKind, User
from mainspring.strategy.actions import create_goal, create_kpi, create_need
from mainspring.strategy.models import KPI, BusinessGoal, Level, Observation
from tests.conftest import Cast
from tests.evaluation.factories import answer, program_with_learners, sent_survey
from tests.org.factories import make_person, make_unit

EXPOSED_MONTHS = (3, 5, 7, 9)
NOISE = (0.05, -0.04, 0.02, -0.03, 0.04, -0.01, 0.03, -0.05, 0.01, 0.02, -0.02, 0.0)


@dataclass
class World:
    cast: Cast
    program: Program
    path: LearningPath
    kpi: KPI
    goal: BusinessGoal
    depots: list[OrgUnit]


def enrol(person_pk: int, path: LearningPath, completed: date | None) -> None:
    Enrolment.objects.create(
        person_id=person_pk,
        path=path,
        source="manual",
        status=EnrolmentStatus.COMPLETED if completed else EnrolmentStatus.ACTIVE,
        enrolled_on=date(2025, 1, 2),
        completed_on=completed,
    )


def build(cast: Cast) -> World:
    org = cast.org
    kpi = create_kpi(
        actor=None,
        code="incidents",
        name="Incidents",
        unit="incidents",
        level=Level.SITE,
        direction="lower",
        unit_value=Decimal(1000),
    )
    goal = create_goal(actor=None, title="Fewer incidents", driver="pain", kpis=[kpi])
    need = create_need(actor=None, title="Safer driving", gap_type="skill", goal=goal, kpi=kpi)
    program = save_program(actor=None, data=ProgramData(title="Safe Driver"))
    program.needs.add(need)
    program.org_units.add(org.ops)
    path = create_path(actor=None, data=PathData(title="Safe Driver path"), program=program)
    depots = [make_unit(f"D{i}", f"Depot {i}", org.ops, UnitKind.SITE) for i in range(1, 7)]
    rows = []
    for i, depot in enumerate(depots):
        month = EXPOSED_MONTHS[i] if i < len(EXPOSED_MONTHS) else None
        for n in range(2):
            person = make_person(
                hris_id=f"P-D{i}-{n}", first_name="Driver", last_name=f"{i}{n}", org_unit=depot
            )
            enrol(person.pk, path, date(2025, month, 10) if month else None)
        for m in range(1, 13):
            effect = -1.0 if month is not None and m > month else 0.0
            value = 3.0 + 0.2 * i + NOISE[m - 1] + NOISE[(m + i) % 12] + effect
            rows.append(Observation(kpi=kpi, org_unit=depot, period=date(2025, m, 1), value=value))
    Observation.objects.bulk_create(rows)
    return World(cast, program, path, kpi, goal, depots)


@pytest.fixture
def world(cast: Cast) -> World:
    return build(cast)


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def run_study_over_http(world: World, capture, **changes: Any) -> ImpactStudy:
    data = {
        "program": world.program.pk,
        "kpi": world.kpi.pk,
        "level": "",
        "share_pct": 50,
        "method": "auto",
        "covariates": "on",
        **changes,
    }
    with capture(execute=True):
        response = client_for(world.cast.staff).post(reverse("impact:study-new"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    study = ImpactStudy.objects.get()
    assert response["Location"] == reverse("impact:study-detail", args=[study.pk])
    study.refresh_from_db()
    return study


# ----------------------------------------------------------------------------- studies


def test_the_new_study_form_lists_the_programs_kpis_first(
    world, django_capture_on_commit_callbacks
):
    other = create_kpi(actor=None, code="absence", name="Absence", level=Level.SITE)
    response = client_for(world.cast.staff).get(
        reverse("impact:study-new"), {"program": world.program.pk}
    )
    html = response.content.decode()
    linked = html.index("Linked to this program&#x27;s needs")
    assert linked < html.index(">Incidents (site)<") < html.index("Other KPIs")
    assert html.index("Other KPIs") < html.index(f'value="{other.pk}"')
    # choosing a program in the form reloads only the form (HTMX)
    partial = client_for(world.cast.staff).get(
        reverse("impact:study-new"), {"program": world.program.pk}, HTTP_HX_REQUEST="true"
    )
    assert partial.content.decode().lstrip().startswith('<form id="study-form"')


def test_a_study_that_does_not_fit_the_kpi_is_refused_next_to_the_field(
    world, django_capture_on_commit_callbacks
):
    client = client_for(world.cast.staff)
    base = {"program": world.program.pk, "kpi": world.kpi.pk, "method": "auto"}
    response = client.post(
        reverse("impact:study-new"), {**base, "level": "person", "share_pct": 50}
    )
    assert response.status_code == 200
    assert "Incidents is measured per site, not per person" in response.content.decode()
    response = client.post(reverse("impact:study-new"), {**base, "level": "", "share_pct": 0})
    assert response.status_code == 200
    assert 'id="id_share_pct_error"' in response.content.decode()
    assert not ImpactStudy.objects.exists()


def test_a_study_runs_in_the_background_and_shows_its_estimate_in_words(
    world, django_capture_on_commit_callbacks
):
    # when
    study = run_study_over_http(world, django_capture_on_commit_callbacks)

    # then: the planted -1 is inside the interval, grade B, four exposed
    assert study.status == StudyStatus.DONE
    assert study.evidence_grade == "B"
    assert study.ci_low is not None
    assert study.ci_high is not None
    assert study.ci_low < -1.0 < study.ci_high
    # (the engine counts as comparisons every unit with periods not yet exposed)
    assert study.n_units_exposed == 4
    assert study.n_units_comparison >= 2
    assert study.result is not None
    assert study.result["event_study"]
    html = (
        client_for(world.cast.executive)
        .get(reverse("impact:study-detail", args=[study.pk]))
        .content.decode()
    )
    assert "Safe Driver reduced Incidents by" in html
    assert "per site-month" in html
    compared = study.n_units_comparison
    assert f"grade B: difference-in-differences on 4 sites exposed and {compared} sites" in html
    assert "naive: not an effect" in html
    assert "Pre-trend test" in html
    assert html.count("<svg") == 2


def test_a_rerun_is_a_new_snapshot_and_the_list_keeps_both(
    world, django_capture_on_commit_callbacks, django_assert_num_queries
):
    run_study_over_http(world, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(world.cast.staff).post(
            reverse("impact:study-new"),
            {"program": world.program.pk, "kpi": world.kpi.pk, "share_pct": 50, "method": "trend"},
        )
    assert ImpactStudy.objects.count() == 2
    assert ImpactStudy.objects.first().method == "trend-line"  # the newest
    client = client_for(world.cast.leader)
    with django_assert_num_queries(4):  # session, user, count, page
        response = client.get(reverse("impact:study-list"))
    assert response.content.decode().count("impact/studies/") >= 2


def test_a_refused_study_is_said_plainly_without_a_number(
    world, django_capture_on_commit_callbacks
):
    # given: no depot had all of its drivers complete, so at 100% nobody is exposed
    for depot in world.depots[:4]:
        person = make_person(
            hris_id=f"late-{depot.code}", first_name="L", last_name="L", org_unit=depot
        )
        enrol(person.pk, world.path, None)
    study = run_study_over_http(world, django_capture_on_commit_callbacks, share_pct=100)
    assert study.status == StudyStatus.DONE
    assert study.refused
    assert study.estimate is None
    html = (
        client_for(world.cast.staff)
        .get(reverse("impact:study-detail", args=[study.pk]))
        .content.decode()
    )
    assert "No estimate: the data cannot answer this question" in html
    assert "Effect per" not in html
    assert "reduced" not in html


def test_stakeholders_read_studies_of_their_units_only(world, django_capture_on_commit_callbacks):
    study = run_study_over_http(world, django_capture_on_commit_callbacks)
    url = reverse("impact:study-detail", args=[study.pk])
    assert client_for(world.cast.stakeholder).get(url).status_code == 200
    assert client_for(world.cast.stranger_stakeholder).get(url).status_code == 404
    assert client_for(world.cast.learner).get(url).status_code == 403
    # a study still running is not theirs to read yet
    ImpactStudy.objects.filter(pk=study.pk).update(status=StudyStatus.RUNNING)
    assert client_for(world.cast.stakeholder).get(url).status_code == 404


# ----------------------------------------------------------------------------- ROI


def test_roi_from_the_study_shows_bounds_costs_and_principles(
    world, django_capture_on_commit_callbacks
):
    # given: a study, and 30,000 of delivery costs in 2025
    study = run_study_over_http(world, django_capture_on_commit_callbacks)
    create_cost_entry(
        actor=None,
        on=date(2025, 6, 1),
        program=world.program,
        category="delivery",
        amount=Decimal(30_000),
        today=date(2025, 12, 31),
    )

    # when
    response = client_for(world.cast.staff).post(
        reverse("impact:roi-new", args=[world.program.pk]),
        {"basis": "estimate", "period_start": "2025-01-01", "period_end": "2025-12-31"},
    )

    # then: about 1 incident x 4 depots x 12 months x 1,000 = ~48,000 of benefits
    analysis = RoiAnalysis.objects.get()
    assert response["Location"] == reverse("impact:roi-detail", args=[analysis.pk])
    assert analysis.study == study
    assert analysis.costs == Decimal(30_000)
    assert not analysis.refused, analysis.refused_reason
    assert analysis.benefits_low is not None
    assert analysis.benefits_high is not None
    assert analysis.benefits_low < Decimal(48_000) < analysis.benefits_high
    assert analysis.roi_pct_low is not None
    assert analysis.roi_pct is not None
    assert analysis.roi_pct_low < analysis.roi_pct
    html = client_for(world.cast.executive).get(response["Location"]).content.decode()
    assert "48 exposed unit-periods a year" in html
    assert "Delivery (facilitators, materials, facilities, travel)" in html
    assert "30,000" in html
    assert "Most conservative alternative" in html
    assert analysis.bcr_low is not None
    assert f"{analysis.bcr_low:,.2f}" in html  # the BCR at the conservative end too
    assert analysis.bcr_low == pytest.approx(float(analysis.benefits_low / analysis.costs))


def test_roi_without_participant_answers_is_refused_with_its_reason(world):
    response = client_for(world.cast.staff).post(
        reverse("impact:roi-new", args=[world.program.pk]),
        {
            "basis": "participant_estimates",
            "period_start": "2025-01-01",
            "period_end": "2025-12-31",
        },
    )
    analysis = RoiAnalysis.objects.get()
    assert analysis.refused
    assert analysis.bcr is None
    html = client_for(world.cast.staff).get(response["Location"]).content.decode()
    assert "No ROI" in html
    assert "nothing isolates the program" in html


def test_a_period_ending_before_it_starts_is_refused_on_the_form(world):
    response = client_for(world.cast.staff).post(
        reverse("impact:roi-new", args=[world.program.pk]),
        {"basis": "estimate", "period_start": "2025-12-01", "period_end": "2025-01-01"},
    )
    assert response.status_code == 200
    assert "The period must end on or after the day it starts." in response.content.decode()
    assert not RoiAnalysis.objects.exists()


def roi_row(world: World, benefits: int, costs: int) -> RoiAnalysis:
    return RoiAnalysis.objects.create(
        program=world.program,
        basis="participant_estimates",
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        benefits=Decimal(benefits),
        costs=Decimal(costs),
        bcr=benefits / costs,
        roi_pct=(benefits - costs) / costs * 100,
        payback_months=costs / (benefits / 12),
        intangibles="Safer roads\nDriver morale",
    )


def test_the_roi_page_shows_the_formula_check_numbers_and_intangibles(world):
    analysis = roi_row(world, 750_000, 425_000)
    html = (
        client_for(world.cast.executive)
        .get(reverse("impact:roi-detail", args=[analysis.pk]))
        .content.decode()
    )
    assert "1.76" in html
    assert "76%" in html
    assert "6.8 months" in html
    assert "Driver morale" in html
    assert "did not pay back" not in html


def test_the_roi_list_reads_in_a_fixed_number_of_queries(world, django_assert_num_queries):
    for benefits in (750_000, 100_000, 500_000):
        roi_row(world, benefits, 425_000)
    client = client_for(world.cast.executive)
    with django_assert_num_queries(4):  # session, user, count, page
        html = client.get(reverse("impact:roi-list")).content.decode()
    assert html.count("impact/roi/") >= 3


def test_a_negative_roi_is_said_plainly(world):
    analysis = roi_row(world, 100_000, 425_000)
    html = (
        client_for(world.cast.leader)
        .get(reverse("impact:roi-detail", args=[analysis.pk]))
        .content.decode()
    )
    assert "The program did not pay back in its first year" in html
    assert "-76%" in html


# ----------------------------------------------------------------------------- dashboards


def test_the_goal_dashboard_shows_kpis_and_programs_with_their_estimates(
    world, django_capture_on_commit_callbacks
):
    study = run_study_over_http(world, django_capture_on_commit_callbacks)
    roi_row(world, 750_000, 425_000)
    html = (
        client_for(world.cast.executive)
        .get(reverse("impact:goal-detail", args=[world.goal.pk]))
        .content.decode()
    )
    assert "Incidents" in html
    assert "mean of 6" in html
    assert reverse("impact:program-chain", args=[world.program.pk]) in html
    assert reverse("impact:study-detail", args=[study.pk]) in html
    assert f"{study.estimate:+.3}"[:4] in html
    assert "76%" in html
    # a stakeholder of another division sees no program serving it
    other = (
        client_for(world.cast.stranger_stakeholder)
        .get(reverse("impact:goal-detail", args=[world.goal.pk]))
        .content.decode()
    )
    assert "No program serves this goal yet in your units" in other


def test_the_program_chain_shows_each_level_and_its_gaps(world, django_capture_on_commit_callbacks):
    run_study_over_http(world, django_capture_on_commit_callbacks)
    html = (
        client_for(world.cast.leader)
        .get(
            reverse("impact:program-chain", args=[world.program.pk]),
            {"start": "2025-01-01", "end": "2025-12-31"},
        )
        .content.decode()
    )
    assert "No level-1 survey answers in this period" in html
    assert "No level-3 survey yet" in html
    assert "grade B" in html
    assert "No ROI yet" in html
    assert (
        client_for(world.cast.stranger_stakeholder)
        .get(reverse("impact:program-chain", args=[world.program.pk]))
        .status_code
        == 404
    )


def test_roi_from_participants_adjusts_claims_and_excludes_the_extreme(cast: Cast):
    # given: three learners asked for Phillips estimates in a level-3 follow-up, and
    # 5,000 of delivery costs in 2026
    org = cast.org
    program, _ = program_with_learners([org.lea, org.liam, org.sara], title="Sales Academy")
    _, session = sent_survey(program, level=3)

    def estimate(improvement: int, attribution: int, confidence: int) -> dict[str, object]:
        return {
            "l3-improvement": improvement,
            "l3-attribution": attribution,
            "l3-confidence-estimate": confidence,
        }

    answer(session, org.lea, estimate(12_000, 50, 80))  # 4,800
    answer(session, org.liam, estimate(10_000, 100, 50))  # 5,000
    answer(session, org.sara, estimate(900_000, 100, 100))  # above 3 x the median 12,000
    create_cost_entry(
        actor=None,
        on=date(2026, 2, 1),
        program=program,
        category="delivery",
        amount=Decimal(5000),
        today=date(2026, 12, 31),
    )

    # when
    response = client_for(cast.leader).post(
        reverse("impact:roi-new", args=[program.pk]),
        {
            "basis": "participant_estimates",
            "period_start": "2026-01-01",
            "period_end": "2026-12-31",
        },
    )

    # then: 9,800 of benefits against 5,000: BCR 1.96, ROI 96%
    analysis = RoiAnalysis.objects.get()
    assert analysis.benefits == Decimal(9800)
    assert analysis.costs == Decimal(5000)
    assert analysis.bcr == pytest.approx(1.96)
    assert analysis.roi_pct == pytest.approx(96.0)
    assert analysis.benefits_low is None
    html = client_for(cast.executive).get(response["Location"]).content.decode()
    assert "1 claim of 900,000" in html
    assert "96%" in html
    assert "grade E, the weakest" in html


@pytest.mark.pdf
def test_a_finished_study_downloads_as_a_pdf_with_its_charts(
    world, django_capture_on_commit_callbacks
):
    study = run_study_over_http(world, django_capture_on_commit_callbacks)
    response = client_for(world.cast.executive).get(reverse("impact:study-pdf", args=[study.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    ImpactStudy.objects.filter(pk=study.pk).update(status=StudyStatus.RUNNING)
    url = reverse("impact:study-pdf", args=[study.pk])
    assert client_for(world.cast.executive).get(url).status_code == 404
