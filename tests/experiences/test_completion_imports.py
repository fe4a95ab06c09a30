from datetime import date

import pytest

from mainspring.experiences import completion_imports as ci
from mainspring.experiences.actions import Error, enrolments
from mainspring.experiences.models import Enrolment, ProgressStatus, StepProgress
from mainspring.org.imports import Table, guess_mapping
from tests.conftest import Org
from tests.experiences.factories import make_item, make_path, make_rule, steps_of

TODAY = date(2026, 3, 10)
HEADERS = ["Employee ID", "Course ID", "Completion status", "Score", "Completion date"]


def _table(*rows):
    return Table(headers=HEADERS, rows=[list(r) for r in rows])


def _existing():
    return ci.ExistingCompletions(
        person_by_hris={"E1": 1, "E2": 2},
        person_by_email={"ann@x.com": 1},
        item_by_xapi={"https://x.com/a/film": 50},
        items_by_external={"LMS-1": [50], "DUP": [51, 52]},
        step_path={10: 100, 11: 100, 20: 200},
        steps_by_item={50: [10, 20], 51: [], 52: []},
        enrolment_of={(1, 100): 1000, (1, 200): 2000, (2, 100): 1001},
    )


def _plan(*rows):
    table = _table(*rows)
    return ci.plan_completion_import(
        table, guess_mapping(table.headers, ci.COMPLETION_FIELDS), _existing(), today=TODAY
    )


def test_module_statuses_agree_with_the_model():
    assert set(ci._STATUS_WORDS.values()) == set(ProgressStatus.values)


def test_columns_are_guessed_from_lms_headers():
    mapping = guess_mapping(HEADERS, ci.COMPLETION_FIELDS)
    assert mapping == {
        "person": "Employee ID",
        "activity": "Course ID",
        "status": "Completion status",
        "score": "Score",
        "completed_on": "Completion date",
    }


def test_an_item_counts_for_every_path_the_person_is_on():
    plan = _plan(["E1", "LMS-1", "Passed", "86%", "2026-03-02"])
    assert plan.ok
    assert {(c.enrolment_id, c.step_id) for c in plan.changes} == {(1000, 10), (2000, 20)}
    assert plan.changes[0].score == 86
    assert plan.changes[0].status == "passed"
    assert plan.counts()["people"] == 1


def test_people_by_email_and_activities_by_xapi_id_or_step_id():
    plan = _plan(
        ["ann@x.com", "https://x.com/a/film", "complete", "", ""],
        ["E2", "step:11", "Incomplete", "", ""],
    )
    assert plan.ok, [e.as_text() for e in plan.errors]
    assert {(c.enrolment_id, c.step_id, c.status) for c in plan.changes} == {
        (1000, 10, "completed"),
        (2000, 20, "completed"),
        (1001, 11, "in_progress"),
    }


def test_the_later_row_for_the_same_step_wins():
    plan = _plan(["E2", "step:10", "in progress", "", ""], ["E2", "step:10", "failed", "40", ""])
    assert [(c.row, c.status) for c in plan.changes] == [(3, "failed")]


def test_errors_name_the_row_the_column_and_the_unknown_value():
    plan = _plan(
        ["E9", "LMS-1", "passed", "", ""],
        ["E1", "NOPE", "passed", "", ""],
        ["E1", "DUP", "passed", "", ""],
        ["E1", "step:99", "maybe", "120", "2026-04-01"],
        ["E2", "step:20", "passed", "", ""],
        ["E2", "step:11", "passed", "", "01/03/2026"],
    )
    texts = [e.as_text() for e in plan.errors]
    assert "Row 2, column 'Employee ID': no person has the HRIS id or e-mail 'E9'." in texts
    assert (
        "Row 3, column 'Course ID': no step, xAPI activity or catalogue item is called 'NOPE'."
        in texts
    )
    assert any(
        t.startswith("Row 4, column 'Course ID': 'DUP' is the external id of 2") for t in texts
    )
    assert "Row 5, column 'Course ID': there is no step 99." in texts
    assert any(
        t.startswith("Row 5, column 'Completion status': 'maybe' is not a status") for t in texts
    )
    assert "Row 5, column 'Score': '120' is not a percentage from 0 to 100." in texts
    assert "Row 5, column 'Completion date': 2026-04-01 is in the future." in texts
    assert (
        "Row 6, column 'Course ID': 'E2' is not enrolled on any path with 'step:20'; enrol them "
        "first." in texts
    )
    assert any(t.startswith("Row 7, column 'Completion date'") for t in texts)
    assert plan.unknown_people == {"E9"}
    assert plan.unknown_activities == {"NOPE", "DUP", "step:99"}
    assert plan.changes == []


def test_a_done_step_is_never_undone_by_an_import():
    assert not ci.replaces("passed", "in_progress")
    assert ci.replaces("failed", "passed")
    assert ci.replaces("in_progress", "failed")


def _real_plan(org: Org, *rows):
    table = _table(*rows)
    return ci.plan_completion_import(
        table,
        guess_mapping(table.headers, ci.COMPLETION_FIELDS),
        enrolments.existing_completions(),
        today=date.today(),  # noqa: DTZ011  (the database's today)
    )


def test_applying_completions_records_progress_and_completes_enrolments(org: Org):
    path = make_path(steps=["Film", "Practice"])
    film, practice = steps_of(path)
    film.catalog_item = make_item("Film", external_id="LMS-1")
    film.save()
    make_rule(path, org_unit=org.depot)
    plan = _real_plan(
        org,
        ["P-LEA", "LMS-1", "passed", "90", "2026-01-03"],
        ["P-LEA", f"step:{practice.pk}", "completed", "", "2026-01-04"],
        ["P-LIAM", "LMS-1", "in progress", "", ""],
    )
    assert plan.ok, [e.as_text() for e in plan.errors]
    counts = enrolments.apply_completion_plan(plan, actor=None, reason="LMS export")
    assert counts == {"created": 3, "updated": 0, "kept": 0, "enrolments_changed": 1}
    lea = Enrolment.objects.get(person=org.lea, path=path)
    assert (lea.status, lea.completed_on) == ("completed", date(2026, 1, 4))
    assert lea.history.first().history_change_reason == "LMS export"
    assert StepProgress.objects.get(enrolment=lea, step=film).source == "import"
    # a later export that lists an older, unfinished attempt keeps the pass
    again = _real_plan(org, ["P-LEA", "LMS-1", "in progress", "", ""])
    assert enrolments.apply_completion_plan(again, actor=None, reason="again")["kept"] == 1
    assert StepProgress.objects.get(enrolment=lea, step=film).status == "passed"


def test_a_plan_with_errors_writes_nothing_unless_asked(org: Org):
    path = make_path(steps=["Film"])
    make_rule(path, org_unit=org.depot)
    step = steps_of(path)[0]
    plan = _real_plan(
        org, ["P-LEA", f"step:{step.pk}", "passed", "", ""], ["P-NOBODY", "x", "passed", "", ""]
    )
    with pytest.raises(Error, match="nothing was imported"):
        enrolments.apply_completion_plan(plan, actor=None, reason="x")
    assert not StepProgress.objects.exists()
    enrolments.apply_completion_plan(plan, actor=None, reason="x", allow_errors=True)
    assert StepProgress.objects.count() == 1
