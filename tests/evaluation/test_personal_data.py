"""A person's survey answers are in their data export, and erasure removes them."""

from __future__ import annotations

import json

from django.test import Client
from django.urls import reverse

from mainspring.evaluation import measures
from mainspring.evaluation.models import Answer, Invitation
from tests.conftest import Cast
from tests.evaluation.factories import answer, program_with_learners, sent_survey
from tests.evaluation.test_measures import YEAR


def _answered(cast: Cast) -> int:
    org = cast.org
    program, _ = program_with_learners([org.lea, org.liam])
    _, session = sent_survey(program)
    answer(session, org.lea, {"l1-relevance": 5, "l1-comment": "Great yard walk."}, consent="named")
    answer(session, org.liam, {"l1-relevance": 2})
    _, follow_up = sent_survey(program, level=3, audience="manager")
    answer(follow_up, org.dan, {"l3m-application": 4}, subject=org.lea)
    return program.pk


def test_the_export_holds_their_invitations_and_answers(cast: Cast) -> None:
    _answered(cast)
    client = Client()
    client.force_login(cast.learner)
    data = json.loads(client.get(reverse("org:person-export", args=[cast.org.lea.pk])).content)
    (invited,) = data["survey_invitations"]
    assert invited["session"] == "Classroom, Leeds, 12 March"
    answers = {a["question"]: a for a in invited["answers"]}
    assert answers["What I learned is relevant to my job."]["answer"] == "5.00"
    assert answers["What was most useful, and what should we change?"]["may_quote"] == (
        "You may quote me with my name"
    )
    assert len(data["survey_follow_ups_about_them"]) == 1


def test_erasure_removes_their_answers_and_those_about_them(cast: Cast) -> None:
    program_id = _answered(cast)
    assert measures.reaction([program_id], *YEAR).responses == 2
    client = Client()
    client.force_login(cast.leader)

    response = client.post(
        reverse("org:person-erase", args=[cast.org.lea.pk]), {"confirm_hris_id": "P-LEA"}
    )

    assert response.status_code == 302
    assert not Invitation.objects.filter(person_id=cast.org.lea.pk).exists()
    assert not Invitation.objects.filter(subject_id=cast.org.lea.pk).exists()
    assert not Answer.objects.filter(text="Great yard walk.").exists()
    summary = measures.reaction([program_id], *YEAR)
    assert (summary.responses, summary.invited, summary.score) == (1, 1, 0.0)
