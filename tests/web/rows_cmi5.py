"""Role x URL rows for cmi5 launch (course structures, units, launch and fetch)."""

from __future__ import annotations

import io
from typing import Any

from mainspring.cmi5 import actions
from mainspring.cmi5.demo import demo_package
from mainspring.cmi5.models import Course
from tests.conftest import Cast
from tests.web.matrix import NONE, Row, everyone, only

LD = {"leader": 200, "staff": 200}


def _course(c: Cast, j: Any) -> Course:
    return Course.objects.first() or actions.import_course(
        actor=None, upload=io.BytesIO(demo_package()), filename="demo.zip"
    )


def _unit(c: Cast, j: Any) -> dict[str, Any]:
    return {"pk": _course(c, j).units.get().pk}


ROWS: list[Row] = [
    Row("cmi5:course-list", NONE, only(LD)),
    Row("cmi5:course-import", NONE, only(LD)),
    Row("cmi5:course-detail", lambda c, j: {"pk": _course(c, j).pk}, only(LD)),
    Row("cmi5:unit-attach", _unit, everyone(405)),
    # Launching writes (a registration, a session, statements): POST only.
    Row("cmi5:launch", _unit, everyone(405)),
    # The fetch URL is for units, not people: POST only (cmi5 §8.2.1), no sign-in.
    Row("cmi5:fetch", lambda c, j: {"token": "not-a-token"}, everyone(405, anonymous=405)),
    # Packaged files need a sign-in; a file the package lacks is 404 for everyone.
    Row(
        "cmi5:content",
        lambda c, j: {"code": _course(c, j).code, "path": "missing.html"},
        everyone(404),
    ),
]
