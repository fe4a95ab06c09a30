"""A Python cmi5 assignable unit that talks to Mainspring over real HTTP (Django's client).

It does what a unit in a browser does (cmi5 §8, §10): read the launch URL's query
parameters, POST the fetch URL once for its token, read LMS.LaunchData, and send
statements built from the contextTemplate.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

from django.test import Client

from mainspring.cmi5 import vocabulary as v

V = "1.0.3"


def local(url: str) -> str:
    """The path and query of an absolute URL on the test server."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


class AU:
    def __init__(self, launch_url: str, client: Client | None = None) -> None:
        self.client = client or Client()
        self.url = launch_url
        query = {k: vals[0] for k, vals in parse_qs(urlsplit(launch_url).query).items()}
        self.query = query
        self.endpoint = local(query["endpoint"])
        self.fetch_url = local(query["fetch"])
        self.actor: dict[str, Any] = json.loads(query["actor"])
        self.registration = query["registration"]
        self.activity_id = query["activityId"]
        self.token = ""
        self.data: dict[str, Any] = {}

    def fetch(self) -> dict[str, Any]:
        body: dict[str, Any] = self.client.post(self.fetch_url).json()
        self.token = body.get("auth-token", self.token)
        return body

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Basic {self.token}", "X-Experience-API-Version": V}

    def launch_data(self) -> dict[str, Any]:
        response = self.client.get(
            f"{self.endpoint}activities/state",
            {
                "stateId": v.LAUNCH_DATA,
                "activityId": self.activity_id,
                "agent": json.dumps(self.actor),
                "registration": self.registration,
            },
            headers=self.headers(),
        )
        assert response.status_code == 200, response.content
        self.data = response.json()
        return self.data

    def start(self) -> AU:
        self.fetch()
        self.launch_data()
        return self

    def statement(
        self, verb: str, result: dict[str, Any] | None = None, *, defined: bool = True
    ) -> dict[str, Any]:
        """A statement as a well-behaved unit writes it (tests then spoil one part)."""
        context = json.loads(json.dumps(self.data["contextTemplate"]))
        context["registration"] = self.registration
        categories = []
        if defined:
            categories.append({"id": v.CATEGORY_CMI5})
        if defined and result and ("success" in result or "completion" in result):
            categories.append({"id": v.CATEGORY_MOVEON})
        if categories:
            context["contextActivities"]["category"] = categories
        if verb in (v.PASSED, v.FAILED) and "masteryScore" in self.data:
            context["extensions"][v.EXT_MASTERY] = self.data["masteryScore"]
        statement: dict[str, Any] = {
            "id": str(uuid.uuid4()),
            "actor": self.actor,
            "verb": {"id": verb, "display": {"en-US": v.VERB_NAMES.get(verb, "did")}},
            "object": {"objectType": "Activity", "id": self.activity_id},
            "context": context,
            "timestamp": datetime.now(UTC).isoformat(),
        }
        if result is not None:
            statement["result"] = result
        return statement

    def send(self, *statements: dict[str, Any]) -> Any:
        body = statements[0] if len(statements) == 1 else list(statements)
        return self.client.post(
            f"{self.endpoint}statements",
            json.dumps(body),
            content_type="application/json",
            headers=self.headers(),
        )

    # The statements of a unit that follows the rules.
    def initialized(self) -> dict[str, Any]:
        return self.statement(v.INITIALIZED)

    def completed(self) -> dict[str, Any]:
        return self.statement(v.COMPLETED, {"completion": True, "duration": "PT30S"})

    def passed(self, scaled: float = 0.9) -> dict[str, Any]:
        result = {"success": True, "score": {"scaled": scaled}, "duration": "PT60S"}
        return self.statement(v.PASSED, result)

    def failed(self, scaled: float = 0.5) -> dict[str, Any]:
        result = {"success": False, "score": {"scaled": scaled}, "duration": "PT60S"}
        return self.statement(v.FAILED, result)

    def terminated(self) -> dict[str, Any]:
        return self.statement(v.TERMINATED, {"duration": "PT90S"})
