"""Reads for programs, paths and the designer: lists with counts, one path's steps and facts."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from mainspring.experiences import graph, mix
from mainspring.experiences.models import LearningPath, Method, Program, Step


def programs_with_counts() -> QuerySet[Program]:
    """Every program with its owner, the needs it serves and how many paths it has."""
    return (
        Program.objects.select_related("owner")
        .prefetch_related("needs")
        .annotate(path_count=Count("paths", distinct=True))
        .order_by("title", "id")
    )


def get_program(pk: int) -> Program:
    """One program with its owner, needs and audience (404 when missing)."""
    rows = Program.objects.select_related("owner").prefetch_related(
        "needs", "job_roles", "org_units"
    )
    return get_object_or_404(rows, pk=pk)


def paths_with_counts(*, program: Program | None = None) -> QuerySet[LearningPath]:
    """Paths (templates excluded) with their program, step count and minutes in total."""
    rows = (
        LearningPath.objects.filter(template_kind="")
        .select_related("program")
        .annotate(
            step_count=Count("steps", distinct=True),
            enrolment_count=Count("enrolments", distinct=True),
        )
        .order_by("title", "id")
    )
    return rows.filter(program=program) if program is not None else rows


def template_paths() -> QuerySet[LearningPath]:
    """The template paths, with their step counts."""
    return (
        LearningPath.objects.exclude(template_kind="")
        .annotate(step_count=Count("steps"))
        .order_by("template_kind", "id")
    )


def get_path(pk: int) -> LearningPath:
    """One path with its program (404 when missing)."""
    return get_object_or_404(LearningPath.objects.select_related("program"), pk=pk)


def get_step(pk: int) -> Step:
    """One step with its path and method (404 when missing)."""
    return get_object_or_404(Step.objects.select_related("path", "method"), pk=pk)


def steps_of(path: LearningPath) -> list[Step]:
    """The steps of a path in order, with method, catalogue item and prerequisites loaded."""
    return list(
        Step.objects.filter(path=path)
        .select_related("method", "catalog_item")
        .prefetch_related(
            Prefetch("prerequisites", queryset=Step.objects.only("id", "title", "position"))
        )
        .order_by("position", "id")
    )


def waits_for(steps: list[Step]) -> dict[int, list[int]]:
    """Each step's prerequisites as ids (from the prefetched relation)."""
    return {s.pk: [p.pk for p in s.prerequisites.all()] for s in steps}


def step_facts(steps: list[Step]) -> list[mix.StepFacts]:
    """The steps as plain values for :mod:`mainspring.experiences.mix`."""
    return [
        mix.StepFacts(
            title=s.title,
            method=s.method.name,
            category=s.method.category,
            focus=s.focus,
            minutes=s.duration_minutes,
            objectives=tuple(s.objective_lines),
            required=s.required,
            key=s.pk,
            waits_for=tuple(p.pk for p in s.prerequisites.all()),
            due_days=s.due_days,
        )
        for s in steps
    ]


def sequence_boxes(steps: list[Step]) -> list[graph.Box]:
    """The steps as boxes for the sequence picture, coloured by 70-20-10 category."""
    return [
        graph.Box(
            id=s.pk,
            label=s.title,
            colour=mix.CATEGORY_COLOURS.get(s.method.category, mix.METHOD_COLOUR),
            hint=f"{s.method.name} · {mix.format_minutes(s.duration_minutes)}",
        )
        for s in steps
    ]


def methods_for_choice(current: Method | None = None) -> QuerySet[Method]:
    """Active methods, plus the step's current one if it has since been retired."""
    wanted = Q(active=True)
    if current is not None:
        wanted |= Q(pk=current.pk)
    return Method.objects.filter(wanted).order_by("name")
