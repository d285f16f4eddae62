"""Answer paths: one module per kind of question, each with ``run(u, ctx) -> Draft``."""

from __future__ import annotations

from types import ModuleType

from chatbot.paths import factual, lines, listing, names, parts, topic, verbatim, which_line
from chatbot.understand import (
    INTENT_COUNT,
    INTENT_LINE_TITLE,
    INTENT_LINES,
    INTENT_LIST,
    INTENT_NAMES,
    INTENT_PARTS,
    INTENT_TOPIC,
    INTENT_VERBATIM,
    INTENT_WHICH_LINE,
    Understanding,
)

PATHS: dict[str, ModuleType] = {
    INTENT_LIST: listing,
    INTENT_COUNT: listing,
    INTENT_TOPIC: topic,
    INTENT_LINE_TITLE: lines,
    INTENT_LINES: lines,
    INTENT_WHICH_LINE: which_line,
    INTENT_VERBATIM: verbatim,
    INTENT_NAMES: names,
    INTENT_PARTS: parts,
}


def route(u: Understanding) -> ModuleType:
    """The path module for a question's intent (factual for everything else)."""
    if u.intent == INTENT_VERBATIM and not u.phrase:
        return factual
    return PATHS.get(u.intent, factual)
