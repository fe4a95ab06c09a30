"""The one place where apps above ``org`` react to changes in the organisation.

``org`` sits at the bottom of the dependency chain, so it cannot call, say, the
enrolment rules of ``experiences`` directly. Instead an app registers a callback here
when it starts (in its ``AppConfig.ready``), and the org actions call
:func:`people_changed` explicitly, inside their transaction, after they write people:
an import that fails leaves no half-synced enrolments behind. This is a plain list of
functions, not Django signals: the call sites are visible and the order is known.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from mainspring.org.models import Person, User

PeopleChanged = Callable[[Collection[int], "User | None", str], None]

_people_changed: list[PeopleChanged] = []


def on_people_changed(callback: PeopleChanged) -> None:
    """Register ``callback(person_ids, actor, reason)``; registering twice has no effect."""
    if callback not in _people_changed:
        _people_changed.append(callback)


def people_changed(person_ids: Collection[int], *, actor: User | None, reason: str) -> None:
    """Tell every registered app that these people were created, changed or deactivated."""
    if not person_ids:
        return
    for callback in _people_changed:
        callback(person_ids, actor, reason)


# A person's data held by apps above org: each callback adds one section to a
# subject-access export, or removes what it holds (history included) on erasure.
PersonExport = Callable[[Person], dict[str, Any]]
PersonErased = Callable[[int], None]
PersonErasing = Callable[[Person], None]

_person_exports: list[PersonExport] = []
_person_erased: list[PersonErased] = []
_person_erasing: list[PersonErasing] = []


def on_person_export(callback: PersonExport) -> None:
    """Register ``callback(person) -> {section: data}`` for a person's data export."""
    if callback not in _person_exports:
        _person_exports.append(callback)


def person_export_sections(person: Person) -> dict[str, Any]:
    """Collect what every registered app holds about ``person``."""
    sections: dict[str, Any] = {}
    for callback in _person_exports:
        sections.update(callback(person))
    return sections


def on_person_erasing(callback: PersonErasing) -> None:
    """Register ``callback(person)``, called inside the erasure while the person still exists.

    For data that names the person without a foreign key (xAPI statements name them by
    e-mail or account), which can only be found while their record is there to read.
    """
    if callback not in _person_erasing:
        _person_erasing.append(callback)


def person_erasing(person: Person) -> None:
    """Tell every registered app that this person is about to be erased."""
    for callback in _person_erasing:
        callback(person)


def on_person_erased(callback: PersonErased) -> None:
    """Register ``callback(person_id)``, called inside the erasure after the person is gone."""
    if callback not in _person_erased:
        _person_erased.append(callback)


def person_erased(person_id: int) -> None:
    """Tell every registered app to remove what is left of an erased person."""
    for callback in _person_erased:
        callback(person_id)
