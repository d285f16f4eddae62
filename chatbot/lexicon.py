"""Which question words the documents contain, and in which form: Dutch morphology against the corpus.

A question word is matched to the corpus words that express it, by general rules of Dutch
word formation, never by lists of particular words:

- the same word, or the same Snowball stem ("fietspaden" ~ "fietspad");
- a diminutive of it ("winkeltje" -> "winkel", "bedrijfje" -> "bedrijf");
- a long common start ("toeristen" ~ "toerisme", "universiteit" ~ "universitair");
- compounds, both ways: the word inside a corpus compound ("fiets" -> "fietsroutenetwerk",
  "acties" -> "voorbeeldacties"), or a corpus word as the head of the question's compound,
  with its modifier when that is one too ("voorbeeldacties" -> "acties", "voorbeelden";
  "techbedrijfje" -> "bedrijf");
- one typing error in a long word ("fietspaaden").

Closeness in meaning is the embedder's part: it ranks the passages (``chatbot/retrieve.py``).

Weights are inverse document frequencies over the content chunks (headings excluded: they
repeat the words of questions, "Welke KPI's ...", and say nothing about a topic).
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from bm25s.stopwords import STOPWORDS_DUTCH, STOPWORDS_EN
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from ingest.lexical import _stem, fold, words

# Package data (importlib.resources): found in a checkout and in an installed wheel alike.
DATA = files("chatbot") / "data"

MIN_PART = 4  # shortest compound part that counts ("fiets", "pad" does not)
MIN_PREFIX = 5  # shortest common start for two forms of one word ("jonge", "toeris")
PREFIX_SHARE = 0.7  # ... and at least this share of the shorter word
_DIMINUTIVE = re.compile(r"(?:etje|etjes|tje|tjes|pje|pjes|je|jes)$")
_LINKING = ("", "s", "e", "en")  # Dutch linking sounds between compound parts ("bedrijfsleven")
_INFLECTIONS = ("en", "e", "s", "n", "'s", "er", "ers", "ten", "den")


@lru_cache(maxsize=1)
def function_words() -> frozenset[str]:
    """Words that never name a topic: general Dutch and English stop words and the closed
    classes of question words and auxiliary/light verbs (``data/function_words.txt``)."""
    extra: list[str] = []
    for line in (DATA / "function_words.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0]
        extra.extend(fold(w) for w in line.split())
    return frozenset(STOPWORDS_DUTCH) | frozenset(STOPWORDS_EN) | frozenset(extra)


def strip_diminutive(word: str) -> str:
    """'winkeltje' -> 'winkel', 'bedrijfje' -> 'bedrijf'; other words unchanged."""
    base = _DIMINUTIVE.sub("", word)
    return base if len(base) >= MIN_PART and base != word else word


def common_prefix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    return i


@dataclass(frozen=True)
class Match:
    """How a question term is expressed in the corpus."""

    term: str
    forms: frozenset[str]  # corpus words that express the term
    how: str  # exact | stem | diminutive | prefix | compound | part | typo | none

    @property
    def known(self) -> bool:
        return bool(self.forms)


def verb_forms(word: str) -> set[str]:
    """The present-tense and past forms of a Dutch verb stem or of its third person ("open": "opent",
    "openen", "opende"; "opent": "open")."""
    if len(word) < 3:
        return set()
    if word.endswith("t") and len(word) > 3:
        base = word[:-1]
        return {base, base + "en"}
    return {word + "t", word + "en", word + "de", word + "te", word + "d"}


class Lexicon:
    """The corpus vocabulary with document frequencies, and matching of question terms to it."""

    def __init__(self, texts: Iterable[str]) -> None:
        df: Counter = Counter()
        self.text_words: list[frozenset[str]] = []
        for text in texts:
            ws = text_words(text)
            self.text_words.append(ws)
            df.update(ws)
        self.df = df
        self.n = max(1, len(self.text_words))
        self.sorted_words = sorted(df)
        self.reversed_words = sorted(w[::-1] for w in df)
        self.by_stem: dict[str, set[str]] = {}
        for w in df:
            self.by_stem.setdefault(_stem(w), set()).add(w)
        self._cache: dict[str, Match] = {}

    # -- lookup ------------------------------------------------------------------------
    def _with_prefix(self, prefix: str) -> list[str]:
        i = bisect.bisect_left(self.sorted_words, prefix)
        out = []
        while i < len(self.sorted_words) and self.sorted_words[i].startswith(prefix):
            out.append(self.sorted_words[i])
            i += 1
        return out

    def is_word(self, part: str) -> bool:
        """A corpus word, in some inflection ("voorbeeld" of "voorbeelden")."""
        if len(part) < 3:
            return False
        return part in self.df or _stem(part) in self.by_stem or any(part + end in self.df for end in _INFLECTIONS)

    def match(self, term: str) -> Match:
        """The corpus forms of a folded question term (cached)."""
        cached = self._cache.get(term)
        if cached is not None:
            return cached
        result = self._match(term)
        if len(self._cache) < 100_000:
            self._cache[term] = result
        return result

    def _match(self, term: str) -> Match:
        term = term.replace("'s", "").replace("'", "")
        stem = _stem(term)
        forms = set(self.by_stem.get(stem, ()))
        how = "stem" if forms else "none"
        if term in self.df:
            forms.add(term)
            how = "exact"
        compounds = self._compounds(term, stem)
        # A short verb's forms, which the Snowball stemmer leaves apart and too short to share a long
        # start ("open" ~ "opent" ~ "openen").
        verbs = {v for v in verb_forms(term) if v in self.df} if len(term) < MIN_PREFIX else set()
        if verbs and how == "none":
            how = "stem"
        forms |= verbs
        near = self._near(term)
        if compounds - forms and how == "none":
            how = "compound"
        if near - forms - compounds and how == "none":
            how = "prefix"
        forms |= compounds | near
        if how == "prefix" and len(term) >= 8 and max(common_prefix(term, w) for w in near) < 0.75 * len(term):
            # Only much shorter words share its start ("startesfonds" ~ "start"): a typing error of a
            # long word is the nearer relative ("startersfonds").
            forms |= self._typo(term)
        if forms:
            return Match(term, frozenset(forms), how)
        base = strip_diminutive(term)
        if base != term:
            inner = self._match(base)
            if inner.known:
                return Match(term, inner.forms, "diminutive")
        parts = self.split_compound(term)
        if parts:
            return Match(term, frozenset(parts), "part")
        typo = self._typo(term)
        if typo:
            return Match(term, frozenset(typo), "typo")
        return Match(term, frozenset(), "none")

    def _near(self, term: str) -> set[str]:
        """Forms sharing a long start: inflection and derivation ("toeristen" ~ "toerisme", "jongeren" ~ "jonge")."""
        if len(term) < MIN_PREFIX:
            return set()
        return {w for w in self._with_prefix(term[:MIN_PREFIX])
                if common_prefix(term, w) >= max(MIN_PREFIX, math.ceil(PREFIX_SHARE * min(len(term), len(w))))}

    def _compounds(self, term: str, stem: str) -> set[str]:
        """Corpus words with the term as modifier ("fiets" -> "fietspad") or head ("acties" -> "voorbeeldacties")."""
        out: set[str] = set()
        start = stem if len(stem) >= MIN_PART + 1 else (term if len(term) >= MIN_PART + 1 else None)
        if start:
            out.update(w for w in self._with_prefix(start) if _stem(w) == stem or len(w) - len(start) >= MIN_PART - 1)
        if len(term) >= MIN_PART + 1:
            out.update(w for w in self._endings(term) if len(w) - len(term) >= MIN_PART)
        return out

    def _endings(self, term: str) -> list[str]:
        reversed_term = term[::-1]
        i = bisect.bisect_left(self.reversed_words, reversed_term)
        out = []
        while i < len(self.reversed_words) and self.reversed_words[i].startswith(reversed_term):
            out.append(self.reversed_words[i][::-1])
            i += 1
        return out

    def _typo(self, term: str) -> set[str]:
        """One typing error in a long word ("fietspaaden", "toersime")."""
        if len(term) < 7:
            return set()
        found = process.extract(term, self.sorted_words, scorer=Levenshtein.distance, score_cutoff=1, limit=3)
        return {w for w, _, _ in found if abs(len(w) - len(term)) <= 1}

    def split_compound(self, term: str) -> set[str]:
        """Corpus forms of the parts of a compound question word ("techbedrijfje" -> bedrijf, ...).

        The head (last part) decides a Dutch compound's meaning: a known head is returned,
        with the modifier when that is known too; a known modifier alone says too little
        ("laaggeletterdheid" is not about "laag").
        """
        term = strip_diminutive(term)
        best: set[str] = set()
        for cut in range(MIN_PART, len(term) - MIN_PART + 1):
            left, right = term[:cut], term[cut:]
            for link in _LINKING:
                if link and not left.endswith(link):
                    continue
                modifier = left[: len(left) - len(link)] if link else left
                if len(modifier) < MIN_PART - 1:
                    continue
                head_forms = self._simple_forms(right)
                mod_forms = self._simple_forms(modifier)
                found = head_forms | mod_forms
                if head_forms and mod_forms:
                    return found
                if head_forms and len(found) > len(best):
                    best = found
        return best

    def _simple_forms(self, part: str) -> set[str]:
        if len(part) < MIN_PART or part in function_words():
            return set()
        if part in self.df:
            return {part} | self.by_stem.get(_stem(part), set())
        stem = _stem(part)
        # Stems of short parts collide ("nood" and "nodig" share "nod"): only longer parts by stem.
        if stem in self.by_stem and len(part) >= MIN_PREFIX + 1:
            return set(self.by_stem[stem])
        base = strip_diminutive(part)
        if base != part and (base in self.df or _stem(base) in self.by_stem):
            return {base} if base in self.df else set(self.by_stem[_stem(base)])
        return set()

    # -- weights and coverage ----------------------------------------------------------
    def weight(self, term: str) -> float:
        """IDF-like weight of a term: rare forms weigh most; a term the corpus lacks weighs most."""
        m = self.match(term)
        df = max((self.df.get(f, 0) for f in m.forms), default=0)
        return math.log(1 + self.n / (1 + df))

    def found_in(self, term: str, text_words: frozenset[str] | set[str]) -> bool:
        m = self.match(term)
        return bool(m.forms & text_words) or term in text_words

    def coverage(self, terms: Iterable[str], text_words: frozenset[str] | set[str]) -> float:
        """Weighted share of ``terms`` that a text expresses (0..1; 0 without terms)."""
        total = got = 0.0
        for t in terms:
            w = self.weight(t)
            total += w
            if self.found_in(t, text_words):
                got += w
        return got / total if total else 0.0


_HYPHENATED = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)+")


def text_words(text: str) -> frozenset[str]:
    """Folded words of a text; hyphenated words also joined ("start-ups" -> "startups")."""
    found = {w for w in words(text) if not w[0].isdigit()}
    found.update(m.group(0).replace("-", "") for m in _HYPHENATED.finditer(fold(text)))
    return frozenset(found)


def word_matches(term: str, text_words: Iterable[str]) -> bool:
    """Whether a folded word occurs in a text's folded words, inflected or inside a compound.

    Corpus-free (for checking a sentence against its passages): the word itself, a form
    without a Dutch inflection ending, a diminutive's base, or any of these as the start of
    a text word (length >= 4) or inside one (length >= 5).
    """
    base = strip_diminutive(term.replace("'s", ""))
    variants = {term.replace("'s", ""), base}
    for suffix in ("en", "e", "s", "n", "de", "te", "d", "t"):
        if base.endswith(suffix) and len(base) - len(suffix) >= 4:
            variants.add(base[: -len(suffix)])
    text_words = set(text_words)
    for variant in variants:
        if variant in text_words:
            return True
        if len(variant) >= 4 and any(w.startswith(variant) or (len(variant) >= 5 and variant in w) for w in text_words):
            return True
    return False


# Heads of a compound that say the type of a value, not what it is of: "einddatum" is the date of "Einde".
TYPE_HEADS = ("datum", "data", "jaar", "moment", "bedrag", "budget")


def typed_compound(word: str, label_word: str) -> bool:
    """A question word that is a field's label with a type word as head ("einddatum": "Einde",
    "startdatum": "Start", "bijdragebedrag": "Bijdrage")."""
    for head in TYPE_HEADS:
        if word.endswith(head) and len(word) - len(head) >= 4:
            modifier = word[: -len(head)]
            return modifier == label_word or (label_word.startswith(modifier) and len(label_word) - len(modifier) <= 1)
    return False
