"""Single sign-on through OpenID Connect (mozilla-django-oidc does the protocol).

New logins arrive as learners, named after the e-mail claim, and are linked to the
person with the same e-mail address; a learning leader raises their role later.
An optional claim (``MAINSPRING_OIDC_ROLE_CLAIM``) can carry the role instead.
"""

from __future__ import annotations

import os
from typing import Any

from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from mainspring.org import actions
from mainspring.org.models import Role, User


def role_from_claims(claims: dict[str, Any], claim_name: str) -> str | None:
    """Return a Mainspring role named in the claims (a string or a list), if any."""
    if not claim_name:
        return None
    value = claims.get(claim_name)
    values = value if isinstance(value, list) else [value]
    for candidate in values:
        if isinstance(candidate, str) and candidate.lower() in Role.values:
            return candidate.lower()
    return None


class MainspringOIDCBackend(OIDCAuthenticationBackend):  # type: ignore[misc]  # untyped base
    def create_user(self, claims: dict[str, Any]) -> User:
        email = str(claims.get("email", "")).lower()
        role = role_from_claims(claims, os.environ.get("MAINSPRING_OIDC_ROLE_CLAIM", ""))
        user = actions.create_user(
            actor=None,
            username=email or str(claims.get("sub")),
            role=role or Role.LEARNER,
            password=None,
            email=email,
            first_name=str(claims.get("given_name", "")),
            last_name=str(claims.get("family_name", "")),
        )
        actions.link_user_by_email(user)
        return user

    def update_user(self, user: User, claims: dict[str, Any]) -> User:
        role = role_from_claims(claims, os.environ.get("MAINSPRING_OIDC_ROLE_CLAIM", ""))
        if role and role != user.role:
            user.role = role
            user.is_staff = user.is_superuser = role == Role.LEADER
            user.save(update_fields=["role", "is_staff", "is_superuser"])
        actions.link_user_by_email(user)
        return user
