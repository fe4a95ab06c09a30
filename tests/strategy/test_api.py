from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from mainspring.org.models import JobRole, User
from mainspring.strategy import actions
from mainspring.strategy.models import KPI, BusinessGoal, LearningNeed, Observation
from mainspring.strategy.serializers import MAX_BULK_ROWS
from tests.conftest import Cast
from tests.org.test_api import client_for, token_client
from tests.strategy.factories import make_kpi

READERS = ("leader", "staff", "stakeholder", "executive")
WRITERS = ("leader", "staff")
OUTSIDERS = ("learner", "manager")


def observe(kpi: KPI, period: date, value: float, **where: Any) -> Observation:
    return Observation.objects.create(kpi=kpi, period=period, value=value, **where)


@pytest.fixture
def incidents(cast: Cast) -> KPI:
    return make_kpi("SAFETY-INC", name="Incidents", level="site", unit="incidents")


def bulk(user: User, body: dict[str, Any]) -> Any:
    return client_for(user).post("/api/observations/bulk/", body, format="json")


# ----------------------------------------------------------------------------- reading


@pytest.mark.parametrize("path", ["/api/goals/", "/api/kpis/", "/api/needs/"])
@pytest.mark.parametrize("role", READERS)
def test_strategy_readers_may_list(cast: Cast, incidents: KPI, path: str, role: str) -> None:
    response = client_for(cast.by_role()[role]).get(path)

    assert response.status_code == 200


@pytest.mark.parametrize("path", ["/api/goals/", "/api/kpis/", "/api/needs/"])
@pytest.mark.parametrize("role", OUTSIDERS)
def test_learners_and_managers_may_not_read_strategy(cast: Cast, path: str, role: str) -> None:
    response = client_for(cast.by_role()[role]).get(path)

    assert response.status_code == 403


def test_anonymous_callers_are_asked_to_authenticate(cast: Cast) -> None:
    assert client_for(None).get("/api/kpis/").status_code == 401


def test_token_authenticates_a_reader(cast: Cast, incidents: KPI) -> None:
    response = token_client(cast.executive).get("/api/kpis/SAFETY-INC/")

    assert response.status_code == 200
    assert response.json()["name"] == "Incidents"


def test_kpi_is_addressed_by_code(cast: Cast, incidents: KPI) -> None:
    client = client_for(cast.stakeholder)

    assert client.get("/api/kpis/SAFETY-INC/").json()["level"] == "site"
    assert client.get("/api/kpis/NOPE/").status_code == 404


def test_goal_shows_kpi_codes_and_people_by_hris_id(cast: Cast, incidents: KPI) -> None:
    goal = actions.create_goal(
        actor=None, title="Fewer incidents", driver="pain", sponsor=cast.org.olivia,
        kpis=[incidents],
    )  # fmt: skip

    body = client_for(cast.executive).get(f"/api/goals/{goal.pk}/").json()

    assert body["kpis"] == ["SAFETY-INC"]
    assert body["sponsor"] == "P-OLIVIA"
    assert body["owner"] is None


def test_need_shows_its_audience_by_name_and_code(cast: Cast, incidents: KPI) -> None:
    role = JobRole.objects.create(name="Driver")
    need = actions.create_need(
        actor=None, title="Load securing", gap_type="skill", kpi=incidents,
        job_roles=[role], org_units=[cast.org.depot],
    )  # fmt: skip

    body = client_for(cast.stakeholder).get(f"/api/needs/{need.pk}/").json()

    assert body["job_roles"] == ["Driver"]
    assert body["org_units"] == ["DEPOT-N"]
    assert body["kpi"] == "SAFETY-INC"


# ----------------------------------------------------------------------------- writing


@pytest.mark.parametrize("role", WRITERS)
def test_l_and_d_creates_a_kpi(cast: Cast, role: str) -> None:
    response = client_for(cast.by_role()[role]).post(
        "/api/kpis/",
        {"code": "CSAT", "name": "Customer satisfaction", "period": "quarter",
         "baseline": "7.1", "baseline_period": "2025-02-14"},
        format="json",
    )  # fmt: skip

    assert response.status_code == 201, response.json()
    kpi = KPI.objects.get(code="CSAT")
    assert kpi.baseline_period == date(2025, 1, 1)  # the first day of its quarter
    assert kpi.history.get().history_user == cast.by_role()[role]


