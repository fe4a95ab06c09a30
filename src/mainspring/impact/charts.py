"""The two charts that go with every estimate, drawn with matplotlib.

- the event study: the effect by periods since exposure with 95% intervals, the
  pre-exposure leads of the pre-trend test to the left of the exposure line;
- the KPI chart: mean KPI of exposed and never-exposed units by period, with a marker
  for each period in which units were first exposed.

Pure rendering: an :class:`~mainspring.impact.estimators.Estimate` in, SVG or PNG bytes
out. The web app will draw from the same ``event_study`` and ``series`` values.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import Any

from mainspring.impact.estimators import Estimate, EventPoint

BLUE, GREY, RED = "#0d6efd", "#6c757d", "#dc3545"


def _new_figure() -> tuple[Any, Any]:
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: PLC0415  (slow import)
    from matplotlib.figure import Figure  # noqa: PLC0415  (slow import)

    # An object-oriented Figure, not pyplot: no global state, safe in a threaded worker.
    figure = Figure(figsize=(6.4, 3.0), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.spines[["top", "right"]].set_visible(False)
    axes.tick_params(labelsize=7)
    return figure, axes


def _save(figure: Any, fmt: str) -> bytes:
    from matplotlib import rc_context  # noqa: PLC0415  (slow import)

    figure.tight_layout()
    out = io.BytesIO()
    with rc_context({"svg.fonttype": "none"}):
        # No date in the SVG metadata, so the same chart draws to the same bytes.
        figure.savefig(out, format=fmt, metadata={"Date": None} if fmt == "svg" else None)
    return out.getvalue()


def event_study_chart(estimate: Estimate, fmt: str = "svg") -> bytes:
    """The effect by periods since exposure, with 95% intervals and the pre-periods."""
    figure, axes = _new_figure()
    points = estimate.event_study
    if not points:
        axes.text(0.5, 0.5, "No estimate", ha="center", va="center", color=GREY)
    low, high = _event_range(points)
    clipped = False
    for point in points:
        colour = GREY if point.relative_period < 0 else BLUE
        if point.ci_low is not None and point.ci_high is not None:
            bottom, top = max(point.ci_low, low), min(point.ci_high, high)
            axes.vlines(point.relative_period, bottom, top, color=colour, lw=1.2)
            for end, bound, marker in ((point.ci_low, low, "v"), (point.ci_high, high, "^")):
                if end != bound and (end < low or end > high):
                    axes.plot(point.relative_period, bound, marker, color=colour, markersize=4)
                    clipped = True
        axes.plot(point.relative_period, point.estimate, "o", color=colour, markersize=4)
    if points and low < high:
        axes.set_ylim(low, high)
    if clipped:
        axes.annotate(
            "▲▼ interval runs off the chart (few units at that period)",
            xy=(0.99, 0.01),
            xycoords="axes fraction",
            fontsize=6,
            color=GREY,
            ha="right",
            va="bottom",
        )
    axes.axhline(0, color="black", lw=0.8)
    axes.axvline(-0.5, color=RED, lw=1, linestyle="--")
    axes.set_xlabel(
        "periods since exposure (left of the line: before, the pre-trend test)", fontsize=8
    )
    axes.set_ylabel("effect (KPI units)", fontsize=8)
    grade = estimate.evidence_grade or "none"
    axes.set_title(f"Event study, {estimate.method} (grade {grade})", fontsize=9, loc="left")
    return _save(figure, fmt)


def _event_range(points: Sequence[EventPoint]) -> tuple[float, float]:
    """The y range to draw: every estimate, zero, and the intervals not too wide.

    An interval wider than four times the median one (a period with very few units) is
    cut at the edge, or it would squash every other to a line.
    """
    values = [0.0, *(p.estimate for p in points)]
    widths = sorted(
        p.ci_high - p.ci_low for p in points if p.ci_low is not None and p.ci_high is not None
    )
    limit = 4 * widths[len(widths) // 2] if widths else 0.0
    for p in points:
        if p.ci_low is not None and p.ci_high is not None and p.ci_high - p.ci_low <= limit:
            values += [p.ci_low, p.ci_high]
    low, high = min(values), max(values)
    pad = (high - low) * 0.08 or 1.0
    return low - pad, high + pad


def kpi_chart(estimate: Estimate, fmt: str = "svg") -> bytes:
    """Mean KPI of exposed and never-exposed units by period, with exposure markers."""
    figure, axes = _new_figure()
    series = estimate.series
    xs = range(len(series))
    exposed = [p.exposed_mean for p in series]
    comparison = [p.comparison_mean for p in series]
    axes.plot(xs, [float("nan") if v is None else v for v in exposed], color=BLUE, lw=2)
    if any(v is not None for v in comparison):
        axes.plot(xs, [float("nan") if v is None else v for v in comparison], color=GREY, lw=2)
    for x, point in zip(xs, series, strict=True):
        if point.newly_exposed:
            axes.axvline(x, color=RED, lw=0.8, alpha=0.5)
            axes.annotate(
                f"{point.newly_exposed:,}",
                xy=(x, 1),
                xycoords=("data", "axes fraction"),
                fontsize=6,
                color=RED,
                ha="center",
                va="bottom",
            )
    axes.legend(["exposed units", "never-exposed units"], fontsize=7, frameon=False)
    step = max(1, len(series) // 8)
    ticks = list(range(0, len(series), step))
    axes.set_xticks(ticks, [series[i].period for i in ticks])
    axes.set_title(
        "Mean KPI by period; red lines: units first exposed (count)", fontsize=9, loc="left"
    )
    return _save(figure, fmt)


def inline_svg(data: bytes) -> str:
    """An SVG chart ready to put inside an HTML page: no XML prologue, scaling to fit.

    matplotlib writes the text it draws escaped, and the charts hold only numbers,
    period labels and the method's name, so the markup is safe to mark as such.
    """
    text = data.decode()
    text = text[text.index("<svg") :]
    return re.sub(
        r'<svg([^>]*?) width="[^"]*" height="[^"]*"', r'<svg\1 width="100%"', text, count=1
    )
