"""An HTML agenda (opgaven and sporen as headings, interventions in tables whose header names them, one
spoor's list after a lead-in, a monitor table with empty ambition cells, budgets in a definition list)
and one PDF of three "projectbladen", each a labelled heading over a bordered table of fields."""

from __future__ import annotations

import pytest

from tests.chatbot.conftest import corpus_bot, first_line


@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    return corpus_bot(tmp_path_factory, "innovatie")


def test_the_interventions_of_a_spoor_from_its_table(bot):
    answer = bot.ask("Som de interventies van spoor 1.2 op")
    assert answer["answerable"] == "ja" and "(3)" in first_line(answer)
    assert "I-1.2.2" in answer["answer"]


def test_a_spoor_whose_interventions_follow_a_lead_in(bot):
    answer = bot.ask("Welke interventies vallen onder spoor 3.1?")
    assert answer["answerable"] == "ja" and "(3)" in first_line(answer)
    assert "proeftuinwoningen" in answer["answer"]


def test_the_fiches_of_one_file_are_counted_by_their_own_word(bot):
    answer = bot.ask("Hoeveel projectbladen telt de agenda?")
    assert answer["answerable"] == "ja" and "3 projectbladen" in first_line(answer)


def test_a_fiche_linked_to_a_spoor_by_its_field(bot):
    answer = bot.ask("Welk projectblad hoort bij spoor 2.2?")
    assert answer["answerable"] == "ja" and "Switch!" in answer["answer"]


@pytest.mark.parametrize("question", [
    "Welke ambitie voor 2031 geldt voor het aandeel hergebruikte grondstoffen?",  # an empty cell
    "Hoe heet de contactpersoon van de omscholingsroute?",  # only a role
])
def test_what_a_fiche_or_table_leaves_open_is_no_answer(bot, question):
    assert bot.ask(question)["answerable"] == "nee"


@pytest.mark.parametrize("question, value", [
    ("Hoeveel geld trekt de provincie in totaal uit voor deze agenda?", "47 miljoen"),
    ("Welk budget krijgt opgave 4?", "8,2 miljoen"),
    ("Hoe groot is de provinciale bijdrage aan de circulaire hub?", "2,1 mln"),
    ("Wat is de ambitie voor 2031 voor het aantal startups dat na drie jaar nog actief is?", "120"),
    ("Wat is de einddatum van het robotiseringsloket?", "31 maart 2030"),  # the field "Einde"
])
def test_a_value_from_a_sentence_a_definition_list_a_fiche_or_a_table(bot, question, value):
    answer = bot.ask(question)
    assert answer["answerable"] == "ja" and value in first_line(answer)


@pytest.mark.parametrize("question, opening, answerable", [
    ("Wat is de planning van interventie I-1.1.1?", "Q2 2026", "ja"),
    ("Welke middelen krijgt interventie I-4.1.2?", "€ 5 mln", "ja"),
    ("Wie is de trekker van interventie I-2.2.2?", "Dat staat niet in de documenten", "nee"),  # the cell is empty
])
def test_an_item_by_its_coded_number_and_a_column_of_its_row(bot, question, opening, answerable):
    answer = bot.ask(question)
    assert answer["answerable"] == answerable and opening in first_line(answer)
    assert answer["answer"].count("„I-") == 1  # that item, not the list
