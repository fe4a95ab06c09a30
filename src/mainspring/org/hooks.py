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

from mainspring.org.models import User

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
