from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mainspring.experiences.actions import Error, enrolments
from mainspring.experiences.models import Enrolment, EnrolmentSource, StepProgress
from mainspring.org import actions as org_actions
from mainspring.org import imports
from mainspring.org.models import Person
from tests.conftest import Cast, Org
from tests.experiences.factories import make_path, make_rule, steps_of
from tests.org.factories import make_person

HEADERS = [
    "Employee ID",
    "First name",
    "Last name",
    "Email",
    "Department",
    "Manager",
    "Status",
    "Job title",
]


def _hris_file(org: Org, **moves: str) -> imports.Table:
    """Everyone in the cast org as an HRIS export; ``moves`` maps HRIS id -> unit code."""
    rows: list[list[imports.Cell]] = []
    for person in Person.objects.select_related("org_unit", "manager", "job_role").order_by("pk"):
        unit = moves.get(person.hris_id, person.org_unit.code)
        boss = person.manager.hris_id if person.manager else ""
        status = "Terminated" if unit == "LEFT" else "Active"
        unit = person.org_unit.code if unit == "LEFT" else unit
        rows.append(
            [
                *(person.hris_id, person.first_name, person.last_name, person.email, unit),
                *(boss, status, person.job_role.name if person.job_role else ""),
            ]
        )
    return imports.Table(headers=HEADERS, rows=rows)


def _import(table: imports.Table, name: str = "hris.csv") -> dict[str, int]:
    mapping = imports.guess_mapping(table.headers, imports.PEOPLE_FIELDS)
    plan = imports.plan_people_import(table, mapping, org_actions.existing_people())
    assert plan.ok, [e.as_text() for e in plan.errors]
    return org_actions.apply_people_plan(plan, actor=None, reason=f"Import of {name} (#7)")


def _status(person: Person, path) -> str:
    return Enrolment.objects.get(person=person, path=path).status


def test_a_rule_enrols_everyone_in_its_subtree_with_a_due_date(org: Org):
    path = make_path()
    make_rule(path, org_unit=org.ops, due_days=14)
    enrolled = set(Enrolment.objects.filter(path=path).values_list("person__hris_id", flat=True))
    assert enrolled == {"P-OLIVIA", "P-DAN", "P-LEA", "P-LIAM"}
    lea = Enrolment.objects.get(person=org.lea, path=path)
    assert lea.source == EnrolmentSource.RULE
    assert lea.due_date == timezone.localdate() + timedelta(days=14)


def test_moving_a_person_in_an_hris_reimport_withdraws_and_enrols_with_the_reason(org: Org):
    # given
    ops_path, sales_path = make_path("Depot safety"), make_path("Selling well")
    make_rule(ops_path, "Operations", org_unit=org.ops)
    make_rule(sales_path, "Sales", org_unit=org.sales)
    assert _status(org.lea, ops_path) == "active"
    # when
    counts = _import(_hris_file(org, **{"P-LEA": "SALES"}))
    # then
    assert counts["updated"] == 1
    assert _status(org.lea, ops_path) == "withdrawn"
    assert _status(org.lea, sales_path) == "active"
    withdrawn = Enrolment.history.filter(person_id=org.lea.pk, path_id=ops_path.pk).first()
    assert withdrawn is not None
    assert withdrawn.status == "withdrawn"
    assert withdrawn.history_type == "~"
    assert withdrawn.history_change_reason == "Import of hris.csv (#7)"
    created = Enrolment.history.get(person_id=org.lea.pk, path_id=sales_path.pk)
    assert created.history_type == "+"
    assert created.history_change_reason == "Import of hris.csv (#7)"
    # Liam stayed where he was: untouched, no new history.
    assert Enrolment.history.filter(person_id=org.liam.pk).count() == 1


def test_moving_back_reactivates_the_same_enrolment(org: Org):
    path = make_path()
    make_rule(path, org_unit=org.depot)
    first = Enrolment.objects.get(person=org.lea, path=path)
    _import(_hris_file(org, **{"P-LEA": "SALES"}))
    _import(_hris_file(org, **{"P-LEA": "DEPOT-N"}))
    again = Enrolment.objects.get(person=org.lea, path=path)
    assert again.pk == first.pk
    assert again.status == "active"
    assert again.withdrawn_on is None


def test_a_leaver_is_withdrawn_and_a_completed_enrolment_stays_completed(org: Org):
    path = make_path(steps=["Only step"])
    make_rule(path, org_unit=org.depot)
    step = steps_of(path)[0]
    liam = Enrolment.objects.get(person=org.liam, path=path)
    enrolments.record_progress(actor=None, enrolment=liam, step=step, status="completed")
    _import(_hris_file(org, **{"P-LEA": "LEFT", "P-LIAM": "SALES"}))
    assert _status(org.lea, path) == "withdrawn"
    assert _status(org.liam, path) == "completed"


def test_manual_enrolments_survive_a_move_and_manual_withdrawals_stick(org: Org):
    ops_path, other = make_path("Depot safety"), make_path("Coaching")
    make_rule(ops_path, org_unit=org.depot)
    enrolments.enrol_person(actor=None, person=org.lea, path=other)
    liam = Enrolment.objects.get(person=org.liam, path=ops_path)
    enrolments.withdraw_enrolment(actor=None, enrolment=liam, reason="On leave")
    _import(_hris_file(org, **{"P-LEA": "SALES"}))
    assert _status(org.lea, other) == "active"
    assert _status(org.liam, ops_path) == "withdrawn"
    enrolments.sync_enrolments(actor=None, reason="full resync")
    assert _status(org.liam, ops_path) == "withdrawn"


