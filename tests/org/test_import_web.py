from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from mainspring.org.models import ImportJob, ImportStatus, Person
from tests.conftest import Cast

GOOD = (
    b"Employee ID,First Name,Last Name,Email,Department,Manager ID,Hire Date\n"
    b"N1,Nia,One,nia@x.example,DEPOT-N,P-DAN,2024-01-02\n"
    b"N2,Noah,Two,noah@x.example,DEPOT-N,N1,2024-02-03\n"
)
BAD = GOOD + b"N3,Nora,Three,nia@x.example,NOWHERE,N9,2024-13-01\n"


@pytest.fixture
def leader_client(cast: Cast) -> Client:
    client = Client()
    client.force_login(cast.leader)
    return client


def upload(client: Client, data: bytes, name: str = "hris.csv") -> ImportJob:
    response = client.post(
        reverse("org:import-new"), {"kind": "people", "file": SimpleUploadedFile(name, data)}
    )
    assert response.status_code == 302, response.content
    return ImportJob.objects.latest("created_at")


def check(client: Client, job: ImportJob, capture, **options) -> None:
    fields = {f"map_{k}": v for k, v in job.mapping.items()}
    with capture(execute=True):
        response = client.post(
            reverse("org:import-detail", args=[job.pk]),
            {**fields, "deactivate_missing": "", **options},
        )
    assert response.status_code == 302


def test_upload_guesses_columns_then_previews_and_applies(
    cast, leader_client, django_capture_on_commit_callbacks
):
    job = upload(leader_client, GOOD)
    assert job.mapping["hris_id"] == "Employee ID"
    assert job.mapping["org_unit"] == "Department"
    page = leader_client.get(reverse("org:import-detail", args=[job.pk]))
    assert b"Match the columns" in page.content

    check(leader_client, job, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == ImportStatus.VALIDATED
    assert job.summary["counts"]["created"] == 2
    page = leader_client.get(reverse("org:import-detail", args=[job.pk]))
    assert b"Apply these changes" in page.content
    assert Person.objects.filter(hris_id__startswith="N").count() == 0

    with django_capture_on_commit_callbacks(execute=True):
        leader_client.post(reverse("org:import-apply", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.APPLIED
    assert job.result["created"] == 2
    noah = Person.objects.get(hris_id="N2")
    assert noah.manager.hris_id == "N1"
    assert noah.history.first().history_user == cast.leader


def test_bad_file_shows_errors_by_row_and_changes_nothing(
    cast, leader_client, django_capture_on_commit_callbacks
):
    job = upload(leader_client, BAD)
    check(leader_client, job, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == ImportStatus.INVALID
    page = leader_client.get(reverse("org:import-detail", args=[job.pk])).content.decode()
    assert "Nothing has been imported" in page
    assert "is not a date" in page
    assert "is already used on row 2" in page
    # Apply without asking for valid rows only is refused.
    with django_capture_on_commit_callbacks(execute=True):
        leader_client.post(reverse("org:import-apply", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.INVALID
    assert not Person.objects.filter(hris_id__startswith="N").exists()

    errors = leader_client.get(reverse("org:import-errors", args=[job.pk])).content.decode()
    assert errors.startswith("row,column,value,message")
    assert "4,Hire Date,2024-13-01" in errors

    with django_capture_on_commit_callbacks(execute=True):
        leader_client.post(reverse("org:import-apply", args=[job.pk]), {"valid_rows_only": "1"})
    job.refresh_from_db()
    assert job.status == ImportStatus.APPLIED
    assert sorted(
        Person.objects.filter(hris_id__startswith="N").values_list("hris_id", flat=True)
    ) == ["N1", "N2"]


def test_polling_while_running_returns_the_progress_fragment(cast, leader_client):
    job = upload(leader_client, GOOD)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.VALIDATING)
    response = leader_client.get(
        reverse("org:import-detail", args=[job.pk]), headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert 'id="job-status"' in body
    assert "<progress" in body
    assert "<html" not in body
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.VALIDATED)
    done = leader_client.get(
        reverse("org:import-detail", args=[job.pk]), headers={"HX-Request": "true"}
    )
    assert done["HX-Refresh"] == "true"


def test_unreadable_upload_is_refused_next_to_the_field(cast, leader_client):
    response = leader_client.post(
        reverse("org:import-new"), {"kind": "people", "file": SimpleUploadedFile("x.csv", b"")}
    )
    assert response.status_code == 200
    assert "The submitted file is empty." in response.content.decode()


def test_staff_cannot_post_an_import(cast):
    client = Client()
    client.force_login(cast.staff)
    response = client.post(
        reverse("org:import-new"), {"kind": "people", "file": SimpleUploadedFile("h.csv", GOOD)}
    )
    assert response.status_code == 403
    assert not ImportJob.objects.exists()
