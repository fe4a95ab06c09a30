"""Impact studies from the database: the exposure rules on a small hand-made set."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from datetime import date

import pytest

from mainspring.experiences.actions.paths import PathData, ProgramData, create_path, save_program
from mainspring.experiences.models import Enrolment, EnrolmentStatus, LearningPath, Program
from mainspring.impact import cli, studies
from mainspring.org.models import OrgUnit, Person, UnitKind
from mainspring.strategy.actions import create_kpi
from mainspring.strategy.models import KPI, Level, Observation
from tests.conftest import Org
from tests.org.factories import make_person, make_unit


@dataclass
class World:
    org: Org
    program: Program
    path: LearningPath
    depot_s: OrgUnit
    team_s: OrgUnit
    site_kpi: KPI
    person_kpi: KPI


def enrol(person: Person, path: LearningPath, completed: date | None, *, withdrawn=False):
    status = EnrolmentStatus.COMPLETED if completed else EnrolmentStatus.ACTIVE
    if withdrawn:
        status = EnrolmentStatus.WITHDRAWN
    return Enrolment.objects.create(
        person=person,
        path=path,
        source="manual",
        status=status,
        enrolled_on=date(2025, 1, 2),
        completed_on=completed,
    )


@pytest.fixture
def world(org: Org) -> World:
    # given: Depot North (Dan, Lea, Liam) and Depot South with a team below it (four
    # people in the team), a program with one path, and a site KPI and a person KPI
    depot_s = make_unit("DEPOT-S", "Depot South", org.ops, UnitKind.SITE)
    team_s = make_unit("DEPOT-S-T1", "Depot South team 1", depot_s, UnitKind.TEAM)
    program = save_program(actor=None, data=ProgramData(title="Safe Driver"))
    path = create_path(actor=None, data=PathData(title="Safe Driver path"), program=program)
    site_kpi = create_kpi(actor=None, code="incidents", name="Incidents", level=Level.SITE)
    person_kpi = create_kpi(actor=None, code="revenue", name="Revenue", level=Level.PERSON)
    return World(org, program, path, depot_s, team_s, site_kpi, person_kpi)


def south_people(world: World, n: int) -> list[Person]:
    return [
        make_person(hris_id=f"P-S{i}", first_name="S", last_name=str(i), org_unit=world.team_s)
        for i in range(n)
    ]


def exposures(frame) -> dict[str, str]:
    return dict(zip(frame["unit_id"], frame["exposed_on"], strict=True))


def test_share_reached_on_is_the_day_of_the_ceil_share_th_completion():
    days = [date(2025, 3, 10), None, date(2025, 2, 1), date(2025, 4, 5)]
    # 4 people: half is the 2nd completion, three quarters the 3rd, all never
    assert studies.share_reached_on(days, 0.5) == date(2025, 3, 10)
    assert studies.share_reached_on(days, 0.6) == date(2025, 4, 5)
    assert studies.share_reached_on(days, 0.75) == date(2025, 4, 5)
    assert studies.share_reached_on(days, 1.0) is None
    assert studies.share_reached_on(days, 0.01) == date(2025, 2, 1)
    assert studies.share_reached_on([], 0.5) is None
    assert studies.share_reached_on([None, None], 0.5) is None


def test_a_site_is_exposed_when_the_share_of_its_audience_below_it_has_completed(world):
    # given: at Depot South, 4 enrolled in a team below the site: completions on
    # 1 Feb, 20 Mar, 5 May and one not yet; at Depot North, 1 of 3 completed
    s = south_people(world, 4)
    days = [date(2025, 2, 1), date(2025, 3, 20), date(2025, 5, 5), None]
    for person, day in zip(s, days, strict=True):
        enrol(person, world.path, day)
    enrol(world.org.dan, world.path, date(2025, 1, 15))
    enrol(world.org.lea, world.path, None)
    enrol(world.org.liam, world.path, None)
    codes = ["DEPOT-N", "DEPOT-S"]

    # when / then: half of 4 is the 2nd completion; half of 3 needs 2, only 1 done
    half = exposures(studies.unit_exposures(world.program, codes, 0.5))
    assert half == {"DEPOT-S": "2025-03-20"}
    # a quarter: the 1st completion at each site
    quarter = exposures(studies.unit_exposures(world.program, codes, 0.25))
    assert quarter == {"DEPOT-N": "2025-01-15", "DEPOT-S": "2025-02-01"}
    # three quarters of 4: the 3rd
    assert exposures(studies.unit_exposures(world.program, codes, 0.75)) == {
        "DEPOT-S": "2025-05-05"
    }
    # the division holds both sites: 7 enrolled, half needs the 4th completion (5 May)
    assert exposures(studies.unit_exposures(world.program, ["OPS"], 0.5)) == {"OPS": "2025-05-05"}


def test_withdrawn_enrolments_and_other_programs_are_not_the_audience(world):
    # given: at Depot North Dan completed; Lea withdrew (she left); Liam completed
    # another program only
    enrol(world.org.dan, world.path, date(2025, 2, 3))
    enrol(world.org.lea, world.path, None, withdrawn=True)
    other = save_program(actor=None, data=ProgramData(title="Other"))
    other_path = create_path(actor=None, data=PathData(title="Other path"), program=other)
    enrol(world.org.liam, other_path, date(2025, 1, 5))

    # when
    got = exposures(studies.unit_exposures(world.program, ["DEPOT-N"], 0.5))

    # then: the audience is Dan alone, who completed
    assert got == {"DEPOT-N": "2025-02-03"}


def test_a_person_is_exposed_from_their_earliest_completion_of_the_programs_paths(world):
    # given: two paths of the program; Sara completed both, Sam started one
    second = create_path(actor=None, data=PathData(title="Refresher"), program=world.program)
    enrol(world.org.sara, world.path, date(2025, 4, 2))
    enrol(world.org.sara, second, date(2025, 3, 9))
    enrol(world.org.sam, world.path, None)

    # when
    got = exposures(studies.person_exposures(world.program))

    # then
    assert got == {str(world.org.sara.pk): "2025-03-09"}


def test_study_frames_read_the_panel_and_refuse_a_level_the_kpi_is_not_at(world):
    # given: monthly site values at both depots
    Observation.objects.bulk_create(
        Observation(kpi=world.site_kpi, org_unit=unit, period=date(2025, m, 1), value=m)
        for unit in (world.org.depot, world.depot_s)
        for m in (1, 2, 3)
    )

    # when
    frames = studies.study_frames(world.program, world.site_kpi)

    # then: org units by code, months as YYYY-MM, no covariate (one division)
    assert frames.level == "unit"
    assert sorted(frames.kpi["unit_id"].unique()) == ["DEPOT-N", "DEPOT-S"]
    assert set(frames.kpi["period"]) == {"2025-01", "2025-02", "2025-03"}
    assert frames.units is None
    with pytest.raises(studies.StudyError, match="per site"):
        studies.study_frames(world.program, world.site_kpi, "person")
    with pytest.raises(studies.StudyError, match="per person"):
        studies.study_frames(world.program, world.person_kpi, "unit")
    with pytest.raises(studies.StudyError, match="share"):
        studies.study_frames(world.program, world.site_kpi, share=0)


def test_person_covariates_are_job_roles_only_when_they_differ(world):
    # given: revenue of Sara and Sam, who hold different roles
    from mainspring.org.models import JobRole  # noqa: PLC0415

    seller, boss = JobRole.objects.create(name="Seller"), JobRole.objects.create(name="Boss")
    Person.objects.filter(pk=world.org.sara.pk).update(job_role=seller)
    Person.objects.filter(pk=world.org.sam.pk).update(job_role=boss)
    Observation.objects.bulk_create(
        Observation(kpi=world.person_kpi, person=p, period=date(2025, 1, 1), value=1)
        for p in (world.org.sara, world.org.sam)
    )

    # when
    frames = studies.study_frames(world.program, world.person_kpi)

    # then
    assert frames.units is not None
    assert dict(zip(frames.units["unit_id"], frames.units["job_role"], strict=True)) == {
        str(world.org.sara.pk): "Seller",
        str(world.org.sam.pk): "Boss",
    }


def test_the_study_command_reports_the_estimate_or_why_not(world):
    # given: 12 months at both depots; Depot South half-completed on 20 Mar
    s = south_people(world, 2)
    enrol(s[0], world.path, date(2025, 3, 20))
    enrol(s[1], world.path, None)
    Observation.objects.bulk_create(
        Observation(
            kpi=world.site_kpi,
            org_unit=unit,
            period=date(2025, m, 1),
            value=2.0 + 0.1 * (m % 3) - (1.0 if unit == world.depot_s and m >= 4 else 0.0),
        )
        for unit in (world.org.depot, world.depot_s)
        for m in range(1, 13)
    )
    out, err = io.StringIO(), io.StringIO()

    # when
    code = cli.run_study(
        program="Safe Driver", kpi="incidents", output_format="json", out=out, err=err
    )

    # then: one exposed site from April, effect -1 exactly; one exposed unit: no interval
    assert code == 0, err.getvalue()
    result = json.loads(out.getvalue())
    assert result["estimate"] == pytest.approx(-1.0)
    assert result["n_units_exposed"] == 1
    assert result["ci_low"] is None
    # by id too; and the errors
    assert cli.run_study(program=str(world.program.pk), kpi="incidents", out=out, err=err) == 0
    assert cli.run_study(program="Nope", kpi="incidents", out=out, err=err) == cli.EXIT_BAD_INPUT
    assert cli.run_study(program="Safe Driver", kpi="nope", out=out, err=err) == 2
    assert (
        cli.run_study(program="Safe Driver", kpi="incidents", level="person", out=out, err=err)
        == cli.EXIT_BAD_INPUT
    )
    assert "per site" in err.getvalue()
    # nobody exposed: the data cannot answer
    assert (
        cli.run_study(program="Safe Driver", kpi="incidents", share=1.0, out=out, err=err)
        == cli.EXIT_CANNOT_ANSWER
    )
