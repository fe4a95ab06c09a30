"""The learning strategy as a document: plain values, Markdown text and version diffs.

A :class:`Document` is everything a strategy version says, its narrative and its live
content (tables, KPI charts), already read from the database. Every output (the web
page, Markdown, DOCX, PDF, the executive summary) renders from it, and an approved
version is stored as its JSON (:func:`to_json`), so it reads the same forever.
:func:`diff_documents` compares two versions section by section on their Markdown.
"""

from __future__ import annotations

import difflib
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

SCHEMA = 1  # bump when the JSON shape changes; from_json refuses what it cannot read
EMPTY = "Nothing recorded yet."


@dataclass(frozen=True, slots=True)
class Table:
    """A table of text cells; ``columns`` are the headings."""

    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    empty: str = EMPTY
    kind: Literal["table"] = "table"


@dataclass(frozen=True, slots=True)
class Chart:
    """A KPI trend: (period label, value) points with optional baseline and target."""

    caption: str
    title: str
    unit: str
    series: tuple[tuple[str, float], ...]
    baseline: float | None = None
    target: float | None = None
    kind: Literal["chart"] = "chart"


@dataclass(frozen=True, slots=True)
class Note:
    """A paragraph of generated text (plain, not Markdown)."""

    text: str
    kind: Literal["note"] = "note"


Block = Table | Chart | Note


@dataclass(frozen=True, slots=True)
class Section:
    """One of the nine sections: the leader's narrative (Markdown) and live blocks."""

    key: str
    number: int
    title: str
    narrative: str
    blocks: tuple[Block, ...] = ()


@dataclass(frozen=True, slots=True)
class Summary:
    """What the one-page executive summary says."""

    vision: str
    goals: Table
    priorities: Table
    milestones: Table
    evaluation: str


@dataclass(frozen=True, slots=True)
class Document:
    """A whole strategy version, ready to render."""

    title: str
    organisation: str
    version: int
    status: str  # "draft" or "approved"
    created_at: str  # ISO dates, so the JSON round-trips exactly
    approved_by: str
    approved_at: str
    change_summary: str
    as_of: str  # when the live content was read
    sections: tuple[Section, ...]
    summary: Summary
    schema: int = field(default=SCHEMA)

    @property
    def status_label(self) -> str:
        if self.status == "approved":
            return f"Approved by {self.approved_by or 'an unknown user'} on {self.approved_at[:10]}"
        return f"Draft, live data as of {self.as_of[:10]}"


# ----------------------------------------------------------------------------- JSON


def to_json(document: Document) -> dict[str, Any]:
    """Return the document as JSON-ready values (what an approved version stores)."""
    return asdict(document)


def _block(data: dict[str, Any]) -> Block:
    kind = data.get("kind")
    if kind == "table":
        return _table(data)
    if kind == "chart":
        return Chart(
            caption=data["caption"],
            title=data["title"],
            unit=data["unit"],
            series=tuple((str(p), float(v)) for p, v in data["series"]),
            baseline=data.get("baseline"),
            target=data.get("target"),
        )
    if kind == "note":
        return Note(text=data["text"])
    raise ValueError(f"Unknown block kind {kind!r} in a stored strategy.")


def _table(data: dict[str, Any]) -> Table:
    return Table(
        caption=data["caption"],
        columns=tuple(data["columns"]),
        rows=tuple(tuple(r) for r in data["rows"]),
        empty=data.get("empty", EMPTY),
    )


def from_json(data: dict[str, Any]) -> Document:
    """Rebuild a document stored by :func:`to_json`.

    Raises:
        ValueError: when the data has another schema or an unknown block.
    """
    if data.get("schema") != SCHEMA:
        raise ValueError(f"Stored strategy has schema {data.get('schema')!r}, not {SCHEMA}.")
    summary = data["summary"]
    return Document(
        title=data["title"],
        organisation=data["organisation"],
        version=data["version"],
        status=data["status"],
        created_at=data["created_at"],
        approved_by=data["approved_by"],
        approved_at=data["approved_at"],
        change_summary=data["change_summary"],
        as_of=data["as_of"],
        sections=tuple(
            Section(
                key=s["key"],
                number=s["number"],
                title=s["title"],
                narrative=s["narrative"],
                blocks=tuple(_block(b) for b in s["blocks"]),
            )
            for s in data["sections"]
        ),
        summary=Summary(
            vision=summary["vision"],
            goals=_table(summary["goals"]),
            priorities=_table(summary["priorities"]),
            milestones=_table(summary["milestones"]),
            evaluation=summary["evaluation"],
        ),
    )


# ----------------------------------------------------------------------------- Markdown


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ") or " "


