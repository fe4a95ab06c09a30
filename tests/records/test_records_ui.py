"""The records pages: statements for L&D, a person's timeline, my records, mapping."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from mainspring.experiences.actions import enrolments
from mainspring.experiences.models import LearningPath, StepProgress
from mainspring.records import actions
from mainspring.records.models import ActivityLink, ActorLink
from tests.conftest import Cast
from tests.experiences.factories import make_path, steps_of
from tests.records.factories import make_statement

QUIZ = "https://lms.example.com/activities/quiz"


def _linked(*statements: Any) -> None:
    actions.link_statements([s.id for s in statements])


def test_ld_sees_recent_statements_with_the_person_behind_them(client: Client, cast: Cast) -> None:
    _linked(
        make_statement(email=cast.org.lea.email, verb="passed", result={"score": {"scaled": 0.8}})
    )
    client.force_login(cast.staff)

    response = client.get(reverse("records:statement-list"))

    assert response.status_code == 200
    assert "Lea Learner" in response.text
    assert "80%" in response.text


def test_statements_filter_by_verb_activity_and_person(client: Client, cast: Cast) -> None:
    _linked(
        make_statement(email=cast.org.lea.email, verb="passed", activity=QUIZ),
        make_statement(email=cast.org.liam.email, verb="failed", activity="urn:x:other"),
    )
    client.force_login(cast.leader)
    url = reverse("records:statement-list")

    by_verb = client.get(url, {"verb": "http://adlnet.gov/expapi/verbs/failed"})
    by_activity = client.get(url, {"activity": "quiz"})
    by_person = client.get(url, {"person": cast.org.liam.hris_id})

    assert "Liam Driver" in by_verb.text
    assert "Lea Learner" not in by_verb.text
    assert "Lea Learner" in by_activity.text
    assert "Liam Driver" not in by_activity.text
    assert "Liam Driver" in by_person.text
    assert "Lea Learner" not in by_person.text


def test_the_statement_filter_answers_htmx_with_the_results_only(
    client: Client, cast: Cast
) -> None:
    client.force_login(cast.leader)

    response = client.get(reverse("records:statement-list"), HTTP_HX_REQUEST="true")

    assert "<h1" not in response.text
    assert "No statements yet" in response.text


def test_the_statement_list_costs_the_same_queries_for_many_statements(
    client: Client, cast: Cast, django_assert_num_queries: Any
) -> None:
    _linked(*(make_statement(email=f"p{n}@example.com") for n in range(5)))
    _linked(make_statement(email=cast.org.lea.email))
    client.force_login(cast.leader)
    # session, user, count, page, actor links with people
    with django_assert_num_queries(5):
        client.get(reverse("records:statement-list"))


def test_a_persons_timeline_shows_only_their_statements(client: Client, cast: Cast) -> None:
    _linked(
        make_statement(email=cast.org.lea.email, verb="completed", activity=QUIZ),
        make_statement(email=cast.org.liam.email, activity="urn:x:liams"),
    )
    client.force_login(cast.leader)

    response = client.get(reverse("records:person-timeline", args=[cast.org.lea.pk]))

    assert QUIZ in response.text
    assert "urn:x:liams" not in response.text


def test_a_learner_sees_only_their_own_records(client: Client, cast: Cast) -> None:
    _linked(
        make_statement(email=cast.org.lea.email, activity=QUIZ),
        make_statement(email=cast.org.sara.email, activity="urn:x:saras"),
    )
    client.force_login(cast.learner)

    response = client.get(reverse("records:my-records"))

    assert QUIZ in response.text
    assert "urn:x:saras" not in response.text


def test_my_records_explains_a_login_without_a_person(client: Client, cast: Cast) -> None:
    client.force_login(cast.leader)

    response = client.get(reverse("records:my-records"))

    assert "not linked to a person" in response.text


def test_the_unmatched_page_lists_unknown_learners_and_activities(
    client: Client, cast: Cast
) -> None:
    _linked(make_statement(email="ghost@elsewhere.example", activity="urn:x:mystery"))
    client.force_login(cast.staff)

    response = client.get(reverse("records:unmatched"))

    assert "mbox:mailto:ghost@elsewhere.example" in response.text
    assert "urn:x:mystery" in response.text


def test_the_unmatched_page_costs_the_same_queries_for_many_links(
    client: Client, cast: Cast, django_assert_num_queries: Any
) -> None:
    _linked(*(make_statement(email=f"p{n}@x.example", activity=f"urn:x:{n}") for n in range(4)))
    client.force_login(cast.leader)
    # session, user, actors, activities, steps, catalogue items
    with django_assert_num_queries(6):
        client.get(reverse("records:unmatched"))


@pytest.fixture
def quiz_path(cast: Cast) -> LearningPath:
    path = make_path("Depot safety")
    enrolments.enrol_person(actor=None, person=cast.org.lea, path=path)
    return path


def test_mapping_an_unknown_learner_to_a_person_updates_their_progress(
    client: Client, cast: Cast, quiz_path: LearningPath
) -> None:
    step = steps_of(quiz_path)[0]
    _linked(make_statement(email="lea@home.example", verb="passed", activity=f"step:{step.pk}"))
    link = ActorLink.objects.get()
    client.force_login(cast.leader)

    response = client.post(
        reverse("records:actor-map", args=[link.pk]), {"person": cast.org.lea.hris_id}
    )

    assert response.status_code == 302
    link.refresh_from_db()
    assert link.person == cast.org.lea
    assert StepProgress.objects.get(step=step).status == "passed"


def test_mapping_to_somebody_unknown_says_so_next_to_the_field(client: Client, cast: Cast) -> None:
    _linked(make_statement(email="ghost@elsewhere.example"))
    link = ActorLink.objects.get()
    client.force_login(cast.leader)

    response = client.post(reverse("records:actor-map", args=[link.pk]), {"person": "P-NOBODY"})

    assert response.status_code == 400
    assert "Nobody has this HRIS id or e-mail address." in response.text
    assert ActorLink.objects.get().person is None


def test_mapping_an_unknown_activity_to_a_step_updates_progress(
    client: Client, cast: Cast, quiz_path: LearningPath
) -> None:
    step = steps_of(quiz_path)[1]
    _linked(make_statement(email=cast.org.lea.email, verb="completed", activity=QUIZ))
    link = ActivityLink.objects.get()
    client.force_login(cast.staff)

    response = client.post(
        reverse("records:activity-map", args=[link.pk]), {"target": f"step:{step.pk}"}
    )

    assert response.status_code == 302
    assert StepProgress.objects.get(step=step).status == "completed"


def test_mapping_an_activity_needs_a_choice(client: Client, cast: Cast) -> None:
    _linked(make_statement(email=cast.org.lea.email, activity=QUIZ))
    link = ActivityLink.objects.get()
    client.force_login(cast.staff)

    response = client.post(reverse("records:activity-map", args=[link.pk]), {"target": ""})

    assert response.status_code == 400
    assert "This field is required." in response.text
    link.refresh_from_db()
    assert (link.step, link.catalog_item) == (None, None)


def test_learners_may_not_map_records(client: Client, cast: Cast) -> None:
    _linked(make_statement(email="ghost@elsewhere.example"))
    client.force_login(cast.learner)

    response = client.post(
        reverse("records:actor-map", args=[ActorLink.objects.get().pk]),
        {"person": cast.org.lea.hris_id},
    )

    assert response.status_code == 403
    assert ActorLink.objects.get().person is None
