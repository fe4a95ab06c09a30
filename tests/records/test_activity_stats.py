"""The activity statistics for L&D: figures per activity, search, sort, detail, permissions."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mainspring.records import actions, activity_stats
from mainspring.records.models import ActivityDefinition, ActivityLink, Statement
from tests.conftest import Cast
from tests.experiences.factories import make_path, steps_of
from tests.records.factories import make_statement

QUIZ = "https://lms.example.com/activities/quiz"
FILM = "https://lms.example.com/activities/film"
CONTRACTOR = {"mbox": "mailto:temp@agency.example", "name": "Temp"}


def _linked(*statements: Statement) -> None:
    actions.link_statements([s.id for s in statements])


@pytest.fixture
def known(cast: Cast) -> dict[str, Any]:
    """Two activities with a known set of statements, one of them voided."""
    lea, liam = cast.org.lea.email, cast.org.liam.email
    start = timezone.now() - timedelta(days=10)

    def at(days: int) -> Any:
        return start + timedelta(days=days)

    voided = make_statement(
        email=liam, verb="passed", activity=QUIZ, result={"score": {"scaled": 1.0}}, timestamp=at(9)
    )
    made = [
        make_statement(email=lea, verb="launched", activity=QUIZ, timestamp=at(1)),
        make_statement(
            email=lea,
            verb="failed",
            activity=QUIZ,
            result={"score": {"scaled": 0.5}},
            timestamp=at(2),
        ),
        make_statement(
            email=lea,
            verb="passed",
            activity=QUIZ,
            result={"score": {"scaled": 0.9}, "success": True},
            timestamp=at(3),
        ),
        make_statement(email=liam, verb="launched", activity=QUIZ, timestamp=at(4)),
        make_statement(
            email=liam,
            verb="failed",
            activity=QUIZ,
            result={"score": {"raw": 30, "min": 0, "max": 100}},
            timestamp=at(5),
        ),
        voided,
        make_statement(email=lea, verb="voided", voids=voided.id, timestamp=at(9)),
        make_statement(email=lea, verb="completed", activity=FILM, timestamp=at(6)),
        make_statement(
            actor=CONTRACTOR,
            verb="http://adlnet.gov/expapi/verbs/attended",
            activity=FILM,
            result={"completion": True},
            timestamp=at(7),
        ),
        make_statement(email=liam, verb="experienced", activity=FILM, timestamp=at(8)),
    ]
    _linked(*made)
    return {"last_quiz": at(5), "last_film": at(8)}


def test_figures_per_activity_leave_voided_statements_out(known: dict[str, Any]) -> None:
    rows = {r["activity"]: r for r in activity_stats.activities()}

    quiz, film = rows[QUIZ], rows[FILM]
    assert set(rows) == {QUIZ, FILM}  # the voiding statement is about no activity
    assert (quiz["statements"], quiz["learners"], quiz["completions"]) == (5, 2, 1)
    assert (quiz["passed"], quiz["failed"]) == (1, 2)
    assert quiz["pass_rate"] == pytest.approx(100 / 3)
    assert quiz["average_score"] == pytest.approx((50 + 90 + 30) / 3)
    assert quiz["last"] == known["last_quiz"]  # not the voided pass on day 9
    # A completed statement and an attended one with completion: true both complete.
    assert (film["statements"], film["learners"], film["completions"]) == (3, 3, 2)
    assert (film["passed"], film["failed"], film["pass_rate"], film["average_score"]) == (
        0,
        0,
        None,
        None,
    )
    assert film["last"] == known["last_film"]


def test_one_activitys_summary_and_score_bands_agree_with_the_list(known: dict[str, Any]) -> None:
    summary = activity_stats.summary(QUIZ)
    bars = activity_stats.score_distribution(QUIZ)

    assert (summary.statements, summary.learners, summary.completions) == (5, 2, 1)
    assert summary.pass_rate == pytest.approx(100 / 3)
    assert summary.average_score == pytest.approx(170 / 3)
    assert [b.count for b in bars] == [0, 0, 0, 1, 0, 1, 0, 0, 0, 1]  # 30, 50, 90; not 100
    assert bars[9].label == "90 to 100%"
    assert activity_stats.score_distribution(FILM) == []


def test_ld_sees_the_activities_with_what_they_are_linked_to(
    client: Client, cast: Cast, known: dict[str, Any]
) -> None:
    step = steps_of(make_path("Depot safety"))[0]
    actions.map_activity(actor=cast.staff, link=ActivityLink.objects.get(activity=QUIZ), step=step)
    ActivityDefinition.objects.create(
        activity=QUIZ, definition={"name": {"en-US": "Loading quiz"}}, updated=timezone.now()
    )
    client.force_login(cast.staff)

    response = client.get(reverse("records:activity-list"))

    assert response.status_code == 200
    text = response.text
    assert "Loading quiz" in text
    assert "Depot safety" in text
    assert step.title in text
    assert "33%" in text  # the quiz's pass rate
    assert "56.7%" in text  # its average score
    assert "Not mapped yet" in text  # the film


def test_activities_are_searched_by_id_and_by_the_step_they_are_linked_to(
    client: Client, cast: Cast, known: dict[str, Any]
) -> None:
    step = steps_of(make_path("Depot safety"))[0]
    actions.map_activity(actor=cast.staff, link=ActivityLink.objects.get(activity=FILM), step=step)
    client.force_login(cast.leader)
    url = reverse("records:activity-list")

    by_id = client.get(url, {"q": "quiz"}).context["rows"]
    by_path = client.get(url, {"q": "depot SAFETY"}).context["rows"]
    nothing = client.get(url, {"q": "forklift"})

    assert [r.activity for r in by_id] == [QUIZ]
    assert [r.activity for r in by_path] == [FILM]
    assert "No activity matches" in nothing.text


def test_activities_sort_by_any_figure_either_way(
    client: Client, cast: Cast, known: dict[str, Any]
) -> None:
    client.force_login(cast.leader)
    url = reverse("records:activity-list")

    def order(sort: str) -> list[str]:
        return [r.activity for r in client.get(url, {"sort": sort}).context["rows"]]

    assert order("-statements") == [QUIZ, FILM]
    assert order("statements") == [FILM, QUIZ]
    assert order("-learners") == [FILM, QUIZ]
    assert order("-pass_rate") == [QUIZ, FILM]  # no verdicts sort last either way
    assert order("pass_rate") == [QUIZ, FILM]
    assert order("activity") == [FILM, QUIZ]
    assert order("nonsense") == order("-statements")


def test_the_activity_search_answers_htmx_with_the_results_only(
    client: Client, cast: Cast, known: dict[str, Any]
) -> None:
    client.force_login(cast.leader)

    response = client.get(reverse("records:activity-list"), {"q": "film"}, HTTP_HX_REQUEST="true")

    assert "<h1" not in response.text
    assert FILM in response.text
    assert QUIZ not in response.text


def test_an_activity_page_shows_its_figures_scores_and_statements(
    client: Client, cast: Cast, known: dict[str, Any]
) -> None:
    link = ActivityLink.objects.get(activity=QUIZ)
    client.force_login(cast.staff)

    response = client.get(reverse("records:activity-detail", args=[link.pk]))

    assert response.status_code == 200
    assert "<svg" in response.text
    assert "90 to 100%: 1" in response.text
    assert response.context["page"].paginator.count == 6  # its statements, the voided one too
    assert "Lea Learner" in response.text
    assert "Liam Driver" in response.text


def test_the_activity_list_costs_the_same_queries_for_many_activities(
    client: Client, cast: Cast, django_assert_num_queries: Any
) -> None:
    _linked(*(make_statement(email=f"p{n}@example.com", activity=f"urn:x:a{n}") for n in range(6)))
    client.force_login(cast.leader)
    # session, user, the grouped activities, links with steps and items, definitions
    with django_assert_num_queries(5):
        client.get(reverse("records:activity-list"))


def test_the_activity_page_costs_the_same_queries_for_many_statements(
    client: Client, cast: Cast, django_assert_num_queries: Any
) -> None:
    _linked(*(make_statement(email=f"p{n}@example.com", activity=QUIZ) for n in range(6)))
    link = ActivityLink.objects.get(activity=QUIZ)
    client.force_login(cast.leader)
    # session, user, link, figures, name, score bands, count, page, actor links
    with django_assert_num_queries(9):
        client.get(reverse("records:activity-detail", args=[link.pk]))


@pytest.mark.parametrize("role", ["learner", "stakeholder", "executive"])
def test_only_ld_sees_activity_statistics(
    client: Client, cast: Cast, known: dict[str, Any], role: str
) -> None:
    link = ActivityLink.objects.get(activity=QUIZ)
    client.force_login(cast.by_role()[role])

    assert client.get(reverse("records:activity-list")).status_code == 403
    assert client.get(reverse("records:activity-detail", args=[link.pk])).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client: Client, db: None) -> None:
    response = client.get(reverse("records:activity-list"))

    assert response.status_code == 302
    assert "login" in response["Location"]
