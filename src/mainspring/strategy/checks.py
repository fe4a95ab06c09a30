"""Strategy checks: plain rules that find what a strategy still lacks, and a readiness score.

Each rule is a function of :class:`StrategyFacts` returning an :class:`Outcome`: how
many things it looked at (its check-points) and a :class:`Finding` for each one that
fails. The rules know nothing of the database or of URLs; a finding names what to fix
with a :class:`Fix` (a kind and a key) that the view layer turns into a link.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

Severity = Literal["blocker", "warning", "advice"]
SEVERITIES: tuple[Severity, ...] = ("blocker", "warning", "advice")
SEVERITY_LABELS: Mapping[Severity, str] = {
    "blocker": "Blockers",
    "warning": "Warnings",
    "advice": "Advice",
}

# How much one check-point of each severity weighs in the readiness score.
WEIGHTS: Mapping[Severity, int] = {"blocker": 10, "warning": 3, "advice": 1}

# Needs that triage found are not a learning problem need no KPI, evaluation or program.
NOT_LEARNING = "not_a_learning_problem"
HIGH = "high"
ISOLATION_UNDECIDED = "none"
CLOSED_INITIATIVE = frozenset({"done", "cancelled"})


@dataclass(frozen=True, slots=True)
class GoalFact:
    pk: int
    title: str
    has_sponsor: bool
    kpi_ids: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class KpiFact:
    pk: int
    name: str
    has_baseline: bool = False
    has_target: bool = False
    has_target_date: bool = False
    has_unit_value: bool = False
    has_unit_value_source: bool = False
    has_observations: bool = False


@dataclass(frozen=True, slots=True)
class NeedFact:
    pk: int
    title: str
    goal_id: int | None = None
    kpi_id: int | None = None
    priority: str = "medium"
    gap_type: str = "skill"
    evaluation_level: int | None = None
    isolation_method: str = ISOLATION_UNDECIDED

    @property
    def is_learning(self) -> bool:
        return self.gap_type != NOT_LEARNING


@dataclass(frozen=True, slots=True)
class MilestoneFact:
    pk: int
    title: str
    due_date: date
    done_on: date | None = None


@dataclass(frozen=True, slots=True)
class InitiativeFact:
    pk: int
    title: str
    has_owner: bool = False
    due_date: date | None = None
    status: str = "planned"
    milestones: tuple[MilestoneFact, ...] = ()

    @property
    def is_open(self) -> bool:
        return self.status not in CLOSED_INITIATIVE


@dataclass(frozen=True, slots=True)
class SectionFact:
    key: str
    label: str
    narrative: str = ""


@dataclass(frozen=True, slots=True)
class StrategyFacts:
    """Everything the rules look at, for one strategy version (or none yet) on one day.

    ``programs_by_need`` maps a need's pk to the number of programs serving it (needs
    without a program are absent).
    """

    today: date
    version_number: int | None = None
    goals: tuple[GoalFact, ...] = ()
    kpis: tuple[KpiFact, ...] = ()
    needs: tuple[NeedFact, ...] = ()
    initiatives: tuple[InitiativeFact, ...] = ()
    sections: tuple[SectionFact, ...] = ()
    programs_by_need: Mapping[int, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Fix:
    """What to open to fix a finding: a kind of thing and its pk (or key, for a section).

    ``kind`` is one of "goal", "kpi", "need", "initiative", "observations", "section",
    "strategy".
    """

    kind: str
    pk: int | None = None
    key: str = ""


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    severity: Severity
    message: str
    fix: Fix


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one rule found: how many things it checked, and which of them failed."""

    rule: str
    severity: Severity
    checked: int
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True, slots=True)
class Readiness:
    score: int  # 0-100
    passed_points: int
    total_points: int
    counts: Mapping[Severity, int]
    label: str
    explanation: str


Rule = Callable[[StrategyFacts], Outcome]


def _outcome(rule: str, severity: Severity, checked: int, found: list[Finding]) -> Outcome:
    return Outcome(rule, severity, checked, tuple(found))