@pytest.mark.parametrize("role", ["stakeholder", "executive", "learner", "manager"])
def test_only_l_and_d_may_write(cast: Cast, incidents: KPI, role: str) -> None:
    client = client_for(cast.by_role()[role])

    assert client.post("/api/kpis/", {"code": "X", "name": "X"}).status_code == 403
    assert client.patch("/api/kpis/SAFETY-INC/", {"name": "Y"}).status_code == 403
    assert client.post("/api/goals/", {"title": "G", "driver": "gain"}).status_code == 403
    assert client.post("/api/needs/", {"title": "N", "gap_type": "skill"}).status_code == 403
    assert KPI.objects.get().name == "Incidents"


def test_duplicate_kpi_code_is_refused_with_the_reason(cast: Cast, incidents: KPI) -> None:
    response = client_for(cast.staff).post(
        "/api/kpis/", {"code": "safety-inc", "name": "Again"}, format="json"
    )

    assert response.status_code == 400
    assert "already has the code" in str(response.json())


def test_kpi_code_cannot_change(cast: Cast, incidents: KPI) -> None:
    response = client_for(cast.leader).patch(
        "/api/kpis/SAFETY-INC/", {"code": "OTHER"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == ["The code of a KPI cannot be changed."]


def test_kpi_patch_changes_only_what_was_sent(cast: Cast, incidents: KPI) -> None:
    response = client_for(cast.leader).patch(
        "/api/kpis/SAFETY-INC/", {"target": "3.5", "target_date": "2026-12-31"}, format="json"
    )

    assert response.status_code == 200, response.json()
    incidents.refresh_from_db()
    assert (incidents.name, float(incidents.target or 0)) == ("Incidents", 3.5)


def test_kpi_target_date_without_target_is_refused(cast: Cast, incidents: KPI) -> None:
    response = client_for(cast.leader).patch(
        "/api/kpis/SAFETY-INC/", {"target_date": "2026-12-31"}, format="json"
    )

    assert response.status_code == 400
    assert "target_date" in response.json()


def test_l_and_d_creates_and_edits_a_goal(cast: Cast, incidents: KPI) -> None:
    client = client_for(cast.leader)
    created = client.post(
        "/api/goals/",
        {"title": "Fewer incidents", "driver": "pain", "kpis": ["SAFETY-INC"],
         "owner": "P-OLIVIA", "horizon_start": "2025-01-01", "horizon_end": "2025-12-31"},
        format="json",
    )  # fmt: skip
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]

    changed = client.patch(f"/api/goals/{pk}/", {"title": "No incidents"}, format="json")

    assert changed.status_code == 200
    goal = BusinessGoal.objects.get(pk=pk)
    assert goal.title == "No incidents"
    assert list(goal.kpis.values_list("code", flat=True)) == ["SAFETY-INC"]  # kept
    assert goal.owner == cast.org.olivia
    assert goal.history.count() == 2


def test_goal_with_unknown_kpi_or_person_is_refused(cast: Cast) -> None:
    response = client_for(cast.leader).post(
        "/api/goals/",
        {"title": "G", "driver": "gain", "kpis": ["NOPE"], "sponsor": "P-NOBODY"},
        format="json",
    )

    assert response.status_code == 400
    assert set(response.json()) == {"kpis", "sponsor"}
    assert not BusinessGoal.objects.exists()


def test_goal_horizon_must_end_after_it_starts(cast: Cast) -> None:
    response = client_for(cast.leader).post(
        "/api/goals/",
        {"title": "G", "driver": "gain", "horizon_start": "2025-06-01",
         "horizon_end": "2025-01-01"},
        format="json",
    )  # fmt: skip

    assert response.status_code == 400
    assert response.json()["horizon_end"] == ["The horizon ends before it starts."]


def test_l_and_d_creates_and_edits_a_need(cast: Cast, incidents: KPI) -> None:
    JobRole.objects.create(name="Driver")
    goal = actions.create_goal(actor=None, title="Fewer incidents", driver="pain")
    client = client_for(cast.staff)
    created = client.post(
        "/api/needs/",
        {"title": "Load securing", "gap_type": "skill", "goal": goal.pk, "kpi": "SAFETY-INC",
         "job_roles": ["Driver"], "org_units": ["DEPOT-N"], "priority": "high",
         "expected_change": "-2", "evaluation_level": 4, "isolation_method": "did",
         "evaluation_notes": "Depots trained first against the rest."},
        format="json",
    )  # fmt: skip
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]

    changed = client.patch(f"/api/needs/{pk}/", {"priority": "low"}, format="json")

    assert changed.status_code == 200
    need = LearningNeed.objects.get(pk=pk)
    assert (need.priority, need.evaluation_level, need.kpi) == ("low", 4, incidents)
    assert [u.code for u in need.org_units.all()] == ["DEPOT-N"]
    assert [r.name for r in need.job_roles.all()] == ["Driver"]


