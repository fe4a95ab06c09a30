from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from django.test import Client
from django.urls import reverse

from mainspring.experiences.actions.paths import ProgramData, save_program
from mainspring.strategy import actions, checks, queries
from mainspring.strategy.checks import (
    Fix,
    GoalFact,
    InitiativeFact,
    KpiFact,
    MilestoneFact,
    NeedFact,
    SectionFact,
    StrategyFacts,
)
from mainspring.strategy.models import SectionKey
from mainspring.strategy.views.checks import fix_link
from tests.conftest import Cast
from tests.strategy.factories import make_kpi

TODAY = date(2025, 6, 1)
GOOD_KPI = KpiFact(
    1,
    "Incidents",
    has_baseline=True,
    has_target=True,
    has_target_date=True,
    has_unit_value=True,
    has_unit_value_source=True,
    has_observations=True,
)
GOOD_NEED = NeedFact(
    1, "Load securing", goal_id=1, kpi_id=1, priority="high", evaluation_level=4,
    isolation_method="did",
)  # fmt: skip
GOOD_SECTIONS = tuple(SectionFact(k.value, str(k.label), "Written.") for k in SectionKey)


def facts(**fields) -> StrategyFacts:
    """A strategy with nothing wrong, changed by ``fields``."""
    good = StrategyFacts(
        today=TODAY,
        version_number=1,
        goals=(GoalFact(1, "Fewer incidents", has_sponsor=True, kpi_ids=(1,)),),
        kpis=(GOOD_KPI,),
        needs=(GOOD_NEED,),
        initiatives=(
            InitiativeFact(
                1,
                "Roll out",
                has_owner=True,
                due_date=date(2025, 12, 1),
                milestones=(MilestoneFact(1, "Pilot", date(2025, 5, 1), date(2025, 5, 2)),),
            ),
        ),
        sections=GOOD_SECTIONS,
        programs_by_need={1: 1},
    )
    return replace(good, **fields)


def rules_hit(f: StrategyFacts) -> set[str]:
    return {finding.rule for finding in checks.run_checks(f)}


def test_a_complete_strategy_has_no_findings_and_scores_100():
    f = facts()
    assert checks.run_checks(f) == []
    ready = checks.readiness(f, [])
    assert ready.score == 100
    assert ready.label == "Ready"


def test_no_version_is_a_blocker():
    found = checks.strategy_not_started(facts(version_number=None, sections=())).findings
    assert [(x.severity, x.fix) for x in found] == [("blocker", Fix("strategy"))]


def test_each_empty_section_is_a_blocker_naming_the_section():
    sections = (SectionFact("vision", "Vision", "  "), *GOOD_SECTIONS[1:])
    outcome = checks.section_empty(facts(sections=sections))
    assert outcome.checked == 9
    assert [(x.message, x.fix) for x in outcome.findings] == [
        ("The section “Vision” is empty: write it.", Fix("section", key="vision"))
    ]


def test_goal_without_kpi_is_a_blocker():
    goal = GoalFact(7, "Grow", has_sponsor=True, kpi_ids=())
    found = checks.goal_without_kpi(facts(goals=(goal,))).findings
    assert [(x.severity, x.fix) for x in found] == [("blocker", Fix("goal", 7))]
    assert "Grow" in found[0].message


def test_goal_without_sponsor_is_a_warning():
    goal = GoalFact(7, "Grow", has_sponsor=False, kpi_ids=(1,))
    found = checks.goal_without_sponsor(facts(goals=(goal,))).findings
    assert [(x.severity, x.fix) for x in found] == [("warning", Fix("goal", 7))]


def test_kpi_without_baseline_is_flagged():
    found = checks.kpi_without_baseline(facts(kpis=(replace(GOOD_KPI, has_baseline=False),)))
    assert [x.fix for x in found.findings] == [Fix("kpi", 1)]


