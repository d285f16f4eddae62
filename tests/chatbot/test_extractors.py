"""Each extractor of understanding on its own, as a table: references, kind, asked type, intent, follow-ups,
the wording a verbatim check asks about."""

from __future__ import annotations

import pytest

from chatbot.lexicon import Lexicon
from chatbot.linerefs import tokens
from chatbot.parts import part_refs
from chatbot.understand import (
    Grounding, Intent, KindRef, References, Signals, Terms, _verbatim_phrase, choose_intent, extract_asked, extract_kind,
    extract_references, understand,
)
from ingest.lexical import fold

PARTS = part_refs({"parts": [
    {"source": "p", "label": "SD2", "code": "2", "title": "Energie", "level": 1, "parent": None, "line": 2},
    {"source": "p", "label": "OD 2.3", "code": "2.3", "title": "Groen", "level": 2, "parent": "SD2", "line": 2},
]})
G = Grounding(parts=PARTS)


@pytest.mark.parametrize("question, line, part, number, all_lines", [
    ("Welke acties vallen onder ambitielijn 3?", 3, None, None, False),
    ("Welke maatregelen vallen onder OD 2.3?", 2, "OD 2.3", None, False),
    ("Wat staat er onder SD2?", 2, None, None, False),
    ("Wat is actie 3.5?", None, None, "3.5", False),
    ("Geef alle KPI's", None, None, None, True),
    ("Hoeveel woningen komen er in 2030?", None, None, None, False),
])
def test_references(question, line, part, number, all_lines):
    refs = extract_references(question, tokens(question), G)
    assert (refs.line, refs.part, refs.number, refs.all_lines) == (line, part, number, all_lines)


@pytest.mark.parametrize("question, kind, plural, position", [
    ("Welke acties zijn er?", "actie", True, None),
    ("Wat is de derde actie van lijn 2?", "actie", False, 3),
    ("Welke indicatoren volgen het plan op?", "kpi", True, None),
    ("Hoeveel voorbeeldacties telt de strategie?", "actie", True, None),
    ("Wat doet de provincie voor fietsers?", None, False, None),
])
def test_kind(question, kind, plural, position):
    k = extract_kind(tokens(question), frozenset(), G)
    assert (k.kind, k.plural, k.position) == (kind, plural, position)


@pytest.mark.parametrize("question, asks, organisation", [
    ("Wat kost het warmtenet?", "money", None),
    ("Wat is de streefwaarde voor het fietsgebruik?", "target", None),
    ("Tegen wanneer opent het loket?", "date", None),
    ("Hoeveel Europees geld zit erin?", "money", None),
    ("Welke bedrijven doen mee?", "organisation", "bedrijven"),
    ("Welke twee partners leveren warmte?", "organisation", "partners"),
    ("Hoeveel woningen komen er?", "number", None),
    ("Wat doet de provincie voor fietsers?", None, None),
    ("Welke gemeenten doen mee aan het traject?", "place", None),
    ("Which cities take part?", "place", None),
])
def test_asked_type(question, asks, organisation):
    asked = extract_asked(fold(question), tokens(question), frozenset(), None)
    assert (asked.asks, asked.organisation) == (asks, organisation)


@pytest.mark.parametrize("question, counted", [
    ("Hoeveel woningen worden er gerenoveerd?", "woningen"),
    ("Hoeveel geld trekt de provincie uit?", None),  # money, not a count
    ("Hoeveel trekt de provincie in totaal uit?", None),  # a verb after "hoeveel": a quantity, nothing counted
    ("hoeveel bespaar je gemiddeld?", None),
    ("Hoeveel extra sociale woningen komen er?", "extra"),
])
def test_what_hoeveel_counts(question, counted):
    asked = extract_asked(fold(question), tokens(question), frozenset(), None)
    assert asked.counted == counted


SIGNALS = Signals(phrase=None, names_asked=False, counting=False, names_lines=False, which_line=False, compare=None,
                  parts_of=None, definition=False)


def _signals(**changes) -> Signals:
    from dataclasses import replace

    return replace(SIGNALS, **changes)


