"""The one decision whether the documents answer a question: ``ja``, ``deels`` or ``nee``, with a reason.

A pure function of the evidence an answer path gathered. Refusal needs positive evidence:
the line or kind asked for does not exist, the kind of fact asked for (an amount, a date,
a number of something, ...) is in none of the best passages, a number or year the question
names is in no document, the named thing it is about is in no document, or nothing in the documents is about the question at all. When
passages are about the topic but do not settle it, the answer is ``deels`` with them.
"""

from __future__ import annotations

from dataclasses import dataclass

from chatbot.tuning import Tuning

# Machine-readable reasons, by answer status.
REASONS = {
    "ja": ("structure", "names", "verbatim_found", "verbatim_case_only", "verbatim_differs", "topic_items", "passage"),
    "deels": ("partial", "related", "verbatim_related"),
    "nee": ("unknown_line", "no_items", "verbatim_absent", "nothing_found", "unknown_number", "unknown_name", "missing_fact", "off_topic"),
}


@dataclass(frozen=True)
class Evidence:
    """What an answer path found for a question (see ``chatbot/evidence.py``)."""

    path: str  # list | count | lines | line_title | names | verbatim | topic | which_line | factual
    line_exists: bool | None = None  # None when the question names no line
    items: int | None = None  # structural paths and topic answers: items found
    verbatim_ratio: float | None = None  # verbatim checks: 1.0 found, else similarity of the closest wording
    verbatim_differs_in: tuple[str, ...] = ()  # found, but with other capitals ("case") or spacing ("spacing")
    verbatim_topic: bool = False  # no comparable wording, but a passage with most of its words (said otherwise)
    passages: int = 0  # ranked passages available
    asks_for: str | None = None  # the kind of fact asked for
    fact_found: bool | None = None  # None when nothing in particular is asked for
    unknown_numbers: tuple[str, ...] = ()  # numbers/years of the question in no document
    best_dense: float = 0.0  # similarity of the question to its best passage
    coverage: float = 0.0  # share of the question's topic words in the quoted passages
    all_coverage: float = 0.0  # share of all its content words (known or not) in the best passages
    known_terms: int = 0  # question words the documents contain
    unknown_names: int = 0  # names in the question ("Corda Campus") that no document has
    unknown_subjects: tuple[str, ...] = ()  # of those, the ones the question is about ("de UHasselt")
    unknown_names_asked: int = 0  # of those, the ones outside the asker's own situation ("ik kom uit Polen")
    kind_asked: bool = False  # the question names a kind of item ("Welke acties gaan over ...")


@dataclass(frozen=True)
class Decision:
    answerable: str  # ja | deels | nee
    reason: str
    detail: str | None = None  # e.g. the missing kind of fact ("money")


def decide(e: Evidence, t: Tuning) -> Decision:
    """``ja | deels | nee`` with a machine-readable reason."""
    if e.path == "topic" and e.kind_asked and not e.items and e.line_exists is not False:
        # "Welke acties gaan over X?" with no action about X: the passages do not make an action of it.
        d = _decide(e, t)
        return d if d.answerable == "nee" and d.reason not in ("off_topic", "no_items") else Decision("nee", "no_items")
    return _decide(e, t)


def _decide(e: Evidence, t: Tuning) -> Decision:
    if e.line_exists is False:
        return Decision("nee", "unknown_line")
    if e.path in ("list", "count", "lines", "line_title"):
        return Decision("ja", "structure") if e.items else Decision("nee", "no_items")
    if e.path == "names":
        # Passages that name something; with a name the question has and no document ("Welke
        # bedrijven uit Japan ..."), they do not settle which of the names are meant.
        if not e.items:
            return Decision("nee", "no_items")
        return Decision("deels", "partial", "name") if e.unknown_names else Decision("ja", "names")
    if e.path == "verbatim":
        ratio = e.verbatim_ratio or 0.0
        if ratio >= 1.0:
            # The same words in the same order; other capitals or spacing are said, not called "niet letterlijk".
            if e.verbatim_differs_in:
                return Decision("ja", "verbatim_case_only", ",".join(e.verbatim_differs_in))
            return Decision("ja", "verbatim_found")
        if ratio >= t.verbatim_close:
            return Decision("ja", "verbatim_differs")
        if ratio >= t.verbatim_related or e.verbatim_topic:
            return Decision("deels", "verbatim_related")
        return Decision("nee", "verbatim_absent")
    if e.passages == 0 and not e.items:
        return Decision("nee", "nothing_found")
    if e.unknown_numbers and e.asks_for:
        # "Hoeveel starters waren er in 2022?": asks a fact for a year no document mentions.
        return Decision("nee", "unknown_number", ",".join(e.unknown_numbers))
    if e.unknown_subjects:
        # "Welke rol krijgt de UHasselt?": about something named that no document names.
        return Decision("nee", "unknown_name", ", ".join(e.unknown_subjects))
    if e.asks_for and e.fact_found is False:
        return Decision("nee", "missing_fact", e.asks_for)
    if e.all_coverage < t.off_topic_coverage:
        if e.best_dense < t.off_topic_dense:
            return Decision("nee", "off_topic")
        if e.unknown_names_asked and not e.known_terms:
            # Something named that no document names, and hardly any other word of the question in
            # them ("Welke rol speelt Pukkelpop in de strategie?"): the nearest passages are not about it.
            return Decision("nee", "unknown_name", "name")
        # None of its words, but close in meaning ("gamers" and "e-sports"): the nearest passages.
        return Decision("deels", "related")
    if e.unknown_names:
        # The question is about something named that no document names: passages on the rest
        # of it do not settle it.
        return Decision("deels", "partial", "name")
    if e.path == "topic" and e.items:
        return Decision("ja", "topic_items")
    if e.coverage >= t.yes_coverage and (e.all_coverage >= t.yes_all_coverage or e.fact_found):
        return Decision("ja", "passage")
    # Passages about some of it; a word the documents lack ("windmolens") is not settled.
    return Decision("deels", "partial")
