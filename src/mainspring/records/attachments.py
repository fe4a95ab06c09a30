"""Statement attachments: the rules tying a statement's attachment list to the parts sent.

An attachment is either a link (``fileUrl``) or content sent beside the statements in a
``multipart/mixed`` request, matched by its SHA-256 (``sha2``). Content is stored once per
hash and shared by every statement that uses it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from mainspring.records.errors import BadRequestError
from mainspring.records.models import Attachment


@dataclass(frozen=True, slots=True)
class AttachmentPart:
    """One part of a multipart/mixed request after the statements."""

    content_type: str
    content: bytes
    sha2: str  # the X-Experience-API-Hash header the part came with

    @property
    def actual_sha2(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def check(statements: Sequence[Mapping[str, Any]], parts: Mapping[str, AttachmentPart]) -> None:
    """Refuse (400) a batch whose attachments and parts do not match one to one.

    Every attachment without a ``fileUrl`` needs a part with its ``sha2``; every part must
    be one a statement in the batch lists; a part's content must hash to its header.
    """
    wanted: set[str] = set()
    for data in statements:
        for attachment in data.get("attachments") or []:
            if not isinstance(attachment, Mapping):
                continue
            sha2 = str(attachment.get("sha2", ""))
            if sha2 in parts:
                wanted.add(sha2)
            elif not attachment.get("fileUrl"):
                raise BadRequestError(
                    f"The attachment with sha2 {sha2} has no fileUrl and its content was not "
                    "sent as a part of a multipart/mixed request."
                )
    for sha2, part in parts.items():
        if sha2 not in wanted:
            raise BadRequestError(
                f"The part with hash {sha2} belongs to no statement's attachment."
            )
        if part.actual_sha2 != sha2:
            raise BadRequestError(f"The part sent with hash {sha2} has content of another hash.")


def save(parts: Mapping[str, AttachmentPart]) -> None:
    """Store the content of parts the LRS does not hold yet (insert-only)."""
    if parts:
        Attachment.objects.bulk_create(
            [
                Attachment(
                    sha2=sha2,
                    content_type=part.content_type,
                    content=part.content,
                    length=len(part.content),
                )
                for sha2, part in parts.items()
            ],
            ignore_conflicts=True,
        )
