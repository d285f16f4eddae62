"""Paraphrase invariants: however a list question is put, its answer is the catalog's list.

Generated questions combine verbs, every way to name an ambition line (numbers, number words,
ordinals, typos, English), every cue word of a kind, Dutch and English, with and without
typing errors. For each, the citations must equal the catalog for that line and kind, in
order, and the answer must not be a refusal.
"""

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chatbot.cite import loose

WORDS_NL = {1: "een", 2: "twee", 3: "drie"}
ORDINALS_NL = {1: "eerste", 2: "tweede", 3: "derde"}
ORDINALS_EN = {1: "first", 2: "second", 3: "third"}


def typo(word: str, rng: random.Random) -> str:
    """One typing error: a letter dropped, doubled or two letters swapped (not the first)."""
    i = rng.randrange(2, len(word) - 1)
    return rng.choice([word[:i] + word[i + 1 :], word[:i] + word[i] + word[i:], word[:i - 1] + word[i] + word[i - 1] + word[i + 1 :]])


def line_reference_nl(n: int, form: int, rng: random.Random, typos: bool) -> str:
    line_word = typo("ambitielijn", rng) if typos else "ambitielijn"
    return [
        f"{line_word} {n}", f"{line_word} {WORDS_NL[n]}", f"de {ORDINALS_NL[n]} {line_word}", f"lijn {n}",
        f"ambitie lijn {n}", f"{line_word}{n}", f"{line_word} nr. {n}", f"de {n}e lijn",
    ][form % 8]


def line_reference_en(n: int, form: int) -> str:
    return [f"ambition line {n}", f"the {ORDINALS_EN[n]} ambition line", f"line {n}", f"ambition line number {n}"][form % 4]


KINDS_NL = {"actie": ["acties", "voorbeeldacties", "maatregelen", "actiepunten"], "kpi": ["KPI's", "kpi's", "KPIs", "indicatoren", "kengetallen"]}
KINDS_EN = {"actie": ["actions", "measures"], "kpi": ["KPIs", "indicators"]}
TEMPLATES_NL = [
    "Welke {kind} vallen onder {line}?", "Welke {kind} horen bij {line}?", "Welke {kind} worden voorgesteld in {line}?",
    "Welke {kind} zijn gepland binnen {line}?", "Wat zijn de {kind} van {line}?", "Geef alle {kind} van {line}",
    "Som de {kind} van {line} op.", "{kind} {line}", "welke {kind} noemt {line} eigenlijk", "Hoeveel {kind} telt {line}?",
    "Kan je de {kind} van {line} opsommen?", "wat staat er aan {kind} in {line}",
]
TEMPLATES_EN = [
    "Which {kind} belong to {line}?", "What {kind} are part of {line}?", "List the {kind} of {line}.",
    "Show me all {kind} in {line}", "How many {kind} does {line} have?", "{kind} of {line}?",
]


@st.composite
def list_questions(draw):
    n = draw(st.sampled_from([1, 2, 3]))
    kind = draw(st.sampled_from(["actie", "kpi"]))
    english = draw(st.booleans())
    typos = draw(st.booleans())
    form = draw(st.integers(0, 7))
    rng = random.Random(draw(st.integers(0, 10_000)))
    if english:
        template = draw(st.sampled_from(TEMPLATES_EN))
        question = template.format(kind=draw(st.sampled_from(KINDS_EN[kind])), line=line_reference_en(n, form))
    else:
        template = draw(st.sampled_from(TEMPLATES_NL))
        question = template.format(kind=draw(st.sampled_from(KINDS_NL[kind])), line=line_reference_nl(n, form, rng, typos))
    if draw(st.booleans()):
        question = question.lower()
    return n, kind, question


def list_answer_is_the_catalog(bot, case) -> None:
    n, kind, question = case
    answer = bot.ask(question)
    expected = [loose(item["text"]) for item in bot.catalog(ambitielijn=n, kind=kind)]
    assert answer["answerable"] != "nee", (question, answer["answer"][:200])
    quotes = [loose(c["quote"]) for c in answer["citations"]]
    # The items, in order; a count may quote after them the sentence that introduces them.
    assert quotes[: len(expected)] == expected and len(quotes) <= len(expected) + 1, question
    assert str(len(expected)) in answer["answer"]


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=list_questions())
def test_list_questions_in_any_words_give_the_catalog(bot, case):
    list_answer_is_the_catalog(bot, case)


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=list_questions())
def test_list_questions_in_any_words_give_the_catalog_many_examples(bot, case):
    """Not derandomized: each full run tries other wordings than the quick run's fixed ones."""
    list_answer_is_the_catalog(bot, case)
