"""The demo's cmi5 course: imported and attached to an e-learning step of the learner's path."""

from __future__ import annotations

import random
import re
from datetime import date

from mainspring.cmi5.demo import PACKAGE_DIR, seed_cmi5
from mainspring.cmi5.models import AssignableUnit, Course
from mainspring.demo.seed import SeedContext
from mainspring.experiences.actions import enrolments
from mainspring.experiences.models import LearningPath, Method, Step
from tests.conftest import Cast


def test_seed_cmi5_attaches_the_unit_to_an_elearning_step_of_the_learners_path(
    cast: Cast,
) -> None:
    # given Lea (the "learner" login) on a path with one e-learning step among others
    elearning = Method.objects.get(code="elearning")
    other = Method.objects.exclude(code="elearning").first()
    assert other is not None
    path = LearningPath.objects.create(title="Driver basics")
    Step.objects.create(path=path, position=0, title="Ride along", method=other)
    target = Step.objects.create(path=path, position=1, title="Load module", method=elearning)
    Step.objects.create(
        path=LearningPath.objects.create(title="Elsewhere"), title="X", method=elearning
    )
    enrolments.enrol_person(actor=None, person=cast.org.lea, path=path)
    ctx = SeedContext(rng=random.Random(1), people=10, seed=1, today=date(2025, 6, 1))
    # when the demo seeder runs
    seed_cmi5(ctx)
    # then the demo course's unit is that step's content
    course = Course.objects.get()
    assert course.packaged
    assert AssignableUnit.objects.get(course=course).step == target
    assert ctx.counts["cmi5_units_on_steps"] == 1


def test_the_demo_unit_uses_only_its_own_files() -> None:
    page = (PACKAGE_DIR / "index.html").read_text()
    script = (PACKAGE_DIR / "au.js").read_text()
    assert re.findall(r'(?:src|href)="([^"]+)"', page) == ["au.css", "au.js"]
    assert "<script>" not in page  # the site's CSP allows no inline script
    assert "http://" not in script.replace("http://adlnet.gov/expapi/verbs/", "")
