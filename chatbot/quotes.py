"""Quotations in a question: a small quote-pair parser, and the text after a check phrase.

A regular expression that stops at the first closing mark cuts „Een actieplan ‘leren voor
werkenden’ uitrollen” at the inner quote. Here every quotation mark is read by what stands
around it: one that follows a space (or the start, or punctuation) and precedes text opens;
one that follows text and precedes a space (or the end, or punctuation) closes; one between
two letters is an apostrophe ("KPI's", "zo’n"), as is one that elides a word ("’s avonds").
Marks of one family (double: „ “ ” " « »; single: ‚ ‘ ’ ' ‹ ›) pair on a stack, so
quotations nest in any style: „… ‘…’ …”, "… 'x' …", „… „x” …”. An opening mark that is never
closed quotes to the end of the text (a user who forgot the closing mark).

Pure functions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DOUBLE = frozenset("„“”\"«»‟〝〞＂")
SINGLE = frozenset("‚‘’'‹›‛`")
# What may stand at the end of a quoted text without being part of the wording.
TRAILING = " \t\n?!.,;:…"


@dataclass(frozen=True)
class Quotation:
    """A quoted text: its wording (without the outer marks) and where it stands in the question."""

    text: str
    start: int  # of the wording, in the question
    end: int
    depth: int  # 0: not inside another quotation
    closed: bool = True


def _family(ch: str) -> str | None:
    return "double" if ch in DOUBLE else ("single" if ch in SINGLE else None)


def _role(text: str, i: int) -> str | None:
    """``open``, ``close``, ``either`` or None (an apostrophe, or a mark standing alone)."""
    ch = text[i]
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before.isalnum() and after.isalnum():
        return None  # KPI's, zo’n
    if ch in SINGLE and before.isspace() or (ch in SINGLE and i == 0):
        # An elision: ’s avonds, 't Hof, 's-Hertogenbosch, '80.
        rest = text[i + 1 : i + 4]
        if re.match(r"[st](?:[\s-]|$)", rest, re.IGNORECASE) or re.match(r"\d\d(?!\w)", rest):
            return None
    can_open = not after.isspace() and not before.isalnum()
    can_close = not before.isspace() and not after.isalnum()
    if i == 0:
        can_close = False
    if can_open and can_close:
        return "either"  # between punctuation ("%«?"): it closes an open quotation of its family, else opens
    if can_open:
        return "open"
    if can_close:
        return "close"
    return None


def quotations(text: str) -> list[Quotation]:
    """Every quotation in ``text``, outer ones before the ones inside them at the same place."""
    stack: list[tuple[str, int]] = []  # (family, index of the opening mark)
    found: list[Quotation] = []
    for i, ch in enumerate(text):
        family = _family(ch)
        if family is None:
            continue
        role = _role(text, i)
        if role is None:
            continue
        if role == "either":
            role = "close" if any(f == family for f, _ in stack) else "open"
        if role == "open":
            stack.append((family, i))
            continue
        for depth in range(len(stack) - 1, -1, -1):
            if stack[depth][0] == family:
                start = stack[depth][1] + 1
                del stack[depth:]  # openers inside it that never closed are not quotations
                found.append(Quotation(text[start:i], start, i, depth))
                break
    if stack:
        # The outermost opening mark left open quotes to the end of the text.
        start = stack[0][1] + 1
        wording = text[start:].rstrip(TRAILING)
        if wording.strip():
            found.append(Quotation(wording, start, start + len(wording), 0, closed=False))
    return sorted(found, key=lambda q: (q.start, q.depth))


def outer_quotations(text: str) -> list[Quotation]:
    """The quotations not inside another one, in order."""
    return [q for q in quotations(text) if q.depth == 0 and q.text.strip()]


def main_quotation(text: str) -> Quotation | None:
    """The quotation a question is about: the one with the most words (the first of equals)."""
    outer = outer_quotations(text)
    return max(outer, key=lambda q: len(q.text.split())) if outer else None


def clean_wording(text: str) -> str:
    """A quoted or trailing text as the wording to check: outer white space and closing punctuation off."""
    text = " ".join(text.split())
    return text.strip(TRAILING)


def rest_after(text: str, end: int) -> str:
    """The rest of the sentence after position ``end`` (a check phrase), as wording to check."""
    rest = text[end:]
    rest = re.sub(r"^[\s:]+", "", rest)
    return clean_wording(rest)


__all__ = ["Quotation", "quotations", "outer_quotations", "main_quotation", "clean_wording", "rest_after"]
