"""The API's shapes of goals, KPIs, observations and needs.

Parsing only: writes go through ``actions``.
Things are named the way people and import files name them: KPIs by code, people by
HRIS id, org units by code, job roles by name; goals and needs (which have no natural
key) by id.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from rest_framework import serializers

from mainspring.org.imports import Cell, RowError, Table
from mainspring.org.models import JobRole, OrgUnit, Person
from mainspring.strategy import imports
from mainspring.strategy.models import KPI, BusinessGoal, LearningNeed, Observation

# The most rows one JSON upload may carry; bigger loads go in several requests, or
# as a file through the import wizard or ``mainspring import kpi-observations``.
MAX_BULK_ROWS = 100_000
BULK_COLUMNS = ("kpi", "unit", "period", "value")


class GoalSerializer(serializers.ModelSerializer[BusinessGoal]):
    sponsor = serializers.SlugRelatedField(
        slug_field="hris_id", queryset=Person.objects.filter(active=True),
        allow_null=True, required=False, help_text="The sponsor's HRIS id.",
    )  # fmt: skip
    owner = serializers.SlugRelatedField(
        slug_field="hris_id", queryset=Person.objects.filter(active=True),
        allow_null=True, required=False, help_text="The owner's HRIS id.",
    )  # fmt: skip
    kpis = serializers.SlugRelatedField(
        slug_field="code", queryset=KPI.objects.all(), many=True, required=False,
        help_text="The codes of the KPIs this goal is judged by.",
    )  # fmt: skip

    class Meta:
        model = BusinessGoal
        fields: ClassVar = [
            "id", "title", "description", "driver", "sponsor", "owner", "horizon_start",
            "horizon_end", "kpis", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields: ClassVar = ["id", "created_at", "updated_at"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        goal = self.instance
        start = attrs.get("horizon_start", goal.horizon_start if goal else None)
        end = attrs.get("horizon_end", goal.horizon_end if goal else None)
        if start and end and end < start:
            raise serializers.ValidationError({"horizon_end": "The horizon ends before it starts."})
        return attrs


class KPISerializer(serializers.ModelSerializer[KPI]):
    class Meta:
        model = KPI
        fields: ClassVar = [
            "id", "code", "name", "definition", "unit", "direction", "level", "period",
            "baseline", "baseline_period", "target", "target_date", "unit_value",
            "unit_value_source", "data_source", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields: ClassVar = ["id", "created_at", "updated_at"]
        # The action checks the code (slug-like, not taken in any letter case).
        extra_kwargs: ClassVar[dict[str, Any]] = {"code": {"validators": []}}

    def validate_code(self, value: str) -> str:
        if self.instance is not None and value != self.instance.code:
            # Import files name the KPI by its code: changing it would orphan them.
            raise serializers.ValidationError("The code of a KPI cannot be changed.")
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        kpi = self.instance

        def now(name: str) -> Any:
            return attrs.get(name, getattr(kpi, name) if kpi else None)

        problems = {}
        if now("target_date") and now("target") is None:
            problems["target_date"] = "A target date needs a target value."
        if now("baseline_period") and now("baseline") is None:
            problems["baseline_period"] = "A baseline period needs a baseline value."
        if problems:
            raise serializers.ValidationError(problems)
        if attrs.get("baseline_period"):
            attrs["baseline_period"] = imports.period_start(
                attrs["baseline_period"], now("period") or imports.MONTH
            )
        return attrs


class NeedSerializer(serializers.ModelSerializer[LearningNeed]):
    kpi = serializers.SlugRelatedField(
        slug_field="code", queryset=KPI.objects.all(), allow_null=True, required=False,
        help_text="The code of the KPI the need should move.",
    )  # fmt: skip
    job_roles = serializers.SlugRelatedField(
        slug_field="name", queryset=JobRole.objects.all(), many=True, required=False,
        help_text="Audience: job role names.",
    )  # fmt: skip
    org_units = serializers.SlugRelatedField(
        slug_field="code", queryset=OrgUnit.objects.all(), many=True, required=False,
        help_text="Audience: org unit codes.",
    )  # fmt: skip

    class Meta:
        model = LearningNeed
        fields: ClassVar = [
            "id", "title", "description", "gap_type", "not_learning_reason", "job_roles",
            "org_units", "goal", "kpi", "expected_change", "expected_by", "evidence",
            "priority", "evaluation_level", "isolation_method", "evaluation_notes",
            "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields: ClassVar = ["id", "created_at", "updated_at"]


class ObservationSerializer(serializers.ModelSerializer[Observation]):
    kpi = serializers.CharField(source="kpi.code", read_only=True)
    unit = serializers.CharField(
        source="org_unit.code", read_only=True, allow_null=True,
        help_text="The org unit's code; null for person-level and company-wide values.",
    )  # fmt: skip
    unit_name = serializers.CharField(source="org_unit.name", read_only=True, allow_null=True)
    person = serializers.CharField(
        source="person.hris_id", read_only=True, allow_null=True,
        help_text="The person's HRIS id, if person-level.",
    )  # fmt: skip

    class Meta:
        model = Observation
        fields: ClassVar = [
            "kpi", "unit", "unit_name", "person", "period", "value", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields: ClassVar = fields


def _period_text(value: str) -> date:
    try:
        return imports.parse_period(value, imports.MONTH)
    except ValueError as error:
        raise serializers.ValidationError(str(error)) from None


class ObservationFilterSerializer(serializers.Serializer[None]):
    period_from = serializers.CharField(
        required=False, default="", allow_blank=True, max_length=20,
        help_text="The first period to include: YYYY-MM or a date.",
    )  # fmt: skip
    period_to = serializers.CharField(
        required=False, default="", allow_blank=True, max_length=20,
        help_text="The last period to include: YYYY-MM or a date.",
    )  # fmt: skip
    unit = serializers.CharField(
        required=False, default="", allow_blank=True, max_length=64,
        help_text="Only this org unit's values (its code), or this person's (HRIS id).",
    )  # fmt: skip

    def validate_period_from(self, value: str) -> date | None:
        return _period_text(value) if value else None

    def validate_period_to(self, value: str) -> date | None:
        return _period_text(value) if value else None


class BulkRowSerializer(serializers.Serializer[None]):
    """One value, as in a long-format file (documentation only: rows are checked in bulk)."""

    kpi = serializers.CharField(help_text="A KPI code.")
    unit = serializers.CharField(
        required=False, allow_null=True, allow_blank=True,
        help_text="An org unit code, or a person's HRIS id for person-level KPIs; "
        "blank or absent for company-wide values.",
    )  # fmt: skip
    period = serializers.CharField(help_text="YYYY-MM, a date, YYYY-Qn or YYYY.")
    value = serializers.FloatField()


class BulkObservationsSerializer(serializers.Serializer[None]):
    # Rows are a plain list here: checking 100,000 rows field by field through DRF
    # would take many seconds, and the import's checks name every problem anyway.
    rows = serializers.ListField(
        child=serializers.JSONField(), allow_empty=False, max_length=MAX_BULK_ROWS,
        help_text=f"At most {MAX_BULK_ROWS:,} values; each an object like BulkRow.",
    )  # fmt: skip
    valid_only = serializers.BooleanField(
        default=False,
        help_text="Write the valid rows even when some have errors (they are skipped).",
    )
    dry_run = serializers.BooleanField(
        default=False, help_text="Check and count only; write nothing."
    )


class BulkFileSerializer(serializers.Serializer[None]):
    file = serializers.FileField(help_text="A long-format CSV or Excel (.xlsx) file.")
    valid_only = serializers.BooleanField(default=False)
    dry_run = serializers.BooleanField(default=False)


class BulkErrorSerializer(serializers.Serializer[None]):
    row = serializers.IntegerField(
        help_text="For JSON, the row's position in 'rows' (the first is 1); for a file, "
        "the spreadsheet row (the header is row 1)."
    )
    column = serializers.CharField()
    value = serializers.CharField()
    message = serializers.CharField()


class BulkCountsSerializer(serializers.Serializer[None]):
    rows = serializers.IntegerField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    invalid = serializers.IntegerField(help_text="Rows with at least one error.")


class BulkResultSerializer(serializers.Serializer[None]):
    written = serializers.BooleanField(help_text="Whether anything was written.")
    dry_run = serializers.BooleanField()
    counts = BulkCountsSerializer()
    error_count = serializers.IntegerField()
    # DRF's metaclass moves declared fields out of the class, so Serializer.errors stays.
    errors = BulkErrorSerializer(many=True, help_text="The first 1,000 errors, row by row.")  # type: ignore[assignment]  # the answer's key; see above
    detail = serializers.CharField(help_text="What happened, in a sentence.")


@dataclass(frozen=True, slots=True)
class BulkRows:
    """JSON rows as a table the import checks, with the errors of their shape."""

    table: Table
    positions: list[int]  # the 1-based position in the request of each table row
    errors: list[RowError]


def rows_as_table(rows: Sequence[Any]) -> BulkRows:
    """Turn JSON rows into the table a long-format file would give.

    Rows that are not objects, or hold something other than text or numbers, are
    reported here and left out of the table; the rest are checked as a file is.
    """
    cells: list[list[Cell]] = []
    positions: list[int] = []
    errors: list[RowError] = []
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, Mapping):
            errors.append(RowError(number, "", "each row must be an object with kpi, unit, "
                                   "period and value."))  # fmt: skip
            continue
        problems = [
            RowError(number, str(key), f"unknown field; use {', '.join(BULK_COLUMNS)}.")
            for key in row
            if key not in BULK_COLUMNS
        ]
        problems += [
            RowError(number, key, "must be text or a number.", str(row[key])[:100])
            for key in BULK_COLUMNS
            if not isinstance(row.get(key), str | int | float | None)
            or isinstance(row.get(key), bool)
        ]
        if problems:
            errors += problems
            continue
        cells.append([row.get(key) for key in BULK_COLUMNS])
        positions.append(number)
    return BulkRows(Table(list(BULK_COLUMNS), cells), positions, errors)
