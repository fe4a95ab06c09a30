"""End to end: a learner launches a unit from her path and the unit reports over HTTP."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from mainspring.cmi5 import vocabulary as v
from mainspring.cmi5.models import AssignableUnit, Session
from mainspring.experiences.models import Enrolment, StepProgress
from mainspring.records.models import Statement
from tests.cmi5.au import AU
from tests.cmi5.conftest import Launcher
from tests.conftest import Cast


def test_a_launched_unit_that_passes_moves_the_learners_step_to_passed(
    cast: Cast,
    unit: AssignableUnit,
    enrolment: Enrolment,
    launch: Launcher,
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given Lea launches the unit from her path
    au = launch(unit, start=False)
    # then the launch URL carries the cmi5 parameters and points at the packaged page
    assert set(au.query) == {"endpoint", "fetch", "actor", "registration", "activityId"}
    assert au.url.startswith(f"http://testserver/cmi5/content/{unit.course.code}/index.html?")
    assert au.endpoint == "/xapi/"
    home = "https://mainspring.invalid/people"
    account = {"homePage": home, "name": str(cast.org.lea.code)}
    assert au.actor == {"objectType": "Agent", "account": account}
    assert au.activity_id == unit.activity_id != unit.publisher_id
    # when the unit fetches its token and reads its launch data
    assert set(au.fetch()) == {"auth-token"}
    data = au.launch_data()
    session = Session.objects.get()
    assert data["launchMode"] == "Normal"
    assert data["moveOn"] == "CompletedOrPassed"
    assert data["masteryScore"] == 0.8
    assert data["launchParameters"] == '{"quiz": 5}'
    assert data["entitlementKey"] == {"courseStructure": "northwind-demo"}
    assert data["returnURL"] == "http://testserver/learning/me/"
    assert data["contextTemplate"]["extensions"] == {v.EXT_SESSION: str(session.code)}
    assert [g["id"] for g in data["contextTemplate"]["contextActivities"]["grouping"]] == [
        unit.publisher_id
    ]
    # and reports initialized, passed with a score, and terminated
    with django_capture_on_commit_callbacks(execute=True):
        for statement in (au.initialized(), au.passed(0.9), au.terminated()):
            response = au.send(statement)
            assert response.status_code == 200, response.content
    # then Lea's step is passed with the score, and the session is over
    row = StepProgress.objects.get(enrolment=enrolment, step=unit.step)
    assert (row.status, row.score, row.source) == ("passed", 90.0, "xapi")
    session.refresh_from_db()
    assert session.state == "terminated"
    assert session.client is not None
    assert not session.client.active
    # and the LMS wrote launched before, and satisfied for the course after
    verbs = list(Statement.objects.order_by("stored", "id").values_list("verb", flat=True))
    assert verbs == [v.LAUNCHED, v.INITIALIZED, v.PASSED, v.SATISFIED, v.TERMINATED]
    satisfied = Statement.objects.get(verb=v.SATISFIED).data
    assert satisfied["object"]["id"] == unit.course.activity_id
    assert satisfied["context"]["extensions"][v.EXT_SESSION] == str(session.code)


def test_the_unit_completed_is_a_completed_step(
    unit: AssignableUnit,
    enrolment: Enrolment,
    launch: Launcher,
    django_capture_on_commit_callbacks: Any,
) -> None:
    au = launch(unit)
    with django_capture_on_commit_callbacks(execute=True):
        assert au.send(au.initialized(), au.completed(), au.terminated()).status_code == 200
    row = StepProgress.objects.get(enrolment=enrolment, step=unit.step)
    assert row.status == "completed"


def test_the_launched_statement_carries_the_launch_context(
    unit: AssignableUnit, launch: Launcher
) -> None:
    launch(unit)
    launched = Statement.objects.get(verb=v.LAUNCHED).data
    ext = launched["context"]["extensions"]
    assert ext[v.EXT_LAUNCH_MODE] == "Normal"
    assert ext[v.EXT_MOVE_ON] == "CompletedOrPassed"
    assert ext[v.EXT_MASTERY] == 0.8
    assert ext[v.EXT_LAUNCH_URL] == f"http://testserver/cmi5/content/{unit.course.code}/index.html"
    assert launched["object"]["id"] == unit.activity_id
    assert launched["authority"]["account"]["name"] == "cmi5-lms"


def test_the_step_page_shows_launch_to_its_learner_only(
    cast: Cast, unit: AssignableUnit, enrolment: Enrolment
) -> None:
    url = reverse("experiences:enrol-detail", args=[enrolment.pk])
    launch_url = reverse("cmi5:launch", args=[unit.pk])
    own, staff = Client(), Client()
    own.force_login(cast.learner)
    staff.force_login(cast.staff)
    assert launch_url in own.get(url).content.decode()
    assert launch_url not in staff.get(url).content.decode()


def test_someone_not_on_the_path_cannot_launch(cast: Cast, unit: AssignableUnit) -> None:
    client = Client()
    client.force_login(cast.stranger_learner)
    assert client.post(reverse("cmi5:launch", args=[unit.pk])).status_code == 404
    assert not Session.objects.exists()


def test_the_packaged_page_and_script_are_served(cast: Cast, unit: AssignableUnit) -> None:
    client = Client()
    client.force_login(cast.learner)
    code = unit.course.code
    page = client.get(reverse("cmi5:content", args=[code, "index.html"]))
    script = client.get(reverse("cmi5:content", args=[code, "au.js"]))
    assert page.status_code == 200
    assert b'<script src="au.js" defer></script>' in page.getvalue()
    assert script.status_code == 200
    assert b"auth-token" in script.getvalue()
    missing = client.get(reverse("cmi5:content", args=[code, "../cmi5.xml.bak"]))
    assert missing.status_code == 404


def test_the_return_url_stays_on_this_site(cast: Cast, unit: AssignableUnit) -> None:
    client = Client()
    client.force_login(cast.learner)
    response = client.post(reverse("cmi5:launch", args=[unit.pk]), {"next": "//evil.example/x"})
    au = AU(response["Location"]).start()
    assert au.data["returnURL"] == "http://testserver/"
