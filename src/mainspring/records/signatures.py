"""Signed statements: checking the JWS a statement carries as its signature attachment.

xAPI 1.0.3 Part Two §2.6 and IEEE 9274.1.1 ("Signed Statements"). A signed statement has
an attachment with usageType :data:`SIGNATURE_USAGE` and contentType
``application/octet-stream`` whose content is a JSON Web Signature (RFC 7515). The LRS
refuses with 400 a signature that is malformed, that uses an algorithm other than RS256,
RS384 or RS512, whose payload is not a JSON serialization of the statement it is attached
to (compared as §2.3.1 "Statement Comparison Requirements" says: differences the
immutability exceptions allow are ignored), or, when the JWS header carries an ``x5c``
certificate chain, whose signature does not verify against the first certificate (and each
certificate must be issued by the next). As the specification notes, this catches mistakes;
it does not establish who signed: the chain is not checked against any trust anchor.

Only the JWS Compact Serialization is accepted (the specification discourages the JSON
serialization and warns it will be forbidden).
"""

from __future__ import annotations

import base64
import binascii
import itertools
import json
from collections.abc import Mapping
from datetime import UTC
from typing import Any

import jwt
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey
from jwt.api_jws import PyJWS

from mainspring.records.errors import BadRequestError
from mainspring.records.validation import parse_timestamp

SIGNATURE_USAGE = "http://adlnet.gov/expapi/attachments/signature"
SIGNATURE_TYPE = "application/octet-stream"
ALGORITHMS = ("RS256", "RS384", "RS512")
# Properties the LRS may set or change (Part Two §2.3.1, first exception), and attachments,
# which are not part of the statement (the sixth).
_NOT_COMPARED = ("authority", "stored", "version", "attachments")


def is_signature(attachment: Mapping[str, Any]) -> bool:
    """Whether an attachment object declares itself a statement signature."""
    return attachment.get("usageType") == SIGNATURE_USAGE


def verify(statement: Mapping[str, Any], token: bytes) -> None:
    """Refuse (400) a statement whose signature ``token`` does not hold; see the module."""
    try:
        text = token.decode("ascii").strip()
        header = jwt.get_unverified_header(text)
    except (UnicodeDecodeError, jwt.PyJWTError) as exc:
        raise BadRequestError(
            "The statement's signature is not a JWS in compact serialization."
        ) from exc
    algorithm = header.get("alg")
    if algorithm not in ALGORITHMS:
        raise BadRequestError(
            f"The statement's signature uses algorithm {algorithm!r}; use RS256, RS384 or RS512."
        )
    key = _certificate_key(header.get("x5c"))
    try:
        if key is None:
            decoded = PyJWS().decode_complete(text, options={"verify_signature": False})
        else:
            decoded = PyJWS().decode_complete(text, key=key, algorithms=[algorithm])
    except jwt.InvalidSignatureError as exc:
        raise BadRequestError(
            "The statement's signature does not verify against the certificate in its x5c header."
        ) from exc
    except jwt.PyJWTError as exc:
        raise BadRequestError(f"The statement's signature is malformed: {exc}") from exc
    try:
        signed = json.loads(decoded["payload"])
    except (UnicodeDecodeError, ValueError) as exc:
        raise BadRequestError("The payload of the statement's signature is not JSON.") from exc
    if not isinstance(signed, dict):
        raise BadRequestError("The payload of the statement's signature is not a statement.")
    if not equivalent(signed, statement):
        raise BadRequestError(
            "The payload of the statement's signature differs from the statement sent."
        )


def _certificate_key(chain: Any) -> RSAPublicKey | None:
    """The public key of the x5c chain's first certificate, after checking the chain links."""
    if chain is None:
        return None
    if not isinstance(chain, list) or not chain or not all(isinstance(c, str) for c in chain):
        raise BadRequestError("The x5c header of the statement's signature is not a chain.")
    try:
        certificates = [x509.load_der_x509_certificate(base64.b64decode(c)) for c in chain]
    except (binascii.Error, ValueError) as exc:
        raise BadRequestError(
            "The x5c header of the statement's signature holds a certificate that is not "
            "base64 DER."
        ) from exc
    for issued, issuer in itertools.pairwise(certificates):
        try:
            issued.verify_directly_issued_by(issuer)
        except (ValueError, TypeError, InvalidSignature) as exc:
            raise BadRequestError(
                "In the x5c chain of the statement's signature, a certificate is not issued "
                "by the one after it."
            ) from exc
    key = certificates[0].public_key()
    if not isinstance(key, RSAPublicKey):
        raise BadRequestError("The certificate of the statement's signature has no RSA key.")
    return key


def equivalent(signed: Mapping[str, Any], received: Mapping[str, Any]) -> bool:
    """Whether two statements are logically the same (Part Two §2.3.1 comparison rules).

    Ignored: what the LRS sets (``authority``, ``stored``, ``version``; ``id`` and
    ``timestamp`` when one side lacks them), attachments, verb displays and activity
    definitions, the order of group members, the case of e-mail addresses, and how a
    timestamp is written (the moments are compared).
    """
    a, b = dict(signed), dict(received)
    for optional in ("id", "timestamp"):
        if optional not in a or optional not in b:
            a.pop(optional, None)
            b.pop(optional, None)
    return _normal_statement(a) == _normal_statement(b)


def _normal_statement(data: Mapping[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in data.items() if k not in _NOT_COMPARED}
    if isinstance(out.get("actor"), Mapping):
        out["actor"] = _normal_actor(out["actor"])
    if isinstance(out.get("verb"), Mapping):
        out["verb"] = {k: v for k, v in out["verb"].items() if k != "display"}
    if isinstance(out.get("object"), Mapping):
        out["object"] = _normal_object(out["object"])
    if isinstance(out.get("context"), Mapping):
        out["context"] = _normal_context(out["context"])
    if "timestamp" in out:
        out["timestamp"] = _moment(out["timestamp"])
    return out


def _moment(value: Any) -> Any:
    moment = parse_timestamp(value)
    if moment is None:
        return value
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _normal_actor(actor: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(actor)
    out.setdefault("objectType", "Agent")
    mbox = out.get("mbox")
    if isinstance(mbox, str) and "@" in mbox:
        local, _, domain = mbox.rpartition("@")
        out["mbox"] = f"{local}@{domain.lower()}"
    members = out.get("member")
    if isinstance(members, list):
        normal = [_normal_actor(m) if isinstance(m, Mapping) else m for m in members]
        out["member"] = sorted(normal, key=lambda m: json.dumps(m, sort_keys=True))
    return out


def _normal_object(obj: Mapping[str, Any]) -> dict[str, Any]:
    kind = obj.get("objectType", "Activity")
    if kind == "Activity":
        return {"objectType": "Activity", **{k: v for k, v in obj.items() if k != "definition"}}
    if kind in ("Agent", "Group"):
        return _normal_actor(obj)
    if kind == "SubStatement":
        return _normal_statement(obj)
    return dict(obj)


def _normal_context(context: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(context)
    for key in ("instructor", "team"):
        if isinstance(out.get(key), Mapping):
            out[key] = _normal_actor(out[key])
    activities = out.get("contextActivities")
    if isinstance(activities, Mapping):
        out["contextActivities"] = {
            kind: [
                _normal_object(a) if isinstance(a, Mapping) else a
                for a in (v if isinstance(v, list) else [v])
            ]
            for kind, v in activities.items()
        }
    return out
