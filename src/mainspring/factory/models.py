"""Learning factory: persistence.

The money (budgets, the cost ledger, loaded rates), the intake of requests and their
prioritisation, the written process templates, projects with their tasks and change log,
the L&D team (capacity, competencies, development) and the vendors register.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from mainspring.experiences.models import Program
from mainspring.factory.prioritisation import CRITERIA
from mainspring.org.models import JobRole, OrgUnit, Person, User
from mainspring.strategy.models import KPI, Initiative, LearningNeed, Milestone


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


# --- the vendors register -------------------------------------------------------------


class Vendor(models.Model):
    """An outside firm or freelancer the team buys content or services from."""

    name = models.CharField(max_length=200, unique=True)
    services = models.TextField(help_text="What they do for us: custom e-learning, video, ...")
    contact_name = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(blank=True)
    contract_reference = models.CharField(max_length=100, blank=True)
    contract_start = models.DateField(null=True, blank=True)
    contract_end = models.DateField("renewal date", null=True, blank=True)
    rate = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    rate_unit = models.CharField(
        max_length=40, blank=True, help_text='What the rate is per, e.g. "day", "finished minute".'
    )
    notes = models.TextField(blank=True)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering: ClassVar = ["name"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(contract_start__isnull=True)
                | Q(contract_end__isnull=True)
                | Q(contract_end__gte=models.F("contract_start")),
                name="vendor_contract_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(rate__isnull=True) | Q(rate__gte=0), name="vendor_rate_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.name


# --- the L&D team ----------------------------------------------------------------------


class TeamRole(models.TextChoices):
    LEADER = "leader", "Learning leader"
    MANAGER = "manager", "Learning manager"
    DESIGNER = "designer", "Instructional designer"
    DEVELOPER = "developer", "E-learning developer"
    FACILITATOR = "facilitator", "Facilitator"
    LMS_ADMIN = "lms_admin", "LMS administrator"
    COORDINATOR = "coordinator", "Learning coordinator"
    EVALUATOR = "evaluator", "Evaluation specialist"


class TeamMember(models.Model):
    """A member of the L&D team: role, weekly capacity for project work, manager."""

    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="team_member")
    role = models.CharField(max_length=16, choices=TeamRole.choices)
    weekly_capacity = models.DecimalField(
        "hours a week for project work",
        max_digits=5,
        decimal_places=1,
        default=30,
        help_text="Hours left for project tasks after meetings, delivery and admin.",
    )
    manager = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering: ClassVar = ["person__last_name", "person__first_name", "pk"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(weekly_capacity__gte=0) & Q(weekly_capacity__lte=80),
                name="team_member_capacity_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person.first_name} {self.person.last_name}"


class Competency(models.Model):
    """One competency of the team's model; ``code`` is the skill tasks ask for."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=120)
    area = models.CharField(max_length=80, help_text="Group on the heat map, e.g. Design.")
    description = models.TextField(blank=True)
    # The learning leader's own competencies (business acumen, strategy, ...).
    leadership = models.BooleanField(default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering: ClassVar = ["order", "name"]
        verbose_name_plural = "competencies"

    def __str__(self) -> str:
        return self.name


class CompetencyRating(models.Model):
    """Where a member stands on a competency (1-5), by themself and by their manager.

    The manager's rating, when given, is the one task suggestions use.
    """

    member = models.ForeignKey(TeamMember, on_delete=models.CASCADE, related_name="ratings")
    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="ratings")
    self_level = models.PositiveSmallIntegerField(null=True, blank=True)
    manager_level = models.PositiveSmallIntegerField(null=True, blank=True)
    target_level = models.PositiveSmallIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering: ClassVar = ["member", "competency__order"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["member", "competency"], name="rating_once"),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{f}__isnull": True}) | Q(**{f"{f}__range": (1, 5)}),
                    name=f"rating_{f}_1_to_5",
                )
                for f in ("self_level", "manager_level", "target_level")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} - {self.competency}: {self.level}"

    @property
    def level(self) -> int | None:
        """The level that counts: the manager's, else the member's own."""
        return self.manager_level if self.manager_level is not None else self.self_level


class DevelopmentStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    UNDER_WAY = "under_way", "Under way"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


class DevelopmentAction(models.Model):
    """One line of a member's development plan, aimed at a competency gap."""

    member = models.ForeignKey(
        TeamMember, on_delete=models.CASCADE, related_name="development_actions"
    )
    competency = models.ForeignKey(
        Competency, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    action = models.CharField(max_length=300, help_text="A course, a stretch task, coaching ...")
    due = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=DevelopmentStatus.choices, default=DevelopmentStatus.PLANNED
    )
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering: ClassVar = ["due", "pk"]

    def __str__(self) -> str:
        return self.action


