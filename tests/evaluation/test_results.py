"""The results pages: the min-3 rule, by method, level 2, comments and who sees what."""

from __future__ import annotations

from datetime import date

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mainspring.evaluation import actions
from mainspring.experiences.models import Method, Program
from tests.conftest import Cast
from tests.evaluation.factories import answer, complete, program_with_learners, sent_survey

L1 = ("l1-relevance", "l1-engagement", "l1-satisfaction", "l1-confidence", "l1-commitment")
PERIOD = {"start": "2026-01-01", "end": "2026-12-31"}


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]  # a User
    return client


def _l1(value: int, nps: int, comment: str = "") -> dict[str, object]:
    found: dict[str, object] = {**dict.fromkeys(L1, value), "l1-nps": nps}
    if comment:
        found["l1-comment"] = comment
    return found


def _program(cast: Cast, answers: int) -> Program:
    org = cast.org
    people = [org.lea, org.liam, org.sara, org.sam]
    program, _ = program_with_learners(people)
    program.org_units.set([org.ops])
    _, session = sent_survey(program)
    for person in people[:answers]:
        answer(session, person, _l1(5, 10))
    return program


def test_two_answers_show_no_percentages(cast: Cast) -> None:
    program = _program(cast, answers=2)
    page = _client(cast.staff).get(reverse("evaluation:results", args=[program.pk]), PERIOD)
    assert page.status_code == 200
    assert "fewer than 3 answers" in page.text
    assert "100%" not in page.text.replace("response rate", "")  # no favourable %
    assert "50%" in page.text  # the response rate is a count of invitations, always shown


def test_three_answers_show_favourable_and_nps(cast: Cast) -> None:
    program = _program(cast, answers=3)
    page = _client(cast.executive).get(reverse("evaluation:results", args=[program.pk]), PERIOD)
    assert "75%" in page.text  # response rate
    assert "100%" in page.text  # favourable
    assert ">100<" in page.text  # NPS


def test_results_group_by_the_method_of_the_step(cast: Cast) -> None:
    org = cast.org
    program, path = program_with_learners([org.lea, org.liam, org.sara])
    step = path.steps.order_by("position").first()
    assert step is not None
    step.method = Method.objects.get(code="classroom")
    step.save()
    survey = actions.create_survey(
        actor=None, program=program, level=1, audience="learner", title="t"
    )
    session = actions.create_session(
        actor=None, survey=survey, held_on=date(2026, 3, 1), label="Leeds", step=step
    )
    actions.send_session(actor=None, session=session, who=actions.Who.ENROLLED)
    for person, value in ((org.lea, 5), (org.liam, 4), (org.sara, 2)):
        answer(session, person, _l1(value, 8))

    page = _client(cast.staff).get(reverse("evaluation:results", args=[program.pk]), PERIOD)

    by_method = page.text[page.text.index("By delivery method") :]
    assert "Classroom" in by_method
    assert "67%" in by_method  # 10 of 15 answers are 4 or 5


def test_level_2_shows_scores_by_step(cast: Cast) -> None:
    org = cast.org
    program, path = program_with_learners([org.lea, org.liam, org.sara])
    for person, score in ((org.lea, 90), (org.liam, 70), (org.sara, 50)):
        complete(person, path, score=score)
    page = _client(cast.staff).get(reverse("evaluation:results", args=[program.pk]))
    level2 = page.text[page.text.index("Level 2: assessment scores") :]
    assert "9 scores from 9 completions" in level2
    assert "Watch the film" in level2
    assert ">70<" in level2  # the mean of each step


def test_stakeholders_see_programs_for_their_units_only(cast: Cast) -> None:
    program = _program(cast, answers=3)
    url = reverse("evaluation:results", args=[program.pk])
    assert _client(cast.stakeholder).get(url).status_code == 200
    assert _client(cast.stranger_stakeholder).get(url).status_code == 404
    listing = _client(cast.stranger_stakeholder).get(reverse("evaluation:program-list"))
    assert program.title not in listing.text


def _commented(cast: Cast) -> Program:
    org = cast.org
    program, _ = program_with_learners([org.lea, org.liam, org.sara])
    _, session = sent_survey(program)
    answer(session, org.lea, _l1(5, 10, "Best course this year."), consent="named")
    answer(session, org.liam, _l1(4, 9, "Loved the yard practice."), consent="anonymous")
    answer(session, org.sara, _l1(2, 3, "Started 40 minutes late."))
    return program


def test_comments_can_be_filtered_to_testimonial_candidates(cast: Cast) -> None:
    program = _commented(cast)
    client = _client(cast.staff)
    url = reverse("evaluation:comments", args=[program.pk])

    everything = client.get(url)
    quotable = client.get(url, {"testimonials": "1"})

    assert "Started 40 minutes late." in everything.text
    assert "Sara Seller" in everything.text  # the learning team sees who wrote what
    assert "Started 40 minutes late." not in quotable.text
    assert "Best course this year." in quotable.text
    assert "Quotable anonymously" in quotable.text
    assert "Testimonial candidates (2)" in quotable.text


def test_executives_read_comments_without_names_unless_consented(cast: Cast) -> None:
    program = _commented(cast)
    page = _client(cast.executive).get(reverse("evaluation:comments", args=[program.pk]))
    assert "Lea Learner" in page.text  # agreed to be quoted by name
    assert "Liam Driver" not in page.text
    assert "Sara Seller" not in page.text


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_list_pages_do_not_grow_in_queries_with_more_rows(cast: Cast) -> None:
    first = _program(cast, answers=3)
    staff, learner = _client(cast.staff), _client(cast.learner)
    urls = [
        (staff, reverse("evaluation:program-list")),
        (staff, reverse("evaluation:survey-list")),
        (staff, reverse("evaluation:comments", args=[first.pk])),
        (staff, reverse("evaluation:results", args=[first.pk])),
        (learner, reverse("evaluation:my-surveys")),
    ]
    before = [_queries(client, url) for client, url in urls]
    for _ in range(2):
        program = _program(cast, answers=3)
        _, again = sent_survey(program, held_on=date(2026, 4, 1))
        answer(again, cast.org.lea, _l1(4, 9, "More of this."))
    assert [_queries(client, url) for client, url in urls] == before


def test_a_deliverys_comments_can_be_read_on_their_own(cast: Cast) -> None:
    program = _commented(cast)
    org = cast.org
    _, later = sent_survey(program, held_on=date(2026, 5, 1))
    answer(later, org.lea, _l1(4, 9, "Even better the second time."))
    url = reverse("evaluation:comments", args=[program.pk])
    page = _client(cast.staff).get(url, {"session": later.pk})
    assert "Even better the second time." in page.text
    assert "Best course this year." not in page.text
