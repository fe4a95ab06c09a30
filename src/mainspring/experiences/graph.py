"""The prerequisite graph of a path: cycles, an order that respects it, and its picture.

Steps are plain ids; ``waits_for`` maps a step to the steps it waits for (its
prerequisites). Everything here is pure: plain values in, plain values out.

A small hand-written depth-first search and Kahn's algorithm are enough for paths of a
few dozen steps; no graph library is needed.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape

WHITE, GREY, BLACK = 0, 1, 2


class CycleError(ValueError):
    """The prerequisites form a cycle; ``cycle`` lists it in order, first step repeated."""

    def __init__(self, cycle: list[int]) -> None:
        super().__init__(f"cycle: {cycle}")
        self.cycle = cycle


def _edges(nodes: Sequence[int], waits_for: Mapping[int, Iterable[int]]) -> dict[int, list[int]]:
    known = set(nodes)
    return {n: [p for p in waits_for.get(n, ()) if p in known] for n in nodes}


def find_cycle(nodes: Sequence[int], waits_for: Mapping[int, Iterable[int]]) -> list[int] | None:
    """Find a cycle in the prerequisites, if there is one.

    Returns:
        The steps of one cycle in order, each waiting for the next, with the first step
        repeated at the end (``[a, b, c, a]``: a waits for b, b for c, c for a); ``None``
        when there is no cycle. Prerequisites outside ``nodes`` are ignored.
    """
    edges = _edges(nodes, waits_for)
    colour = dict.fromkeys(nodes, WHITE)
    for root in nodes:
        if colour[root] != WHITE:
            continue
        # Iterative DFS: the stack holds (node, index of the next edge to follow).
        stack: list[tuple[int, int]] = [(root, 0)]
        colour[root] = GREY
        while stack:
            node, i = stack[-1]
            if i == len(edges[node]):
                colour[node] = BLACK
                stack.pop()
                continue
            stack[-1] = (node, i + 1)
            nxt = edges[node][i]
            if colour[nxt] == GREY:
                trail = [n for n, _ in stack]
                return [*trail[trail.index(nxt) :], nxt]
            if colour[nxt] == WHITE:
                colour[nxt] = GREY
                stack.append((nxt, 0))
    return None


def would_create_cycle(
    nodes: Sequence[int],
    waits_for: Mapping[int, Iterable[int]],
    step: int,
    prerequisites: Iterable[int],
) -> list[int] | None:
    """The cycle that giving ``step`` these ``prerequisites`` would create, or ``None``."""
    changed = {**{n: list(waits_for.get(n, ())) for n in nodes}, step: list(prerequisites)}
    cycle = find_cycle(nodes, changed)
    if cycle is None or step not in cycle[:-1]:
        return cycle
    # Start the story at the step being changed: it reads as the designer's own edit.
    start = cycle.index(step)
    ring = cycle[:-1]
    ring = ring[start:] + ring[:start]
    return [*ring, step]


def topological_order(nodes: Sequence[int], waits_for: Mapping[int, Iterable[int]]) -> list[int]:
    """Order the steps so each comes after everything it waits for.

    Among the steps free to go next, the one earliest in ``nodes`` goes first, so a path
    whose positions already respect the prerequisites keeps its order.

    Raises:
        CycleError: when the prerequisites form a cycle.
    """
    edges = _edges(nodes, waits_for)
    rank = {n: i for i, n in enumerate(nodes)}
    waiting = {n: len(set(edges[n])) for n in nodes}
    unlocks: dict[int, list[int]] = {n: [] for n in nodes}
    for n in nodes:
        for p in set(edges[n]):
            unlocks[p].append(n)
    ready = [(rank[n], n) for n in nodes if waiting[n] == 0]
    heapq.heapify(ready)
    order: list[int] = []
    while ready:
        _, n = heapq.heappop(ready)
        order.append(n)
        for m in unlocks[n]:
            waiting[m] -= 1
            if waiting[m] == 0:
                heapq.heappush(ready, (rank[m], m))
    if len(order) < len(nodes):
        raise CycleError(find_cycle(nodes, edges) or [])
    return order


def layers(nodes: Sequence[int], waits_for: Mapping[int, Iterable[int]]) -> dict[int, int]:
    """The column of each step: 0 when it waits for nothing, else one after its latest prerequisite.

    Raises:
        CycleError: when the prerequisites form a cycle.
    """
    edges = _edges(nodes, waits_for)
    layer: dict[int, int] = {}
    for n in topological_order(nodes, edges):
        layer[n] = max((layer[p] + 1 for p in edges[n]), default=0)
    return layer


@dataclass(frozen=True, slots=True)
class Box:
    """One step in the picture."""

    id: int
    label: str
    colour: str
    hint: str = ""


BOX_W, BOX_H, GAP_X, GAP_Y, PAD = 170, 44, 50, 14, 12
LABEL_CHARS = 26


def sequence_svg(
    boxes: Sequence[Box], waits_for: Mapping[int, Iterable[int]], *, title: str
) -> str:
    """Draw the path as a layered graph: columns by prerequisite depth, arrows for prerequisites.

    Steps in one column wait for nothing in that column, so they may be taken in any order.
    With a cycle (which the actions refuse) every step is drawn in one column.
    """
    label = escape(title)
    ids = [b.id for b in boxes]
    try:
        column = layers(ids, waits_for)
    except CycleError:
        column = dict.fromkeys(ids, 0)
    rows: dict[int, int] = {}
    seen: dict[int, int] = {}
    for b in boxes:
        rows[b.id] = seen.get(column[b.id], 0)
        seen[column[b.id]] = rows[b.id] + 1
    cols = max(column.values(), default=0) + 1
    height_rows = max(seen.values(), default=1)
    width = PAD * 2 + cols * BOX_W + (cols - 1) * GAP_X
    height = PAD * 2 + height_rows * BOX_H + (height_rows - 1) * GAP_Y
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{label}" '
        f'class="ms-chart ms-sequence" font-family="sans-serif" font-size="11">'
        f"<title>{label}</title>"
        '<defs><marker id="ms-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555"/>'
        "</marker></defs>"
    )
    if not boxes:
        return (
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 340 60" width="340" '
            f'height="60" role="img" aria-label="{label}" class="ms-chart ms-sequence" '
            f'font-family="sans-serif" font-size="12"><title>{label}</title>'
            '<text x="170" y="34" text-anchor="middle" fill="#666">No steps yet</text></svg>'
        )

    def x_of(n: int) -> int:
        return PAD + column[n] * (BOX_W + GAP_X)

    def y_of(n: int) -> int:
        return PAD + rows[n] * (BOX_H + GAP_Y)

    parts = [head]
    for b in boxes:
        for p in waits_for.get(b.id, ()):
            if p not in column:
                continue
            x1, y1 = x_of(p) + BOX_W, y_of(p) + BOX_H // 2
            x2, y2 = x_of(b.id), y_of(b.id) + BOX_H // 2
            mid = (x1 + x2) / 2
            parts.append(
                f'<path d="M{x1},{y1} C{mid:.1f},{y1} {mid:.1f},{y2} {x2},{y2}" fill="none" '
                'stroke="#555" stroke-width="1.2" marker-end="url(#ms-arrow)"/>'
            )
    for i, b in enumerate(boxes, start=1):
        x, y = x_of(b.id), y_of(b.id)
        text = b.label if len(b.label) <= LABEL_CHARS else b.label[: LABEL_CHARS - 1] + "…"
        parts.append(
            f'<g class="ms-seq-step"><title>{escape(f"{i}. {b.label}")}'
            f"{escape(f' ({b.hint})') if b.hint else ''}</title>"
            f'<rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="6" '
            f'fill="#fff" stroke="{b.colour}" stroke-width="2"/>'
            f'<rect x="{x}" y="{y}" width="6" height="{BOX_H}" rx="2" fill="{b.colour}"/>'
            f'<text x="{x + 12}" y="{y + 18}" font-weight="bold">{i}. {escape(text)}</text>'
            f'<text x="{x + 12}" y="{y + 34}" fill="#555">{escape(b.hint)}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)