def test_kpi_without_target_date_says_what_is_missing():
    kpi = replace(GOOD_KPI, has_target_date=False)
    [found] = checks.kpi_without_target(facts(kpis=(kpi,))).findings
    assert "no target date" in found.message
    both = replace(GOOD_KPI, has_target=False, has_target_date=False)
    [found] = checks.kpi_without_target(facts(kpis=(both,))).findings
    assert "no target and no target date" in found.message


def test_kpi_without_money_value_is_a_warning_and_its_source_advice():
    unvalued = replace(GOOD_KPI, has_unit_value=False, has_unit_value_source=False)
    assert rules_hit(facts(kpis=(unvalued,))) == {"kpi_without_money_value"}
    unsourced = replace(GOOD_KPI, has_unit_value_source=False)
    [found] = checks.run_checks(facts(kpis=(unsourced,)))
    assert (found.rule, found.severity) == ("kpi_money_value_without_source", "advice")


def test_kpi_without_values_links_to_adding_values():
    found = checks.kpi_without_observations(
        facts(kpis=(replace(GOOD_KPI, has_observations=False),))
    ).findings
    assert [x.fix for x in found] == [Fix("observations", 1)]


def test_need_without_kpi_and_without_goal_are_blockers():
    need = replace(GOOD_NEED, kpi_id=None, goal_id=None)
    found = checks.run_checks(facts(needs=(need,)))
    assert {(x.rule, x.severity) for x in found} == {
        ("need_without_kpi", "blocker"),
        ("need_without_goal", "blocker"),
    }


def test_not_a_learning_problem_needs_are_not_held_to_learning_rules():
    need = replace(
        GOOD_NEED, gap_type="not_a_learning_problem", kpi_id=None, goal_id=None,
        evaluation_level=None, isolation_method="none",
    )  # fmt: skip
    assert checks.run_checks(facts(needs=(need,), programs_by_need={})) == []


def test_need_with_undecided_evaluation_names_what_is_missing():
    need = replace(GOOD_NEED, evaluation_level=None, isolation_method="none")
    [found] = checks.need_evaluation_undecided(facts(needs=(need,))).findings
    assert "evaluation level" in found.message
    assert "isolated" in found.message
    decided_level = replace(GOOD_NEED, isolation_method="none")
    [found] = checks.need_evaluation_undecided(facts(needs=(decided_level,))).findings
    assert "evaluation level" not in found.message


def test_high_priority_need_without_program_is_flagged_until_one_serves_it():
    assert rules_hit(facts(programs_by_need={})) == {"high_priority_need_without_program"}
    low = replace(GOOD_NEED, priority="low")
    assert checks.run_checks(facts(needs=(low,), programs_by_need={})) == []


def test_initiative_without_owner_or_date_is_flagged_unless_closed():
    bare = InitiativeFact(3, "Coaching", has_owner=False, due_date=None)
    assert rules_hit(facts(initiatives=(bare,))) == {
        "initiative_without_owner",
        "initiative_without_due_date",
    }
    assert checks.run_checks(facts(initiatives=(replace(bare, status="cancelled"),))) == []


def test_overdue_milestone_is_flagged_but_not_one_due_today_or_done():
    late = MilestoneFact(5, "Pilot", date(2025, 5, 31))
    due_today = MilestoneFact(6, "Launch", TODAY)
    done = MilestoneFact(7, "Design", date(2025, 1, 1), date(2025, 1, 2))
    initiative = InitiativeFact(
        3, "Coaching", has_owner=True, due_date=TODAY, milestones=(late, due_today, done)
    )
    outcome = checks.milestone_overdue(facts(initiatives=(initiative,)))
    assert outcome.checked == 3
    assert [x.fix for x in outcome.findings] == [Fix("initiative", 3)]
    assert "Pilot" in outcome.findings[0].message


def test_findings_come_blockers_first():
    f = facts(
        goals=(GoalFact(1, "Grow", has_sponsor=False, kpi_ids=()),),
        kpis=(replace(GOOD_KPI, has_unit_value_source=False),),
    )
    severities = [x.severity for x in checks.run_checks(f)]
    assert severities == ["blocker", "warning", "advice"]


