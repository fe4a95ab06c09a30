from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from mainspring.org import actions
from mainspring.org.models import Person, Role
from mainspring.org.sso import MainspringOIDCBackend, role_from_claims


def test_login_is_throttled_after_five_failures(cast):
    client = Client()
    url = reverse("web:login")
    for _ in range(4):
        response = client.post(url, {"username": "learner", "password": "wrong-password"})
        assert response.status_code == 200
        assert b"Please enter a correct username and password" in response.content
    assert client.post(url, {"username": "learner", "password": "wrong"}).status_code == 429
    response = client.post(url, {"username": "learner", "password": "x" * 12})
    assert response.status_code == 429
    assert b"Too many failed sign-ins" in response.content


def test_login_with_right_password_lands_on_home(cast):
    client = Client()
    response = client.post(reverse("web:login"), {"username": "learner", "password": "x" * 12})
    assert response.status_code == 302
    assert response["Location"] == reverse("web:home")
    home = client.get(reverse("web:home"))
    assert b"Lea Learner" in home.content


def test_logout_needs_post(cast):
    client = Client()
    client.force_login(cast.learner)
    assert client.post(reverse("web:logout")).status_code == 302
    assert client.get(reverse("web:home")).status_code == 302


def test_security_headers_are_set(cast):
    client = Client()
    client.force_login(cast.leader)
    response = client.get(reverse("web:home"))
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_production_settings_pass_check_deploy(tmp_path):
    env = {
        **os.environ,
        "MAINSPRING_ENV": "production",
        "MAINSPRING_SECRET_KEY": "k" * 64 + "-Zq9",
        "MAINSPRING_ALLOWED_HOSTS": "learning.example.com",
        "MAINSPRING_HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "mainspring.settings",
    }
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # a test-only switch, not a deployment's
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mainspring.cli",
            "manage",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret(tmp_path):
    env = {
        **os.environ,
        "MAINSPRING_ENV": "production",
        "MAINSPRING_HOME": str(tmp_path),
        "MAINSPRING_ALLOWED_HOSTS": "x.example",
        "DJANGO_SETTINGS_MODULE": "mainspring.settings",
    }
    env.pop("MAINSPRING_SECRET_KEY", None)
    env.pop("SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "-m", "mainspring.cli", "manage", "check"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "MAINSPRING_SECRET_KEY" in result.stderr


OIDC = {
    "OIDC_OP_TOKEN_ENDPOINT": "https://idp.example/token",
    "OIDC_OP_USER_ENDPOINT": "https://idp.example/userinfo",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://idp.example/auth",
    "OIDC_RP_CLIENT_ID": "mainspring",
    "OIDC_RP_CLIENT_SECRET": "s",
    "OIDC_RP_SIGN_ALGO": "HS256",
}


@override_settings(**OIDC)
def test_sso_user_is_created_as_learner_and_linked_by_email(cast):
    lea = cast.org.lea
    cast.learner.person = None
    cast.learner.save()
    backend = MainspringOIDCBackend()
    user = backend.create_user({"email": lea.email.upper(), "given_name": "Lea"})
    assert user.role == Role.LEARNER
    assert user.person == lea
    assert not user.has_usable_password()


@pytest.mark.parametrize(
    ("claims", "role"),
    [
        ({"groups": ["staff", "other"]}, "staff"),
        ({"groups": "Leader"}, "leader"),
        ({"groups": ["nothing"]}, None),
        ({}, None),
    ],
)
def test_role_claim(claims, role):
    assert role_from_claims(claims, "groups") == role


def test_person_export_holds_their_record_and_history(cast):
    client = Client()
    client.force_login(cast.learner)
    response = client.get(reverse("org:person-export", args=[cast.org.lea.pk]))
    data = response.json()
    assert data["person"]["hris_id"] == "P-LEA"
    assert data["login"]["username"] == "learner"
    assert data["history"][0]["change"] == "Created"


def test_erasure_removes_person_and_history(cast):
    lea = cast.org.lea
    actions.update_person(
        actor=cast.leader,
        person=lea,
        changes=actions.PersonChanges(
            first_name="Lea",
            last_name="Renamed",
            email=lea.email,
            org_unit=lea.org_unit,
            job_role=None,
            manager=lea.manager,
            location="",
            hire_date=None,
            active=True,
        ),
    )
    client = Client()
    client.force_login(cast.leader)
    url = reverse("org:person-erase", args=[lea.pk])
    assert client.post(url, {"confirm_hris_id": "wrong"}).status_code == 200
    assert Person.objects.filter(pk=lea.pk).exists()
    assert client.post(url, {"confirm_hris_id": "P-LEA"}).status_code == 302
    assert not Person.objects.filter(pk=lea.pk).exists()
    assert not Person.history.filter(id=lea.pk).exists()
    assert not Person.history.filter(last_name="Renamed").exists()
    cast.learner.refresh_from_db()
    assert cast.learner.person is None


def test_leader_adds_a_person_by_hand_and_duplicates_are_refused(cast):
    client = Client()
    client.force_login(cast.leader)
    url = reverse("org:person-create")
    form = {
        "hris_id": "H-1",
        "first_name": "Hana",
        "last_name": "Hand",
        "email": "hana@x.example",
        "org_unit": cast.org.depot.pk,
        "manager": "P-DAN",
        "active": "on",
    }
    response = client.post(url, form)
    assert response.status_code == 302
    hana = Person.objects.get(hris_id="H-1")
    assert hana.manager == cast.org.dan
    assert hana.history.get().history_user == cast.leader
    again = client.post(url, {**form, "email": "other@x.example"})
    assert again.status_code == 200
    assert "Someone already has the HRIS id H-1." in again.content.decode()
    assert Person.objects.filter(hris_id="H-1").count() == 1


def test_staff_cannot_add_a_person(cast):
    client = Client()
    client.force_login(cast.staff)
    assert client.post(reverse("org:person-create"), {"hris_id": "H-2"}).status_code == 403
    assert not Person.objects.filter(hris_id="H-2").exists()
