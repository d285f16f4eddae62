"""Whether a passage holds the kind of fact a question asks for: an amount, a date, a number of X, ...

Patterns describe the form of a fact (a euro sign, a year, a number before a noun), never
a topic. "Hoeveel mensen ..." is only settled by a number that counts something the
question's "mensen" matches; a year or a number of something else is no answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ingest.dutch import ARTICLES, CARDINALS, MAGNITUDES, MONTHS
from ingest.lexical import fold, words

_MONTHS = "|".join(MONTHS)
_YEAR = r"\b(?:19|20)\d\d\b"
_MONEY = re.compile(r"€|\beuro\b|\beur\b|\bbudget\w*\s+(?:van\s+)?\d", re.IGNORECASE)
_DATE = re.compile(rf"{_YEAR}|\b\d{{1,2}}\s+(?:{_MONTHS})\b|\b(?:{_MONTHS})\b", re.IGNORECASE)
_PERIOD = re.compile(rf"{_YEAR}\s*[-–]\s*(?:19|20)\d\d\b|\b(?:periode|decennia|decennium|jaren)\b", re.IGNORECASE)
_PERCENT = re.compile(r"\d\s*%|\bprocent\b|\bpercent\b", re.IGNORECASE)
_PERSON_TITLE = re.compile(r"\b(?:gouverneur|gedeputeerde|minister|burgemeester|schepen|voorzitter|directeur|de heer|mevrouw|dhr\.|mevr\.)\b", re.IGNORECASE)
# A capitalised word inside a sentence (after a lower-case word or a comma): a proper name.
_PROPER = re.compile(r"(?<=[a-zà-ÿ,;:)]\s)[A-Z][\w’'-]+")
_NAME_PAIR = re.compile(r"(?<=[a-zà-ÿ,;:)]\s)[A-Z][a-zà-ÿ]+\s+(?:(?:van|de|der|den)\s+)*[A-Z][a-zà-ÿ]+\b")
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
    return any(counts(toks[j]) for i in positions for j in range(i + 1, min(len(toks), i + 1 + window)))


def has_fact(kind: str, text: str, question: str = "", counts: Callable[[str], bool] | None = None, window: int = 4,
             known: frozenset[str] = frozenset()) -> bool:
    """Whether ``text`` holds a fact of ``kind`` (percent | money | period | date | person | place | number).

    ``known``: names that are no answer to "where" (the domain's own region, "Limburg").
    """
    if kind == "percent":
        return bool(_PERCENT.search(text))
    if kind == "money":
        return bool(_MONEY.search(text))
    if kind == "period":
        return bool(_PERIOD.search(text))
    if kind == "date":
        return bool(_DATE.search(text))
    asked = set(words(question)) | known
    if kind == "person":
        # A title, or a first and last name that the question does not already name ("Competitief Limburg").
        return bool(_PERSON_TITLE.search(text)) or any(not (set(words(m.group(0))) & asked) for m in _NAME_PAIR.finditer(text))
    if kind == "place":
        # A proper name inside the sentence that the question does not already name.
        return any(not (set(words(m.group(0))) & asked) for m in _PROPER.finditer(text))
    if kind == "number":
        return has_count(text, counts, window)
    return True


def numbers_of(text: str) -> set[str]:
    """Numbers written in digits, normalised ("4,3" and "4.3" alike)."""
    return {m.replace(".", ",") for m in re.findall(r"\d+(?:[.,]\d+)*", text)}
