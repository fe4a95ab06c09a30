from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from mainspring.experiences import audiences
from mainspring.experiences.audiences import (
    CurrentEnrolment,
    NeedFacts,
    PersonFacts,
    RuleFacts,
    StepFacts,
)
from mainspring.experiences.models import DONE_STATUSES, EnrolmentSource, EnrolmentStatus

TODAY = date(2026, 3, 1)


def _person(pid=1, role=7, path="/1/2/", hired=None, location="Leeds", *, active=True):
    return PersonFacts(pid, role, path, hired, location, active)


def test_module_constants_agree_with_the_models():
    assert audiences.RULE == EnrolmentSource.RULE
    assert audiences.MANUAL == EnrolmentSource.MANUAL
    assert audiences.ACTIVE == EnrolmentStatus.ACTIVE
    assert audiences.WITHDRAWN == EnrolmentStatus.WITHDRAWN
    assert frozenset(DONE_STATUSES) == audiences.DONE


def test_empty_conditions_match_every_active_person():
    rule = RuleFacts(1, path_id=10)
    assert audiences.matches(rule, _person(), TODAY)
    assert not audiences.matches(rule, _person(active=False), TODAY)


def test_org_unit_condition_takes_the_whole_subtree():
    rule = RuleFacts(1, 10, unit_path="/1/2/")
    assert audiences.matches(rule, _person(path="/1/2/9/"), TODAY)
    assert not audiences.matches(rule, _person(path="/1/3/"), TODAY)
    # a sibling whose id starts with the same digit is not inside
    assert not audiences.matches(rule, _person(path="/1/22/"), TODAY)


def test_job_role_and_location_conditions_restrict():
    rule = RuleFacts(1, 10, job_role_ids=frozenset({7, 8}), location="leeds ")
    assert audiences.matches(rule, _person(role=8, location="Leeds"), TODAY)
    assert not audiences.matches(rule, _person(role=9), TODAY)
    assert not audiences.matches(rule, _person(role=None), TODAY)
    assert not audiences.matches(rule, _person(location="York"), TODAY)


def test_hire_window_keeps_recent_starters_only():
    rule = RuleFacts(1, 10, hired_within_days=30)
    assert audiences.matches(rule, _person(hired=TODAY - timedelta(days=30)), TODAY)
    assert not audiences.matches(rule, _person(hired=TODAY - timedelta(days=31)), TODAY)
    assert not audiences.matches(rule, _person(hired=None), TODAY)
    assert not audiences.matches(rule, _person(hired=TODAY + timedelta(days=5)), TODAY)


def test_the_earliest_due_rule_of_a_path_sets_the_due_date():
    rules = [RuleFacts(1, 10, due_days=60), RuleFacts(2, 10, due_days=14), RuleFacts(3, 11)]
    wanted = audiences.desired_enrolments([_person()], rules, TODAY)
    assert wanted[(1, 10)].rule_id == 2
    assert wanted[(1, 10)].due_date == TODAY + timedelta(days=14)
    assert wanted[(1, 11)].due_date == TODAY + timedelta(days=30)


def _enrolment(eid, path=10, source="rule", status="active", person=1):
    return CurrentEnrolment(eid, person, path, 1 if source == "rule" else None, source, status)


def test_a_person_who_moves_out_is_withdrawn_from_rule_enrolments_only():
    rules = [RuleFacts(1, 10, unit_path="/1/2/"), RuleFacts(2, 11, unit_path="/1/2/")]
    moved = _person(path="/1/5/")
    current = [_enrolment(100, path=10), _enrolment(101, path=11, source="manual")]
    plan = audiences.plan_sync([moved], rules, current, TODAY)
    assert plan.withdraw == [100]
    assert plan.create == []
    assert plan.reactivate == []


def test_completed_enrolments_stay_completed():
    rules = [RuleFacts(1, 10, unit_path="/1/2/")]
    plan = audiences.plan_sync(
        [_person(path="/9/")], rules, [_enrolment(100, status="completed")], TODAY
    )
    assert plan.counts() == {"enrolled": 0, "reactivated": 0, "withdrawn": 0}


def test_a_returning_match_reactivates_a_rule_withdrawal_but_not_a_manual_one():
    rules = [RuleFacts(1, 10), RuleFacts(2, 11)]
    current = [
        _enrolment(100, path=10, status="withdrawn"),
        _enrolment(101, path=11, status="withdrawn", source="manual"),
    ]
    plan = audiences.plan_sync([_person()], rules, current, TODAY)
    assert [eid for eid, _ in plan.reactivate] == [100]
    assert plan.create == []


