from __future__ import annotations

from datetime import timedelta
from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from mainspring.org.models import JobRole, OrgUnit, Person, User


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


class DeliveryMethod(models.TextChoices):
    """How a chunk of learning reaches people; shared with learning paths."""

    CLASSROOM = "classroom", "Classroom"
    VIRTUAL_CLASSROOM = "virtual_classroom", "Virtual classroom"
    ELEARNING = "elearning", "E-learning"
    MANAGER_DISCUSSION = "manager_discussion", "Manager discussion"
    APPLICATION_EXERCISE = "application_exercise", "Application exercise"
    READING = "reading", "Assigned reading"
    PODCAST = "podcast", "Podcast"
    VIDEO = "video", "Video"
    COACHING = "coaching", "Coaching"
    ON_THE_JOB = "on_the_job", "Practice on the job"
    COMMUNITY = "community", "Community of practice"
    JOB_AID = "job_aid", "Job aid"


class EvaluationLevel(models.IntegerChoices):
    """The highest level a need's results are to be evaluated at (Kirkpatrick/Phillips)."""

    REACTION = 1, "1 Reaction"
    LEARNING = 2, "2 Learning"
    BEHAVIOUR = 3, "3 Behaviour"
    RESULTS = 4, "4 Results"
    ROI = 5, "5 ROI"


class IsolationMethod(models.TextChoices):
    """How the effect on the KPI is to be isolated, strongest first (evidence grade A-E)."""

    RANDOMISED = "randomised", "Randomised or wait-list rollout (A)"
    DID = "did", "Comparison groups: difference-in-differences / event study (B)"
    SYNTHETIC_CONTROL = "synthetic_control", "Synthetic control (B)"
    DISCONTINUITY = "discontinuity", "Regression discontinuity (B)"
    MATCHING = "matching", "Matching or weighting (C)"
    TREND = "trend", "Trend line or forecast (D)"
    ESTIMATES = "estimates", "Participant or manager estimates, adjusted (E)"
    NONE = "none", "Not decided yet"


class StrategyStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    APPROVED = "approved", "Approved"


class SectionKey(models.TextChoices):
    """The nine sections of a learning strategy, in document order."""

    VISION = "vision", "Vision"
    NEEDS = "needs", "Macro learning needs"
    GOVERNANCE = "governance", "Governance"
    DELIVERY = "delivery", "Delivery methods"
    PROCUREMENT = "procurement", "Procurement"
    EVALUATION = "evaluation", "Evaluation"
    TECHNOLOGY = "technology", "Technology and infrastructure"
    ORGANISATION = "organisation", "Organisational structure"
    IMPLEMENTATION = "implementation", "Implementation plan"


class InitiativeStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in_progress", "In progress"
    AT_RISK = "at_risk", "At risk"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


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
    evaluation_level = models.PositiveSmallIntegerField(
        "evaluate up to level",
        choices=EvaluationLevel.choices,
        null=True,
        blank=True,
        help_text="The highest evaluation level planned for this need.",
    )
    isolation_method = models.CharField(
        "how the effect will be isolated",
        max_length=20,
        choices=IsolationMethod.choices,
        default=IsolationMethod.NONE,
    )
    evaluation_notes = models.TextField(
        "evaluation approach", blank=True, help_text="Data, comparison group, timing."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering: ClassVar = ["title", "id"]

    def __str__(self) -> str:
        return self.title


# ----------------------------------------------------------------------------- the strategy


class StrategyVersion(models.Model):
    """One version of the learning strategy: a draft being written, or an approved text.

    A draft shows live data (needs, KPIs, initiatives) as it is now. Approval freezes the
    whole document, narrative and live content alike, into ``snapshot``, so an approved
    version reads the same years later and versions can be compared. At most one draft
    exists at a time; a new revision starts as a copy of the latest version's narrative.
    """

    number = models.PositiveIntegerField(unique=True)
    title = models.CharField(max_length=200, default="Learning strategy")
    status = models.CharField(
        max_length=8, choices=StrategyStatus.choices, default=StrategyStatus.DRAFT
    )
    change_summary = models.TextField(blank=True, help_text="What this version changes, and why.")
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by_name = models.CharField(
        max_length=200, blank=True, help_text="Kept when the approving account is deleted."
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    snapshot = models.JSONField(null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["snapshot"])

    class Meta:
        ordering: ClassVar = ["-number"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["status"],
                condition=Q(status="draft"),
                name="strategy_one_open_draft",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(approved_at__isnull=False),
                name="strategy_approved_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.number} ({self.get_status_display()})"

    @property
    def is_draft(self) -> bool:
        return self.status == StrategyStatus.DRAFT


class StrategySection(models.Model):
    """The leader's narrative for one of the nine sections of one version (Markdown)."""

    version = models.ForeignKey(StrategyVersion, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField(max_length=16, choices=SectionKey.choices)
    narrative = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["version", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["version", "key"], name="strategy_section_once")
        ]

    def __str__(self) -> str:
        return f"v{self.version.number} {self.get_key_display()}"


class DeliveryGuideline(models.Model):
    """Which delivery methods the function uses for which kind of gap, and why."""

    gap_type = models.CharField(
        max_length=32,
        choices=[c for c in GapType.choices if c[0] != GapType.NOT_LEARNING],
    )
    method = models.CharField(max_length=24, choices=DeliveryMethod.choices)
    primary = models.BooleanField(default=True, help_text="A main method, not a supporting one.")
    rationale = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["gap_type", "-primary", "method"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["gap_type", "method"], name="delivery_guideline_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_gap_type_display()}: {self.get_method_display()}"


class Initiative(models.Model):
    """An item of the implementation plan: what will be done, by whom, by when."""

    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="initiatives"
    )
    needs = models.ManyToManyField(LearningNeed, blank=True, related_name="initiatives")
    start_date = models.DateField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=12, choices=InitiativeStatus.choices, default=InitiativeStatus.PLANNED
    )
    budget = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering: ClassVar = ["start_date", "due_date", "title", "id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(due_date__isnull=True)
                | Q(due_date__gte=models.F("start_date")),
                name="initiative_due_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Milestone(models.Model):
    """A dated checkpoint of an initiative."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=200)
    due_date = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["due_date", "id"]

    def __str__(self) -> str:
        return self.title


# The longest exports take well under a minute; one still unfinished after this never will.
EXPORT_STALLS_AFTER = timedelta(minutes=20)


class ExportFormat(models.TextChoices):
    DOCX = "docx", "Word (DOCX)"
    PDF = "pdf", "PDF"
    MARKDOWN = "md", "Markdown"


class ExportStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class StrategyExport(models.Model):
    """A file made from one strategy version: the full document or the executive summary.

    Exports run in the background; ``progress`` (0-100) and ``message`` say how far
    they are. Finished files are kept per version, so an approved version's files can
    be downloaded again without being rebuilt.
    """

    version = models.ForeignKey(StrategyVersion, on_delete=models.CASCADE, related_name="exports")
    format = models.CharField(max_length=8, choices=ExportFormat.choices)
    summary = models.BooleanField(default=False, help_text="The one-page executive summary.")
    status = models.CharField(
        max_length=8, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)
    message = models.TextField(blank=True)
    file = models.FileField(upload_to="strategy-exports/", blank=True)
    size = models.PositiveBigIntegerField(default=0)
    pages = models.PositiveIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at", "-id"]

    def __str__(self) -> str:
        kind = "summary" if self.summary else "document"
        return f"v{self.version.number} {kind} {self.format} ({self.status})"

    @property
    def is_stalled(self) -> bool:
        """Still queued or running long after any export takes: its worker is gone."""
        if self.status not in (ExportStatus.QUEUED, ExportStatus.RUNNING):
            return False
        return timezone.now() - self.created_at > EXPORT_STALLS_AFTER


class FirstDaysPlan(models.Model):
    """A new learning leader's first 60 days: when they started, and what they ticked off.

    Most items of the plan are derived from the data (goals without KPIs, stakeholders
    not yet met); :class:`FirstDaysTick` records the few that only a person can tick.
    """

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="first_days_plan")
    start_date = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"First 60 days of {self.user} from {self.start_date}"


class FirstDaysTick(models.Model):
    """A hand-ticked item of a first-60-days plan, by its stable key."""

    plan = models.ForeignKey(FirstDaysPlan, on_delete=models.CASCADE, related_name="ticks")
    item_key = models.CharField(max_length=100)
    done_on = models.DateField()

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["plan", "item_key"], name="first_days_tick_once")
        ]

    def __str__(self) -> str:
        return f"{self.item_key} on {self.done_on}"