def test_need_that_is_not_a_learning_problem_needs_the_reason(cast: Cast) -> None:
    response = client_for(cast.leader).post(
        "/api/needs/", {"title": "Broken forklifts", "gap_type": "not_a_learning_problem"},
        format="json",
    )  # fmt: skip

    assert response.status_code == 400
    assert response.json()["detail"] == "Say why this is not a learning problem."
    assert not LearningNeed.objects.exists()


def test_put_and_delete_are_not_offered(cast: Cast, incidents: KPI) -> None:
    client = client_for(cast.leader)

    assert client.put("/api/kpis/SAFETY-INC/", {"name": "x"}).status_code == 405
    assert client.delete("/api/kpis/SAFETY-INC/").status_code == 405


# ----------------------------------------------------------------------------- observations


@pytest.fixture
def values(cast: Cast, incidents: KPI) -> KPI:
    org = cast.org
    observe(incidents, date(2025, 1, 1), 4.0, org_unit=org.depot)
    observe(incidents, date(2025, 2, 1), 3.0, org_unit=org.depot)
    observe(incidents, date(2025, 1, 1), 7.0, org_unit=org.sales)
    observe(incidents, date(2025, 1, 1), 11.0)  # company-wide
    return incidents


def units_seen(response: Any) -> list[tuple[str | None, str, float]]:
    return [(r["unit"], r["period"], r["value"]) for r in response.json()["results"]]


@pytest.mark.parametrize("role", ["leader", "staff", "executive"])
def test_l_and_d_and_executives_see_every_observation(cast: Cast, values: KPI, role: str) -> None:
    response = client_for(cast.by_role()[role]).get("/api/kpis/SAFETY-INC/observations/")

    assert response.status_code == 200
    assert response.json()["count"] == 4


def test_stakeholder_sees_only_their_units_observations(cast: Cast, values: KPI) -> None:
    response = client_for(cast.stakeholder).get("/api/kpis/SAFETY-INC/observations/")

    assert units_seen(response) == [("DEPOT-N", "2025-01-01", 4.0), ("DEPOT-N", "2025-02-01", 3.0)]


def test_stakeholder_sees_their_peoples_values_but_not_others(cast: Cast) -> None:
    kpi = make_kpi("SALES-PP", level="person")
    observe(kpi, date(2025, 1, 1), 1.0, person=cast.org.liam)
    observe(kpi, date(2025, 1, 1), 2.0, person=cast.org.sara)

    response = client_for(cast.stakeholder).get("/api/kpis/SALES-PP/observations/")

    assert [r["person"] for r in response.json()["results"]] == ["P-LIAM"]


@pytest.mark.parametrize("role", OUTSIDERS)
def test_learners_may_not_read_observations(cast: Cast, values: KPI, role: str) -> None:
    response = client_for(cast.by_role()[role]).get("/api/kpis/SAFETY-INC/observations/")

    assert response.status_code == 403


def test_observations_filter_by_period_range_and_unit(cast: Cast, values: KPI) -> None:
    client = client_for(cast.leader)
    url = "/api/kpis/SAFETY-INC/observations/"

    assert units_seen(client.get(url, {"period_from": "2025-02"})) == [
        ("DEPOT-N", "2025-02-01", 3.0)
    ]
    assert len(units_seen(client.get(url, {"period_to": "2025-01-31"}))) == 3
    assert units_seen(client.get(url, {"unit": "SALES"})) == [("SALES", "2025-01-01", 7.0)]


