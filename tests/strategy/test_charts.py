from __future__ import annotations

from mainspring.strategy.charts import trend_svg


def test_chart_draws_every_point_with_baseline_and_target() -> None:
    svg = trend_svg(
        [("2025-01", 4.0), ("2025-02", 3.5), ("2025-03", 3.0)],
        title="Incidents <per> month",
        baseline=4.2,
        target=2.5,
        unit="incidents",
    )
    assert svg.startswith("<svg")
    assert svg.endswith("</svg>")
    assert 'role="img"' in svg
    assert 'aria-label="Incidents &lt;per&gt; month"' in svg
    assert "<title>Incidents &lt;per&gt; month</title>" in svg
    assert svg.count("<circle") == 3
    assert "<polyline" in svg
    assert 'class="ms-chart-baseline"' in svg
    assert "Baseline: 4.2 incidents" in svg
    assert 'class="ms-chart-target"' in svg
    assert "Target: 2.5 incidents" in svg
    assert "2025-02: 3.5 incidents" in svg


def test_chart_of_no_values_says_so() -> None:
    svg = trend_svg([], title="Empty", target=3.0)
    assert "No values yet" in svg
    assert "<circle" not in svg
    assert 'role="img"' in svg


def test_chart_of_one_point_draws_a_dot_and_no_line() -> None:
    svg = trend_svg([("2025-01", 5.0)], title="One")
    assert svg.count("<circle") == 1
    assert "<polyline" not in svg
    assert "ms-chart-baseline" not in svg
