from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from mainspring.org.models import JobRole, OrgUnit, Person


class Driver(models.TextChoices):
    PAIN = "pain", "Reduce a pain"
    GAIN = "gain", "Move toward a gain"


class Direction(models.TextChoices):
    HIGHER = "higher", "Higher is better"
    LOWER = "lower", "Lower is better"


class Level(models.TextChoices):
    PERSON = "person", "Person"
    TEAM = "team", "Team"
    SITE = "site", "Site"
    DEPARTMENT = "department", "Department"
    COMPANY = "company", "Company"


class Period(models.TextChoices):
    MONTH = "month", "Month"
    QUARTER = "quarter", "Quarter"
    YEAR = "year", "Year"


class GapType(models.TextChoices):
    KNOWLEDGE = "knowledge", "Knowledge"
    SKILL = "skill", "Skill"
    MOTIVATION = "motivation", "Motivation"
    NOT_LEARNING = "not_a_learning_problem", "Not a learning problem"


class Priority(models.TextChoices):
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


class KPI(models.Model):
    """A business measure a goal is judged by, and that learning may move.

    ``code`` is what import files name it by. ``unit_value`` is the money value of one
    unit of the measure (the "value of one KPI unit" of a Phillips ROI).
    """

    code = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=200)
    definition = models.TextField(blank=True)
    unit = models.CharField(
        max_length=100, blank=True, help_text='What one unit is, e.g. "incidents per 100 drivers".'
    )
    direction = models.CharField(max_length=8, choices=Direction.choices, default=Direction.HIGHER)
    level = models.CharField(max_length=16, choices=Level.choices, default=Level.COMPANY)
    period = models.CharField(max_length=8, choices=Period.choices, default=Period.MONTH)
    baseline = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    baseline_period = models.DateField(null=True, blank=True)
    target = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    target_date = models.DateField(null=True, blank=True)
    unit_value = models.DecimalField(
        "money value of one unit", max_digits=18, decimal_places=4, null=True, blank=True
    )
    unit_value_source = models.TextField(
        blank=True, help_text="Where the money value comes from (finance, a study, an estimate)."
    )
    data_source = models.TextField(
        blank=True, help_text="The system or report the values come from."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering: ClassVar = ["code"]
        verbose_name = "KPI"
        verbose_name_plural = "KPIs"

    def __str__(self) -> str:
        return self.name


class BusinessGoal(models.Model):
    """A company goal that learning serves: a pain to reduce or a gain to reach."""

    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    driver = models.CharField(max_length=8, choices=Driver.choices)
    sponsor = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="sponsored_goals"
    )
    owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="owned_goals"
    )
    horizon_start = models.DateField(null=True, blank=True)
    horizon_end = models.DateField(null=True, blank=True)
    kpis = models.ManyToManyField(KPI, blank=True, related_name="goals")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering: ClassVar = ["title", "id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(horizon_start__isnull=True)
                | Q(horizon_end__isnull=True)
                | Q(horizon_end__gte=models.F("horizon_start")),
                name="goal_horizon_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Observation(models.Model):
    """One value of a KPI for one unit (an org unit, a person, or the company) and period.

    ``period`` is the first day of the KPI's period (month, quarter or year).
    Uniqueness is three partial unique indexes rather than one constraint with
    ``nulls_distinct=False``: that option exists only on PostgreSQL 15+, and on SQLite
    a plain unique constraint would let NULL org units repeat. Partial indexes work
    the same on both.
    """

    kpi = models.ForeignKey(KPI, on_delete=models.PROTECT, related_name="observations")
    org_unit = models.ForeignKey(
        OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="kpi_observations"
    )
    # Person-level values are personal data: erasing the person erases them.
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="kpi_observations"
    )
    period = models.DateField()
    value = models.FloatField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["kpi", "period", "id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(org_unit__isnull=True) | Q(person__isnull=True),
                name="observation_unit_or_person",
            ),
            models.UniqueConstraint(
                fields=["kpi", "org_unit", "period"],
                condition=Q(org_unit__isnull=False),
                name="observation_unique_unit_period",
            ),
            models.UniqueConstraint(
                fields=["kpi", "person", "period"],
                condition=Q(person__isnull=False),
                name="observation_unique_person_period",
            ),
            models.UniqueConstraint(
                fields=["kpi", "period"],
                condition=Q(org_unit__isnull=True, person__isnull=True),
                name="observation_unique_company_period",
            ),
        ]
        indexes: ClassVar = [models.Index(fields=["kpi", "period"], name="observation_kpi_period")]

    def __str__(self) -> str:
        return f"{self.kpi_id} {self.period:%Y-%m}: {self.value}"


class LearningNeed(models.Model):
    """A gap in what an audience knows, can do or wants to do, tied to a goal and KPI.

    ``expected_change`` is in the KPI's units; its sign is the direction the need
    should move the KPI. A gap that training cannot close is recorded too, as
    ``not_a_learning_problem`` with the reason: triage is part of the record.
    """

    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    gap_type = models.CharField(max_length=32, choices=GapType.choices)
    not_learning_reason = models.TextField("why it is not a learning problem", blank=True)
    job_roles = models.ManyToManyField(
        JobRole, blank=True, related_name="learning_needs", verbose_name="audience: job roles"
    )
    org_units = models.ManyToManyField(
        OrgUnit, blank=True, related_name="learning_needs", verbose_name="audience: org units"
    )
    goal = models.ForeignKey(
        BusinessGoal, null=True, blank=True, on_delete=models.SET_NULL, related_name="needs"
    )
    kpi = models.ForeignKey(
        KPI, null=True, blank=True, on_delete=models.SET_NULL, related_name="needs",
        verbose_name="KPI",
    )  # fmt: skip
    expected_change = models.DecimalField(
        "expected change in the KPI",
        max_digits=20,
        decimal_places=6,
        null=True,
        blank=True,
        help_text="In the KPI's units; negative for a fall, positive for a rise.",
    )
    expected_by = models.DateField("expected by", null=True, blank=True)
    evidence = models.TextField(blank=True)
    priority = models.CharField(max_length=8, choices=Priority.choices, default=Priority.MEDIUM)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering: ClassVar = ["title", "id"]

    def __str__(self) -> str:
        return self.title
