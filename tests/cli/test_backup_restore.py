from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest


def run(home: Path, *args: str, db_url: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "MAINSPRING_HOME": str(home),
        "DJANGO_SETTINGS_MODULE": "mainspring.settings",
        "MAINSPRING_ENV": "development",
    }
    env.pop("DATABASE_URL", None)
    if db_url:
        env["DATABASE_URL"] = db_url
    return subprocess.run(
        [sys.executable, "-m", "mainspring.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def units_in(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return sorted(r[0] for r in conn.execute("SELECT code FROM org_orgunit"))


def test_backup_then_restore_brings_the_data_back(tmp_path):
    home = tmp_path / "data"
    first = tmp_path / "units1.csv"
    first.write_text("Code,Name,Kind,Parent\nNWF,Northwind,company,\n")
    second = tmp_path / "units2.csv"
    second.write_text("Code,Name,Kind,Parent\nNWF,Northwind,company,\nOPS,Ops,division,NWF\n")
    assert run(home, "manage", "migrate", "--verbosity", "0").returncode == 0
    assert run(home, "import", "org-units", str(first)).returncode == 0

    backup = tmp_path / "backups" / "monday.sqlite3"
    result = run(home, "backup", str(backup))
    assert result.returncode == 0, result.stdout + result.stderr
    assert run(home, "backup", str(backup)).returncode == 2  # no silent overwrite

    assert run(home, "import", "org-units", str(second)).returncode == 0
    db = home / "mainspring.sqlite3"
    assert units_in(db) == ["NWF", "OPS"]

    assert run(home, "restore", str(backup)).returncode == 2  # needs --yes without a terminal
    result = run(home, "restore", str(backup), "--yes")
    assert result.returncode == 0, result.stdout + result.stderr
    assert units_in(db) == ["NWF"]


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    home = tmp_path / "data"
    assert run(home, "manage", "migrate", "--verbosity", "0").returncode == 0
    junk = tmp_path / "junk.sqlite3"
    junk.write_text("not a database")
    result = run(home, "restore", str(junk), "--yes")
    assert result.returncode == 2
    assert "not a Mainspring backup" in result.stdout
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    result = run(home, "restore", str(other), "--yes")
    assert result.returncode == 2
    assert "not a Mainspring one" in result.stdout


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="runs in the PostgreSQL pass",
)
def test_backup_on_postgresql_points_to_pg_dump(tmp_path):
    result = run(tmp_path, "backup", str(tmp_path / "x"), db_url=os.environ["DATABASE_URL"])
    assert result.returncode == 2
    assert "pg_dump" in result.stdout


def test_create_leader_from_the_command_line(tmp_path):
    home = tmp_path / "data"
    assert run(home, "manage", "migrate", "--verbosity", "0").returncode == 0
    env = {
        **os.environ,
        "MAINSPRING_HOME": str(home),
        "DJANGO_SETTINGS_MODULE": "mainspring.settings",
    }
    env.pop("DATABASE_URL", None)
    cmd = [
        sys.executable,
        "-m",
        "mainspring.cli",
        "manage",
        "create_leader",
        "ada",
        "--password-stdin",
    ]
    weak = subprocess.run(
        cmd,
        env=env,
        input="short\n",
        capture_output=True,
        text=True,
        check=False,
    )
    assert weak.returncode != 0
    assert "too short" in weak.stderr
    ok = subprocess.run(
        cmd,
        env=env,
        input="a-long-enough-passphrase\n",
        capture_output=True,
        text=True,
        check=False,
    )
    assert ok.returncode == 0, ok.stderr
    with sqlite3.connect(home / "mainspring.sqlite3") as conn:
        assert conn.execute(
            "SELECT role, is_staff FROM org_user WHERE username='ada'"
        ).fetchone() == ("leader", 1)
