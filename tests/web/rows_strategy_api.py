"""Role x URL rows for the strategy REST API and the KPI observation import wizard."""

from __future__ import annotations

from tests.web.matrix import Row

ROWS: list[Row] = []
