"""Signed statements (records.signatures), written from xAPI 1.0.3 Part Two §2.6.

The signer's key and certificates are made here with ``cryptography``; JWSs with PyJWT.
"""

from __future__ import annotations

import base64
import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django.contrib.auth.hashers import make_password
from django.test import Client

from mainspring.records.models import Attachment, LrsClient, Statement
from mainspring.records.signatures import SIGNATURE_USAGE, equivalent

URL = "/xapi/statements"
BOUNDARY = "signed-boundary"


@dataclass(frozen=True)
class Signer:
    key: rsa.RSAPrivateKey
    chain: list[str]  # x5c: base64 DER, the signer's certificate first


def _certificate(
    subject: str, key: rsa.RSAPrivateKey, issuer: str, issuer_key: rsa.RSAPrivateKey
) -> x509.Certificate:
    now = datetime.now(tz=UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
        .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer)]))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .sign(issuer_key, hashes.SHA256())
    )


def _der(certificate: x509.Certificate) -> str:
    return base64.b64encode(certificate.public_bytes(serialization.Encoding.DER)).decode()


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def signer() -> Signer:
    """A key with a self-signed certificate."""
    key = _key()
    return Signer(key, [_der(_certificate("Course player", key, "Course player", key))])


@pytest.fixture(scope="module")
def issued_signer() -> tuple[Signer, rsa.RSAPrivateKey]:
    """A key whose certificate a small CA issued: the chain is [signer, CA]."""
    ca_key, key = _key(), _key()
    ca = _certificate("Training CA", ca_key, "Training CA", ca_key)
    leaf = _certificate("Course player", key, "Training CA", ca_key)
    return Signer(key, [_der(leaf), _der(ca)]), ca_key


@pytest.fixture
def lrs(db: None) -> dict[str, str]:
    LrsClient.objects.create(
        name="player", key="player", secret_hash=make_password("secret"), scopes=["all"]
    )
    token = base64.b64encode(b"player:secret").decode()
    return {"Authorization": f"Basic {token}", "X-Experience-API-Version": "1.0.3"}


def statement(**extra: Any) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "actor": {"objectType": "Agent", "mbox": "mailto:Lea@Example.com", "name": "Lea"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/passed", "display": {"en-US": "passed"}},
        "object": {
            "id": "https://example.com/exams/forklift",
            "definition": {"name": {"en-US": "Forklift exam"}},
        },
        "result": {"score": {"scaled": 0.9}, "success": True},
        "timestamp": "2026-03-01T10:15:00.000Z",
        **extra,
    }


def sign(
    payload: Any,
    signer: Signer,
    *,
    algorithm: str = "RS256",
    x5c: bool = True,
    key: Any = None,
) -> bytes:
    raw = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    headers = {"x5c": signer.chain} if x5c else {}
    token = jwt.api_jws.PyJWS().encode(
        raw, key if key is not None else signer.key, algorithm=algorithm, headers=headers
    )
    return token.encode()


def signed_request(
    data: dict[str, Any], token: bytes, *, content_type: str = "application/octet-stream"
) -> tuple[dict[str, Any], bytes]:
    """The statement with its signature attachment, and the multipart body carrying both."""
    sha2 = hashlib.sha256(token).hexdigest()
    data = {
        **data,
        "attachments": [
            {
                "usageType": SIGNATURE_USAGE,
                "display": {"en-US": "Signature"},
                "contentType": content_type,
                "length": len(token),
                "sha2": sha2,
            }
        ],
    }
    payload = (
        (
            f"--{BOUNDARY}\r\nContent-Type: application/json\r\n\r\n{json.dumps(data)}\r\n"
            f"--{BOUNDARY}\r\nContent-Type: {content_type}\r\nContent-Transfer-Encoding: binary\r\n"
            f"X-Experience-API-Hash: {sha2}\r\n\r\n"
        ).encode()
        + token
        + f"\r\n--{BOUNDARY}--\r\n".encode()
    )
    return data, payload


def post(client: Client, headers: dict[str, str], payload: bytes) -> Any:
    content_type = f"multipart/mixed; boundary={BOUNDARY}"
    return client.post(URL, payload, content_type=content_type, headers=headers)


def refused(response: Any, words: str) -> None:
    assert response.status_code == 400, response.content
    assert words in response.json()["error"]["message"]
    assert not Statement.objects.exists()


# --- accepted ------------------------------------------------------------------------------


@pytest.mark.parametrize("algorithm", ["RS256", "RS384", "RS512"])
def test_a_statement_signed_with_an_rsa_algorithm_and_its_certificate_is_stored(
    client: Client, lrs: dict[str, str], signer: Signer, algorithm: str
) -> None:
    data = statement()
    token = sign(data, signer, algorithm=algorithm)
    sent, payload = signed_request(data, token)
    response = post(client, lrs, payload)
    assert response.status_code == 200, response.content
    assert Statement.objects.get(id=data["id"]).data["attachments"] == sent["attachments"]
    assert bytes(Attachment.objects.get().content) == token


def test_a_signature_without_x5c_is_accepted_once_its_payload_matches(
    client: Client, lrs: dict[str, str], signer: Signer
) -> None:
    data = statement()
    _, payload = signed_request(data, sign(data, signer, x5c=False))
    assert post(client, lrs, payload).status_code == 200


def test_a_chain_whose_signer_the_next_certificate_issued_is_accepted(
    client: Client, lrs: dict[str, str], issued_signer: tuple[Signer, Any]
) -> None:
    chain_signer, _ = issued_signer
    data = statement()
    _, payload = signed_request(data, sign(data, chain_signer))
    assert post(client, lrs, payload).status_code == 200


