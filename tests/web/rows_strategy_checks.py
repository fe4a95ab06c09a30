"""Role x URL rows for strategy checks, readiness and the first-60-days plan."""

from __future__ import annotations

from tests.web.matrix import Row

ROWS: list[Row] = []
