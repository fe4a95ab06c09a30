"""LRS connections in the web UI: create (secret once), change scopes, switch off, new secret."""

from __future__ import annotations

import base64

from django.test import Client
from django.urls import reverse

from mainspring.records.http import create_client
from mainspring.records.models import LrsClient
from tests.conftest import Cast


def _about_statements(client: Client, key: str, secret: str) -> int:
    token = base64.b64encode(f"{key}:{secret}".encode()).decode()
    response = client.get(
        "/xapi/statements",
        HTTP_AUTHORIZATION=f"Basic {token}",
        HTTP_X_EXPERIENCE_API_VERSION="1.0.3",
    )
    return response.status_code


def test_leader_creates_a_connection_and_sees_its_secret_once(client: Client, cast: Cast) -> None:
    client.force_login(cast.leader)
    page = client.post(
        reverse("records:client-list"),
        {"name": "  Moodle production ", "scopes": ["statements/write", "statements/read"]},
    )
    assert page.status_code == 200
    made = LrsClient.objects.get(name="Moodle production")
    assert made.scopes == ["statements/write", "statements/read"]
    assert made.created_by == cast.leader
    secret = page.context["secret"]
    assert secret in page.text
    assert page["Cache-Control"].startswith("max-age=0")
    assert secret not in client.get(reverse("records:client-detail", args=[made.pk])).text
    assert _about_statements(Client(), made.key, secret) == 200


def test_bad_connection_form_names_the_problem_and_creates_nothing(
    client: Client, cast: Cast
) -> None:
    create_client(actor=None, name="Moodle", scopes=[])
    client.force_login(cast.leader)
    page = client.post(reverse("records:client-list"), {"name": "Moodle", "scopes": []})
    assert page.status_code == 400
    assert "There is already a client with this name." in page.text
    assert "This field is required." in page.text
    assert LrsClient.objects.count() == 1


def test_switching_a_connection_off_stops_its_credentials(client: Client, cast: Cast) -> None:
    made, secret = create_client(actor=None, name="Old LMS", scopes=["statements/read"])
    assert _about_statements(Client(), made.key, secret) == 200
    client.force_login(cast.leader)
    saved = client.post(
        reverse("records:client-detail", args=[made.pk]), {"scopes": ["statements/read"]}
    )
    assert saved.status_code == 302
    made.refresh_from_db()
    assert made.active is False
    assert _about_statements(Client(), made.key, secret) == 401


def test_changing_scopes_needs_at_least_one(client: Client, cast: Cast) -> None:
    made, _ = create_client(actor=None, name="Course", scopes=["statements/write"])
    client.force_login(cast.leader)
    page = client.post(reverse("records:client-detail", args=[made.pk]), {"active": "on"})
    assert page.status_code == 400
    made.refresh_from_db()
    assert made.scopes == ["statements/write"]
    client.post(
        reverse("records:client-detail", args=[made.pk]),
        {"active": "on", "scopes": ["statements/write", "state"]},
    )
    made.refresh_from_db()
    assert made.scopes == ["statements/write", "state"]
    assert made.active is True


def test_a_new_secret_replaces_the_old_one_at_once(client: Client, cast: Cast) -> None:
    made, old = create_client(actor=None, name="Reporting", scopes=["statements/read"])
    assert _about_statements(Client(), made.key, old) == 200
    client.force_login(cast.leader)
    page = client.post(reverse("records:client-rotate", args=[made.pk]))
    new = page.context["secret"]
    assert new != old
    assert _about_statements(Client(), made.key, old) == 401
    assert _about_statements(Client(), made.key, new) == 200


def test_only_the_leader_manages_connections(client: Client, cast: Cast) -> None:
    made, _ = create_client(actor=None, name="LMS", scopes=[])
    client.force_login(cast.staff)
    assert client.get(reverse("records:client-list")).status_code == 403
    assert client.post(reverse("records:client-rotate", args=[made.pk])).status_code == 403
    assert client.post(reverse("records:client-list"), {"name": "X"}).status_code == 403
    assert not LrsClient.objects.filter(name="X").exists()


def test_cmi5_session_credentials_are_counted_not_listed(client: Client, cast: Cast) -> None:
    create_client(actor=None, name="Moodle", scopes=[])
    session, _ = create_client(actor=None, name="cmi5 session 1234", scopes=[])
    session.active = False
    session.save()
    client.force_login(cast.leader)
    page = client.get(reverse("records:client-list"))
    assert "Moodle" in page.text
    assert "cmi5 session 1234" not in page.text
    assert "made 1 session credential (0 still open)" in page.text
