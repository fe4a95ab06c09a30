"""Impact studies from the database: a program, a KPI and a level, to an estimate.

The estimation engine (:mod:`mainspring.impact.estimators`) works on three plain
tables; this module reads them from the database:

- **the KPI panel**: the KPI's observations, ``unit_id, period, value``. At the
  ``person`` level a unit is a person (their pk); at the ``unit`` level an org unit (its
  code), or ``company`` for a company-wide value.
- **the exposures**, from completions of the program's paths:

  - person level: the day the person *completed the program's path* (the earliest, if
    the program has several). A step done is not the program learned, and the
    estimate asks what finishing the program did.
  - unit level: the day a chosen ``share`` of the unit's audience had completed. The
    audience is everyone in the unit's subtree enrolled in the program's paths and not
    withdrawn; with ``n`` of them, the unit is exposed on the day of the
    ``ceil(share * n)``-th completion. A unit that never reached the share is not
    exposed (it serves as a comparison).
- **unit covariates** to compare like with like: the job role of people; the division
  (the top-level unit below the root) of org units. A covariate is used only where it
  takes more than one value among the units (one value splits nothing).

The engine then applies its exposure rule (exposed from the first period starting on
or after the day). Reads are a handful of ``values_list`` queries, never one per row.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

import numpy as np
import pandas as pd

from mainspring.experiences.models import Enrolment, EnrolmentStatus, Program
from mainspring.impact.estimators import (
    MIN_PRE_PERIODS,
    Estimate,
    EventPoint,
    Method,
    SeriesPoint,
    estimate_impact,
)
from mainspring.impact.panel import Panel, build_panel
from mainspring.org.models import OrgUnit, Person
from mainspring.strategy.models import KPI, Level, Observation
from mainspring.strategy.models import Period as KpiPeriod

StudyLevel = Literal["person", "unit"]
LEVELS: tuple[StudyLevel, ...] = ("person", "unit")
DEFAULT_SHARE = 0.5
COMPANY = "company"


class StudyError(ValueError):
    """The study cannot be set up (a person-level KPI at unit level, a bad share ...)."""


@dataclass(frozen=True, slots=True)
class StudyFrames:
    """The engine's three tables, read from the database."""

    kpi: pd.DataFrame  # unit_id, period, value
    exposures: pd.DataFrame  # unit_id, exposed_on
    units: pd.DataFrame | None  # unit_id plus covariates, or None
    level: StudyLevel
    share: float


def default_level(kpi: KPI) -> StudyLevel:
    """The level a KPI is studied at: people for person-level KPIs, else org units."""
    return "person" if kpi.level == Level.PERSON else "unit"


def check_study(kpi: KPI, level: StudyLevel | None, share: float) -> StudyLevel:
    """The level a study of ``kpi`` runs at, once the question is known to fit the KPI.

    Raises:
        StudyError: for a share outside (0, 1], or a level the KPI has no values at.
    """
    level = level or default_level(kpi)
    if not 0 < share <= 1:
        raise StudyError(f"The share must be more than 0 and at most 1 (got {share}).")
    if level == "person" and kpi.level != Level.PERSON:
        raise StudyError(
            f"{kpi.name} is measured per {kpi.get_level_display().lower()}, not per person: "
            "study it at the unit level."
        )
    if level == "unit" and kpi.level == Level.PERSON:
        raise StudyError(f"{kpi.name} is measured per person: study it at the person level.")
    return level


