"""The HTTP responses every part of the web service shares: ASCII-safe JSON and the error body with its status.

One place maps an ``ErrorKind`` to its HTTP status; the app, the editors' pages and the changes
panel all answer errors through ``error_response``.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi.responses import JSONResponse

from chatbot.contract import Error, ErrorKind


class AsciiJSONResponse(JSONResponse):
    """JSON with every non-ASCII character escaped: always encodable, never a raw control character on the wire."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=True, allow_nan=False, separators=(",", ":")).encode("ascii")


# -- errors and limits ---------------------------------------------------------
# The HTTP status of each kind of error; the one place that chooses one.
STATUS: dict[ErrorKind, int] = {
    ErrorKind.EMPTY_QUESTION: 422,
    ErrorKind.TOO_LONG: 422,
    ErrorKind.UNUSABLE_TEXT: 422,
    ErrorKind.INVALID_REQUEST: 422,
    ErrorKind.UNAUTHORISED: 401,
    ErrorKind.NOT_FOUND: 404,
    ErrorKind.TOO_LARGE: 413,
    ErrorKind.BUSY: 503,
    ErrorKind.NO_INDEX: 503,
    ErrorKind.UNAVAILABLE: 503,
    ErrorKind.INTERNAL: 500,
}
RETRY_AFTER_S = 5  # sent with every 503: the service is busy, or its index or engine will be back soon


def error_response(kind: ErrorKind, error: str, message: str, detail: list | None = None,
                   headers: dict[str, str] | None = None) -> AsciiJSONResponse:
    """The JSON error body (``chatbot.contract.Error``) with the status of its kind."""
    status = STATUS[kind]
    headers = dict(headers or {})
    if status == 503:
        headers["Retry-After"] = str(RETRY_AFTER_S)
    body = Error(error=error, kind=kind, message=message, detail=detail).to_dict()
    return AsciiJSONResponse(body, status_code=status, headers=headers or None)