def test_differences_the_immutability_exceptions_allow_are_ignored(
    client: Client, lrs: dict[str, str], signer: Signer
) -> None:
    data = statement()
    signed = {k: v for k, v in data.items() if k != "id"}  # the LRS may assign the id
    signed["timestamp"] = "2026-03-01T12:15:00+02:00"  # the same moment, another zone
    signed["verb"] = {**data["verb"], "display": {"de-DE": "bestanden"}}
    signed["object"] = {"id": data["object"]["id"]}  # no definition, objectType implied
    signed["actor"] = {**data["actor"], "mbox": "mailto:Lea@example.COM"}
    _, payload = signed_request(data, sign(signed, signer))
    response = post(client, lrs, payload)
    assert response.status_code == 200, response.content


# --- refused -------------------------------------------------------------------------------


@pytest.mark.parametrize("algorithm", ["HS256", "PS256", "none"])
def test_a_signature_with_another_algorithm_is_refused(
    client: Client, lrs: dict[str, str], signer: Signer, algorithm: str
) -> None:
    data = statement()
    keys: dict[str, Any] = {
        "HS256": b"a shared secret of 32 bytes or more",
        "PS256": signer.key,
        "none": "",  # PyJWT's way of asking for no key at all
    }
    token = sign(data, signer, algorithm=algorithm, x5c=False, key=keys[algorithm])
    _, payload = signed_request(data, token)
    refused(post(client, lrs, payload), "RS256, RS384 or RS512")


@pytest.mark.parametrize(
    "token",
    [b"not a jws", b"a.b", b"e30.e30.e30.e30", b"\xff\xfe.x.y"],
    ids=["words", "two-segments", "four-segments", "not-ascii"],
)
def test_a_malformed_jws_is_refused(client: Client, lrs: dict[str, str], token: bytes) -> None:
    _, payload = signed_request(statement(), token)
    refused(post(client, lrs, payload), "signature")


def test_a_payload_that_is_not_json_is_refused(
    client: Client, lrs: dict[str, str], signer: Signer
) -> None:
    data = statement()
    broken = json.dumps(data).replace('"', "'", 1).encode()  # the conformance suite's breakJson
    _, payload = signed_request(data, sign(broken, signer))
    refused(post(client, lrs, payload), "not JSON")


def test_a_payload_of_another_statement_is_refused(
    client: Client, lrs: dict[str, str], signer: Signer
) -> None:
    data = statement()
    other = {**data, "result": {"score": {"scaled": 0.2}, "success": False}}
    _, payload = signed_request(data, sign(other, signer))
    refused(post(client, lrs, payload), "differs from the statement")


def test_a_signature_that_does_not_verify_against_its_certificate_is_refused(
    client: Client, lrs: dict[str, str], signer: Signer
) -> None:
    data = statement()
    token = sign(data, signer, key=_key())  # signed by a key the certificate does not hold
    _, payload = signed_request(data, token)
    refused(post(client, lrs, payload), "does not verify")


def test_a_chain_whose_certificates_do_not_link_is_refused(
    client: Client, lrs: dict[str, str], signer: Signer, issued_signer: tuple[Signer, Any]
) -> None:
    chain_signer, _ = issued_signer
    unlinked = Signer(chain_signer.key, [chain_signer.chain[0], signer.chain[0]])
    data = statement()
    _, payload = signed_request(data, sign(data, unlinked))
    refused(post(client, lrs, payload), "not issued by")


def test_an_x5c_that_is_not_a_certificate_is_refused(
    client: Client, lrs: dict[str, str], signer: Signer
) -> None:
    data = statement()
    bogus = Signer(signer.key, [base64.b64encode(b"not DER").decode()])
    _, payload = signed_request(data, sign(data, bogus))
    refused(post(client, lrs, payload), "x5c")


def test_a_signature_attachment_of_another_content_type_is_refused(
    client: Client, lrs: dict[str, str], signer: Signer
) -> None:
    data = statement()
    _, payload = signed_request(data, sign(data, signer), content_type="text/plain; charset=ascii")
    refused(post(client, lrs, payload), "application/octet-stream")


def test_a_signature_only_linked_by_file_url_is_refused(
    client: Client, lrs: dict[str, str], signer: Signer
) -> None:
    data = statement()
    sent, _ = signed_request(data, sign(data, signer))
    sent["attachments"][0]["fileUrl"] = "https://files.example.com/signature.jws"
    response = client.post(URL, json.dumps(sent), content_type="application/json", headers=lrs)
    refused(response, "signature attachment")


# --- the comparison itself ----------------------------------------------------------------


def test_group_members_compare_in_any_order() -> None:
    members = [{"mbox": "mailto:a@example.com"}, {"mbox": "mailto:b@example.com"}]
    group = {"objectType": "Group", "name": "Team", "member": members}
    reordered = {**group, "member": members[::-1]}
    base = statement(actor=group)
    assert equivalent(base, {**base, "actor": reordered})


@pytest.mark.parametrize(
    "change",
    [
        {"result": {"success": False}},
        {"timestamp": "2026-03-01T10:15:01Z"},
        {"object": {"id": "https://example.com/exams/other"}},
        {"actor": {"mbox": "mailto:lea@example.com"}},  # the local part's case counts
        {"id": str(uuid.uuid4())},
        {"context": {"registration": str(uuid.uuid4())}},
    ],
)
def test_real_differences_count(change: dict[str, Any]) -> None:
    base = statement()
    assert not equivalent(base, {**base, **change})


def test_lrs_set_properties_and_attachments_do_not_count() -> None:
    base = statement()
    stored = {
        **base,
        "stored": "2026-03-02T00:00:00Z",
        "authority": {"mbox": "mailto:lrs@example.com"},
        "version": "1.0.0",
        "attachments": [{"usageType": SIGNATURE_USAGE}],
    }
    assert equivalent(base, stored)
