"""Read a strategy version and the live data under it into a :class:`document.Document`.

Drafts are read live each time; approved versions come from their snapshot. The
structured content of each section is chosen here: what a learning leader would put
in front of the executive team to show the plan rests on the business's own numbers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.db.models import Prefetch
from django.utils import timezone

from mainspring.org.models import OrgUnit, Role, Stakeholder, User
from mainspring.strategy.document import (
    Block,
    Chart,
    Document,
    Note,
    Section,
    Summary,
    Table,
    first_paragraph,
    from_json,
    number,
)
from mainspring.strategy.models import (
    KPI,
    BusinessGoal,
    DeliveryGuideline,
    EvaluationLevel,
    GapType,
    Initiative,
    InitiativeStatus,
    IsolationMethod,
    LearningNeed,
    Milestone,
    Observation,
    Priority,
    SectionKey,
    StrategySection,
    StrategyVersion,
)

PRIORITY_ORDER: dict[str, int] = {Priority.HIGH: 0, Priority.MEDIUM: 1, Priority.LOW: 2}


def document_for(version: StrategyVersion) -> Document:
    """Return the document of a version: its snapshot when approved, else read live."""
    if version.snapshot is not None:
        return from_json(version.snapshot)
    return build_live(version)


def _day(value: date | None) -> str:
    return value.isoformat() if value else "-"


def _name(person: object | None) -> str:
    return str(person) if person is not None else "-"


def organisation_name() -> str:
    """The name of the top of the org tree (the company), or a neutral placeholder."""
    root = OrgUnit.objects.filter(parent__isnull=True).order_by("path").first()
    return root.name if root else "Our organisation"


def _needs() -> list[LearningNeed]:
    return list(
        LearningNeed.objects.select_related("goal", "kpi")
        .prefetch_related("job_roles", "org_units", "initiatives")
        .order_by("goal__title", "goal_id", "title", "id")
    )


def _audience(need: LearningNeed) -> str:
    names = [r.name for r in need.job_roles.all()] + [u.name for u in need.org_units.all()]
    return ", ".join(names) or "-"


def _goals() -> list[BusinessGoal]:
    return list(
        BusinessGoal.objects.select_related("sponsor", "owner")
        .prefetch_related("kpis")
        .order_by("title", "id")
    )


def _kpi_series(kpis: Iterable[KPI]) -> dict[int, list[tuple[str, float]]]:
    """Company trend per KPI: company-wide values where present, else the units' mean."""
    ids = [k.pk for k in kpis]
    rows: Iterable[tuple[int, date, int | None, int | None, float]] = (
        Observation.objects.filter(kpi_id__in=ids)
        .order_by()
        .values_list("kpi_id", "period", "org_unit_id", "person_id", "value")
        .iterator(chunk_size=5000)
    )
    company: dict[int, dict[date, float]] = defaultdict(dict)
    totals: dict[int, dict[date, list[float]]] = defaultdict(lambda: defaultdict(list))
    for kpi_id, period, unit_id, person_id, value in rows:
        if unit_id is None and person_id is None:
            company[kpi_id][period] = value
        else:
            totals[kpi_id][period].append(value)
    series = {}
    for kpi_id in ids:
        if company.get(kpi_id):
            points = sorted(company[kpi_id].items())
        else:
            points = sorted((p, sum(v) / len(v)) for p, v in totals.get(kpi_id, {}).items())
        series[kpi_id] = [(f"{p:%Y-%m}", round(v, 4)) for p, v in points]
    return series


def _float(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]  # Decimal or None


