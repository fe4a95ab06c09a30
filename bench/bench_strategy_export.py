"""Benchmark strategy exports: time DOCX, PDF and Markdown of a long strategy document.

Builds a synthetic document (no database needed): nine sections of long narrative
with headings and lists, a table of many rows per section and KPI charts, then renders
it in each format and prints seconds, size and (for PDF) pages.

    .venv/bin/python bench/bench_strategy_export.py           # about 40 PDF pages, 12 charts
    .venv/bin/python bench/bench_strategy_export.py --quick   # about 12 pages, 3 charts
"""

from __future__ import annotations

import argparse
import sys
import time

from mainspring.strategy import exports
from mainspring.strategy.document import (
    Chart,
    Document,
    Section,
    Summary,
    Table,
)

PARAGRAPH = (
    "Our depots lose hours every week to incidents that better load securing would avoid. "
    "The **operations** team measures them monthly; the *sales* team feels them as late "
    "deliveries and unhappy customers. Learning alone will not fix the roster, but it can "
    "close the skill gap the incident reviews keep naming."
)


def narrative(paragraphs: int) -> str:
    parts = []
    for i in range(paragraphs):
        if i % 4 == 0:
            parts.append(f"## Theme {i // 4 + 1}")
        parts.append(PARAGRAPH)
        if i % 3 == 0:
            parts.append("- A first point\n- A second point with **weight**\n- A third point")
    return "\n\n".join(parts)


def build(paragraphs: int, rows: int, charts: int) -> Document:
    table = Table(
        caption="Learning needs",
        columns=("Goal", "Need", "Gap", "Audience", "KPI", "Priority"),
        rows=tuple(
            (f"Goal {r % 5}", f"Need number {r}", "Skill", "Depot drivers", "Incidents", "High")
            for r in range(rows)
        ),
    )
    sections = []
    for n in range(1, 10):
        blocks: list[Table | Chart] = [table]
        if n == 2:
            blocks += [
                Chart(
                    caption=f"KPI {k}: company trend with baseline and target",
                    title=f"KPI {k}",
                    unit="%",
                    series=tuple((f"2025-{m:02d}", 40 + m * (k % 4 + 1)) for m in range(1, 13)),
                    baseline=40,
                    target=80,
                )
                for k in range(charts)
            ]
        sections.append(
            Section(
                key=f"s{n}",
                number=n,
                title=f"Section {n}",
                narrative=narrative(paragraphs),
                blocks=tuple(blocks),
            )
        )
    return Document(
        title="Learning strategy",
        organisation="Northwind Freight",
        version=3,
        status="draft",
        created_at="2026-01-01T00:00:00+00:00",
        approved_by="",
        approved_at="",
        change_summary="A long document for timing.",
        as_of="2026-01-01T00:00:00+00:00",
        sections=tuple(sections),
        summary=Summary(
            vision=PARAGRAPH, goals=table, priorities=table, milestones=table, evaluation="-"
        ),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a short document, 3 charts")
    args = parser.parse_args(argv)
    doc = build(3, 10, 3) if args.quick else build(16, 50, 12)
    for fmt in ("md", "docx", "pdf"):
        for summary in (False, True):
            start = time.perf_counter()
            rendered = exports.render(doc, fmt, summary=summary)
            seconds = time.perf_counter() - start
            pages = f"{rendered.pages:4d} pages" if rendered.pages else "          "
            kind = "summary " if summary else "document"
            print(
                f"export {fmt:4s} {kind} {seconds:7.2f} s  {pages}  "
                f"{len(rendered.content) / 1024:9.1f} KB"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
