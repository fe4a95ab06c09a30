"""Reads for the cmi5 pages: courses, their structure, and the units a learner may launch."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.http import Http404

from mainspring.cmi5.models import AssignableUnit, Block, Course
from mainspring.experiences.models import Enrolment, EnrolmentStatus, Step


def courses() -> QuerySet[Course]:
    """Every imported course, with how many units it has and how many are on a step."""
    return Course.objects.annotate(
        unit_count=Count("units", distinct=True),
        attached=Count("units__step", distinct=True),
    ).order_by("title", "pk")


def get_course(pk: int) -> Course:
    """A course by primary key (for L&D pages, whose permission the view has checked)."""
    found = Course.objects.filter(pk=pk).first()
    if found is None:
        raise Http404("No such course.")
    return found


@dataclass(frozen=True, slots=True)
class Node:
    """One line of a course's outline: a block or a unit, with its depth."""

    depth: int
    block: Block | None = None
    unit: AssignableUnit | None = None


def outline(course: Course) -> list[Node]:
    """The course's blocks and units in document order, nested by depth (two queries)."""
    blocks = list(course.blocks.all())
    units = list(course.units.select_related("step__path"))
    children: dict[int | None, list[tuple[int, Block | AssignableUnit]]] = {}
    for block in blocks:
        children.setdefault(block.parent_id, []).append((block.position, block))
    for unit in units:
        children.setdefault(unit.block_id, []).append((unit.position, unit))
    nodes: list[Node] = []

    def walk(parent: int | None, depth: int) -> None:
        for _, item in sorted(children.get(parent, []), key=lambda pair: pair[0]):
            if isinstance(item, Block):
                nodes.append(Node(depth, block=item))
                walk(item.pk, depth + 1)
            else:
                nodes.append(Node(depth, unit=item))

    walk(None, 0)
    return nodes


def steps_for_attaching() -> QuerySet[Step]:
    """Every path step, by path, for choosing which one a unit delivers."""
    return Step.objects.select_related("path", "method").order_by("path__title", "position", "pk")


def get_unit(pk: int) -> AssignableUnit:
    """A unit by primary key (for L&D pages, whose permission the view has checked)."""
    found = AssignableUnit.objects.select_related("course").filter(pk=pk).first()
    if found is None:
        raise Http404("No such unit.")
    return found


def get_unit_to_launch(user: Any, pk: int) -> AssignableUnit:
    """A unit on a step of a path the user is enrolled on (404 otherwise, "missing" or not)."""
    unit = AssignableUnit.objects.select_related("course", "step").filter(pk=pk).first()
    person_id = getattr(user, "person_id", None)
    if unit is None or unit.step is None or person_id is None:
        raise Http404("No such unit on your paths.")
    enrolled = (
        Enrolment.objects.filter(person_id=person_id, path_id=unit.step.path_id)
        .exclude(status=EnrolmentStatus.WITHDRAWN)
        .exists()
    )
    if not enrolled:
        raise Http404("No such unit on your paths.")
    return unit


def units_on_path(path_id: int) -> dict[int, AssignableUnit]:
    """The unit each step of a path launches, by step id."""
    found = AssignableUnit.objects.filter(step__path_id=path_id).only("pk", "step_id", "title")
    return {u.step_id: u for u in found if u.step_id is not None}
