"""Weighted prioritisation: scores, explanations, ranks and what-if weights."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mainspring.factory.prioritisation import (
    CRITERIA,
    DEFAULT_WEIGHTS,
    WeightError,
    impact_rating,
    moves,
    normalise,
    rank,
    score,
)

ratings = st.fixed_dictionaries(
    {c.code: st.one_of(st.none(), st.integers(min_value=0, max_value=5)) for c in CRITERIA}
)


def test_all_fives_but_no_effort_scores_100():
    best = {c.code: (0 if c.inverted else 5) for c in CRITERIA}

    assert score(1, best, DEFAULT_WEIGHTS).score == pytest.approx(100)


def test_score_by_hand():
    # weights impact 3, effort 1 of 4: impact 4/5 -> 60; effort 1/5 inverted -> 4/5 -> 20
    result = score(1, {"impact": 4, "effort": 1}, {"impact": 3, "effort": 1})

    assert result.score == pytest.approx(80)
    parts = {p.code: p for p in result.parts}
    assert parts["impact"].points == pytest.approx(60)
    assert parts["effort"].points == pytest.approx(20)
    assert parts["reach"].points == 0  # weight 0


def test_missing_rating_counts_as_the_middle_and_is_said():
    result = score(1, {}, {"urgency": 1})

    assert result.score == pytest.approx(50)
    assert "not rated, taken as 2.5" in result.explain()


@given(ratings)
def test_explanation_parts_add_up_to_the_score(r):
    result = score(1, r, DEFAULT_WEIGHTS)

    assert 0 <= result.score <= 100
    assert sum(p.points for p in result.parts) == pytest.approx(result.score)
    assert result.explain().startswith(f"{result.score:.1f} of 100")


@given(st.lists(ratings, min_size=1, max_size=8))
def test_ranks_follow_scores_and_ties_share_a_rank(rs):
    ranked = rank(list(enumerate(rs)), DEFAULT_WEIGHTS)

    assert [s.score for s in ranked] == sorted((s.score for s in ranked), reverse=True)
    assert ranked[0].rank == 1
    for a, b in itertools.pairwise(ranked):
        assert (b.rank == a.rank) == (round(a.score, 9) == round(b.score, 9))


def test_what_if_reweighting_moves_requests():
    requests = [(1, {"impact": 5, "risk": 0}), (2, {"impact": 1, "risk": 5})]
    before = rank(requests, {"impact": 1})
    after = rank(requests, {"risk": 1})

    assert [s.key for s in before] == [1, 2]
    assert [s.key for s in after] == [2, 1]
    assert moves(before, after) == {2: 1, 1: -1}


@pytest.mark.parametrize("weights", [{"impact": -1}, {"nonsense": 1}, {"impact": 0, "reach": 0}])
def test_bad_weights_are_refused(weights):
    with pytest.raises(WeightError):
        normalise(weights)


def test_a_rating_out_of_range_is_refused():
    with pytest.raises(ValueError, match="between 0 and 5"):
        score(1, {"impact": 6}, DEFAULT_WEIGHTS)


@pytest.mark.parametrize(
    ("money", "rating"),
    [(None, None), (0, 0), (9_999, 0), (10_000, 1), (250_000, 3), (2_000_000, 5)],
)
def test_impact_rating_from_money_at_stake(money, rating):
    assert impact_rating(money) == rating
