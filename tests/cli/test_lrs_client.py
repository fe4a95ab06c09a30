"""``mainspring lrs create-client``: credentials for an LMS or content, shown once."""

from __future__ import annotations

import base64
import re

import pytest

from mainspring import cli
from mainspring.records.http import authenticate
from mainspring.records.models import LrsClient


def test_create_client_prints_credentials_that_authenticate(
    db: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["lrs", "create-client", "Moodle", "--scope", "statements/write"]) == 0
    out = capsys.readouterr().out
    key = re.search(r"^Key:\s+(\S+)$", out, re.MULTILINE)
    secret = re.search(r"^Secret:\s+(\S+)$", out, re.MULTILINE)
    assert key
    assert secret
    client = LrsClient.objects.get(name="Moodle")
    assert client.scopes == ["statements/write"]
    assert secret.group(1) not in client.secret_hash
    header = "Basic " + base64.b64encode(f"{key.group(1)}:{secret.group(1)}".encode()).decode()
    assert authenticate(header) == client


def test_without_scopes_the_client_writes_and_reads_its_own(
    db: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["lrs", "create-client", "Course player"]) == 0
    assert LrsClient.objects.get().scopes == ["statements/write", "statements/read/mine"]


def test_unknown_scope_is_refused_and_nothing_is_created(
    db: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        cli.main(["lrs", "create-client", "Moodle", "--scope", "everything"]) == cli.EXIT_BAD_INPUT
    )
    assert "Unknown scope everything" in capsys.readouterr().out
    assert not LrsClient.objects.exists()


def test_a_second_client_with_the_same_name_is_refused(
    db: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["lrs", "create-client", "Moodle"]) == 0
    assert cli.main(["lrs", "create-client", "Moodle"]) == cli.EXIT_BAD_INPUT
    assert "already an LRS client called 'Moodle'" in capsys.readouterr().out