def test_observation_filter_with_a_bad_period_says_why(cast: Cast, values: KPI) -> None:
    response = client_for(cast.leader).get(
        "/api/kpis/SAFETY-INC/observations/", {"period_from": "last year"}
    )

    assert response.status_code == 400
    assert "is not a period" in response.json()["period_from"][0]


def test_observations_are_paginated(cast: Cast, incidents: KPI) -> None:
    Observation.objects.bulk_create(
        Observation(kpi=incidents, org_unit=cast.org.depot,
                    period=date(2000 + i // 12, i % 12 + 1, 1), value=i)
        for i in range(60)
    )  # fmt: skip

    body = client_for(cast.leader).get("/api/kpis/SAFETY-INC/observations/").json()

    assert (body["count"], len(body["results"])) == (60, 50)
    assert body["next"] is not None


# ----------------------------------------------------------------------------- bulk upload


def test_good_rows_create_observations(cast: Cast, incidents: KPI) -> None:
    company = make_kpi("HEADCOUNT")
    response = bulk(
        cast.leader,
        {"rows": [
            {"kpi": "SAFETY-INC", "unit": "DEPOT-N", "period": "2025-01", "value": 1.5},
            {"kpi": "SAFETY-INC", "unit": "SALES", "period": "2025-01-31", "value": "2"},
            {"kpi": "HEADCOUNT", "period": "2025-01", "value": 120},
        ]},
    )  # fmt: skip

    assert response.status_code == 200, response.json()
    assert response.json()["counts"] == {
        "rows": 3, "created": 3, "updated": 0, "unchanged": 0, "invalid": 0,
    }  # fmt: skip
    assert response.json()["written"] is True
    assert Observation.objects.get(kpi=company).value == 120
    assert Observation.objects.get(org_unit=cast.org.sales).period == date(2025, 1, 1)


def test_resending_counts_updates_and_unchanged(cast: Cast, values: KPI) -> None:
    response = bulk(
        cast.staff,
        {"rows": [
            {"kpi": "SAFETY-INC", "unit": "DEPOT-N", "period": "2025-01", "value": 4.0},
            {"kpi": "SAFETY-INC", "unit": "DEPOT-N", "period": "2025-02", "value": 2.5},
        ]},
    )  # fmt: skip

    counts = response.json()["counts"]
    assert (counts["created"], counts["updated"], counts["unchanged"]) == (0, 1, 1)
    assert Observation.objects.get(org_unit=cast.org.depot, period=date(2025, 2, 1)).value == 2.5


def test_one_bad_row_changes_nothing_and_is_named(cast: Cast, values: KPI) -> None:
    response = bulk(
        cast.leader,
        {"rows": [
            {"kpi": "SAFETY-INC", "unit": "DEPOT-N", "period": "2025-03", "value": 1},
            {"kpi": "SAFETY-INC", "unit": "DEPOT-N", "period": "2025-01", "value": 99},
            {"kpi": "SAFETY-INC", "unit": "NOWHERE", "period": "2025-03", "value": 1},
        ]},
    )  # fmt: skip

    assert response.status_code == 400
    body = response.json()
    assert body["written"] is False
    assert body["counts"]["invalid"] == 1
    assert body["errors"] == [
        {"row": 3, "column": "unit", "value": "NOWHERE",
         "message": "no org unit has the code 'NOWHERE'. KPI 'SAFETY-INC' is measured per site."},
    ]  # fmt: skip
    assert Observation.objects.count() == 4
    assert Observation.objects.get(org_unit=cast.org.depot, period=date(2025, 1, 1)).value == 4.0


def test_valid_only_imports_the_other_rows(cast: Cast, incidents: KPI) -> None:
    response = bulk(
        cast.leader,
        {"valid_only": True, "rows": [
            {"kpi": "NOPE", "unit": "DEPOT-N", "period": "2025-03", "value": 1},
            {"kpi": "SAFETY-INC", "unit": "DEPOT-N", "period": "2025-03", "value": 1},
            {"kpi": "SAFETY-INC", "unit": "DEPOT-N", "period": "2025-04", "value": "1,5"},
        ]},
    )  # fmt: skip

    assert response.status_code == 200
    body = response.json()
    assert [(e["row"], e["column"]) for e in body["errors"]] == [(1, "kpi"), (3, "value")]
    assert body["counts"]["created"] == 1
    assert body["counts"]["invalid"] == 2
    assert list(Observation.objects.values_list("period", flat=True)) == [date(2025, 3, 1)]


def test_dry_run_writes_nothing(cast: Cast, incidents: KPI) -> None:
    response = bulk(
        cast.leader,
        {"dry_run": True, "rows": [
            {"kpi": "SAFETY-INC", "unit": "DEPOT-N", "period": "2025-03", "value": 1},
        ]},
    )  # fmt: skip

    assert response.status_code == 200
    assert response.json()["counts"]["created"] == 1
    assert response.json()["written"] is False
    assert not Observation.objects.exists()


def test_rows_of_the_wrong_shape_are_named(cast: Cast, incidents: KPI) -> None:
    response = bulk(
        cast.leader,
        {"rows": [
            "SAFETY-INC,DEPOT-N,2025-03,1",
            {"kpi": "SAFETY-INC", "units": "DEPOT-N", "period": "2025-03", "value": 1},
            {"kpi": "SAFETY-INC", "unit": "DEPOT-N", "period": "2025-03", "value": [1]},
            {"kpi": "SAFETY-INC", "unit": "DEPOT-N", "period": "2025-04", "value": True},
            {"kpi": "SAFETY-INC", "unit": "DEPOT-N", "period": "2025-05", "value": 1},
        ]},
    )  # fmt: skip

    assert response.status_code == 400
    body = response.json()
    assert [(e["row"], e["column"]) for e in body["errors"]] == [
        (1, ""), (2, "units"), (3, "value"), (4, "value"),
    ]  # fmt: skip
    assert body["counts"]["rows"] == 5
    assert body["counts"]["invalid"] == 4
    assert not Observation.objects.exists()


def test_bulk_without_rows_says_what_is_missing(cast: Cast) -> None:
    response = bulk(cast.leader, {"valid_only": True})

    assert response.status_code == 400
    assert "rows" in response.json()


def test_too_many_rows_are_refused_with_a_clear_message(cast: Cast, incidents: KPI) -> None:
    row = {"kpi": "SAFETY-INC", "unit": "DEPOT-N", "period": "2025-03", "value": 1}

    response = bulk(cast.leader, {"rows": [row] * (MAX_BULK_ROWS + 1)})

    assert response.status_code == 413
    assert "at most 100,000" in response.json()["detail"]


@pytest.mark.parametrize("role", ["stakeholder", "executive", "learner", "manager"])
def test_only_l_and_d_may_bulk_upload(cast: Cast, incidents: KPI, role: str) -> None:
    response = bulk(
        cast.by_role()[role],
        {"rows": [{"kpi": "SAFETY-INC", "unit": "DEPOT-N", "period": "2025-03", "value": 1}]},
    )

    assert response.status_code == 403
    assert not Observation.objects.exists()


def test_bulk_upload_with_a_token(cast: Cast, incidents: KPI) -> None:
    response = token_client(cast.staff).post(
        "/api/observations/bulk/",
        {"rows": [{"kpi": "SAFETY-INC", "unit": "DEPOT-N", "period": "2025-03", "value": 1}]},
        format="json",
    )

    assert response.status_code == 200
    assert Observation.objects.count() == 1


def test_bulk_upload_of_a_csv_file_names_spreadsheet_rows(cast: Cast, incidents: KPI) -> None:
    upload = SimpleUploadedFile(
        "values.csv",
        b"KPI code,Site,Month,Value\nSAFETY-INC,DEPOT-N,2025-03,1\nSAFETY-INC,MOON,2025-03,1\n",
    )

    response = APIClient()
    response.force_login(cast.leader)
    answer = response.post("/api/observations/bulk/", {"file": upload}, format="multipart")

    assert answer.status_code == 400
    assert [(e["row"], e["column"]) for e in answer.json()["errors"]] == [(3, "Site")]
    assert not Observation.objects.exists()


def test_bulk_upload_of_a_file_with_valid_only(cast: Cast, incidents: KPI) -> None:
    upload = io.BytesIO(
        b"kpi,unit,period,value\nSAFETY-INC,DEPOT-N,2025-03,1\nX,DEPOT-N,2025-03,1\n"
    )
    upload.name = "values.csv"

    answer = client_for(cast.leader).post(
        "/api/observations/bulk/", {"file": upload, "valid_only": "true"}, format="multipart"
    )

    assert answer.status_code == 200
    assert answer.json()["counts"]["created"] == 1
    assert Observation.objects.count() == 1


def test_bulk_upload_of_a_file_without_the_columns_says_which(cast: Cast) -> None:
    upload = SimpleUploadedFile("values.csv", b"kpi,unit\nA,B\n")

    answer = client_for(cast.leader).post(
        "/api/observations/bulk/", {"file": upload}, format="multipart"
    )

    assert answer.status_code == 400
    assert any("Period" in p for p in answer.json()["file"])


# ----------------------------------------------------------------------------- query counts


def test_goal_list_query_count_does_not_grow(
    cast: Cast, incidents: KPI, django_assert_num_queries: Any
) -> None:
    for i in range(5):
        actions.create_goal(
            actor=None, title=f"G{i}", driver="gain", sponsor=cast.org.sam, owner=cast.org.dan,
            kpis=[incidents, make_kpi(f"K{i}")],
        )  # fmt: skip
    client = client_for(cast.leader)
    client.get("/api/goals/")  # the session and user are loaded and cached

    with django_assert_num_queries(5):  # session, user, count, goals, their KPIs
        response = client.get("/api/goals/")

    assert response.json()["count"] == 5


def test_kpi_list_query_count_does_not_grow(cast: Cast, django_assert_num_queries: Any) -> None:
    for i in range(7):
        make_kpi(f"K{i}")
    client = client_for(cast.staff)

    with django_assert_num_queries(4):  # session, user, count, KPIs
        response = client.get("/api/kpis/")

    assert response.json()["count"] == 7


def test_need_list_query_count_does_not_grow(
    cast: Cast, incidents: KPI, django_assert_num_queries: Any
) -> None:
    role = JobRole.objects.create(name="Driver")
    goal = actions.create_goal(actor=None, title="G", driver="gain")
    for i in range(5):
        actions.create_need(
            actor=None, title=f"N{i}", gap_type="skill", goal=goal, kpi=incidents,
            job_roles=[role], org_units=[cast.org.depot, cast.org.sales],
        )  # fmt: skip
    client = client_for(cast.executive)

    with django_assert_num_queries(6):  # session, user, count, needs, roles, units
        response = client.get("/api/needs/")

    assert response.json()["count"] == 5


def test_observation_list_query_count_does_not_grow(
    cast: Cast, values: KPI, django_assert_num_queries: Any
) -> None:
    observe(values, date(2025, 3, 1), 1.0, person=cast.org.liam)
    client = client_for(cast.stakeholder)

    # session, user, KPI, the stakeholder's scope (read once for units, once for people),
    # count, observations
    with django_assert_num_queries(7):
        response = client.get("/api/kpis/SAFETY-INC/observations/")

    assert response.json()["count"] == 3


# ----------------------------------------------------------------------------- schema


def test_schema_lists_the_strategy_resources(cast: Cast) -> None:
    text = client_for(cast.staff).get("/api/schema/").content.decode()

    for path in ("/api/goals/", "/api/goals/{id}/", "/api/kpis/", "/api/kpis/{code}/",
                 "/api/kpis/{code}/observations/", "/api/observations/bulk/", "/api/needs/",
                 "/api/needs/{id}/"):  # fmt: skip
        assert f"{path}:" in text


def test_schema_generates_without_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    from django.core.management import call_command  # noqa: PLC0415

    call_command("spectacular", "--fail-on-warn", "--validate", "--file", "/dev/null")

    assert "Warning" not in capsys.readouterr().err
