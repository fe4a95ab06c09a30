"""The demo unit's real script (au.js), run by Node against a live server: launch to return."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from mainspring.cmi5 import actions
from mainspring.cmi5.demo import PACKAGE_DIR
from mainspring.cmi5.models import AssignableUnit, Session
from mainspring.experiences.actions import paths
from mainspring.experiences.models import Enrolment, StepProgress
from tests.conftest import Cast

NODE = shutil.which("node")
RUNNER = Path(__file__).with_name("run_demo_unit.js")


def _run(launch_url: str, correct: int) -> dict[str, Any]:
    assert NODE is not None
    done = subprocess.run(
        [NODE, str(RUNNER), str(PACKAGE_DIR / "au.js"), launch_url, str(correct)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    found: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


@pytest.fixture(autouse=True)
def _standard_methods(transactional_db: None) -> None:
    """Transactional tests empty every table, the methods seeded by migration included.

    (serialized_rollback would restore them, but re-inserting content types clashed with
    another worker's flush under xdist in CI.)
    """
    paths.ensure_standard_methods()


@pytest.mark.skipif(NODE is None, reason="Node.js is not installed")
# The live server needs committed rows (a transactional test); see _standard_methods.
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("correct", "verdict", "status"), [(5, "passed", "passed"), (2, "failed", "completed")]
)
def test_the_demo_unit_reports_through_its_own_script(  # noqa: PLR0917  (fixtures and parameters)
    cast: Cast,
    unit: AssignableUnit,
    enrolment: Enrolment,
    live_server: Any,
    correct: int,
    verdict: str,
    status: str,
) -> None:
    # given Lea launches the demo unit (its URLs point at the live server)
    url = actions.launch_unit(
        actor=cast.learner,
        unit=unit,
        base_url=live_server.url,
        return_url=f"{live_server.url}/learning/me/",
    )
    # when the unit's script runs and the learner clicks through it
    outcome = _run(url, correct)
    # then it sent its statements, was accepted at each, and went back to the path
    assert "error" not in outcome, outcome
    assert [s.split(" ")[0] for s in outcome["sent"]] == [
        "initialized",
        "completed",
        verdict,
        "terminated",
    ]
    assert outcome["returned"] == [f"{live_server.url}/learning/me/"]
    session = Session.objects.get()
    assert session.state == "terminated"
    row = StepProgress.objects.get(enrolment=enrolment, step=unit.step)
    assert row.status == status
