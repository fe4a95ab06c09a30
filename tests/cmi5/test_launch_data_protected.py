"""LMS.LaunchData is the LMS's (cmi5 §10): a unit reads it, and cannot change or delete it."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from mainspring.cmi5 import vocabulary as v
from mainspring.cmi5.models import AssignableUnit
from tests.cmi5.au import AU
from tests.cmi5.conftest import Launcher


def _params(au: AU, state_id: str | None) -> str:
    keys = {
        "activityId": au.activity_id,
        "agent": json.dumps(au.actor),
        "registration": au.registration,
    }
    if state_id is not None:
        keys["stateId"] = state_id
    return urlencode(keys)


def test_a_unit_cannot_overwrite_or_delete_its_launch_data(
    unit: AssignableUnit, launch: Launcher
) -> None:
    au = launch(unit)
    before = au.launch_data()
    url = f"{au.endpoint}activities/state?{_params(au, v.LAUNCH_DATA)}"
    for method in (au.client.put, au.client.post):
        refused = method(
            url, json.dumps({"launchMode": "Browse"}), "application/json", headers=au.headers()
        )
        assert refused.status_code == 403
        assert "cmi5 §10" in refused.json()["error"]["message"]
    assert au.client.delete(url, headers=au.headers()).status_code == 403
    every = f"{au.endpoint}activities/state?{_params(au, None)}"
    assert au.client.delete(every, headers=au.headers()).status_code == 403
    assert au.launch_data() == before


def test_a_unit_keeps_its_own_state_beside_the_launch_data(
    unit: AssignableUnit, launch: Launcher
) -> None:
    au = launch(unit)
    url = f"{au.endpoint}activities/state?{_params(au, 'bookmark')}"
    saved = au.client.put(url, json.dumps({"page": 3}), "application/json", headers=au.headers())
    assert saved.status_code == 204
    assert au.client.get(url, headers=au.headers()).json() == {"page": 3}
