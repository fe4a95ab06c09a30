"""Every change to goals, KPIs, KPI values and needs goes through here: atomic, with an actor."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import models, transaction
from django.utils import timezone

from mainspring.org.models import JobRole, OrgUnit, Person, User
from mainspring.strategy import content, document, first_days, imports
from mainspring.strategy.models import (
    KPI,
    BusinessGoal,
    DeliveryGuideline,
    DeliveryMethod,
    Direction,
    Driver,
    FirstDaysPlan,
    FirstDaysTick,
    GapType,
    Initiative,
    InitiativeStatus,
    IsolationMethod,
    LearningNeed,
    Level,
    Milestone,
    Observation,
    Period,
    Priority,
    SectionKey,
    StrategySection,
    StrategyStatus,
    StrategyVersion,
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
    if need.isolation_method not in IsolationMethod.values:
        raise Error(f"'{need.isolation_method}' is not a way to isolate an effect.")
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
    evaluation_level: int | None = None,
    isolation_method: str = IsolationMethod.NONE,
    evaluation_notes: str = "",
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
        evaluation_level=evaluation_level,
        isolation_method=isolation_method,
        evaluation_notes=evaluation_notes,
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


# ----------------------------------------------------------------------------- the strategy


def _stamp(obj: models.Model, actor: User | None, reason: str = "") -> None:
    obj._history_user = actor  # type: ignore[attr-defined]  # read by simple-history
    obj._change_reason = reason  # type: ignore[attr-defined]  # read by simple-history


def _open_draft() -> StrategyVersion | None:
    return StrategyVersion.objects.filter(status=StrategyStatus.DRAFT).first()


def start_strategy(
    *, actor: User | None, title: str = "Learning strategy", change_summary: str = ""
) -> StrategyVersion:
    """Start a new draft: version 1 with nine empty sections, or a revision of the latest.

    A revision copies the latest version's title and narrative, so the leader edits
    what was approved rather than starting again.

    Raises:
        Error: when a draft is already open (there is one draft at a time).
    """
    with transaction.atomic():
        # Lock the versions so two people starting a revision at once get one draft.
        latest = StrategyVersion.objects.select_for_update().order_by("-number").first()
        if _open_draft() is not None:
            raise Error("A draft is already open: edit it, approve it or discard it first.")
        version = StrategyVersion(
            number=(latest.number + 1) if latest else 1,
            title=(latest.title if latest and title == "Learning strategy" else title).strip()
            or "Learning strategy",
            change_summary=change_summary.strip(),
            created_by=actor,
        )
        _stamp(version, actor, "started")
        version.save()
        narratives = (
            dict(latest.sections.values_list("key", "narrative")) if latest is not None else {}
        )
        for key in SectionKey:
            section = StrategySection(
                version=version, key=key.value, narrative=narratives.get(key.value, "")
            )
            section.updated_by = actor
            _stamp(section, actor)
            section.save()
    return version


def update_version(
    *, actor: User, version: StrategyVersion, title: str, change_summary: str
) -> StrategyVersion:
    """Rename a draft or change its change summary.

    Raises:
        Error: when the version is approved, or the title is blank.
    """
    if not title.strip():
        raise Error("The strategy needs a title.")
    with transaction.atomic():
        version = StrategyVersion.objects.select_for_update().get(pk=version.pk)
        if not version.is_draft:
            raise Error("An approved version cannot change; start a revision instead.")
        version.title, version.change_summary = title.strip(), change_summary.strip()
        _stamp(version, actor)
        version.save(update_fields=["title", "change_summary"])
    return version


def update_section(
    *, actor: User, section: StrategySection, narrative: str, expected_updated_at: str = ""
) -> StrategySection:
    """Save the narrative of one section of a draft.

    ``expected_updated_at`` is the ``updated_at`` the editor loaded; when someone else
    saved the section since, the save is refused so neither loses their text.

    Raises:
        Error: when the version is approved, or the section changed under the editor.
    """
    with transaction.atomic():
        current = (
            StrategySection.objects.select_for_update().select_related("version").get(pk=section.pk)
        )
        if not current.version.is_draft:
            raise Error("An approved version cannot change; start a revision instead.")
        if expected_updated_at and current.updated_at.isoformat() != expected_updated_at:
            who = current.updated_by or "someone else"
            raise Error(
                f"{who} saved this section while you were editing it. Copy your text, "
                "reload the page and merge the two."
            )
        current.narrative = narrative.replace("\r\n", "\n").strip()
        current.updated_by = actor
        _stamp(current, actor)
        current.save()
    return current


def approve_version(*, actor: User, version: StrategyVersion) -> StrategyVersion:
    """Approve a draft: record who and when, and freeze the document as it reads now.

    Raises:
        Error: when the version is already approved.
    """
    with transaction.atomic():
        version = StrategyVersion.objects.select_for_update().get(pk=version.pk)
        if not version.is_draft:
            raise Error(f"Version {version.number} is already approved.")
        version.status = StrategyStatus.APPROVED
        version.approved_by = actor
        version.approved_by_name = actor.get_full_name() or actor.username
        version.approved_at = timezone.now()
        version.snapshot = document.to_json(content.build_live(version))
        _stamp(version, actor, "approved")
        version.save()
    return version


def discard_draft(*, actor: User, version: StrategyVersion) -> None:
    """Delete a draft, its sections and its exported files (approved versions are kept).

    Raises:
        Error: when the version is approved.
    """
    with transaction.atomic():
        # Read the status afresh: the caller's copy may predate an approval.
        version = StrategyVersion.objects.select_for_update().get(pk=version.pk)
        if not version.is_draft:
            raise Error("Approved versions are kept: they are the record of what was agreed.")
        files = [e.file for e in version.exports.exclude(file="")]
        _stamp(version, actor, "discarded")
        version.delete()
        # The rows go with the version; their files go once that is committed.
        transaction.on_commit(lambda: [f.storage.delete(f.name) for f in files])


def save_guideline(
    *,
    actor: User | None,
    gap_type: str,
    method: str,
    primary: bool = True,
    rationale: str = "",
) -> DeliveryGuideline:
    """Record (or change) which delivery method the function uses for a kind of gap.

    Raises:
        Error: for a gap type that is not knowledge, skill or motivation, or an unknown method.
    """
    if gap_type not in GapType.values or gap_type == GapType.NOT_LEARNING:
        raise Error("Delivery guidelines are for knowledge, skill or motivation gaps.")
    if method not in DeliveryMethod.values:
        raise Error(f"'{method}' is not a delivery method.")
    with transaction.atomic():
        guideline = DeliveryGuideline.objects.filter(gap_type=gap_type, method=method).first()
        guideline = guideline or DeliveryGuideline(gap_type=gap_type, method=method)
        guideline.primary, guideline.rationale = primary, rationale.strip()
        _stamp(guideline, actor)
        guideline.save()
    return guideline


def delete_guideline(*, actor: User, guideline: DeliveryGuideline) -> None:
    """Remove a delivery guideline."""
    with transaction.atomic():
        _stamp(guideline, actor, "deleted")
        guideline.delete()


def _check_initiative(initiative: Initiative) -> None:
    initiative.title = initiative.title.strip()
    if not initiative.title:
        raise Error("An initiative needs a title.")
    if initiative.status not in InitiativeStatus.values:
        raise Error(f"'{initiative.status}' is not an initiative status.")
    start, due = initiative.start_date, initiative.due_date
    if start and due and due < start:
        raise Error("The due date is before the start date.")


def save_initiative(
    *,
    actor: User | None,
    initiative: Initiative,
    needs: Iterable[LearningNeed] | None = None,
    reason: str = "",
) -> Initiative:
    """Create or save an initiative of the implementation plan (fields set on it).

    Raises:
        Error: when the title is blank, the status unknown or the dates reversed.
    """
    _check_initiative(initiative)
    with transaction.atomic():
        _stamp(initiative, actor, reason)
        initiative.save()
        if needs is not None:
            initiative.needs.set(list(needs))
    return initiative


def delete_initiative(*, actor: User, initiative: Initiative) -> None:
    """Remove an initiative and its milestones."""
    with transaction.atomic():
        _stamp(initiative, actor, "deleted")
        initiative.delete()


def save_milestone(*, actor: User | None, milestone: Milestone) -> Milestone:
    """Create or save a milestone (fields set on it).

    Raises:
        Error: when the title is blank or the date missing.
    """
    milestone.title = milestone.title.strip()
    if not milestone.title:
        raise Error("A milestone needs a title.")
    if milestone.due_date is None:
        raise Error("A milestone needs a due date.")
    with transaction.atomic():
        _stamp(milestone, actor)
        milestone.save()
    return milestone


def delete_milestone(*, actor: User, milestone: Milestone) -> None:
    """Remove a milestone."""
    with transaction.atomic():
        _stamp(milestone, actor, "deleted")
        milestone.delete()


# ----------------------------------------------------------------------------- first 60 days


def start_first_days(*, actor: User, user: User, start_date: date) -> FirstDaysPlan:
    """Start a learning leader's first-60-days plan on ``start_date``.

    Raises:
        Error: when the user already has a plan, or the start is more than 60 days ahead.
    """
    if start_date > timezone.localdate() + timedelta(days=first_days.PLAN_DAYS):
        raise Error("Start the plan within the next 60 days.")
    with transaction.atomic():
        if FirstDaysPlan.objects.select_for_update().filter(user=user).exists():
            raise Error("You already have a first-60-days plan.")
        plan = FirstDaysPlan.objects.create(user=user, start_date=start_date)
    log.info("First-60-days plan of %s started by %s", user.username, actor.username)
    return plan


def tick_first_days_item(
    *, actor: User, plan: FirstDaysPlan, key: str, done: bool, on: date | None = None
) -> None:
    """Tick (or untick) an item of a plan that only a person can judge.

    Items derived from the data tick themselves when the data changes, so only the
    keys in :data:`first_days.HAND_KEYS` may be ticked.

    Raises:
        Error: for an item that is not ticked by hand.
    """
    if key not in first_days.HAND_KEYS:
        raise Error("This item ticks itself when the data changes; it cannot be ticked by hand.")
    with transaction.atomic():
        if done:
            FirstDaysTick.objects.get_or_create(
                plan=plan, item_key=key, defaults={"done_on": on or timezone.localdate()}
            )
        else:
            FirstDaysTick.objects.filter(plan=plan, item_key=key).delete()
    log.info("%s %s %s on the plan of %s", actor.username, "ticked" if done else "unticked",
             key, plan.user_id)  # fmt: skip
