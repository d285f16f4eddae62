"""Facts of the Dutch language the code relies on: number words, ordinals, months, weekdays, sentence ends.

One table each, used by the structure parser (``Ambitielijn twee``), the line references
in questions (``de derde lijn``), the fact patterns (``Hoeveel ...``, dates) and the
verifier of a language model's text (numbers and dates must be in the passages).

Kept by hand: these are some forty fixed words. ``num2words`` (PyPI) would spell the same
numbers, at the cost of a dependency, and could not say what the code needs besides the
spelling: which words are also the article "een" and which name an amount without one value.
"""

from __future__ import annotations

import re

# Number words with their value. "een" is also the indefinite article: ``ARTICLES``.
CARDINALS: dict[str, int] = {
    "een": 1, "één": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8, "negen": 9,
    "tien": 10, "elf": 11, "twaalf": 12, "dertien": 13, "veertien": 14, "vijftien": 15, "zestien": 16,
    "zeventien": 17, "achttien": 18, "negentien": 19, "twintig": 20, "dertig": 30, "veertig": 40, "vijftig": 50,
    "zestig": 60, "zeventig": 70, "tachtig": 80, "negentig": 90, "honderd": 100, "duizend": 1000,
}
ARTICLES = frozenset({"een", "één"})
# Amounts without one value: "honderden bezoekers", "3 miljoen euro" (a multiplier).
MAGNITUDES = frozenset({"honderden", "duizenden", "miljoen", "miljoenen", "miljard", "miljarden"})
ORDINALS: dict[str, int] = {
    "eerste": 1, "tweede": 2, "derde": 3, "vierde": 4, "vijfde": 5, "zesde": 6, "zevende": 7, "achtste": 8,
    "negende": 9, "tiende": 10, "elfde": 11, "twaalfde": 12,
}
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december")
WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")


def number_value(word: str) -> int | None:
    """The value of a cardinal or ordinal number word ("drie", "derde" -> 3), else None."""
    word = word.lower()
    return CARDINALS.get(word, ORDINALS.get(word))


# -- sentences ---------------------------------------------------------------------------------
# A sentence ends with . ! ? or … (possibly several), then closing quotes or brackets, then any
# citation markers "[1]" that belong to it, before white space or the end of the text.
_SENTENCE_END = re.compile(r"[.!?…]+[”\"'»)]*(?:\s*\[[^\]]{1,20}\])*(?=\s|$)")
# ... but not after an abbreviation ("bv. in Genk", "o.a. fruit", "p. 5").
_ABBREVIATION = re.compile(r"\b(?:bv|bijv|o\.a|i\.p\.v|m\.a\.w|e\.d|enz|vb|nl|resp|ca|nr|dhr|mevr|p)\.$", re.IGNORECASE)
_LONE_MARKER = re.compile(r"\[\s*\d{1,3}(?:\s*[,;–-]\s*\d{1,3})*\s*\]\s*")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``, without surrounding white space; empty ones left out.

    A sentence ends where a terminal mark is followed by white space and a sentence that
    does not start in lower case; citation markers after the mark stay with the sentence
    before them, as does a last marker on its own. Line breaks are not sentence ends by themselves (split lines first where
    they are). Kept by hand: pysbd (PyPI, rule-based, with Dutch rules) agreed on 82 of
    the corpus's 83 passages but took about 300 times as long (165 ms against 0.5 ms for
    all of them), and on a language model's text it moves "[1][2]" after a full stop to
    the next sentence and cuts „…” quotations after their full stop.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        following = len(text) - len(text[m.end():].lstrip())
        rest = text[following:]
        if not rest:
            break
        if rest[0].islower() or _ABBREVIATION.search(text[start : m.end()]) or _LONE_MARKER.fullmatch(rest):
            continue
        spans.append((start, m.end()))
        start = following
    spans.append((start, len(text)))
    out = []
    for s, e in spans:
        piece = text[s:e]
        if piece.strip():
            s += len(piece) - len(piece.lstrip())
            e -= len(piece) - len(piece.rstrip())
            out.append((s, e))
    return out


_VOWELS = "aeiou"


def singular_forms(plural: str) -> frozenset[str]:
    """Likely singulars of a Dutch plural noun (folded), by the spelling rules: "ingrepen" "ingreep",
    "maatregelen" "maatregel", "bossen" "bos", "bedrijven" "bedrijf", "projecten" "project", "kpi's" "kpi"."""
    word = plural.lower()
    out: set[str] = set()
    if word.endswith(("'s", "’s")):
        out.add(word[:-2])
    elif word.endswith("s") and len(word) > 3:
        out.add(word[:-1])
    if word.endswith("en") and len(word) > 4:
        stem = word[:-2]
        out.add(stem)
        if len(stem) >= 2 and stem[-1] == stem[-2] and stem[-1] not in _VOWELS:
            out.add(stem[:-1])  # "bossen": "bos"
        if stem[-1] in "vz":
            out.add(stem[:-1] + {"v": "f", "z": "s"}[stem[-1]])  # "bedrijven": "bedrijf"
        if len(stem) >= 3 and stem[-1] not in _VOWELS and stem[-2] in _VOWELS and stem[-3] not in _VOWELS:
            out.add(stem[:-1] + stem[-2] + stem[-1])  # "ingrepen": "ingreep" (an open syllable)
    out.discard(word)
    return frozenset(w for w in out if len(w) >= 3)
