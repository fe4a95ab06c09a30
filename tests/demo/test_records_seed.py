from __future__ import annotations

import random
import uuid
from collections import defaultdict
from datetime import date
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from mainspring.demo import seed as seed_module
from mainspring.demo.seed import SeedContext, seed_demo
from mainspring.demo.seeders import experiences, records
from mainspring.experiences.models import (
    Enrolment,
    EnrolmentStatus,
    ProgressSource,
    ProgressStatus,
    StepProgress,
)
from mainspring.org.models import Person
from mainspring.records import progress
from mainspring.records.models import ActivityLink, ActorLink, LrsClient, Statement

TODAY = date(2025, 6, 1)
PEOPLE = 400
ADL = "http://adlnet.gov/expapi/verbs/"


def _progress() -> dict[tuple[int, int], tuple[str, float | None, date | None, date | None]]:
    return {
        (e, s): (status, score, started, completed)
        for e, s, status, score, started, completed in StepProgress.objects.values_list(
            "enrolment_id", "step_id", "status", "score", "started_on", "completed_on"
        )
    }


def _enrolments() -> dict[int, tuple[str, date | None]]:
    return {
        pk: (status, done)
        for pk, status, done in Enrolment.objects.values_list("pk", "status", "completed_on")
    }


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    # Seed once for the module in a transaction rolled back at the end, keeping what the
    # experiences seeder left (progress and enrolments) to compare with after the records.
    kept: dict[str, object] = {}
    original = experiences.seed

    def keep(ctx: SeedContext) -> None:
        original(ctx)
        kept.update(progress=_progress(), enrolments=_enrolments(), registry=dict(ctx.registry))

    at = seed_module.SEEDERS.index(original)
    seed_module.SEEDERS[at] = keep
    try:
        with django_db_blocker.unblock(), transaction.atomic():
            counts = seed_demo(PEOPLE, 42, today=TODAY)
            yield counts, kept
            transaction.set_rollback(True)
    finally:
        seed_module.SEEDERS[at] = original


@pytest.fixture
def counts(seeded, db):
    return seeded[0]


@pytest.fixture
def before(seeded, db):
    return seeded[1]


def _outcomes_by_actor_and_activity() -> dict[tuple[str, str], list[tuple[date, str, Any]]]:
    found: dict[tuple[str, str], list[tuple[date, str, Any]]] = defaultdict(list)
    rows = (
        Statement.objects.filter(voided=False)
        .exclude(activity="")
        .order_by("timestamp")
        .values_list("actor_key", "activity", "timestamp", "verb", "data")
    )
    for actor_key, activity, at, verb, data in rows:
        found[(actor_key, activity)].append((timezone.localdate(at), verb, data))
    return found


def test_linking_the_statements_leaves_every_step_and_enrolment_as_the_history_wrote_it(
    counts, before
):
    assert counts["xapi_statements"] > 1000
    assert _progress() == before["progress"]
    assert _enrolments() == before["enrolments"]
    # ... and the statements really were linked: they now back most tracked progress.
    assert StepProgress.objects.filter(source=ProgressSource.XAPI).count() > 500


def test_every_tracked_step_someone_started_has_statements_on_the_seeded_days(counts):
    tracked = records.tracked_steps()
    key_of = dict(ActorLink.objects.filter(person__isnull=False).values_list("person", "actor_key"))
    found = _outcomes_by_actor_and_activity()
    rows = StepProgress.objects.filter(step_id__in=list(tracked)).values_list(
        "enrolment__person_id", "step_id", "status", "score", "started_on", "completed_on"
    )
    assert rows.count() > 300
    for person, step, status, score, started, completed in rows:
        said = found[(key_of[person], tracked[step].activity)]
        assert said, (person, step)
        assert said[0][0] == started
        outcomes = [progress.outcome_of(data, on) for on, _, data in said]
        folded = progress.fold(o for o in outcomes if o is not None)
        if status == ProgressStatus.IN_PROGRESS:  # a virtual class registered for says nothing
            assert folded is None or folded.status == ProgressStatus.IN_PROGRESS
        else:
            assert folded == progress.Outcome(status, score, completed)


def test_assessed_steps_are_passed_or_failed_with_the_seeded_score_and_some_retakes(counts):
    passed = Statement.objects.filter(verb=ADL + "passed", voided=False)
    failed = Statement.objects.filter(verb=ADL + "failed", voided=False)
    assert passed.exists()
    assert failed.exists()
    for data in passed.values_list("data", flat=True)[:200]:
        assert data["result"]["success"] is True
        assert 60 <= progress.score_percent(data["result"]) <= 100  # type: ignore[operator]
    # Failed statements outnumber failed steps: some learners failed once, then passed.
    failed_steps = StepProgress.objects.filter(status=ProgressStatus.FAILED).count()
    assert failed.count() > failed_steps


def test_learners_are_named_by_mailbox_or_by_an_lms_account_of_their_hris_id(counts):
    links = ActorLink.objects.filter(person__isnull=False).select_related("person")
    kinds = set()
    for link in links:
        person: Person = link.person  # type: ignore[assignment]
        if person.email:
            assert link.actor_key == f"mbox:mailto:{person.email}"
        else:
            assert link.actor_key == f"account:{records.LMS_HOME}|{person.hris_id}"
        kinds.add(link.actor_key.partition(":")[0])
    assert kinds == {"mbox", "account"}


