"""Reads for the catalogue: search with filters, library usage, the skills tree, suggestions."""

from __future__ import annotations

import hashlib
import logging
import threading
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet
from django.http import Http404

from mainspring.experiences import suggest as similarity
from mainspring.experiences.models import CatalogItem, Enrolment, Library, RoleSkill, Skill, Step
from mainspring.strategy.models import LearningNeed

log = logging.getLogger(__name__)
MENU_LIMIT = 300  # values offered in a filter menu; the search box finds the rest

# ----------------------------------------------------------------------------- search


@dataclass(frozen=True, slots=True)
class CatalogFilters:
    """What the catalogue search page filters by; blank values do not filter."""

    text: str = ""
    item_type: str = ""
    provider: str = ""
    language: str = ""
    library_id: int | None = None
    min_minutes: int | None = None
    max_minutes: int | None = None
    curated: bool | None = None  # True: used by a path step; False: not used
    include_inactive: bool = False


def search_items(filters: CatalogFilters) -> QuerySet[CatalogItem]:
    """Return the catalogue items matching the filters, with library and curated flag.

    Each item carries ``is_curated`` (used by at least one path step).
    """
    items = CatalogItem.objects.select_related("library").annotate(
        is_curated=Exists(Step.objects.filter(catalog_item=OuterRef("pk")))
    )
    if not filters.include_inactive:
        items = items.filter(active=True)
    for word in filters.text.split()[:8]:
        items = items.filter(
            Q(title__icontains=word) | Q(description__icontains=word) | Q(provider__icontains=word)
        )
    if filters.item_type:
        items = items.filter(item_type__iexact=filters.item_type)
    if filters.provider:
        items = items.filter(provider__iexact=filters.provider)
    if filters.language:
        items = items.filter(
            Q(language__iexact=filters.language) | Q(language__istartswith=filters.language + "-")
        )
    if filters.library_id is not None:
        items = items.filter(library_id=filters.library_id)
    if filters.min_minutes is not None:
        items = items.filter(duration_minutes__gte=filters.min_minutes)
    if filters.max_minutes is not None:
        items = items.filter(duration_minutes__lte=filters.max_minutes)
    if filters.curated is not None:
        items = items.filter(is_curated=filters.curated)
    return items.order_by("title", "id")


@dataclass(frozen=True, slots=True)
class FilterChoices:
    item_types: list[str]
    providers: list[str]
    languages: list[str]
    libraries: list[Library]


def filter_choices() -> FilterChoices:
    """Return the values the filter menus offer (the catalogue's distinct ones)."""
    active = CatalogItem.objects.filter(active=True).order_by()

    def distinct(name: str) -> list[str]:
        values = active.exclude(**{name: ""}).order_by(name).values_list(name, flat=True)
        return sorted(values.distinct()[:MENU_LIMIT], key=str.lower)

    return FilterChoices(
        item_types=distinct("item_type"),
        providers=distinct("provider"),
        languages=distinct("language"),
        libraries=list(Library.objects.all()),
    )


def get_item(pk: int) -> CatalogItem:
    """Return one catalogue item with its library.

    Raises:
        Http404: when there is no such item.
    """
    item = CatalogItem.objects.select_related("library").filter(pk=pk).first()
    if item is None:
        raise Http404
    return item


def steps_using(item: CatalogItem) -> list[Step]:
    """Return the path steps an item delivers, with their paths and programs."""
    return list(
        item.steps.select_related("path", "path__program", "method").order_by(
            "path__title", "position"
        )
    )


# ----------------------------------------------------------------------------- usage


@dataclass(frozen=True, slots=True)
class LibraryUsage:
    library: Library
    items: int
    active_items: int
    curated_items: int
    learners_reached: int

    @property
    def share_used(self) -> float:
        return self.curated_items / self.active_items if self.active_items else 0.0

    @property
    def cost_per_used_item(self) -> Decimal | None:
        if self.library.annual_cost is None or not self.curated_items:
            return None
        return (self.library.annual_cost / self.curated_items).quantize(Decimal("0.01"))


def library_usage() -> list[LibraryUsage]:
    """Return how much of each library the paths use: items, curated items, learners reached.

    Learners reached counts the distinct people with an active or completed enrolment on a
    path that has a step delivered by one of the library's items. Three queries in all.
    """
    libraries = list(
        Library.objects.annotate(
            n_items=Count("items"),
            n_active=Count("items", filter=Q(items__active=True)),
        )
    )
    curated = dict(
        Step.objects.filter(catalog_item__isnull=False)
        .values("catalog_item__library")
        .annotate(n=Count("catalog_item", distinct=True))
        .values_list("catalog_item__library", "n")
    )
    reached = dict(
        Enrolment.objects.filter(path__steps__catalog_item__isnull=False)
        .exclude(status="withdrawn")
        .values("path__steps__catalog_item__library")
        .annotate(n=Count("person", distinct=True))
        .values_list("path__steps__catalog_item__library", "n")
    )
    return [
        LibraryUsage(
            library=lib,
            items=lib.n_items,
            active_items=lib.n_active,
            curated_items=curated.get(lib.pk, 0),
            learners_reached=reached.get(lib.pk, 0),
        )
        for lib in libraries
    ]


def get_library(pk: int) -> Library:
    """Return one library.

    Raises:
        Http404: when there is no such library.
    """
    library = Library.objects.filter(pk=pk).first()
    if library is None:
        raise Http404
    return library


# ----------------------------------------------------------------------------- skills


@dataclass(slots=True)
class SkillNode:
    skill: Skill
    depth: int
    roles: list[RoleSkill] = field(default_factory=list)
    items: int = 0
    steps: int = 0


