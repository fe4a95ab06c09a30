"""The LRS document resources: state, activity profile and agent profile.

Follows xAPI 1.0.3 Part Three §2.3 (State), §2.7 (Activity Profile), §2.8 (Agent Profile),
§3.1 (Concurrency) and the same sections of IEEE 9274.1.1 ("xAPI 2.0"):

- a document is stored as sent (bytes and content type); its ETag is the quoted SHA-1 hex
  of the content;
- PUT replaces; POST merges the top-level properties of two JSON objects and is refused
  (400) when either the stored or the sent document is not a JSON object sent as
  ``application/json``; POST to a missing document stores it as PUT would;
- ``If-Match`` / ``If-None-Match`` are handled as in RFC 2616 §14.24/§14.26: a failed
  precondition is 412 and changes nothing;
- a PUT over an existing *profile* document with neither header is refused with 409
  Conflict (§3.1, the same text in 1.0.3 and 2.0.0, which has no 428). POST and DELETE
  without a header are allowed, and the State resource is exempt altogether: §3.1 says
  state conflicts are unlikely and applies its client requirements to the profiles only.

Keys a kind does not use are empty strings (see :class:`~mainspring.records.models.Document`).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from mainspring.records.errors import BadRequestError, ConflictError, PreconditionFailedError
from mainspring.records.models import Document, DocumentKind

JSON_TYPE = "application/json"
PROFILE_KINDS = frozenset({DocumentKind.ACTIVITY_PROFILE, DocumentKind.AGENT_PROFILE})


@dataclass(frozen=True, slots=True)
class DocKey:
    """Which set of documents: the kind plus the keys that kind uses."""

    kind: str
    activity: str = ""
    agent_key: str = ""
    registration: str = ""


@dataclass(frozen=True, slots=True)
class Preconditions:
    """The raw ``If-Match`` / ``If-None-Match`` header values (None when absent)."""

    if_match: str | None = None
    if_none_match: str | None = None


@dataclass(frozen=True, slots=True)
class StoredDocument:
    doc_id: str
    content: bytes
    content_type: str
    etag: str
    updated: datetime


def etag_for(content: bytes) -> str:
    """The quoted SHA-1 hex of the content (xAPI 1.0.3 Part Three §3.1)."""
    return '"' + hashlib.sha1(content, usedforsecurity=False).hexdigest() + '"'


def media_type(content_type: str) -> str:
    """``application/json; charset=utf-8`` -> ``application/json``."""
    return content_type.split(";", 1)[0].strip().lower()


def _tags(header: str) -> list[str]:
    tags = []
    for raw in header.split(","):
        tag = raw.strip()
        tag = tag.removeprefix("W/")
        if tag and not tag.startswith('"') and tag != "*":
            tag = f'"{tag}"'  # some clients send the bare hash
        if tag:
            tags.append(tag)
    return tags


def check_preconditions(current_etag: str | None, pre: Preconditions, *, required: bool) -> None:
    """Raise unless the request may change a document whose ETag is ``current_etag``.

    Args:
        current_etag: the stored document's ETag, None when there is no document.
        pre: the request's precondition headers.
        required: whether a precondition is required when the document exists
            (a PUT to a profile document).
    """
    if pre.if_match is not None:
        tags = _tags(pre.if_match)
        matched = current_etag is not None and ("*" in tags or current_etag in tags)
        if not matched:
            raise PreconditionFailedError(
                "The document has changed (or does not exist) since you read it: If-Match "
                "does not match its current ETag."
            )
    if pre.if_none_match is not None:
        tags = _tags(pre.if_none_match)
        if current_etag is not None and ("*" in tags or current_etag in tags):
            raise PreconditionFailedError(
                "The document already exists: If-None-Match matches its current ETag."
            )
    if required and current_etag is not None and pre.if_match is None and pre.if_none_match is None:
        message = (
            "This document already exists. Send If-Match with its ETag to change it, "
            "or If-None-Match: * to create it only if it does not exist."
        )
        raise ConflictError(message)


def _stored(doc: Document) -> StoredDocument:
    return StoredDocument(
        doc_id=doc.doc_id,
        content=bytes(doc.content),
        content_type=doc.content_type,
        etag=doc.etag,
        updated=doc.updated,
    )


def _rows(key: DocKey) -> QuerySet[Document]:
    return Document.objects.filter(
        kind=key.kind,
        activity=key.activity,
        agent_key=key.agent_key,
        registration=key.registration,
    )


def get_document(key: DocKey, doc_id: str) -> StoredDocument | None:
    """The document, or None when there is none."""
    doc = _rows(key).filter(doc_id=doc_id).first()
    return _stored(doc) if doc is not None else None


def list_ids(key: DocKey, since: datetime | None = None) -> list[str]:
    """The ids of the documents under ``key``, only those updated after ``since`` if given."""
    rows = _rows(key)
    if since is not None:
        rows = rows.filter(updated__gt=since)
    return list(rows.order_by("doc_id").values_list("doc_id", flat=True))


def _json_object(content: bytes, content_type: str, what: str) -> dict[str, object]:
    if media_type(content_type) != JSON_TYPE:
        raise BadRequestError(
            f"The {what} document is not application/json, so the two cannot be merged; "
            "use PUT to replace it."
        )
    try:
        value = json.loads(content)
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadRequestError(f"The {what} document is not valid JSON.") from exc
    if not isinstance(value, dict):
        raise BadRequestError(f"The {what} document is not a JSON object, so it cannot be merged.")
    return value


def _write(
    key: DocKey,
    doc_id: str,
    pre: Preconditions,
    *,
    content: bytes,
    content_type: str,
    merge: bool,
) -> StoredDocument:
    now = timezone.now()
    try:
        with transaction.atomic():
            doc = _rows(key).select_for_update().filter(doc_id=doc_id).first()
            check_preconditions(
                doc.etag if doc else None, pre, required=not merge and key.kind in PROFILE_KINDS
            )
            if merge and doc is not None:
                merged = _json_object(bytes(doc.content), doc.content_type, "stored")
                merged.update(_json_object(content, content_type, "sent"))
                content = json.dumps(merged, ensure_ascii=False).encode()
                content_type = JSON_TYPE
            if doc is None:
                doc = Document(
                    kind=key.kind,
                    activity=key.activity,
                    agent_key=key.agent_key,
                    registration=key.registration,
                    doc_id=doc_id,
                )
            doc.content = content
            doc.content_type = content_type or "application/octet-stream"
            doc.etag = etag_for(content)
            doc.updated = now
            doc.save()
    except IntegrityError as exc:
        # Another request created the same document between our read and our insert.
        raise ConflictError(
            "The document was created by another request at the same time."
        ) from exc
    return _stored(doc)


def put_document(
    key: DocKey,
    doc_id: str,
    content: bytes,
    content_type: str,
    pre: Preconditions,
) -> StoredDocument:
    """Store the document, replacing any stored one."""
    return _write(key, doc_id, pre, content=content, content_type=content_type, merge=False)


def post_document(
    key: DocKey,
    doc_id: str,
    content: bytes,
    content_type: str,
    pre: Preconditions,
) -> StoredDocument:
    """Merge the sent JSON object into the stored one; with none stored, store it as PUT would.

    Raises:
        BadRequestError: the stored or sent document is not a JSON object sent as JSON.
    """
    return _write(key, doc_id, pre, content=content, content_type=content_type, merge=True)


def delete_document(key: DocKey, doc_id: str, pre: Preconditions) -> None:
    """Delete one document; deleting a missing one succeeds (it is gone either way)."""
    with transaction.atomic():
        doc = _rows(key).select_for_update().filter(doc_id=doc_id).first()
        check_preconditions(doc.etag if doc else None, pre, required=False)
        if doc is not None:
            doc.delete()


def delete_documents(key: DocKey) -> int:
    """Delete every state document under ``key`` (the State resource's multi-delete)."""
    if key.kind != DocumentKind.STATE:
        raise BadRequestError("Only state documents can be deleted all at once.")
    deleted, _ = _rows(key).delete()
    return deleted