def study_frames(
    program: Program,
    kpi: KPI,
    level: StudyLevel | None = None,
    share: float = DEFAULT_SHARE,
    *,
    covariates: bool = True,
) -> StudyFrames:
    """Read the KPI panel, the exposures and the covariates of a study.

    Raises:
        StudyError: for a share outside (0, 1], or a level the KPI has no values at.
    """
    level = check_study(kpi, level, share)
    monthly = kpi.period == KpiPeriod.MONTH
    if level == "person":
        people = Observation.objects.filter(kpi=kpi, person__isnull=False).values_list(
            "person_id", "period", "value"
        )
        panel = _kpi_frame([(str(p), day, v) for p, day, v in people], monthly)
        exposures = person_exposures(program)
        units = _person_covariates(panel) if covariates else None
    else:
        units_rows = Observation.objects.filter(kpi=kpi, person__isnull=True).values_list(
            "org_unit__code", "period", "value"
        )
        panel = _kpi_frame([(code or COMPANY, day, v) for code, day, v in units_rows], monthly)
        codes = sorted(set(panel["unit_id"]))
        exposures = unit_exposures(program, codes, share)
        units = _unit_covariates(codes) if covariates else None
    return StudyFrames(panel, exposures, units, level, share)


def run_study(
    program: Program,
    kpi: KPI,
    level: StudyLevel | None = None,
    share: float = DEFAULT_SHARE,
    *,
    method: Method = "auto",
    covariates: bool = True,
) -> Estimate:
    """Estimate what ``program`` did to ``kpi`` (see :func:`study_frames`).

    Raises:
        StudyError: when the study cannot be set up.
        PanelError: when the KPI has no observations.
    """
    frames = study_frames(program, kpi, level, share, covariates=covariates)
    return estimate_impact(study_panel(frames), method=method)


def study_panel(frames: StudyFrames) -> Panel:
    """The engine's panel of a study."""
    sources = ("KPI observations", "completions", "covariates")
    return build_panel(frames.kpi, frames.exposures, frames.units, sources=sources)


def _kpi_frame(rows: list[tuple[str, date, float]], monthly: bool) -> pd.DataFrame:
    def label(day: date) -> str:
        return day.isoformat()[:7] if monthly and day.day == 1 else day.isoformat()

    return pd.DataFrame(
        {
            "unit_id": [unit for unit, _, _ in rows],
            "period": [label(day) for _, day, _ in rows],
            "value": np.array([value for _, _, value in rows], dtype=np.float64),
        }
    )


# ----------------------------------------------------------------------------- exposures


def person_exposures(program: Program) -> pd.DataFrame:
    """``unit_id, exposed_on``: each person's earliest completion of the program's paths."""
    done = (
        Enrolment.objects.filter(path__program=program, completed_on__isnull=False)
        .values_list("person_id", "completed_on")
        .order_by()
    )
    first: dict[str, date] = {}
    for person, day in done:
        key = str(person)
        if day is None:
            continue
        if key not in first or day < first[key]:
            first[key] = day
    return _exposure_frame(first)


def unit_exposures(
    program: Program, unit_codes: list[str], share: float = DEFAULT_SHARE
) -> pd.DataFrame:
    """``unit_id, exposed_on``: when ``share`` of each unit's audience had completed.

    ``unit_codes`` are org unit codes, or ``company`` for everyone.
    """
    units = dict(OrgUnit.objects.filter(code__in=unit_codes).values_list("pk", "code"))
    audience = (
        Enrolment.objects.filter(path__program=program)
        .exclude(status=EnrolmentStatus.WITHDRAWN)
        .values_list("person__org_unit__path", "person_id", "completed_on")
        .order_by()
    )
    # Per person: the earliest completion of any of the program's paths (None: not yet).
    person_done: dict[int, date | None] = {}
    person_path: dict[int, str] = {}
    for unit_path, person, day in audience:
        person_path[person] = unit_path
        known = person_done.get(person)
        person_done[person] = day if known is None else (known if day is None else min(known, day))
    days_of: dict[str, list[date | None]] = {code: [] for code in unit_codes}
    ancestors_of: dict[str, list[str]] = {}
    for person, unit_path in person_path.items():
        if unit_path not in ancestors_of:
            pks = (int(pk) for pk in unit_path.strip("/").split("/") if pk)
            ancestors_of[unit_path] = [units[pk] for pk in pks if pk in units]
        for code in ancestors_of[unit_path]:
            days_of[code].append(person_done[person])
        if COMPANY in days_of:
            days_of[COMPANY].append(person_done[person])
    exposed = {
        code: day
        for code, days in days_of.items()
        if (day := share_reached_on(days, share)) is not None
    }
    return _exposure_frame(exposed)


