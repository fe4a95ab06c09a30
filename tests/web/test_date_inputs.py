"""Date pickers get ISO values: an en-GB "25/11/2026" is refused by <input type="date">,
which then shows an empty field, and saving the form would lose the date."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import Cast

pytestmark = pytest.mark.django_db


def test_an_edit_form_shows_the_stored_date_in_the_picker(cast: Cast) -> None:
    lea = cast.org.lea
    lea.hire_date = date(2021, 3, 15)
    lea.save()
    client = Client()
    client.force_login(cast.leader)
    html = client.get(reverse("org:person-edit", args=[lea.pk])).content.decode()
    assert 'type="date"' in html
    assert 'value="2021-03-15"' in html
    assert "15/03/2021" not in html
