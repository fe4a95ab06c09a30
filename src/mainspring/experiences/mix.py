"""The blend of a path: total time, the mix by method, 70-20-10 category and focus, warnings.

Pure: the designer page and the printable plan pass plain :class:`StepFacts` in.

The measurable verbs follow Bloom's revised taxonomy (Anderson and Krathwohl, 2001: remember,
understand, apply, analyse, evaluate, create) as action verbs: "understand", "know" and
"learn about" name a state of mind nobody can observe, so an objective starting with them
cannot be measured.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

CATEGORY_LABELS = {
    "experiential": "Experience (70)",
    "social": "Social (20)",
    "formal": "Formal (10)",
}
CATEGORY_COLOURS = {"experiential": "#198754", "social": "#fd7e14", "formal": "#0d6efd"}
FOCUS_LABELS = {"knowledge": "Knowledge", "skill": "Skill", "motivation": "Motivation"}
FOCUS_COLOURS = {"knowledge": "#6f42c1", "skill": "#20c997", "motivation": "#d63384"}
METHOD_COLOUR = "#6c757d"

MEASURABLE_VERBS = frozenset(
    """
    list name define recall recognise recognize identify label match state describe
    explain summarise summarize classify compare contrast paraphrase interpret give illustrate
    apply use demonstrate perform carry complete operate calculate solve show prepare
    conduct handle run execute implement follow fill check inspect secure load drive
    analyse analyze distinguish differentiate examine diagnose break organise organize
    prioritise prioritize outline sort investigate troubleshoot test measure estimate
    evaluate assess judge justify critique decide select choose recommend defend rate
    review argue appraise verify audit report escalate
    create design plan build draft write produce develop propose formulate compose
    construct assemble set lead facilitate coach give hold deliver present negotiate
    agree resolve respond answer ask greet welcome introduce sign record document
    enter log book complete submit approve reject spot find locate share discuss
    """.split()  # noqa: SIM905  (a word list reads better as text)
)
VAGUE_VERBS = frozenset(
    """
    understand know learn appreciate grasp realise realize comprehend believe
    familiarise familiarize internalise internalize
    """.split()  # noqa: SIM905  (a word list reads better as text)
)
_PREAMBLES = ("be able to ", "able to ", "to ")


@dataclass(frozen=True, slots=True)
class StepFacts:
    """What the mix needs to know about one step."""

    title: str
    method: str
    category: str
    focus: str
    minutes: int
    objectives: tuple[str, ...] = ()
    required: bool = True
    key: int = 0
    waits_for: tuple[int, ...] = ()
    due_days: int | None = None


@dataclass(frozen=True, slots=True)
class Share:
    """One slice of a mix: a label, its minutes and its percentage of the total."""

    key: str
    label: str
    minutes: int
    percent: float
    colour: str


@dataclass(frozen=True, slots=True)
class Mix:
    """The blend of a path."""

    steps: int
    total_minutes: int
    required_minutes: int
    by_method: tuple[Share, ...]
    by_category: tuple[Share, ...]
    by_focus: tuple[Share, ...]


@dataclass(frozen=True, slots=True)
class Warning:
    """Something a designer should look at; ``code`` is stable for tests and styling."""

    code: str
    message: str


def format_minutes(minutes: int) -> str:
    """Write a duration the way people say it: ``45 min``, ``2 h``, ``1 h 30 min``."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest} min" if rest else f"{hours} h"


def _shares(
    totals: dict[str, int], labels: dict[str, str], colours: dict[str, str], whole: int
) -> tuple[Share, ...]:
    return tuple(
        Share(
            key=key,
            label=labels.get(key, key),
            minutes=minutes,
            percent=round(100 * minutes / whole, 1) if whole else 0.0,
            colour=colours.get(key, METHOD_COLOUR),
        )
        for key, minutes in totals.items()
    )


def compute_mix(steps: Sequence[StepFacts]) -> Mix:
    """Add the steps' minutes up by method, category and focus.

    Method shares come largest first; categories and focuses in their fixed order, every
    one present (at 0 minutes when unused) so the charts always show the full picture.
    """
    total = sum(s.minutes for s in steps)
    methods: dict[str, int] = {}
    for s in steps:
        methods[s.method] = methods.get(s.method, 0) + s.minutes
    by_method = dict(sorted(methods.items(), key=lambda kv: (-kv[1], kv[0])))
    categories = {k: sum(s.minutes for s in steps if s.category == k) for k in CATEGORY_LABELS}
    focuses = {k: sum(s.minutes for s in steps if s.focus == k) for k in FOCUS_LABELS}
    return Mix(
        steps=len(steps),
        total_minutes=total,
        required_minutes=sum(s.minutes for s in steps if s.required),
        by_method=_shares(by_method, {}, {}, total),
        by_category=_shares(categories, CATEGORY_LABELS, CATEGORY_COLOURS, total),
        by_focus=_shares(focuses, FOCUS_LABELS, FOCUS_COLOURS, total),
    )


