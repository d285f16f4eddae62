"""Dutch tokenisation for BM25: lower case, accents folded, stop words out, Snowball stems."""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache

# Function words of questions asked in English ("Which actions ..."), next to the Dutch list.
_ENGLISH_STOPWORDS = frozenset("the a an of and or to in on for is are which what".split())
_WORD = re.compile(r"[0-9]+(?:[.,][0-9]+)*%?|[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)
_local = threading.local()


def fold(text: str) -> str:
    """Lower case without accents: 'creëren' -> 'creeren'."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """BM25's stop words: bm25s's Dutch list (Snowball's) and a few English function words.

    Imported on first use: importing bm25s loads scipy (about 130 ms), which commands that
    never search, such as ``vraagbaak status``, do without. Changing this list changes the
    BM25 tokens, and so retrieval: re-ingest and check ``vraagbaak eval --gate``.
    """
    from bm25s.stopwords import STOPWORDS_DUTCH

    return frozenset(STOPWORDS_DUTCH) | _ENGLISH_STOPWORDS


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
    stop = stopwords()
    return [_stem(w) for w in words(text) if w not in stop and len(w) > 1 or w.isdigit()]
