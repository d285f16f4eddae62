"""The one decision, from a table: which evidence gives ja, deels or nee, and why."""

import pytest

from chatbot.decide import REASONS, Decision, Evidence, decide
from chatbot.tuning import Tuning

T = Tuning()
ABOUT = dict(passages=5, best_dense=0.86, coverage=0.8, all_coverage=0.8, known_terms=2)

CASES = [
    # structure: lists, counts, lines
    (Evidence("list", items=14), "ja", "structure"),
    (Evidence("count", items=3), "ja", "structure"),
    (Evidence("list", items=0), "nee", "no_items"),
    (Evidence("list", line_exists=False, items=0), "nee", "unknown_line"),
    (Evidence("line_title", line_exists=True, items=1), "ja", "structure"),
    (Evidence("lines", items=0), "nee", "no_items"),
    # names: the passages that name something ("Welke regio's worden bij naam genoemd?")
    (Evidence("names", items=8), "ja", "names"),
    (Evidence("names", items=0), "nee", "no_items"),
    (Evidence("names", items=8, unknown_names=1), "deels", "partial"),
    # verbatim checks
    (Evidence("verbatim", verbatim_ratio=1.0), "ja", "verbatim_found"),
    (Evidence("verbatim", verbatim_ratio=1.0, verbatim_differs_in=("case",)), "ja", "verbatim_case_only"),
    (Evidence("verbatim", verbatim_ratio=1.0, verbatim_differs_in=("case", "spacing")), "ja", "verbatim_case_only"),
    (Evidence("verbatim", verbatim_ratio=0.9), "ja", "verbatim_differs"),
    (Evidence("verbatim", verbatim_ratio=0.6), "deels", "verbatim_related"),
    (Evidence("verbatim", verbatim_ratio=0.2), "nee", "verbatim_absent"),
    # no comparable wording, but a passage with most of its words: said in other words
    (Evidence("verbatim", verbatim_ratio=0.0, verbatim_topic=True), "deels", "verbatim_related"),
    # factual: refusal only on positive evidence
    (Evidence("factual", **ABOUT), "ja", "passage"),
    (Evidence("factual", **{**ABOUT, "coverage": 0.3}), "deels", "partial"),
    # its topic words are there, but a word the documents lack weighs as much
    (Evidence("factual", **{**ABOUT, "coverage": 1.0, "all_coverage": 0.4}), "deels", "partial"),
    # ... unless the kind of fact asked for is there ("Hoeveel nationaliteiten wonen er?")
    (Evidence("factual", **{**ABOUT, "coverage": 1.0, "all_coverage": 0.4, "asks_for": "number", "fact_found": True}), "ja", "passage"),
    (Evidence("factual", **{**ABOUT, "asks_for": "money", "fact_found": False}), "nee", "missing_fact"),
    (Evidence("factual", **{**ABOUT, "asks_for": "money", "fact_found": True}), "ja", "passage"),
    (Evidence("factual", **{**ABOUT, "asks_for": "number", "unknown_numbers": ("2030",)}), "nee", "unknown_number"),
    # a year no document has, without asking a fact of it, is no reason to refuse
    (Evidence("factual", **{**ABOUT, "unknown_numbers": ("2030",)}), "ja", "passage"),
    (Evidence("factual", passages=5, best_dense=0.70, coverage=0.0, all_coverage=0.0), "nee", "off_topic"),
    # none of its words, but close in meaning: the nearest passages, marked as such
    (Evidence("factual", passages=5, best_dense=0.90, coverage=0.0, all_coverage=0.0), "deels", "related"),
    # ... unless the question names something no document names: the nearest passages are not about it
    (Evidence("factual", passages=5, best_dense=0.90, coverage=0.0, all_coverage=0.0, unknown_names=1, unknown_names_asked=1),
     "nee", "unknown_name"),
    # a name in the asker's own situation ("Ik kom uit Polen, …") is not what is asked
    (Evidence("factual", passages=5, best_dense=0.90, coverage=0.0, all_coverage=0.0, unknown_names=1), "deels", "related"),
    # words known but meaning far: still about the topic
    (Evidence("factual", passages=5, best_dense=0.70, coverage=0.8, all_coverage=0.8, known_terms=1), "ja", "passage"),
    (Evidence("factual", passages=0), "nee", "nothing_found"),
    (Evidence("factual", line_exists=False, **ABOUT), "nee", "unknown_line"),
    # topic answers
    (Evidence("topic", items=5, **ABOUT), "ja", "topic_items"),
    (Evidence("topic", items=0, **{**ABOUT, "coverage": 0.3}), "deels", "partial"),
    (Evidence("which_line", **ABOUT), "ja", "passage"),
    # a name no document has ("Wat doet de provincie met de Corda Campus?"): passages on the rest are partial
    (Evidence("factual", **{**ABOUT, "unknown_names": 1}), "deels", "partial"),
    (Evidence("topic", items=5, **{**ABOUT, "unknown_names": 1}), "deels", "partial"),
    # ... and it is no reason to refuse what the documents do answer
    (Evidence("factual", **{**ABOUT, "unknown_names": 1, "asks_for": "money", "fact_found": False}), "nee", "missing_fact"),
    # the named thing the question is about ("Welke rol krijgt de UHasselt?") is in no document
    (Evidence("factual", **{**ABOUT, "unknown_names": 1, "unknown_subjects": ("UHasselt",)}), "nee", "unknown_name"),
    (Evidence("topic", items=5, **{**ABOUT, "unknown_names": 1, "unknown_subjects": ("Corda Campus",)}), "nee", "unknown_name"),
    (Evidence("factual", **{**ABOUT, "coverage": 0.0, "all_coverage": 0.0, "unknown_subjects": ("KU Leuven",)}), "nee", "unknown_name"),
    # a list asked by line and kind is answered from the structure, whatever else it names
    (Evidence("list", items=14, unknown_subjects=("VOKA",)), "ja", "structure"),
    # a kind asked with no item of it about the topic ("Welke acties gaan over wonen?"): none, even where
    # passages are about it; a refusal of its own kind stands
    (Evidence("topic", items=0, kind_asked=True, **ABOUT), "nee", "no_items"),
    (Evidence("topic", items=0, kind_asked=True, passages=5, best_dense=0.70, coverage=0.0, all_coverage=0.0), "nee", "no_items"),
    (Evidence("topic", items=0, kind_asked=True, **{**ABOUT, "unknown_subjects": ("Corda Campus",)}), "nee", "unknown_name"),
    (Evidence("topic", items=0, kind_asked=True, line_exists=False, **ABOUT), "nee", "unknown_line"),
    # a typed value asked of a subject: a target value, a field, an organisation
    (Evidence("factual", **{**ABOUT, "asks_for": "target", "fact_found": False}), "nee", "missing_fact"),
    (Evidence("factual", **{**ABOUT, "asks_for": "field", "fact_found": True}), "ja", "passage"),
    (Evidence("factual", **{**ABOUT, "asks_for": "organisation", "fact_found": False}), "nee", "missing_fact"),
]


@pytest.mark.parametrize("evidence, answerable, reason", CASES)
def test_decision_table(evidence, answerable, reason):
    decision = decide(evidence, T)
    assert (decision.answerable, decision.reason) == (answerable, reason)
    assert decision.reason in REASONS[decision.answerable]


def test_missing_fact_names_the_kind():
    e = Evidence("factual", **{**ABOUT, "asks_for": "date", "fact_found": False})
    assert decide(e, T) == Decision("nee", "missing_fact", "date")


def test_thresholds_come_from_tuning():
    e = Evidence("factual", passages=5, best_dense=0.83, coverage=0.0, all_coverage=0.0)
    assert decide(e, Tuning(off_topic_dense=0.82)).answerable == "deels"
    assert decide(e, Tuning(off_topic_dense=0.84)).answerable == "nee"


def test_every_reason_is_reachable_from_the_table():
    seen = {reason for _, _, reason in CASES}
    assert set().union(*map(set, REASONS.values())) <= seen
