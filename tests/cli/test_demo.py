from __future__ import annotations

import sqlite3

from tests.cli.test_backup_restore import run


def test_demo_sets_up_once_and_reuses_its_data(tmp_path):
    home = tmp_path / "data"
    first = run(home, "demo", "--no-serve", "--people", "300")
    assert first.returncode == 0, first.stdout + first.stderr
    assert "Creating the demo company, Northwind Freight, with 300 people" in first.stdout
    for username in ("leader", "staff", "stakeholder", "executive", "learner", "manager"):
        assert f"  {username} " in first.stdout
    assert "password for all: northwind-demo" in first.stdout
    with sqlite3.connect(home / "mainspring.sqlite3") as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        people = conn.execute("SELECT count(*) FROM org_person").fetchone()[0]
        logins = conn.execute("SELECT count(*) FROM org_user").fetchone()[0]
    assert people == 300
    assert logins == 6

    second = run(home, "demo", "--no-serve")
    assert second.returncode == 0, second.stdout + second.stderr
    assert "already there; reusing it" in second.stdout
    with sqlite3.connect(home / "mainspring.sqlite3") as conn:
        assert conn.execute("SELECT count(*) FROM org_person").fetchone()[0] == 300
        assert conn.execute("SELECT count(*) FROM org_user").fetchone()[0] == 6

    reset = run(home, "demo", "--no-serve", "--reset", "--people", "250")
    assert reset.returncode == 0, reset.stdout + reset.stderr
    with sqlite3.connect(home / "mainspring.sqlite3") as conn:
        assert conn.execute("SELECT count(*) FROM org_person").fetchone()[0] == 250


def test_demo_refuses_a_size_it_cannot_build(tmp_path):
    result = run(tmp_path, "demo", "--no-serve", "--people", "20")
    assert result.returncode == 2
    assert "between 200 and 100,000" in result.stdout
