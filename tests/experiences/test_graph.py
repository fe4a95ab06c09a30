from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mainspring.experiences import graph


@st.composite
def _dag(draw: st.DrawFn) -> tuple[list[int], dict[int, list[int]]]:
    # Edges only point to earlier nodes, so the graph has no cycle; the node order is shuffled.
    n = draw(st.integers(0, 12))
    waits = {
        i: draw(st.lists(st.sampled_from(range(i)), max_size=3)) if i else [] for i in range(n)
    }
    return list(draw(st.permutations(list(range(n))))), waits


def test_a_path_without_prerequisites_keeps_its_order():
    assert graph.topological_order([3, 1, 2], {}) == [3, 1, 2]


def test_a_step_moves_after_what_it_waits_for():
    assert graph.topological_order([1, 2, 3], {1: [3]}) == [2, 3, 1]


@given(_dag())
def test_topological_order_respects_every_prerequisite(case):
    nodes, waits = case
    order = graph.topological_order(nodes, waits)
    assert sorted(order) == sorted(nodes)
    place = {n: i for i, n in enumerate(order)}
    for step, prerequisites in waits.items():
        for p in prerequisites:
            assert place[p] < place[step]


@given(_dag())
def test_an_acyclic_graph_has_no_cycle(case):
    nodes, waits = case
    assert graph.find_cycle(nodes, waits) is None


@given(_dag(), st.data())
def test_a_closing_edge_always_yields_a_real_cycle(case, data):
    nodes, waits = case
    edges = [(s, p) for s, ps in waits.items() for p in ps]
    if not edges:
        return
    step, prerequisite = data.draw(st.sampled_from(edges))
    # prerequisite now also waits for step: a cycle of at least two steps.
    closed = {**waits, prerequisite: [*waits[prerequisite], step]}
    cycle = graph.find_cycle(nodes, closed)
    assert cycle is not None
    assert cycle[0] == cycle[-1]
    assert len(set(cycle[:-1])) == len(cycle) - 1
    for a, b in itertools.pairwise(cycle):
        assert b in closed[a]
    with pytest.raises(graph.CycleError):
        graph.topological_order(nodes, closed)


def test_cycle_is_named_in_order_from_the_step_being_changed():
    waits = {1: [2], 2: [3], 3: []}
    assert graph.would_create_cycle([1, 2, 3], waits, 3, [1]) == [3, 1, 2, 3]


def test_a_step_waiting_for_itself_is_a_cycle():
    assert graph.would_create_cycle([1], {}, 1, [1]) == [1, 1]


def test_prerequisites_outside_the_path_are_ignored():
    assert graph.topological_order([1, 2], {1: [99]}) == [1, 2]


def test_layers_put_parallel_steps_in_one_column():
    assert graph.layers([1, 2, 3, 4], {3: [1, 2], 4: [3]}) == {1: 0, 2: 0, 3: 1, 4: 2}


def test_picture_draws_every_step_and_an_arrow_per_prerequisite():
    boxes = [graph.Box(1, "Welcome", "#0d6efd"), graph.Box(2, "Safety <walk>", "#198754")]
    svg = graph.sequence_svg(boxes, {2: [1]}, title="Onboarding")
    assert svg.startswith("<svg")
    assert svg.endswith("</svg>")
    assert "1. Welcome" in svg
    assert "2. Safety &lt;walk&gt;" in svg
    assert svg.count("marker-end") == 1


def test_picture_of_an_empty_path_says_so():
    assert "No steps yet" in graph.sequence_svg([], {}, title="Empty")
