from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from mainspring.cmi5 import actions
from mainspring.cmi5.demo import demo_package
from mainspring.cmi5.models import AssignableUnit, Course
from mainspring.experiences.actions import enrolments
from mainspring.experiences.models import Enrolment
from tests.cmi5.au import AU
from tests.conftest import Cast
from tests.experiences.factories import make_path, steps_of

NS = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"


def structure(body: str, *, course_id: str = "https://example.com/courses/c1") -> bytes:
    """A cmi5.xml around ``body`` (units and blocks)."""
    return f"""<?xml version="1.0" encoding="utf-8"?>
<courseStructure xmlns="{NS}">
  <course id="{course_id}">
    <title><langstring lang="en-US">Course one</langstring></title>
    <description><langstring lang="en-US">About it</langstring></description>
  </course>
  {body}
</courseStructure>""".encode()


def au(
    publisher_id: str = "https://example.com/au/1",
    *,
    url: str = "https://content.example.com/au1/index.html",
    attrs: str = 'moveOn="Passed" masteryScore="0.8"',
    title: str = "Unit one",
    extra: str = "",
) -> str:
    return f"""<au id="{publisher_id}" {attrs}>
      <title><langstring lang="en-US">{title}</langstring></title>
      <description><langstring lang="en-US">Unit</langstring></description>
      <url>{url}</url>{extra}
    </au>"""


def import_xml(xml: bytes) -> Course:
    return actions.import_course(actor=None, upload=io.BytesIO(xml), filename="cmi5.xml")


@pytest.fixture
def course(db: None) -> Course:
    return actions.import_course(
        actor=None, upload=io.BytesIO(demo_package()), filename="securing-a-load.zip"
    )


@pytest.fixture
def enrolment(cast: Cast) -> Enrolment:
    path = make_path("Depot safety")
    return enrolments.enrol_person(actor=None, person=cast.org.lea, path=path)


def attach(cast: Cast, enrolment: Enrolment, unit: AssignableUnit, position: int = 0) -> Any:
    step = steps_of(enrolment.path)[position]
    return actions.attach_unit(actor=cast.staff, unit=unit, step=step)


@pytest.fixture
def unit(cast: Cast, course: Course, enrolment: Enrolment) -> AssignableUnit:
    found: AssignableUnit = attach(cast, enrolment, course.units.get())
    return found


Launcher = Callable[..., AU]


@pytest.fixture
def launch(cast: Cast, django_capture_on_commit_callbacks: Any) -> Launcher:
    """Launch a unit as Lea from her path page; the AU then holds the launch URL."""

    def go(unit: AssignableUnit, *, start: bool = True) -> AU:
        client = Client()
        client.force_login(cast.learner)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("cmi5:launch", args=[unit.pk]), {"next": "/learning/me/"}
            )
        assert response.status_code == 302, response.content
        found = AU(response["Location"])
        return found.start() if start else found

    return go