# ----------------------------------------------------------------------------- the strategy


def strategy_not_started(facts: StrategyFacts) -> Outcome:
    """Blocker: there is no strategy version at all."""
    found = []
    if facts.version_number is None:
        found.append(
            Finding(
                "strategy_not_started",
                "blocker",
                "No learning strategy has been started yet: start a draft.",
                Fix("strategy"),
            )
        )
    return _outcome("strategy_not_started", "blocker", 1, found)


def section_empty(facts: StrategyFacts) -> Outcome:
    """Blocker: a section of the version has no narrative."""
    found = [
        Finding(
            "section_empty",
            "blocker",
            f"The section “{s.label}” is empty: write it.",
            Fix("section", key=s.key),
        )
        for s in facts.sections
        if not s.narrative.strip()
    ]
    return _outcome("section_empty", "blocker", len(facts.sections), found)


# ----------------------------------------------------------------------------- goals


def goal_without_kpi(facts: StrategyFacts) -> Outcome:
    """Blocker: a goal names no KPI, so nobody can say whether it was reached."""
    found = [
        Finding(
            "goal_without_kpi",
            "blocker",
            f"The goal “{g.title}” has no KPI: say which business measure judges it.",
            Fix("goal", g.pk),
        )
        for g in facts.goals
        if not g.kpi_ids
    ]
    return _outcome("goal_without_kpi", "blocker", len(facts.goals), found)


def goal_without_sponsor(facts: StrategyFacts) -> Outcome:
    """Warning: a goal has no sponsor in the business."""
    found = [
        Finding(
            "goal_without_sponsor",
            "warning",
            f"The goal “{g.title}” has no sponsor: name the business leader who backs it.",
            Fix("goal", g.pk),
        )
        for g in facts.goals
        if not g.has_sponsor
    ]
    return _outcome("goal_without_sponsor", "warning", len(facts.goals), found)


# ----------------------------------------------------------------------------- KPIs


def kpi_without_baseline(facts: StrategyFacts) -> Outcome:
    """Warning: a KPI has no baseline, so no change can be measured against it."""
    found = [
        Finding(
            "kpi_without_baseline",
            "warning",
            f"The KPI “{k.name}” has no baseline: record where it stands before learning starts.",
            Fix("kpi", k.pk),
        )
        for k in facts.kpis
        if not k.has_baseline
    ]
    return _outcome("kpi_without_baseline", "warning", len(facts.kpis), found)


def kpi_without_target(facts: StrategyFacts) -> Outcome:
    """Warning: a KPI lacks a target, or the date the target is due."""
    found = []
    for k in facts.kpis:
        missing = [
            what
            for what, present in (("target", k.has_target), ("target date", k.has_target_date))
            if not present
        ]
        if missing:
            found.append(
                Finding(
                    "kpi_without_target",
                    "warning",
                    f"The KPI “{k.name}” has no {' and no '.join(missing)}: "
                    "say what value to reach, and by when.",
                    Fix("kpi", k.pk),
                )
            )
    return _outcome("kpi_without_target", "warning", len(facts.kpis), found)


def kpi_without_money_value(facts: StrategyFacts) -> Outcome:
    """Warning: a KPI has no money value per unit, so no ROI can be worked out."""
    found = [
        Finding(
            "kpi_without_money_value",
            "warning",
            f"The KPI “{k.name}” has no money value per unit: ask finance what one unit is "
            "worth, or an ROI cannot be worked out.",
            Fix("kpi", k.pk),
        )
        for k in facts.kpis
        if not k.has_unit_value
    ]
    return _outcome("kpi_without_money_value", "warning", len(facts.kpis), found)


