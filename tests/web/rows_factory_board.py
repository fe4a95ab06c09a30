"""Role x URL rows for the learning manager's board (the factory's root)."""

from __future__ import annotations

from tests.web.matrix import NONE, Row, only

# Stakeholders have no board: they are sent on to their requests.
ROWS: list[Row] = [
    Row(
        "factory:index",
        NONE,
        only({"leader": 200, "staff": 200, "executive": 200, "stakeholder": 302}),
    ),
]
