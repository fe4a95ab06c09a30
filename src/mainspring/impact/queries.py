"""Reads of impact studies and ROI analyses, for this app's pages and the other apps."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Avg, Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404

from mainspring.evaluation import measures
from mainspring.evaluation.measures import LevelSummary
from mainspring.evaluation.models import EvaluationPlan
from mainspring.experiences.models import Program
from mainspring.impact import permissions
from mainspring.impact.models import ImpactStudy, RoiAnalysis, StudyStatus
from mainspring.org.models import Role
from mainspring.org.permissions import has_role
from mainspring.org.queries import scope_units_of, subtree_q
from mainspring.strategy.models import KPI, BusinessGoal, Observation
from mainspring.strategy.queries import observations_visible_to

__all__ = ["ImpactStudy", "RoiAnalysis", "latest_roi", "latest_study"]


def latest_study(program_id: int, kpi_id: int | None = None) -> ImpactStudy | None:
    """The newest finished study of a program (on one KPI if given), refusals included.

    Queued, running and failed runs are not answers, so they are skipped; a refusal is
    an answer (``refused`` is set and the numbers are None).
    """
    studies = ImpactStudy.objects.filter(program_id=program_id, status=StudyStatus.DONE)
    if kpi_id is not None:
        studies = studies.filter(kpi_id=kpi_id)
    return studies.select_related("program", "kpi").order_by("-created_at", "-id").first()


def latest_roi(program_id: int) -> RoiAnalysis | None:
    """The newest ROI analysis of a program (a refusal, with its reason, included)."""
    return (
        RoiAnalysis.objects.filter(program_id=program_id)
        .select_related("program", "study", "study__kpi")
        .order_by("-created_at", "-id")
        .first()
    )


# ----------------------------------------------------------------------------- scoping


def _stakeholder_programs_q(user: Any) -> Q:
    """Programs whose audience overlaps a stakeholder's units (below or above them).

    An audience unit above the stakeholder's (the whole company, their division) holds
    their people too; one below is theirs. A program with no audience units overlaps
    nothing, so stakeholders do not see it: when it is not clear whose it is, no.
    """
    units = scope_units_of(user)
    if not units:
        return Q(pk__in=[])
    below = subtree_q(units, "org_units__")
    above = Q(org_units__pk__in=[int(pk) for u in units for pk in u.path.strip("/").split("/")])
    return below | above


def _stakeholder_kpis_q(user: Any, prefix: str = "") -> Q:
    """KPIs with observations in a stakeholder's units."""
    units = scope_units_of(user)
    if not units:
        return Q(pk__in=[])
    observed = Observation.objects.filter(
        subtree_q(units, "org_unit__"), kpi_id=OuterRef(f"{prefix}pk")
    )
    return Q(Exists(observed))


def programs_visible_to(user: Any) -> QuerySet[Program]:
    """Programs whose impact the user may read.

    All for L&D and executives; for stakeholders those whose audience overlaps their
    units; none for others.
    """
    if permissions.sees_every_study(user):
        return Program.objects.all()
    if has_role(user, Role.STAKEHOLDER):
        return Program.objects.filter(_stakeholder_programs_q(user)).distinct()
    return Program.objects.none()


def studies_visible_to(user: Any) -> QuerySet[ImpactStudy]:
    """Impact studies the user may read, newest first.

    Stakeholders read only finished studies of programs whose audience overlaps their
    units, on KPIs measured in their units: both must hold, else the study is not theirs.
    """
    base = ImpactStudy.objects.select_related("program", "kpi", "created_by")
    if permissions.sees_every_study(user):
        return base
    if has_role(user, Role.STAKEHOLDER):
        programs = programs_visible_to(user).values("pk")
        kpis = KPI.objects.filter(_stakeholder_kpis_q(user)).values("pk")
        return base.filter(status=StudyStatus.DONE, program__in=programs, kpi__in=kpis)
    return base.none()


def get_study_for(user: Any, pk: int) -> ImpactStudy:
    """A study the user may read.

    Raises:
        Http404: when it does not exist or is not the user's to see.
    """
    found = studies_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise Http404("No such impact study.")
    return found


def roi_visible_to(user: Any) -> QuerySet[RoiAnalysis]:
    """ROI analyses of the programs the user may read, newest first."""
    base = RoiAnalysis.objects.select_related("program", "study", "study__kpi", "created_by")
    if permissions.sees_every_study(user):
        return base
    return base.filter(program__in=programs_visible_to(user).values("pk"))


def get_roi_for(user: Any, pk: int) -> RoiAnalysis:
    """An ROI analysis the user may read.

    Raises:
        Http404: when it does not exist or is not the user's to see.
    """
    found = roi_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise Http404("No such ROI analysis.")
    return found


