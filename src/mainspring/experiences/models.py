"""Programs, learning paths and their steps, skills, the catalogue, audiences and progress.

The chain: a :class:`Program` serves learning needs (and so goals and KPIs); it has
:class:`LearningPath` s for its audiences; a path is an ordered list of :class:`Step` s
(chunks) with objectives, a delivery :class:`Method`, a duration and prerequisites.
:class:`AudienceRule` s enrol people into paths (:class:`Enrolment`), and
:class:`StepProgress` records how far each person is with each step.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from mainspring.org.models import JobRole, OrgUnit, Person
from mainspring.strategy.models import LearningNeed


class MixCategory(models.TextChoices):
    """The 70-20-10 heuristic's three kinds of learning: shown, never enforced."""

    EXPERIENTIAL = "experiential", "Experience (70)"
    SOCIAL = "social", "Social (20)"
    FORMAL = "formal", "Formal (10)"


class Focus(models.TextChoices):
    """Which gap a step closes (the gap types of a learning need)."""

    KNOWLEDGE = "knowledge", "Knowledge"
    SKILL = "skill", "Skill"
    MOTIVATION = "motivation", "Motivation"


class Method(models.Model):
    """A delivery method of the managed taxonomy (classroom, podcast, coaching, ...).

    ``code`` matches :class:`mainspring.strategy.models.DeliveryMethod` for the standard
    methods, so the strategy's delivery guidelines and the paths speak of the same thing.
    """

    code = models.SlugField(max_length=32, unique=True)
    name = models.CharField(max_length=100, unique=True)
    category = models.CharField(max_length=16, choices=MixCategory.choices)
    synchronous = models.BooleanField(
        default=False, help_text="People take part at the same time (a session, a call)."
    )
    description = models.TextField(blank=True)
    active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["name"]

    def __str__(self) -> str:
        return self.name


class Skill(models.Model):
    """A skill of the framework; skills nest (a parent groups its children)."""

    code = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    needs = models.ManyToManyField(LearningNeed, blank=True, related_name="skills")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering: ClassVar = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class RoleSkill(models.Model):
    """The level of a skill a job role requires (1 awareness to 5 expert)."""

    job_role = models.ForeignKey(JobRole, on_delete=models.CASCADE, related_name="skill_levels")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="role_levels")
    level = models.PositiveSmallIntegerField(default=3)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["job_role", "skill"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["job_role", "skill"], name="role_skill_once"),
            models.CheckConstraint(
                condition=Q(level__gte=1) & Q(level__lte=5), name="role_skill_level_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.job_role}: {self.skill} level {self.level}"


class Library(models.Model):
    """A content library the company pays for (or its own), to see how much is used."""

    name = models.CharField(max_length=200, unique=True)
    vendor = models.CharField(max_length=200, blank=True)
    annual_cost = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    renewal_date = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["name"]
        verbose_name_plural = "libraries"

    def __str__(self) -> str:
        return self.name


class CatalogItem(models.Model):
    """One piece of content in the catalogue: a course, video, article, podcast...

    Import files name items by ``external_id`` (the vendor's or LMS's id), unique within
    a library; an xAPI activity id, when given, is unique across the catalogue.
    """

    library = models.ForeignKey(
        Library, null=True, blank=True, on_delete=models.PROTECT, related_name="items"
    )
    external_id = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=500)
    description = models.TextField(blank=True)
    provider = models.CharField(max_length=200, blank=True)
    item_type = models.CharField("type", max_length=50, blank=True)
    duration_minutes = models.PositiveIntegerField(null=True, blank=True)
    url = models.URLField(max_length=1000, blank=True)
    language = models.CharField(max_length=20, blank=True)
    xapi_activity_id = models.CharField("xAPI activity id", max_length=1000, blank=True)
    skills = models.ManyToManyField(Skill, blank=True, related_name="catalog_items")
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["title", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["library", "external_id"],
                condition=~Q(external_id=""),
                name="catalog_item_external_id_once_per_library",
            ),
            models.UniqueConstraint(
                fields=["xapi_activity_id"],
                condition=~Q(xapi_activity_id=""),
                name="catalog_item_xapi_id_once",
            ),
        ]
        # The suggestion index is keyed by the catalogue's latest change among active items.
        indexes: ClassVar = [
            models.Index(fields=["active", "updated_at"], name="catalog_item_active_updated")
        ]

    def __str__(self) -> str:
        return self.title


class ProgramStatus(models.TextChoices):
    IDEA = "idea", "Idea"
    DESIGN = "design", "Design"
    BUILD = "build", "Build"
    PILOT = "pilot", "Pilot"
    LIVE = "live", "Live"
    RETIRED = "retired", "Retired"


class CostModel(models.TextChoices):
    PER_LEARNER = "per_learner", "Per learner"
    PER_SESSION = "per_session", "Per session"
    FIXED = "fixed", "Fixed (licence or build)"
    MIXED = "mixed", "Mixed"


class Program(models.Model):
    """A learning solution serving one or more learning needs (and so goals and KPIs)."""

    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True, help_text="What it is for, in a sentence or two.")
    owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="owned_programs"
    )
    needs = models.ManyToManyField(LearningNeed, blank=True, related_name="programs")
    job_roles = models.ManyToManyField(
        JobRole, blank=True, related_name="programs", verbose_name="audience: job roles"
    )
    org_units = models.ManyToManyField(
        OrgUnit, blank=True, related_name="programs", verbose_name="audience: org units"
    )
    status = models.CharField(max_length=8, choices=ProgramStatus.choices, default="idea")
    cost_model = models.CharField(
        "delivery cost model", max_length=12, choices=CostModel.choices, default="per_learner"
    )
    cost_per_learner = models.DecimalField(
        "estimated cost per learner", max_digits=12, decimal_places=2, null=True, blank=True
    )
    cost_notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering: ClassVar = ["title", "id"]

    def __str__(self) -> str:
        return self.title


