"""Checking LMS completion files: plain values in, a plan of progress changes out.

A completion file has one row per person and activity::

    person,activity,status,score,completed on
    P-0042,https://lms.example.com/xapi/activities/load-securing,passed,86,2026-03-02
    ann@example.com,LMS-1001,completed,,2026-03-04

``person`` is a person's HRIS id or, failing that, their e-mail address.
``activity`` is resolved in this order, the first that matches wins:

1. ``step:<id>`` names one step of a path directly (the id shown on the path's page);
2. the xAPI activity id of a catalogue item;
3. the external id of a catalogue item (the LMS's or vendor's course id); an id used
   by items of several libraries is refused as ambiguous.

A catalogue item counts for every step that delivers it on a path the person is
enrolled on (active or completed); a row whose person is on no such path is an
error, so nothing is silently dropped. When the same person and step appear twice,
the later row wins. ``status`` takes the words LMSs use (completed, passed, failed,
incomplete, not attempted, waived...); ``score`` is a percentage from 0 to 100.

Nothing here touches the database: the caller passes :class:`ExistingCompletions`
and gets a :class:`CompletionPlan`; ``actions.enrolments.apply_completion_plan``
writes it in one transaction. Row numbers are a spreadsheet's: the header is row 1.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from mainspring.org.imports import (
    Cell,
    FieldSpec,
    Progress,
    RowError,
    Table,
    cell_text,
    parse_date,
)

# The values of ``models.ProgressStatus``; this module does not import models (a test
# checks they agree).
NOT_STARTED, IN_PROGRESS = "not_started", "in_progress"
COMPLETED, PASSED, FAILED, WAIVED = "completed", "passed", "failed", "waived"
DONE = frozenset({COMPLETED, PASSED, WAIVED})

COMPLETION_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "person",
        "Person",
        True,
        (
            "person",
            "hris id",
            "employee id",
            "employee number",
            "learner",
            "learner id",
            "user",
            "user id",
            "email",
            "e-mail",
        ),
        "A person's HRIS id, or their e-mail address.",
    ),
    FieldSpec(
        "activity",
        "Activity",
        True,
        (
            "activity",
            "activity id",
            "course",
            "course id",
            "course code",
            "item",
            "item id",
            "content id",
            "object id",
            "xapi activity id",
            "step",
        ),
        "step:<id>, an xAPI activity id, or a catalogue item's external id.",
    ),
    FieldSpec(
        "status",
        "Status",
        True,
        ("status", "completion status", "lesson status", "result", "state"),
        "completed, passed, failed, in progress, not started or waived (and LMS synonyms).",
    ),
    FieldSpec("score", "Score", False, ("score", "score %", "grade", "percent", "result score")),
    FieldSpec(
        "completed_on",
        "Completed on",
        False,
        ("completed on", "completion date", "date completed", "completed", "finished", "date"),
        "The day of completion; blank means the day of the import.",
    ),
)

_STATUS_WORDS: dict[str, str] = {
    **dict.fromkeys(("completed", "complete", "done", "finished", "attended"), COMPLETED),
    **dict.fromkeys(("passed", "pass", "satisfied"), PASSED),
    **dict.fromkeys(("failed", "fail", "not passed", "unsatisfied"), FAILED),
    **dict.fromkeys(
        ("in progress", "incomplete", "started", "attempted", "browsed", "ongoing"), IN_PROGRESS
    ),
    **dict.fromkeys(
        ("not started", "not attempted", "registered", "enrolled", "assigned"), NOT_STARTED
    ),
    **dict.fromkeys(("waived", "exempt", "exempted"), WAIVED),
}
_STEP_REF = re.compile(r"step[:\- ]\s*(\d+)", re.IGNORECASE)


@dataclass(slots=True)
class ExistingCompletions:
    """What the database holds that a completions file names, as plain values."""

    person_by_hris: dict[str, int] = field(default_factory=dict)
    person_by_email: dict[str, int] = field(default_factory=dict)  # lower-cased
    item_by_xapi: dict[str, int] = field(default_factory=dict)
    items_by_external: dict[str, list[int]] = field(default_factory=dict)
    step_path: dict[int, int] = field(default_factory=dict)
    steps_by_item: dict[int, list[int]] = field(default_factory=dict)
    # (person id, path id) -> enrolment id, for enrolments not withdrawn
    enrolment_of: dict[tuple[int, int], int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ProgressChange:
    row: int
    enrolment_id: int
    step_id: int
    status: str
    score: float | None
    completed_on: date | None


@dataclass(slots=True)
class CompletionPlan:
    total_rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_rows: set[int] = field(default_factory=set)
    changes: list[ProgressChange] = field(default_factory=list)
    unknown_people: set[str] = field(default_factory=set)
    unknown_activities: set[str] = field(default_factory=set)
    people: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    def counts(self) -> dict[str, int]:
        """Return the headline numbers of the plan."""
        return {
            "rows": self.total_rows,
            "progress": len({(c.enrolment_id, c.step_id) for c in self.changes}),
            "people": self.people,
            "invalid_rows": len(self.error_rows),
            "errors": len(self.errors),
        }


def parse_status(cell: Cell) -> str:
    """Read a status in the words LMSs use.

    Raises:
        ValueError: with a message fit to show the user.
    """
    text = re.sub(r"[\s_]+", " ", cell_text(cell).lower()).strip()
    if text in _STATUS_WORDS:
        return _STATUS_WORDS[text]
    if not text:
        raise ValueError("the status is missing.")
    raise ValueError(
        f"'{cell_text(cell)}' is not a status; use completed, passed, failed, "
        "in progress, not started or waived."
    )


def parse_score(cell: Cell) -> float | None:
    """Read a percentage score (``86``, ``86.5``, ``86%``); blank means no score.

    Raises:
        ValueError: with a message fit to show the user.
    """
    text = cell_text(cell).rstrip("%").strip().replace(",", ".")
    if not text:
        return None
    try:
        score = float(text)
    except ValueError:
        raise ValueError(f"'{cell_text(cell)}' is not a number.") from None
    if not 0 <= score <= 100:  # noqa: PLR2004  (a percentage)
        raise ValueError(f"'{cell_text(cell)}' is not a percentage from 0 to 100.")
    return score


def replaces(old: str, new: str) -> bool:
    """Tell whether an imported status may replace a stored one (never undo a done step)."""
    return not (old in DONE and new not in DONE)


def _steps_for(activity: str, existing: ExistingCompletions) -> tuple[list[int], str]:
    """Return the steps an activity names, or an error message."""
    ref = _STEP_REF.fullmatch(activity)
    if ref:
        step_id = int(ref.group(1))
        if step_id in existing.step_path:
            return [step_id], ""
        return [], f"there is no step {step_id}."
    item = existing.item_by_xapi.get(activity)
    if item is None:
        items = existing.items_by_external.get(activity, [])
        if len(items) > 1:
            return [], (
                f"'{activity}' is the external id of {len(items)} catalogue items in "
                "different libraries; use their xAPI activity id or step:<id> instead."
            )
        item = items[0] if items else None
    if item is None:
        return [], f"no step, xAPI activity or catalogue item is called '{activity}'."
    steps = existing.steps_by_item.get(item, [])
    if not steps:
        return [], f"the catalogue item '{activity}' is not a step of any path."
    return steps, ""


def plan_completion_import(  # noqa: PLR0912, PLR0915  (one pass over the rows reads best)
    table: Table,
    mapping: Mapping[str, str],
    existing: ExistingCompletions,
    *,
    today: date,
    date_format: str | None = None,
    progress: Progress | None = None,
) -> CompletionPlan:
    """Check every row of a completions file and work out the progress it records."""
    plan = CompletionPlan(total_rows=len(table.rows))
    index = {h: i for i, h in enumerate(table.headers)}
    col = {name: index[column] for name, column in mapping.items() if column in index}
    labels = {spec.name: mapping.get(spec.name) or spec.label for spec in COMPLETION_FIELDS}

    def get(row: list[Cell], name: str) -> Cell:
        i = col.get(name)
        return row[i] if i is not None and i < len(row) else None

    def fail(row_no: int, name: str, message: str, value: Cell = None) -> None:
        plan.errors.append(RowError(row_no, labels[name], message, cell_text(value)))
        plan.error_rows.add(row_no)

    people: set[int] = set()
    latest: dict[tuple[int, int], ProgressChange] = {}
    for offset, row in enumerate(table.rows):
        row_no = offset + 2
        if progress and offset % 2000 == 0:
            progress(offset, plan.total_rows)
        before = len(plan.errors)
        who = cell_text(get(row, "person"))
        person = existing.person_by_hris.get(who)
        if person is None and who:
            person = existing.person_by_email.get(who.lower())
        if not who:
            fail(row_no, "person", "the person is missing.")
        elif person is None:
            plan.unknown_people.add(who)
            fail(row_no, "person", f"no person has the HRIS id or e-mail '{who}'.", who)
        activity = cell_text(get(row, "activity"))
        steps: list[int] = []
        if not activity:
            fail(row_no, "activity", "the activity is missing.")
        else:
            steps, problem = _steps_for(activity, existing)
            if problem:
                plan.unknown_activities.add(activity)
                fail(row_no, "activity", problem, activity)
        status, score, done_on = NOT_STARTED, None, None
        try:
            status = parse_status(get(row, "status"))
        except ValueError as error:
            fail(row_no, "status", str(error), get(row, "status"))
        try:
            score = parse_score(get(row, "score"))
        except ValueError as error:
            fail(row_no, "score", str(error), get(row, "score"))
        try:
            done_on = parse_date(get(row, "completed_on"), date_format)
        except ValueError as error:
            fail(row_no, "completed_on", str(error), get(row, "completed_on"))
        if done_on is not None and done_on > today:
            fail(row_no, "completed_on", f"{done_on.isoformat()} is in the future.", done_on)
        if len(plan.errors) != before or person is None:
            continue
        enrolled = [
            (existing.enrolment_of[key], step)
            for step in steps
            if (key := (person, existing.step_path[step])) in existing.enrolment_of
        ]
        if not enrolled:
            fail(
                row_no,
                "activity",
                f"'{who}' is not enrolled on any path with '{activity}'; enrol them first.",
                activity,
            )
            continue
        people.add(person)
        for enrolment_id, step in enrolled:
            latest[(enrolment_id, step)] = ProgressChange(
                row_no, enrolment_id, step, status, score, done_on
            )
    if progress:
        progress(plan.total_rows, plan.total_rows)
    plan.changes = list(latest.values())
    plan.people = len(people)
    return plan
