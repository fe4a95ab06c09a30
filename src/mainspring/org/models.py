from __future__ import annotations

import uuid
from typing import ClassVar

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from simple_history.models import HistoricalRecords


class Role(models.TextChoices):
    LEADER = "leader", "Learning leader"
    STAFF = "staff", "L&D staff"
    STAKEHOLDER = "stakeholder", "Business stakeholder"
    EXECUTIVE = "executive", "Executive"
    LEARNER = "learner", "Learner"


class UnitKind(models.TextChoices):
    COMPANY = "company", "Company"
    DIVISION = "division", "Division"
    REGION = "region", "Region"
    DEPARTMENT = "department", "Department"
    SITE = "site", "Site"
    TEAM = "team", "Team"


class OrgUnit(models.Model):
    """A node of the organisation tree.

    ``path`` is a materialised path of primary keys ("/1/5/23/"), so a subtree is one
    indexed ``startswith`` query. Only ``actions`` writes it.
    """

    code = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=UnitKind.choices, default=UnitKind.DEPARTMENT)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(max_length=1024, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["path", "depth", "updated_at"])

    class Meta:
        ordering: ClassVar = ["path"]

    def __str__(self) -> str:
        return self.name


class JobRole(models.Model):
    name = models.CharField(max_length=200, unique=True)
    family = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering: ClassVar = ["name"]

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    """Someone in the organisation, as the HRIS knows them (keyed by ``hris_id``)."""

    hris_id = models.CharField("HRIS id", max_length=64, unique=True)
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    email = models.EmailField(blank=True)
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="people")
    job_role = models.ForeignKey(
        JobRole, null=True, blank=True, on_delete=models.PROTECT, related_name="people"
    )
    manager = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    location = models.CharField(max_length=200, blank=True)
    hire_date = models.DateField(null=True, blank=True)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at", "code"])

    class Meta:
        ordering: ClassVar = ["last_name", "first_name", "id"]
        verbose_name_plural = "people"
        constraints: ClassVar = [
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="person_email_unique_when_set",
            )
        ]
        indexes: ClassVar = [
            models.Index(fields=["active", "org_unit"], name="person_active_unit"),
            models.Index(fields=["last_name", "first_name"], name="person_name"),
            models.Index(fields=["hire_date"], name="person_hire_date"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class User(AbstractUser):
    """A login. Its ``role`` decides what it may do; ``person`` ties it to the org."""

    role = models.CharField(max_length=16, choices=Role.choices, default=Role.LEARNER)
    person = models.OneToOneField(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="user"
    )
    scope_units = models.ManyToManyField(
        OrgUnit,
        blank=True,
        related_name="stakeholder_users",
        help_text="For business stakeholders: the org units (with their subtrees) they see. "
        "Empty means the unit of their linked person.",
    )
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        ordering: ClassVar = ["username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class ImportKind(models.TextChoices):
    PEOPLE = "people", "People (HRIS export)"
    ORG_UNITS = "org_units", "Org units"
    # Checked and applied by the strategy app (strategy/import_tasks.py): org never imports it.
    KPI_OBSERVATIONS = "kpi_observations", "KPI values"
    # Checked and applied by the experiences app (experiences/catalog_import_tasks.py).
    CATALOG = "catalog", "Catalogue items"
    SKILLS = "skills", "Skills framework"


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", "Uploaded"
    VALIDATING = "validating", "Checking the file"
    VALIDATED = "validated", "Ready to apply"
    INVALID = "invalid", "Has errors"
    APPLYING = "applying", "Applying"
    APPLIED = "applied", "Applied"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled"


class ImportJob(models.Model):
    """One uploaded file on its way through check → preview → apply."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=32, choices=ImportKind.choices)
    file = models.FileField(upload_to="imports/%Y/%m/")
    original_name = models.CharField(max_length=255)
    mapping = models.JSONField(default=dict, blank=True)
    options = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        max_length=16, choices=ImportStatus.choices, default=ImportStatus.UPLOADED
    )
    total_rows = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)
    message = models.TextField(blank=True)
    created_by = models.ForeignKey(
        User, null=True, on_delete=models.SET_NULL, related_name="import_jobs"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} import {self.original_name}"


# ----------------------------------------------------------------------------- partnerships


class StakeholderCategory(models.TextChoices):
    CUSTOMER = "customer", "Customer"
    SENIOR_LEADERSHIP = "senior_leadership", "Senior leadership"
    PEER = "peer", "Peer across functions"
    WITHIN_LD = "within_ld", "Within L&D"


class RelationshipHealth(models.TextChoices):
    STRONG = "strong", "Strong"
    GOOD = "good", "Good"
    AT_RISK = "at_risk", "At risk"
    POOR = "poor", "Poor"


class EngagementKind(models.TextChoices):
    MEETING = "meeting", "Meeting"
    CALL = "call", "Call"
    EMAIL = "email", "E-mail"
    WORKSHOP = "workshop", "Workshop"
    OTHER = "other", "Other"


class Stakeholder(models.Model):
    """A partnership the learning team holds, based on the value each side gets.

    Either a person from the org registry or, for external customers, a free-text
    name and organisation.
    """

    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="partnerships"
    )
    name = models.CharField(max_length=200, blank=True)
    organisation = models.CharField(max_length=200, blank=True)
    category = models.CharField(max_length=24, choices=StakeholderCategory.choices)
    org_unit = models.ForeignKey(
        OrgUnit,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="partnerships",
        help_text="The unit they speak for.",
    )
    value_to_them = models.TextField(
        blank=True, help_text="What learning provides that they cannot provide for themselves."
    )
    value_to_us = models.TextField(blank=True)
    health = models.CharField(
        max_length=16, choices=RelationshipHealth.choices, default=RelationshipHealth.GOOD
    )
    owner = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="partnerships",
        help_text="The L&D person who holds the relationship.",
    )
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering: ClassVar = ["category", "name", "id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(person__isnull=False) | ~models.Q(name=""),
                name="stakeholder_person_or_name",
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.name:
            return self.name
        return self.person.full_name if self.person else ""


class Engagement(models.Model):
    """One contact with a stakeholder, and the next step it left."""

    stakeholder = models.ForeignKey(
        Stakeholder, on_delete=models.CASCADE, related_name="engagements"
    )
    date = models.DateField()
    kind = models.CharField(
        max_length=16, choices=EngagementKind.choices, default=EngagementKind.MEETING
    )
    notes = models.TextField(blank=True)
    next_step = models.TextField(blank=True)
    next_step_due = models.DateField(null=True, blank=True)
    done = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="engagements"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering: ClassVar = ["-date", "-id"]
        indexes: ClassVar = [
            models.Index(fields=["done", "next_step_due"], name="engagement_follow_up"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} with {self.stakeholder} on {self.date}"
