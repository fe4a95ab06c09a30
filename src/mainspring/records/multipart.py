"""The ``multipart/mixed`` transmission format of statements with attachment content.

xAPI 1.0.3 Part Three §1.5.2 and IEEE 9274.1.1 §4.1.3 ("Multipart/Mixed"): an RFC 2046
body whose first part holds the statements as ``application/json`` and whose other parts
each hold the raw octets of one attachment, with an ``X-Experience-API-Hash`` header (the
attachment's ``sha2``) and ``Content-Transfer-Encoding: binary``.

Requests are parsed with the standard library's MIME parser, which keeps binary content
byte for byte (CR, LF and NUL included) and accepts CRLF or bare LF line ends; anything it
reports as a defect (no boundary, no closing delimiter, ...) is refused as malformed.
Responses (GET with ``attachments=true``) are written here directly.
"""

from __future__ import annotations

import email.policy
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import Message
from email.parser import BytesParser

from mainspring.records.attachments import AttachmentPart
from mainspring.records.errors import BadRequestError

HASH_HEADER = "X-Experience-API-Hash"
JSON_TYPE = "application/json"
MIXED_TYPE = "multipart/mixed"
CRLF = b"\r\n"


@dataclass(frozen=True, slots=True)
class MixedRequest:
    """A parsed multipart/mixed statement request."""

    statements: bytes  # the first part's body (JSON, not parsed yet)
    parts: dict[str, AttachmentPart]  # by lower-case sha2


def is_mixed(content_type: str) -> bool:
    """Whether a Content-Type header names ``multipart/mixed``."""
    return content_type.split(";", 1)[0].strip().lower() == MIXED_TYPE


def parse(content_type: str, body: bytes) -> MixedRequest:
    """Split a multipart/mixed request into its statements and attachment parts (400 if bad).

    Refused: no boundary or a body that does not follow it; a first part that is not
    ``application/json``; a later part without ``X-Experience-API-Hash``, or with a
    ``Content-Transfer-Encoding`` other than ``binary`` (a part without one is taken as
    binary, as the specification says the LRS should assume); nested multiparts.
    """
    head = b"Content-Type: " + content_type.encode("latin-1", "replace") + CRLF + CRLF
    message = BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
    if message.defects or not message.is_multipart():
        raise BadRequestError(
            "The multipart/mixed body is malformed (check the boundary parameter and that "
            "the body opens and closes with it)."
        )
    payload = message.get_payload()
    found = [p for p in payload if isinstance(p, Message)] if isinstance(payload, list) else []
    if not found:
        raise BadRequestError("The multipart/mixed body has no parts.")
    first, *rest = found
    if first.get_content_type() != JSON_TYPE:
        raise BadRequestError(
            "The first part of a multipart/mixed statement request must be application/json "
            f"(it is {first.get_content_type()})."
        )
    parts: dict[str, AttachmentPart] = {}
    for index, part in enumerate(rest, start=2):
        attachment = _attachment(part, index)
        parts.setdefault(attachment.sha2, attachment)
    return MixedRequest(statements=_content(first, 1), parts=parts)


def _content(part: Message, index: int) -> bytes:
    if part.defects or part.is_multipart():
        raise BadRequestError(f"Part {index} of the multipart/mixed body is malformed.")
    content = part.get_payload(decode=True)
    if not isinstance(content, bytes):
        raise BadRequestError(f"Part {index} of the multipart/mixed body is malformed.")
    return content


def _attachment(part: Message, index: int) -> AttachmentPart:
    sha2 = str(part.get(HASH_HEADER, "")).strip().lower()
    if not sha2:
        raise BadRequestError(f"Part {index} has no {HASH_HEADER} header.")
    encoding = str(part.get("Content-Transfer-Encoding", "binary")).strip().lower()
    if encoding != "binary":
        raise BadRequestError(
            f"Part {index} has Content-Transfer-Encoding {encoding}; attachment parts are "
            "sent as binary."
        )
    content_type = str(part.get("Content-Type", "")).strip() or "application/octet-stream"
    return AttachmentPart(content_type=content_type, content=_content(part, index), sha2=sha2)


@dataclass(frozen=True, slots=True)
class OutgoingPart:
    """One attachment to send after the statements in a multipart/mixed response."""

    sha2: str
    content_type: str
    content: bytes


def build(first: bytes, parts: Sequence[OutgoingPart]) -> tuple[str, bytes]:
    """A multipart/mixed body: ``first`` as application/json, then each part; and its type."""
    boundary = _boundary(first, parts)
    delimiter = b"--" + boundary.encode("ascii")
    chunks = [delimiter, CRLF, b"Content-Type: application/json", CRLF, CRLF, first]
    for part in parts:
        chunks += [CRLF, delimiter, CRLF]
        chunks += [b"Content-Type: ", part.content_type.encode("latin-1", "replace"), CRLF]
        chunks += [b"Content-Transfer-Encoding: binary", CRLF]
        chunks += [HASH_HEADER.encode("ascii"), b": ", part.sha2.encode("ascii"), CRLF, CRLF]
        chunks.append(part.content)
    chunks += [CRLF, delimiter, b"--", CRLF]
    return f'{MIXED_TYPE}; boundary="{boundary}"', b"".join(chunks)


def _boundary(first: bytes, parts: Sequence[OutgoingPart]) -> str:
    while True:
        boundary = "xapi-" + secrets.token_hex(16)
        marker = boundary.encode("ascii")
        if marker not in first and not any(marker in p.content for p in parts):
            return boundary
