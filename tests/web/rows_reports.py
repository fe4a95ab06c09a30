"""Role x URL rows for reports."""

from __future__ import annotations

from tests.web.matrix import Row

ROWS: list[Row] = []
