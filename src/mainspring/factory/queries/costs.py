"""Reads for the factory's pages: access helpers and lookups, scoped by the caller's check."""

from __future__ import annotations

from collections import defaultdict
from uuid import UUID

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from mainspring.experiences.models import Program
from mainspring.factory.imports import program_keys
from mainspring.factory.models import CostEntry, CostImport, LoadedRate
from mainspring.org.models import JobRole


def get_entry(pk: int) -> CostEntry:
    """A cost entry by id, or 404 (every cost reader sees every entry)."""
    return get_object_or_404(CostEntry.objects.select_related("program", "created_by"), pk=pk)


def get_program(pk: int) -> Program:
    """A program by id, or 404."""
    return get_object_or_404(Program, pk=pk)


def get_cost_import(code: UUID) -> CostImport:
    """An uploaded cost file by its code, or 404."""
    return get_object_or_404(CostImport.objects.select_related("created_by"), code=code)


def programs_for_costs() -> QuerySet[Program]:
    """Programs to book costs to and budget for, by title (retired ones too: old costs)."""
    return Program.objects.order_by("title", "pk")


def program_lookup() -> dict[str, list[int]]:
    """Every name a program answers to in an import file -> the ids answering to it."""
    lookup: dict[str, list[int]] = defaultdict(list)
    for pk, title in Program.objects.values_list("pk", "title"):
        for key in program_keys(title):
            lookup[key].append(pk)
    return dict(lookup)


def job_roles_with_rates() -> QuerySet[JobRole]:
    """Every job role with its active head count and its loaded rate (if set)."""
    return (
        JobRole.objects.select_related("loaded_rate")
        .annotate(headcount=Count("people", filter=Q(people__active=True)))
        .order_by("name")
    )


def default_rate_row() -> LoadedRate | None:
    """The default loaded rate row, if one was set."""
    return LoadedRate.objects.filter(is_default=True).first()
