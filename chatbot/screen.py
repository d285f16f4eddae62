"""The one check of what a user sends before it reaches the documents: a question, or a sentence to check.

Built on the text gate (``ingest/textgate.py``: NFKC, no control characters or lone
surrogates, the length counted on the result). The service, the JSON API and the web app
all call ``screen``; a ``Rejected`` says which ``ErrorKind`` and, through ``message``,
which Dutch sentence.
"""

from __future__ import annotations

from typing import Literal

from chatbot.contract import ErrorKind
from ingest.textgate import TextRejected, gate, unusable
from prompts import Prompts

Purpose = Literal["question", "sentence"]

# The Dutch wording of each refusal (prompts/*.toml), per purpose where they differ.
_MESSAGES = {
    ("question", ErrorKind.TOO_LONG): "algemeen.te_lang",
    ("sentence", ErrorKind.TOO_LONG): "ui_nakijken.te_lang",
    ("question", ErrorKind.EMPTY_QUESTION): "algemeen.lege_vraag",
    ("sentence", ErrorKind.EMPTY_QUESTION): "ui_nakijken.leeg",
    ("question", ErrorKind.UNUSABLE_TEXT): "grenzen.onbruikbare_tekst",
    ("sentence", ErrorKind.UNUSABLE_TEXT): "grenzen.onbruikbare_tekst",
}


class Rejected(ValueError):
    """A text refused before it reaches the documents: ``kind``, an English ``error``, and the counted length."""

    def __init__(self, kind: ErrorKind, error: str, purpose: Purpose = "question", length: int = 0, limit: int = 0) -> None:
        super().__init__(error)
        self.kind, self.error, self.purpose, self.length, self.limit = kind, error, purpose, length, limit

    def message(self, p: Prompts) -> str:
        """What the user reads, in Dutch."""
        return p.say(_MESSAGES[self.purpose, self.kind], lengte=self.length, maximum=self.limit)


def screen(text, limit: int, purpose: Purpose = "question", *, allow_empty: bool = False) -> str:
    """``text`` through the text gate and refused unless usable: the normalised text.

    Raises ``Rejected``: ``unusable_text`` for what is not text, or had content of which
    nothing usable is left (only control characters or surrogates); ``too_long`` over
    ``limit`` characters after normalising; ``empty_question`` for a blank text unless
    ``allow_empty`` (a blank question gets an answer that says what to ask).
    """
    if not isinstance(text, str):
        raise Rejected(ErrorKind.UNUSABLE_TEXT, f"{purpose} must be a string", purpose)
    try:
        cleaned = gate(text, limit)
    except TextRejected as exc:
        raise Rejected(ErrorKind.TOO_LONG, f"{purpose} too long", purpose, exc.length, limit) from None
    if unusable(text, cleaned):
        raise Rejected(ErrorKind.UNUSABLE_TEXT, "unusable text", purpose)
    if not allow_empty and not cleaned.strip():
        raise Rejected(ErrorKind.EMPTY_QUESTION, f"empty {purpose}", purpose)
    return cleaned
