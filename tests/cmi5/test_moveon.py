"""moveOn (cmi5 §13.1.4): satisfied for blocks and the course, and abandoned sessions."""

from __future__ import annotations

from typing import Any

from mainspring.cmi5 import vocabulary as v
from mainspring.cmi5.models import Course, Registration, Session, UnitProgress
from mainspring.experiences.models import Enrolment
from mainspring.records.models import Statement
from tests.cmi5.conftest import Launcher, attach, au, import_xml, structure
from tests.conftest import Cast


def _block(publisher_id: str, body: str) -> str:
    return f"""<block id="{publisher_id}">
      <title><langstring lang="en-US">Block {publisher_id[-1]}</langstring></title>
      <description><langstring lang="en-US">A block</langstring></description>
      {body}
    </block>"""


def _nested_course() -> Course:
    # Block A: u1 (Passed), u2 (NotApplicable)
    # Block B: u3 (Completed), and block C inside it: u4 (NotApplicable)
    ex = "https://example.com/"
    body = _block(
        ex + "block/A",
        au(ex + "au/1", attrs='moveOn="Passed"') + au(ex + "au/2", attrs='moveOn="NotApplicable"'),
    ) + _block(
        ex + "block/B",
        au(ex + "au/3", attrs='moveOn="Completed"')
        + _block(ex + "block/C", au(ex + "au/4", attrs='moveOn="NotApplicable"')),
    )
    return import_xml(structure(body))


def _satisfied() -> list[str]:
    rows = Statement.objects.filter(verb=v.SATISFIED).order_by("stored", "id")
    return [str(r.data["context"]["contextActivities"]["grouping"][0]["id"]) for r in rows]


def test_blocks_and_the_course_are_satisfied_once_all_their_units_are(
    cast: Cast, enrolment: Enrolment, launch: Launcher
) -> None:
    course = _nested_course()
    units = {u.publisher_id.rsplit("/", 1)[1]: u for u in course.units.all()}
    u1 = attach(cast, enrolment, units["1"], 0)
    u3 = attach(cast, enrolment, units["3"], 1)
    # given a first launch: registering satisfies the NotApplicable units, so block C
    first = launch(u1)
    assert _satisfied() == ["https://example.com/block/C"]
    registration = Registration.objects.get()
    na = UnitProgress.objects.filter(registration=registration, satisfied_at__isnull=False)
    assert {p.unit.publisher_id for p in na} == {
        "https://example.com/au/2",
        "https://example.com/au/4",
    }
    # when unit 1 is passed, block A is satisfied
    assert first.send(first.initialized(), first.passed(0.9), first.terminated()).status_code == 200
    assert _satisfied()[-1] == "https://example.com/block/A"
    block_a = Statement.objects.filter(verb=v.SATISFIED).order_by("-stored").first()
    assert block_a is not None
    assert block_a.data["object"]["definition"]["type"] == v.TYPE_BLOCK
    session_1 = Session.objects.get(unit=u1)
    assert block_a.data["context"]["extensions"][v.EXT_SESSION] == str(session_1.code)
    # and when unit 3 is completed, block B and then the course
    third = launch(u3)
    assert third.send(third.initialized(), third.completed(), third.terminated()).status_code == 200
    found = _satisfied()
    assert found[:2] == ["https://example.com/block/C", "https://example.com/block/A"]
    assert set(found[2:]) == {"https://example.com/block/B", course.publisher_id}  # one batch
    course_statement = Statement.objects.get(verb=v.SATISFIED, activity=course.activity_id)
    assert course_statement.data["object"]["definition"]["type"] == v.TYPE_COURSE
    registration.refresh_from_db()
    assert registration.satisfied_at is not None


def test_a_failed_unit_with_moveon_passed_satisfies_nothing(
    cast: Cast, enrolment: Enrolment, launch: Launcher
) -> None:
    course = import_xml(structure(au(attrs='moveOn="Passed" masteryScore="0.8"')))
    unit = attach(cast, enrolment, course.units.get())
    started = launch(unit)
    assert started.send(started.initialized(), started.failed(0.4)).status_code == 200
    assert _satisfied() == []


def test_completed_and_passed_needs_both(
    cast: Cast, enrolment: Enrolment, launch: Launcher
) -> None:
    course = import_xml(structure(au(attrs='moveOn="CompletedAndPassed"')))
    unit = attach(cast, enrolment, course.units.get())
    started = launch(unit)
    assert started.send(started.initialized(), started.completed()).status_code == 200
    assert _satisfied() == []
    assert started.send(started.passed()).status_code == 200
    assert _satisfied() == [course.publisher_id]


def test_launching_again_abandons_the_open_session(
    cast: Cast, enrolment: Enrolment, launch: Launcher, django_capture_on_commit_callbacks: Any
) -> None:
    course = import_xml(structure(au()))
    unit = attach(cast, enrolment, course.units.get())
    # given a session that initialized and never terminated
    first = launch(unit)
    assert first.send(first.initialized()).status_code == 200
    # when the learner launches the unit again
    second = launch(unit)
    # then the first session is abandoned, with a duration, and its token no longer works
    old, new = Session.objects.order_by("launched_at", "pk")
    assert (old.state, new.state) == ("abandoned", "launched")
    abandoned = Statement.objects.get(verb=v.ABANDONED).data
    assert abandoned["context"]["extensions"][v.EXT_SESSION] == str(old.code)
    assert abandoned["result"]["duration"].startswith("PT")
    assert abandoned["object"]["id"] == unit.activity_id
    assert old.client is not None
    assert not old.client.active
    assert first.send(first.completed()).status_code == 401
    assert second.send(second.initialized()).status_code == 200
    assert second.registration == first.registration


def test_a_terminated_session_is_not_abandoned(
    cast: Cast, enrolment: Enrolment, launch: Launcher
) -> None:
    course = import_xml(structure(au()))
    unit = attach(cast, enrolment, course.units.get())
    first = launch(unit)
    assert first.send(first.initialized(), first.terminated()).status_code == 200
    launch(unit)
    assert not Statement.objects.filter(verb=v.ABANDONED).exists()
