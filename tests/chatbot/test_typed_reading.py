"""Reading a value of the asked type the way Dutch writes it: a deadline is no start date, a value
"per hectare" is given per hectare, a name is more than a role, "dat aantal" counts what the sentence
before named, a cell that says its value is to come holds none; and what a question asks by its form."""

from __future__ import annotations

import pytest

from chatbot.facts import EMPTY_CELL
from chatbot.understand import Grounding, understand, verb_words
from chatbot.values import asks_name, holds_name, names_role, per_unit, rate_unit, values_of_type

TEXT = "De kerk wordt vanaf 2028 niet langer gebruikt. De verbouwing is klaar tegen eind 2029. Start in maart 2027."


def test_a_deadline_is_not_when_something_starts():
    deadlines = [v.text for v in values_of_type(TEXT, "date", frozenset({"wanneer", "klaar"}))]
    assert deadlines == ["eind 2029"]
    # Asked when it starts, or by when it happens, a start date answers too.
    assert "vanaf 2028" in [v.text for v in values_of_type(TEXT, "date", frozenset({"wanneer", "start"}))]
    assert "maart 2027" in [v.text for v in values_of_type(TEXT, "date", frozenset({"tegen", "wanneer"}))]


def test_a_value_asked_per_a_unit_is_one_given_per_that_unit():
    text = "Het gebied beslaat 35 hectare grasland. Landbouwers krijgen € 400 per hectare per jaar."
    assert rate_unit("hoeveel krijg ik per hectare als mijn weide water bergt") == "hectare"
    found = {v.text: per_unit(text, v, frozenset({"hectare"})) for v in values_of_type(text, "money") + values_of_type(text, "number")}
    assert found["€ 400"] and not found["35 hectare"]
    yearly = "De provincie trekt jaarlijks € 2 miljoen uit, in totaal € 12 miljoen."
    assert [v.text for v in values_of_type(yearly, "money") if per_unit(yearly, v, frozenset({"jaar"}))] == ["€ 2 miljoen"]


@pytest.mark.parametrize("value, named", [
    ("Fatma Demirel, directeur", True),
    ("J. Peeters", True),
    ("mevrouw An De Smet", True),
    ("de erfgoedconsulent van de gemeente Oudenhoeve", False),
    ("de programmamanager arbeidsmarkt", False),
])
def test_a_name_is_more_than_a_role(value, named):
    assert holds_name(value) == named


def test_what_a_question_asks_of_a_person():
    assert asks_name("Hoe heet de contactpersoon?") and asks_name("Wat is de naam van de trekker?")
    assert not asks_name("Wie is de contactpersoon?")
    assert names_role("Who is the mayor of Beekvelde?") and names_role("Wie is de programmamanager?")
    assert not names_role("Who is running the project?")


def test_that_number_counts_what_the_sentence_before_named():
    def counts(word):
        return word in ("overnachtingen", "landbouwbedrijven")

    text = "Vorig jaar telde de streek 1,1 miljoen overnachtingen. Dat aantal willen we tegen eind 2029 optrekken tot 1,4 miljoen."
    assert [v.text for v in values_of_type(text, "number", counts=counts)] == ["1,1 miljoen overnachtingen", "1,4 miljoen"]
    text = "Tussen 2014 en 2024 verdwenen veel landbouwbedrijven: hun aantal daalde van 2.650 naar 2.140."
    assert [v.text for v in values_of_type(text, "number", counts=counts)] == ["2.650", "2.140"]
    # A number with a noun of its own counts that noun, "dat aantal" before it or not.
    text = "Het aantal landbouwbedrijven daalt. Het aantal parkeerplaatsen: 80 wagens."
    assert values_of_type(text, "number", counts=counts) == []


@pytest.mark.parametrize("cell, empty", [
    ("", True), ("–", True), ("p.m.", True), ("n.b.", True), ("nader te bepalen", True), ("nog te bepalen", True),
    ("Te bepalen na de studiefase", True), ("nog niet geraamd", True),
    ("€ 400.000", False), ("Gemeente Haverdonk", False), ("2027", False),
])
def test_a_cell_that_says_its_value_is_to_come_holds_none(cell, empty):
    assert bool(EMPTY_CELL.match(cell)) == empty


@pytest.mark.parametrize("question, verbs", [
    ("hoeveel geld trekt de provincie in totaal uit voor deze agenda?", {"trekt"}),
    ("Hoeveel hectare bio wil de provincie halen tegen 2032?", {"halen"}),
    ("Hoeveel landbouwbedrijven zijn er in tien jaar verdwenen in Zandkempen?", {"verdwenen"}),
    ("Hoeveel jongeren worden er opgeleid in de zorgacademie?", {"opgeleid"}),
    ("Welke acties voor de jongeren zijn er?", set()),
    ("Hoeveel mensen zijn er werkloos in Limburg?", set()),
])
def test_the_verbs_of_a_question_by_word_order(question, verbs):
    assert verb_words(question) == verbs


@pytest.mark.parametrize("question, asks", [
    ("Wat is het doel voor het aantal pashouders in 2030?", "target"),
    ("Wat is de ambitie voor 2031 voor het aandeel hergebruikte grondstoffen?", "target"),
    ("Wat is het doel van de Vrijetijdspas?", None),
    ("Welke wethouder is verantwoordelijk voor de taaltrajecten?", "person"),
])
def test_what_a_question_asks_by_its_form(question, asks):
    assert understand(question, None, Grounding(person_like=lambda w: False)).asks_for == asks


def test_a_lead_before_a_colon_is_why_it_is_asked_not_its_topic():
    u = understand("Voor een artikel: hoeveel projecten zijn er?", None, Grounding())
    assert "artikel" not in u.terms
    # A quoted check keeps its wording.
    assert understand("Staat er letterlijk: “De provincie helpt starters”?", None, Grounding()).phrase


@pytest.mark.parametrize("word, label, named", [
    ("einddatum", "einde", True),  # the date of the field "Einde"
    ("startdatum", "start", True),
    ("einddatum", "eindbeeld", False),
    ("datum", "datum", False),  # no modifier: the type word itself
])
def test_a_field_named_by_its_label_with_a_type_word_as_head(word, label, named):
    from chatbot.lexicon import typed_compound

    assert typed_compound(word, label) == named


def test_a_person_is_named_not_a_role_written_as_a_name():
    text = "Met deze agenda kiezen Gedeputeerde Staten voor vernieuwing. “Eerst de mensen.” – An Peeters, gedeputeerde Economie"
    assert [v.text for v in values_of_type(text, "person", frozenset({"wie", "gedeputeerde"}))] == ["An Peeters"]
