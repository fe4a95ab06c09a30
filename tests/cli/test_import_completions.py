from __future__ import annotations

from mainspring.cli import main
from mainspring.experiences.models import Enrolment, StepProgress
from tests.experiences.factories import make_item, make_path, make_rule, steps_of


def _setup(org):
    path = make_path(steps=["Film"])
    film = steps_of(path)[0]
    film.catalog_item = make_item("Film", xapi="https://lms.example.com/a/film")
    film.save()
    make_rule(path, org_unit=org.depot)
    return path


def test_completions_import_all_or_nothing(org, tmp_path, capsys):
    path = _setup(org)
    file = tmp_path / "lms.csv"
    file.write_text(
        "learner id,activity id,status,score,completed on\n"
        "P-LEA,https://lms.example.com/a/film,Passed,88,2026-01-05\n"
        "P-GHOST,https://lms.example.com/a/film,Passed,,\n"
    )
    assert main(["import", "completions", str(file)]) == 2
    out = capsys.readouterr().out
    assert "Row 3, column 'learner id': no person has the HRIS id or e-mail 'P-GHOST'." in out
    assert "Nothing was imported" in out
    assert not StepProgress.objects.exists()

    assert main(["import", "completions", str(file), "--valid-only"]) == 0
    out = capsys.readouterr().out
    assert "Recording progress on 1 steps for 1 people." in out
    assert "1 enrolments completed or reopened" in out
    assert Enrolment.objects.get(person=org.lea, path=path).status == "completed"


def test_completions_dry_run_changes_nothing(org, tmp_path, capsys):
    _setup(org)
    file = tmp_path / "lms.csv"
    file.write_text("person,activity,status\nP-LEA,https://lms.example.com/a/film,completed\n")
    assert main(["import", "completions", str(file), "--dry-run"]) == 0
    assert "Would record progress on 1 steps" in capsys.readouterr().out
    assert not StepProgress.objects.exists()


def test_completions_import_says_which_column_is_missing(org, tmp_path, capsys):
    file = tmp_path / "lms.csv"
    file.write_text("person,what\nP-LEA,x\n")
    assert main(["import", "completions", str(file)]) == 2
    out = capsys.readouterr().out
    assert "Activity: choose the column that holds it (required)." in out
