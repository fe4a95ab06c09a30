"""Learning factory: persistence. For now the money part: budgets, the cost ledger, rates."""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from mainspring.experiences.models import Program
from mainspring.org.models import JobRole, User


class CostCategory(models.TextChoices):
    """The fully loaded cost categories of a Phillips ROI, also the budget's categories."""

    NEEDS_ASSESSMENT = "needs_assessment", "Needs assessment"
    DESIGN = "design", "Design and development"
    ACQUISITION = "acquisition", "Acquisition and licences"
    DELIVERY = "delivery", "Delivery (facilitators, materials, facilities, travel)"
    PARTICIPANT_TIME = "participant_time", "Participants' time"
    MAINTENANCE = "maintenance", "Maintenance"
    EVALUATION = "evaluation", "Evaluation"
    OVERHEAD = "overhead", "Overhead"


# Shared (program-less) costs in these categories are spread over programs by their
# share of participant hours; other shared costs stay department-wide.
PRORATED_CATEGORIES = (CostCategory.NEEDS_ASSESSMENT, CostCategory.OVERHEAD)


class CostSource(models.TextChoices):
    MANUAL = "manual", "Entered by hand"
    IMPORT = "import", "CSV import"


class BudgetLine(models.Model):
    """The plan for one year, one program (or the shared pot) and one cost category."""

    year = models.PositiveSmallIntegerField()
    program = models.ForeignKey(
        Program,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="budget_lines",
        help_text="Empty for shared, department-wide costs.",
    )
    category = models.CharField(max_length=20, choices=CostCategory.choices)
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    # Twelve month amounts (strings of decimals) summing to ``amount``; empty = even.
    phasing = models.JSONField(default=list, blank=True)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering: ClassVar = ["year", "program__title", "category"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["year", "program", "category"],
                condition=Q(program__isnull=False),
                name="budget_line_once_per_program",
            ),
            models.UniqueConstraint(
                fields=["year", "category"],
                condition=Q(program__isnull=True),
                name="budget_line_once_shared",
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="budget_line_not_negative"),
        ]

    def __str__(self) -> str:
        who = self.program.title if self.program else "Shared"
        return f"{self.year} {who}: {self.get_category_display()}"


class CostEntry(models.Model):
    """One actual cost: an invoice, a timesheet total, a licence payment."""

    date = models.DateField()
    program = models.ForeignKey(
        Program,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cost_entries",
        help_text="Empty for shared, department-wide costs.",
    )
    category = models.CharField(max_length=20, choices=CostCategory.choices)
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    # Free text for now; the vendors register of a later issue may turn it into a link.
    vendor = models.CharField(max_length=200, blank=True)
    description = models.CharField(max_length=500, blank=True)
    reference = models.CharField("invoice or reference no.", max_length=100, blank=True)
    source = models.CharField(max_length=8, choices=CostSource.choices, default=CostSource.MANUAL)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="cost_entries"
    )
    batch = models.ForeignKey(
        "CostImport",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="entries",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering: ClassVar = ["-date", "-pk"]
        indexes: ClassVar = [models.Index(fields=["date", "program"])]
        constraints: ClassVar = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="cost_entry_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.get_category_display()} {self.amount}"


class LoadedRate(models.Model):
    """What one hour of a person in a job role costs, salary plus benefits.

    There are no pay bands on people: the job role's rate stands in for one. The row
    without a job role is the default for people whose role has no rate.
    """

    job_role = models.OneToOneField(
        JobRole,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="loaded_rate",
    )
    is_default = models.BooleanField(default=False, editable=False)
    hourly_rate = models.DecimalField(max_digits=8, decimal_places=2)
    notes = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering: ClassVar = ["job_role__name"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="loaded_rate_one_default"
            ),
            models.CheckConstraint(
                condition=Q(is_default=True, job_role__isnull=True)
                | Q(is_default=False, job_role__isnull=False),
                name="loaded_rate_default_has_no_role",
            ),
            models.CheckConstraint(condition=Q(hourly_rate__gt=0), name="loaded_rate_positive"),
        ]

    def __str__(self) -> str:
        who = self.job_role.name if self.job_role else "Default"
        return f"{who}: {self.hourly_rate}/h"


class CostImport(models.Model):
    """An uploaded file of actual costs: checked, previewed, then applied once."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    original_name = models.CharField(max_length=255)
    content = models.BinaryField()
    total_rows = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="cost_imports"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    applied_rows = models.PositiveIntegerField(default=0)

    class Meta:
        ordering: ClassVar = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.original_name
