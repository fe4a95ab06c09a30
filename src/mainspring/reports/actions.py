"""Every change to plans and report notes goes through here: atomic, with an actor."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from mainspring.experiences.models import Program
from mainspring.org.models import User
from mainspring.reports.measures import Scope
from mainspring.reports.models import MeasurePlan, ReportKind, ReportNote, ScopeKind, plan_slot
from mainspring.reports.queries import plan_scope_q

MAX_NOTE = 5000


class Error(Exception):
    """A change that cannot be made; the message says why, for the person who asked."""


@dataclass(frozen=True, slots=True)
class PlanValues:
    """What the plan grid holds for one measure (and KPI): the year's figure and each month's."""

    measure: str
    kpi_id: int | None
    annual: float | None
    months: tuple[float | None, ...]  # 12 values, January first


def save_plans(
    *, actor: User | None, scope: Scope, year: int, rows: list[PlanValues]
) -> tuple[int, int]:
    """Write a scope's plans for a year: set the cells given, delete the ones left empty.

    Rows not passed are left as they are. Unchanged values are not rewritten (so the
    history shows real changes only).

    Returns:
        (cells written, cells deleted).
    """
    if len(rows) and any(len(r.months) != 12 for r in rows):  # noqa: PLR2004
        raise Error("Each plan row needs twelve months.")
    program_id = scope.program_id if scope.kind == ScopeKind.PROGRAM else None
    unit_id = scope.unit_id if scope.kind == ScopeKind.UNIT else None
    written = deleted = 0
    with transaction.atomic():
        existing = {
            (p.measure, p.slot): p
            for p in MeasurePlan.objects.select_for_update().filter(plan_scope_q(scope), year=year)
        }
        for row in rows:
            for month, value in [(None, row.annual), *enumerate(row.months, start=1)]:
                slot = plan_slot(
                    scope=scope.kind, program_id=program_id, org_unit_id=unit_id,
                    kpi_id=row.kpi_id, year=year, month=month,
                )  # fmt: skip
                plan = existing.get((row.measure, slot))
                if value is None:
                    if plan is not None:
                        plan.delete()
                        deleted += 1
                    continue
                if plan is not None and plan.value == value:
                    continue
                plan = plan or MeasurePlan(
                    measure=row.measure, scope=scope.kind, program_id=program_id,
                    org_unit_id=unit_id, kpi_id=row.kpi_id, year=year, month=month,
                )  # fmt: skip
                plan.value = value
                plan._history_user = actor  # type: ignore[attr-defined]  # read by simple-history
                plan.save()
                written += 1
    return written, deleted


def save_note(
    *, actor: User | None, kind: str, scope: str, year: int, month: int, text: str
) -> ReportNote:
    """Write (or rewrite) the interpretation beside one monthly report.

    Raises:
        Error: for an unknown report kind, a month outside 1-12 or an overlong text.
    """
    if kind not in ReportKind.values:
        raise Error("No such report.")
    if not 1 <= month <= 12:  # noqa: PLR2004
        raise Error("The month must be 1 to 12.")
    kind_of, _, pk = scope.partition(":")
    known = scope == "company" or (
        kind_of == "program" and pk.isdigit() and Program.objects.filter(pk=int(pk)).exists()
    )
    if not known:
        raise Error("A note belongs to the company or to one program.")
    text = text.strip()
    if len(text) > MAX_NOTE:
        raise Error(f"Keep the interpretation under {MAX_NOTE:,} characters.")
    with transaction.atomic():
        note, _ = ReportNote.objects.select_for_update().get_or_create(
            kind=kind, scope=scope, year=year, month=month
        )
        note.text = text
        note.author = actor
        note._history_user = actor  # type: ignore[attr-defined]  # read by simple-history
        note.save()
    return note
