from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from mainspring.experiences.models import CatalogItem, Library, Skill
from mainspring.org.models import ImportJob, ImportKind, ImportStatus
from tests.conftest import Cast

GOOD = (
    b"Course ID,Course Title,Vendor,Length,Link\n"
    b"C1,Giving feedback,Acme,1h30,https://acme.example/c1\n"
    b"C2,Coaching conversations,Acme,45,https://acme.example/c2\n"
)
BAD = GOOD + b"C3,Broken,Acme,ages,https://acme.example/c3\nC4,,Acme,10,ftp://nope\n"


@pytest.fixture
def staff_client(cast: Cast) -> Client:
    client = Client()
    client.force_login(cast.staff)
    return client


def upload(client: Client, data: bytes, **fields: Any) -> ImportJob:
    response = client.post(
        reverse("experiences:catalog-import-new"),
        {"file": SimpleUploadedFile("acme.csv", data), "library": "Acme Academy", **fields},
    )
    assert response.status_code == 302, response.content
    return ImportJob.objects.latest("created_at")


def check(client: Client, job: ImportJob, capture: Any) -> None:
    fields = {f"map_{k}": v for k, v in job.mapping.items()}
    with capture(execute=True):
        response = client.post(reverse("experiences:catalog-import-detail", args=[job.pk]), fields)
    assert response.status_code == 302, response.content
    job.refresh_from_db()


def apply(client: Client, job: ImportJob, capture: Any, **fields: str) -> None:
    with capture(execute=True):
        response = client.post(reverse("experiences:catalog-import-apply", args=[job.pk]), fields)
    assert response.status_code == 302
    job.refresh_from_db()


def test_upload_check_preview_and_apply_a_catalogue(
    staff_client, cast, django_capture_on_commit_callbacks
):
    job = upload(staff_client, GOOD)
    assert job.kind == ImportKind.CATALOG
    assert job.mapping["external_id"] == "Course ID"
    page = staff_client.get(reverse("experiences:catalog-import-detail", args=[job.pk]))
    assert "Match the columns" in page.content.decode()
    check(staff_client, job, django_capture_on_commit_callbacks)
    assert job.status == ImportStatus.VALIDATED
    assert job.summary["counts"]["created"] == 2
    page = staff_client.get(reverse("experiences:catalog-import-detail", args=[job.pk]))
    assert "What this file would change" in page.content.decode()
    assert not CatalogItem.objects.exists()
    apply(staff_client, job, django_capture_on_commit_callbacks)
    assert job.status == ImportStatus.APPLIED
    assert Library.objects.get().name == "Acme Academy"
    assert CatalogItem.objects.get(external_id="C1").duration_minutes == 90


def test_errors_are_listed_by_row_and_nothing_is_written_unless_valid_only(
    staff_client, cast, django_capture_on_commit_callbacks
):
    job = upload(staff_client, BAD)
    check(staff_client, job, django_capture_on_commit_callbacks)
    assert job.status == ImportStatus.INVALID
    body = staff_client.get(reverse("experiences:catalog-import-detail", args=[job.pk])).content
    assert b"Nothing has been imported" in body
    assert b"ages" in body
    errors = staff_client.get(reverse("experiences:catalog-import-errors", args=[job.pk]))
    lines = errors.content.decode().splitlines()
    assert lines[0] == "row,column,value,message"
    assert any(line.startswith("4,Length,ages,") for line in lines)
    apply(staff_client, job, django_capture_on_commit_callbacks)  # not allowed: has errors
    assert job.status == ImportStatus.INVALID
    assert not CatalogItem.objects.exists()
    apply(staff_client, job, django_capture_on_commit_callbacks, valid_rows_only="1")
    assert job.status == ImportStatus.APPLIED
    assert CatalogItem.objects.count() == 2


def test_reimport_can_retire_items_the_file_no_longer_lists(
    staff_client, cast, django_capture_on_commit_callbacks
):
    first = upload(staff_client, GOOD)
    check(staff_client, first, django_capture_on_commit_callbacks)
    apply(staff_client, first, django_capture_on_commit_callbacks)
    second = upload(
        staff_client,
        GOOD.splitlines(keepends=True)[0] + GOOD.splitlines(keepends=True)[1],
        deactivate_missing="on",
    )
    check(staff_client, second, django_capture_on_commit_callbacks)
    assert second.summary["counts"]["deactivated"] == 1
    apply(staff_client, second, django_capture_on_commit_callbacks)
    assert not CatalogItem.objects.get(external_id="C2").active


def test_skills_import_in_the_web(staff_client, cast, django_capture_on_commit_callbacks):
    response = staff_client.post(
        reverse("experiences:skill-import-new"),
        {
            "file": SimpleUploadedFile(
                "skills.csv", b"code,name,parent\nfb,Feedback,people\npeople,People,\n"
            )
        },
    )
    assert response.status_code == 302
    job = ImportJob.objects.get(kind=ImportKind.SKILLS)
    check(staff_client, job, django_capture_on_commit_callbacks)
    apply(staff_client, job, django_capture_on_commit_callbacks)
    assert Skill.objects.get(code="fb").parent.code == "people"


def test_an_unreadable_file_is_refused_next_to_the_field(staff_client, cast):
    response = staff_client.post(
        reverse("experiences:catalog-import-new"),
        {"file": SimpleUploadedFile("empty.csv", b""), "library": "Acme"},
    )
    assert response.status_code == 200
    assert (
        "The submitted file is empty" in response.content.decode()
        or "empty" in response.content.decode()
    )
    assert not ImportJob.objects.exists()
