"""Every change to budgets, cost entries and loaded rates: atomic, with an actor."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from mainspring.experiences.models import Program
from mainspring.factory.actions import Error
from mainspring.factory.models import (
    BudgetLine,
    CostCategory,
    CostEntry,
    CostImport,
    CostSource,
    LoadedRate,
)
from mainspring.org.models import JobRole, User

EARLIEST = date(2000, 1, 1)
# Costs are booked when incurred; a prepaid invoice may carry next year's date, no later.
AHEAD = timedelta(days=366)
MAX_AMOUNT = Decimal("999999999999.99")  # what the field holds (14 digits, 2 decimals)
MAX_RATE = Decimal("999999.99")


def entry_problems(*, on: date | None, amount: Decimal | None, today: date) -> dict[str, str]:
    """What is wrong with a cost entry's date and amount, by field name (empty when fine)."""
    problems: dict[str, str] = {}
    if amount is None:
        problems["amount"] = "Enter the amount."
    elif amount <= 0:
        problems["amount"] = "Enter an amount above zero; to correct a cost, edit or delete it."
    elif amount > MAX_AMOUNT:
        problems["amount"] = "That amount is too large for the ledger."
    elif amount != amount.quantize(Decimal("0.01")):
        problems["amount"] = "Use at most two decimals (cents)."
    if on is None:
        problems["date"] = "Enter the date the cost was incurred."
    elif on < EARLIEST:
        problems["date"] = f"Enter a date from {EARLIEST:%Y} on."
    elif on > today + AHEAD:
        problems["date"] = "Enter a date at most a year ahead of today."
    return problems


def _check_entry(on: date, amount: Decimal, category: str, today: date) -> None:
    problems = entry_problems(on=on, amount=amount, today=today)
    if category not in CostCategory.values:
        problems["category"] = "Choose a cost category from the list."
    if problems:
        raise ValidationError(problems)


def create_cost_entry(
    *,
    actor: User | None,
    on: date,
    program: Program | None,
    category: str,
    amount: Decimal,
    vendor: str = "",
    description: str = "",
    reference: str = "",
    today: date | None = None,
) -> CostEntry:
    """Book one actual cost (``program`` None for a shared, department-wide cost).

    Raises:
        ValidationError: by field, when the amount is not above zero or the date is out
            of reason (before 2000 or more than a year ahead), or the category unknown.
    """
    _check_entry(on, amount, category, today or date.today())  # noqa: DTZ011  (a calendar day)
    with transaction.atomic():
        entry = CostEntry(
            date=on,
            program=program,
            category=category,
            amount=amount,
            vendor=vendor.strip(),
            description=description.strip(),
            reference=reference.strip(),
            source=CostSource.MANUAL,
            created_by=actor,
        )
        entry._history_user = actor  # type: ignore[attr-defined]  # read by simple-history
        entry.save()
    return entry


def update_cost_entry(
    *,
    actor: User | None,
    entry: CostEntry,
    on: date,
    program: Program | None,
    category: str,
    amount: Decimal,
    vendor: str = "",
    description: str = "",
    reference: str = "",
    today: date | None = None,
) -> CostEntry:
    """Correct a cost entry; its history keeps the earlier values.

    Raises:
        ValidationError: as :func:`create_cost_entry`.
    """
    _check_entry(on, amount, category, today or date.today())  # noqa: DTZ011  (a calendar day)
    with transaction.atomic():
        entry.date, entry.program, entry.category, entry.amount = on, program, category, amount
        entry.vendor, entry.description = vendor.strip(), description.strip()
        entry.reference = reference.strip()
        entry._history_user = actor  # type: ignore[attr-defined]  # read by simple-history
        entry.save()
    return entry


def delete_cost_entry(*, actor: User | None, entry: CostEntry) -> None:
    """Remove a cost entry; its history records who removed it."""
    with transaction.atomic():
        entry._history_user = actor  # type: ignore[attr-defined]  # read by simple-history
        entry.delete()


@dataclass(frozen=True, slots=True)
class ImportedCost:
    """One checked row of a cost import."""

    on: date
    program_id: int | None
    category: str
    amount: Decimal
    vendor: str
    description: str
    reference: str


def _book_imported(
    *, actor: User | None, rows: Sequence[ImportedCost], batch: CostImport | None
) -> int:
    entries = [
        CostEntry(
            date=row.on,
            program_id=row.program_id,
            category=row.category,
            amount=row.amount,
            vendor=row.vendor,
            description=row.description,
            reference=row.reference,
            source=CostSource.IMPORT,
            created_by=actor,
            batch=batch,
        )
        for row in rows
    ]
    bulk_create_with_history(
        entries, CostEntry, default_user=actor, default_change_reason="CSV import"
    )
    return len(entries)


