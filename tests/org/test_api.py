from __future__ import annotations

from typing import Any

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from mainspring.org.models import OrgUnit, Person, User
from tests.conftest import Cast
from tests.org.factories import PersonFactory


def client_for(user: User | None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_login(user)
    return client


def token_client(user: User) -> APIClient:
    client = APIClient()
    token = Token.objects.create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def names(response: Any) -> set[str]:
    return {row["first_name"] for row in response.json()["results"]}


# ----------------------------------------------------------------------------- people: reading


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("leader", {"Olivia", "Dan", "Lea", "Liam", "Sam", "Sara"}),
        ("staff", {"Olivia", "Dan", "Lea", "Liam", "Sam", "Sara"}),
        ("stakeholder", {"Olivia", "Dan", "Lea", "Liam"}),
        ("manager", {"Dan", "Lea", "Liam"}),
        ("learner", {"Lea"}),
    ],
)
def test_people_list_shows_what_each_role_may_see(
    cast: Cast, role: str, expected: set[str]
) -> None:
    response = client_for(cast.by_role()[role]).get("/api/people/")

    assert response.status_code == 200
    assert names(response) == expected


def test_executive_may_not_list_people(cast: Cast) -> None:
    response = client_for(cast.executive).get("/api/people/")

    assert response.status_code == 403


@pytest.mark.parametrize(
    ("role", "visible", "hidden"),
    [
        ("leader", "sara", None),
        ("staff", "sara", None),
        ("stakeholder", "liam", "sam"),
        ("manager", "liam", "olivia"),
        ("learner", "lea", "dan"),
        ("executive", None, "lea"),
    ],
)
def test_person_detail_is_404_outside_what_the_role_may_see(
    cast: Cast, role: str, visible: str | None, hidden: str | None
) -> None:
    client = client_for(cast.by_role()[role])
    if visible is not None:
        person: Person = getattr(cast.org, visible)
        response = client.get(f"/api/people/{person.pk}/")
        assert response.status_code == 200
        assert response.json()["hris_id"] == person.hris_id
    if hidden is not None:
        person = getattr(cast.org, hidden)
        assert client.get(f"/api/people/{person.pk}/").status_code == 404


def test_person_detail_has_the_documented_fields(cast: Cast) -> None:
    lea = cast.org.lea

    data = client_for(cast.leader).get(f"/api/people/{lea.pk}/").json()

    assert data == {
        "id": lea.pk,
        "hris_id": "P-LEA",
        "first_name": "Lea",
        "last_name": "Learner",
        "email": lea.email,
        "org_unit": cast.org.depot.pk,
        "org_unit_name": "Depot North",
        "job_role": lea.job_role.name if lea.job_role else None,
        "manager": cast.org.dan.pk,
        "location": "",
        "hire_date": None,
        "active": True,
        "created_at": data["created_at"],
        "updated_at": data["updated_at"],
    }


def test_anonymous_visitors_are_refused(cast: Cast) -> None:
    client = client_for(None)

    for url in ("/api/people/", f"/api/people/{cast.org.lea.pk}/", "/api/org-units/",
                "/api/job-roles/", "/api/me/"):  # fmt: skip
        assert client.get(url).status_code == 401, url


def test_token_authentication_works(cast: Cast) -> None:
    response = token_client(cast.stakeholder).get("/api/people/")

    assert response.status_code == 200
    assert names(response) == {"Olivia", "Dan", "Lea", "Liam"}


def test_a_wrong_token_is_refused(cast: Cast) -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-key")

    assert client.get("/api/people/").status_code == 401


def test_people_search_finds_by_name_and_hris_id(cast: Cast) -> None:
    client = client_for(cast.staff)

    assert names(client.get("/api/people/", {"search": "depot"})) == {"Dan"}
    assert names(client.get("/api/people/", {"search": "p-sam"})) == {"Sam"}


