"""Role x URL rows for strategy exports (DOCX, PDF, Markdown, executive summary)."""

from __future__ import annotations

from tests.web.matrix import Row

ROWS: list[Row] = []