def table_markdown(table: Table) -> str:
    """Render a table as a GitHub-style Markdown table under its caption."""
    lines = [f"**{table.caption}**", ""]
    if not table.rows:
        return "\n".join([*lines, f"_{table.empty}_"])
    lines.append("| " + " | ".join(_cell(c) for c in table.columns) + " |")
    lines.append("|" + "---|" * len(table.columns))
    lines.extend("| " + " | ".join(_cell(c) for c in row) + " |" for row in table.rows)
    return "\n".join(lines)


def chart_markdown(chart: Chart) -> str:
    """Describe a chart in text: Markdown has no charts, so give the numbers that matter."""
    unit = f" {chart.unit}" if chart.unit else ""
    if not chart.series:
        return f"**{chart.caption}**\n\n_No values recorded yet._"
    first, last = chart.series[0], chart.series[-1]
    parts = [
        f"{len(chart.series)} periods from {first[0]} to {last[0]}",
        f"first {number(first[1])}{unit}",
        f"latest {number(last[1])}{unit}",
    ]
    if chart.baseline is not None:
        parts.append(f"baseline {number(chart.baseline)}{unit}")
    if chart.target is not None:
        parts.append(f"target {number(chart.target)}{unit}")
    return f"**{chart.caption}**\n\n" + "; ".join(parts) + "."


def block_markdown(block: Block) -> str:
    """Render one block as Markdown."""
    if isinstance(block, Table):
        return table_markdown(block)
    if isinstance(block, Chart):
        return chart_markdown(block)
    return block.text


def section_markdown(section: Section) -> str:
    """Render one section: heading, narrative, then its live content."""
    parts = [f"## {section.number}. {section.title}"]
    parts.append(section.narrative.strip() or "_This section has no narrative yet._")
    parts.extend(block_markdown(b) for b in section.blocks)
    return "\n\n".join(parts)


def to_markdown(document: Document) -> str:
    """Render the whole document as Markdown, title block first."""
    head = [
        f"# {document.title}",
        f"{document.organisation} · version {document.version} · {document.status_label}",
    ]
    if document.change_summary.strip():
        head.append(f"> {document.change_summary.strip()}")
    contents = ["**Contents**", ""] + [f"{s.number}. {s.title}" for s in document.sections]
    body = [section_markdown(s) for s in document.sections]
    return "\n\n".join([*head, "\n".join(contents), *body]) + "\n"


def summary_markdown(document: Document) -> str:
    """Render the one-page executive summary as Markdown."""
    summary = document.summary
    parts = [
        f"# {document.title}: executive summary",
        f"{document.organisation} · version {document.version} · {document.status_label}",
        "## Vision",
        summary.vision or "_No vision written yet._",
        table_markdown(summary.goals),
        table_markdown(summary.priorities),
        table_markdown(summary.milestones),
        "## How we will know",
        summary.evaluation,
    ]
    return "\n\n".join(parts) + "\n"


def number(value: float | None, places: int = 2) -> str:
    """Format a number for people: thousands separators, no trailing zeros, '-' for none."""
    if value is None:
        return "-"
    text = f"{value:,.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def first_paragraph(markdown: str) -> str:
    """Return the first non-heading paragraph of a Markdown text."""
    for chunk in markdown.strip().split("\n\n"):
        text = chunk.strip()
        if text and not text.startswith("#"):
            return text
    return ""


# ----------------------------------------------------------------------------- diff


@dataclass(frozen=True, slots=True)
class DiffLine:
    op: Literal["same", "added", "removed"]
    text: str


@dataclass(frozen=True, slots=True)
class SectionDiff:
    key: str
    title: str
    changed: bool
    lines: tuple[DiffLine, ...]
    added: int
    removed: int


def diff_documents(old: Document, new: Document, *, context: int = 2) -> list[SectionDiff]:
    """Compare two versions section by section, line by line on their Markdown.

    Unchanged runs longer than ``2 * context`` lines are cut to their edges, so a
    long section with one edit shows the edit with a little of what surrounds it.
    """
    old_sections = {s.key: s for s in old.sections}
    result = []
    for section in new.sections:
        before = old_sections.get(section.key)
        a = section_markdown(before).splitlines() if before else []
        b = section_markdown(section).splitlines()
        lines: list[DiffLine] = []
        added = removed = 0
        matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                run = a[i1:i2]
                if len(run) > 2 * context:
                    run = [*run[:context], "…", *run[-context:]] if context else ["…"]
                lines.extend(DiffLine("same", t) for t in run)
                continue
            lines.extend(DiffLine("removed", t) for t in a[i1:i2])
            lines.extend(DiffLine("added", t) for t in b[j1:j2])
            removed += i2 - i1
            added += j2 - j1
        result.append(
            SectionDiff(
                key=section.key,
                title=f"{section.number}. {section.title}",
                changed=bool(added or removed),
                lines=tuple(lines),
                added=added,
                removed=removed,
            )
        )
    return result
