"""A count the text states itself: "Het woonplan telt drie strategische doelstellingen."

An answer that counts parts or items from the document's structure also quotes the sentence
in which the document gives that number for the same thing, when there is one: the count is
then the document's own words, not only the service's reading of its layout.
"""

from __future__ import annotations

import re

from ingest.chunk import Chunk
from ingest.dutch import CARDINALS, sentence_spans
from chatbot.values import related_word
from ingest.lexical import fold

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
# How many words may stand between the number and the counted noun ("drie strategische doelstellingen").
_GAP = 3


def _number(token: str) -> int | None:
    if token.isdigit():
        return int(token)
    return CARDINALS.get(token)


def _same_noun(word: str, asked: frozenset[str]) -> bool:
    """The counted noun in the question's form or another ("prioriteiten", "prioriteit")."""
    return len(word) >= 4 and related_word(word, asked)


def states_count(sentence: str, count: int, nouns: frozenset[str]) -> bool:
    """Whether ``sentence`` gives ``count`` (in digits or words) for one of ``nouns`` (folded)."""
    tokens = [fold(m.group(0)) for m in _TOKEN.finditer(sentence)]
    for i, token in enumerate(tokens):
        if _number(token) != count or (i > 0 and _same_noun(tokens[i - 1], nouns)):
            continue  # not this count, or a label's number ("werf 3")
        if any(_same_noun(w, nouns) for w in tokens[i + 1 : i + 2 + _GAP]):
            return True
    return False


def stated_count(chunks: list[Chunk], sources: set[str], count: int, nouns: frozenset[str]) -> tuple[Chunk, str] | None:
    """The first passage of ``sources`` (not a heading) with a sentence that states ``count`` of ``nouns``."""
    if count < 2 or not nouns:
        return None
    for chunk in chunks:
        if chunk.source not in sources or chunk.heading or chunk.kind == "titel":
            continue
        for start, end in sentence_spans(chunk.text):
            sentence = chunk.text[start:end]
            if states_count(sentence, count, nouns):
                return chunk, sentence
    return None


__all__ = ["stated_count", "states_count"]
