"""Evaluation plans, the survey item bank, surveys, their deliveries and the answers.

The chain: a :class:`Program` has one :class:`EvaluationPlan`, designed backwards from
level 4 (the KPI and target) to level 1. A :class:`Survey` (level 1 reaction, or a level 3
follow-up for learners or their managers) orders :class:`SurveyItem` s of the bank
through :class:`SurveyQuestion`. Each delivery of a survey is a :class:`SurveySession`
(after a classroom day, a cohort, a step); sending it creates one :class:`Invitation` per
person asked (a manager gets one per learner they are asked about), and a submitted
invitation holds one :class:`Answer` per question.
"""

from __future__ import annotations

import secrets
import uuid
from typing import ClassVar

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from mainspring.experiences.models import Program, Step
from mainspring.org.models import Person, User
from mainspring.strategy.models import KPI


class IsolationMethod(models.TextChoices):
    """How the program's effect on the KPI is to be isolated (the contract's values)."""

    RANDOMISED = "randomised", "Randomised or wait-list rollout (evidence grade A)"
    COMPARISON_GROUP = "comparison_group", "Comparison groups: difference-in-differences (B)"
    TREND_LINE = "trend_line", "Trend line or forecast (D)"
    PARTICIPANT_ESTIMATE = "participant_estimate", "Participant and manager estimates (E)"
    NONE = "none", "Not decided yet"


class EvaluationPlan(models.Model):
    """How one program will be evaluated, designed backwards from level 4 to level 1.

    Text fields that hold lists (behaviours, drivers, objectives, intangibles) take one
    entry per line.
    """

    program = models.OneToOneField(
        Program, on_delete=models.CASCADE, related_name="evaluation_plan"
    )
    # Level 4: results
    kpi = models.ForeignKey(
        KPI,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="evaluation_plans",
        verbose_name="KPI",
    )
    kpi_target = models.DecimalField(
        "KPI target", max_digits=20, decimal_places=6, null=True, blank=True
    )
    leading_indicators = models.TextField(blank=True)
    # Level 3: behaviour
    critical_behaviours = models.TextField(blank=True)
    required_drivers = models.TextField(blank=True)
    # Level 2: learning
    learning_objectives = models.TextField(blank=True)
    # Level 1: reaction
    reaction_focus = models.TextField(blank=True)
    # Isolation, ROI and the practicalities
    isolation_method = models.CharField(
        max_length=24, choices=IsolationMethod.choices, default=IsolationMethod.NONE
    )
    roi_in_scope = models.BooleanField("ROI in scope", default=False)
    intangibles = models.TextField(blank=True)
    data_sources = models.TextField(blank=True)
    timing = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering: ClassVar = ["program__title", "id"]

    def __str__(self) -> str:
        return f"Evaluation plan for {self.program}"

    @property
    def missing(self) -> list[str]:
        """The parts of the plan still empty, top-down from level 4."""
        parts = [
            ("the KPI", self.kpi_id is not None),
            ("the KPI target", self.kpi_target is not None),
            ("critical behaviours", bool(self.critical_behaviours.strip())),
            ("required drivers", bool(self.required_drivers.strip())),
            ("learning objectives", bool(self.learning_objectives.strip())),
            ("reaction focus", bool(self.reaction_focus.strip())),
            ("the isolation method", self.isolation_method != IsolationMethod.NONE),
            ("data sources", bool(self.data_sources.strip())),
            ("timing", bool(self.timing.strip())),
        ]
        return [name for name, done in parts if not done]


class ItemKind(models.TextChoices):
    LIKERT = "likert", "Agreement, 1 to 5"
    NPS = "nps", "Likelihood to recommend, 0 to 10"
    NUMBER = "number", "Amount of money"
    PERCENT = "percent", "Percentage, 0 to 100"
    TEXT = "text", "Free text"


class Construct(models.TextChoices):
    RELEVANCE = "relevance", "Relevance"
    ENGAGEMENT = "engagement", "Engagement"
    SATISFACTION = "satisfaction", "Satisfaction"
    CONFIDENCE = "confidence", "Confidence"
    COMMITMENT = "commitment", "Commitment"
    APPLICATION = "application", "Application"
    BARRIERS = "barriers", "Barriers"
    ENABLERS = "enablers", "Enablers"
    IMPROVEMENT = "improvement", "Improvement (money per year)"
    ATTRIBUTION = "attribution", "Share due to the program"
    CONFIDENCE_IN_ESTIMATE = "confidence_in_estimate", "Confidence in the estimate"
    NPS = "nps", "Net promoter"
    COMMENT = "comment", "Comment"


