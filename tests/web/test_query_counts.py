"""List pages do a fixed number of queries, however many rows they show."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mainspring.org import actions
from mainspring.org.models import Person
from tests.conftest import Cast
from tests.org.factories import PersonFactory


def grow(cast: Cast, n: int) -> None:
    for i in range(n):
        PersonFactory(org_unit=cast.org.depot, manager=cast.org.dan, hris_id=f"G{i:04d}-{n}")


PAGES: list[tuple[str, dict[str, object], str]] = [
    ("web:home", {}, "leader"),
    ("org:person-list", {}, "leader"),
    ("org:person-list", {}, "stakeholder"),
    ("org:unit-tree", {}, "executive"),
    ("org:team", {}, "manager"),
    ("org:user-list", {}, "leader"),
    ("web:audit-log", {}, "leader"),
    ("org:import-list", {}, "leader"),
]


@pytest.mark.parametrize(("name", "kwargs", "role"), PAGES)
def test_query_count_does_not_grow_with_rows(
    cast, name, kwargs, role, django_assert_max_num_queries
):
    client = Client()
    client.force_login(cast.by_role()[role])
    url = reverse(name, kwargs=kwargs)
    grow(cast, 3)
    with_few = _count(client, url)
    grow(cast, 30)
    for i in range(5):
        actions.create_user(actor=None, username=f"extra{i}", role="learner", password=None)
    with django_assert_max_num_queries(with_few):
        assert client.get(url).status_code == 200


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_people_list_pins_its_queries(cast, django_assert_num_queries):
    grow(cast, 25)
    client = Client()
    client.force_login(cast.leader)
    # session, user, count, page (with unit, role and manager joined), role choices,
    # unit choices
    with django_assert_num_queries(6):
        response = client.get(reverse("org:person-list"))
    assert Person.objects.count() > 25
    assert response.status_code == 200