def test_leavers_lose_every_active_enrolment():
    current = [
        _enrolment(100, path=10),
        _enrolment(101, path=11, source="manual"),
        _enrolment(102, path=12, status="completed"),
    ]
    plan = audiences.plan_sync([_person(active=False)], [RuleFacts(1, 10)], current, TODAY)
    assert plan.withdraw == [100, 101]


def test_time_passing_does_not_withdraw_a_new_starter():
    rules = [RuleFacts(1, 10, hired_within_days=30)]
    old_hand = _person(hired=TODAY - timedelta(days=400))
    plan = audiences.plan_sync([old_hand], rules, [_enrolment(100)], TODAY)
    assert plan.withdraw == []
    assert audiences.plan_sync([old_hand], rules, [], TODAY).create == []


people_st = st.builds(
    PersonFacts,
    id=st.integers(1, 30),
    job_role_id=st.one_of(st.none(), st.integers(1, 3)),
    unit_path=st.sampled_from(["/1/", "/1/2/", "/1/2/4/", "/1/3/"]),
    hire_date=st.one_of(st.none(), st.dates(date(2025, 1, 1), date(2026, 3, 1))),
    location=st.sampled_from(["", "Leeds", "York"]),
    active=st.booleans(),
)
rules_st = st.lists(
    st.builds(
        RuleFacts,
        id=st.integers(1, 10),
        path_id=st.integers(1, 3),
        job_role_ids=st.frozensets(st.integers(1, 3), max_size=2),
        unit_path=st.sampled_from(["", "/1/2/", "/1/3/"]),
        hired_within_days=st.one_of(st.none(), st.integers(0, 120)),
        location=st.sampled_from(["", "Leeds"]),
        due_days=st.integers(0, 90),
        active=st.booleans(),
    ),
    max_size=5,
)


@given(st.lists(people_st, max_size=10, unique_by=lambda p: p.id), rules_st)
def test_syncing_twice_changes_nothing_the_second_time(people, rules):
    first = audiences.plan_sync(people, rules, [], TODAY)
    stored = [
        CurrentEnrolment(i, d.person_id, d.path_id, d.rule_id, "rule", "active")
        for i, d in enumerate(first.create)
    ]
    again = audiences.plan_sync(people, rules, stored, TODAY)
    assert again.counts() == {"enrolled": 0, "reactivated": 0, "withdrawn": 0}
    assert all(p.active for p in people if any(d.person_id == p.id for d in first.create))


def _steps():
    return [
        StepFacts(1, 0, "Watch", due_days=7),
        StepFacts(2, 1, "Practise", prerequisite_ids=frozenset({1})),
        StepFacts(3, 2, "Read", required=False),
    ]


def test_next_step_waits_for_prerequisites():
    assert audiences.next_step(_steps(), {}).id == 1
    assert audiences.next_step(_steps(), {1: "in_progress"}).id == 1
    assert audiences.next_step(_steps()[1:], {}).id == 3  # step 2 waits for 1
    assert audiences.next_step(_steps(), {1: "passed"}).id == 2
    assert audiences.next_step(_steps(), {1: "passed", 2: "waived", 3: "completed"}) is None


def test_percent_and_completion_count_required_steps():
    assert audiences.percent_done(_steps(), {1: "completed"}) == 50
    assert not audiences.is_complete(_steps(), {1: "completed", 2: "failed"})
    assert audiences.is_complete(_steps(), {1: "completed", 2: "passed"})
    assert not audiences.is_complete([], {})


def test_overdue_means_due_before_today_and_not_done():
    step = _steps()[0]
    due = audiences.step_due(date(2026, 2, 1), step)
    assert due == date(2026, 2, 8)
    assert audiences.is_overdue(due, TODAY, done=False)
    assert not audiences.is_overdue(due, TODAY, done=True)
    assert not audiences.is_overdue(TODAY, TODAY, done=False)
    assert audiences.step_due(TODAY, _steps()[1]) is None


def test_why_it_matters_prefers_the_need_for_my_role():
    needs = [
        NeedFacts("Budgeting", goal="Margin up"),
        NeedFacts(
            "Load securing", goal="Fewer incidents", kpi="Incidents", job_role_ids=frozenset({7})
        ),
    ]
    text = audiences.why_it_matters("Safe driving", needs, 7, "Driver")
    assert "'Load securing' for your role (Driver)" in text
    assert "goal 'Fewer incidents', measured by Incidents" in text
    assert audiences.why_it_matters("Safe driving", needs, 1).count("Budgeting") == 1
    assert audiences.why_it_matters("", needs, 7) == ""