def test_people_filter_by_org_unit_covers_its_subtree(cast: Cast) -> None:
    response = client_for(cast.leader).get("/api/people/", {"org_unit": cast.org.ops.pk})

    assert names(response) == {"Olivia", "Dan", "Lea", "Liam"}


def test_stakeholder_cannot_filter_by_a_unit_outside_their_scope(cast: Cast) -> None:
    response = client_for(cast.stakeholder).get("/api/people/", {"org_unit": cast.org.sales.pk})

    assert response.status_code == 400
    assert "org_unit" in response.json()


def test_people_status_filter_defaults_to_active(cast: Cast) -> None:
    liam = cast.org.liam
    Person.objects.filter(pk=liam.pk).update(active=False)
    client = client_for(cast.leader)

    assert "Liam" not in names(client.get("/api/people/"))
    assert names(client.get("/api/people/", {"status": "inactive"})) == {"Liam"}
    assert "Liam" in names(client.get("/api/people/", {"status": "all"}))
    # A person who has left can still be fetched by id.
    assert client.get(f"/api/people/{liam.pk}/").status_code == 200


def test_people_status_filter_rejects_unknown_values(cast: Cast) -> None:
    response = client_for(cast.leader).get("/api/people/", {"status": "gone"})

    assert response.status_code == 400


def test_people_list_query_count_does_not_grow_with_people(
    cast: Cast, django_assert_num_queries: Any
) -> None:
    # given
    for n in range(14):
        PersonFactory(org_unit=cast.org.sales, manager=cast.org.sam, hris_id=f"P-EXTRA-{n}")
    client = token_client(cast.leader)

    # when: the token and its user, the count, the page
    with django_assert_num_queries(3):
        response = client.get("/api/people/")

    # then
    assert response.json()["count"] == 20
    assert len(response.json()["results"]) == 20


# ----------------------------------------------------------------------------- people: writing


def test_leader_edits_a_person_with_history(cast: Cast) -> None:
    liam = cast.org.liam

    response = token_client(cast.leader).patch(
        f"/api/people/{liam.pk}/",
        {"last_name": "Lorry", "location": "Leeds", "manager": cast.org.olivia.pk},
        format="json",
    )

    assert response.status_code == 200
    assert response.json()["last_name"] == "Lorry"
    liam.refresh_from_db()
    assert (liam.last_name, liam.location, liam.manager) == ("Lorry", "Leeds", cast.org.olivia)
    assert liam.first_name == "Liam"  # fields not sent are kept
    latest = liam.history.latest("history_date")
    assert latest.history_user == cast.leader
    assert latest.last_name == "Lorry"


def test_leader_sets_a_job_role_by_name_and_clears_it(cast: Cast) -> None:
    dan = cast.org.dan
    other_role = cast.org.sam.job_role
    assert other_role is not None
    client = client_for(cast.leader)

    response = client.patch(f"/api/people/{dan.pk}/", {"job_role": other_role.name},
                            format="json")  # fmt: skip
    assert response.json()["job_role"] == other_role.name
    response = client.patch(f"/api/people/{dan.pk}/", {"job_role": None}, format="json")
    assert response.json()["job_role"] is None

    dan.refresh_from_db()
    assert dan.job_role is None


@pytest.mark.parametrize("role", ["staff", "stakeholder", "executive", "learner", "manager"])
def test_only_the_leader_may_edit_people(cast: Cast, role: str) -> None:
    lea = cast.org.lea

    response = client_for(cast.by_role()[role]).patch(
        f"/api/people/{lea.pk}/", {"last_name": "Changed"}, format="json"
    )

    assert response.status_code == 403
    lea.refresh_from_db()
    assert lea.last_name == "Learner"


def test_put_on_people_is_not_offered(cast: Cast) -> None:
    client = client_for(cast.leader)

    assert client.put(f"/api/people/{cast.org.lea.pk}/", {}, format="json").status_code == 405


