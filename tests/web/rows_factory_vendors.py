"""Role x URL rows for the factory's vendors register."""

from __future__ import annotations

from datetime import date
from typing import Any

from mainspring.factory.actions import projects as project_actions
from mainspring.factory.actions import vendors as actions
from mainspring.factory.models import Vendor, VendorRating
from tests.conftest import Cast
from tests.web.matrix import NONE, Row, everyone, only

LD = {"leader": 200, "staff": 200}
READERS = {**LD, "executive": 200}
MISSING = lambda c, j: {"pk": 999_999}  # noqa: E731


def _vendor(c: Cast, j: Any) -> Vendor:
    return Vendor.objects.first() or actions.create_vendor(
        actor=None, details=actions.VendorDetails(name="Pixel Works", services="E-learning")
    )


def _vendor_pk(c: Cast, j: Any) -> dict[str, Any]:
    return {"pk": _vendor(c, j).pk}


def _rating_pk(c: Cast, j: Any) -> dict[str, Any]:
    rating = VendorRating.objects.first()
    if rating is None:
        vendor = _vendor(c, j)
        project = project_actions.start_project(
            actor=None, title="Load securing", template=None, start=date(2026, 3, 2)
        )
        project_actions.save_task(
            actor=None, project=project, task=None, name="Build", duration_days=5, vendor=vendor
        )
        rating = actions.rate_vendor(
            actor=None,
            vendor=vendor,
            project=project,
            quality=4,
            timeliness=4,
            value=4,
            on=date(2026, 3, 20),
        )
    return {"pk": rating.pk}


ROWS: list[Row] = [
    Row("factory:vendor-list", NONE, only(READERS)),
    Row("factory:vendor-new", NONE, only(LD)),
    Row("factory:vendor-detail", _vendor_pk, only(READERS)),
    Row(
        "factory:vendor-detail",
        MISSING,
        only({"leader": 404, "staff": 404, "executive": 404}),
        label="missing vendor",
    ),
    Row("factory:vendor-edit", _vendor_pk, only(LD)),
    # Deactivating writes: POST only.
    Row("factory:vendor-active", _vendor_pk, everyone(405)),
    Row("factory:vendor-rate", _vendor_pk, only(LD)),
    Row("factory:vendor-rating-edit", _rating_pk, only(LD)),
    Row(
        "factory:vendor-rating-edit", MISSING, only({"leader": 404, "staff": 404}), label="missing"
    ),
]
