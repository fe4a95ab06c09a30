"""Role x URL rows for records: LRS connections (clients), the learning leader's alone."""

from __future__ import annotations

from typing import Any

from mainspring.records.http import create_client
from mainspring.records.models import LrsClient
from tests.conftest import Cast
from tests.web.matrix import NONE, Row, everyone, only


def _client(c: Cast, j: Any) -> dict[str, Any]:
    found = LrsClient.objects.filter(name="Matrix LMS").first()
    if found is None:
        found, _ = create_client(actor=None, name="Matrix LMS", scopes=[])
    return {"pk": found.pk}


ROWS: list[Row] = [
    Row("records:client-list", NONE, only({"leader": 200})),
    Row("records:client-detail", _client, only({"leader": 200})),
    Row("records:client-rotate", _client, everyone(405)),
]
