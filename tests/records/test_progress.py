"""Statements into progress: the pure decisions, then linking stored statements."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.utils import timezone

from mainspring.experiences.actions import enrolments
from mainspring.experiences.models import (
    Enrolment,
    EnrolmentStatus,
    LearningPath,
    ProgressSource,
    Step,
    StepProgress,
)
from mainspring.records import actions, progress
from mainspring.records.models import ActivityLink, ActorLink
from tests.conftest import Cast
from tests.experiences.factories import make_item, make_path, steps_of
from tests.records.factories import make_statement

ADL = "http://adlnet.gov/expapi/verbs/"
FILM = "https://lms.example.com/activities/film"


def _stmt(verb: str, result: dict[str, object] | None = None) -> dict[str, object]:
    data: dict[str, object] = {"verb": {"id": ADL + verb}, "object": {"id": FILM}}
    if result is not None:
        data["result"] = result
    return data


# --- pure decisions


@pytest.mark.parametrize(
    ("verb", "status"),
    [
        ("completed", "completed"),
        ("passed", "passed"),
        ("failed", "failed"),
        ("waived", "waived"),
        ("progressed", "in_progress"),
        ("launched", "in_progress"),
        ("initialized", "in_progress"),
    ],
)
def test_a_progress_verb_decides_the_status(verb: str, status: str) -> None:
    outcome = progress.outcome_of(_stmt(verb))
    assert outcome is not None
    assert outcome.status == status


def test_the_cmi5_satisfied_verb_completes_a_step() -> None:
    data = {"verb": {"id": "https://w3id.org/xapi/adl/verbs/satisfied"}}
    assert progress.outcome_of(data) == progress.Outcome("completed")


def test_scored_takes_its_status_from_the_result() -> None:
    assert progress.outcome_of(_stmt("scored", {"success": True})) == progress.Outcome("passed")
    assert progress.outcome_of(_stmt("scored", {"success": False})) == progress.Outcome("failed")
    assert progress.outcome_of(_stmt("scored", {"completion": True})) == progress.Outcome(
        "completed"
    )
    assert progress.outcome_of(_stmt("scored", {})) == progress.Outcome("in_progress")


def test_an_unknown_verb_counts_only_through_its_result() -> None:
    assert progress.outcome_of(_stmt("experienced")) is None
    assert progress.outcome_of(_stmt("answered", {"success": True})) == progress.Outcome("passed")
    assert progress.outcome_of(_stmt("voided")) is None


def test_the_scaled_score_becomes_a_percentage() -> None:
    outcome = progress.outcome_of(_stmt("passed", {"score": {"scaled": 0.856}}))
    assert outcome is not None
    assert outcome.score == 85.6
    assert progress.score_percent({"score": {"scaled": -0.5}}) == 0.0


def test_a_raw_score_counts_within_its_range_when_there_is_no_scaled_one() -> None:
    assert progress.score_percent({"score": {"raw": 30, "min": 10, "max": 50}}) == 50.0
    assert progress.score_percent({"score": {"raw": 30}}) is None
    assert progress.score_percent({"score": {"raw": 3, "min": 5, "max": 5}}) is None
    assert progress.score_percent({}) is None


def test_a_done_step_is_not_undone_by_a_later_launch_or_failed_retake() -> None:
    done = progress.fold(
        [
            progress.Outcome("passed", 90.0),
            progress.Outcome("in_progress"),
            progress.Outcome("failed", 40.0),
        ]
    )
    assert done == progress.Outcome("passed", 90.0)


def test_a_later_status_replaces_an_earlier_one_and_keeps_the_score() -> None:
    folded = progress.fold(
        [
            progress.Outcome("failed", 40.0),
            progress.Outcome("in_progress"),
            progress.Outcome("completed"),
        ]
    )
    assert folded == progress.Outcome("completed", 40.0)
    assert progress.fold([]) is None


# --- linking stored statements


@pytest.fixture
def path_on(cast: Cast) -> LearningPath:
    path = make_path("Depot safety")
    first = steps_of(path)[0]
    first.catalog_item = make_item("Safety film", xapi=FILM)
    first.save()
    enrolments.enrol_person(actor=None, person=cast.org.lea, path=path)
    return path


def _progress_of(path: LearningPath, person_id: int, step: Step) -> StepProgress | None:
    return StepProgress.objects.filter(
        enrolment__path=path, enrolment__person_id=person_id, step=step
    ).first()


def test_completing_an_xapi_tracked_step_updates_the_persons_path_progress(
    cast: Cast, path_on: LearningPath
) -> None:
    film = steps_of(path_on)[0]
    stmt = make_statement(
        email=cast.org.lea.email, verb="completed", activity=FILM, result={"score": {"scaled": 0.9}}
    )

    assert actions.link_statements([stmt.id]) == 1

    row = _progress_of(path_on, cast.org.lea.pk, film)
    assert row is not None
    assert (row.status, row.score, row.source) == ("completed", 90.0, ProgressSource.XAPI)
    assert row.completed_on == timezone.localdate()
    assert ActorLink.objects.get(actor_key=stmt.actor_key).person == cast.org.lea
    link = ActivityLink.objects.get(activity=FILM)
    assert (link.catalog_item_id, link.statements) == (film.catalog_item_id, 1)


def test_completing_every_required_step_completes_the_enrolment(
    cast: Cast, path_on: LearningPath
) -> None:
    ids = [
        make_statement(email=cast.org.lea.email, activity=f"step:{step.pk}").id
        for step in steps_of(path_on)
    ]

    actions.link_statements(ids)

    enrolment = Enrolment.objects.get(path=path_on, person=cast.org.lea)
    assert enrolment.status == EnrolmentStatus.COMPLETED


def test_linking_again_changes_nothing(cast: Cast, path_on: LearningPath) -> None:
    stmt = make_statement(email=cast.org.lea.email, activity=FILM)
    actions.link_statements([stmt.id])
    history = StepProgress.history.count()

    assert actions.link_statements([stmt.id]) == 0
    assert StepProgress.history.count() == history
    assert ActorLink.objects.get().statements == 1


def test_a_person_not_enrolled_on_the_path_gets_no_progress(
    cast: Cast, path_on: LearningPath
) -> None:
    stmt = make_statement(email=cast.org.sara.email, activity=FILM)

    assert actions.link_statements([stmt.id]) == 0
    assert not StepProgress.objects.filter(enrolment__person=cast.org.sara).exists()
    assert ActorLink.objects.get().person == cast.org.sara


def test_a_withdrawn_enrolment_gets_no_progress(cast: Cast, path_on: LearningPath) -> None:
    enrolment = Enrolment.objects.get(path=path_on, person=cast.org.lea)
    enrolments.withdraw_enrolment(actor=None, enrolment=enrolment)

    actions.link_statements([make_statement(email=cast.org.lea.email, activity=FILM).id])

    assert not StepProgress.objects.filter(enrolment=enrolment).exists()


def test_actors_match_by_hashed_mailbox_and_by_hris_account(cast: Cast) -> None:
    sha1 = hashlib.sha1(f"mailto:{cast.org.lea.email}".encode()).hexdigest()
    by_hash = make_statement(actor={"mbox_sha1sum": sha1})
    by_account = make_statement(
        actor={"account": {"homePage": "https://hr.example.com", "name": cast.org.liam.hris_id}}
    )
    stranger = make_statement(email="nobody@elsewhere.example")

    actions.link_statements([by_hash.id, by_account.id, stranger.id])

    people = dict(ActorLink.objects.values_list("actor_key", "person_id"))
    assert people == {
        by_hash.actor_key: cast.org.lea.pk,
        by_account.actor_key: cast.org.liam.pk,
        stranger.actor_key: None,
    }


def test_an_unknown_activity_waits_unmatched(cast: Cast) -> None:
    actions.link_statements([make_statement(email=cast.org.lea.email, activity="urn:x:quiz").id])

    link = ActivityLink.objects.get()
    assert (link.activity, link.step, link.catalog_item) == ("urn:x:quiz", None, None)


def test_voiding_the_completing_statement_reopens_the_step(
    cast: Cast, path_on: LearningPath
) -> None:
    film = steps_of(path_on)[0]
    earlier = timezone.now() - timedelta(days=2)
    started = make_statement(
        email=cast.org.lea.email, verb="launched", activity=FILM, timestamp=earlier
    )
    done = make_statement(email=cast.org.lea.email, verb="completed", activity=FILM)
    actions.link_statements([started.id, done.id])

    void = make_statement(email="admin@example.com", verb="voided", voids=done.id)
    actions.link_statements([void.id])

    row = _progress_of(path_on, cast.org.lea.pk, film)
    assert row is not None
    assert (row.status, row.completed_on) == ("in_progress", None)
    assert row.started_on == timezone.localdate(earlier)


def test_voiding_the_only_statement_sets_the_step_back_to_not_started(
    cast: Cast, path_on: LearningPath
) -> None:
    done = make_statement(email=cast.org.lea.email, activity=FILM)
    actions.link_statements([done.id])

    actions.link_statements(
        [make_statement(email="a@example.com", verb="voided", voids=done.id).id]
    )

    row = _progress_of(path_on, cast.org.lea.pk, steps_of(path_on)[0])
    assert row is not None
    assert (row.status, row.started_on) == ("not_started", None)


def test_statements_do_not_undo_a_step_done_by_hand(cast: Cast, path_on: LearningPath) -> None:
    film = steps_of(path_on)[0]
    enrolment = Enrolment.objects.get(path=path_on, person=cast.org.lea)
    enrolments.record_progress(actor=None, enrolment=enrolment, step=film, status="completed")

    actions.link_statements(
        [make_statement(email=cast.org.lea.email, verb="failed", activity=FILM).id]
    )

    row = _progress_of(path_on, cast.org.lea.pk, film)
    assert row is not None
    assert (row.status, row.source) == ("completed", ProgressSource.MANUAL)


def test_mapping_an_actor_by_hand_gives_the_person_their_progress(
    cast: Cast, path_on: LearningPath
) -> None:
    stmt = make_statement(email="lea.private@example.org", activity=FILM)
    actions.link_statements([stmt.id])
    link = ActorLink.objects.get()
    assert link.person is None

    actions.map_actor(actor=cast.leader, link=link, person=cast.org.lea)

    row = _progress_of(path_on, cast.org.lea.pk, steps_of(path_on)[0])
    assert row is not None
    assert row.status == "completed"
    assert row.history.first().history_user == cast.leader

    actions.map_actor(actor=cast.leader, link=link, person=None)
    row.refresh_from_db()
    assert row.status == "not_started"


def test_mapping_an_activity_to_a_step_by_hand_gives_progress(
    cast: Cast, path_on: LearningPath
) -> None:
    second = steps_of(path_on)[1]
    actions.link_statements(
        [make_statement(email=cast.org.lea.email, verb="passed", activity="urn:x:quiz").id]
    )

    actions.map_activity(actor=cast.leader, link=ActivityLink.objects.get(), step=second)

    row = _progress_of(path_on, cast.org.lea.pk, second)
    assert row is not None
    assert row.status == "passed"


def test_an_activity_maps_to_a_step_or_an_item_not_both(cast: Cast, path_on: LearningPath) -> None:
    link = ActivityLink.objects.create(activity="urn:x:quiz", first_seen=timezone.now())
    step = steps_of(path_on)[1]
    with pytest.raises(actions.Error, match="not both"):
        actions.map_activity(actor=cast.leader, link=link, step=step, item=make_item("Quiz"))
    link.refresh_from_db()
    assert (link.step, link.catalog_item) == (None, None)
