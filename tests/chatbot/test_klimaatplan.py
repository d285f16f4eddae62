"""A plan in HTML with its own words ("Werf", "Doel", "Ingrepen", a "Doel 2030" column) and fiches:
values read from the plan's own form."""

from __future__ import annotations

import pytest

from tests.chatbot.conftest import corpus_bot, first_line


@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    return corpus_bot(tmp_path_factory, "klimaatplan")


@pytest.mark.parametrize("question, value", [
    ("Welk budget is voorzien voor werf 3?", "€ 11,2 miljoen"),  # a line under "Middelen" that names the werf
    ("Wat is de streefwaarde voor het geïnstalleerd vermogen zonnepanelen?", "1.100 MWp"),  # the "Doel 2030" column
    ("Hoeveel trekt de provincie in totaal uit voor het klimaatplan?", "€ 44,0 miljoen"),
])
def test_a_value_from_the_plans_own_form(bot, question, value):
    answer = bot.ask(question)
    assert answer["answerable"] == "ja" and value in first_line(answer)


def test_an_empty_target_cell_is_no_target(bot):
    answer = bot.ask("Wat is de streefwaarde voor de door een renovatiecoach begeleide kwetsbare gezinnen?")
    assert answer["answerable"] == "nee"


def test_the_plans_own_word_for_its_actions(bot):
    answer = bot.ask("Hoeveel ingrepen telt werf 2?")
    assert answer["answerable"] == "ja" and "6" in first_line(answer) and "ingrepen" in first_line(answer)


def test_a_value_whose_passage_leads_in_a_list_comes_with_the_list(bot):
    answer = bot.ask("Hoeveel trekt de provincie in totaal uit, en hoe is dat over de werven verdeeld?")
    quotes = " ".join(c["quote"] for c in answer["citations"])
    assert answer["answerable"] == "ja" and "€ 44,0 miljoen" in first_line(answer)
    assert all(f"Werf {n} –" in quotes for n in (1, 2, 3, 4))


def test_where_a_project_belongs_in_its_fiches_own_words(bot):
    answer = bot.ask("Aan welke werf en welk doel draagt het Zonnedakenplan scholen bij?")
    assert answer["answerable"] == "ja" and "Werf 2, doel 2.2" in answer["answer"]
    assert "Doel 2.2 (Elk geschikt dak benut)" in answer["answer"]