def share_reached_on(completions: list[date | None], share: float) -> date | None:
    """The day ``share`` of an audience had completed (None: not reached, or no one).

    ``completions`` holds each audience member's completion day, None if not completed.
    """
    needed = math.ceil(share * len(completions) - 1e-9)
    done = sorted(day for day in completions if day is not None)
    if not completions or needed > len(done):
        return None
    return done[max(needed, 1) - 1]


def _exposure_frame(days: dict[str, date]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "unit_id": list(days),
            "exposed_on": [day.isoformat() for day in days.values()],
        },
        columns=["unit_id", "exposed_on"],
    )


# ----------------------------------------------------------------------------- covariates


def _person_covariates(kpi: pd.DataFrame) -> pd.DataFrame | None:
    pks = sorted({int(unit) for unit in kpi["unit_id"]})
    roles = dict(Person.objects.filter(pk__in=pks).values_list("pk", "job_role__name").order_by())
    frame = pd.DataFrame(
        {"unit_id": [str(pk) for pk in pks], "job_role": [roles.get(pk) or "none" for pk in pks]}
    )
    return _useful(frame)


def _unit_covariates(codes: list[str]) -> pd.DataFrame | None:
    paths = dict(OrgUnit.objects.filter(code__in=codes).values_list("code", "path"))
    tops = {
        path: parts[1] if len(parts) > 1 else parts[0]
        for path in paths.values()
        if (parts := [p for p in path.strip("/").split("/") if p])
    }
    top_codes = dict(
        OrgUnit.objects.filter(pk__in={int(pk) for pk in tops.values()}).values_list("pk", "code")
    )
    frame = pd.DataFrame(
        {
            "unit_id": codes,
            "division": [
                top_codes.get(int(tops[paths[c]]), "") if c in paths else COMPANY for c in codes
            ],
        }
    )
    return _useful(frame)


def _useful(frame: pd.DataFrame) -> pd.DataFrame | None:
    """The covariates that take more than one value; None when none does."""
    keep = ["unit_id"] + [c for c in frame.columns if c != "unit_id" and frame[c].nunique() > 1]
    return frame[keep] if len(keep) > 1 else None


# ----------------------------------------------------------------------------- estimand


def estimand_rows(panel: Panel, min_pre_periods: int = MIN_PRE_PERIODS) -> pd.DataFrame:
    """``unit_id, period``: the unit-periods the estimate averages over.

    Exposed periods of units with enough periods before exposure, in a period and
    covariate cell where some unit is still unexposed (the engine's rules), so a known
    effect can be averaged over exactly what the estimate measures.
    """
    first = panel.first_exposed[panel.unit]
    exposed = (first >= 0) & (panel.period >= first)
    pre = np.bincount(panel.unit[(first >= 0) & ~exposed], minlength=panel.n_units)
    target = exposed & (pre >= min_pre_periods)[panel.unit]
    column = panel.cell[panel.unit] * panel.n_periods + panel.period
    compared = np.zeros(panel.n_periods * max(len(panel.cell_labels), 1), dtype=bool)
    compared[column[~exposed]] = True
    keep = target & compared[column]
    return pd.DataFrame(
        {
            "unit_id": [panel.unit_ids[u] for u in panel.unit[keep]],
            "period": [panel.period_labels[p] for p in panel.period[keep]],
        }
    )


# ----------------------------------------------------------------------------- stored results


def estimate_from_result(result: dict[str, Any]) -> Estimate:
    """The :class:`Estimate` a stored study's ``result`` (``cli.as_json``) was made from.

    Used to draw the charts again from a stored study; non-finite numbers, stored as
    None, stay None.
    """
    fields = dict(result)
    fields["warnings"] = tuple(fields.get("warnings") or ())
    fields["event_study"] = tuple(EventPoint(**p) for p in fields.get("event_study") or ())
    fields["series"] = tuple(SeriesPoint(**p) for p in fields.get("series") or ())
    return Estimate(**fields)