def build_live(version: StrategyVersion) -> Document:
    """Read a version's narrative and today's data into a document."""
    narratives = {
        s.key: s.narrative
        for s in StrategySection.objects.filter(version=version).only("key", "narrative")
    }
    goals = _goals()
    needs = _needs()
    kpis = list(KPI.objects.order_by("code"))
    kpi_ids_in_use = {k.pk for g in goals for k in g.kpis.all()} | {
        n.kpi_id for n in needs if n.kpi_id
    }
    charted = [k for k in kpis if k.pk in kpi_ids_in_use]
    series = _kpi_series(charted)
    initiatives = list(
        Initiative.objects.select_related("owner")
        .prefetch_related(
            "needs", Prefetch("milestones", queryset=Milestone.objects.order_by("due_date", "id"))
        )
        .order_by("start_date", "due_date", "title", "id")
    )

    blocks: dict[str, list[Block]] = {
        SectionKey.VISION: [_goals_table(goals)],
        SectionKey.NEEDS: [
            _needs_table(needs),
            _not_learning_table(needs),
            _kpi_table(charted),
            *(_kpi_chart(k, series[k.pk]) for k in charted if series.get(k.pk)),
            *(
                Note(f"{k.name}: no values recorded yet, so there is no trend to show.")
                for k in charted
                if not series.get(k.pk)
            ),
        ],
        SectionKey.GOVERNANCE: [_sponsors_table(goals), _partners_table()],
        SectionKey.DELIVERY: [_guidelines_table(), _needs_by_gap_table(needs)],
        SectionKey.PROCUREMENT: [],
        SectionKey.EVALUATION: [_evaluation_table(needs)],
        SectionKey.TECHNOLOGY: [],
        SectionKey.ORGANISATION: [_team_table()],
        SectionKey.IMPLEMENTATION: [
            _initiatives_table(initiatives),
            _milestones_table(initiatives),
        ],
    }
    sections = tuple(
        Section(
            key=key.value,
            number=i,
            title=key.label,
            narrative=narratives.get(key.value, ""),
            blocks=tuple(blocks[key]),
        )
        for i, key in enumerate(SectionKey, start=1)
    )
    return Document(
        title=version.title,
        organisation=organisation_name(),
        version=version.number,
        status=version.status,
        created_at=version.created_at.isoformat(),
        approved_by=version.approved_by_name,
        approved_at=version.approved_at.isoformat() if version.approved_at else "",
        change_summary=version.change_summary,
        as_of=timezone.now().isoformat(),
        sections=sections,
        summary=_summary(narratives.get(SectionKey.VISION, ""), goals, series, needs, initiatives),
    )


# ----------------------------------------------------------------------------- blocks


def _horizon(goal: BusinessGoal) -> str:
    if goal.horizon_start is None and goal.horizon_end is None:
        return "-"
    return f"{_day(goal.horizon_start)} to {_day(goal.horizon_end)}"


def _goals_table(goals: list[BusinessGoal]) -> Table:
    return Table(
        caption="Business goals this strategy serves",
        columns=("Goal", "Driver", "Sponsor", "Horizon", "KPIs"),
        rows=tuple(
            (
                g.title,
                g.get_driver_display(),
                _name(g.sponsor),
                _horizon(g),
                ", ".join(k.name for k in g.kpis.all()) or "-",
            )
            for g in goals
        ),
        empty="No business goals recorded yet.",
    )


def _change(need: LearningNeed) -> str:
    if need.expected_change is None:
        return "-"
    unit = f" {need.kpi.unit}" if need.kpi and need.kpi.unit else ""
    sign = "+" if need.expected_change > 0 else ""
    by = f" by {need.expected_by:%Y-%m}" if need.expected_by else ""
    return f"{sign}{number(float(need.expected_change))}{unit}{by}"


def _needs_table(needs: list[LearningNeed]) -> Table:
    learning = [n for n in needs if n.gap_type != GapType.NOT_LEARNING]
    return Table(
        caption="Macro learning needs by business goal",
        columns=("Goal", "Need", "Gap", "Audience", "KPI", "Expected change", "Priority"),
        rows=tuple(
            (
                n.goal.title if n.goal else "(no goal)",
                n.title,
                n.get_gap_type_display(),
                _audience(n),
                n.kpi.name if n.kpi else "(no KPI)",
                _change(n),
                n.get_priority_display(),
            )
            for n in learning
        ),
        empty="No learning needs recorded yet.",
    )


def _not_learning_table(needs: list[LearningNeed]) -> Table:
    return Table(
        caption="Gaps triaged as not a learning problem",
        columns=("Gap", "Goal", "Why training will not close it"),
        rows=tuple(
            (n.title, n.goal.title if n.goal else "-", n.not_learning_reason or "-")
            for n in needs
            if n.gap_type == GapType.NOT_LEARNING
        ),
        empty="No gap has been triaged out of training.",
    )


