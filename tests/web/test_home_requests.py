"""The home page points L&D at the requests waiting for triage and requesters at theirs."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from mainspring.factory.actions import intake
from tests.conftest import Cast

pytestmark = pytest.mark.django_db


def _home(user: object) -> str:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client.get(reverse("web:home")).text


def test_home_counts_requests_for_triage_and_for_their_author(cast: Cast) -> None:
    assert "No request is waiting for triage." in _home(cast.staff)
    assert "Ask the learning team for learning" in _home(cast.stakeholder)
    request = intake.submit_request(
        actor=cast.stakeholder,
        title="Reversing accidents at Depot North",
        problem="Three reversing accidents in a month.",
        audience="Drivers at Depot North",
        audience_size=40,
        unit=cast.org.depot,
        today=date(2026, 11, 2),
    )
    assert "1 request waiting for triage" in _home(cast.staff)
    assert "You have 1 open request" in _home(cast.stakeholder)
    assert "Requests for learning" not in _home(cast.learner)
    intake.start_triage(actor=cast.staff, request=request)
    assert "No request is waiting for triage." in _home(cast.leader)
    assert "You have 1 open request" in _home(cast.stakeholder)
