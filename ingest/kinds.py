"""The roles of a policy document's items (action, KPI, analysis point, project), from ``data/kinds.toml``.

Each document names its items in its own words ("maatregelen", "indicatoren", "acties"); the
cue words of a kind map them to one role, for the structure parser and for questions alike.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from ingest.lexical import fold

DATA = files("ingest") / "data"


@dataclass(frozen=True)
class Kind:
    name: str
    unit: str  # item | document
    singular: frozenset[str]
    plural: frozenset[str]

    @property
    def cues(self) -> frozenset[str]:
        return self.singular | self.plural


@lru_cache(maxsize=1)
def _raw() -> dict:
    with (DATA / "kinds.toml").open("rb") as fh:
        return tomllib.load(fh)


@lru_cache(maxsize=1)
def kinds() -> dict[str, Kind]:
    """The kinds of items, in the order the data file declares them."""
    return {
        name: Kind(name, spec.get("unit", "item"), frozenset(map(fold, spec["singular"])), frozenset(map(fold, spec["plural"])))
        for name, spec in _raw().items()
        if "singular" in spec
    }


@lru_cache(maxsize=1)
def apparatus_words() -> frozenset[str]:
    """Labels of numbered things that are no part of a plan ("Tabel 2", "Bijlage 1")."""
    return frozenset(map(fold, _raw().get("apparatus", {}).get("words", [])))


_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def exact_kind(word: str) -> tuple[str | None, bool]:
    """(kind, plural) that one folded word names as a cue word itself ("acties", "KPI's"); else (None, False)."""
    word = word.replace("’", "'")
    for kind in kinds().values():
        if word in kind.plural:
            return kind.name, True
        if word in kind.singular:
            return kind.name, False
        if word.endswith("'s") and word[:-2] in kind.singular:
            return kind.name, True  # "actie's": a plural written with an apostrophe
    return None, False


def cue_kind(word: str) -> tuple[str | None, bool]:
    """(kind, plural) that one folded word names, itself or as the head of a compound
    ("voorbeeldacties", "klimaatmaatregelen"); (None, False) otherwise."""
    found = exact_kind(word)
    if found[0] is not None:
        return found
    for kind in kinds().values():
        for cue in kind.plural:
            if len(cue) >= 6 and word.endswith(cue) and len(word) - len(cue) >= 4:
                return kind.name, True
    return None, False


def heading_kind(text: str) -> str | None:
    """The kind a heading announces a list of ("Maatregelen", "Welke KPI's …?", "Voorbeeldacties"):
    the first word of the heading that is a plural cue (or a compound with one as its head)."""
    for token in _TOKEN.findall(fold(text)):
        kind, plural = cue_kind(token)
        if kind is not None and plural:
            return kind
    return None


def label_kind(label: str) -> str | None:
    """The kind an item label names ("Actie", "Maatregel", "Project", "Indicator"), singular or plural."""
    tokens = _TOKEN.findall(fold(label))
    return cue_kind(tokens[-1])[0] if tokens else None
