"""Role x URL rows for experiences: catalogue."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from mainspring.experiences import catalog_import_tasks
from mainspring.experiences.models import CatalogItem, Library, Skill
from mainspring.org.models import ImportKind
from tests.conftest import Cast
from tests.web.matrix import NONE, Row, everyone, only

LND = {"leader": 200, "staff": 200}


def _library(c: Cast, j: Any) -> Library:
    return Library.objects.get_or_create(name="Acme Academy")[0]


def _item(c: Cast, j: Any) -> dict[str, Any]:
    item = CatalogItem.objects.get_or_create(
        library=_library(c, j), external_id="C1", defaults={"title": "Giving feedback"}
    )[0]
    return {"pk": item.pk}


def _skill(c: Cast, j: Any) -> dict[str, Any]:
    return {"pk": Skill.objects.get_or_create(code="feedback", defaults={"name": "Feedback"})[0].pk}


def _job(c: Cast, j: Any) -> dict[str, Any]:
    upload = SimpleUploadedFile("acme.csv", b"id,title\nC1,Giving feedback\n")
    job = catalog_import_tasks.start(
        actor=c.leader, kind=ImportKind.CATALOG, upload=upload, options={"library": "Acme"}
    )
    return {"pk": job.pk}


ROWS: list[Row] = [
    Row("experiences:catalog-search", NONE, only(LND)),
    Row("experiences:catalog-suggest", NONE, only(LND)),
    Row("experiences:catalog-curate", NONE, everyone(405)),
    Row("experiences:catalog-item", _item, only(LND)),
    Row("experiences:catalog-item-active", _item, everyone(405)),
    Row("experiences:library-list", NONE, only(LND)),
    Row("experiences:library-create", NONE, only(LND)),
    Row("experiences:library-edit", lambda c, j: {"pk": _library(c, j).pk}, only(LND)),
    Row("experiences:skill-tree", NONE, only(LND)),
    Row("experiences:skill-detail", _skill, only(LND)),
    Row("experiences:skill-link", _skill, everyone(405)),
    Row("experiences:catalog-import-new", NONE, only(LND)),
    Row("experiences:skill-import-new", NONE, only(LND)),
    Row("experiences:catalog-import-detail", _job, only(LND)),
    Row("experiences:catalog-import-apply", _job, everyone(405)),
    Row("experiences:catalog-import-cancel", _job, everyone(405)),
    Row("experiences:catalog-import-errors", _job, only(LND)),
    Row(
        "experiences:catalog-import-detail",
        lambda c, j: {"pk": j.pk},
        only({"leader": 404, "staff": 404}),
        "a people import is not a catalogue import",
    ),
]
