"""Role x URL rows for strategy checks, readiness and the first-60-days plan."""

from __future__ import annotations

from tests.web.matrix import NONE, Row, everyone, only

ROWS: list[Row] = [
    Row("strategy:checks", NONE, only({"leader": 200, "staff": 200, "executive": 200})),
    Row("strategy:first-days", NONE, only({"leader": 200, "staff": 200})),
    # Writes are POST only; a GET is refused before anyone's role is looked at.
    Row("strategy:first-days-start", NONE, everyone(405)),
    Row("strategy:first-days-tick", NONE, everyone(405)),
]
