"""Every change to goals, KPIs, KPI values and needs goes through here: atomic, with an actor."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import transaction
from django.utils import timezone

from mainspring.org.models import JobRole, OrgUnit, Person, User
from mainspring.strategy import imports
from mainspring.strategy.models import (
    KPI,
    BusinessGoal,
    Direction,
    Driver,
    GapType,
    LearningNeed,
    Level,
    Observation,
    Period,
    Priority,
)

log = logging.getLogger(__name__)

BATCH = 2000  # rows handed to one bulk call; Django splits further for SQLite's 999 parameters
KPI_CHUNK = 500  # KPI ids in one IN (...) list

Progress = Callable[[int, int], None]


class Error(Exception):
    """A change that cannot be made, with a message for the user."""


# ----------------------------------------------------------------------------- goals and KPIs


def create_kpi(
    *,
    actor: User | None,
    code: str,
    name: str,
    unit: str = "",
    direction: str = Direction.HIGHER,
    level: str = Level.COMPANY,
    period: str = Period.MONTH,
    definition: str = "",
    baseline: Decimal | None = None,
    baseline_period: date | None = None,
    target: Decimal | None = None,
    target_date: date | None = None,
    unit_value: Decimal | None = None,
    unit_value_source: str = "",
    data_source: str = "",
    reason: str = "",
) -> KPI:
    """Define a KPI; ``baseline_period`` is moved to the first day of its period.

    Raises:
        Error: when the code is not slug-like or is taken (in any letter case).
        ValidationError: when another value does not fit its field.
    """
    code = code.strip()
    try:
        validate_slug(code)
    except ValidationError:
        raise Error(
            f"'{code}' cannot be a KPI code: use letters, digits, '-' and '_' only."
        ) from None
    if KPI.objects.filter(code__iexact=code).exists():
        raise Error(f"A KPI already has the code '{code}'.")
    kpi = KPI(
        code=code,
        name=name.strip(),
        unit=unit.strip(),
        direction=direction,
        level=level,
        period=period,
        definition=definition,
        baseline=baseline,
        baseline_period=(
            imports.period_start(baseline_period, period) if baseline_period else None
        ),
        target=target,
        target_date=target_date,
        unit_value=unit_value,
        unit_value_source=unit_value_source,
        data_source=data_source,
    )
    kpi.full_clean()
    with transaction.atomic():
        kpi._history_user = actor  # type: ignore[attr-defined]  # read by simple-history
        kpi._change_reason = reason  # type: ignore[attr-defined]  # read by simple-history
        kpi.save()
    return kpi


def create_goal(
    *,
    actor: User | None,
    title: str,
    driver: str,
    description: str = "",
    sponsor: Person | None = None,
    owner: Person | None = None,
    horizon_start: date | None = None,
    horizon_end: date | None = None,
    kpis: Iterable[KPI] = (),
    reason: str = "",
) -> BusinessGoal:
    """Record a business goal, the pain it reduces or the gain it reaches, and its KPIs.

    Raises:
        Error: when the title is blank, the driver unknown or the horizon ends before it
            starts.
    """
    title = title.strip()
    if not title:
        raise Error("A goal needs a title.")
    if driver not in Driver.values:
        raise Error(f"'{driver}' is not a driver; choose pain or gain.")
    if horizon_start and horizon_end and horizon_end < horizon_start:
        raise Error("The horizon ends before it starts.")
    with transaction.atomic():
        goal = BusinessGoal(
            title=title,
            description=description,
            driver=driver,
            sponsor=sponsor,
            owner=owner,
            horizon_start=horizon_start,
            horizon_end=horizon_end,
        )
        goal._history_user = actor  # type: ignore[attr-defined]  # read by simple-history
        goal._change_reason = reason  # type: ignore[attr-defined]  # read by simple-history
        goal.save()
        goal.kpis.set(list(kpis))
    return goal


# ----------------------------------------------------------------------------- observations


def existing_observation_index(kpi_ids: Iterable[int]) -> dict[imports.ObservationKey, float]:
    """Return the current values of these KPIs, keyed as the import keys them."""
    ids = sorted(set(kpi_ids))
    index: dict[imports.ObservationKey, float] = {}
    days: dict[date, date] = {}  # one date object per period, not one per row
    for start in range(0, len(ids), KPI_CHUNK):
        rows = (
            Observation.objects.filter(kpi_id__in=ids[start : start + KPI_CHUNK])
            .order_by()
            .values_list("kpi_id", "org_unit_id", "person_id", "period", "value")
        )
        for kpi, unit, person, period, value in rows.iterator(chunk_size=20_000):
            index[kpi, unit, person, days.setdefault(period, period)] = value
    return index


def existing_observations(kpi_codes: Iterable[str] = ()) -> imports.ExistingObservations:
    """Load what checking a KPI file needs: KPIs, units, people and current values.

    Only the values of the KPIs in ``kpi_codes`` (those the file names) are loaded.
    """
    kpis = {
        code: imports.KpiRef(pk, code, level, period)
        for pk, code, level, period in KPI.objects.values_list("pk", "code", "level", "period")
    }
    wanted = [kpis[c].id for c in kpi_codes if c in kpis]
    return imports.ExistingObservations(
        kpis=kpis,
        unit_ids=dict(OrgUnit.objects.order_by().values_list("code", "pk")),
        person_ids=dict(Person.objects.order_by().values_list("hris_id", "pk")),
        values=existing_observation_index(wanted),
    )


def apply_observation_plan(
    plan: imports.ObservationPlan,
    *,
    actor: User | None,
    reason: str,
    allow_errors: bool = False,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Write a checked observation plan in one transaction and return its counts.

    With ``allow_errors`` the valid rows are written and the invalid ones skipped;
    otherwise a plan with any error writes nothing. Observations keep no history of
    their own (a million rows a month would dwarf everything else); the import is
    logged with its actor and reason.

    Raises:
        Error: when the plan has errors and ``allow_errors`` is false.
    """
    if not plan.ok and not allow_errors:
        raise Error(f"The file has {len(plan.errors):,} errors; nothing was imported.")
    total = len(plan.created) + len(plan.updated)
    done = 0
    now = timezone.now()
    with transaction.atomic():
        for start in range(0, len(plan.created), BATCH):
            chunk = [
                Observation(
                    kpi_id=kpi,
                    org_unit_id=unit,
                    person_id=person,
                    period=period,
                    value=value,
                    created_at=now,
                    updated_at=now,
                )
                for (kpi, unit, person, period), value in plan.created[start : start + BATCH]
            ]
            Observation.objects.bulk_create(chunk, batch_size=BATCH)
            done += len(chunk)
            if progress:
                progress(done, total)

        pks = _pks_of(plan.updated)
        for start in range(0, len(plan.updated), BATCH):
            changed = [
                Observation(pk=pks[key], value=value, updated_at=now)
                for key, value in plan.updated[start : start + BATCH]
            ]
            Observation.objects.bulk_update(changed, ["value", "updated_at"], batch_size=BATCH)
            done += len(changed)
            if progress:
                progress(done, total)
    counts = plan.counts()
    log.info(
        "KPI observations written by %s (%s): %s",
        actor.username if actor else "the system",
        reason,
        counts,
    )
    return counts