class TemplateKind(models.TextChoices):
    NONE = "", "Not a template"
    ONBOARDING = "onboarding", "Onboarding"
    NEW_MANAGER = "new_manager", "New manager"
    COMPLIANCE = "compliance", "Compliance"


class LearningPath(models.Model):
    """The route an audience follows: ordered steps with a blended mix of methods.

    A template (``template_kind`` set) belongs to no program and is copied to start a
    new path.
    """

    program = models.ForeignKey(
        Program, null=True, blank=True, on_delete=models.PROTECT, related_name="paths"
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    audience = models.TextField(blank=True, help_text="Who this path is for, in words.")
    job_roles = models.ManyToManyField(JobRole, blank=True, related_name="learning_paths")
    template_kind = models.CharField(
        max_length=16, choices=TemplateKind.choices, default="", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering: ClassVar = ["title", "id"]

    def __str__(self) -> str:
        return self.title


class Step(models.Model):
    """A chunk of a path: objectives, a method, a duration, a focus and prerequisites.

    ``objectives`` holds one measurable, verb-first objective per line. Prerequisites
    point at steps of the same path and must not form a cycle (checked by the actions).
    ``due_days`` counts from enrolment.
    """

    path = models.ForeignKey(LearningPath, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=200)
    objectives = models.TextField(blank=True)
    method = models.ForeignKey(Method, on_delete=models.PROTECT, related_name="steps")
    duration_minutes = models.PositiveIntegerField(default=30)
    focus = models.CharField(max_length=12, choices=Focus.choices, default=Focus.KNOWLEDGE)
    required = models.BooleanField(default=True)
    prerequisites = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="unlocks"
    )
    due_days = models.PositiveIntegerField(null=True, blank=True)
    catalog_item = models.ForeignKey(
        CatalogItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="steps"
    )
    activity = models.TextField(
        blank=True, help_text="What the learner does, when no catalogue item delivers it."
    )
    skills = models.ManyToManyField(Skill, blank=True, related_name="steps")
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["path", "position", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def objective_lines(self) -> list[str]:
        return [line.strip() for line in self.objectives.splitlines() if line.strip()]


class AudienceRule(models.Model):
    """Who a path is for: people matching every condition set are enrolled automatically.

    Conditions left empty do not restrict. ``org_unit`` includes its whole subtree;
    ``hired_within_days`` keeps people hired at most that many days ago.
    """

    path = models.ForeignKey(LearningPath, on_delete=models.CASCADE, related_name="rules")
    name = models.CharField(max_length=200)
    job_roles = models.ManyToManyField(JobRole, blank=True, related_name="audience_rules")
    org_unit = models.ForeignKey(
        OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="audience_rules"
    )
    hired_within_days = models.PositiveIntegerField(null=True, blank=True)
    location = models.CharField(max_length=200, blank=True)
    due_days = models.PositiveIntegerField(
        default=30, help_text="Days from enrolment to the due date."
    )
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["path", "name", "id"]

    def __str__(self) -> str:
        return self.name


class EnrolmentStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    COMPLETED = "completed", "Completed"
    WITHDRAWN = "withdrawn", "Withdrawn"


class EnrolmentSource(models.TextChoices):
    RULE = "rule", "Audience rule"
    MANUAL = "manual", "Enrolled by hand"


class Enrolment(models.Model):
    """A person on a path: one per person and path; leaving and coming back reactivates it."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="enrolments")
    path = models.ForeignKey(LearningPath, on_delete=models.PROTECT, related_name="enrolments")
    rule = models.ForeignKey(
        AudienceRule, null=True, blank=True, on_delete=models.SET_NULL, related_name="enrolments"
    )
    source = models.CharField(max_length=8, choices=EnrolmentSource.choices)
    status = models.CharField(
        max_length=10, choices=EnrolmentStatus.choices, default=EnrolmentStatus.ACTIVE
    )
    enrolled_on = models.DateField()
    due_date = models.DateField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    withdrawn_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering: ClassVar = ["-enrolled_on", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["person", "path"], name="enrolment_once_per_path")
        ]
        indexes: ClassVar = [models.Index(fields=["path", "status"], name="enrolment_path_status")]

    def __str__(self) -> str:
        return f"{self.person} on {self.path}"


class ProgressStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    PASSED = "passed", "Passed"
    FAILED = "failed", "Failed"
    WAIVED = "waived", "Waived"


DONE_STATUSES = (ProgressStatus.COMPLETED, ProgressStatus.PASSED, ProgressStatus.WAIVED)


class ProgressSource(models.TextChoices):
    MANUAL = "manual", "By hand"
    IMPORT = "import", "LMS import"
    XAPI = "xapi", "xAPI statement"


class StepProgress(models.Model):
    """How far one enrolled person is with one step of the path."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="progress")
    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="progress")
    status = models.CharField(
        max_length=12, choices=ProgressStatus.choices, default=ProgressStatus.NOT_STARTED
    )
    score = models.FloatField(null=True, blank=True)
    started_on = models.DateField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    source = models.CharField(
        max_length=8, choices=ProgressSource.choices, default=ProgressSource.MANUAL
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering: ClassVar = ["enrolment", "step__position", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["enrolment", "step"], name="progress_once_per_step")
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id}/{self.step_id}: {self.status}"
