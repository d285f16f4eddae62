"""Wording checks on whole words: does a text stand in the documents as written? Else the closest wording.

Both sides get the same normalisation: Unicode NFKC, one quotation mark for all (single and
double, every style), one dash, white space ignored, case folded. A match must begin and end on word boundaries of
the document ("regionale interactie" is not in "interregionale interactie", "Limburg" not in
"Noord-Limburg", "200 woningen" not in "1.200 woningen"). A match is
``exact`` when only white space runs and the style of quotation marks and dashes differ;
otherwise it names what differs: ``case`` (capitals), ``spacing`` (a space more or less
between the same characters, "20 %" for "20%"), or both.

The closest wording of a text that is not found must be a real alignment: most of the
checked words, in order, within one passage (``ALIGN_MIN_SHARE`` of all its words and
of its content words). A text with no such passage has no closest wording, and no
similarity figure is made up for an unrelated fragment.
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq

from ingest.lexical import stopwords

# Quotation marks and dashes of every style, and invisible characters, as one.
_STYLE = str.maketrans(
    {
        # single and double alike: a user's "groen wonen" for the text's ‘groen wonen’
        **dict.fromkeys("’‘‚‛`´′‹›“”„‟«»″〝〞＂\"", "'"),
        **dict.fromkeys("‐‑‒–—―−﹘﹣－", "-"),
        **dict.fromkeys("\u00ad\u200b\u200c\u200d\u2060\ufeff", ""),
    }
)
_WORD = re.compile(r"\w+")
ALIGN_MIN_SHARE = 0.5  # of the checked words (and of its content words), matched in order in one passage
_END_PUNCTUATION = " \t\n.,;:!?…"
# How an answer names what differs besides the words (prompts/nl.toml, [letterlijk]).
FORM_KEYS = {("case",): "letterlijk.vorm_case", ("spacing",): "letterlijk.vorm_spacing",
             ("case", "spacing"): "letterlijk.vorm_case_spacing"}


def styled(text: str) -> str:
    """NFKC, one quotation mark and dash style, white space runs as one space."""
    return " ".join(unicodedata.normalize("NFKC", text).translate(_STYLE).split())


@dataclass(frozen=True)
class Match:
    """Where a text stands in one document, and what differs besides white space and mark style."""

    start: int
    end: int
    differs_in: tuple[str, ...]  # () exact | ("case",) | ("spacing",) | ("case", "spacing")


@lru_cache(maxsize=64)
def _compact(text: str) -> tuple[str, tuple[int, ...]]:
    """``text`` folded (style, case) without white space, and the offset in ``text`` of each character."""
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        if ch.isspace():
            continue
        for folded in ch.translate(_STYLE).casefold():
            chars.append(folded)
            origin.append(i)
    return "".join(chars), tuple(origin)


def needle(text: str) -> str:
    """The text to check as it is compared: styled, without closing punctuation."""
    return styled(text).strip(_END_PUNCTUATION)


def _differences(document_piece: str, checked: str) -> tuple[str, ...]:
    a, b = styled(document_piece), styled(checked)
    if a == b:
        return ()
    if a.casefold() == b.casefold():
        return ("case",)
    if a.replace(" ", "") == b.replace(" ", ""):
        return ("spacing",)
    return ("case", "spacing")


_JOINERS = "-'’"  # inside a word: "Noord-Limburg", "KPI's"
_NUMBER_MARKS = ".,"  # inside a number: "1.200", "4,3"


def _joined_before(document: str, i: int, digit: bool) -> bool:
    """Whether position ``i`` of ``document`` is inside a word (or, for a digit, inside a number)."""
    if i == 0:
        return False
    before = document[i - 1]
    if before.isalnum():
        return True
    inner = i >= 2 and document[i - 2].isalnum()
    return (before in _JOINERS and inner) or (digit and before in _NUMBER_MARKS and i >= 2 and document[i - 2].isdigit())


def _joined_after(document: str, i: int, digit: bool) -> bool:
    if i >= len(document):
        return False
    after = document[i]
    if after.isalnum():
        return True
    inner = i + 1 < len(document) and document[i + 1].isalnum()
    return (after in _JOINERS and inner) or (digit and after in _NUMBER_MARKS and i + 1 < len(document) and document[i + 1].isdigit())


def find(text: str, document: str) -> Match | None:
    """Where ``text`` stands in ``document`` on word boundaries: an exact match before one that differs in case or spacing."""
    checked = needle(text)
    if not any(ch.isalnum() for ch in checked):
        return None
    target = "".join(ch for ch in checked.casefold() if not ch.isspace())
    compact, origin = _compact(document)
    first_word, last_word = checked[0].isalnum(), checked[-1].isalnum()
    best: Match | None = None
    at = compact.find(target)
    while at >= 0:
        end = at + len(target)
        start_doc, end_doc = origin[at], origin[end - 1] + 1
        split_start = at > 0 and origin[at - 1] == start_doc  # inside one character's folding ("ß")
        split_end = end < len(origin) and origin[end] == end_doc - 1
        whole = not split_start and not split_end \
            and not (first_word and _joined_before(document, start_doc, checked[0].isdigit())) \
            and not (last_word and _joined_after(document, end_doc, checked[-1].isdigit()))
        if whole:
            match = Match(start_doc, end_doc, _differences(document[start_doc:end_doc], checked))
            if not match.differs_in:
                return match
            best = best or match
        at = compact.find(target, at + 1)
    return best


# -- the closest wording ---------------------------------------------------------------------
@dataclass(frozen=True)
class Alignment:
    """The closest wording of a text in one passage: the span in the passage, and how much of the text it holds."""

    start: int  # in the passage text
    end: int
    matched: int  # checked words found in order
    words: int  # checked words
    ratio: float  # character similarity of the text and the wording (0..1)


def _words(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(0).casefold(), m.start(), m.end()) for m in _WORD.finditer(text)]


def _attached(passage: str, start: int, end: int) -> tuple[int, int]:
    """The span widened over marks written against its first and last word ("‘leren", "20%", "werkenden’")."""
    while start > 0 and not passage[start - 1].isspace() and not passage[start - 1].isalnum() and passage[start - 1] not in _END_PUNCTUATION:
        start -= 1
    while end < len(passage) and not passage[end].isspace() and not passage[end].isalnum() and passage[end] not in _END_PUNCTUATION:
        end += 1
    return start, end


def _content(word: str) -> bool:
    return len(word) >= 3 and not word.isdigit() and word not in stopwords()


def _blocks(checked: list[str], window: list[tuple[str, int, int]]) -> list:
    """The runs of checked words that stand in order in ``window``."""
    matcher = difflib.SequenceMatcher(a=checked, b=[w for w, _, _ in window], autojunk=False)
    return [b for b in matcher.get_matching_blocks() if b.size]


def align(text: str, passage: str, min_share: float = ALIGN_MIN_SHARE) -> Alignment | None:
    """The closest wording of ``text`` in ``passage``, when most of its words stand there in order; else None.

    Windows of the text's length (and a little more) slide over the passage's words; the one
    with the most of the text's words in order wins, and is cut to the aligned words (with
    the passage's words in place of checked words at either end that differ).
    """
    checked = [w for w, _, _ in _words(needle(text))]
    if not checked:
        return None
    tokens = _words(passage)
    if not tokens:
        return None
    n = len(checked)
    size = n + max(2, n // 3)
    best, best_at = -1, 0
    for i in range(0, max(1, len(tokens) - size + 1)):
        window = [w for w, _, _ in tokens[i : i + size]]
        score = LCSseq.similarity(checked, window)
        if score > best:
            best, best_at = score, i
    if best < max(1, math.ceil(min_share * n)):
        return None
    blocks = _blocks(checked, tokens[best_at : best_at + size])
    if not blocks:
        return None
    # The first best window may end before the passage's words for the text's last words: the
    # window starts where the text's first word stands instead.
    shift = max(0, blocks[0].b - blocks[0].a)
    if shift:
        best_at += shift
        blocks = _blocks(checked, tokens[best_at : best_at + size])
    aligned = tokens[best_at : best_at + size]
    matched = sum(b.size for b in blocks)
    content = [w for w in checked if _content(w)]
    in_order = {checked[b.a + k] for b in blocks for k in range(b.size)}
    if matched < max(1, math.ceil(min_share * n)) or (content and sum(w in in_order for w in content) < math.ceil(min_share * len(content))):
        return None
    first, last = blocks[0], blocks[-1]
    # Checked words before the first and after the last aligned word stand for the passage's words there.
    lo = max(0, first.b - first.a)
    hi = min(len(aligned), last.b + last.size + (n - last.a - last.size))
    start, end = _attached(passage, aligned[lo][1], aligned[hi - 1][2])
    wording = passage[start:end]
    ratio = fuzz.ratio(needle(text).casefold(), styled(wording).casefold()) / 100
    return Alignment(start, end, matched, n, round(ratio, 3))


@lru_cache(maxsize=65536)
def _word_set(passage: str) -> frozenset[str]:
    return frozenset(w for w, _, _ in _words(passage))


def may_align(text: str, passage: str, min_share: float = ALIGN_MIN_SHARE) -> bool:
    """A quick test before ``align``: ``passage`` holds enough of the text's words (and content words) at all."""
    checked = [w for w, _, _ in _words(needle(text))]
    if not checked:
        return False
    present = _word_set(passage)
    content = [w for w in checked if _content(w)]
    return sum(w in present for w in checked) >= max(1, math.ceil(min_share * len(checked))) and (
        not content or sum(w in present for w in content) >= math.ceil(min_share * len(content)))


def shares_words(text: str, passage: str, min_share: float = ALIGN_MIN_SHARE) -> bool:
    """Whether ``passage`` holds most of the content words of ``text`` (whole words, any order, at least two).

    Not a closest wording: a passage about the same things, for a text that is said in other words.
    """
    content = {w for w, _, _ in _words(needle(text)) if _content(w)}
    if len(content) < 2:
        return False
    present = {w for w, _, _ in _words(passage)}
    return len(content & present) >= max(2, math.ceil(min_share * len(content)))


__all__ = ["FORM_KEYS", "shares_words", "may_align", "Match", "Alignment", "find", "align", "styled", "needle", "ALIGN_MIN_SHARE"]
