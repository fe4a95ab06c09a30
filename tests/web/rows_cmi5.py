"""Role x URL rows for cmi5 launch (course structures, units, launch and fetch)."""

from __future__ import annotations

from tests.web.matrix import Row

ROWS: list[Row] = []
