"""Statement attachments: the rules tying a statement's attachment list to the parts sent.

An attachment is either a link (``fileUrl``) or content sent beside the statements in a
``multipart/mixed`` request (see :mod:`mainspring.records.multipart`), matched by its SHA-2
hash (``sha2``) and by nothing else (xAPI 1.0.3 Part Three §1.5.2). Content is stored once
per hash and shared by every statement that uses it. Signature attachments are checked
here too (:mod:`mainspring.records.signatures`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from mainspring.records import signatures
from mainspring.records.errors import BadRequestError
from mainspring.records.models import Attachment

# The SHA-2 variant a hex digest of this length comes from (the spec allows any SHA-2).
_HASHES = {56: "sha224", 64: "sha256", 96: "sha384", 128: "sha512"}


@dataclass(frozen=True, slots=True)
class AttachmentPart:
    """One part of a multipart/mixed request after the statements."""

    content_type: str
    content: bytes
    sha2: str  # the X-Experience-API-Hash header the part came with

    @property
    def actual_sha2(self) -> str:
        """The hex digest of the content, with the SHA-2 variant the header's length names."""
        name = _HASHES.get(len(self.sha2), "sha256")
        return hashlib.new(name, self.content).hexdigest()


def _stored_hash_length() -> int:
    length = Attachment._meta.get_field("sha2").max_length
    return int(length) if length else 64


def check(statements: Sequence[Mapping[str, Any]], parts: Mapping[str, AttachmentPart]) -> None:
    """Refuse (400) a batch whose attachments and parts do not match one to one.

    Every attachment without a ``fileUrl`` needs a part with its ``sha2``; every part must
    be one a statement in the batch lists; a part's content must hash to its header.
    Signature attachments must be ``application/octet-stream``, sent as a part, and hold
    a JWS that fits their statement (:func:`mainspring.records.signatures.verify`).
    Hashes are compared without regard to case.
    """
    parts = {sha2.lower(): part for sha2, part in parts.items()}
    wanted: set[str] = set()
    for data in statements:
        for attachment in _attachments(data):
            sha2 = str(attachment.get("sha2", "")).lower()
            if sha2 in parts:
                wanted.add(sha2)
            elif not attachment.get("fileUrl"):
                raise BadRequestError(
                    f"The attachment with sha2 {sha2} has no fileUrl and its content was not "
                    "sent as a part of a multipart/mixed request."
                )
            elif signatures.is_signature(attachment):
                raise BadRequestError(
                    f"The signature attachment with sha2 {sha2} must be sent as a part of a "
                    "multipart/mixed request, not only linked by fileUrl."
                )
    for sha2, part in parts.items():
        if sha2 not in wanted:
            raise BadRequestError(
                f"The part with hash {sha2} belongs to no statement's attachment."
            )
        if part.actual_sha2 != sha2:
            raise BadRequestError(f"The part sent with hash {sha2} has content of another hash.")
        if len(sha2) > _stored_hash_length():
            raise BadRequestError(
                f"The part with hash {sha2} uses a SHA-2 longer than this LRS stores; send "
                "attachment content with SHA-256 hashes."
            )
    for data in statements:
        _check_signatures(data, parts)


def _attachments(data: Mapping[str, Any]) -> Iterable[Mapping[str, Any]]:
    return (a for a in data.get("attachments") or [] if isinstance(a, Mapping))


def _check_signatures(data: Mapping[str, Any], parts: Mapping[str, AttachmentPart]) -> None:
    for attachment in _attachments(data):
        if not signatures.is_signature(attachment):
            continue
        declared = str(attachment.get("contentType", "")).split(";", 1)[0].strip().lower()
        if declared != signatures.SIGNATURE_TYPE:
            raise BadRequestError(
                f"A signature attachment's contentType must be {signatures.SIGNATURE_TYPE}, "
                f"not {attachment.get('contentType')}."
            )
        signatures.verify(data, parts[str(attachment["sha2"]).lower()].content)


def save(parts: Mapping[str, AttachmentPart]) -> None:
    """Store the content of parts the LRS does not hold yet (insert-only)."""
    if parts:
        Attachment.objects.bulk_create(
            [
                Attachment(
                    sha2=sha2.lower(),
                    content_type=part.content_type,
                    content=part.content,
                    length=len(part.content),
                )
                for sha2, part in parts.items()
            ],
            ignore_conflicts=True,
        )


def contents(sha2s: Iterable[str]) -> list[Attachment]:
    """The stored content for these hashes (those the LRS holds), in the order first given."""
    wanted = list(dict.fromkeys(s.lower() for s in sha2s))
    if not wanted:
        return []
    found = {a.sha2: a for a in Attachment.objects.filter(sha2__in=wanted)}
    return [found[s] for s in wanted if s in found]


def used_by(statements: Iterable[Mapping[str, Any]]) -> list[str]:
    """The sha2 of every attachment the statements list, each once, in order."""
    return list(
        dict.fromkeys(
            str(a["sha2"]).lower()
            for data in statements
            for a in _attachments(data)
            if isinstance(a.get("sha2"), str)
        )
    )
