"""``mainspring lrs relink``: every stored statement linked again, progress brought up to date."""

from __future__ import annotations

import pytest

from mainspring import cli
from mainspring.experiences.actions import enrolments
from mainspring.experiences.models import StepProgress
from mainspring.records.models import ActivityLink, ActorLink
from tests.conftest import Cast
from tests.experiences.factories import make_path, steps_of
from tests.records.factories import make_statement

COURSE = "https://lms.example.com/activities/loading"


def test_relink_links_statements_stored_without_links_and_moves_progress(
    cast: Cast, capsys: pytest.CaptureFixture[str]
) -> None:
    # given statements in the database but never linked (a restored backup, say)
    path = make_path("Depot safety")
    step = steps_of(path)[0]
    enrolments.enrol_person(actor=None, person=cast.org.lea, path=path)
    make_statement(email=cast.org.lea.email, verb="launched", activity=f"step:{step.pk}")
    make_statement(
        email=cast.org.lea.email,
        verb="passed",
        activity=f"step:{step.pk}",
        result={"score": {"scaled": 0.7}},
    )
    make_statement(email="temp@agency.example", verb="completed", activity=COURSE)
    # when relink runs in chunks smaller than the statements
    assert cli.main(["lrs", "relink", "--chunk", "2"]) == 0
    # then the links exist, the progress moved and the output says so
    assert ActorLink.objects.get(person=cast.org.lea).statements == 2
    assert ActorLink.objects.filter(person__isnull=True).count() == 1
    assert ActivityLink.objects.get(step=step).statements == 2
    row = StepProgress.objects.get(enrolment__person=cast.org.lea, step=step)
    assert (row.status, row.score, row.source) == ("passed", 70.0, "xapi")
    captured = capsys.readouterr()
    assert "Relinked 3 statements: 1 progress rows changed." in captured.out
    assert "Relinking: 3/3 (100%)" in captured.err


def test_relink_again_changes_nothing(cast: Cast, capsys: pytest.CaptureFixture[str]) -> None:
    path = make_path("Depot safety")
    step = steps_of(path)[0]
    enrolments.enrol_person(actor=None, person=cast.org.lea, path=path)
    make_statement(email=cast.org.lea.email, verb="completed", activity=f"step:{step.pk}")
    assert cli.main(["lrs", "relink"]) == 0
    before = list(StepProgress.objects.values_list("pk", "status", "updated_at"))
    links = list(ActorLink.objects.values_list("pk", "person_id", "statements"))

    assert cli.main(["lrs", "relink"]) == 0

    assert list(StepProgress.objects.values_list("pk", "status", "updated_at")) == before
    assert list(ActorLink.objects.values_list("pk", "person_id", "statements")) == links
    assert "Relinked 1 statements: 0 progress rows changed." in capsys.readouterr().out


def test_relink_follows_mappings_changed_in_bulk(
    cast: Cast, capsys: pytest.CaptureFixture[str]
) -> None:
    # given an activity linked before its mapping was changed outside the mapping page
    path = make_path("Depot safety")
    step = steps_of(path)[1]
    enrolments.enrol_person(actor=None, person=cast.org.lea, path=path)
    make_statement(email=cast.org.lea.email, verb="completed", activity=COURSE)
    assert cli.main(["lrs", "relink"]) == 0
    assert not StepProgress.objects.filter(step=step).exists()
    ActivityLink.objects.filter(activity=COURSE).update(step=step)  # e.g. a restored table

    assert cli.main(["lrs", "relink"]) == 0

    row = StepProgress.objects.get(enrolment__person=cast.org.lea, step=step)
    assert row.status == "completed"


def test_relink_with_no_statements_says_there_is_nothing_to_do(
    db: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["lrs", "relink"]) == 0
    assert "nothing to relink" in capsys.readouterr().out


def test_relink_refuses_a_chunk_below_one(db: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["lrs", "relink", "--chunk", "0"]) == cli.EXIT_BAD_INPUT
    assert "--chunk must be at least 1" in capsys.readouterr().out
