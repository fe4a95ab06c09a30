"""The L&D pages cost the same number of queries however many courses and units there are."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from mainspring.cmi5.models import Course
from tests.cmi5.conftest import au, import_xml, structure
from tests.conftest import Cast


def _course(n: int, units: int) -> Course:
    body = "".join(au(f"https://example.com/c{n}/au/{i}") for i in range(units))
    return import_xml(structure(body, course_id=f"https://example.com/c{n}"))


def test_the_course_list_is_a_fixed_number_of_queries(
    cast: Cast, django_assert_num_queries: Any
) -> None:
    client = Client()
    client.force_login(cast.staff)
    _course(1, 2)
    url = reverse("cmi5:course-list")
    client.get(url)  # warm the session
    with django_assert_num_queries(3):
        client.get(url)
    _course(2, 5)
    _course(3, 1)
    with django_assert_num_queries(3):
        assert client.get(url).status_code == 200


def test_a_course_outline_is_a_fixed_number_of_queries(
    cast: Cast, django_assert_num_queries: Any
) -> None:
    client = Client()
    client.force_login(cast.staff)
    small, big = _course(1, 1), _course(2, 40)
    client.get(reverse("cmi5:course-detail", args=[small.pk]))
    with django_assert_num_queries(6):
        client.get(reverse("cmi5:course-detail", args=[small.pk]))
    with django_assert_num_queries(6):
        assert client.get(reverse("cmi5:course-detail", args=[big.pk])).status_code == 200
