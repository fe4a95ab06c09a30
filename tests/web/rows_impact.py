"""Role x URL rows for impact (evaluation plans, surveys, studies, ROI, reports)."""

from __future__ import annotations

from tests.web.matrix import Row

ROWS: list[Row] = []