def test_readiness_is_the_weighted_share_of_check_points_passed():
    # 1 version + 9 sections + 1 goal x2 (kpi, sponsor) + 1 need x2 blockers; warnings:
    # 1 kpi x4, need eval, program, initiative x2, milestone; advice: 1 kpi source.
    f = facts(kpis=(replace(GOOD_KPI, has_baseline=False),))
    total = 10 * (1 + 9 + 1 + 2) + 3 * (1 + 4 + 1 + 1 + 2 + 1) + 1 * 1
    found = checks.run_checks(f)
    ready = checks.readiness(f, found)
    assert (ready.total_points, ready.passed_points) == (total, total - 3)
    assert ready.score == round(100 * (total - 3) / total)
    assert ready.label == "Ready"


def test_a_blocker_weighs_more_than_a_warning():
    missing_baseline = facts(kpis=(replace(GOOD_KPI, has_baseline=False),))
    empty_vision = facts(sections=(SectionFact("vision", "Vision", ""), *GOOD_SECTIONS[1:]))
    warning = checks.readiness(missing_baseline, checks.run_checks(missing_baseline))
    blocker = checks.readiness(empty_vision, checks.run_checks(empty_vision))
    assert blocker.passed_points < warning.passed_points


def test_any_blocker_caps_the_score_below_90_and_says_not_ready():
    many = tuple(GoalFact(i, f"G{i}", True, (1,)) for i in range(2, 200))
    f = facts(goals=(*many, GoalFact(1, "No KPI", True, ())))
    ready = checks.readiness(f, checks.run_checks(f))
    assert ready.score == 89
    assert ready.label == "Not ready"
    assert "1 blocker must be fixed" in ready.explanation


def test_nothing_to_check_scores_zero():
    f = StrategyFacts(today=TODAY)
    found = checks.run_checks(f)
    assert [x.rule for x in found] == ["strategy_not_started"]
    assert checks.readiness(f, found).score == 0


# ----------------------------------------------------------------------------- from the database


def test_fixing_findings_through_actions_makes_them_go_and_raises_the_score(cast: Cast):
    # given a draft with one goal without KPI or sponsor, and a bare KPI
    version = actions.start_strategy(actor=cast.leader)
    goal = actions.create_goal(actor=cast.leader, title="Fewer incidents", driver="pain")
    kpi = make_kpi("INC", name="Incidents")

    before_facts = queries.strategy_facts(queries.checked_version(), TODAY)
    before = checks.run_checks(before_facts)
    assert {"goal_without_kpi", "goal_without_sponsor", "kpi_without_baseline"} <= {
        f.rule for f in before
    }

    # when the leader links the KPI, names a sponsor and records the baseline
    goal.sponsor = cast.org.olivia
    actions.update_goal(actor=cast.leader, goal=goal, kpis=[kpi])
    kpi.baseline = Decimal("4.2")
    actions.update_kpi(actor=cast.leader, kpi=kpi)
    section = version.sections.get(key="vision")
    actions.update_section(actor=cast.leader, section=section, narrative="Learning moves KPIs.")

    # then those findings are gone and the score is higher
    after_facts = queries.strategy_facts(queries.checked_version(), TODAY)
    after = checks.run_checks(after_facts)
    gone = {"goal_without_kpi", "goal_without_sponsor", "kpi_without_baseline"}
    assert not gone & {f.rule for f in after}
    assert Fix("section", key="vision") not in [f.fix for f in after]
    assert checks.readiness(after_facts, after).score > checks.readiness(before_facts, before).score


def test_strategy_facts_read_in_a_fixed_number_of_queries(cast: Cast, django_assert_num_queries):
    version = actions.start_strategy(actor=cast.leader)
    for i in range(5):
        kpi = make_kpi(f"K{i}")
        actions.create_goal(actor=None, title=f"Goal {i}", driver="gain", kpis=[kpi])
        actions.create_need(actor=None, title=f"Need {i}", gap_type="skill", kpi=kpi)
    with django_assert_num_queries(8):
        found = queries.strategy_facts(version, TODAY)
    assert len(found.goals) == 5
    assert all(g.kpi_ids for g in found.goals)
    assert len(found.sections) == 9