def kpi_money_value_without_source(facts: StrategyFacts) -> Outcome:
    """Advice: a KPI's money value does not say where it comes from."""
    valued = [k for k in facts.kpis if k.has_unit_value]
    found = [
        Finding(
            "kpi_money_value_without_source",
            "advice",
            f"The money value of the KPI “{k.name}” has no source: note where it comes from "
            "(finance, a study, an estimate) so people can trust it.",
            Fix("kpi", k.pk),
        )
        for k in valued
        if not k.has_unit_value_source
    ]
    return _outcome("kpi_money_value_without_source", "advice", len(valued), found)


def kpi_without_observations(facts: StrategyFacts) -> Outcome:
    """Warning: a KPI has no values recorded, so its trend is unknown."""
    found = [
        Finding(
            "kpi_without_observations",
            "warning",
            f"The KPI “{k.name}” has no values yet: import or enter its figures.",
            Fix("observations", k.pk),
        )
        for k in facts.kpis
        if not k.has_observations
    ]
    return _outcome("kpi_without_observations", "warning", len(facts.kpis), found)


# ----------------------------------------------------------------------------- needs


def _learning_needs(facts: StrategyFacts) -> list[NeedFact]:
    return [n for n in facts.needs if n.is_learning]


def need_without_kpi(facts: StrategyFacts) -> Outcome:
    """Blocker: a learning need is tied to no KPI (not a learning problem: skipped)."""
    needs = _learning_needs(facts)
    found = [
        Finding(
            "need_without_kpi",
            "blocker",
            f"The need “{n.title}” is tied to no KPI: say which business measure it should move.",
            Fix("need", n.pk),
        )
        for n in needs
        if n.kpi_id is None
    ]
    return _outcome("need_without_kpi", "blocker", len(needs), found)


def need_without_goal(facts: StrategyFacts) -> Outcome:
    """Blocker: a learning need serves no business goal."""
    needs = _learning_needs(facts)
    found = [
        Finding(
            "need_without_goal",
            "blocker",
            f"The need “{n.title}” serves no business goal: link it to the goal it supports.",
            Fix("need", n.pk),
        )
        for n in needs
        if n.goal_id is None
    ]
    return _outcome("need_without_goal", "blocker", len(needs), found)


def need_evaluation_undecided(facts: StrategyFacts) -> Outcome:
    """Warning: a need's evaluation level or the way its effect is isolated is not decided."""
    needs = _learning_needs(facts)
    found = []
    for n in needs:
        missing = []
        if n.evaluation_level is None:
            missing.append("the evaluation level")
        if n.isolation_method == ISOLATION_UNDECIDED:
            missing.append("how its effect will be isolated")
        if missing:
            found.append(
                Finding(
                    "need_evaluation_undecided",
                    "warning",
                    f"The need “{n.title}” has no decision on {' or on '.join(missing)}.",
                    Fix("need", n.pk),
                )
            )
    return _outcome("need_evaluation_undecided", "warning", len(needs), found)


def high_priority_need_without_program(facts: StrategyFacts) -> Outcome:
    """Warning: a high-priority learning need has no program serving it yet."""
    needs = [n for n in _learning_needs(facts) if n.priority == HIGH]
    found = [
        Finding(
            "high_priority_need_without_program",
            "warning",
            f"The high-priority need “{n.title}” has no program yet.",
            Fix("need", n.pk),
        )
        for n in needs
        if not facts.programs_by_need.get(n.pk)
    ]
    return _outcome("high_priority_need_without_program", "warning", len(needs), found)


# ----------------------------------------------------------------------------- implementation


def _open_initiatives(facts: StrategyFacts) -> list[InitiativeFact]:
    return [i for i in facts.initiatives if i.is_open]


def initiative_without_owner(facts: StrategyFacts) -> Outcome:
    """Warning: an open initiative has nobody answerable for it."""
    items = _open_initiatives(facts)
    found = [
        Finding(
            "initiative_without_owner",
            "warning",
            f"The initiative “{i.title}” has no owner: name who answers for it.",
            Fix("initiative", i.pk),
        )
        for i in items
        if not i.has_owner
    ]
    return _outcome("initiative_without_owner", "warning", len(items), found)


