"""The xAPI Learning Record Store's storage, and the links from records to people and steps.

A statement is kept whole as JSON (JSONB on PostgreSQL), exactly as it will be returned,
with a few indexed lookup columns beside it. Rows are only ever inserted inside the
statement transaction (the statement, its index rows, its attachments); nothing shared is
updated there, so concurrent batches cannot deadlock on it. Derived details (activity
definitions, the people behind actors) are written afterwards.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.db import models
from django.db.models import Q

from mainspring.experiences.models import CatalogItem, Step
from mainspring.org.models import Person, User


class LrsClient(models.Model):
    """A system or piece of content allowed to talk to the LRS (HTTP Basic credentials).

    ``scopes`` are the xAPI OAuth scope names: ``statements/write``,
    ``statements/read/mine``, ``statements/read``, ``state``, ``define``,
    ``profile``, ``all/read``, ``all``.
    """

    name = models.CharField(max_length=200, unique=True)
    key = models.CharField(max_length=64, unique=True)
    secret_hash = models.CharField(max_length=256)
    scopes = models.JSONField(default=list)
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["name"]

    def __str__(self) -> str:
        return self.name


class Statement(models.Model):
    """One stored statement: the JSON as returned, plus indexed lookup columns.

    ``actor_key`` and the keys in :class:`StatementAgent` are canonical inverse functional
    identifiers (``mbox:mailto:a@b``, ``mbox_sha1sum:...``, ``openid:...``,
    ``account:<homePage>|<name>``).
    """

    id = models.UUIDField(primary_key=True)
    data = models.JSONField()
    version = models.CharField(max_length=16)
    verb = models.CharField(max_length=2048)
    activity = models.CharField(max_length=2048, blank=True)  # the object's id, if an Activity
    actor_key = models.CharField(max_length=1024)
    registration = models.UUIDField(null=True, blank=True)
    timestamp = models.DateTimeField()
    stored = models.DateTimeField()
    voided = models.BooleanField(default=False)
    voided_statement = models.UUIDField(null=True, blank=True)  # what a voiding statement voids
    # The statement a StatementRef object points at (voiding or not), followed by queries.
    object_statement = models.UUIDField(null=True, blank=True)
    client = models.ForeignKey(
        LrsClient, null=True, blank=True, on_delete=models.SET_NULL, related_name="statements"
    )

    class Meta:
        ordering: ClassVar = ["-stored", "-id"]
        indexes: ClassVar = [
            # Lists are ordered by (stored, id); each lookup index ends with both, so a
            # filtered page is read from the index in order instead of sorted.
            models.Index(fields=["stored", "id"], name="xapi_stmt_stored"),
            models.Index(fields=["verb", "stored", "id"], name="xapi_stmt_verb_at"),
            models.Index(fields=["activity", "stored", "id"], name="xapi_stmt_activity_at"),
            models.Index(fields=["actor_key", "stored", "id"], name="xapi_stmt_actor_at"),
            models.Index(fields=["registration", "stored", "id"], name="xapi_stmt_registration_at"),
            models.Index(
                fields=["voided_statement"],
                name="xapi_stmt_voids",
                condition=Q(voided_statement__isnull=False),
            ),
            # Statements whose object is a StatementRef, in list order: the few rows a
            # filter follows to the statements they point at.
            models.Index(
                fields=["stored", "id"],
                name="xapi_stmt_refs_at",
                condition=Q(object_statement__isnull=False),
            ),
            # The same rows by target, for a planner that starts from the matching targets.
            models.Index(
                fields=["object_statement"],
                name="xapi_stmt_refs_to",
                condition=Q(object_statement__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return str(self.id)


class StatementActivity(models.Model):
    """Every activity a statement mentions, for ``related_activities`` queries."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="activities")
    activity = models.CharField(max_length=2048)
    direct = models.BooleanField(default=False, help_text="The statement's own object.")
    stored = models.DateTimeField(
        help_text="The statement's, so a listing reads this index in order."
    )

    class Meta:
        indexes: ClassVar = [
            models.Index(fields=["activity", "stored", "statement"], name="xapi_stmt_act_at")
        ]

    def __str__(self) -> str:
        return self.activity


class StatementAgent(models.Model):
    """Every agent or group member a statement mentions, for ``related_agents`` queries."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="agents")
    agent_key = models.CharField(max_length=1024)
    direct = models.BooleanField(default=False, help_text="The actor, or the agent object.")
    stored = models.DateTimeField(
        help_text="The statement's, so a listing reads this index in order."
    )

    class Meta:
        indexes: ClassVar = [
            models.Index(fields=["agent_key", "stored", "statement"], name="xapi_stmt_agent_at")
        ]

    def __str__(self) -> str:
        return self.agent_key


class Attachment(models.Model):
    """Attachment content, stored once per SHA-256 and shared by the statements using it."""

    sha2 = models.CharField(max_length=64, unique=True)
    content_type = models.CharField(max_length=255)
    content = models.BinaryField()
    length = models.PositiveBigIntegerField()

    def __str__(self) -> str:
        return self.sha2


class DocumentKind(models.TextChoices):
    STATE = "state", "State"
    ACTIVITY_PROFILE = "activity_profile", "Activity profile"
    AGENT_PROFILE = "agent_profile", "Agent profile"


class Document(models.Model):
    """A state, activity profile or agent profile document.

    Keys not used by a kind are empty strings (not NULL), so one unique constraint works
    the same on SQLite and PostgreSQL.
    """

    kind = models.CharField(max_length=20, choices=DocumentKind.choices)
    activity = models.CharField(max_length=2048, blank=True)
    agent_key = models.CharField(max_length=1024, blank=True)
    registration = models.CharField(max_length=36, blank=True)
    doc_id = models.CharField(max_length=2048)
    content = models.BinaryField()
    content_type = models.CharField(max_length=255)
    etag = models.CharField(max_length=64)
    updated = models.DateTimeField()

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["kind", "activity", "agent_key", "registration", "doc_id"],
                name="xapi_document_once",
            )
        ]
        indexes: ClassVar = [
            models.Index(fields=["kind", "activity", "agent_key", "updated"], name="xapi_doc_list")
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.doc_id}"


class ActivityDefinition(models.Model):
    """The latest definition the LRS holds for an activity (for the Activities resource)."""

    activity = models.CharField(max_length=2048, unique=True)
    definition = models.JSONField(default=dict)
    updated = models.DateTimeField()

    def __str__(self) -> str:
        return self.activity


class ActorLink(models.Model):
    """Which person an xAPI actor is; unmatched actors wait here (person empty) to be mapped."""

    actor_key = models.CharField(max_length=1024, unique=True)
    name = models.CharField(max_length=400, blank=True)
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="xapi_actors"
    )
    first_seen = models.DateTimeField()
    statements = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return self.actor_key


class ActivityLink(models.Model):
    """Which path step or catalogue item an activity is; unmatched ones wait to be mapped."""

    activity = models.CharField(max_length=2048, unique=True)
    step = models.ForeignKey(
        Step, null=True, blank=True, on_delete=models.SET_NULL, related_name="xapi_activities"
    )
    catalog_item = models.ForeignKey(
        CatalogItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    first_seen = models.DateTimeField()
    statements = models.PositiveIntegerField(default=0)

    class Meta:
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(step__isnull=True) | Q(catalog_item__isnull=True),
                name="xapi_activity_one_target",
            )
        ]

    def __str__(self) -> str:
        return self.activity


def new_statement_id() -> uuid.UUID:
    """A fresh statement id (UUID version 4), for statements sent without one."""
    return uuid.uuid4()
