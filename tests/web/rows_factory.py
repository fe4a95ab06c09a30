"""Role x URL rows for factory."""

from __future__ import annotations

from tests.web.matrix import Row

ROWS: list[Row] = []
