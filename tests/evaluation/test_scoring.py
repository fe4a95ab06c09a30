"""The arithmetic of results: % favourable, means, NPS, the min-3 rule, claims."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mainspring.evaluation import scoring


def test_favourable_is_the_share_of_fours_and_fives() -> None:
    assert scoring.favourable_pct({1: 1, 3: 1, 4: 1, 5: 1}) == 50.0
    assert scoring.favourable_pct({}) is None


def test_nps_counts_nine_and_ten_against_zero_to_six() -> None:
    # 2 promoters, 1 passive (8), 2 detractors (6 and 0) of 5
    assert scoring.nps({10: 1, 9: 1, 8: 1, 6: 1, 0: 1}) == pytest.approx(0.0)
    assert scoring.nps({10: 3, 7: 1}) == pytest.approx(75.0)
    assert scoring.nps({}) is None


def test_fewer_than_three_answers_give_no_percentage() -> None:
    two = scoring.scale_result({5: 2})
    assert two.favourable_pct is None
    assert two.mean is None
    assert two.bars == ()
    assert two.too_few
    three = scoring.scale_result({5: 2, 1: 1})
    assert three.favourable_pct == pytest.approx(200 / 3)
    assert three.mean == pytest.approx(11 / 3)
    assert [b.count for b in three.bars] == [1, 0, 0, 0, 2]
    assert not scoring.scale_result({}).too_few


@given(st.dictionaries(st.integers(0, 10), st.integers(0, 50)))
def test_nps_stays_within_minus_100_and_100(distribution: dict[int, int]) -> None:
    found = scoring.nps(distribution)
    if scoring.total(distribution) == 0:
        assert found is None
    else:
        assert found is not None
        assert -100 <= found <= 100


@given(st.dictionaries(st.integers(1, 5), st.integers(0, 50), min_size=1))
def test_mean_lies_on_the_scale_and_favourable_is_a_percentage(
    distribution: dict[int, int],
) -> None:
    mean, favourable = scoring.mean(distribution), scoring.favourable_pct(distribution)
    if scoring.total(distribution):
        assert mean is not None
        assert 1 <= mean <= 5
        assert favourable is not None
        assert 0 <= favourable <= 100


def test_claims_are_adjusted_and_extremes_left_out() -> None:
    rows = [
        (Decimal(1000), 50.0, 80.0),  # 400
        (Decimal(2000), 25.0, 50.0),  # 250
        (Decimal(3000), None, 90.0),  # no attribution given: 0
        (Decimal(20000), 100.0, 100.0),  # over 3 x the median (2,500): left out
    ]
    found = scoring.claims(rows)
    assert found.respondents == 4
    assert found.median == Decimal(2500)
    assert found.extreme == 1
    assert found.adjusted_total == Decimal(650)
    assert scoring.claims([]).adjusted_total == 0
