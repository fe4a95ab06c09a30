"""The refusals of the LRS, each with the HTTP status the xAPI specification asks for.

Raised by the storage modules (``lrs``, ``documents``) and the views alike; the request
layer (:func:`mainspring.records.http.xapi_view`) turns any of them into a JSON error.
"""

from __future__ import annotations

from typing import ClassVar


class XapiError(Exception):
    """A request the LRS refuses, with its HTTP status and a message for the sender."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class _FixedStatusError(XapiError):
    status_code: ClassVar[int]

    def __init__(self, message: str) -> None:
        super().__init__(self.status_code, message)


class BadRequestError(_FixedStatusError):
    status_code = 400


class ForbiddenError(_FixedStatusError):
    status_code = 403


class NotFoundError(_FixedStatusError):
    status_code = 404


class ConflictError(_FixedStatusError):
    status_code = 409


class PreconditionFailedError(_FixedStatusError):
    status_code = 412
