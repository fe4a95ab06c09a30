"""Checking a skills framework file: code, name, parent code, description.

Parents may come later in the file than their children, or already be in Mainspring.
A parent chain that loops (A under B under A) is refused, naming the chain. Importing
again updates skills by code; skills missing from the file are left alone (a skill may
be linked to roles, needs and content, so it is never removed by an import).

Nothing here touches the database: the caller passes the skills Mainspring holds and
gets a :class:`SkillPlan`; ``actions.catalogue.apply_skill_plan`` writes it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from mainspring.org.imports import Cell, FieldSpec, RowError, Table, cell_text

SKILL_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "code",
        "Code",
        True,
        ("code", "skill code", "skill id", "id", "key"),
        "Letters, digits, hyphens and underscores (a-z, 0-9, -, _).",
    ),
    FieldSpec("name", "Name", True, ("name", "skill", "skill name", "title", "label")),
    FieldSpec(
        "parent",
        "Parent code",
        False,
        ("parent", "parent code", "parent skill", "parent id", "group", "category code"),
        "The code of the skill that groups this one (in the file or in Mainspring).",
    ),
    FieldSpec("description", "Description", False, ("description", "definition", "summary")),
)

_CODE = re.compile(r"[-a-zA-Z0-9_]+")
MAX_CODE, MAX_NAME = 64, 200  # Skill.code and Skill.name


@dataclass(frozen=True, slots=True)
class SkillValues:
    code: str
    name: str
    parent_code: str
    description: str


@dataclass(slots=True)
class SkillPlan:
    total_rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_rows: set[int] = field(default_factory=set)
    valid: list[SkillValues] = field(default_factory=list)  # parents before children
    created: list[str] = field(default_factory=list)
    updated: dict[str, list[str]] = field(default_factory=dict)
    unchanged: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def counts(self) -> dict[str, int]:
        """Return the headline numbers of the plan (the people import's keys)."""
        return {
            "rows": self.total_rows,
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "deactivated": 0,
            "invalid_rows": len(self.error_rows),
            "errors": len(self.errors),
        }


def plan_skill_import(  # noqa: PLR0912, PLR0915  (one pass over the rows reads best)
    table: Table, mapping: Mapping[str, str], existing: Mapping[str, SkillValues]
) -> SkillPlan:
    """Check a skills file and plan its changes; valid skills come parents first."""
    plan = SkillPlan(total_rows=len(table.rows))
    index = {h: i for i, h in enumerate(table.headers)}
    col = {name: index[mapping[name]] for name in mapping if mapping.get(name) in index}
    labels = {spec.name: mapping.get(spec.name) or spec.label for spec in SKILL_FIELDS}

    def get(row: list[Cell], name: str) -> str:
        i = col.get(name)
        return cell_text(row[i]) if i is not None and i < len(row) else ""

    def fail(row_no: int, name: str, message: str, value: str = "") -> None:
        plan.errors.append(RowError(row_no, labels.get(name, name), message, value))
        plan.error_rows.add(row_no)

    rows: dict[str, tuple[int, SkillValues]] = {}
    for offset, row in enumerate(table.rows):
        row_no = offset + 2
        code, name, parent = get(row, "code"), get(row, "name"), get(row, "parent")
        if not code:
            fail(row_no, "code", "the code is missing.")
        elif not _CODE.fullmatch(code) or len(code) > MAX_CODE:
            fail(
                row_no,
                "code",
                f"'{code}' is not a code: use up to {MAX_CODE} letters, digits, - or _.",
                code,
            )
        elif code in rows:
            fail(row_no, "code", f"code '{code}' already appears on row {rows[code][0]}.", code)
        if not name:
            fail(row_no, "name", "the name is missing.")
        elif len(name) > MAX_NAME:
            fail(row_no, "name", f"longer than {MAX_NAME} characters.", name[:60])
        if parent and parent == code:
            fail(row_no, "parent", "a skill cannot be its own parent.", parent)
        if code and code not in rows and _CODE.fullmatch(code):
            rows[code] = (row_no, SkillValues(code, name, parent, get(row, "description")))

    parent_of = {c: s.parent_code for c, s in existing.items()}
    for code, (_row_no, skill) in rows.items():
        parent_of[code] = skill.parent_code
    for code, (row_no, skill) in rows.items():
        if row_no in plan.error_rows or not skill.parent_code:
            continue
        if skill.parent_code not in parent_of:
            fail(
                row_no,
                "parent",
                f"no skill has the code '{skill.parent_code}' (in this file or in Mainspring).",
                skill.parent_code,
            )
            continue
        seen = [code]
        node = skill.parent_code
        while node:
            if node in seen:
                chain = " → ".join([*seen[seen.index(node) :], node])
                fail(row_no, "parent", f"the parent chain loops: {chain}.", skill.parent_code)
                break
            seen.append(node)
            node = parent_of.get(node, "")
    # A child whose parent's row has errors cannot be written either.
    changed = True
    while changed:
        changed = False
        for row_no, skill in rows.values():
            parent_row = rows.get(skill.parent_code)
            if (
                row_no not in plan.error_rows
                and parent_row is not None
                and parent_row[0] in plan.error_rows
            ):
                fail(
                    row_no,
                    "parent",
                    f"the parent '{skill.parent_code}' is on a row with errors.",
                    skill.parent_code,
                )
                changed = True
    good = {c: s for c, (r, s) in rows.items() if r not in plan.error_rows}
    for skill in _parents_first(good):
        plan.valid.append(skill)
        old = existing.get(skill.code)
        if old is None:
            plan.created.append(skill.code)
        elif old != skill:
            plan.updated[skill.code] = [
                f
                for f in ("name", "parent_code", "description")
                if getattr(old, f) != getattr(skill, f)
            ]
        else:
            plan.unchanged.append(skill.code)
    plan.errors.sort(key=lambda e: (e.row, e.column))
    return plan


def _parents_first(skills: Mapping[str, SkillValues]) -> list[SkillValues]:
    out: list[SkillValues] = []
    done: set[str] = set()
    for code in skills:
        stack: list[str] = []
        node = code
        # Walk up to the first ancestor already placed (or outside the batch), then place
        # the walked chain top down. The checks above guarantee there is no loop.
        while node in skills and node not in done and node not in stack:
            stack.append(node)
            node = skills[node].parent_code
        for member in reversed(stack):
            done.add(member)
            out.append(skills[member])
    return out