def _kpi_table(kpis: list[KPI]) -> Table:
    def money(k: KPI) -> str:
        if k.unit_value is None:
            return "-"
        return f"{number(float(k.unit_value))} ({k.unit_value_source or 'source not given'})"

    return Table(
        caption="The KPIs the needs are measured by",
        columns=("KPI", "Unit", "Better", "Baseline", "Target", "Target date", "Value of 1 unit"),
        rows=tuple(
            (
                k.name,
                k.unit or "-",
                "lower" if k.direction == "lower" else "higher",
                number(_float(k.baseline)),
                number(_float(k.target)),
                _day(k.target_date),
                money(k),
            )
            for k in kpis
        ),
        empty="No KPI is linked to a goal or need yet.",
    )


def _kpi_chart(kpi: KPI, series: list[tuple[str, float]]) -> Chart:
    return Chart(
        caption=f"{kpi.name}: company trend with baseline and target",
        title=kpi.name,
        unit=kpi.unit,
        series=tuple(series),
        baseline=_float(kpi.baseline),
        target=_float(kpi.target),
    )


def _sponsors_table(goals: list[BusinessGoal]) -> Table:
    return Table(
        caption="Sponsors and owners of the business goals",
        columns=("Goal", "Sponsor", "Owner"),
        rows=tuple((g.title, _name(g.sponsor), _name(g.owner)) for g in goals),
        empty="No business goals recorded yet.",
    )


def _partners_table() -> Table:
    partners = Stakeholder.objects.select_related("person", "org_unit").order_by(
        "category", "name", "id"
    )
    return Table(
        caption="Partnerships the learning function holds",
        columns=("Stakeholder", "Category", "Unit", "Health", "What learning gives them"),
        rows=tuple(
            (
                str(s),
                s.get_category_display(),
                s.org_unit.name if s.org_unit else "-",
                s.get_health_display(),
                s.value_to_them or "-",
            )
            for s in partners
        ),
        empty="The partnership register is empty.",
    )


def _guidelines_table() -> Table:
    return Table(
        caption="Delivery methods by kind of gap",
        columns=("Gap", "Method", "Role", "Why"),
        rows=tuple(
            (
                g.get_gap_type_display(),
                g.get_method_display(),
                "main" if g.primary else "supporting",
                g.rationale or "-",
            )
            for g in DeliveryGuideline.objects.order_by("gap_type", "-primary", "method")
        ),
        empty="No delivery guidelines recorded yet.",
    )


def _needs_by_gap_table(needs: list[LearningNeed]) -> Table:
    by_gap: dict[str, list[str]] = defaultdict(list)
    for n in needs:
        by_gap[n.get_gap_type_display()].append(n.title)
    return Table(
        caption="Needs by kind of gap",
        columns=("Gap", "Needs", "Count"),
        rows=tuple(
            (label, "; ".join(by_gap[label]), str(len(by_gap[label])))
            for _, label in GapType.choices
            if by_gap.get(label)
        ),
        empty="No learning needs recorded yet.",
    )


def _evaluation_table(needs: list[LearningNeed]) -> Table:
    return Table(
        caption="Evaluation approach per need",
        columns=("Need", "KPI", "Up to level", "Isolating the effect", "Approach"),
        rows=tuple(
            (
                n.title,
                n.kpi.name if n.kpi else "-",
                n.get_evaluation_level_display() if n.evaluation_level else "-",
                IsolationMethod(n.isolation_method).label,
                n.evaluation_notes or "-",
            )
            for n in needs
            if n.gap_type != GapType.NOT_LEARNING
        ),
        empty="No learning needs recorded yet.",
    )


