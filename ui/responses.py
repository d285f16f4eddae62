"""The HTTP responses every part of the web service shares: ASCII-safe JSON and the error body with its status.

The status of an ``ErrorKind`` comes from ``ingest.errors.HANDLING``; the app, the editors' pages and the changes
panel all answer errors through ``error_response``.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi.responses import JSONResponse

from chatbot.contract import Error, ErrorKind
from ingest.errors import HANDLING


class AsciiJSONResponse(JSONResponse):
    """JSON with every non-ASCII character escaped: always encodable, never a raw control character on the wire."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=True, allow_nan=False, separators=(",", ":")).encode("ascii")


# -- errors and limits ---------------------------------------------------------
# The HTTP status of each kind of error, from the one table (ingest/errors.py).
STATUS: dict[ErrorKind, int] = {kind: handling.status for kind, handling in HANDLING.items()}
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
