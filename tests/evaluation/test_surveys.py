"""Building surveys from the bank, sending them, and answering them."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from mainspring.evaluation import actions
from mainspring.evaluation.models import Answer, Invitation, Survey, SurveyItem
from tests.conftest import Cast
from tests.evaluation.factories import complete, item, program_with_learners, sent_survey


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]  # a User
    return client


def test_a_new_survey_starts_with_the_standard_set(cast: Cast) -> None:
    program, _ = program_with_learners([])
    response = _client(cast.staff).post(
        reverse("evaluation:survey-new", args=[program.pk]),
        {"level": "1", "audience": "learner", "title": "Safe Driver: your feedback",
         "standard_items": "on"},
    )  # fmt: skip
    survey = Survey.objects.get()
    assert response.status_code == 302
    codes = list(survey.questions.order_by("position").values_list("item__code", flat=True))
    assert codes == [
        "l1-relevance", "l1-engagement", "l1-satisfaction", "l1-confidence", "l1-commitment",
        "l1-nps", "l1-comment",
    ]  # fmt: skip


def test_level_1_surveys_cannot_ask_managers(cast: Cast) -> None:
    program, _ = program_with_learners([])
    response = _client(cast.staff).post(
        reverse("evaluation:survey-new", args=[program.pk]),
        {"level": "1", "audience": "manager", "title": "x"},
    )
    assert response.status_code == 400
    assert "Level 1 asks the learners" in response.text
    assert not Survey.objects.exists()


def test_questions_are_added_moved_and_removed_until_the_survey_is_sent(cast: Cast) -> None:
    program, _ = program_with_learners([cast.org.lea])
    survey = actions.create_survey(
        actor=None, program=program, level=1, audience="learner", title="t", standard_items=False
    )
    client = _client(cast.staff)
    for code in ("l1-relevance", "l1-facilitator"):
        client.post(reverse("evaluation:question-add", args=[survey.pk]), {"item": item(code).pk})
    first, second = survey.questions.order_by("position")
    client.post(reverse("evaluation:question-move", args=[second.pk]), {"direction": "up"})
    assert [q.item.code for q in survey.questions.order_by("position")] == [
        "l1-facilitator",
        "l1-relevance",
    ]
    client.post(reverse("evaluation:question-remove", args=[first.pk]))
    assert survey.questions.count() == 1
    # once sent, the questions stay
    session = actions.create_session(actor=None, survey=survey, held_on=date(2026, 3, 1), label="x")
    actions.send_session(actor=None, session=session, who=actions.Who.ENROLLED)
    response = client.post(
        reverse("evaluation:question-add", args=[survey.pk]),
        {"item": item("l1-nps").pk},
        follow=True,
    )
    assert "has been sent" in response.text
    assert survey.questions.count() == 1


def test_staff_add_their_own_items_to_the_bank(cast: Cast) -> None:
    client = _client(cast.staff)
    response = client.post(
        reverse("evaluation:item-list"),
        {"wording": "The depot was a good place to learn.", "kind": "likert",
         "construct": "satisfaction", "level": "1", "audience": "learner"},
    )  # fmt: skip
    assert response.status_code == 302
    assert SurveyItem.objects.filter(standard=False, code="").count() == 1
    assert SurveyItem.objects.filter(standard=True).count() > 10  # the bank was ensured


def test_sending_invites_completers_once_and_emails_them(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    org = cast.org
    program, path = program_with_learners([org.lea, org.liam, org.sara])
    complete(org.lea, path)
    complete(org.liam, path)
    survey = actions.create_survey(
        actor=None, program=program, level=1, audience="learner", title="Safe Driver feedback"
    )
    client = _client(cast.staff)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("evaluation:session-new", args=[survey.pk]),
            {"label": "Classroom, Leeds, 12 March", "held_on": "2026-03-12", "who": "completed"},
        )
    assert response.status_code == 302
    assert set(Invitation.objects.values_list("person_id", flat=True)) == {org.lea.pk, org.liam.pk}
    assert sorted(m.to[0] for m in mail.outbox) == sorted([org.lea.email, org.liam.email])
    token = Invitation.objects.get(person=org.lea).token
    assert f"/evaluation/answer/{token}/" in next(
        m.body for m in mail.outbox if org.lea.email in m.to
    )

    # sending again to everyone enrolled reaches only Sara
    session = survey.sessions.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("evaluation:session-send", args=[session.pk]), {"who": "enrolled"})
    assert Invitation.objects.count() == 3
    assert len(mail.outbox) == 3

    # Lea finds it on her page
    page = _client(cast.learner).get(reverse("evaluation:my-surveys"))
    assert "Safe Driver feedback" in page.text
    assert token in page.text


def test_manager_follow_ups_ask_each_learners_manager_about_them(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    org = cast.org
    program, _ = program_with_learners([org.lea, org.liam])
    with django_capture_on_commit_callbacks(execute=True):
        sent_survey(program, level=3, audience="manager")
    found = set(Invitation.objects.values_list("person_id", "subject_id"))
    assert found == {(org.dan.pk, org.lea.pk), (org.dan.pk, org.liam.pk)}
    (message,) = mail.outbox  # one e-mail to Dan for both
    assert "Lea Learner, Liam Driver" in message.body
    page = _client(cast.manager).get(reverse("evaluation:my-surveys"))
    assert "about Lea Learner" in page.text
    assert "about Liam Driver" in page.text


def _lea_invitation(cast: Cast) -> Invitation:
    program, _ = program_with_learners([cast.org.lea, cast.org.liam])
    _, session = sent_survey(program)
    return Invitation.objects.get(session=session, person=cast.org.lea)


def _post_values(**overrides: str) -> dict[str, str]:
    likert = ("l1-relevance", "l1-engagement", "l1-satisfaction", "l1-confidence", "l1-commitment")
    values = {f"q{item(code).pk}": "4" for code in likert}
    values[f"q{item('l1-nps').pk}"] = "9"
    values[f"q{item('l1-comment').pk}"] = "The yard practice was the best part."
    values["consent"] = "anonymous"
    values.update(overrides)
    return values


def test_answers_are_validated_per_question_and_nothing_is_stored_on_error(cast: Cast) -> None:
    invitation = _lea_invitation(cast)
    client = _client(cast.learner)
    url = reverse("evaluation:answer", args=[invitation.token])

    bad = _post_values(**{f"q{item('l1-nps').pk}": "11", f"q{item('l1-relevance').pk}": ""})
    response = client.post(url, bad)

    assert response.status_code == 400
    assert "Choose one answer." in response.text
    assert "Select a valid choice" in response.text
    assert not Answer.objects.exists()
    invitation.refresh_from_db()
    assert invitation.submitted_at is None


def test_answers_are_stored_once_with_the_consent(cast: Cast) -> None:
    invitation = _lea_invitation(cast)
    client = _client(cast.learner)
    url = reverse("evaluation:answer", args=[invitation.token])

    assert client.post(url, _post_values()).status_code == 302
    comment = Answer.objects.get(item__code="l1-comment")
    assert comment.consent == "anonymous"
    assert Answer.objects.count() == 7
    assert Answer.objects.get(item__code="l1-nps").number == 9

    again = client.post(url, _post_values(), follow=True)
    assert "already answered" in again.text
    assert Answer.objects.count() == 7
    assert "You answered this survey" in client.get(url).text


@pytest.mark.parametrize("who", ["manager", "stranger_learner"])
def test_someone_elses_invitation_is_not_found(cast: Cast, who: str) -> None:
    invitation = _lea_invitation(cast)
    client = _client(getattr(cast, who))
    url = reverse("evaluation:answer", args=[invitation.token])
    assert client.get(url).status_code == 404
    assert client.post(url, _post_values()).status_code == 404


def test_estimates_reject_percentages_above_100(cast: Cast) -> None:
    program, _ = program_with_learners([cast.org.lea])
    _, session = sent_survey(program, level=3)
    invitation = Invitation.objects.get(session=session)
    response = _client(cast.learner).post(
        reverse("evaluation:answer", args=[invitation.token]),
        {f"q{item('l3-application').pk}": "4", f"q{item('l3-frequency').pk}": "4",
         f"q{item('l3-enablers').pk}": "3", f"q{item('l3-improvement').pk}": "lots",
         f"q{item('l3-attribution').pk}": "150"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "Enter an amount in figures" in response.text
    assert "less than or equal to 100" in response.text


def test_a_refused_send_leaves_no_session(cast: Cast) -> None:
    program, _ = program_with_learners([cast.org.lea])
    survey = actions.create_survey(
        actor=None, program=program, level=1, audience="learner", title="t"
    )
    response = _client(cast.staff).post(
        reverse("evaluation:session-new", args=[survey.pk]),
        {"label": "Leeds", "held_on": "2026-03-12", "who": "step_done"},
    )
    assert response.status_code == 400
    assert "Choose the step whose completers should answer." in response.text
    assert not survey.sessions.exists()


def test_sending_to_one_steps_completers(cast: Cast) -> None:
    org = cast.org
    program, path = program_with_learners([org.lea, org.liam])
    complete(org.lea, path)
    survey = actions.create_survey(
        actor=None, program=program, level=1, audience="learner", title="t"
    )
    step = path.steps.order_by("position").first()
    assert step is not None
    session, sent = actions.start_session(
        actor=None, survey=survey, held_on=date(2026, 3, 1), label="x", who="step_done", step=step
    )
    assert sent.invited == 1
    assert list(session.invitations.values_list("person_id", flat=True)) == [org.lea.pk]


def test_a_closed_survey_takes_no_answers(cast: Cast) -> None:
    program, _ = program_with_learners([cast.org.lea])
    survey = actions.create_survey(
        actor=None, program=program, level=1, audience="learner", title="t"
    )
    actions.start_session(
        actor=None, survey=survey, held_on=date(2025, 3, 1), closes_on=date(2025, 3, 20),
        label="x", who="enrolled",
    )  # fmt: skip
    invitation = Invitation.objects.get()
    client = _client(cast.learner)
    url = reverse("evaluation:answer", args=[invitation.token])
    assert "This survey closed" in client.get(url).text
    response = client.post(url, _post_values(), follow=True)
    assert "This survey has closed" in response.text
    assert not Answer.objects.exists()
    assert "Nothing to answer right now" in client.get(reverse("evaluation:my-surveys")).text


def test_home_counts_only_the_surveys_still_open(cast: Cast) -> None:
    program, _ = program_with_learners([cast.org.lea])
    survey = actions.create_survey(
        actor=None, program=program, level=1, audience="learner", title="t"
    )
    actions.start_session(
        actor=None, survey=survey, held_on=date(2025, 3, 1), closes_on=date(2025, 3, 20),
        label="closed", who="enrolled",
    )  # fmt: skip
    client = _client(cast.learner)
    assert "Your surveys" in client.get(reverse("web:home")).text

    actions.start_session(
        actor=None, survey=survey, held_on=date(2025, 4, 1), label="open", who="enrolled"
    )

    assert "1 survey waiting for your answers" in client.get(reverse("web:home")).text
