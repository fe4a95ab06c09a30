"""Role x URL rows for records: xapi."""

from __future__ import annotations

from tests.web.matrix import Row

ROWS: list[Row] = []
