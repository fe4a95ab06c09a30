from __future__ import annotations

import io
from datetime import date
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from mainspring.org.models import ImportJob, ImportKind, ImportStatus, User
from mainspring.strategy import import_tasks
from mainspring.strategy.models import KPI, Observation
from tests.conftest import Cast
from tests.strategy.factories import make_kpi

GOOD = (
    b"Metric,Site,Month,Actual\n"
    b"SAFETY-INC,DEPOT-N,2025-01,4\n"
    b"SAFETY-INC,SALES,2025-01,2.5\n"
    b"SAFETY-INC,DEPOT-N,2025-02,3\n"
)
BAD = GOOD + b'SAFETY-INC,NOWHERE,2025-02,1\nSAFETY-INC,SALES,2025-02,"1,5"\n'


@pytest.fixture
def incidents(cast: Cast) -> KPI:
    return make_kpi("SAFETY-INC", name="Incidents", level="site")


def client_of(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def leader_client(cast: Cast) -> Client:
    return client_of(cast.leader)


def upload(client: Client, data: bytes, name: str = "values.csv") -> ImportJob:
    response = client.post(reverse("strategy:import-new"), {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 302, response.content
    return ImportJob.objects.latest("created_at")


def check(client: Client, job: ImportJob, capture: Any, **mapping: str) -> None:
    fields = {f"map_{k}": v for k, v in {**job.mapping, **mapping}.items()}
    with capture(execute=True):
        response = client.post(reverse("strategy:import-detail", args=[job.pk]), fields)
    assert response.status_code == 302, response.content
    job.refresh_from_db()


def apply(client: Client, job: ImportJob, capture: Any, *, valid_only: bool = False) -> None:
    with capture(execute=True):
        response = client.post(
            reverse("strategy:import-apply", args=[job.pk]),
            {"valid_rows_only": "1"} if valid_only else {},
        )
    assert response.status_code == 302
    job.refresh_from_db()


def page(client: Client, job: ImportJob) -> str:
    return client.get(reverse("strategy:import-detail", args=[job.pk])).content.decode()


def test_csv_upload_guesses_columns_previews_then_applies(
    cast: Cast, incidents: KPI, leader_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    job = upload(leader_client, GOOD)
    assert job.kind == ImportKind.KPI_OBSERVATIONS
    assert job.mapping == {"kpi": "Metric", "unit": "Site", "period": "Month", "value": "Actual"}
    assert "Match the columns" in page(leader_client, job)

    check(leader_client, job, django_capture_on_commit_callbacks)

    assert job.status == ImportStatus.VALIDATED
    assert job.summary["counts"]["created"] == 3
    preview = page(leader_client, job)
    assert "new values" in preview
    assert "Import these values" in preview
    assert not Observation.objects.exists()

    apply(leader_client, job, django_capture_on_commit_callbacks)

    assert job.status == ImportStatus.APPLIED
    assert job.result["created"] == 3
    assert Observation.objects.get(org_unit=cast.org.sales).value == 2.5
    assert "Imported: 3 new values" in page(leader_client, job)


def test_xlsx_upload_with_real_dates_and_numbers(
    cast: Cast, incidents: KPI, leader_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["KPI", "Org unit", "Period", "Value"])
    sheet.append(["SAFETY-INC", "DEPOT-N", date(2025, 3, 31), 1.25])
    sheet.append(["SAFETY-INC", "SALES", date(2025, 3, 1), 7])
    buffer = io.BytesIO()
    book.save(buffer)

    job = upload(leader_client, buffer.getvalue(), "values.xlsx")
    check(leader_client, job, django_capture_on_commit_callbacks)
    apply(leader_client, job, django_capture_on_commit_callbacks)

    assert job.status == ImportStatus.APPLIED
    depot = Observation.objects.get(org_unit=cast.org.depot)
    assert (depot.period, depot.value) == (date(2025, 3, 1), 1.25)
    assert Observation.objects.count() == 2


def test_bad_row_changes_nothing_and_is_named(
    cast: Cast, incidents: KPI, leader_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    job = upload(leader_client, BAD)
    check(leader_client, job, django_capture_on_commit_callbacks)

    assert job.status == ImportStatus.INVALID
    shown = page(leader_client, job)
    assert "Nothing has been imported" in shown
    assert "no org unit has the code &#x27;NOWHERE&#x27;" in shown
    assert "use a dot for decimals" in shown
    assert [(e["row"], e["column"]) for e in job.errors] == [(5, "Site"), (6, "Actual")]
    assert "Import these values" not in shown

    # Asking to apply the whole file is refused while it has errors.
    apply(leader_client, job, django_capture_on_commit_callbacks)
    assert job.status == ImportStatus.INVALID
    assert not Observation.objects.exists()


def test_errors_download_as_csv(
    cast: Cast, incidents: KPI, leader_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    job = upload(leader_client, BAD)
    check(leader_client, job, django_capture_on_commit_callbacks)

    response = leader_client.get(reverse("strategy:import-errors", args=[job.pk]))

    lines = response.content.decode().splitlines()
    assert lines[0] == "row,column,value,message"
    assert lines[1].startswith("5,Site,NOWHERE,no org unit")
    assert len(lines) == 3


def test_valid_only_imports_the_other_rows(
    cast: Cast, incidents: KPI, leader_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    job = upload(leader_client, BAD)
    check(leader_client, job, django_capture_on_commit_callbacks)
    assert "Import only the valid rows" in page(leader_client, job)

    apply(leader_client, job, django_capture_on_commit_callbacks, valid_only=True)

    assert job.status == ImportStatus.APPLIED
    assert (job.result["created"], job.result["invalid_rows"]) == (3, 2)
    assert Observation.objects.count() == 3
    assert "2 rows skipped for errors" in page(leader_client, job)


def test_values_already_held_are_counted_as_changed_or_unchanged(
    cast: Cast, incidents: KPI, leader_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    Observation.objects.create(kpi=incidents, org_unit=cast.org.depot, period=date(2025, 1, 1),
                               value=4)  # fmt: skip
    Observation.objects.create(kpi=incidents, org_unit=cast.org.sales, period=date(2025, 1, 1),
                               value=9)  # fmt: skip

    job = upload(leader_client, GOOD)
    check(leader_client, job, django_capture_on_commit_callbacks)
    counts = job.summary["counts"]

    assert (counts["created"], counts["updated"], counts["unchanged"]) == (1, 1, 1)


def test_missing_required_column_is_named_next_to_the_form(
    cast: Cast, incidents: KPI, leader_client: Client
) -> None:
    job = upload(leader_client, GOOD)

    response = leader_client.post(
        reverse("strategy:import-detail", args=[job.pk]),
        {"map_kpi": "Metric", "map_unit": "Site", "map_period": "", "map_value": "Actual"},
    )

    assert response.status_code == 200
    assert "Period: choose the column that holds it (required)." in response.content.decode()
    job.refresh_from_db()
    assert job.status == ImportStatus.UPLOADED


def test_unreadable_file_is_refused_at_upload(cast: Cast, leader_client: Client) -> None:
    response = leader_client.post(
        reverse("strategy:import-new"), {"file": SimpleUploadedFile("values.csv", b"")}
    )

    assert response.status_code == 200
    assert not ImportJob.objects.exists()


def test_progress_is_polled_while_the_check_runs(
    cast: Cast, incidents: KPI, leader_client: Client
) -> None:
    job = upload(leader_client, GOOD)
    # Queue the check without running it, as a real worker would pick it up later.
    fields = {f"map_{k}": v for k, v in job.mapping.items()}
    leader_client.post(reverse("strategy:import-detail", args=[job.pk]), fields)
    job.refresh_from_db()
    assert job.status == ImportStatus.VALIDATING

    full = page(leader_client, job)
    fragment = leader_client.get(
        reverse("strategy:import-detail", args=[job.pk]), headers={"HX-Request": "true"}
    )

    assert 'hx-trigger="every 1s"' in full
    assert "Checking rows: 0 of 3" in full
    assert fragment.status_code == 200
    assert "<h1" not in fragment.content.decode()
    import_tasks.check(job.pk)
    done = leader_client.get(
        reverse("strategy:import-detail", args=[job.pk]), headers={"HX-Request": "true"}
    )
    assert (done.status_code, done["HX-Refresh"]) == (204, "true")


def test_cancel_deletes_the_file_and_keeps_the_record(
    cast: Cast, incidents: KPI, leader_client: Client
) -> None:
    job = upload(leader_client, GOOD)

    response = leader_client.post(reverse("strategy:import-cancel", args=[job.pk]))

    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.CANCELLED


def test_template_names_the_columns_the_wizard_guesses(
    cast: Cast, incidents: KPI, leader_client: Client
) -> None:
    response = leader_client.get(reverse("strategy:import-template"), {"kpi": incidents.pk})

    assert response.content.decode().splitlines() == [
        "KPI code,Unit,Period,Value", "SAFETY-INC,,2025-01,",
    ]  # fmt: skip


def test_kpi_pages_offer_import_to_l_and_d_only(
    cast: Cast, incidents: KPI, leader_client: Client
) -> None:
    detail = reverse("strategy:kpi-detail", args=[incidents.pk])
    executive = client_of(cast.executive)

    assert "Import values" in leader_client.get(reverse("strategy:kpi-list")).content.decode()
    assert "Import values" in leader_client.get(detail).content.decode()
    assert "Import values" not in executive.get(reverse("strategy:kpi-list")).content.decode()
    assert "Import values" not in executive.get(detail).content.decode()


@pytest.mark.parametrize("role", ["stakeholder", "executive", "learner", "manager"])
def test_only_l_and_d_may_import_values(cast: Cast, incidents: KPI, role: str) -> None:
    job = upload(client_of(cast.staff), GOOD)
    client = client_of(cast.by_role()[role])

    assert client.get(reverse("strategy:import-new")).status_code == 403
    assert client.get(reverse("strategy:import-detail", args=[job.pk])).status_code == 403
    assert client.post(reverse("strategy:import-apply", args=[job.pk])).status_code == 403
    assert client.post(
        reverse("strategy:import-new"), {"file": SimpleUploadedFile("v.csv", GOOD)}
    ).status_code == 403  # fmt: skip
    assert ImportJob.objects.count() == 1


def test_people_wizard_neither_offers_nor_opens_kpi_imports(
    cast: Cast, incidents: KPI, leader_client: Client
) -> None:
    job = upload(leader_client, GOOD)

    new = leader_client.get(reverse("org:import-new")).content.decode()
    listed = leader_client.get(reverse("org:import-list")).content.decode()

    assert 'value="kpi_observations"' not in new
    assert "values.csv" not in listed
    assert leader_client.get(reverse("org:import-detail", args=[job.pk])).status_code == 404
    assert leader_client.post(reverse("org:import-apply", args=[job.pk])).status_code == 404
    assert (
        leader_client.get(reverse("org:import-template", args=["kpi_observations"])).status_code
        == 404
    )


def test_kpi_wizard_does_not_open_people_imports(cast: Cast, leader_client: Client) -> None:
    leader_client.post(
        reverse("org:import-new"),
        {"kind": "people", "file": SimpleUploadedFile("hris.csv", b"HRIS id,First name\nE1,A\n")},
    )
    people = ImportJob.objects.get()

    response = leader_client.get(reverse("strategy:import-detail", args=[people.pk]))

    assert response.status_code == 404


def test_recent_imports_list_query_count_does_not_grow(
    cast: Cast, leader_client: Client, django_assert_num_queries: Any
) -> None:
    for i in range(4):
        upload(client_of(cast.staff if i % 2 else cast.leader), GOOD, f"v{i}.csv")
    leader_client.get(reverse("strategy:import-new"))

    with django_assert_num_queries(3):  # session, user, recent imports with their uploader
        response = leader_client.get(reverse("strategy:import-new"))

    assert response.content.decode().count("v3.csv") == 1