def test_checks_run_against_the_open_draft_else_the_latest_version(cast: Cast):
    first = actions.start_strategy(actor=cast.leader)
    actions.approve_version(actor=cast.leader, version=first)
    assert queries.checked_version() == first
    draft = actions.start_strategy(actor=cast.leader)
    assert queries.checked_version() == draft


# ----------------------------------------------------------------------------- the pages


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_checks_page_lists_findings_with_fix_links(cast: Cast):
    version = actions.start_strategy(actor=cast.leader)
    goal = actions.create_goal(actor=cast.leader, title="Fewer incidents", driver="pain")

    page = _client(cast.leader).get(reverse("strategy:checks")).content.decode()

    assert "The goal “Fewer incidents” has no KPI" in page
    assert reverse("strategy:goal-edit", kwargs={"pk": goal.pk}) in page
    section_url = reverse(
        "strategy:section-edit", kwargs={"number": version.number, "key": "vision"}
    )
    assert section_url in page
    assert "Readiness:" in page


def test_checks_page_filters_by_severity(cast: Cast):
    actions.create_goal(actor=cast.leader, title="Fewer incidents", driver="pain")
    client = _client(cast.leader)
    warnings = client.get(reverse("strategy:checks"), {"severity": "warning"}).content.decode()
    assert "has no sponsor" in warnings
    assert "has no KPI" not in warnings
    everything = client.get(reverse("strategy:checks"), {"severity": "nonsense"}).content.decode()
    assert "has no KPI" in everything


def test_executives_see_the_findings_without_edit_links(cast: Cast):
    goal = actions.create_goal(actor=cast.leader, title="Fewer incidents", driver="pain")
    page = _client(cast.executive).get(reverse("strategy:checks")).content.decode()
    assert "has no KPI" in page
    assert reverse("strategy:goal-edit", kwargs={"pk": goal.pk}) not in page


def test_an_approved_versions_empty_sections_lead_to_the_document():
    url, _label = fix_link(Fix("section", key="vision"), None)
    assert url == reverse("strategy:document")


def test_version_page_shows_the_readiness_panel(cast: Cast):
    version = actions.start_strategy(actor=cast.leader)
    page = _client(cast.leader).get(
        reverse("strategy:version-detail", kwargs={"number": version.number})
    )
    assert page.status_code == 200
    assert b'id="checks-panel"' in page.content
    assert b"9 blockers" in page.content


def test_checks_page_pins_its_queries(cast: Cast, django_assert_num_queries):
    actions.start_strategy(actor=cast.leader)
    client = _client(cast.leader)
    for i in range(8):
        kpi = make_kpi(f"K{i}")
        actions.create_goal(actor=None, title=f"Goal {i}", driver="gain", kpis=[kpi])
        actions.create_need(actor=None, title=f"Need {i}", gap_type="skill", priority="high")
    # session, user, the version checked, then the seven reads of the facts
    with django_assert_num_queries(11):
        response = client.get(reverse("strategy:checks"))
    assert response.status_code == 200
    assert response.content.count(b"has no program yet") == 8


def test_a_program_serving_a_high_priority_need_clears_its_finding(db: None) -> None:
    need = actions.create_need(actor=None, title="Load securing", gap_type="skill", priority="high")
    rule = "high_priority_need_without_program"
    found = checks.run_checks(queries.strategy_facts(None, date(2026, 1, 1)))
    assert any(f.rule == rule for f in found)
    save_program(actor=None, data=ProgramData(title="Safe Driver", needs=[need]))
    found = checks.run_checks(queries.strategy_facts(None, date(2026, 1, 1)))
    assert not any(f.rule == rule for f in found)