def get_program_for(user: Any, pk: int) -> Program:
    """A program whose impact the user may read.

    Raises:
        Http404: when it does not exist or is not the user's to see.
    """
    found = programs_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise Http404("No such program.")
    return found


# ----------------------------------------------------------------------------- dashboards


def kpis_for_program(program: Program) -> tuple[list[KPI], list[KPI]]:
    """The KPIs to offer for a study: (linked through the program's needs, all others)."""
    linked_q = Q(needs__programs=program) | Q(goals__needs__programs=program)
    linked = list(KPI.objects.filter(linked_q).distinct().order_by("name"))
    linked_pks = {k.pk for k in linked}
    others = [k for k in KPI.objects.order_by("name") if k.pk not in linked_pks]
    return linked, others


@dataclass(frozen=True, slots=True)
class KpiNow:
    """A KPI's latest value as the reader may see it, against its target."""

    kpi: KPI
    period: date | None
    value: float | None
    units: int  # 0: a company-wide value; else the number of units averaged


def kpi_now(user: Any, kpi: KPI) -> KpiNow:
    """The KPI's latest period: the company value, else the mean of the visible units'."""
    rows = observations_visible_to(user, kpi)
    company = rows.filter(org_unit__isnull=True, person__isnull=True)
    source = company if company.exists() else rows
    last = source.order_by("-period").values_list("period", flat=True).first()
    if last is None:
        return KpiNow(kpi, None, None, 0)
    latest = source.filter(period=last).aggregate(mean=Avg("value"), n=Count("pk"))
    units = 0 if source is company else int(latest["n"])
    return KpiNow(kpi, last, latest["mean"], units)


@dataclass(frozen=True, slots=True)
class ProgramImpact:
    """A program's latest answer on a goal: its study and its ROI (either may be None)."""

    program: Program
    study: ImpactStudy | None
    roi: RoiAnalysis | None
    on_goal_kpi: bool = True  # False: the only study is on a KPI the goal does not track


def program_impact(program: Program, kpi_ids: list[int]) -> ProgramImpact:
    """The latest study on one of ``kpi_ids`` (else any KPI) and the latest ROI."""
    found = (
        ImpactStudy.objects.filter(program=program, kpi_id__in=kpi_ids, status=StudyStatus.DONE)
        .select_related("kpi")
        .order_by("-created_at", "-id")
        .first()
    )
    if found is not None:
        return ProgramImpact(program, found, latest_roi(program.pk))
    other = latest_study(program.pk)
    return ProgramImpact(program, other, latest_roi(program.pk), on_goal_kpi=other is None)


@dataclass(frozen=True, slots=True)
class GoalDashboard:
    """One business goal: its KPIs now, the programs serving it and what they did."""

    goal: BusinessGoal
    kpis: list[KpiNow]
    programs: list[ProgramImpact]


def goal_dashboard(user: Any, goal: BusinessGoal) -> GoalDashboard:
    """The goal's KPIs and the programs serving it (goal -> needs -> programs)."""
    kpis = list(goal.kpis.order_by("name"))
    need_kpis = goal.needs.exclude(kpi=None).values_list("kpi_id", flat=True)
    kpi_ids = [k.pk for k in kpis] + list(need_kpis)
    programs = programs_visible_to(user).filter(needs__goal=goal).distinct().order_by("title", "id")
    return GoalDashboard(
        goal,
        [kpi_now(user, k) for k in kpis],
        [program_impact(p, kpi_ids) for p in programs],
    )


@dataclass(frozen=True, slots=True)
class Chain:
    """A program's chain of evidence over a period: L1 -> L2 -> L3 -> L4 -> ROI."""

    program: Program
    start: date
    end: date
    plan: EvaluationPlan | None
    reaction: LevelSummary
    learning: LevelSummary
    application: LevelSummary
    net_promoter: float | None
    study: ImpactStudy | None
    roi: RoiAnalysis | None


def program_chain(program: Program, start: date, end: date) -> Chain:
    """Each level's headline for a program; the study and ROI are the latest, any date."""
    ids = [program.pk]
    plan = measures.evaluation_plan(program.pk)
    study = latest_study(program.pk, plan.kpi_id) if plan and plan.kpi_id else None
    return Chain(
        program=program,
        start=start,
        end=end,
        plan=plan,
        reaction=measures.reaction(ids, start, end),
        learning=measures.learning(ids, start, end),
        application=measures.application(ids, start, end),
        net_promoter=measures.net_promoter(ids, start, end),
        study=study or latest_study(program.pk),
        roi=latest_roi(program.pk),
    )
