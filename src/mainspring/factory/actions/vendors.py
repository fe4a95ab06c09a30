"""The vendors register: adding and changing vendors, rating them once per project."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction

from mainspring.factory.actions import Error
from mainspring.factory.models import Project, Vendor, VendorRating
from mainspring.org.models import User

MAX_RATE = Decimal("99999999.99")  # what the field holds (10 digits, 2 decimals)
SCORE_RANGE = range(1, 6)


@dataclass(frozen=True, slots=True)
class VendorDetails:
    """What the register holds about a vendor (everything but whether it is active)."""

    name: str
    services: str
    contact_name: str = ""
    contact_email: str = ""
    contract_reference: str = ""
    contract_start: date | None = None
    contract_end: date | None = None
    rate: Decimal | None = None
    rate_unit: str = ""
    notes: str = ""


def vendor_problems(details: VendorDetails, vendor: Vendor | None = None) -> dict[str, str]:
    """What is wrong with a vendor's details, by field name (empty when all is well)."""
    problems: dict[str, str] = {}
    name = " ".join(details.name.split())
    if not name:
        problems["name"] = "Enter the vendor's name."
    else:
        same = Vendor.objects.filter(name__iexact=name)
        if vendor is not None:
            same = same.exclude(pk=vendor.pk)
        if same.exists():
            problems["name"] = f"{name} is in the register already; open it there."
    if not details.services.strip():
        problems["services"] = "Say what they do for you, e.g. custom e-learning, video."
    start, end = details.contract_start, details.contract_end
    if start and end and end < start:
        problems["contract_end"] = "The renewal date comes before the contract's start."
    if details.rate is not None:
        if details.rate < 0:
            problems["rate"] = "Enter a rate of zero or more."
        elif details.rate > MAX_RATE:
            problems["rate"] = "That rate is too large."
        elif not details.rate_unit.strip():
            problems["rate_unit"] = 'Say what the rate is per, e.g. "day" or "finished minute".'
    return problems


def _apply(vendor: Vendor, details: VendorDetails) -> None:
    if problems := vendor_problems(details, vendor if vendor.pk else None):
        raise Error(" ".join(problems.values()))
    vendor.name = " ".join(details.name.split())
    vendor.services = details.services.strip()
    vendor.contact_name = details.contact_name.strip()
    vendor.contact_email = details.contact_email.strip()
    vendor.contract_reference = details.contract_reference.strip()
    vendor.contract_start, vendor.contract_end = details.contract_start, details.contract_end
    vendor.rate, vendor.rate_unit = details.rate, details.rate_unit.strip()
    vendor.notes = details.notes.strip()


@transaction.atomic
def create_vendor(*, actor: User | None, details: VendorDetails, active: bool = True) -> Vendor:
    """Add a vendor to the register.

    Raises:
        Error: see :func:`vendor_problems` (a name in use, a renewal before the start...).
    """
    vendor = Vendor(active=active)
    _apply(vendor, details)
    vendor._history_user = actor  # type: ignore[attr-defined]  # read by simple-history
    vendor.save()
    return vendor


@transaction.atomic
def update_vendor(
    *, actor: User | None, vendor: Vendor, details: VendorDetails, active: bool
) -> Vendor:
    """Change a vendor's details; the history keeps the earlier ones.

    Raises:
        Error: see :func:`vendor_problems`.
    """
    _apply(vendor, details)
    vendor.active = active
    vendor._history_user = actor  # type: ignore[attr-defined]  # read by simple-history
    vendor.save()
    return vendor


@transaction.atomic
def set_vendor_active(*, actor: User | None, vendor: Vendor, active: bool) -> Vendor:
    """Deactivate a vendor (kept with its work and ratings) or bring it back."""
    vendor.active = active
    vendor._history_user = actor  # type: ignore[attr-defined]  # read by simple-history
    vendor.save(update_fields=["active", "updated_at"])
    return vendor


def _check_scores(quality: int, timeliness: int, value: int) -> None:
    if any(score not in SCORE_RANGE for score in (quality, timeliness, value)):
        raise Error("Rate quality, timeliness and value for money from 1 to 5.")


@transaction.atomic
def rate_vendor(
    *,
    actor: User | None,
    vendor: Vendor,
    project: Project,
    quality: int,
    timeliness: int,
    value: int,
    on: date,
    comment: str = "",
) -> VendorRating:
    """Rate how a vendor did on a project it had tasks on: once per project.

    Raises:
        Error: a score outside 1-5, a project the vendor had no tasks on, or a
            rating for this project already (edit that one instead).
    """
    _check_scores(quality, timeliness, value)
    if not project.tasks.filter(vendor=vendor).exists():
        raise Error(f"{vendor.name} had no tasks on {project.title}: rate it on its own projects.")
    again = f"{vendor.name} is rated on {project.title} already: edit that rating instead."
    if VendorRating.objects.filter(vendor=vendor, project=project).exists():
        raise Error(again)
    try:
        with transaction.atomic():
            return VendorRating.objects.create(
                vendor=vendor,
                project=project,
                quality=quality,
                timeliness=timeliness,
                value=value,
                comment=comment.strip(),
                rated_by=actor,
                rated_on=on,
            )
    except IntegrityError:  # someone rated it in the same moment
        raise Error(again) from None


@transaction.atomic
def update_vendor_rating(
    *,
    actor: User | None,
    rating: VendorRating,
    quality: int,
    timeliness: int,
    value: int,
    on: date,
    comment: str = "",
) -> VendorRating:
    """Change a rating; it then counts as given by ``actor`` on ``on``.

    Raises:
        Error: a score outside 1-5.
    """
    _check_scores(quality, timeliness, value)
    rating.quality, rating.timeliness, rating.value = quality, timeliness, value
    rating.comment, rating.rated_by, rating.rated_on = comment.strip(), actor, on
    rating.save()
    return rating