# --- process templates and standards ---------------------------------------------------


class Gate(models.TextChoices):
    SME = "sme", "SME review"
    LEGAL = "legal", "Legal review"
    MARKETING = "marketing", "Marketing / brand review"
    ACCESSIBILITY = "accessibility", "Accessibility review"
    PILOT = "pilot", "Pilot"


class StandardDocument(models.Model):
    """A written standard the team works to: style guide, storyboard template, checklist."""

    title = models.CharField(max_length=200, unique=True)
    summary = models.TextField(blank=True)
    link = models.URLField(blank=True, help_text="Where the document lives (intranet, drive).")
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering: ClassVar = ["title"]

    def __str__(self) -> str:
        return self.title


class ProcessTemplate(models.Model):
    """The team's written way of running a project (ADDIE, SAM, its own)."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=120)
    summary = models.TextField(blank=True)
    phases = models.JSONField(default=list, help_text="Phase names, in order.")
    standards = models.ManyToManyField(StandardDocument, blank=True, related_name="templates")
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering: ClassVar = ["name"]

    def __str__(self) -> str:
        return self.name


class TemplateTask(models.Model):
    """A standard task of a template; ``after`` names the codes of the tasks it waits for."""

    template = models.ForeignKey(ProcessTemplate, on_delete=models.CASCADE, related_name="tasks")
    code = models.SlugField(max_length=40)
    name = models.CharField(max_length=200)
    phase = models.CharField(max_length=80)
    days = models.PositiveSmallIntegerField("duration (working days)")
    hours = models.DecimalField("estimate (hours)", max_digits=6, decimal_places=1)
    skill = models.CharField(
        max_length=40, blank=True, help_text="The competency code the task needs."
    )
    skill_level = models.PositiveSmallIntegerField(default=3)
    after = models.JSONField(default=list, blank=True)
    gate = models.CharField(max_length=16, choices=Gate.choices, blank=True)
    checklist = models.JSONField(default=list, blank=True)
    milestone = models.BooleanField(default=False)
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["template", "order", "pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["template", "code"], name="template_task_code_once"),
        ]

    def __str__(self) -> str:
        return self.name


# --- projects ----------------------------------------------------------------------------


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    ACTIVE = "active", "Active"
    ON_HOLD = "on_hold", "On hold"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


class Project(models.Model):
    """Building or buying one learning solution, run on a process template.

    ``baseline_finish`` is the finish the plan promised when it was baselined; the
    schedule's forecast beside it is the slippage. ``deadline`` is the business's date.
    """

    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    program = models.ForeignKey(
        Program, null=True, blank=True, on_delete=models.SET_NULL, related_name="projects"
    )
    template = models.ForeignKey(
        ProcessTemplate, null=True, blank=True, on_delete=models.SET_NULL, related_name="projects"
    )
    sponsor = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="sponsored_projects"
    )
    manager = models.ForeignKey(
        TeamMember,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="managed_projects",
    )
    initiative = models.ForeignKey(
        Initiative,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
        help_text="The implementation-plan item its milestones feed.",
    )
    status = models.CharField(
        max_length=10, choices=ProjectStatus.choices, default=ProjectStatus.PLANNED
    )
    start = models.DateField()
    deadline = models.DateField(null=True, blank=True)
    baseline_finish = models.DateField(null=True, blank=True)
    budget = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="factory_projects"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering: ClassVar = ["start", "title", "pk"]
        indexes: ClassVar = [models.Index(fields=["status", "start"])]

    def __str__(self) -> str:
        return self.title


class TaskStatus(models.TextChoices):
    TODO = "todo", "Not started"
    DOING = "doing", "Under way"
    DONE = "done", "Done"


class Task(models.Model):
    """A task of a project: owner or vendor, estimate, duration, progress.

    Dates come from the schedule (CPM over the dependencies); what is stored is the plan
    (duration, dependencies, the baseline's dates) and what happened (actual dates).
    ``remaining_days`` is the owner's word on a task under way.
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="tasks")
    code = models.SlugField(max_length=40, blank=True)
    name = models.CharField(max_length=200)
    phase = models.CharField(max_length=80, blank=True)
    owner = models.ForeignKey(
        TeamMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks"
    )
    vendor = models.ForeignKey(
        Vendor, null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks"
    )
    duration_days = models.PositiveSmallIntegerField("duration (working days)")
    estimate_hours = models.DecimalField(
        "estimate (hours)", max_digits=6, decimal_places=1, default=0
    )
    skill = models.CharField(max_length=40, blank=True)
    skill_level = models.PositiveSmallIntegerField(default=3)
    gate = models.CharField(max_length=16, choices=Gate.choices, blank=True)
    # A list of {"item": text, "done": bool}.
    checklist = models.JSONField(default=list, blank=True)
    milestone = models.BooleanField(default=False)
    strategy_milestone = models.OneToOneField(
        Milestone, null=True, blank=True, on_delete=models.SET_NULL, related_name="factory_task"
    )
    status = models.CharField(max_length=6, choices=TaskStatus.choices, default=TaskStatus.TODO)
    baseline_start = models.DateField(null=True, blank=True)
    baseline_finish = models.DateField(null=True, blank=True)
    actual_start = models.DateField(null=True, blank=True)
    actual_finish = models.DateField(null=True, blank=True)
    remaining_days = models.PositiveSmallIntegerField(null=True, blank=True)
    order = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering: ClassVar = ["project", "order", "pk"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(actual_start__isnull=True)
                | Q(actual_finish__isnull=True)
                | Q(actual_finish__gte=models.F("actual_start")),
                name="task_finishes_after_start",
            ),
            models.CheckConstraint(
                condition=Q(estimate_hours__gte=0), name="task_estimate_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Dependency(models.Model):
    """``task`` waits for ``waits_for`` to finish (plus ``lag`` working days)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="dependencies")
    waits_for = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="dependents")
    lag = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering: ClassVar = ["task", "waits_for"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["task", "waits_for"], name="dependency_once"),
            models.CheckConstraint(
                condition=~Q(task=models.F("waits_for")), name="dependency_not_on_itself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task} after {self.waits_for}"


class ChangeKind(models.TextChoices):
    SCOPE = "scope", "Scope"
    DEADLINE = "deadline", "Deadline"
    SPONSOR = "sponsor", "Sponsor"
    BUDGET = "budget", "Budget"
    PLAN = "plan", "Plan (re-baselined)"
    STATUS = "status", "Status"


class ProjectChange(models.Model):
    """One entry of a project's change log: what changed, from what to what, and why."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=10, choices=ChangeKind.choices)
    before = models.TextField(blank=True)
    after = models.TextField(blank=True)
    reason = models.TextField()
    actor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="project_changes"
    )
    at = models.DateTimeField()

    class Meta:
        ordering: ClassVar = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.project}: {self.get_kind_display()}"