@pytest.mark.parametrize("refs, kind, asks, known, signals, title_only, intent", [
    (References(), KindRef(), None, (), _signals(phrase="leren voor werkenden"), False, Intent.VERBATIM),
    (References(), KindRef(), None, (), _signals(parts_of="od"), False, Intent.PARTS),
    (References(line=3), KindRef("actie", True), None, (), SIGNALS, False, Intent.LIST),
    (References(), KindRef("actie", True), None, ("toerisme",), SIGNALS, False, Intent.TOPIC),
    (References(line=1), KindRef("actie", True), None, (), _signals(counting=True), False, Intent.COUNT),
    (References(number="2.4"), KindRef("actie", False), None, (), SIGNALS, False, Intent.LIST),
    (References(), KindRef(), None, ("droneport",), _signals(which_line=True), False, Intent.WHICH_LINE),
    (References(line=2), KindRef(), None, (), SIGNALS, True, Intent.LINE_TITLE),
    (References(line=2), KindRef(), "money", ("budget",), SIGNALS, True, Intent.FACTUAL),
    (References(), KindRef(), None, ("fietsers",), SIGNALS, False, Intent.FACTUAL),
])
def test_intent_table(refs, kind, asks, known, signals, title_only, intent):
    assert choose_intent(refs, kind, asks, Terms(terms=known, known=known), signals, title_only) == intent


LEXICON_G = Grounding(lexicon=Lexicon(["De provincie zet in op toerisme.", "Veilige fietsroutes voor fietsers.", "Innovatie in bedrijven."]))


def _asked(*questions: str) -> list[dict]:
    return [{"role": "user", "content": q} for q in questions]


@pytest.mark.parametrize("question, history, line, kind, intent, position, followup", [
    ("En de KPI's daarvan?", _asked("Welke acties horen bij ambitielijn 2?"), 2, "kpi", Intent.LIST, None, True),
    ("Hoeveel zijn het er?", _asked("Welke acties horen bij ambitielijn 3?"), 3, "actie", Intent.COUNT, None, True),
    ("En voor ambitielijn 1?", _asked("Welke KPI's horen bij ambitielijn 2?"), 1, "kpi", Intent.LIST, None, True),
    ("En de tweede?", _asked("Wat is de eerste actie van lijn 3?"), 3, "actie", Intent.LIST, 2, True),
    ("En hoeveel daarvan gaan over toerisme?", _asked("Welke acties horen bij ambitielijn 2?"), 2, "actie", Intent.TOPIC, None, True),
    ("En de KPI's?", _asked("Welke acties gaan over toerisme?"), None, "kpi", Intent.TOPIC, None, True),
    ("En de tweede?", _asked("Wat doet de provincie voor fietsers?"), None, None, Intent.FACTUAL, None, False),
    ("En de tweede?", [], None, None, Intent.FACTUAL, None, False),
])
def test_followup(question, history, line, kind, intent, position, followup):
    u = understand(question, history, LEXICON_G)
    assert (u.ambitielijn, u.kind, u.intent, u.position, u.followup) == (line, kind, intent, position, followup)


@pytest.mark.parametrize("question, wording", [
    ("Staat er letterlijk 'de provincie investeert in fietspaden'?", "de provincie investeert in fietspaden"),
    ("Klopt 'Limburg zet in op innovatie'?", "Limburg zet in op innovatie"),
    ("Bij welke lijn hoort 'slimme mobiliteit in de stad'?", None),
    ("Zijn er acties voor 'slimme mobiliteit in de stad?", None),
    ("Klopt dit citaat: Limburg zet in op innovatie en groei", "Limburg zet in op innovatie en groei"),
    ("Staat er letterlijk dat Limburg inzet op innovatie?", "Limburg inzet op innovatie"),
    ("Wat is de precieze formulering? Ik zoek de tekst over fietsen", None),
    ("Geef de letterlijke formulering van actie 3", None),
    ("Wat doet de provincie voor fietsers?", None),
])
def test_verbatim_phrase(question, wording):
    assert _verbatim_phrase(question, fold(question)) == wording
