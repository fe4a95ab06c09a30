from __future__ import annotations

from mainspring.cli import main
from mainspring.experiences.models import CatalogItem, Library, Skill

CSV = (
    "Course ID,Course Title,Summary,Vendor,Format,Length,Link,Lang,xAPI id\n"
    "C1,Giving feedback,Say it kindly,Acme,video,1h30,https://acme.example/c1,en,https://acme.example/x/1\n"
    "C2,Coaching conversations,GROW model,Acme,course,PT45M,https://acme.example/c2,fr,\n"
)


def test_catalog_import_creates_then_reports_unchanged(db, tmp_path, capsys):
    path = tmp_path / "acme.csv"
    path.write_text(CSV)
    assert main(["import", "catalog", str(path), "--library", "Acme Academy"]) == 0
    out = capsys.readouterr().out
    assert "Acme Academy (new)" in out
    assert "2 created" in out
    item = CatalogItem.objects.get(external_id="C1")
    assert (item.library.name, item.duration_minutes, item.language) == ("Acme Academy", 90, "en")
    assert item.xapi_activity_id == "https://acme.example/x/1"
    assert main(["import", "catalog", str(path), "--library", "acme academy"]) == 0
    assert "0 created, 0 updated, 2 unchanged" in capsys.readouterr().out
    assert Library.objects.count() == 1


def test_catalog_import_is_all_or_nothing_unless_valid_only(db, tmp_path, capsys):
    path = tmp_path / "vendor.csv"
    path.write_text(CSV + "C3,Broken,,Acme,video,ages,https://acme.example/c3,en,\n")
    errors = tmp_path / "errors.csv"
    assert main(["import", "catalog", str(path), "--errors-csv", str(errors)]) == 2
    out = capsys.readouterr().out
    assert "Row 4, column 'Length'" in out
    assert "Nothing was imported" in out
    assert CatalogItem.objects.count() == 0
    assert "ages" in errors.read_text()
    assert main(["import", "catalog", str(path), "--valid-only"]) == 0
    assert CatalogItem.objects.filter(library__name="vendor").count() == 2


def test_catalog_dry_run_changes_nothing_and_deactivate_missing_retires(db, tmp_path, capsys):
    path = tmp_path / "acme.csv"
    path.write_text(CSV)
    assert main(["import", "catalog", str(path), "--dry-run"]) == 0
    assert "Would change: 2 created" in capsys.readouterr().out
    assert CatalogItem.objects.count() == 0
    main(["import", "catalog", str(path)])
    path.write_text(CSV.splitlines()[0] + "\n" + CSV.splitlines()[2] + "\n")
    assert main(["import", "catalog", str(path), "--deactivate-missing"]) == 0
    assert "1 deactivated" in capsys.readouterr().out
    assert list(CatalogItem.objects.filter(active=False).values_list("external_id", flat=True)) == [
        "C1"
    ]


def test_catalog_import_takes_a_column_map(db, tmp_path, capsys):
    path = tmp_path / "lms.csv"
    path.write_text("Ref,Headline\nR1,Safety first\n")
    assert main(["import", "catalog", str(path)]) == 2
    assert "Item id: choose the column" in capsys.readouterr().out
    assert (
        main(
            ["import", "catalog", str(path), "--map", "external_id=Ref", "--map", "title=Headline"]
        )
        == 0
    )
    assert CatalogItem.objects.get().title == "Safety first"


def test_skills_import_builds_the_tree_and_refuses_loops(db, tmp_path, capsys):
    path = tmp_path / "skills.csv"
    path.write_text(
        "code,name,parent,description\nfeedback,Giving feedback,people,\npeople,People skills,,\n"
    )
    assert main(["import", "skills", str(path)]) == 0
    assert Skill.objects.get(code="feedback").parent == Skill.objects.get(code="people")
    capsys.readouterr()
    path.write_text("code,name,parent\npeople,People skills,feedback\n")
    assert main(["import", "skills", str(path)]) == 2
    assert "the parent chain loops: people → feedback → people." in capsys.readouterr().out
    assert Skill.objects.get(code="people").parent is None
