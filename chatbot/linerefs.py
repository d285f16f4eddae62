"""Which ambition lines a question names: numbers, number words, ordinals, typos, English.

"ambitielijn 2", "de tweede ambitielijn", "ambitielijm 2" (typo), "lijn 3", "the second
ambition line", "ambitielijn2", "de drie ambitielijnen" (all lines, not line 3).
"""

from __future__ import annotations

import re

from rapidfuzz.distance import Levenshtein

from ingest.dutch import CARDINALS, ORDINALS as DUTCH_ORDINALS
from ingest.lexical import fold

ORDINALS = {
    **DUTCH_ORDINALS,
    "1e": 1, "2e": 2, "3e": 3, "1ste": 1, "2de": 2, "3de": 3,
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5,
}
# Number words that can name a line: at most two digits' worth, like the digits accepted below.
NUMBERS = {
    **{word: n for word, n in {**CARDINALS, **DUTCH_ORDINALS}.items() if n < 100},
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
}
SHORT_LINE_WORDS = {"lijn", "lijnen", "line", "lines", "pijler", "pijlers", "ambitie", "ambition"}


def line_word(token: str) -> str | None:
    """'line' for a (misspelt) singular line word, 'lines' for a plural, else None."""
    if token in SHORT_LINE_WORDS:
        return "lines" if token.endswith(("en", "s")) and token not in ("ambitie",) else "line"
    if len(token) >= 8:
        one = Levenshtein.distance(token, "ambitielijn", score_cutoff=3)
        many = Levenshtein.distance(token, "ambitielijnen", score_cutoff=3)
        # A typo nearer the singular is the singular ("ambitielijjn"); a tie reads as written.
        if many <= 2 and many <= one and token.endswith(("en", "n")) and len(token) >= 12:
            return "lines"
        if one <= 2:
            return "line"
    return None


def tokens(text: str) -> list[str]:
    folded = fold(text)
    folded = re.sub(r"([a-z])(\d)", r"\1 \2", folded)  # "ambitielijn2" -> "ambitielijn 2"
    return re.findall(r"[a-z0-9]+(?:'s)?", folded.replace("’", "'"))


def find_line_references(text: str) -> tuple[int, ...]:
    """Every line a question names, in order ("verschil tussen ambitielijn 1 en 2" -> (1, 2))."""
    first, _, used = find_line_reference(text)
    if first is None:
        return ()
    numbers = [first]
    toks = tokens(text)
    last = max(used) if used else -1
    # "ambitielijn 1 en 2", "lijnen 2 en 3": numbers joined by "en"/"of"/"and"/"," after a line word
    for i in range(last + 1, len(toks) - 1):
        if toks[i] in ("en", "of", "and", "or", "tot", "vs", "versus", "met") and (toks[i + 1].isdigit() or toks[i + 1] in NUMBERS):
            n = int(toks[i + 1]) if toks[i + 1].isdigit() else NUMBERS[toks[i + 1]]
            if n not in numbers and n <= 20:
                numbers.append(n)
    for i, tok in enumerate(toks):
        if line_word(tok) and i + 1 < len(toks) and toks[i + 1].isdigit() and int(toks[i + 1]) not in numbers and int(toks[i + 1]) <= 20:
            numbers.append(int(toks[i + 1]))
    return tuple(numbers)


def find_line_reference(text: str) -> tuple[int | None, bool, set[int]]:
    """(line number or None, all lines meant, token positions used by the reference)."""
    toks = tokens(text)
    used: set[int] = set()
    all_lines = False
    found: int | None = None
    for i, tok in enumerate(toks):
        kind = line_word(tok)
        # "ambitie lijn 2" written apart
        if tok == "ambitie" and i + 1 < len(toks) and toks[i + 1] in ("lijn", "lijnen"):
            continue
        if kind is None:
            continue
        if tok in ("ambitie", "ambition") and not (i + 1 < len(toks) and (toks[i + 1] in NUMBERS or toks[i + 1].isdigit() or toks[i + 1] in ("line", "lijn"))):
            continue
        if kind == "lines":
            used.add(i)
            # "de drie ambitielijnen", "alle lijnen": all lines, not line 3
            if i > 0 and (toks[i - 1] in NUMBERS or toks[i - 1].isdigit() or toks[i - 1] in ("alle", "all", "the", "de")):
                used.add(i - 1)
            all_lines = True
            continue
        nxt = toks[i + 1] if i + 1 < len(toks) else ""
        if nxt in ("nr", "nummer", "number", "no"):
            used.add(i + 1)
            nxt = toks[i + 2] if i + 2 < len(toks) else ""
            offset = 2
        else:
            offset = 1
        number = None
        if nxt.isdigit() and len(nxt) <= 2:
            number = int(nxt)
        elif nxt in NUMBERS:
            number = NUMBERS[nxt]
        elif nxt in ORDINALS:
            number = ORDINALS[nxt]
        if number is not None:
            used.update({i, i + offset})
            found = found or number
            continue
        prev = toks[i - 1] if i > 0 else ""
        if prev in ORDINALS:
            used.update({i - 1, i})
            found = found or ORDINALS[prev]
            continue
        used.add(i)
    return found, all_lines and found is None, used
