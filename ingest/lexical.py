"""Dutch tokenisation for BM25: lower case, accents folded, stop words out, Snowball stems."""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache

# Snowball's Dutch stop-word list, trimmed of words that carry meaning in questions here.
DUTCH_STOPWORDS = frozenset(
    """
    aan al alles als altijd andere ben bij daar dan dat de der deze die dit doch doen door dus een
    eens en er ge geen geweest haar had heb hebben heeft hem het hier hij hoe hun iemand iets ik in
    is ja je kan kon kunnen maar me meer men met mij mijn moet na naar niet niets nog nu of om omdat
    onder ons ook op over reeds te tegen toch toen tot u uit uw van veel voor want waren was wat
    werd wezen wie wil worden wordt zal ze zelf zich zij zijn zo zonder zou
    the a an of and or to in on for is are which what
    """.split()
)
_WORD = re.compile(r"[0-9]+(?:[.,][0-9]+)*%?|[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)
_local = threading.local()


def fold(text: str) -> str:
    """Lower case without accents: 'creëren' -> 'creeren'."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _stemmer():
    # PyStemmer objects are not thread-safe; one per thread.
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        import Stemmer

        stemmer = _local.stemmer = Stemmer.Stemmer("dutch")
    return stemmer


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return _stemmer().stemWord(word)


def words(text: str) -> list[str]:
    """Folded word tokens, stop words included (for term-coverage checks)."""
    return [w.replace("’", "'") for w in _WORD.findall(fold(text))]


def tokenize(text: str) -> list[str]:
    """BM25 tokens: folded, stop words removed, stemmed."""
    return [_stem(w) for w in words(text) if w not in DUTCH_STOPWORDS and len(w) > 1 or w.isdigit()]
