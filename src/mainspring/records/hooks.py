"""The one place where apps above ``records`` take part in storing statements and documents.

``records`` cannot import the apps built on it (cmi5 launch, for one), yet some of them
own rules about which statements may be stored (a cmi5 session refuses a ``passed``
after ``terminated``) and state that moves with them. Such an app registers a callback
here in its ``AppConfig.ready``; :func:`mainspring.records.lrs.store_statements` calls
every callback inside the statement transaction with the statements about to be
inserted (re-sent copies left out). A callback refuses the whole batch by raising one of
the :mod:`mainspring.records.errors` classes; whatever it writes commits or rolls back
with the statements. Document writes (PUT, POST, DELETE of state and profiles) are offered
the same way before they happen, so an app can protect documents it owns (cmi5's
``LMS.LaunchData``). A plain list of functions, like ``org.hooks``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from mainspring.records.models import LrsClient

StatementsStoring = Callable[[LrsClient, Sequence[dict[str, Any]]], None]

_storing: list[StatementsStoring] = []


def on_statements_storing(callback: StatementsStoring) -> None:
    """Register ``callback(client, statements)``; registering twice has no effect."""
    if callback not in _storing:
        _storing.append(callback)


def statements_storing(client: LrsClient, statements: Sequence[dict[str, Any]]) -> None:
    """Give every registered app its say on a batch about to be stored."""
    if not statements:
        return
    for callback in _storing:
        callback(client, statements)


# (client, kind, activity, registration, document id or None for "every state document").
DocumentWriting = Callable[[LrsClient, str, str, str, "str | None"], None]

_document_writing: list[DocumentWriting] = []


def on_document_writing(callback: DocumentWriting) -> None:
    """Register ``callback(client, kind, activity, registration, doc_id)``; once only."""
    if callback not in _document_writing:
        _document_writing.append(callback)


def document_writing(
    client: LrsClient, kind: str, activity: str, registration: str, doc_id: str | None
) -> None:
    """Let every registered app refuse a document write (by raising a records error)."""
    for callback in _document_writing:
        callback(client, kind, activity, registration, doc_id)
