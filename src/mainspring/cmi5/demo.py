"""The demo's cmi5 course: a tiny unit shipped with the app, launched from a learner's path.

The course package is the folder ``static/cmi5/demo-course`` (``cmi5.xml``, an HTML page
and a small script of our own), zipped at seeding time and imported like any upload, so
the demo walks the same import, launch, fetch and statement path as a real course.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from mainspring.cmi5 import actions
from mainspring.experiences.models import Enrolment, EnrolmentStatus, Step, StepProgress
from mainspring.org.models import User

if TYPE_CHECKING:
    from mainspring.demo.seed import SeedContext

PACKAGE_DIR = Path(__file__).resolve().parent / "static" / "cmi5" / "demo-course"
ELEARNING = "elearning"


def demo_package() -> bytes:
    """The demo course as a zip package, ``cmi5.xml`` at its root."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(PACKAGE_DIR.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(PACKAGE_DIR).as_posix())
    return buffer.getvalue()


def _step_for(learner: User | None) -> Step | None:
    """An e-learning step on the demo learner's path that they have not finished yet."""
    steps = Step.objects.filter(method__code=ELEARNING).order_by("path__title", "position", "pk")
    if learner is not None and learner.person_id is not None:
        paths = Enrolment.objects.filter(person_id=learner.person_id).exclude(
            status=EnrolmentStatus.WITHDRAWN
        )
        done = StepProgress.objects.filter(
            enrolment__person_id=learner.person_id, status__in=("completed", "passed", "waived")
        ).values("step_id")
        mine = steps.filter(path__in=paths.values("path_id"))
        found = mine.exclude(pk__in=done).first() or mine.first()
        if found is not None:
            return found
    return steps.first()


def seed_cmi5(ctx: SeedContext) -> None:
    """Import the demo cmi5 course and attach its unit to an e-learning step of a demo path."""
    staff = User.objects.get(username="staff")
    course = actions.import_course(
        actor=staff, upload=io.BytesIO(demo_package()), filename="securing-a-load.zip"
    )
    step = _step_for(User.objects.filter(username="learner").first())
    unit = course.units.get()
    if step is not None:
        actions.attach_unit(actor=staff, unit=unit, step=step)
    ctx.registry["cmi5_step_id"] = step.pk if step is not None else None
    ctx.counts.update(cmi5_courses=1, cmi5_units_on_steps=int(step is not None))
