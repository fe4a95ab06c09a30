"""Every change to the partnership register: atomic, with an actor, in the history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from mainspring.org.models import (
    Engagement,
    EngagementKind,
    OrgUnit,
    Person,
    RelationshipHealth,
    Stakeholder,
    User,
)


class Error(Exception):
    """A change to the register that cannot be made, with a message for the user."""


class NoNextStepError(Error):
    """The engagement has no next step to complete."""


@dataclass(frozen=True, slots=True)
class StakeholderData:
    """The editable fields of a stakeholder, as the form or the seeder gives them."""

    category: str
    person: Person | None = None
    name: str = ""
    organisation: str = ""
    org_unit: OrgUnit | None = None
    value_to_them: str = ""
    value_to_us: str = ""
    health: str = RelationshipHealth.GOOD
    owner: User | None = None
    notes: str = ""


def _apply(stakeholder: Stakeholder, data: StakeholderData) -> None:
    if data.person is None and not data.name.strip():
        raise Error("Pick a person from the organisation or give a name.")
    stakeholder.category = data.category
    stakeholder.person = data.person
    stakeholder.name = data.name.strip()
    stakeholder.organisation = data.organisation.strip()
    stakeholder.org_unit = data.org_unit
    stakeholder.value_to_them = data.value_to_them
    stakeholder.value_to_us = data.value_to_us
    stakeholder.health = data.health
    stakeholder.owner = data.owner
    stakeholder.notes = data.notes


def create_stakeholder(*, actor: User | None, data: StakeholderData) -> Stakeholder:
    """Add a stakeholder to the register.

    Raises:
        Error: when neither a person nor a name is given.
    """
    stakeholder = Stakeholder()
    _apply(stakeholder, data)
    with transaction.atomic():
        stakeholder._history_user = actor  # type: ignore[attr-defined]  # read by simple-history
        stakeholder.save()
    return stakeholder


def update_stakeholder(
    *, actor: User | None, stakeholder: Stakeholder, data: StakeholderData
) -> Stakeholder:
    """Change a stakeholder's details, value exchange or relationship health.

    Raises:
        Error: when neither a person nor a name is given.
    """
    _apply(stakeholder, data)
    with transaction.atomic():
        stakeholder._history_user = actor  # type: ignore[attr-defined]  # read by simple-history
        stakeholder.save()
    return stakeholder


def log_engagement(
    *,
    actor: User | None,
    stakeholder: Stakeholder,
    on: date,
    kind: str = EngagementKind.MEETING,
    notes: str = "",
    next_step: str = "",
    next_step_due: date | None = None,
) -> Engagement:
    """Record a contact with a stakeholder and the next step it leaves, if any."""
    engagement = Engagement(
        stakeholder=stakeholder,
        date=on,
        kind=kind,
        notes=notes,
        next_step=next_step.strip(),
        next_step_due=next_step_due,
        created_by=actor,
    )
    with transaction.atomic():
        engagement._history_user = actor  # type: ignore[attr-defined]  # read by simple-history
        engagement.save()
    return engagement


def complete_next_step(*, actor: User | None, engagement: Engagement) -> Engagement:
    """Mark an engagement's next step as done.

    Raises:
        NoNextStepError: when the engagement left no next step.
    """
    if not engagement.next_step:
        raise NoNextStepError("This engagement has no next step to complete.")
    with transaction.atomic():
        engagement.done = True
        engagement._history_user = actor  # type: ignore[attr-defined]  # read by simple-history
        engagement.save(update_fields=["done", "updated_at"])
    return engagement
