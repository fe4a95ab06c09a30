"""Changing LRS clients after they exist: scopes, switching off, a new secret.

Creating one is :func:`mainspring.records.http.create_client` (shared with the CLI). A new
secret takes effect at once: the secret check compares against the stored hash, and the
per-process cache of checked credentials is keyed by that hash.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence

from django.contrib.auth.hashers import make_password
from django.db import transaction

from mainspring.org.models import User
from mainspring.records.http import ClientError, known_scopes
from mainspring.records.models import LrsClient

# What each scope lets a client do, in words for the people choosing them.
SCOPE_HELP: dict[str, str] = {
    "statements/write": "Send statements (what a course or LMS needs to report progress).",
    "statements/read/mine": "Read back the statements this client sent.",
    "statements/read": "Read every statement in the store (reporting tools).",
    "state": "Keep course state (bookmarks, suspend data) for learners.",
    "define": "Define activities (names and descriptions of courses and questions).",
    "profile": "Read and write activity and agent profiles.",
    "all/read": "Read everything: statements, state and profiles.",
    "all": "Everything above.",
}
# Sensible starting points in the form, so nobody has to know scope names.
PRESETS: dict[str, tuple[str, ...]] = {
    "lms": ("statements/write", "statements/read/mine", "state"),
    "content": ("statements/write", "statements/read/mine", "state", "profile"),
    "reporting": ("statements/read", "all/read"),
}


def _checked_scopes(scopes: Sequence[str]) -> list[str]:
    if not scopes:
        raise ClientError("Choose at least one thing this client may do.")
    return known_scopes(scopes)


def update_client(
    *, actor: User | None, client: LrsClient, scopes: Sequence[str], active: bool
) -> LrsClient:
    """Change what a client may do, or switch it off (its statements stay)."""
    del actor  # kept for the audit trail the client history will record
    client.scopes = _checked_scopes(scopes)
    client.active = active
    with transaction.atomic():
        client.save(update_fields=["scopes", "active"])
    return client


def rotate_secret(*, actor: User | None, client: LrsClient) -> str:
    """Give a client a new secret (returned once); the old one stops working at once."""
    del actor
    secret = secrets.token_urlsafe(32)
    client.secret_hash = make_password(secret)
    with transaction.atomic():
        client.save(update_fields=["secret_hash"])
    return secret