def test_leader_posts_a_new_person_and_others_cannot(cast: Cast) -> None:
    body = {
        "hris_id": "API-1",
        "first_name": "Ari",
        "last_name": "Api",
        "org_unit": cast.org.depot.pk,
        "manager": cast.org.dan.pk,
        "job_role": None,
    }
    created = client_for(cast.leader).post("/api/people/", body, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["hris_id"] == "API-1"
    ari = Person.objects.get(hris_id="API-1")
    assert ari.manager == cast.org.dan
    assert ari.history.get().history_user == cast.leader
    again = client_for(cast.leader).post("/api/people/", body, format="json")
    assert again.status_code == 400
    assert "already exists" in again.json()["hris_id"][0]
    refused = client_for(cast.staff).post(
        "/api/people/", {**body, "hris_id": "API-2"}, format="json"
    )
    assert refused.status_code == 403
    assert not Person.objects.filter(hris_id="API-2").exists()


def test_a_manager_loop_is_refused_naming_the_people(cast: Cast) -> None:
    olivia = cast.org.olivia

    response = client_for(cast.leader).patch(
        f"/api/people/{olivia.pk}/", {"manager": cast.org.lea.pk}, format="json"
    )

    assert response.status_code == 400
    detail = response.json()["detail"]
    assert "Lea Learner" in detail
    assert "Olivia Ops" in detail
    olivia.refresh_from_db()
    assert olivia.manager is None


def test_an_email_of_someone_else_is_refused(cast: Cast) -> None:
    response = client_for(cast.leader).patch(
        f"/api/people/{cast.org.liam.pk}/", {"email": cast.org.lea.email.upper()}, format="json"
    )

    assert response.status_code == 400
    assert "belongs to someone else" in response.json()["detail"]


def test_an_unknown_org_unit_is_a_field_error(cast: Cast) -> None:
    response = client_for(cast.leader).patch(
        f"/api/people/{cast.org.liam.pk}/", {"org_unit": 999999}, format="json"
    )

    assert response.status_code == 400
    assert "org_unit" in response.json()


# ----------------------------------------------------------------------------- org units


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("leader", {"ACME", "OPS", "DEPOT-N", "SALES"}),
        ("staff", {"ACME", "OPS", "DEPOT-N", "SALES"}),
        ("executive", {"ACME", "OPS", "DEPOT-N", "SALES"}),
        ("stakeholder", {"OPS", "DEPOT-N"}),
    ],
)
def test_org_unit_list_shows_what_each_role_may_see(
    cast: Cast, role: str, expected: set[str]
) -> None:
    response = client_for(cast.by_role()[role]).get("/api/org-units/")

    assert response.status_code == 200
    assert {row["code"] for row in response.json()["results"]} == expected


@pytest.mark.parametrize("role", ["learner", "manager"])
def test_learners_may_not_list_org_units(cast: Cast, role: str) -> None:
    response = client_for(cast.by_role()[role]).get("/api/org-units/")

    assert response.status_code == 403


def test_org_unit_detail(cast: Cast) -> None:
    depot = cast.org.depot
    client = client_for(cast.stakeholder)

    assert client.get(f"/api/org-units/{depot.pk}/").json() == {
        "id": depot.pk, "code": "DEPOT-N", "name": "Depot North", "kind": "site",
        "parent": cast.org.ops.pk, "depth": 2,
    }  # fmt: skip
    assert client.get(f"/api/org-units/{cast.org.sales.pk}/").status_code == 404


def test_leader_creates_an_org_unit_through_the_action(cast: Cast) -> None:
    response = client_for(cast.leader).post(
        "/api/org-units/",
        {"code": "DEPOT-S", "name": "Depot South", "kind": "site", "parent": cast.org.ops.pk},
        format="json",
    )

    assert response.status_code == 201
    unit = OrgUnit.objects.get(code="DEPOT-S")
    assert response.json() == {
        "id": unit.pk, "code": "DEPOT-S", "name": "Depot South", "kind": "site",
        "parent": cast.org.ops.pk, "depth": 2,
    }  # fmt: skip
    assert unit.path == f"{cast.org.ops.path}{unit.pk}/"
    assert unit.history.get().history_user == cast.leader


