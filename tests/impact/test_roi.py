"""Phillips' ROI arithmetic and the guiding principles it enforces (no database)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from mainspring.impact import roi

D = Decimal


def test_the_formula_check_750000_and_425000_give_bcr_176_and_roi_76():
    got = roi.figures(D(750_000), D(425_000))
    assert round(got.bcr or 0, 2) == 1.76
    assert round(got.roi_pct or 0) == 76
    # 425,000 / (750,000 / 12) = 6.8 months
    assert got.payback_months is not None
    assert abs(got.payback_months - 6.8) < 1e-9


def test_losses_give_a_negative_roi_and_no_payback():
    got = roi.figures(D(100_000), D(425_000))
    assert got.roi_pct is not None
    assert round(got.roi_pct, 1) == -76.5
    assert got.payback_months == 51.0  # pays back, but after more than four years
    assert roi.figures(D(-5), D(10)).payback_months is None


def test_no_costs_gives_no_ratio():
    got = roi.figures(D(1000), D(0))
    assert got.bcr is None
    assert got.roi_pct is None


@given(
    st.decimals(min_value=-(10**7), max_value=10**8, places=2),
    st.decimals(min_value=1, max_value=10**8, places=2),
)
def test_roi_is_bcr_minus_one_in_percent(benefits, costs):
    got = roi.figures(benefits, costs)
    assert got.bcr is not None
    assert got.roi_pct is not None
    assert abs(got.roi_pct - (got.bcr - 1) * 100) < 1e-6 * max(1.0, abs(got.roi_pct))


def inputs(**changes):
    base = {
        "effect": -0.5,
        "ci_low": -0.8,
        "ci_high": -0.2,
        "direction": "lower",
        "unit_value": D(1000),
        "exposed_units": 10,
        "periods_per_year": 12,
    }
    return roi.EstimateInputs(**{**base, **changes})


def test_a_fall_in_a_lower_is_better_kpi_is_a_benefit_at_point_and_bounds():
    # 0.5 incidents x 120 depot-months x 1,000 = 60,000; bounds 24,000 and 96,000
    got = roi.roi_from_estimate(inputs(), D(40_000))
    assert not got.refused
    assert got.point is not None
    assert got.low is not None
    assert got.high is not None
    assert got.point.benefits == D(60_000)
    assert got.low.benefits == D(24_000)
    assert got.high.benefits == D(96_000)
    assert round(got.point.roi_pct or 0) == 50
    assert got.working["exposed_unit_periods_per_year"] == 120
    assert any("conservative" in p for p in got.principles)


def test_a_rise_in_a_higher_is_better_kpi_is_a_benefit():
    got = roi.roi_from_estimate(
        inputs(effect=2.0, ci_low=1.0, ci_high=3.0, direction="higher"), D(1000)
    )
    assert got.point is not None
    assert got.low is not None
    assert got.point.benefits == D(240_000)
    assert got.low.benefits == D(120_000)


def test_an_interval_including_zero_points_to_the_conservative_figure():
    got = roi.roi_from_estimate(inputs(effect=-0.2, ci_low=-0.6, ci_high=0.2), D(10_000))
    assert got.working.get("includes_zero") is True
    assert got.low is not None
    assert any("may have had no effect" in p for p in got.principles)
    assert roi.roi_from_estimate(inputs(), D(10_000)).working.get("includes_zero") is None


def test_the_wrong_way_round_effect_is_a_loss():
    got = roi.roi_from_estimate(inputs(effect=0.3, ci_low=-0.1, ci_high=0.7), D(10_000))
    assert got.point is not None
    assert got.point.benefits < 0
    assert (got.point.roi_pct or 0) < -100


def test_no_isolation_method_no_roi():
    got = roi.roi_from_estimate(inputs(isolation_method="none"), D(1000))
    assert got.refused
    assert got.point is None
    assert "isolation" in got.refused_reason


def test_a_refused_study_gives_no_roi():
    got = roi.roi_from_estimate(
        inputs(effect=None, ci_low=None, ci_high=None, study_refused=True), D(1000)
    )
    assert got.refused
    assert got.point is None


def test_a_kpi_without_money_value_gives_no_roi():
    got = roi.roi_from_estimate(inputs(unit_value=None), D(1000))
    assert got.refused
    assert "money value" in got.refused_reason


def test_no_costs_no_roi():
    assert roi.roi_from_estimate(inputs(), D(0)).refused


def claim(pk, improvement, attribution=50.0, confidence=80.0, responded=True):
    return roi.Claim(
        pk,
        responded,
        None if improvement is None else D(improvement),
        attribution,
        confidence,
    )


def test_participant_claims_are_adjusted_and_non_respondents_count_zero():
    claims = [
        claim(1, 10_000),  # 10,000 x 50% x 80% = 4,000
        claim(2, 20_000, 25.0, 100.0),  # 5,000
        claim(3, None, responded=False),
        claim(4, 5000, None),  # no attribution: no isolation, zero
    ]
    got = roi.adjusted_claims(claims)
    assert got.total == D(9000)
    assert got.invited == 4
    assert got.responded == 3
    assert got.counted == 2
    assert got.no_data == 1
    assert got.excluded == ()


def test_claims_above_three_times_the_median_are_excluded_and_listed():
    claims = [claim(i, 10_000) for i in range(1, 5)] + [claim(9, 500_000)]
    got = roi.adjusted_claims(claims)
    assert got.threshold == D(30_000)
    assert got.excluded == (D(500_000),)
    assert got.total == D(16_000)  # 4 x 4,000
    capped = roi.adjusted_claims(claims, cap=D(5000))
    assert capped.total == D(0)
    assert len(capped.excluded) == 5


def test_roi_from_claims_lists_its_principles_and_has_no_bounds():
    claims = [claim(1, 1_000_000, 100.0, 100.0)] * 3
    got = roi.roi_from_claims([*claims, claim(7, None, responded=False)], D(425_000))
    assert got.point is not None
    assert got.point.benefits == D(3_000_000)
    assert got.low is None
    assert got.high is None
    assert any("non-respondents" in p for p in got.principles)


def test_roi_from_claims_without_any_usable_answer_is_refused():
    got = roi.roi_from_claims([claim(1, None, responded=False), claim(2, 50, None)], D(10))
    assert got.refused
    assert got.point is None


amounts = st.one_of(st.none(), st.decimals(min_value=-1000, max_value=10**6, places=0))
pcts = st.one_of(st.none(), st.floats(min_value=0, max_value=100))
claims_strategy = st.lists(
    st.builds(claim, st.integers(1, 10**6), amounts, pcts, pcts, st.booleans()), max_size=30
)


@given(claims_strategy)
def test_adjusted_benefits_never_exceed_the_raw_claims_below_the_threshold(claims):
    got = roi.adjusted_claims(claims)
    kept = [
        c.annual_improvement
        for c in claims
        if c.responded
        and c.annual_improvement is not None
        and c.attribution_pct is not None
        and c.confidence_pct is not None
        and (got.threshold is None or c.annual_improvement <= got.threshold)
    ]
    positive = sum((k for k in kept if k > 0), D(0))
    negative = sum((k for k in kept if k < 0), D(0))
    assert negative - D("0.01") <= got.total <= positive + D("0.01")
    assert got.counted + got.no_data + len(got.excluded) == got.responded


@given(claims_strategy, st.integers(1000, 10**6))
def test_adding_a_non_respondent_never_changes_the_benefits(claims, pk):
    before = roi.adjusted_claims(claims).total
    after = roi.adjusted_claims([*claims, claim(pk, None, responded=False)]).total
    assert before == after


@given(
    st.floats(min_value=-5, max_value=5),
    st.floats(min_value=0.01, max_value=3),
    st.sampled_from(["higher", "lower"]),
)
def test_the_bounds_enclose_the_point(effect, half_width, direction):
    got = roi.roi_from_estimate(
        inputs(
            effect=effect,
            ci_low=effect - half_width,
            ci_high=effect + half_width,
            direction=direction,
        ),
        D(1000),
    )
    assert got.point is not None
    assert got.low is not None
    assert got.high is not None
    assert got.low.benefits <= got.point.benefits <= got.high.benefits
