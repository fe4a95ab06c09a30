"""The organisation seeder: Northwind Freight's units, job roles and people.

It leaves in ``ctx.registry``, for the seeders after it:

- ``org``: the :class:`~mainspring.demo.blueprint.OrgBlueprint` (plain values; people
  are looked up by HRIS id in it, or in the database with ``values_list``).
- ``unit_ids`` (code → pk) and ``role_ids`` (job role name → pk).
- ``depot_codes`` and ``warehouse_codes``: the site codes, in order.
- ``new_site_code`` and ``new_site_opened``: the depot that opened 14 months ago.
- ``ceo_hris_id`` and ``learning_team``: job role → HRIS ids of the L&D team.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from django.db.models import Q
from simple_history.utils import bulk_create_with_history

from mainspring.demo.blueprint import PersonSpec, RoleSpec, UnitSpec, generate_org
from mainspring.org.actions import create_org_unit
from mainspring.org.models import JobRole, OrgUnit, Person

if TYPE_CHECKING:
    from mainspring.demo.seed import SeedContext

BATCH = 2000
REASON = "Demo organisation"

Progress = Callable[[int, int], None]


def seed(ctx: SeedContext) -> None:
    """Write Northwind Freight for ``ctx.people`` people and record what later seeders need."""
    blueprint = generate_org(ctx.people, ctx.seed, today=ctx.today)
    ctx.report(0, len(blueprint.people))
    unit_ids = write_units(blueprint.units)
    role_ids = write_roles(blueprint.roles)
    write_people(blueprint.people, unit_ids, role_ids, ctx.report)

    key = blueprint.key_people
    learning_team: dict[str, list[str]] = {}
    by_hris = {p.hris_id: p for p in blueprint.people if p.org_unit_code == "LD"}
    for hris_id in key.learning_team:
        learning_team.setdefault(by_hris[hris_id].job_role, []).append(hris_id)
    ctx.registry.update(
        org=blueprint,
        unit_ids=unit_ids,
        role_ids=role_ids,
        depot_codes=[s.code for s in blueprint.sites if s.division_code == "OPS"],
        warehouse_codes=[s.code for s in blueprint.sites if s.division_code == "WH"],
        new_site_code=blueprint.new_site_code,
        new_site_opened=blueprint.new_site_opened,
        ceo_hris_id=key.ceo,
        learning_team=learning_team,
    )
    ctx.counts.update(
        org_units=len(unit_ids),
        job_roles=len(role_ids),
        people=len(blueprint.people),
        leavers=sum(not p.active for p in blueprint.people),
    )


def write_units(units: Sequence[UnitSpec]) -> dict[str, int]:
    """Create org units (listed parents first) through the org actions; return code → pk."""
    created: dict[str, OrgUnit] = {}
    for spec in units:
        created[spec.code] = create_org_unit(
            actor=None,
            code=spec.code,
            name=spec.name,
            kind=spec.kind,
            parent=created[spec.parent_code] if spec.parent_code else None,
        )
    ids = {code: unit.pk for code, unit in created.items()}
    # create_org_unit takes no reason; give the "created" rows the same one as people.
    history = OrgUnit.history.model
    for chunk in _chunks(list(ids.values())):
        history.objects.filter(
            Q(history_change_reason__isnull=True) | Q(history_change_reason=""),
            id__in=chunk,
            history_type="+",
        ).update(history_change_reason=REASON)
    return ids


def write_roles(roles: Iterable[RoleSpec]) -> dict[str, int]:
    """Create the job roles with their history; return name → pk."""
    objs = bulk_create_with_history(
        [JobRole(name=r.name, family=r.family) for r in roles],
        JobRole,
        batch_size=BATCH,
        default_change_reason=REASON,
    )
    return {role.name: role.pk for role in objs}


def write_people(
    people: Sequence[PersonSpec],
    unit_ids: dict[str, int],
    role_ids: dict[str, int],
    progress: Progress | None = None,
) -> dict[str, int]:
    """Create people (listed managers first) with their history; return HRIS id → pk.

    A batch is written before anyone in it is needed as a manager, so every person
    is inserted with their manager already set and their "created" history row is
    the whole truth: no second pass over 100,000 rows and their history.
    """
    pk_of: dict[str, int] = {}
    batch: list[Person] = []
    pending: set[str] = set()

    def flush() -> None:
        for person in bulk_create_with_history(
            batch, Person, batch_size=BATCH, default_change_reason=REASON
        ):
            pk_of[person.hris_id] = person.pk
        batch.clear()
        pending.clear()
        if progress is not None:
            progress(len(pk_of), len(people))

    for spec in people:
        if len(batch) >= BATCH or spec.manager_hris_id in pending:
            flush()
        batch.append(
            Person(
                hris_id=spec.hris_id,
                first_name=spec.first_name,
                last_name=spec.last_name,
                email=spec.email,
                org_unit_id=unit_ids[spec.org_unit_code],
                job_role_id=role_ids[spec.job_role],
                manager_id=pk_of[spec.manager_hris_id] if spec.manager_hris_id else None,
                location=spec.location,
                hire_date=spec.hire_date,
                active=spec.active,
            )
        )
        pending.add(spec.hris_id)
    if batch:
        flush()
    return pk_of


def _chunks(values: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(values), BATCH):
        yield values[start : start + BATCH]
