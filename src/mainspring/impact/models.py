"""Impact studies and ROI analyses: snapshots of what a program did, and what it returned.

A study or an analysis is never edited: running again makes a new row, so the list
keeps the history and a number quoted in a report can always be found again.
"""

from __future__ import annotations

from datetime import timedelta
from typing import ClassVar

from django.db import models
from django.utils import timezone

from mainspring.experiences.models import Program
from mainspring.org.models import User
from mainspring.strategy.models import KPI

# A study takes seconds; one still queued or running after this lost its worker.
STUDY_STALLS_AFTER = timedelta(minutes=30)


class StudyLevel(models.TextChoices):
    PERSON = "person", "Person (each learner is a unit)"
    UNIT = "unit", "Org unit (each site or department is a unit)"


class StudyMethod(models.TextChoices):
    AUTO = "auto", "Automatic: difference-in-differences, trend line only without comparison"
    TREND = "trend", "Trend line only (weaker: grade D)"


class StudyStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class RoiBasis(models.TextChoices):
    ESTIMATE = "estimate", "An impact study's estimate"
    PARTICIPANT_ESTIMATES = "participant_estimates", "Participants' adjusted estimates"


class ImpactStudy(models.Model):
    """One run of an impact study: the question asked and the engine's answer.

    ``result`` holds the whole :class:`~mainspring.impact.estimators.Estimate` as
    ``cli.as_json`` writes it (event study and KPI series included), so the charts are
    drawn again from it; the headline numbers are columns so lists and other apps can
    read them without parsing JSON. A refusal has ``refused`` set and no numbers.
    """

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="impact_studies")
    kpi = models.ForeignKey(KPI, on_delete=models.CASCADE, related_name="impact_studies")
    level = models.CharField(max_length=8, choices=StudyLevel.choices)
    share = models.FloatField(
        default=0.5,
        help_text="Org-unit level: the share of a unit's audience that must have completed.",
    )
    method_requested = models.CharField(
        "method", max_length=8, choices=StudyMethod.choices, default=StudyMethod.AUTO
    )
    covariates = models.BooleanField(
        default=True, help_text="Compare like with like (job role, division)."
    )
    status = models.CharField(max_length=8, choices=StudyStatus.choices, default=StudyStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    message = models.TextField(blank=True)
    error = models.TextField(blank=True)
    # The engine's answer (the contract's fields).
    method = models.CharField(max_length=16, blank=True)
    estimate = models.FloatField(null=True, blank=True)
    std_error = models.FloatField(null=True, blank=True)
    ci_low = models.FloatField(null=True, blank=True)
    ci_high = models.FloatField(null=True, blank=True)
    p_value = models.FloatField(null=True, blank=True)
    pre_trend_p_value = models.FloatField(null=True, blank=True)
    naive_estimate = models.FloatField(null=True, blank=True)
    evidence_grade = models.CharField(max_length=1, blank=True)
    refused = models.BooleanField(default=False)
    n_units_exposed = models.PositiveIntegerField(default=0)
    n_units_comparison = models.PositiveIntegerField(default=0)
    n_periods = models.PositiveIntegerField(default=0)
    result = models.JSONField(null=True, blank=True)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at", "-id"]
        verbose_name_plural = "impact studies"
        indexes: ClassVar = [models.Index(fields=["program", "kpi", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.program} on {self.kpi.code} ({self.status})"

    @property
    def is_running(self) -> bool:
        """Queued or running: the page polls it."""
        return self.status in (StudyStatus.QUEUED, StudyStatus.RUNNING)

    @property
    def is_stalled(self) -> bool:
        """Still queued or running long after any study takes: its worker is gone."""
        return self.is_running and timezone.now() - self.created_at > STUDY_STALLS_AFTER

    @property
    def has_estimate(self) -> bool:
        """Done, and the engine gave a number."""
        return self.status == StudyStatus.DONE and not self.refused and self.estimate is not None


class RoiAnalysis(models.Model):
    """A program's ROI over a period, per Phillips, or the reason none was computed.

    ``benefits`` and ``costs`` are money in the company's currency; ``bcr``, ``roi_pct``
    and ``payback_months`` are at the point estimate, the ``_low``/``_high`` fields at
    the bounds of the estimate's 95% interval (None for participant estimates, which
    carry no interval). ``inputs`` holds the working shown on the page (effect, exposed
    unit-periods a year, KPI unit value, costs by category, excluded claims ...).
    ``refused_reason`` is "" when an ROI was computed; otherwise the ratios are None.
    """

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="roi_analyses")
    study = models.ForeignKey(
        ImpactStudy, null=True, blank=True, on_delete=models.SET_NULL, related_name="roi_analyses"
    )
    basis = models.CharField(max_length=24, choices=RoiBasis.choices)
    period_start = models.DateField()
    period_end = models.DateField()
    benefits = models.DecimalField(max_digits=16, decimal_places=2, default=0)
    costs = models.DecimalField(max_digits=16, decimal_places=2, default=0)
    bcr = models.FloatField(null=True, blank=True)
    roi_pct = models.FloatField(null=True, blank=True)
    payback_months = models.FloatField(null=True, blank=True)
    benefits_low = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    roi_pct_low = models.FloatField(null=True, blank=True)
    benefits_high = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    roi_pct_high = models.FloatField(null=True, blank=True)
    refused_reason = models.TextField(blank=True)
    intangibles = models.TextField(blank=True, help_text="One per line.")
    notes = models.TextField(blank=True)
    inputs = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["-created_at", "-id"]
        verbose_name = "ROI analysis"
        verbose_name_plural = "ROI analyses"

    def __str__(self) -> str:
        return f"ROI of {self.program} {self.period_start} to {self.period_end}"

    @property
    def refused(self) -> bool:
        """No ROI was computed (the reason is in ``refused_reason``)."""
        return bool(self.refused_reason)

    @property
    def bcr_low(self) -> float | None:
        """The benefit-cost ratio at the interval's less favourable end (BCR = ROI/100 + 1)."""
        return None if self.roi_pct_low is None else self.roi_pct_low / 100 + 1

    @property
    def bcr_high(self) -> float | None:
        """The benefit-cost ratio at the interval's more favourable end."""
        return None if self.roi_pct_high is None else self.roi_pct_high / 100 + 1

    @property
    def intangible_list(self) -> list[str]:
        """The intangibles, one per line, blanks dropped."""
        return [line.strip() for line in self.intangibles.splitlines() if line.strip()]
