"""The charts: a period with very few units does not squash the event study."""

from __future__ import annotations

import dataclasses

import numpy as np

from mainspring.impact.charts import _event_range, event_study_chart
from mainspring.impact.estimators import EventPoint, estimate_impact
from tests.impact.test_estimators import make_panel


def point(h: int, est: float, half: float) -> EventPoint:
    return EventPoint(h, est, half / 2, est - half, est + half, 5)


def test_a_very_wide_interval_is_cut_at_the_edge_and_said():
    points = [point(h, -0.3, 0.2) for h in range(-3, 5)] + [point(5, -0.3, 20.0)]

    low, high = _event_range(points)

    assert -1.0 < low < -0.5
    assert 0.0 < high < 0.2
    rng = np.random.default_rng(1)
    estimate = estimate_impact(make_panel(rng.normal(1, 0.1, (12, 24)), [-1] * 6 + [12] * 6))
    svg = event_study_chart(dataclasses.replace(estimate, event_study=tuple(points))).decode()
    assert "interval runs off the chart" in svg


def test_ordinary_intervals_are_drawn_whole():
    points = [point(h, 0.1 * h, 0.3) for h in range(-3, 5)]

    low, high = _event_range(points)

    assert low < -0.3 - 0.3
    assert high > 0.4 + 0.3