def test_each_tracked_step_is_linked_through_its_catalogue_item_or_mapped_to_it(counts):
    tracked = records.tracked_steps()
    assert {t.method for t in tracked.values()} >= {"elearning", "video", "podcast"}
    links = {link.activity: link for link in ActivityLink.objects.all()}
    by_item = 0
    for step, t in tracked.items():
        link = links[t.activity]
        if t.mapped_by_item:
            by_item += 1
            assert link.catalog_item is not None
            assert link.catalog_item.steps.filter(pk=step).exists()
        else:
            assert link.step_id == step
    assert 0 < by_item < len(tracked)


def test_one_lms_client_sent_everything(counts):
    client = LrsClient.objects.get()
    assert client.name == records.LMS_NAME
    assert not Statement.objects.exclude(client=client).exists()


def test_mistaken_completions_are_voided_and_leave_the_learners_in_progress(counts):
    assert counts["xapi_voided"] == records.VOIDED_COMPLETIONS
    voided = Statement.objects.filter(voided=True)
    assert voided.count() == records.VOIDED_COMPLETIONS
    assert set(voided.values_list("verb", flat=True)) == {ADL + "completed"}
    voiding = Statement.objects.filter(voided_statement__isnull=False)
    assert set(voiding.values_list("voided_statement", flat=True)) == set(
        voided.values_list("id", flat=True)
    )
    people = dict(ActorLink.objects.values_list("actor_key", "person_id"))
    steps = records.tracked_steps()
    step_of = {t.activity: s for s, t in steps.items()}
    for actor_key, activity in voided.values_list("actor_key", "activity"):
        row = StepProgress.objects.get(
            enrolment__person_id=people[actor_key], step=step_of[activity]
        )
        assert row.status == ProgressStatus.IN_PROGRESS


def test_contractors_and_a_vendor_course_wait_on_the_unmatched_page(counts):
    unmatched = set(
        ActorLink.objects.filter(person__isnull=True).values_list("actor_key", flat=True)
    )
    assert len(unmatched) == len(records.CONTRACTORS) == counts["xapi_unmatched_actors"]
    assert any(k.startswith(f"account:{records.LMS_HOME}|ext-") for k in unmatched)
    assert any(k.startswith("mbox:") for k in unmatched)
    activity = ActivityLink.objects.get(step__isnull=True, catalog_item__isnull=True)
    assert activity.activity == records.VENDOR_COURSE
    assert activity.statements > 0
    assert counts["xapi_unmatched_activities"] == 1


def test_the_statements_are_drawn_from_the_demo_seed(counts, before):
    # given the experiences' history (unchanged by linking, as checked above)
    ctx = SeedContext(rng=random.Random(42), people=PEOPLE, seed=42, today=TODAY)
    writer = records.Writer(ctx.rng_for("records"))
    # when the learners' statements are drawn again from the same seed
    tracked, people = records.tracked_steps(), records._actors()
    records._learner_statements(writer, tracked, people, TODAY, records.statement_cap(PEOPLE))
    # then they are the ones stored, id for id
    drawn = [s["id"] for s in writer.statements]
    stored = set(Statement.objects.values_list("id", flat=True))
    assert drawn
    assert all(uuid.UUID(i) in stored for i in drawn)


def test_withdrawn_learners_keep_their_statements_but_not_their_progress_changes(counts):
    withdrawn = StepProgress.objects.filter(
        enrolment__status=EnrolmentStatus.WITHDRAWN, step_id__in=list(records.tracked_steps())
    )
    assert withdrawn.exists()
    assert not withdrawn.filter(source=ProgressSource.XAPI).exists()


def test_over_the_cap_sessions_shrink_to_launch_and_verdict_and_still_agree(counts):
    # given the cap a 20,000-person demo gets
    cap = records.statement_cap(20_000)
    writer = records.Writer(random.Random(1))
    tracked, people = records.tracked_steps(), records._actors()
    # when the learners' statements are drawn under it (not stored)
    sent = records._learner_statements(writer, tracked, people, TODAY, cap)
    # then nobody gets more than two statements a step, and each step's still fold to it
    assert counts["xapi_statement_cap"] == records.statement_cap(PEOPLE) > cap
    said: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for s in writer.statements:
        said[(s["actor"].get("mbox") or s["actor"]["account"]["name"], s["object"]["id"])].append(s)
    rows = StepProgress.objects.filter(step_id__in=list(tracked)).values_list(
        "enrolment__person_id", "step_id", "status", "score", "completed_on"
    )
    for person, step, status, score, completed in rows:
        actor = people[person].actor
        mine = said[(actor.get("mbox") or actor["account"]["name"], tracked[step].activity)]
        assert 1 <= len(mine) <= 2
        outcomes = [progress.outcome_of(s) for s in mine]
        folded = progress.fold(o for o in outcomes if o is not None)
        assert folded is not None
        assert (folded.status, folded.score) == (status, score)
        if status != ProgressStatus.IN_PROGRESS:
            assert mine[-1]["timestamp"].startswith(completed.isoformat())
    assert max(sent.values()) <= 2 * len(tracked)
