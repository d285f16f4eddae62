"""Whether a passage holds the kind of fact a question asks for: an amount, a date, a number of X, ...

Patterns describe the form of a fact (a euro sign, a year, a number before a noun), never
a topic. "Hoeveel mensen ..." is only settled by a number that counts something the
question's "mensen" matches; a year or a number of something else is no answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from chatbot.lexicon import typed_compound
from chatbot.values import TYPES, measures, values_of_type
from ingest.structure import FIELD, TABLE_FIELD
from ingest.dutch import ARTICLES, CARDINALS, MAGNITUDES
from ingest.lexical import fold, words

# Number words that count something ("twaalf acties", "duizenden bezoekers"); not "een", the article.
_COUNT_WORDS = (frozenset(CARDINALS) - ARTICLES) | MAGNITUDES
_NUMBER_TOKEN = re.compile(r"^\d+(?:[.,]\d+)*$")


def _count_positions(tokens: list[str]) -> list[int]:
    """Positions of numbers that count something (not years, not percentages)."""
    out = []
    for i, tok in enumerate(tokens):
        if _NUMBER_TOKEN.match(tok):
            if re.fullmatch(r"(?:19|20)\d\d", tok):
                continue
            out.append(i)
        elif tok in _COUNT_WORDS:
            out.append(i)
    return out


def _raw_tokens(text: str) -> list[str]:
    return re.findall(r"\d+(?:[.,]\d+)*%?|[^\W\d_]+(?:['’][^\W\d_]+)?", fold(text))


def has_count(text: str, counts: Callable[[str], bool] | None, window: int) -> bool:
    """A number in ``text`` that counts what ``counts`` accepts (any number when it is None)."""
    toks = [t for t in _raw_tokens(text) if not t.endswith("%")]
    positions = _count_positions(toks)
    if counts is None:
        return bool(positions)
    return any(counts(toks[j]) for i in positions for j in range(i + 1, min(len(toks), i + 1 + window))) or bool(
        measures(text, counts, window))


def has_fact(kind: str, text: str, question: str = "", counts: Callable[[str], bool] | None = None, window: int = 4,
             known: frozenset[str] = frozenset()) -> bool:
    """Whether ``text`` holds a value of ``kind`` (``chatbot.values.TYPES``) that answers the question.

    ``known``: names that are no answer to "where" or "who" (the domain's own region, "Limburg").
    """
    asked = frozenset(words(question)) | known
    if kind == "number" and counts is not None:
        return has_count(text, counts, window)
    return bool(values_of_type(text, kind, asked, counts, window)) if kind in TYPES else True



def fields(text: str) -> list[tuple[str, str]]:
    """The ``Label: waarde`` fields of a text, as (label, value) written."""
    return [(m.group("label"), m.group("value").strip()) for pattern in (FIELD, TABLE_FIELD) for m in pattern.finditer(text)]


# An empty cell or field, or one that says its value is still to come ("p.m.", "nader te bepalen",
# "nog niet geraamd", "te bepalen na de studiefase", "n.b."): no value.
EMPTY_CELL = re.compile(r"^\s*(?:(?:[-–—]+|n\.?v\.?t\.?|nvt|onbekend|/|p\.?\s?m\.?|n\.?b\.?|n\.?t\.?b\.?|tbd|volgt|\?)\s*$"
                        r"|(?:nog\s+|nader\s+)?(?:te\s+bepalen|in\s+te\s+vullen|vast\s+te\s+stellen)\b"
                        r"|nog\s+(?:niet|onbekend)\b|^\s*$)", re.IGNORECASE)


def field_value(text: str, question_words: tuple[str, ...], pairs: list[tuple[str, str]] | None = None
                ) -> tuple[str, str] | None:
    """(question word, value) of a field whose label is a word of the question ("Wat is het budget?" and
    "Budget: € 650.000"); compounds count by their head ("projectbudget" is a budget). ``pairs``: the
    (label, value) pairs to look in, by default the ``Label: waarde`` lines of ``text``. An empty value
    ("–") is returned as "": the field is there and says nothing."""
    from chatbot.understand import same_word

    for label, value in (fields(text) if pairs is None else pairs):
        value = "" if EMPTY_CELL.match(value) else value
        # A label's words in brackets qualify it ("Basis (jaar)"): "per jaar" does not name that column.
        label_words = words(re.sub(r"\([^)]*\)", " ", label)) or words(label)
        for w in question_words:
            if any(same_word(w, lw) or (len(lw) >= 5 and w.endswith(lw)) or (len(w) >= 5 and lw.endswith(w))
                   or _inflection(w, lw) or _agent_noun(w, lw) or typed_compound(w, lw) for lw in label_words):
                return w, value
    return None




def _inflection(a: str, b: str) -> bool:
    """One short word and its plural or inflected form ("kost", "kosten"; "doel", "doelen")."""
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 3 and long_[len(short):] in ("en", "e", "s", "n") and long_.startswith(short)


def _agent_noun(verb: str, noun: str) -> bool:
    """A verb form and the noun for who does it: "trekt" and "trekker", "coördineert" and "coördinator"."""
    n = 0
    while n < min(len(verb), len(noun)) and verb[n] == noun[n]:
        n += 1
    return n >= 4 and len(verb) - n <= 2 and 2 <= len(noun) - n <= 3 and noun.endswith(("er", "or", "ster"))


def numbers_of(text: str) -> set[str]:
    """Numbers written in digits, normalised ("4,3" and "4.3" alike)."""
    return {m.replace(".", ",") for m in re.findall(r"\d+(?:[.,]\d+)*", text)}