def _team_table() -> Table:
    team = (
        User.objects.filter(role__in=[Role.LEADER, Role.STAFF], is_active=True)
        .select_related("person__job_role", "person__org_unit")
        .order_by("role", "last_name", "first_name", "username")
    )
    return Table(
        caption="The learning team",
        columns=("Name", "Role in Mainspring", "Job role", "Unit"),
        rows=tuple(
            (
                str(u.person) if u.person else str(u),
                u.get_role_display(),
                u.person.job_role.name if u.person and u.person.job_role else "-",
                u.person.org_unit.name if u.person else "-",
            )
            for u in team
        ),
        empty="No L&D accounts yet.",
    )


def _initiatives_table(initiatives: list[Initiative]) -> Table:
    return Table(
        caption="Initiatives",
        columns=("Initiative", "Owner", "Start", "Due", "Status", "Needs served"),
        rows=tuple(
            (
                i.title,
                _name(i.owner),
                _day(i.start_date),
                _day(i.due_date),
                i.get_status_display(),
                "; ".join(n.title for n in i.needs.all()) or "-",
            )
            for i in initiatives
        ),
        empty="No initiatives planned yet.",
    )


def _milestones_table(initiatives: list[Initiative]) -> Table:
    return Table(
        caption="Milestones",
        columns=("Due", "Initiative", "Milestone", "Done"),
        rows=tuple(
            sorted(
                (
                    (_day(m.due_date), i.title, m.title, _day(m.done_on) if m.done_on else "open")
                    for i in initiatives
                    for m in i.milestones.all()
                ),
            )
        ),
        empty="No milestones set yet.",
    )


def _summary(
    vision: str,
    goals: list[BusinessGoal],
    series: dict[int, list[tuple[str, float]]],
    needs: list[LearningNeed],
    initiatives: list[Initiative],
) -> Summary:
    goal_rows = []
    for g in goals:
        for k in g.kpis.all() or [None]:
            if k is None:
                goal_rows.append((g.title, "(no KPI)", "-", "-", "-"))
                continue
            latest = series.get(k.pk) or []
            goal_rows.append(
                (
                    g.title,
                    k.name,
                    number(_float(k.baseline)),
                    number(latest[-1][1]) if latest else "-",
                    number(_float(k.target)),
                )
            )
    top = sorted(
        (n for n in needs if n.gap_type != GapType.NOT_LEARNING),
        key=lambda n: (PRIORITY_ORDER.get(n.priority, 3), n.title),
    )[:6]
    today = timezone.localdate()
    upcoming = sorted(
        (m.due_date, i.title, m.title)
        for i in initiatives
        if i.status != InitiativeStatus.CANCELLED
        for m in i.milestones.all()
        if m.done_on is None and m.due_date >= today
    )[:6]
    levels = [n.evaluation_level for n in needs if n.evaluation_level]
    isolated = sum(
        1
        for n in needs
        if n.isolation_method not in (IsolationMethod.NONE, IsolationMethod.ESTIMATES)
        and n.gap_type != GapType.NOT_LEARNING
    )
    learning = sum(1 for n in needs if n.gap_type != GapType.NOT_LEARNING)
    on_results = sum(1 for x in levels if x >= EvaluationLevel.RESULTS)
    evaluation = (
        f"{on_results} of {learning} learning needs are to be evaluated "
        f"on business results (level 4) or ROI; {isolated} have a planned way to isolate "
        "learning's effect from everything else that moves the KPI."
        if learning
        else "No learning needs recorded yet."
    )
    return Summary(
        vision=first_paragraph(vision),
        goals=Table(
            caption="Goals and where their KPIs stand",
            columns=("Goal", "KPI", "Baseline", "Latest", "Target"),
            rows=tuple(goal_rows),
            empty="No business goals recorded yet.",
        ),
        priorities=Table(
            caption="Top learning priorities",
            columns=("Need", "Gap", "Priority", "KPI"),
            rows=tuple(
                (
                    n.title,
                    n.get_gap_type_display(),
                    n.get_priority_display(),
                    n.kpi.name if n.kpi else "-",
                )
                for n in top
            ),
            empty="No learning needs recorded yet.",
        ),
        milestones=Table(
            caption="Next milestones",
            columns=("Due", "Initiative", "Milestone"),
            rows=tuple((d.isoformat(), i, m) for d, i, m in upcoming),
            empty="No open milestones.",
        ),
        evaluation=evaluation,
    )