def test_editing_a_person_by_hand_resyncs_their_enrolments(cast: Cast):
    org = cast.org
    path = make_path()
    make_rule(path, org_unit=org.depot)
    changes = org_actions.PersonChanges(
        first_name="Lea",
        last_name="Learner",
        email="",
        org_unit=org.sales,
        job_role=None,
        manager=None,
        location="",
        hire_date=None,
        active=True,
    )
    org_actions.update_person(actor=cast.leader, person=org.lea, changes=changes, reason="Moved")
    record = Enrolment.history.filter(person_id=org.lea.pk).first()
    assert record is not None
    assert (record.status, record.history_change_reason) == ("withdrawn", "Moved")
    assert record.history_user == cast.leader


def test_rules_match_on_role_location_and_hire_window(org: Org):
    path = make_path()
    driver = org.liam.job_role
    assert driver is not None
    new = make_person(
        hris_id="P-NEW",
        org_unit=org.depot,
        job_role=driver,
        location="Leeds",
        hire_date=timezone.localdate() - timedelta(days=3),
    )
    make_rule(path, job_roles=[driver], location="Leeds", hired_within_days=30)
    enrolled = list(Enrolment.objects.filter(path=path).values_list("person_id", flat=True))
    assert enrolled == [new.pk]


def test_sync_reads_and_writes_in_bulk(org: Org, django_assert_max_num_queries):
    path = make_path()
    for n in range(60):
        make_person(hris_id=f"BULK{n}", org_unit=org.depot)
    with django_assert_max_num_queries(20):
        make_rule(path, org_unit=org.depot)
    assert Enrolment.objects.filter(path=path).count() == 63


def test_progress_by_hand_completes_and_reopens_the_enrolment(org: Org):
    path = make_path(steps=["One", "Two"])
    make_rule(path, org_unit=org.depot)
    one, two = steps_of(path)
    lea = Enrolment.objects.get(person=org.lea, path=path)
    enrolments.record_progress(
        actor=None, enrolment=lea, step=one, status="passed", score=90, on=date(2026, 1, 2)
    )
    enrolments.record_progress(
        actor=None, enrolment=lea, step=two, status="completed", on=date(2026, 1, 5)
    )
    lea.refresh_from_db()
    assert (lea.status, lea.completed_on) == ("completed", date(2026, 1, 5))
    enrolments.record_progress(actor=None, enrolment=lea, step=two, status="in_progress")
    lea.refresh_from_db()
    assert (lea.status, lea.completed_on) == ("active", None)
    assert StepProgress.objects.filter(enrolment=lea).count() == 2


def test_progress_refuses_a_bad_score_and_a_foreign_step(org: Org):
    path, other = make_path(), make_path("Other")
    make_rule(path, org_unit=org.depot)
    lea = Enrolment.objects.get(person=org.lea, path=path)
    with pytest.raises(Error, match="0 to 100"):
        enrolments.record_progress(
            actor=None, enrolment=lea, step=steps_of(path)[0], status="passed", score=120
        )
    with pytest.raises(Error, match="another path"):
        enrolments.record_progress(
            actor=None, enrolment=lea, step=steps_of(other)[0], status="passed"
        )


def test_enrolling_by_hand_twice_is_refused(org: Org):
    path = make_path()
    enrolments.enrol_person(actor=None, person=org.sam, path=path)
    with pytest.raises(Error, match="already on"):
        enrolments.enrol_person(actor=None, person=org.sam, path=path)


def test_the_audit_trail_shows_the_enrolment_changes_of_a_move(cast: Cast):
    # given a rule per division and Lea in operations
    ops_path, sales_path = make_path("Depot safety"), make_path("Selling well")
    make_rule(ops_path, "Operations", org_unit=cast.org.ops)
    make_rule(sales_path, "Sales", org_unit=cast.org.sales)
    # when the HRIS moves her to sales
    _import(_hris_file(cast.org, **{"P-LEA": "SALES"}), name="hris-march.csv")
    # then the leader's audit trail of enrolments names the change and the import
    client = Client()
    client.force_login(cast.leader)
    page = client.get(reverse("web:audit-log"), {"kind": "enrolments"}).text
    assert "Import of hris-march.csv (#7)" in page
    assert "Lea Learner on Depot safety" in page
    assert "Lea Learner on Selling well" in page


def test_progress_by_hand_is_in_its_history(org: Org, cast: Cast):
    path = make_path()
    make_rule(path, org_unit=org.ops)
    enrolment = Enrolment.objects.get(person=org.lea, path=path)
    step = steps_of(path)[0]
    enrolments.record_progress(
        actor=cast.staff, enrolment=enrolment, step=step, status="completed", score=None
    )
    row = StepProgress.history.get(enrolment_id=enrolment.pk, step_id=step.pk)
    assert row.history_user == cast.staff
    assert row.status == "completed"
