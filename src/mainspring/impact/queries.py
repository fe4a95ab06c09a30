"""Reads of impact studies and ROI analyses, for this app's pages and the other apps."""

from __future__ import annotations

from mainspring.impact.models import ImpactStudy, RoiAnalysis, StudyStatus

__all__ = ["ImpactStudy", "RoiAnalysis", "latest_roi", "latest_study"]


def latest_study(program_id: int, kpi_id: int | None = None) -> ImpactStudy | None:
    """The newest finished study of a program (on one KPI if given), refusals included.

    Queued, running and failed runs are not answers, so they are skipped; a refusal is
    an answer (``refused`` is set and the numbers are None).
    """
    studies = ImpactStudy.objects.filter(program_id=program_id, status=StudyStatus.DONE)
    if kpi_id is not None:
        studies = studies.filter(kpi_id=kpi_id)
    return studies.select_related("program", "kpi").order_by("-created_at", "-id").first()


def latest_roi(program_id: int) -> RoiAnalysis | None:
    """The newest ROI analysis of a program (a refusal, with its reason, included)."""
    return (
        RoiAnalysis.objects.filter(program_id=program_id)
        .select_related("program", "study", "study__kpi")
        .order_by("-created_at", "-id")
        .first()
    )