def initiative_without_due_date(facts: StrategyFacts) -> Outcome:
    """Warning: an open initiative has no due date."""
    items = _open_initiatives(facts)
    found = [
        Finding(
            "initiative_without_due_date",
            "warning",
            f"The initiative “{i.title}” has no due date: say when it will be done.",
            Fix("initiative", i.pk),
        )
        for i in items
        if i.due_date is None
    ]
    return _outcome("initiative_without_due_date", "warning", len(items), found)


def milestone_overdue(facts: StrategyFacts) -> Outcome:
    """Warning: a milestone of an open initiative is past its date and not done."""
    checked, found = 0, []
    for i in _open_initiatives(facts):
        for m in i.milestones:
            checked += 1
            if m.done_on is None and m.due_date < facts.today:
                found.append(
                    Finding(
                        "milestone_overdue",
                        "warning",
                        f"The milestone “{m.title}” of “{i.title}” was due on "
                        f"{m.due_date:%d %b %Y} and is not done: mark it done or move it.",
                        Fix("initiative", i.pk),
                    )
                )
    return _outcome("milestone_overdue", "warning", checked, found)


RULES: tuple[Rule, ...] = (
    strategy_not_started,
    section_empty,
    goal_without_kpi,
    need_without_goal,
    need_without_kpi,
    goal_without_sponsor,
    kpi_without_baseline,
    kpi_without_target,
    kpi_without_money_value,
    kpi_without_observations,
    need_evaluation_undecided,
    high_priority_need_without_program,
    initiative_without_owner,
    initiative_without_due_date,
    milestone_overdue,
    kpi_money_value_without_source,
)


def outcomes(facts: StrategyFacts, rules: tuple[Rule, ...] = RULES) -> list[Outcome]:
    """Run every rule and return what each checked and found."""
    return [rule(facts) for rule in rules]


def run_checks(facts: StrategyFacts) -> list[Finding]:
    """Return every finding, blockers first, then warnings, then advice (rule order within)."""
    found = [f for o in outcomes(facts) for f in o.findings]
    return sorted(found, key=lambda f: SEVERITIES.index(f.severity))


def readiness(facts: StrategyFacts, findings: list[Finding]) -> Readiness:
    """Score how ready the strategy is, 0-100: the weighted share of check-points passed.

    Every rule checks a number of things (each goal, each KPI, each section...): each is
    a check-point weighing 10 for a blocker rule, 3 for a warning and 1 for advice.
    Each finding is one failed check-point. So::

        score = round(100 * (total weight - weight of findings) / total weight)

    Blockers weigh most, so one empty section costs as much as three missing baselines.
    As long as any blocker remains the score is capped at 89: a strategy with a blocker
    is not ready, however much else is in place. With nothing to check (no strategy
    and no data) the score is 0.
    """
    total = sum(WEIGHTS[o.severity] * o.checked for o in outcomes(facts))
    failed = sum(WEIGHTS[f.severity] for f in findings)
    counts: dict[Severity, int] = dict.fromkeys(SEVERITIES, 0)
    for f in findings:
        counts[f.severity] += 1
    passed = max(total - failed, 0)
    score = round(100 * passed / total) if total else 0
    if counts["blocker"] and score > 89:  # noqa: PLR2004  (the cap, documented above)
        score = 89
    if counts["blocker"]:
        label = "Not ready"
    elif score >= 90:  # noqa: PLR2004  (a band, documented in the explanation)
        label = "Ready"
    else:
        label = "Nearly ready"
    explanation = (
        f"{passed} of {total} weighted check-points pass "
        f"(a blocker weighs {WEIGHTS['blocker']}, a warning {WEIGHTS['warning']}, "
        f"advice {WEIGHTS['advice']}). "
        + (
            f"{counts['blocker']} blocker{'s' if counts['blocker'] != 1 else ''} "
            "must be fixed before the strategy is ready."
            if counts["blocker"]
            else "No blockers: what remains makes the strategy stronger."
        )
    )
    return Readiness(score, passed, total, counts, label, explanation)