class SurveyLevel(models.IntegerChoices):
    REACTION = 1, "Level 1: reaction"
    APPLICATION = 3, "Level 3: application (follow-up)"


class Audience(models.TextChoices):
    LEARNER = "learner", "Learners"
    MANAGER = "manager", "Managers of the learners"


class SurveyItem(models.Model):
    """A question of the bank. Standard items have a ``code``; staff may add their own."""

    code = models.SlugField(max_length=64, blank=True)
    kind = models.CharField(max_length=8, choices=ItemKind.choices)
    construct = models.CharField(max_length=24, choices=Construct.choices)
    level = models.PositiveSmallIntegerField(choices=SurveyLevel.choices)
    audience = models.CharField(max_length=8, choices=Audience.choices)
    wording = models.CharField(max_length=500)
    standard = models.BooleanField(
        default=False, help_text="Part of the standard set offered for a new survey."
    )
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["level", "audience", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["code"], condition=~Q(code=""), name="survey_item_code_once"
            )
        ]

    def __str__(self) -> str:
        return self.wording


class Survey(models.Model):
    """A questionnaire for one program, level and audience: items of the bank, in order."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="surveys")
    level = models.PositiveSmallIntegerField(choices=SurveyLevel.choices)
    audience = models.CharField(max_length=8, choices=Audience.choices, default=Audience.LEARNER)
    title = models.CharField(max_length=200)
    introduction = models.TextField(
        blank=True, help_text="Shown above the questions: why you ask, how long it takes."
    )
    items: models.ManyToManyField[SurveyItem, SurveyQuestion] = models.ManyToManyField(
        SurveyItem, through="SurveyQuestion", related_name="surveys"
    )
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["program__title", "level", "audience", "id"]

    def __str__(self) -> str:
        return self.title


class SurveyQuestion(models.Model):
    """An item's place in a survey."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    item = models.ForeignKey(SurveyItem, on_delete=models.PROTECT, related_name="questions")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering: ClassVar = ["survey", "position", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["survey", "item"], name="survey_item_once")
        ]

    def __str__(self) -> str:
        return f"{self.survey_id}#{self.position}: {self.item_id}"


class SurveySession(models.Model):
    """One delivery of a survey: after a session, a cohort or a step, on a day."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="sessions")
    step = models.ForeignKey(
        Step,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="survey_sessions",
        help_text="The step this delivery followed; its method groups the results.",
    )
    held_on = models.DateField("date of the session")
    label = models.CharField(max_length=200, help_text='For example "Classroom, Leeds, 12 March".')
    closes_on = models.DateField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["-held_on", "-id"]
        indexes: ClassVar = [models.Index(fields=["held_on"], name="survey_session_held_on")]

    def __str__(self) -> str:
        return self.label


def new_token() -> str:
    """Return an unguessable token for an invitation's link."""
    return secrets.token_urlsafe(24)


class Invitation(models.Model):
    """One person asked to answer one session's survey (a manager: about one learner)."""

    session = models.ForeignKey(SurveySession, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="invitations")
    subject = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="invitations_about",
        help_text="For a manager's follow-up: the learner it is about.",
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    emailed_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["-created_at", "-id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["session", "person"],
                condition=Q(subject__isnull=True),
                name="invitation_once_per_session",
            ),
            models.UniqueConstraint(
                fields=["session", "person", "subject"],
                condition=Q(subject__isnull=False),
                name="invitation_once_per_session_subject",
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["person", "submitted_at"], name="invitation_person_submitted")
        ]

    def __str__(self) -> str:
        return f"{self.person} for {self.session}"


class QuoteConsent(models.TextChoices):
    NONE = "", "Do not quote me"
    NAMED = "named", "You may quote me with my name"
    ANONYMOUS = "anonymous", "You may quote me anonymously"


class Answer(models.Model):
    """One answer to one item: a number (scale, money, percentage) or a text."""

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(SurveyItem, on_delete=models.PROTECT, related_name="answers")
    number = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    text = models.TextField(blank=True)
    consent = models.CharField(
        "may we quote this", max_length=10, choices=QuoteConsent.choices, default="", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["invitation", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["invitation", "item"], name="answer_once_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.invitation_id}/{self.item_id}"
