"""The one check of what a user sends before it reaches the documents: a question, or a sentence to check.

Built on the text gate (``ingest/textgate.py``: NFKC, no control characters or lone
surrogates, the length counted on the result). A text is screened once on its way: ``screen``
gives a ``Screened`` text, which the service takes as it is; a ``Rejected`` says which
``ErrorKind`` and, through ``user_message``, which Dutch sentence.
"""

from __future__ import annotations

from typing import Literal

from chatbot.understand import clean_question
from ingest.errors import ErrorKind, VraagbaakError, message_key
from ingest.textgate import TextRejected, gate, unusable
from prompts import Prompts

Purpose = Literal["question", "sentence"]

# The Dutch wording of a refused sentence to check, where it is not that of a question (ingest.errors.HANDLING).
_SENTENCE_MESSAGES = {ErrorKind.TOO_LONG: "ui_nakijken.te_lang", ErrorKind.EMPTY_QUESTION: "ui_nakijken.leeg"}


class Rejected(VraagbaakError, ValueError):
    """A text refused before it reaches the documents: ``kind``, an English ``error``, and the counted length."""

    def __init__(self, kind: ErrorKind, error: str, purpose: Purpose = "question", length: int = 0, limit: int = 0) -> None:
        super().__init__(error)
        self.kind, self.error, self.purpose, self.length, self.limit = kind, error, purpose, length, limit
        self.operator = error
        self.message_key = _SENTENCE_MESSAGES.get(kind) if purpose == "sentence" else None

    def user_message(self, prompts: Prompts, answering: bool = False) -> str:
        """What the user reads, in Dutch, with the counted length and the limit filled in."""
        return prompts.say(self.message_key or message_key(self.kind), lengte=self.length, maximum=self.limit)


class Screened(str):
    """A text that passed ``screen`` for its ``purpose``: callers further on do not screen it again.

    ``typed``: the text as sent, through the text gate only (what a refusal of a blank question shows).
    """

    purpose: Purpose
    typed: str

    def __new__(cls, text: str, purpose: Purpose, typed: str | None = None) -> Screened:
        made = super().__new__(cls, text)
        made.purpose, made.typed = purpose, text if typed is None else typed
        return made

    def __getnewargs__(self) -> tuple[str, Purpose, str]:  # type: ignore[override]
        """What copying and pickling pass to ``__new__``."""
        return str(self), self.purpose, self.typed


def screen(text, limit: int, purpose: Purpose = "question", *, allow_empty: bool = False) -> Screened:
    """``text`` through the text gate and refused unless usable: the normalised text.

    A question also loses its markup (``clean_question``) and is gated again: unescaping
    "&#xFDFA;" and the like can make it longer. Raises ``Rejected``: ``unusable_text`` for
    what is not text, or had content of which nothing usable is left (only control
    characters or surrogates); ``too_long`` over ``limit`` characters after normalising;
    ``empty_question`` for a blank text unless ``allow_empty`` (a blank question gets an
    answer that says what to ask).
    """
    if not isinstance(text, str):
        raise Rejected(ErrorKind.UNUSABLE_TEXT, f"{purpose} must be a string", purpose)
    typed = cleaned = _gated(text, limit, purpose)
    if purpose == "question":
        cleaned = _gated(clean_question(typed), limit, purpose)
    if not allow_empty and not cleaned.strip():
        raise Rejected(ErrorKind.EMPTY_QUESTION, f"empty {purpose}", purpose)
    return Screened(cleaned, purpose, typed)


def _gated(text: str, limit: int, purpose: Purpose) -> str:
    """One pass of the text gate; ``Rejected`` when too long or when nothing usable is left."""
    try:
        cleaned = gate(text, limit)
    except TextRejected as exc:
        raise Rejected(ErrorKind.TOO_LONG, f"{purpose} too long", purpose, exc.length, limit) from None
    if unusable(text, cleaned):
        raise Rejected(ErrorKind.UNUSABLE_TEXT, "unusable text", purpose)
    return cleaned
