"""End to end: a statement POSTed to /xapi/ moves the learner's path progress."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from mainspring.experiences.actions import enrolments
from mainspring.experiences.models import StepProgress
from tests.conftest import Cast
from tests.experiences.factories import make_path, steps_of
from tests.records.test_statements import auth, make_client


def test_a_completed_statement_sent_to_the_lrs_completes_the_step(
    cast: Cast, client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    # given Lea enrolled on a path whose first step is tracked by xAPI as step:<id>
    path = make_path("Depot safety")
    step = steps_of(path)[0]
    enrolments.enrol_person(actor=None, person=cast.org.lea, path=path)
    make_client("course", ["statements/write"])
    body = {
        "actor": {"mbox": f"mailto:{cast.org.lea.email}"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/passed", "display": {"en-US": "passed"}},
        "object": {"objectType": "Activity", "id": f"step:{step.pk}"},
        "result": {"score": {"scaled": 0.85}, "success": True},
    }
    # when the course sends the statement (the worker links it after the commit)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/xapi/statements",
            json.dumps(body),
            content_type="application/json",
            headers=auth("course"),
        )
    # then her progress on that step is passed with the score
    assert response.status_code == 200
    row = StepProgress.objects.get(enrolment__person=cast.org.lea, step=step)
    assert (row.status, row.score, row.source) == ("passed", 85.0, "xapi")