def objective_problem(objective: str) -> str | None:
    """Why an objective is not measurable, or ``None`` when it starts with an action verb."""
    text = objective.strip().lower().lstrip("-•*0123456789.) ")
    for preamble in _PREAMBLES:
        text = text.removeprefix(preamble)
    words = text.replace(",", " ").split()
    if not words:
        return "is empty"
    verb = words[0].strip(".:;!?")
    if verb in VAGUE_VERBS:
        return f"starts with “{verb}”, which cannot be observed; use an action verb"
    if verb not in MEASURABLE_VERBS:
        return "does not start with a measurable verb (such as identify, explain, apply)"
    return None


def warnings(steps: Sequence[StepFacts]) -> list[Warning]:
    """What to look at in a path: all formal, all one method, objectives missing or vague."""
    found: list[Warning] = []
    if steps and all(s.category == "formal" for s in steps):
        found.append(
            Warning(
                "all-formal",
                "Every step is formal learning. Add practice on the job, an application "
                "exercise, coaching or a manager discussion so people use what they learn.",
            )
        )
    methods = {s.method for s in steps}
    if len(steps) > 1 and len(methods) == 1:
        found.append(
            Warning(
                "one-method",
                f"Every step uses the same method ({next(iter(methods))}). A blend of "
                "methods helps people learn and remember.",
            )
        )
    bare = [s.title for s in steps if not s.objectives]
    if bare:
        found.append(
            Warning(
                "no-objectives",
                f"{len(bare)} step{'s' if len(bare) != 1 else ''} without objectives: "
                + ", ".join(bare)
                + ".",
            )
        )
    found.extend(_sequence_warnings(steps))
    for s in steps:
        for objective in s.objectives:
            problem = objective_problem(objective)
            if problem:
                found.append(
                    Warning(
                        "vague-objective", f"“{s.title}”: the objective “{objective}” {problem}."
                    )
                )
    return found


def _sequence_warnings(steps: Sequence[StepFacts]) -> list[Warning]:
    """Steps listed, or due, before a step they wait for (``steps`` in their listed order)."""
    place = {s.key: i for i, s in enumerate(steps)}
    by_key = {s.key: s for s in steps}
    found = []
    for i, s in enumerate(steps):
        for key in s.waits_for:
            before = by_key.get(key)
            if before is None:
                continue
            if place[key] > i:
                found.append(
                    Warning(
                        "out-of-order",
                        f"“{s.title}” is listed before “{before.title}”, which it waits for: "
                        "move it further down.",
                    )
                )
            if (
                s.due_days is not None
                and before.due_days is not None
                and (s.due_days < before.due_days)
            ):
                found.append(
                    Warning(
                        "due-too-early",
                        f"“{s.title}” is due on day {s.due_days}, before “{before.title}” "
                        f"(day {before.due_days}), which it waits for.",
                    )
                )
    return found


BAR_W, LABEL_W, ROW_H = 220, 130, 22
LABEL_CHARS = 20


def shares_svg(shares: Sequence[Share], *, title: str) -> str:
    """Draw a mix as horizontal bars with minutes and percentages (hand-written SVG, no JS)."""
    label = escape(title)
    rows = list(shares)
    width = LABEL_W + BAR_W + 110
    height = max(1, len(rows)) * ROW_H + 8
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{label}" '
        f'class="ms-chart ms-mix" font-family="sans-serif" font-size="11"><title>{label}</title>'
    ]
    if not rows:
        parts.append('<text x="4" y="16" fill="#666">No steps yet</text></svg>')
        return "".join(parts)
    for i, share in enumerate(rows):
        y = 4 + i * ROW_H
        w = BAR_W * share.percent / 100
        text = (
            share.label if len(share.label) <= LABEL_CHARS else share.label[: LABEL_CHARS - 1] + "…"
        )
        parts.append(
            f"<g><title>{escape(share.label)}: {format_minutes(share.minutes)} "
            f"({share.percent:g}%)</title>"
            f'<text x="{LABEL_W - 6}" y="{y + 14}" text-anchor="end">{escape(text)}</text>'
            f'<rect x="{LABEL_W}" y="{y + 3}" width="{BAR_W}" height="14" fill="#eee"/>'
            f'<rect x="{LABEL_W}" y="{y + 3}" width="{w:.1f}" height="14" fill="{share.colour}"/>'
            f'<text x="{LABEL_W + BAR_W + 6}" y="{y + 14}">{share.percent:g}% · '
            f"{format_minutes(share.minutes)}</text></g>"
        )
    parts.append("</svg>")
    return "".join(parts)
