"""Small hand-written SVG charts from plain values: no JavaScript, no library.

The SVG stands alone (a ``<title>``, ``role="img"`` and an ``aria-label``), so the same
string can be inlined in a page or saved as an image in a DOCX or PDF export.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 32


def _number(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def trend_svg(
    series: Sequence[tuple[str, float]],
    *,
    title: str,
    baseline: float | None = None,
    target: float | None = None,
    unit: str = "",
) -> str:
    """Draw a line chart of ``series`` (period label, value) with baseline and target lines.

    Returns:
        An ``<svg>`` element as text; with no values it says so instead of drawing axes.
    """
    label = escape(title)
    suffix = f" {escape(unit)}" if unit else ""
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{label}" '
        f'class="ms-chart" font-family="sans-serif" font-size="11"><title>{label}</title>'
    )
    if not series:
        return (
            f'{head}<text x="{WIDTH // 2}" y="{HEIGHT // 2}" text-anchor="middle" '
            f'fill="#666">No values yet</text></svg>'
        )
    values = [v for _, v in series]
    levels = [*values, *(x for x in (baseline, target) if x is not None)]
    low, high = min(levels), max(levels)
    if high == low:
        low, high = low - 1, high + 1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x_at(i: int) -> float:
        return LEFT + (plot_w / 2 if len(series) == 1 else plot_w * i / (len(series) - 1))

    def y_at(v: float) -> float:
        return TOP + plot_h * (high - v) / (high - low)

    parts = [
        head,
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_h}" '
        'stroke="#999"/>',
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot_h}" stroke="#999"/>',
        f'<text x="{LEFT - 4}" y="{y_at(high) + 4:.1f}" text-anchor="end">{_number(high)}</text>',
        f'<text x="{LEFT - 4}" y="{y_at(low) + 4:.1f}" text-anchor="end">{_number(low)}</text>',
    ]
    for name, level, colour in (("Baseline", baseline, "#6c757d"), ("Target", target, "#198754")):
        if level is None:
            continue
        y = y_at(level)
        parts.append(
            f'<line class="ms-chart-{name.lower()}" x1="{LEFT}" y1="{y:.1f}" '
            f'x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="{colour}" stroke-dasharray="6 4">'
            f"<title>{name}: {_number(level)}{suffix}</title></line>"
        )
        parts.append(
            f'<text x="{WIDTH - RIGHT}" y="{y - 4:.1f}" text-anchor="end" fill="{colour}">'
            f"{name} {_number(level)}</text>"
        )
    points = " ".join(f"{x_at(i):.1f},{y_at(v):.1f}" for i, v in enumerate(values))
    if len(series) > 1:
        parts.append(f'<polyline points="{points}" fill="none" stroke="#0d6efd" stroke-width="2"/>')
    for i, (period, value) in enumerate(series):
        parts.append(
            f'<circle cx="{x_at(i):.1f}" cy="{y_at(value):.1f}" r="3" fill="#0d6efd">'
            f"<title>{escape(period)}: {_number(value)}{suffix}</title></circle>"
        )
    last = len(series) - 1
    for i in sorted({0, last}):
        # The end labels hang inwards from their point, so neither is cut at the edge.
        anchor = "middle" if last == 0 else ("start" if i == 0 else "end")
        parts.append(
            f'<text x="{x_at(i):.1f}" y="{HEIGHT - 10}" text-anchor="{anchor}">'
            f"{escape(series[i][0])}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
