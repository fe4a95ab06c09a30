"""Changes to skills, libraries and the catalogue, and curating items into path steps."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from mainspring.experiences import catalog_imports, skills_imports
from mainspring.experiences.actions import Error
from mainspring.experiences.models import CatalogItem, Library, RoleSkill, Skill, Step
from mainspring.org.models import JobRole, User
from mainspring.strategy.models import LearningNeed

Progress = Callable[[int, int], None]
BATCH = 2000
MIN_LEVEL, MAX_LEVEL = 1, 5


# ----------------------------------------------------------------------------- libraries


def save_library(
    *,
    actor: User | None,
    name: str,
    vendor: str = "",
    annual_cost: Decimal | None = None,
    library: Library | None = None,
) -> Library:
    """Create a library, or rename and re-price one.

    Raises:
        Error: when the name is blank or another library has it.
    """
    name = name.strip()
    if not name:
        raise Error("Give the library a name.")
    clash = Library.objects.filter(name__iexact=name)
    if library is not None:
        clash = clash.exclude(pk=library.pk)
    if clash.exists():
        raise Error(f"There is already a library called '{name}'.")
    with transaction.atomic():
        target = library or Library()
        target.name, target.vendor, target.annual_cost = name, vendor.strip(), annual_cost
        target._history_user = actor  # type: ignore[attr-defined]  # read by simple-history
        target.save()
    return target


def library_named(*, actor: User | None, name: str) -> Library:
    """Return the library with this name (any case), creating it if there is none."""
    found = Library.objects.filter(name__iexact=name.strip()).first()
    return found or save_library(actor=actor, name=name)


# ----------------------------------------------------------------------------- catalogue


def existing_catalog(library: Library | None) -> catalog_imports.ExistingCatalog:
    """Read what a library holds (and the xAPI ids used elsewhere) as plain values."""
    existing = catalog_imports.ExistingCatalog()
    own = CatalogItem.objects.filter(library=library).exclude(external_id="")
    for row in own.values_list(
        "external_id", *catalog_imports.VALUE_FIELDS, "active", named=True
    ).iterator(chunk_size=BATCH):
        existing.items[row.external_id] = catalog_imports.ItemValues(
            external_id=row.external_id,
            title=row.title,
            description=row.description,
            provider=row.provider,
            item_type=row.item_type,
            duration_minutes=row.duration_minutes,
            url=row.url,
            language=row.language,
            xapi_activity_id=row.xapi_activity_id,
            active=row.active,
        )
    others = CatalogItem.objects.exclude(xapi_activity_id="").exclude(pk__in=own.values("pk"))
    existing.other_xapi_ids = set(others.values_list("xapi_activity_id", flat=True))
    return existing


def apply_catalog_plan(
    plan: catalog_imports.CatalogPlan,
    *,
    actor: User | None,
    library: Library | None,
    allow_errors: bool = False,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Write a checked catalogue plan into a library in one transaction; return its counts.

    With ``allow_errors`` the valid rows are written and the invalid ones skipped;
    otherwise a plan with any error writes nothing.

    Raises:
        Error: when the plan has errors and ``allow_errors`` is false.
    """
    del actor  # catalogue items keep no history; the actor is named for symmetry
    if not plan.ok and not allow_errors:
        raise Error(f"The file has {len(plan.errors):,} errors; nothing was imported.")
    values = {v.external_id: v for v in plan.valid}
    total = len(plan.created) + len(plan.updated) + len(plan.deactivated)
    done = 0
    now = timezone.now()
    fields = [*catalog_imports.VALUE_FIELDS, "active", "updated_at"]

    def tick(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress(done, total)

    def fill(item: CatalogItem, v: catalog_imports.ItemValues) -> CatalogItem:
        for name in catalog_imports.VALUE_FIELDS:
            setattr(item, name, getattr(v, name))
        item.active, item.updated_at = True, now
        return item

    with transaction.atomic():
        # Free the xAPI ids that move between items first, so swaps pass the constraint.
        moving = [k for k, changed in plan.updated.items() if "xapi_activity_id" in changed]
        for start in range(0, len(moving), BATCH):
            CatalogItem.objects.filter(
                library=library, external_id__in=moving[start : start + BATCH]
            ).update(xapi_activity_id="")
        for start in range(0, len(plan.created), BATCH):
            chunk = [
                fill(CatalogItem(library=library, external_id=k, created_at=now), values[k])
                for k in plan.created[start : start + BATCH]
            ]
            CatalogItem.objects.bulk_create(chunk, batch_size=BATCH)
            tick(len(chunk))
        for start in range(0, len(plan.updated), BATCH):
            keys = list(plan.updated)[start : start + BATCH]
            items = CatalogItem.objects.filter(library=library, external_id__in=keys)
            chunk = [fill(item, values[item.external_id]) for item in items]
            CatalogItem.objects.bulk_update(chunk, fields, batch_size=BATCH)
            tick(len(chunk))
        for start in range(0, len(plan.deactivated), BATCH):
            keys = plan.deactivated[start : start + BATCH]
            CatalogItem.objects.filter(library=library, external_id__in=keys).update(
                active=False, updated_at=now
            )
            tick(len(keys))
    return plan.counts()


def set_item_active(*, actor: User, item: CatalogItem, active: bool) -> CatalogItem:
    """Retire an item from the catalogue (it stays on the steps that use it) or bring it back."""
    del actor  # catalogue items keep no history
    with transaction.atomic():
        item.active = active
        item.save(update_fields=["active", "updated_at"])
    return item


# ----------------------------------------------------------------------------- curation


def curate_item(*, actor: User | None, step: Step, item: CatalogItem | None) -> Step:
    """Make a catalogue item the content that delivers a path step (None to clear it).

    Raises:
        Error: when the item has been retired from the catalogue.
    """
    if item is not None and not item.active:
        raise Error(f"'{item.title}' has been retired from the catalogue; choose another item.")
    with transaction.atomic():
        step.catalog_item = item
        step._history_user = actor  # type: ignore[attr-defined]  # read by simple-history
        step._change_reason = (  # type: ignore[attr-defined]  # read by simple-history
            f"Curated '{item.title}'" if item else "Catalogue item removed"
        )
        step.save(update_fields=["catalog_item"])
    return step


# ----------------------------------------------------------------------------- skills


def existing_skills() -> dict[str, skills_imports.SkillValues]:
    """Read the skills framework as plain values, by code."""
    rows = Skill.objects.values_list("code", "name", "parent__code", "description")
    return {
        code: skills_imports.SkillValues(code, name, parent or "", description)
        for code, name, parent, description in rows
    }


def apply_skill_plan(
    plan: skills_imports.SkillPlan,
    *,
    actor: User | None,
    reason: str,
    allow_errors: bool = False,
) -> dict[str, int]:
    """Write a checked skills plan in one transaction and return its counts.

    Raises:
        Error: when the plan has errors and ``allow_errors`` is false.
    """
    if not plan.ok and not allow_errors:
        raise Error(f"The file has {len(plan.errors):,} errors; nothing was imported.")
    created = set(plan.created)
    with transaction.atomic():
        pk_of = dict(Skill.objects.values_list("code", "pk"))
        # plan.valid lists parents first, so each new skill's parent exists when it is written.
        new: list[Skill] = []
        for values in plan.valid:
            if values.code not in created:
                continue
            skill = Skill(code=values.code, name=values.name, description=values.description)
            skill.parent_id = pk_of.get(values.parent_code) if values.parent_code else None
            if values.parent_code and skill.parent_id is None:
                # The parent is new too: write what we have so far so it gets its key.
                for done in bulk_create_with_history(
                    new, Skill, default_user=actor, default_change_reason=reason
                ):
                    pk_of[done.code] = done.pk
                new = []
                skill.parent_id = pk_of[values.parent_code]
            new.append(skill)
        for done in bulk_create_with_history(
            new, Skill, default_user=actor, default_change_reason=reason
        ):
            pk_of[done.code] = done.pk
        by_code = {s.code: s for s in Skill.objects.filter(code__in=list(plan.updated))}
        changed = []
        values_of = {v.code: v for v in plan.valid}
        now = timezone.now()
        for code in plan.updated:
            skill, values = by_code[code], values_of[code]
            skill.updated_at = now
            skill.name, skill.description = values.name, values.description
            skill.parent_id = pk_of[values.parent_code] if values.parent_code else None
            changed.append(skill)
        bulk_update_with_history(
            changed,
            Skill,
            ["name", "description", "parent", "updated_at"],
            default_user=actor,
            default_change_reason=reason,
        )
    return plan.counts()


def set_role_skill(
    *, actor: User | None, job_role: JobRole, skill: Skill, level: int | None
) -> RoleSkill | None:
    """Set the level (1 awareness to 5 expert) a job role requires of a skill; None removes it.

    Raises:
        Error: when the level is outside 1 to 5.
    """
    if level is not None and not MIN_LEVEL <= level <= MAX_LEVEL:
        raise Error("The level must be between 1 (awareness) and 5 (expert).")
    with transaction.atomic():
        found = RoleSkill.objects.filter(job_role=job_role, skill=skill).first()
        if level is None:
            if found is not None:
                found._history_user = actor  # type: ignore[attr-defined]  # read by simple-history
                found.delete()
            return None
        target = found or RoleSkill(job_role=job_role, skill=skill)
        target.level = level
        target._history_user = actor  # type: ignore[attr-defined]  # read by simple-history
        target.save()
    return target


def link_skills(
    *,
    actor: User | None,
    skills: Iterable[Skill],
    need: LearningNeed | None = None,
    step: Step | None = None,
    item: CatalogItem | None = None,
) -> None:
    """Set the skills of exactly one need, step or catalogue item (replacing its list).

    Raises:
        Error: when not exactly one target is given.
    """
    del actor  # many-to-many links keep no history of their own
    targets = [t for t in (need, step, item) if t is not None]
    if len(targets) != 1:
        raise Error("Link skills to one need, step or catalogue item at a time.")
    chosen = list(skills)
    with transaction.atomic():
        if need is not None:
            need.skills.set(chosen)
        elif step is not None:
            step.skills.set(chosen)
        elif item is not None:
            item.skills.set(chosen)


def link_skill(
    *,
    actor: User | None,
    skill: Skill,
    need: LearningNeed | None = None,
    step: Step | None = None,
    linked: bool = True,
) -> None:
    """Link one skill to (or, with ``linked=False``, unlink it from) a need or a step.

    Raises:
        Error: when not exactly one of ``need`` and ``step`` is given.
    """
    del actor  # many-to-many links keep no history of their own
    if (need is None) == (step is None):
        raise Error("Choose a learning need or a path step.")
    with transaction.atomic():
        target = need.skills if need is not None else step.skills  # type: ignore[union-attr]  # one is set
        if linked:
            target.add(skill)
        else:
            target.remove(skill)
