"""A vision in Markdown with "Ambitie 1." parts, goals coded "Doel 1.a" as bold openers over numbered
actions, indicators named by the word "Indicator" with their values on the next line, and two PDF
fiches whose fields stand in a label column (dot leaders in one, a wide gap in the other)."""

from __future__ import annotations

import pytest

from tests.chatbot.conftest import corpus_bot, first_line


@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    return corpus_bot(tmp_path_factory, "landbouw")


def test_goals_coded_with_a_letter_are_the_parts_under_an_ambition(bot):
    answer = bot.ask("Welke doelen horen bij ambitie 2?")
    assert answer["answerable"] == "ja" and "(3)" in first_line(answer)
    assert "Doel 2.c" in answer["answer"]


def test_the_actions_of_a_goal_named_by_its_code(bot):
    answer = bot.ask("Welke acties vallen onder doel 4.b?")
    assert answer["answerable"] == "ja" and "3" in first_line(answer)
    assert "lerende netwerken" in answer["answer"]


def test_indicators_named_by_their_kind_word_are_counted(bot):
    answer = bot.ask("Hoeveel indicatoren telt de visie?")
    assert answer["answerable"] == "ja" and "9" in first_line(answer)


@pytest.mark.parametrize("question, value", [
    ("Wie is de promotor van de waterbuffer in de Mollendonkse Beemden?", "Polder Grote Vennen"),  # a wide gap
    ("Hoeveel provinciale steun gaat er naar de streekhub?", "€ 310.000"),  # dot leaders
])
def test_a_fiche_field_in_a_label_column(bot, question, value):
    answer = bot.ask(question)
    assert answer["answerable"] == "ja" and value in first_line(answer)


def test_which_goals_a_fiche_says_its_project_serves(bot):
    answer = bot.ask("Aan welke doelen draagt de waterbuffer bij?")
    assert answer["answerable"] == "ja" and "Doel 2.a en Doel 2.c" in answer["answer"]


def test_the_part_above_a_part_named_by_its_code(bot):
    answer = bot.ask("Onder welke ambitie valt doel 3.b?")
    assert answer["answerable"] == "ja" and first_line(answer).startswith("Dit hoort bij Ambitie 3")


@pytest.mark.parametrize("question, answerable, value", [
    ("Wat gaat de streekhub uiteindelijk kosten?", "ja", "€ 1.240.000"),  # "Totale kost ....... € 1.240.000"
    ("Wat zal de waterbuffer in de Mollendonkse Beemden kosten?", "nee", None),  # "Totale kost    te bepalen na de studiefase"
])
def test_an_amount_asked_with_a_verb_reads_the_fiches_amount_field(bot, question, answerable, value):
    answer = bot.ask(question)
    assert answer["answerable"] == answerable
    assert value is None or value in first_line(answer)


def test_the_name_of_a_person_named_by_role_that_the_text_does_not_give(bot):
    answer = bot.ask("Hoe heet de gedeputeerde voor landbouw en platteland?")
    assert (answer["answerable"], answer["reason"]) == ("nee", "missing_fact")


@pytest.mark.parametrize("question", [
    "Wie is de projectcoördinator van de streekhub in Retselt?",  # "Contactpersoon | de projectcoördinator van …"
    "Wie is de gemeente Retselt bij de streekhub?",  # "Gemeente Retselt | € 120.000" names nobody
])
def test_a_person_asked_where_the_fiche_gives_a_role_or_an_amount(bot, question):
    assert bot.ask(question)["answerable"] != "ja"