class VendorRating(models.Model):
    """How a vendor did on one project (1-5 each)."""

    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="ratings")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="vendor_ratings")
    quality = models.PositiveSmallIntegerField()
    timeliness = models.PositiveSmallIntegerField()
    value = models.PositiveSmallIntegerField("value for money")
    comment = models.TextField(blank=True)
    rated_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="vendor_ratings"
    )
    rated_on = models.DateField()

    class Meta:
        ordering: ClassVar = ["-rated_on", "-pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["vendor", "project"], name="vendor_rating_once"),
            *(
                models.CheckConstraint(condition=Q(**{f"{f}__range": (1, 5)}), name=f"vendor_{f}")
                for f in ("quality", "timeliness", "value")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.vendor} on {self.project}"

    @property
    def overall(self) -> float:
        return (self.quality + self.timeliness + self.value) / 3


# --- intake and prioritisation ---------------------------------------------------------


class RequestStatus(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    IN_TRIAGE = "in_triage", "In triage"
    ACCEPTED = "accepted", "Accepted"
    MERGED = "merged", "Merged"
    DEFERRED = "deferred", "Deferred"
    DECLINED = "declined", "Declined"


OPEN_REQUEST_STATUSES = (RequestStatus.SUBMITTED, RequestStatus.IN_TRIAGE, RequestStatus.DEFERRED)


class Diagnosis(models.TextChoices):
    """Performance consulting's answer: what kind of gap, or not a learning problem."""

    KNOWLEDGE = "knowledge", "Knowledge: they do not know how"
    SKILL = "skill", "Skill: they know, but cannot do it well yet"
    MOTIVATION = "motivation", "Motivation: they can, but do not want to"
    PROCESS = "process", "Not learning: the process is broken"
    TOOLS = "tools", "Not learning: tools or resources are missing"
    INCENTIVES = "incentives", "Not learning: incentives reward something else"


LEARNING_DIAGNOSES = (Diagnosis.KNOWLEDGE, Diagnosis.SKILL, Diagnosis.MOTIVATION)


class Acceptance(models.TextChoices):
    PROJECT = "project", "A new or existing project"
    PROGRAM = "program", "An existing program"
    NEED = "need", "A learning need in the strategy"


# The criteria a request is rated on (``rating_<code>`` fields), as prioritisation has them.
CRITERION_CODES = tuple(c.code for c in CRITERIA)


class Request(models.Model):
    """A request for learning from the business, followed by its author to the end."""

    title = models.CharField(max_length=200)
    problem = models.TextField(
        "business problem", help_text="What is going wrong, or what must go better?"
    )
    kpi = models.ForeignKey(
        KPI,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="requests",
        verbose_name="KPI affected",
    )
    kpi_gap = models.DecimalField(
        "gap on the KPI",
        max_digits=20,
        decimal_places=6,
        null=True,
        blank=True,
        help_text="How far the KPI is from where it should be, in its own units, over a year.",
    )
    audience = models.CharField(max_length=300)
    audience_size = models.PositiveIntegerField()
    deadline = models.DateField(null=True, blank=True)
    sponsor = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="sponsored_requests"
    )
    unit = models.ForeignKey(
        OrgUnit,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="requests",
        verbose_name="department",
    )
    requester = models.ForeignKey(
        User, null=True, on_delete=models.SET_NULL, related_name="requests"
    )
    submitted_at = models.DateTimeField()
    status = models.CharField(
        max_length=10, choices=RequestStatus.choices, default=RequestStatus.SUBMITTED
    )
    # Triage: the performance-consulting conversation and its answer.
    diagnosis = models.CharField(max_length=12, choices=Diagnosis.choices, blank=True)
    triage_notes = models.TextField(blank=True)
    triaged_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="triaged_requests"
    )
    # The decision, in words the requester reads.
    decision_reason = models.TextField(blank=True)
    accepted_as = models.CharField(max_length=8, choices=Acceptance.choices, blank=True)
    project = models.ForeignKey(
        Project, null=True, blank=True, on_delete=models.SET_NULL, related_name="requests"
    )
    program = models.ForeignKey(
        Program, null=True, blank=True, on_delete=models.SET_NULL, related_name="requests"
    )
    need = models.ForeignKey(
        LearningNeed, null=True, blank=True, on_delete=models.SET_NULL, related_name="requests"
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged"
    )
    defer_until = models.DateField(null=True, blank=True)
    # Prioritisation: 0-5 per criterion (see prioritisation.CRITERIA); None = not rated.
    rating_impact = models.PositiveSmallIntegerField(null=True, blank=True)
    rating_alignment = models.PositiveSmallIntegerField(null=True, blank=True)
    rating_urgency = models.PositiveSmallIntegerField(null=True, blank=True)
    rating_reach = models.PositiveSmallIntegerField(null=True, blank=True)
    rating_risk = models.PositiveSmallIntegerField(null=True, blank=True)
    rating_effort = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering: ClassVar = ["-submitted_at", "-pk"]
        indexes: ClassVar = [models.Index(fields=["status", "submitted_at"])]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(audience_size__gte=1), name="request_audience_at_least_one"
            ),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"rating_{c}__isnull": True}) | Q(**{f"rating_{c}__lte": 5}),
                    name=f"request_rating_{c}_0_to_5",
                )
                for c in CRITERION_CODES
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def ratings(self) -> dict[str, float | None]:
        """The ratings by criterion code, for :mod:`mainspring.factory.prioritisation`."""
        return {
            c: (None if (v := getattr(self, f"rating_{c}")) is None else float(v))
            for c in CRITERION_CODES
        }


class RequestEvent(models.Model):
    """A step in a request's life, as its author sees it: status, message, who, when."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(max_length=10, choices=RequestStatus.choices)
    message = models.TextField(blank=True)
    actor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="request_events"
    )
    at = models.DateTimeField()

    class Meta:
        ordering: ClassVar = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.request}: {self.status}"


class PriorityWeights(models.Model):
    """A saved set of criterion weights.

    The latest row is the one in force; the rest are the history of who changed the
    weights and why.
    """

    weights = models.JSONField()
    reason = models.TextField()
    actor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="priority_weights"
    )
    at = models.DateTimeField()

    class Meta:
        ordering: ClassVar = ["-at", "-pk"]
        verbose_name_plural = "priority weights"

    def __str__(self) -> str:
        return f"Weights of {self.at:%Y-%m-%d}"


class PriorityChange(models.Model):
    """A change to one request's priority ratings: who, why, and the ratings before/after."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="priority_changes")
    before = models.JSONField()
    after = models.JSONField()
    reason = models.TextField()
    actor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="priority_changes"
    )
    at = models.DateTimeField()

    class Meta:
        ordering: ClassVar = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.request}: priority changed"
