"""``mainspring impact estimate`` on real files: output, exit codes, file errors."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from mainspring.cli import main
from tests.impact.simulate import staggered_panel, write_files

JSON_KEYS = {
    "method",
    "estimate",
    "std_error",
    "ci_low",
    "ci_high",
    "p_value",
    "n_units_exposed",
    "n_units_comparison",
    "n_periods",
    "pre_trend_p_value",
    "naive_estimate",
    "evidence_grade",
    "warnings",
}


@pytest.fixture
def files(tmp_path):
    draw = staggered_panel(np.random.default_rng(42), n_units=80, n_periods=18, cohorts=(6, 10))
    kpi, exposures, units = write_files(draw.panel, tmp_path)
    return draw, kpi, exposures, units


def test_json_output_has_the_documented_keys_and_recovers_the_effect(files, capsys):
    draw, kpi, exposures, _ = files

    code = main(
        ["impact", "estimate", "--kpi", str(kpi), "--exposures", str(exposures), "--format", "json"]
    )

    assert code == 0
    result = json.loads(capsys.readouterr().out)
    assert set(result) >= JSON_KEYS
    assert result["method"] == "imputation"
    assert result["evidence_grade"] == "B"
    assert result["ci_low"] <= draw.true_att <= result["ci_high"]
    assert result["n_periods"] == 18
    assert result["n_units_exposed"] == int((draw.panel.first_exposed >= 0).sum())
    assert result["event_study"][0]["relative_period"] < 0
    assert len(result["series"]) == 18


def test_text_output_labels_the_naive_gap_and_the_grade(files, capsys):
    _, kpi, exposures, units = files

    code = main(
        [
            "impact",
            "estimate",
            "--kpi",
            str(kpi),
            "--exposures",
            str(exposures),
            "--units",
            str(units),
        ]
    )

    out = capsys.readouterr().out
    assert code == 0
    assert "Evidence grade:          B" in out
    assert "Naive gap (NOT impact)" in out
    assert "Pre-trend test" in out


def test_charts_are_written_when_asked(files, tmp_path):
    _, kpi, exposures, _ = files
    charts = tmp_path / "charts"

    code = main(
        [
            "impact",
            "estimate",
            "--kpi",
            str(kpi),
            "--exposures",
            str(exposures),
            "--charts",
            str(charts),
        ]
    )

    assert code == 0
    assert (charts / "event_study.svg").read_bytes().startswith(b"<?xml")
    assert b"Mean KPI by period" in (charts / "kpi.svg").read_bytes()


def test_a_bad_value_exits_2_naming_the_file_row_and_column(files, capsys):
    _, kpi, exposures, _ = files
    lines = kpi.read_text().splitlines()
    lines[4] = lines[4].rsplit(",", 1)[0] + ",n/a"
    kpi.write_text("\n".join(lines) + "\n")

    code = main(["impact", "estimate", "--kpi", str(kpi), "--exposures", str(exposures)])

    assert code == 2
    err = capsys.readouterr().err
    assert f"{kpi}, row 5, column 'value': 'n/a' is not a number" in err


def test_a_bad_exposure_date_and_a_missing_file_exit_2(files, tmp_path, capsys):
    _, kpi, exposures, _ = files
    exposures.write_text("unit_id,exposed_on\nu1,15/03/2023\n")

    bad_date = main(["impact", "estimate", "--kpi", str(kpi), "--exposures", str(exposures)])
    missing = main(
        ["impact", "estimate", "--kpi", str(tmp_path / "nope.csv"), "--exposures", str(exposures)]
    )

    err = capsys.readouterr().err
    assert (bad_date, missing) == (2, 2)
    assert "row 2, column 'exposed_on': '15/03/2023' is not a date" in err
    assert "nope.csv: no such file" in err


def test_when_the_data_cannot_answer_it_exits_1_without_a_number(tmp_path, capsys):
    kpi = tmp_path / "kpi.csv"
    kpi.write_text(
        "unit_id,period,value\n"
        + "".join(f"{u},2024-{m:02d},{m}\n" for u in ("a", "b") for m in range(1, 7))
    )
    exposures = tmp_path / "exposures.csv"
    exposures.write_text("unit_id,exposed_on\na,2024-01-20\nb,2024-01-25\n")

    code = main(
        ["impact", "estimate", "--kpi", str(kpi), "--exposures", str(exposures), "--format", "json"]
    )

    result = json.loads(capsys.readouterr().out)
    assert code == 1
    assert result["estimate"] is None
    assert result["evidence_grade"] is None
    assert "Too few periods before exposure" in result["warnings"][-1]


def test_the_installed_command_runs_in_a_fresh_process(files):
    _, kpi, exposures, _ = files

    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mainspring.cli",
            "impact",
            "estimate",
            "--kpi",
            str(kpi),
            "--exposures",
            str(exposures),
            "--method",
            "trend",
        ],
        capture_output=True,
        text=True,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    assert "TREND LINE" in done.stdout
    assert "Evidence grade:          D" in done.stdout