def _pks_of(
    items: list[tuple[imports.ObservationKey, float]],
) -> dict[imports.ObservationKey, int]:
    wanted = {key for key, _ in items}
    if not wanted:
        return {}
    kpi_ids = sorted({key[0] for key in wanted})
    periods = [key[3] for key in wanted]
    found: dict[imports.ObservationKey, int] = {}
    for start in range(0, len(kpi_ids), KPI_CHUNK):
        rows = (
            Observation.objects.filter(
                kpi_id__in=kpi_ids[start : start + KPI_CHUNK],
                period__range=(min(periods), max(periods)),
            )
            .order_by()
            .values_list("pk", "kpi_id", "org_unit_id", "person_id", "period")
        )
        for pk, kpi, unit, person, period in rows.iterator(chunk_size=20_000):
            key = (kpi, unit, person, period)
            if key in wanted:
                found[key] = pk
    return found


def update_goal(
    *, actor: User, goal: BusinessGoal, kpis: Iterable[KPI], reason: str = ""
) -> BusinessGoal:
    """Save a goal edited by hand (fields already set on it) and its KPI links."""
    with transaction.atomic():
        goal._history_user = actor  # type: ignore[attr-defined]  # read by simple-history
        goal._change_reason = reason  # type: ignore[attr-defined]  # read by simple-history
        goal.save()
        goal.kpis.set(list(kpis))
    return goal


