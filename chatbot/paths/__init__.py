"""Answer paths: one module per kind of question, each with ``run(u, ctx) -> Draft``; ``compose`` chooses one.

The paths gather evidence and draft an answer; ``chatbot.decide.decide`` says whether it answers.
No path calls another: where one does not apply (a topic with no items about it), ``compose``
takes the next.
"""

from __future__ import annotations

from types import ModuleType

import numpy as np

from chatbot.answer import Context, Draft

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
    as_counted_fact,
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


def compose(u: Understanding, ctx: Context, vector: np.ndarray | None = None) -> Draft:
    """The Draft for a question. Without ``vector``, the query embedding is made if the path needs one."""
    view = ctx.bind(u, vector)
    module = route(u)
    if module is factual:
        # A question about a topic as a whole lists every item about it.
        draft = topic.broad(u, view)
        if draft is not None:
            return draft
    draft = module.run(u, view)
    if draft is not None:
        return draft
    counted = as_counted_fact(u) if module is topic else None
    if counted is not None:
        # No items about the topic: a count the text gives ("12 projecten die … werden afgerond"), or a refusal.
        draft = factual.run(counted, ctx.bind(counted, vector))
        if draft.decision.answerable != "nee":
            return draft
        return topic.refusal(u, view) or draft
    return factual.run(u, view)
