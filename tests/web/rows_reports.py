"""Role x URL rows for reports.

L&D and executives read the reports; only L&D write plans and notes. Stakeholders get
403 on every report, their own units' programs included: a program's figures cover
every unit it reaches. Learners get 403.
"""

from __future__ import annotations

from tests.web.matrix import NONE, Row, everyone, only

READERS = {"leader": 200, "staff": 200, "executive": 200}
SUMMARY = lambda c, j: {"kind": "summary"}  # noqa: E731

ROWS: list[Row] = [
    Row("reports:index", NONE, only(READERS)),
    Row("reports:plans", NONE, only(READERS)),
    Row("reports:report", SUMMARY, only(READERS), "summary"),
    Row("reports:report", lambda c, j: {"kind": "program"}, only(READERS), "program"),
    Row("reports:report", lambda c, j: {"kind": "operations"}, only(READERS), "operations"),
    Row("reports:report", lambda c, j: {"kind": "nonsense"}, only(dict.fromkeys(READERS, 404)),
        "unknown"),
    Row("reports:report-pdf", SUMMARY, only(READERS)),
    Row("reports:report-xlsx", SUMMARY, only(READERS)),
    # Saving a note writes: POST only.
    Row("reports:note-save", SUMMARY, everyone(405)),
]  # fmt: skip
