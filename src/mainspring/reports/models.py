"""Management reports (TDRp): the plans reports compare against, and the words beside them."""

from __future__ import annotations

from typing import ClassVar

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from mainspring.experiences.models import Program
from mainspring.org.models import OrgUnit, User
from mainspring.strategy.models import KPI


class ScopeKind(models.TextChoices):
    COMPANY = "company", "The whole company"
    PROGRAM = "program", "One program"
    UNIT = "unit", "One department or org unit"


class ReportKind(models.TextChoices):
    SUMMARY = "summary", "Summary report"
    PROGRAM = "program", "Program report"
    OPERATIONS = "operations", "Operations report"


def plan_slot(
    *, scope: str, program_id: int | None, org_unit_id: int | None, kpi_id: int | None,
    year: int, month: int | None,
) -> str:  # fmt: skip
    """Return the key that makes a plan unique, NULLs included, on SQLite and PostgreSQL."""
    return f"{scope}:{program_id or 0}:{org_unit_id or 0}:{kpi_id or 0}:{year}:{month or 0}"


class MeasurePlan(models.Model):
    """The planned value of one measure for one scope and period (a month, or a whole year).

    ``month`` is empty for an annual plan. ``kpi`` is set only for outcome measures,
    which are per KPI. ``slot`` repeats scope, KPI and period in one string so that a
    single unique constraint holds even where the nullable keys are NULL (a plain
    unique constraint lets NULLs repeat; ``nulls_distinct`` needs PostgreSQL 15).
    """

    measure = models.CharField(max_length=40)
    scope = models.CharField(max_length=8, choices=ScopeKind.choices, default=ScopeKind.COMPANY)
    program = models.ForeignKey(
        Program, null=True, blank=True, on_delete=models.CASCADE, related_name="measure_plans"
    )
    org_unit = models.ForeignKey(
        OrgUnit, null=True, blank=True, on_delete=models.CASCADE, related_name="measure_plans"
    )
    kpi = models.ForeignKey(
        KPI, null=True, blank=True, on_delete=models.CASCADE, related_name="measure_plans"
    )
    year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    month = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    value = models.FloatField()
    slot = models.CharField(max_length=80, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at", "slot"])

    class Meta:
        ordering: ClassVar = ["year", "measure", "month", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["measure", "slot"], name="measure_plan_once_per_slot"),
            models.CheckConstraint(
                condition=Q(month__isnull=True) | Q(month__gte=1, month__lte=12),
                name="measure_plan_month_1_12",
            ),
            models.CheckConstraint(
                condition=(
                    Q(scope=ScopeKind.COMPANY, program__isnull=True, org_unit__isnull=True)
                    | Q(scope=ScopeKind.PROGRAM, program__isnull=False, org_unit__isnull=True)
                    | Q(scope=ScopeKind.UNIT, program__isnull=True, org_unit__isnull=False)
                ),
                name="measure_plan_scope_matches_keys",
            ),
        ]
        indexes: ClassVar = [models.Index(fields=["year", "scope"], name="measure_plan_year")]

    def __str__(self) -> str:
        period = f"{self.year}-{self.month:02d}" if self.month else str(self.year)
        return f"{self.measure} {self.scope} {period}: {self.value}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.slot = plan_slot(
            scope=self.scope, program_id=self.program_id, org_unit_id=self.org_unit_id,
            kpi_id=self.kpi_id, year=self.year, month=self.month,
        )  # fmt: skip
        super().save(*args, **kwargs)  # type: ignore[arg-type]  # Model.save's own signature


class ReportNote(models.Model):
    """L&D's interpretation of one monthly report: what the numbers mean, what happens next.

    ``scope`` is "company" for the summary and operations reports, or "program:<pk>" when
    a program report shows one program.
    """

    kind = models.CharField(max_length=12, choices=ReportKind.choices)
    scope = models.CharField(max_length=40, default="company")
    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    text = models.TextField("interpretation", blank=True)
    author = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="report_notes"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering: ClassVar = ["-year", "-month", "kind", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["kind", "scope", "year", "month"], name="report_note_once_per_month"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year}-{self.month:02d}"
