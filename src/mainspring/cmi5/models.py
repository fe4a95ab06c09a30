"""cmi5 course structures, the units attached to path steps, registrations and sessions.

Identifiers: ``publisher_id`` is the id the course structure gives (cmi5 §13.1); the LMS
generates its own activity ids for courses, blocks and units from their ``code``
(cmi5 §8.1 ``activityId`` and §9.3.9: they must not match the publisher's ids).
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.db import models
from django.db.models import Q

from mainspring.experiences.models import Step
from mainspring.org.models import Person, User
from mainspring.records.models import LrsClient

# The LMS-generated activity ids live under this IRI; ".invalid" never resolves, so the
# ids stay the same whatever host name the site is served under.
ACTIVITY_BASE = "https://mainspring.invalid/cmi5/"


class LaunchMethod(models.TextChoices):
    ANY_WINDOW = "AnyWindow", "Any window"
    OWN_WINDOW = "OwnWindow", "Own window"


class MoveOn(models.TextChoices):
    PASSED = "Passed", "Passed"
    COMPLETED = "Completed", "Completed"
    COMPLETED_AND_PASSED = "CompletedAndPassed", "Completed and passed"
    COMPLETED_OR_PASSED = "CompletedOrPassed", "Completed or passed"
    NOT_APPLICABLE = "NotApplicable", "Not applicable"


class Course(models.Model):
    """An imported cmi5 course structure (``cmi5.xml``), with its package files if zipped."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    publisher_id = models.CharField(max_length=2048, unique=True)
    title = models.CharField(max_length=500)
    description = models.TextField(blank=True)
    structure = models.TextField(help_text="The cmi5.xml as imported.")
    packaged = models.BooleanField(
        default=False, help_text="Imported as a zip: relative unit URLs are served from its files."
    )
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["title", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def activity_id(self) -> str:
        return f"{ACTIVITY_BASE}course/{self.code}"


class Block(models.Model):
    """A group of units and blocks inside a course (cmi5 §13.1.2); blocks nest."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="blocks")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    publisher_id = models.CharField(max_length=2048)
    title = models.CharField(max_length=500)
    description = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["course", "position"]

    def __str__(self) -> str:
        return self.title

    @property
    def activity_id(self) -> str:
        return f"{ACTIVITY_BASE}block/{self.code}"


class AssignableUnit(models.Model):
    """A launchable unit (cmi5 §13.1.4), attached to at most one path step as its content."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="units")
    block = models.ForeignKey(
        Block, null=True, blank=True, on_delete=models.CASCADE, related_name="units"
    )
    publisher_id = models.CharField(max_length=2048)
    title = models.CharField(max_length=500)
    description = models.TextField(blank=True)
    url = models.CharField(max_length=2048)
    launch_method = models.CharField(
        max_length=10, choices=LaunchMethod.choices, default=LaunchMethod.ANY_WINDOW
    )
    move_on = models.CharField(max_length=20, choices=MoveOn.choices, default=MoveOn.NOT_APPLICABLE)
    mastery_score = models.DecimalField(max_digits=5, decimal_places=4, null=True, blank=True)
    launch_parameters = models.TextField(blank=True)
    entitlement_key = models.TextField(blank=True)
    activity_type = models.CharField(max_length=2048, blank=True)
    position = models.PositiveIntegerField(default=0)
    step = models.ForeignKey(
        Step, null=True, blank=True, on_delete=models.SET_NULL, related_name="cmi5_units"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["course", "position"]
        constraints: ClassVar = [
            # A step launches one unit: two would leave the learner guessing.
            models.UniqueConstraint(
                fields=["step"], condition=Q(step__isnull=False), name="cmi5_one_unit_per_step"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def activity_id(self) -> str:
        return f"{ACTIVITY_BASE}au/{self.code}"


class Registration(models.Model):
    """A learner's enrolment instance in a course (cmi5 §3, §9.6.1): one per person and course.

    ``actor_name`` is the account name the learner is known by in this course's statements,
    kept so every launch of the registration uses the same actor.
    """

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="registrations")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="cmi5_registrations")
    actor_home = models.CharField(max_length=2048)
    actor_name = models.CharField(max_length=200)
    satisfied_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["-created_at", "pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["course", "person"], name="cmi5_one_registration")
        ]

    def __str__(self) -> str:
        return str(self.code)


class UnitProgress(models.Model):
    """What a registration has recorded for one unit: the registration-wide verb rules."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="units")
    unit = models.ForeignKey(AssignableUnit, on_delete=models.CASCADE, related_name="progress")
    completed_at = models.DateTimeField(null=True, blank=True)
    passed_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    satisfied_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["registration", "unit"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["registration", "unit"], name="cmi5_unit_progress_once")
        ]

    def __str__(self) -> str:
        return f"{self.registration} · {self.unit}"


class BlockSatisfied(models.Model):
    """A block the LMS has written ``satisfied`` for in a registration (at most once)."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="satisfied_blocks"
    )
    block = models.ForeignKey(Block, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["registration", "block"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["registration", "block"], name="cmi5_block_once")
        ]

    def __str__(self) -> str:
        return f"{self.registration} · {self.block}"


class SessionState(models.TextChoices):
    LAUNCHED = "launched", "Launched"
    INITIALIZED = "initialized", "Initialized"
    TERMINATED = "terminated", "Terminated"
    ABANDONED = "abandoned", "Abandoned"


OPEN_STATES = (SessionState.LAUNCHED, SessionState.INITIALIZED)


class Session(models.Model):
    """One launch of a unit, until terminated or abandoned (cmi5 §3 "Session").

    ``code`` is the session id of the statements; ``fetch_token`` the one-time part of the
    fetch URL; ``client`` the LRS credentials the fetch URL handed out (None until then).
    ``verbs`` lists the cmi5 defined verbs the unit has sent in this session.
    """

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="sessions"
    )
    unit = models.ForeignKey(AssignableUnit, on_delete=models.CASCADE, related_name="sessions")
    fetch_token = models.CharField(max_length=64, unique=True)
    client = models.OneToOneField(
        LrsClient, null=True, blank=True, on_delete=models.SET_NULL, related_name="cmi5_session"
    )
    state = models.CharField(
        max_length=12, choices=SessionState.choices, default=SessionState.LAUNCHED
    )
    launch_mode = models.CharField(max_length=10, default="Normal")
    move_on = models.CharField(max_length=20, choices=MoveOn.choices)
    mastery_score = models.DecimalField(max_digits=5, decimal_places=4, null=True, blank=True)
    verbs = models.JSONField(default=list)
    launched_at = models.DateTimeField()
    fetched_at = models.DateTimeField(null=True, blank=True)
    last_statement_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["-launched_at", "pk"]
        indexes: ClassVar = [
            models.Index(fields=["registration", "state"], name="cmi5_session_open")
        ]

    def __str__(self) -> str:
        return str(self.code)
