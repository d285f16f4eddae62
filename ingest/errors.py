"""What can go wrong with a request, and how each surface says so: one kind, one table, one base class.

The lowest layer that every package may import (``ingest`` imports no ``chatbot`` or ``ui``),
so the index store's errors and the API's share a base. ``ErrorKind`` is re-exported by
``chatbot.contract``. ``HANDLING`` is the one table from a kind to its HTTP status, the key
of its Dutch message in ``prompts/*.toml`` and the exit code of the command line.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from prompts import Prompts


class ErrorKind(StrEnum):
    """What went wrong with a request, for programs (the API's status codes, the CLI's exit code)."""

    EMPTY_QUESTION = "empty_question"  # nothing to answer or check
    TOO_LONG = "too_long"  # over the length limit, counted after normalising
    UNUSABLE_TEXT = "unusable_text"  # not text, or nothing usable left after normalising
    INVALID_REQUEST = "invalid_request"  # a body or parameter that does not fit the API
    UNAUTHORISED = "unauthorised"  # the editors' pages without the right token
    NOT_FOUND = "not_found"
    TOO_LARGE = "too_large"  # a request body over the limit
    BUSY = "busy"  # no free answer slot in time
    NO_INDEX = "no_index"  # nothing ingested yet
    UNAVAILABLE = "unavailable"  # the index server or the embedding engine is down for now
    INTERNAL = "internal"  # a bug or an unexpected failure (logged with its traceback)


@dataclass(frozen=True)
class Handling:
    """How a kind of error reaches people: the HTTP status, the Dutch message's key, the exit code.

    ``answer``: the message's key when the error ends an answer to a question, if not ``message``.
    """

    status: int
    message: str
    exit_code: int = 1
    answer: str | None = None


HANDLING: dict[ErrorKind, Handling] = {
    ErrorKind.EMPTY_QUESTION: Handling(422, "algemeen.lege_vraag"),
    ErrorKind.TOO_LONG: Handling(422, "algemeen.te_lang"),
    ErrorKind.UNUSABLE_TEXT: Handling(422, "grenzen.onbruikbare_tekst"),
    ErrorKind.INVALID_REQUEST: Handling(422, "ui_fouten.ongeldig"),
    ErrorKind.UNAUTHORISED: Handling(401, "rapport.aanmelden_uitleg"),
    ErrorKind.NOT_FOUND: Handling(404, "ui_fouten.niet_gevonden"),
    ErrorKind.TOO_LARGE: Handling(413, "grenzen.te_groot"),
    ErrorKind.BUSY: Handling(503, "ui_fouten.druk"),
    ErrorKind.NO_INDEX: Handling(503, "algemeen.geen_index"),
    ErrorKind.UNAVAILABLE: Handling(503, "algemeen.niet_bereikbaar"),
    ErrorKind.INTERNAL: Handling(500, "ui_fouten.storing", answer="algemeen.storing"),
}


def http_status(kind: ErrorKind) -> int:
    return HANDLING[kind].status


def message_key(kind: ErrorKind, answering: bool = False) -> str:
    """The key of the kind's Dutch message; ``answering``: in an answer to a question."""
    handling = HANDLING[kind]
    return (handling.answer if answering else None) or handling.message


def exit_code(kind: ErrorKind) -> int:
    return HANDLING[kind].exit_code


def kind_named(name: object) -> ErrorKind:
    """The kind of that name (an answer's ``reason``, say); ``internal`` for anything else."""
    try:
        return ErrorKind(name) if isinstance(name, str) else ErrorKind.INTERNAL
    except ValueError:
        return ErrorKind.INTERNAL


def kind_of(exc: BaseException) -> ErrorKind:
    """The kind of any exception: its own for a ``VraagbaakError``, else ``internal``."""
    return exc.kind if isinstance(exc, VraagbaakError) else ErrorKind.INTERNAL


class VraagbaakError(Exception):
    """The base of the project's errors: a ``kind``, an English ``operator`` text and a Dutch message.

    ``kind`` and ``operator`` are class attributes a subclass sets (an instance may set its
    own); ``message_key`` names the Dutch message when it is not the kind's (``HANDLING``).
    """

    kind: ErrorKind = ErrorKind.INTERNAL
    operator: str = "internal error"  # short, for the API's ``error`` field and the log
    message_key: str | None = None

    def user_message(self, prompts: Prompts, answering: bool = False) -> str:
        """What the user reads, in Dutch; ``answering``: in an answer to a question."""
        return prompts.get(self.message_key or message_key(self.kind, answering))