def import_costs(*, actor: User | None, rows: Sequence[ImportedCost]) -> int:
    """Book checked rows (from the command line) in one transaction; returns how many."""
    with transaction.atomic():
        return _book_imported(actor=actor, rows=rows, batch=None)


def upload_cost_import(
    *, actor: User | None, name: str, content: bytes, total_rows: int
) -> CostImport:
    """Keep a checked file until someone applies it after the preview."""
    with transaction.atomic():
        return CostImport.objects.create(
            original_name=name[:255], content=content, total_rows=total_rows, created_by=actor
        )


def apply_cost_import(
    *, actor: User | None, batch: CostImport, rows: Sequence[ImportedCost]
) -> int:
    """Book a previewed file's rows, once: a second apply (double click) books nothing.

    Raises:
        Error: when the file was applied already.
    """
    with transaction.atomic():
        claimed = CostImport.objects.filter(pk=batch.pk, applied_at__isnull=True).update(
            applied_at=timezone.now(), applied_rows=len(rows)
        )
        if claimed != 1:
            raise Error(f"'{batch.original_name}' was imported already.")
        return _book_imported(actor=actor, rows=rows, batch=batch)


def save_budget_line(
    *,
    actor: User | None,
    year: int,
    program: Program | None,
    category: str,
    amount: Decimal,
    phasing: Sequence[Decimal] | None = None,
    notes: str = "",
) -> BudgetLine | None:
    """Set the plan for a year, program (None: shared) and category.

    ``phasing`` is twelve month amounts adding up to ``amount``; None spreads it evenly.
    An amount of zero without phasing removes the line. Returns the line, or None when
    removed.

    Raises:
        ValidationError: by field, when the amount is negative, the year out of reason,
            or the phasing does not have twelve amounts adding up to the total.
    """
    problems: dict[str, str] = {}
    if not 2000 <= year <= 2100:  # noqa: PLR2004  (a year of reason)
        problems["year"] = "Enter a year between 2000 and 2100."
    if amount < 0:
        problems["amount"] = "Enter zero or more."
    if phasing is not None:
        if len(phasing) != 12 or any(value < 0 for value in phasing):  # noqa: PLR2004
            problems["phasing"] = "Enter twelve month amounts, none below zero."
        elif sum(phasing, Decimal(0)) != amount:
            problems["phasing"] = (
                f"The months add up to {sum(phasing, Decimal(0)):,.2f}, "
                f"not the year's {amount:,.2f}."
            )
    if category not in CostCategory.values:
        problems["category"] = "Choose a cost category from the list."
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        # ordered by pk: the default ordering joins programs, and PostgreSQL cannot lock
        # the nullable side of that outer join
        line = (
            BudgetLine.objects.select_for_update()
            .filter(year=year, program=program, category=category)
            .order_by("pk")
            .first()
        )
        if amount == 0 and not phasing:
            if line is not None:
                line._history_user = actor  # type: ignore[attr-defined]  # read by simple-history
                line.delete()
            return None
        if line is None:
            line = BudgetLine(year=year, program=program, category=category)
        line.amount = amount
        line.phasing = [str(value) for value in phasing] if phasing is not None else []
        line.notes = notes.strip()
        line._history_user = actor  # type: ignore[attr-defined]  # read by simple-history
        line.save()
    return line


def set_loaded_rate(
    *, actor: User | None, job_role: JobRole | None, hourly_rate: Decimal | None
) -> LoadedRate | None:
    """Set (or, with None, remove) a job role's hourly loaded rate; no role: the default.

    Raises:
        ValidationError: when the rate is not above zero or too large.
    """
    if hourly_rate is not None and not Decimal(0) < hourly_rate <= MAX_RATE:
        raise ValidationError({"hourly_rate": "Enter an hourly rate above zero."})
    with transaction.atomic():
        qs = LoadedRate.objects.select_for_update().order_by("pk")  # no join to lock (above)
        rate = (
            qs.filter(is_default=True) if job_role is None else qs.filter(job_role=job_role)
        ).first()
        if hourly_rate is None:
            if rate is not None:
                rate._history_user = actor  # type: ignore[attr-defined]  # read by simple-history
                rate.delete()
            return None
        if rate is None:
            rate = LoadedRate(job_role=job_role, is_default=job_role is None)
        rate.hourly_rate = hourly_rate
        rate._history_user = actor  # type: ignore[attr-defined]  # read by simple-history
        rate.save()
    return rate
