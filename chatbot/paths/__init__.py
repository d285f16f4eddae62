"""Answer paths: one module per kind of question, each with ``run(q, ctx) -> Draft``; ``choose`` picks one.

The paths gather evidence and draft an answer; ``chatbot.decide.decide`` says whether it answers.
The path is chosen once, before any runs, and no path calls another: a question about a topic
with no items about it goes to the passages (``factual``), a broad question with enough items
about its topic to their list (``topic.broad``).
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

import numpy as np

from chatbot.answer import Context, Draft, Question

from chatbot.paths import compare, factual, lines, listing, names, parts, topic, verbatim, which_line
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


def choose(q: Question, ctx: Context) -> Callable[[Question, Context], Draft]:
    """The one path that answers a question: by its intent, where the topic's items settle which."""
    module = route(q.u)
    if compare.applies(q, ctx):
        # "Welke pijler krijgt het meeste geld?": the values of the parts or items compared.
        return compare.run
    if module is factual and topic.answers_broad(q, ctx):
        # A question about a topic as a whole lists every item about it.
        return topic.broad
    if module is topic and not topic.answers(q, ctx):
        return factual.run
    if module is topic and not topic.found(q, ctx)[1] and as_counted_fact(q.u) is not None:
        return count_in_text
    return module.run


def count_in_text(q: Question, ctx: Context) -> Draft:
    """A count of items none of which is about the topic ("Hoeveel projecten werden afgerond?"): the
    count the text gives ("12 projecten die … werden afgerond"), else the topic's refusal."""
    counted = as_counted_fact(q.u)
    assert counted is not None  # chosen only for a count
    draft = factual.run(ctx.bind(counted, q.vector), ctx)
    return draft if draft.decision.answerable != "nee" else topic.run(q, ctx)


def compose(u: Understanding, ctx: Context, vector: np.ndarray | None = None) -> Draft:
    """The Draft for a question. Without ``vector``, the query embedding is made if the path needs one."""
    q = ctx.bind(u, vector)
    return choose(q, ctx)(q, ctx)
