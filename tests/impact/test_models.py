"""The impact models and the contract reads other apps rely on (``impact.queries``)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from mainspring.experiences.actions.paths import ProgramData, save_program
from mainspring.impact import queries
from mainspring.impact.models import ImpactStudy, RoiAnalysis, RoiBasis, StudyStatus
from mainspring.strategy.actions import create_kpi
from mainspring.strategy.models import Level
from tests.conftest import Org


def test_latest_study_is_the_newest_finished_one_refusals_included(org: Org) -> None:
    # given: a program with a done study, a newer refused one on another KPI, and a
    # still newer one that is only queued
    program = save_program(actor=None, data=ProgramData(title="Safe Driver"))
    incidents = create_kpi(actor=None, code="incidents", name="Incidents", level=Level.SITE)
    revenue = create_kpi(actor=None, code="revenue", name="Revenue", level=Level.PERSON)
    now = timezone.now()
    done = ImpactStudy.objects.create(
        program=program,
        kpi=incidents,
        level="unit",
        status=StudyStatus.DONE,
        estimate=-0.4,
        ci_low=-0.6,
        ci_high=-0.2,
        evidence_grade="B",
        created_at=now - timedelta(days=2),
    )
    refused = ImpactStudy.objects.create(
        program=program,
        kpi=revenue,
        level="person",
        status=StudyStatus.DONE,
        refused=True,
        created_at=now - timedelta(days=1),
    )
    ImpactStudy.objects.create(program=program, kpi=incidents, level="unit", created_at=now)

    # then
    assert queries.latest_study(program.pk) == refused
    assert queries.latest_study(program.pk, incidents.pk) == done
    assert queries.latest_study(program.pk + 1000) is None


def test_latest_roi_is_the_newest_analysis(org: Org) -> None:
    program = save_program(actor=None, data=ProgramData(title="Sales Academy"))
    now = timezone.now()
    common = {
        "program": program,
        "basis": RoiBasis.PARTICIPANT_ESTIMATES,
        "period_start": date(2025, 1, 1),
        "period_end": date(2025, 12, 31),
    }
    RoiAnalysis.objects.create(**common, created_at=now - timedelta(days=3))
    newest = RoiAnalysis.objects.create(
        **common,
        benefits=Decimal(750000),
        costs=Decimal(425000),
        bcr=1.76,
        roi_pct=76.5,
        created_at=now,
    )
    assert queries.latest_roi(program.pk) == newest
    assert not newest.refused
    assert queries.latest_roi(program.pk + 1000) is None
