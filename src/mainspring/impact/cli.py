"""``mainspring impact estimate`` and ``study``: the estimation engine on files or the database.

::

    mainspring impact estimate --kpi KPI.csv --exposures EXPOSURES.csv
        [--units UNITS.csv] [--method auto|imputation|trend] [--format text|json]
        [--charts DIR]

``mainspring impact study``: the same from the database (:mod:`mainspring.impact.studies`)::

    mainspring impact study --program ID-OR-TITLE --kpi CODE [--level person|unit]
        [--share 0.5] [--method auto|imputation|trend] [--format text|json]

Exit codes: 0 with an estimate; 1 when the data cannot answer (no comparison units, no
overlap, too few periods before exposure): the output says why and holds no number;
2 when a file is bad (the message names the file, row and column).

This module keeps its imports light (pandas and statsmodels load only when the command
runs), because the ``mainspring`` parser imports it on every start.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from mainspring.impact.estimators import Estimate

EXIT_CANNOT_ANSWER = 1
EXIT_BAD_INPUT = 2
MAX_PROBLEMS_SHOWN = 20


def add_impact_parser(sub: Any) -> None:
    """Add the ``impact`` command group to the ``mainspring`` parser."""
    impact = sub.add_parser("impact", help="estimate a program's impact on a KPI from files")
    impact_sub = impact.add_subparsers(dest="impact_command", required=True)
    estimate = impact_sub.add_parser(
        "estimate",
        help="estimate the average effect on the exposed (difference-in-differences)",
        description=(
            "Estimate the average effect of exposure on a KPI, per unit and period. "
            "Exit 0 with an estimate, 1 when the data cannot answer, 2 for a bad file."
        ),
    )
    estimate.add_argument("--kpi", required=True, metavar="KPI.csv", help="unit_id,period,value")
    estimate.add_argument(
        "--exposures", required=True, metavar="EXPOSURES.csv", help="unit_id,exposed_on"
    )
    estimate.add_argument(
        "--units", metavar="UNITS.csv", help="unit_id plus covariates to compare within"
    )
    estimate.add_argument(
        "--method",
        default="auto",
        choices=["auto", "imputation", "trend"],
        help="auto (default): difference-in-differences, or the trend line (grade D) "
        "only when no comparison exists",
    )
    estimate.add_argument("--format", default="text", choices=["text", "json"])
    estimate.add_argument(
        "--charts", metavar="DIR", help="also write event_study.svg and kpi.svg to DIR"
    )
    estimate.set_defaults(func=cmd_impact_estimate)
    study = impact_sub.add_parser(
        "study",
        help="estimate a program's impact on a KPI from the database (completions as exposure)",
        description=(
            "Estimate what a program did to a KPI, from the KPI's observations and the "
            "completions of the program's paths. Person level: a person is exposed from the "
            "day they completed the program's path. Unit level: an org unit is exposed from "
            "the day --share of its audience (people in it enrolled in the program) had "
            "completed. Exit 0 with an estimate, 1 when the data cannot answer, 2 when the "
            "program, KPI or level is not found or does not fit."
        ),
    )
    study.add_argument("--program", required=True, help="the program's id or exact title")
    study.add_argument("--kpi", required=True, help="the KPI's code")
    study.add_argument(
        "--level",
        choices=["person", "unit"],
        help="person or unit (org unit); by default the level the KPI is measured at",
    )
    study.add_argument(
        "--share",
        type=float,
        default=0.5,
        help="unit level: the share of a unit's audience that must have completed (0.5)",
    )
    study.add_argument(
        "--method",
        default="auto",
        choices=["auto", "imputation", "trend"],
        help="as for 'impact estimate'",
    )
    study.add_argument("--format", default="text", choices=["text", "json"])
    study.set_defaults(func=cmd_impact_study)


def cmd_impact_estimate(args: argparse.Namespace) -> int:
    """Run ``mainspring impact estimate``."""
    return run(
        kpi=args.kpi,
        exposures=args.exposures,
        units=args.units,
        method=args.method,
        output_format=args.format,
        charts=args.charts,
    )


def cmd_impact_study(args: argparse.Namespace) -> int:
    """Run ``mainspring impact study``."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mainspring.settings")
    import django  # noqa: PLC0415  (settings must be chosen before Django loads)

    django.setup()
    return run_study(
        program=args.program,
        kpi=args.kpi,
        level=args.level,
        share=args.share,
        method=args.method,
        output_format=args.format,
    )


