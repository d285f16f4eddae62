"""The wording check for people: a verdict per sentence, and a paragraph checked sentence by sentence.

The matching itself is the service's (``Vraagbaak.check``, ``chatbot/cite.py``); this
module only splits a paragraph into sentences and names the outcome of each check:

* ``letterlijk``: the text stands in the document exactly as given;
* ``vorm``: the same words in the same order, differing only in upper and lower case
  or in spacing (whether or not the matcher counted it as found);
* ``niet``: not verbatim; the check has the closest wording and the differences.
"""

from __future__ import annotations

import re
from collections.abc import Callable

MAX_SENTENCES = 20  # checked per paragraph; each check costs a search
# A sentence ends at . ! ? or … (and closing quotes or brackets) before white space and a
# capital, a digit or an opening quote. "bv. de" does not split; "o.a. Limburg" does.
_SENTENCE_END = re.compile(r"(?:(?<=[.!?…])|(?<=[.!?…][\"”’')\]]))\s+(?=[\"“„‘'(\[]?[A-ZÀ-ÖØ-Þ0-9])")

VERDICTS = ("letterlijk", "vorm", "niet")
EXIT_CODES = {"letterlijk": 0, "vorm": 4, "niet": 3}  # `vraagbaak check` (documented in its --help and the README)


def sentences(text: str) -> list[str]:
    """The sentences of a paragraph, in order (at most ``MAX_SENTENCES``; the rest stays with the last)."""
    parts = [p.strip() for p in _SENTENCE_END.split(" ".join(text.split())) if p.strip()]
    if len(parts) > MAX_SENTENCES:
        parts = parts[: MAX_SENTENCES - 1] + [" ".join(parts[MAX_SENTENCES - 1:])]
    return parts


def _plain(text: str) -> str:
    return " ".join(text.casefold().split())


def verdict(sentence: str, result: dict) -> str:
    """``letterlijk``, ``vorm`` or ``niet`` for a check result (``WordingCheck``) of ``sentence``."""
    quote = result.get("quote") or ""
    if result.get("found") and result.get("differs_in"):
        return "vorm"  # the matcher found the words, with other capitals or spacing
    if result.get("found") and sentence.strip() == quote.strip():
        return "letterlijk"
    if quote and _plain(sentence) == _plain(quote):
        return "vorm"
    # Found with other differences the matcher ignores (typographic quotes, say): its verdict stands.
    return "letterlijk" if result.get("found") else "niet"


def worst(verdicts: list[str]) -> str:
    """The verdict of a paragraph: its least verbatim sentence."""
    return max(verdicts, key=VERDICTS.index) if verdicts else "niet"


def check_paragraph(check: Callable[[str], dict], text: str) -> list[dict]:
    """``[{"sentence", "verdict", "result"}]``, one per sentence of ``text``, with ``check`` the service's check."""
    out = []
    for sentence in sentences(text):
        # The full stop ends the sentence in the paragraph; it need not end it in the document (a list item).
        checked = sentence.rstrip(" .") or sentence
        result = check(checked)
        out.append({"sentence": sentence, "verdict": verdict(checked, result), "result": result})
    return out
