"""Role x URL rows for the strategy document: versions, sections, diff, initiatives."""

from __future__ import annotations

from tests.web.matrix import Row

ROWS: list[Row] = []