def run_study(
    *,
    program: str,
    kpi: str,
    level: str | None = None,
    share: float = 0.5,
    method: str = "auto",
    output_format: str = "text",
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Find the program and KPI, run the study, print; return the exit code."""
    from mainspring.experiences.models import Program  # noqa: PLC0415  (Django is set up)
    from mainspring.impact import estimators, studies  # noqa: PLC0415
    from mainspring.impact.panel import PanelError  # noqa: PLC0415
    from mainspring.strategy.models import KPI  # noqa: PLC0415

    out = out or sys.stdout
    err = err or sys.stderr
    programs = Program.objects.filter(title=program)
    if program.isdigit():
        programs = Program.objects.filter(pk=int(program)) | programs
    found = list(programs[:2])
    if len(found) != 1:
        err.write(
            f"No program with the id or title {program!r}.\n"
            if not found
            else f"Several programs are titled {program!r}: give the id.\n"
        )
        return EXIT_BAD_INPUT
    the_kpi = KPI.objects.filter(code=kpi).first()
    if the_kpi is None:
        err.write(f"No KPI with the code {kpi!r}.\n")
        return EXIT_BAD_INPUT
    chosen_level: studies.StudyLevel | None = None
    for level_name in studies.LEVELS:
        if level_name == level:
            chosen_level = level_name
    chosen: estimators.Method = "auto"
    for name in estimators.METHODS:
        if name == method:
            chosen = name
    try:
        result = studies.run_study(found[0], the_kpi, chosen_level, share, method=chosen)
    except (studies.StudyError, PanelError) as error:
        err.write(f"{error}\n")
        return EXIT_BAD_INPUT
    if output_format == "json":
        out.write(as_json(result))
    else:
        out.write(f"Program: {found[0].title}\nKPI: {the_kpi.name} ({the_kpi.unit})\n")
        out.write(as_text(result))
    return EXIT_CANNOT_ANSWER if result.refused else 0


def run(
    *,
    kpi: str,
    exposures: str,
    units: str | None = None,
    method: str = "auto",
    output_format: str = "text",
    charts: str | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Read the files, estimate, print; return the exit code."""
    from mainspring.impact import estimators, panel  # noqa: PLC0415  (slow imports)

    out = out or sys.stdout
    err = err or sys.stderr
    try:
        kpi_frame = panel.read_csv(kpi, kpi, numeric=("value",))
        exposure_frame = panel.read_csv(exposures, exposures)
        unit_frame = panel.read_csv(units, units) if units else None
        built = panel.build_panel(
            kpi_frame, exposure_frame, unit_frame, sources=(kpi, exposures, units or "units")
        )
    except panel.PanelError as error:
        err.write("The input files have problems; nothing was estimated:\n")
        for problem in error.problems[:MAX_PROBLEMS_SHOWN]:
            err.write(f"  {problem}\n")
        if len(error.problems) > MAX_PROBLEMS_SHOWN:
            err.write(f"  ... and {len(error.problems) - MAX_PROBLEMS_SHOWN} more\n")
        return EXIT_BAD_INPUT
    chosen: estimators.Method = "auto"
    for name in estimators.METHODS:
        if name == method:
            chosen = name
    result = estimators.estimate_impact(built, method=chosen)
    out.write(as_json(result) if output_format == "json" else as_text(result))
    if charts:
        write_charts(result, Path(charts))
    return EXIT_CANNOT_ANSWER if result.refused else 0


def write_charts(result: Estimate, folder: Path) -> None:
    """Write the event-study and KPI charts as SVG files into ``folder``."""
    from mainspring.impact import charts  # noqa: PLC0415  (matplotlib is slow to import)

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "event_study.svg").write_bytes(charts.event_study_chart(result))
    (folder / "kpi.svg").write_bytes(charts.kpi_chart(result))


def _clean(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: _clean(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(item) for item in value]
    return value


def as_json(result: Estimate) -> str:
    """The estimate as JSON (the documented keys first, then the chart data)."""
    return json.dumps(_clean(result.as_dict()), indent=2) + "\n"


def _signed(value: float | None, digits: int = 3) -> str:
    return "n/a" if value is None else f"{value:+,.{digits}f}"


def _p(value: float | None) -> str:
    if value is None:
        return "n/a"
    return "< 0.001" if value < 0.001 else f"= {value:.3f}"  # noqa: PLR2004


METHOD_NAMES = {
    "imputation": "difference-in-differences, imputation estimator (Borusyak, Jaravel & Spiess)",
    "trend-line": "TREND LINE (interrupted time series), no comparison group",
}


def as_text(result: Estimate) -> str:
    """The estimate as a short report for a person."""
    lines = [f"Impact estimate: {METHOD_NAMES.get(result.method, result.method)}"]
    if result.refused:
        lines.append("No estimate: the data cannot answer this question.")
        lines += [f"  - {warning}" for warning in result.warnings]
        return "\n".join(lines) + "\n"
    lines.append(f"  Evidence grade:          {result.evidence_grade}")
    lines.append(
        f"  Effect per unit-period:  {_signed(result.estimate)}"
        f"  (95% CI {_signed(result.ci_low)} to {_signed(result.ci_high)};"
        f" SE {_signed(result.std_error).lstrip('+')}; p {_p(result.p_value)})"
    )
    lines.append(
        f"  Units: {result.n_units_exposed:,} exposed, {result.n_units_comparison:,} "
        f"comparison; {result.n_periods} periods"
    )
    if result.pre_trend_p_value is not None:
        verdict = "passes" if result.pre_trend_p_value >= 0.05 else "FAILS"  # noqa: PLR2004
        lines.append(f"  Pre-trend test:          p {_p(result.pre_trend_p_value)} ({verdict})")
    if result.naive_estimate is not None:
        lines.append(
            f"  Naive gap (NOT impact):  {_signed(result.naive_estimate)}"
            f"  ({result.naive_description})"
        )
    lines.append("  Event study (periods since exposure: effect [95% CI], units):")
    for point in result.event_study:
        lines.append(
            f"    {point.relative_period:>4}  {_signed(point.estimate):>9}"
            f"  [{_signed(point.ci_low)}, {_signed(point.ci_high)}]  {point.n_units:,}"
        )
    if result.warnings:
        lines.append("Warnings:")
        lines += [f"  - {warning}" for warning in result.warnings]
    return "\n".join(lines) + "\n"
