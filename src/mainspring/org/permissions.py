"""Who may do what with the organisation's data: the app's only authorisation code.

Predicates answer yes/no for a user; access helpers in :mod:`queries` return objects
scoped to the user and raise ``Http404`` for both "missing" and "not yours".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mainspring.org.models import Person, Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from mainspring.org.models import User

    AnyUser = User | AnonymousUser


def role_of(user: Any) -> str | None:
    """Return the role of a signed-in user, or None for anonymous visitors."""
    if not getattr(user, "is_authenticated", False):
        return None
    return str(user.role)


def has_role(user: Any, *roles: str) -> bool:
    """Tell whether the user is signed in with one of ``roles``."""
    return role_of(user) in roles


def is_leader(user: Any) -> bool:
    """Learning leaders may do everything, settings and users included."""
    return has_role(user, Role.LEADER)


def can_view_org_structure(user: Any) -> bool:
    """The org tree and unit pages: everyone but learners (stakeholders: their units)."""
    return has_role(user, Role.LEADER, Role.STAFF, Role.STAKEHOLDER, Role.EXECUTIVE)


def can_view_people_directory(user: Any) -> bool:
    """The searchable people list: L&D and stakeholders (theirs only)."""
    return has_role(user, Role.LEADER, Role.STAFF, Role.STAKEHOLDER)


def can_edit_people(user: Any) -> bool:
    """Editing people and org units, and importing HRIS files: the learning leader."""
    return is_leader(user)


def can_manage_users(user: Any) -> bool:
    """Creating logins, giving roles and scopes: the learning leader."""
    return is_leader(user)


def can_view_audit_log(user: Any) -> bool:
    """The organisation-wide audit trail: the learning leader."""
    return is_leader(user)


def can_view_history_of(user: Any) -> bool:
    """A record's own history tab: L&D, for the records they can see."""
    return has_role(user, Role.LEADER, Role.STAFF)


def can_export_person(user: Any, person: Person) -> bool:
    """A person's data export: the learning leader, or the person themself."""
    if is_leader(user):
        return True
    return bool(getattr(user, "is_authenticated", False) and user.person_id == person.pk)


def can_erase_person(user: Any) -> bool:
    """Erasing a person and their history: the learning leader."""
    return is_leader(user)


def has_team(user: Any) -> bool:
    """Tell whether the user's linked person manages anyone."""
    if not getattr(user, "is_authenticated", False) or user.person_id is None:
        return False
    return Person.objects.filter(manager_id=user.person_id, active=True).exists()


def can_list_people(user: Any) -> bool:
    """A people list at all: the directory roles, and learners (self and team)."""
    return can_view_people_directory(user) or has_role(user, Role.LEARNER)


def can_manage_partnerships(user: Any) -> bool:
    """The partnership register (see and edit): the learning team's own, so L&D only."""
    return has_role(user, Role.LEADER, Role.STAFF)