def skills_tree() -> list[SkillNode]:
    """Return the skills framework in tree order (parents before children), with role levels.

    Three queries: skills with their counts, role levels, and nothing per skill.
    """
    skills = list(
        Skill.objects.annotate(
            n_items=Count("catalog_items", distinct=True), n_steps=Count("steps", distinct=True)
        ).order_by("name", "id")
    )
    levels: dict[int, list[RoleSkill]] = {}
    for level in RoleSkill.objects.select_related("job_role").order_by("job_role__name"):
        levels.setdefault(level.skill_id, []).append(level)
    children: dict[int | None, list[Any]] = {}
    for skill in skills:
        children.setdefault(skill.parent_id, []).append(skill)
    out: list[SkillNode] = []
    stack = [(s, 0) for s in reversed(children.get(None, []))]
    while stack:
        skill, depth = stack.pop()
        out.append(
            SkillNode(
                skill,
                depth,
                levels.get(skill.pk, []),
                skill.n_items,
                skill.n_steps,
            )
        )
        stack.extend((c, depth + 1) for c in reversed(children.get(skill.pk, [])))
    return out


# ----------------------------------------------------------------------------- suggestions


@dataclass(frozen=True, slots=True)
class Suggestion:
    item: CatalogItem
    score: float
    terms: tuple[str, ...]


_cache: dict[str, Any] = {"key": None, "index": None}
_lock = threading.Lock()


def catalogue_version() -> tuple[int, datetime | None, int, datetime | None]:
    """Return what changes whenever the indexed text could have changed.

    Items (count and last change), and skill links (count, and the last skill change,
    since a renamed skill changes the text of its items).
    """
    items = CatalogItem.objects.filter(active=True).aggregate(n=Count("id"), at=Max("updated_at"))
    links = CatalogItem.skills.through.objects.count()
    skills_at = Skill.objects.aggregate(at=Max("updated_at"))["at"]
    return items["n"], items["at"], links, skills_at


def build_index() -> similarity.Index:
    """Build the similarity index over the active catalogue items (two queries)."""
    skill_names: dict[int, list[str]] = {}
    links = CatalogItem.skills.through.objects.values_list("catalogitem_id", "skill__name")
    for item_id, name in links.iterator(chunk_size=5000):
        skill_names.setdefault(item_id, []).append(name)
    rows = (
        CatalogItem.objects.filter(active=True)
        .order_by("id")
        .values_list("id", "title", "description", "provider", "item_type")
    )
    return similarity.Index(
        [
            similarity.Document(
                pk, title, " ".join([description, provider, kind, *skill_names.get(pk, [])])
            )
            for pk, title, description, provider, kind in rows.iterator(chunk_size=5000)
        ]
    )


def _index_file(key: tuple[Any, ...]) -> Path:
    digest = hashlib.sha256(repr(key).encode()).hexdigest()[:24]
    return Path(settings.DATA_DIR) / "suggest" / f"catalogue-{digest}.npz"


def _load_or_build(key: tuple[Any, ...]) -> similarity.Index:
    path = _index_file(key)
    try:
        return similarity.Index.load(path)
    except (OSError, ValueError, KeyError):
        pass  # not built yet by any process (or unreadable): build it
    index = build_index()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        index.save(path)
        for old in path.parent.glob("catalogue-*.npz"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        log.warning("could not store the suggestion index in %s", path.parent, exc_info=True)
    return index


def catalogue_index() -> similarity.Index:
    """Return the similarity index of the catalogue as it is now, building it when it changed.

    The index is keyed by :func:`catalogue_version`, so any import or edit leads to a
    new one. Each process keeps the current index in memory; the first process to need
    a version builds it and stores it in the data folder, where the other web workers
    load it instead of building it again.
    """
    key = catalogue_version()
    with _lock:
        if _cache["key"] != key or _cache["index"] is None:
            _cache["index"], _cache["key"] = _load_or_build(key), key
        index: similarity.Index = _cache["index"]
    return index


def suggest(text: str, k: int = 10) -> list[tuple[int, float]]:
    """Return ``(item_id, score)`` for the ``k`` active items that best match ``text``."""
    return similarity.suggest(catalogue_index(), text, k)


def suggestions_for(text: str, k: int = 10, exclude: tuple[int, ...] = ()) -> list[Suggestion]:
    """Return the best-matching items for a text, with the words they share, best first."""
    matches = catalogue_index().search(text, k, exclude=exclude)
    items = CatalogItem.objects.select_related("library").in_bulk([m.id for m in matches])
    return [Suggestion(items[m.id], m.score, m.terms) for m in matches if m.id in items]


def need_text(need: LearningNeed) -> str:
    """Return the words of a learning need that say what content would serve it."""
    skills = " ".join(need.skills.values_list("name", flat=True))
    return f"{need.title} {need.title} {need.description} {skills}"


def step_text(step: Step) -> str:
    """Return the words of a path step that say what content would deliver it."""
    skills = " ".join(step.skills.values_list("name", flat=True))
    return f"{step.title} {step.title} {step.objectives} {step.activity} {skills}"


def get_need(pk: int) -> LearningNeed:
    """Return a learning need, for its suggestions.

    Raises:
        Http404: when there is no such need.
    """
    need = LearningNeed.objects.filter(pk=pk).first()
    if need is None:
        raise Http404
    return need


def get_step(pk: int) -> Step:
    """Return a path step with its path and current item.

    Raises:
        Http404: when there is no such step.
    """
    step = Step.objects.select_related("path", "catalog_item", "method").filter(pk=pk).first()
    if step is None:
        raise Http404
    return step