def update_kpi(*, actor: User, kpi: KPI, reason: str = "") -> KPI:
    """Save a KPI edited by hand (fields already set on it)."""
    with transaction.atomic():
        kpi._history_user = actor  # type: ignore[attr-defined]  # read by simple-history
        kpi._change_reason = reason  # type: ignore[attr-defined]  # read by simple-history
        kpi.save()
    return kpi


# ----------------------------------------------------------------------------- learning needs


def _check_need(need: LearningNeed) -> None:
    need.title = need.title.strip()
    need.not_learning_reason = need.not_learning_reason.strip()
    if not need.title:
        raise Error("A need needs a title.")
    if need.gap_type not in GapType.values:
        raise Error(f"'{need.gap_type}' is not a gap type.")
    if need.priority not in Priority.values:
        raise Error(f"'{need.priority}' is not a priority.")
    if need.gap_type == GapType.NOT_LEARNING and not need.not_learning_reason:
        raise Error("Say why this is not a learning problem.")


def _save_need(
    need: LearningNeed,
    *,
    actor: User | None,
    job_roles: Iterable[JobRole],
    org_units: Iterable[OrgUnit],
    reason: str,
) -> LearningNeed:
    _check_need(need)
    with transaction.atomic():
        need._history_user = actor  # type: ignore[attr-defined]  # read by simple-history
        need._change_reason = reason  # type: ignore[attr-defined]  # read by simple-history
        need.save()
        need.job_roles.set(list(job_roles))
        need.org_units.set(list(org_units))
    return need


def create_need(
    *,
    actor: User | None,
    title: str,
    gap_type: str,
    description: str = "",
    not_learning_reason: str = "",
    job_roles: Iterable[JobRole] = (),
    org_units: Iterable[OrgUnit] = (),
    goal: BusinessGoal | None = None,
    kpi: KPI | None = None,
    expected_change: Decimal | None = None,
    expected_by: date | None = None,
    evidence: str = "",
    priority: str = Priority.MEDIUM,
    reason: str = "",
) -> LearningNeed:
    """Record a learning need: the gap, its audience, and the goal and KPI it serves.

    Raises:
        Error: when the title is blank, the gap type or priority unknown, or a gap that
            is not a learning problem comes without the reason.
    """
    need = LearningNeed(
        title=title,
        description=description,
        gap_type=gap_type,
        not_learning_reason=not_learning_reason,
        goal=goal,
        kpi=kpi,
        expected_change=expected_change,
        expected_by=expected_by,
        evidence=evidence,
        priority=priority,
    )
    return _save_need(need, actor=actor, job_roles=job_roles, org_units=org_units, reason=reason)


def update_need(
    *,
    actor: User,
    need: LearningNeed,
    job_roles: Iterable[JobRole],
    org_units: Iterable[OrgUnit],
    reason: str = "",
) -> LearningNeed:
    """Save a need edited by hand (fields already set on it) and its audience.

    Raises:
        Error: as :func:`create_need`.
    """
    return _save_need(need, actor=actor, job_roles=job_roles, org_units=org_units, reason=reason)