def test_org_unit_create_needs_a_new_code_and_a_kind(cast: Cast) -> None:
    response = client_for(cast.leader).post(
        "/api/org-units/", {"code": "OPS", "name": "Again"}, format="json"
    )

    assert response.status_code == 400
    assert set(response.json()) == {"code", "kind"}


def test_leader_moves_an_org_unit(cast: Cast) -> None:
    depot = cast.org.depot

    response = client_for(cast.leader).patch(
        f"/api/org-units/{depot.pk}/", {"parent": cast.org.sales.pk}, format="json"
    )

    assert response.status_code == 200
    depot.refresh_from_db()
    assert depot.path == f"{cast.org.sales.path}{depot.pk}/"
    assert depot.name == "Depot North"
    assert depot.history.latest("history_date").history_user == cast.leader


def test_an_org_unit_cannot_move_below_itself(cast: Cast) -> None:
    ops = cast.org.ops

    response = client_for(cast.leader).patch(
        f"/api/org-units/{ops.pk}/", {"parent": cast.org.depot.pk}, format="json"
    )

    assert response.status_code == 400
    assert "Depot North" in response.json()["detail"]


def test_an_org_unit_code_cannot_change(cast: Cast) -> None:
    response = client_for(cast.leader).patch(
        f"/api/org-units/{cast.org.ops.pk}/", {"code": "OPERATIONS"}, format="json"
    )

    assert response.status_code == 400
    assert "code" in response.json()


@pytest.mark.parametrize("role", ["staff", "stakeholder", "executive", "learner"])
def test_only_the_leader_may_write_org_units(cast: Cast, role: str) -> None:
    client = client_for(cast.by_role()[role])

    created = client.post("/api/org-units/", {"code": "X", "name": "X", "kind": "team"},
                          format="json")  # fmt: skip
    renamed = client.patch(f"/api/org-units/{cast.org.depot.pk}/", {"name": "X"}, format="json")

    assert (created.status_code, renamed.status_code) == (403, 403)
    assert not OrgUnit.objects.filter(code="X").exists()


def test_org_unit_list_query_count(cast: Cast, django_assert_num_queries: Any) -> None:
    client = token_client(cast.executive)

    with django_assert_num_queries(3):
        response = client.get("/api/org-units/")

    assert response.json()["count"] == 4


# ----------------------------------------------------------------------------- the rest


def test_job_roles_are_listed_for_anyone_signed_in(cast: Cast) -> None:
    lea_role = cast.org.lea.job_role
    assert lea_role is not None

    response = client_for(cast.learner).get("/api/job-roles/")

    assert response.status_code == 200
    assert {"id": lea_role.pk, "name": lea_role.name, "family": ""} in response.json()["results"]


def test_me_tells_who_is_signed_in(cast: Cast) -> None:
    assert token_client(cast.manager).get("/api/me/").json() == {
        "username": "manager", "role": "learner", "person": cast.org.dan.pk,
    }  # fmt: skip
    assert client_for(cast.executive).get("/api/me/").json() == {
        "username": "executive", "role": "executive", "person": None,
    }  # fmt: skip


def test_schema_is_served_and_lists_the_resources(cast: Cast) -> None:
    response = client_for(cast.staff).get("/api/schema/")

    assert response.status_code == 200
    text = response.content.decode()
    assert text.startswith("openapi: 3")
    for path in ("/api/people/", "/api/people/{id}/", "/api/org-units/", "/api/job-roles/",
                 "/api/me/"):  # fmt: skip
        assert f"{path}:" in text


def test_schema_is_available_as_json(cast: Cast) -> None:
    response = client_for(cast.staff).get("/api/schema/", {"format": "json"})

    assert response.status_code == 200
    assert "/api/people/" in response.json()["paths"]


def test_swagger_ui_is_served_from_our_own_static_files(cast: Cast) -> None:
    response = client_for(cast.staff).get("/api/docs/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in page
    assert "//cdn" not in page
