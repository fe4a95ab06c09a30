"""A real xAPI client (TinCanPython) against ``mainspring serve``: gunicorn, real HTTP.

The server runs as its own process on a fresh data folder (SQLite), set up by the CLI the
way an administrator would: ``mainspring serve`` migrates, ``mainspring lrs create-client``
prints the credentials. The client stores statements, reads them back and pages through
them, and keeps state and profile documents.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

tincan = pytest.importorskip("tincan")

COMPLETED = "http://adlnet.gov/expapi/verbs/completed"
COURSE = "https://courses.example.com/forklift-basics"


def _mainspring() -> str:
    found = Path(sys.executable).with_name("mainspring")
    return str(found) if found.exists() else shutil.which("mainspring") or "mainspring"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(
        MAINSPRING_HOME=str(tmp_path / "data"),
        MAINSPRING_SECRET_KEY="a-test-only-secret-key-" + "x" * 40,
        MAINSPRING_SSL_REDIRECT="false",
        MAINSPRING_ALLOWED_HOSTS="127.0.0.1",
    )
    port = _free_port()
    log = tmp_path / "serve.log"
    output = log.open("wb")
    server = subprocess.Popen(
        [_mainspring(), "serve", "--bind", f"127.0.0.1:{port}", "--workers", "2", "--no-worker"],
        env=env,
        stdout=output,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        # Migrating a new database and collecting static files come first: allow for a
        # busy machine.
        deadline = time.monotonic() + 240
        while True:
            try:
                with urllib.request.urlopen(f"{base}/xapi/about", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("mainspring serve did not start: " + log.read_text()[-3000:])
            time.sleep(0.5)
        made = subprocess.run(
            [_mainspring(), "lrs", "create-client", "Forklift course", "--scope", "all"],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        printed = made.stdout + made.stderr
        key = re.search(r"Key:\s+(\S+)", printed)
        secret = re.search(r"Secret:\s+(\S+)", printed)
        assert key, printed
        assert secret, printed
        yield base, {"key": key.group(1), "secret": secret.group(1)}
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        output.close()


def test_tincan_stores_and_reads_statements_and_documents(
    served: tuple[str, dict[str, str]],
) -> None:
    base, credentials = served
    remote = tincan.RemoteLRS(
        endpoint=f"{base}/xapi/",
        version="1.0.3",
        username=credentials["key"],
        password=credentials["secret"],
    )
    lea = tincan.Agent(name="Lea", mbox="mailto:lea@example.com")
    course = tincan.Activity(id=COURSE)
    sent = [
        tincan.Statement(
            actor=lea,
            verb=tincan.Verb(id=COMPLETED),
            object=tincan.Activity(id=f"{COURSE}/module-{n}"),
            result=tincan.Result(score=tincan.Score(scaled=0.5 + n / 10), success=True),
        )
        for n in range(3)
    ]
    saved = remote.save_statements(sent)
    assert saved.success, saved.data
    ids = [str(s.id) for s in saved.content]

    one = remote.retrieve_statement(ids[1])
    assert one.success, one.data
    assert str(one.content.object.id) == f"{COURSE}/module-1"
    assert one.content.result.score.scaled == pytest.approx(0.6)
    assert one.content.authority is not None  # set by the LRS from the credentials

    page = remote.query_statements({"agent": lea, "limit": 2})
    assert page.success, page.data
    assert len(page.content.statements) == 2
    rest = remote.more_statements(page.content)
    assert rest.success, rest.data
    seen = [str(s.id) for s in [*page.content.statements, *rest.content.statements]]
    assert sorted(seen) == sorted(ids)

    state = tincan.StateDocument(
        id="bookmark",
        activity=course,
        agent=lea,
        content='{"page": 7}',
        content_type="application/json",
    )
    assert remote.save_state(state).success
    back = remote.retrieve_state(course, lea, "bookmark")
    assert back.success, back.data
    assert json.loads(back.content.content) == {"page": 7}

    profile = tincan.ActivityProfileDocument(
        id="settings", activity=course, content="colour=blue", content_type="text/plain"
    )
    assert remote.save_activity_profile(profile).success
    got = remote.retrieve_activity_profile(course, "settings")
    assert got.success, got.data
    assert got.content.content == b"colour=blue"

    agent_profile = tincan.AgentProfileDocument(
        id="preferences",
        agent=lea,
        content='{"language": "en"}',
        content_type="application/json",
    )
    assert remote.save_agent_profile(agent_profile).success
    mine = remote.retrieve_agent_profile(lea, "preferences")
    assert mine.success, mine.data
    assert json.loads(mine.content.content) == {"language": "en"}
