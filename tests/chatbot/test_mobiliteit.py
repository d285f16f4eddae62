"""A programme in PDF with Roman-numbered parts ("Pijler II", "Speerpunt II.2"), measures as labelled
paragraphs and a financing sentence, and project fiches in DOCX with a table of fields."""

from __future__ import annotations

import pytest

from tests.chatbot.conftest import corpus_bot, first_line


@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    return corpus_bot(tmp_path_factory, "mobiliteit")


def test_a_value_after_a_parts_label_in_a_sentence(bot):
    answer = bot.ask("Welk budget is voorzien voor Pijler II?")
    assert answer["answerable"] == "ja" and "€ 15,8 miljoen" in first_line(answer)


@pytest.mark.parametrize("question, value, name", [
    ("Welke pijler krijgt het meeste geld?", "€ 21,4 miljoen", "Pijler I"),
    ("Welke maatregel binnen Pijler I heeft het grootste budget?", "€ 7,5 miljoen", "Maatregel 1"),
    ("Welk project met een projectfiche is het duurst?", "€ 6,8 miljoen", "F27"),
])
def test_a_superlative_compares_every_candidates_value(bot, question, value, name):
    answer = bot.ask(question)
    assert answer["answerable"] == "ja" and value in first_line(answer) and name in first_line(answer)


def test_a_fiche_field_from_a_table_of_labels(bot):
    answer = bot.ask("Wie is projectleider van de fietssnelweg F27?")
    assert answer["answerable"] == "ja" and "Ilse Claeys" in answer["answer"]


def test_a_roman_numbered_part_is_found(bot):
    answer = bot.ask("Wat is Speerpunt II.2?")
    assert answer["answerable"] == "ja" and "Vervoer op maat" in first_line(answer)


def test_an_indicator_named_in_full_without_a_target_has_none(bot):
    # Another passage about cyclists gives a share for 2031; it is no target of this indicator.
    answer = bot.ask("Wat is de streefwaarde voor de tevredenheid van fietsers over het provinciale netwerk?")
    assert answer["answerable"] == "nee"


def test_which_part_an_item_named_by_its_code_belongs_to(bot):
    answer = bot.ask("Onder welk speerpunt valt M3.2.1?")
    assert answer["answerable"] == "ja" and first_line(answer).startswith("Dit hoort bij Speerpunt III.2")
    assert "Pijler III" in answer["answer"]  # the way down from the top


def test_the_pillar_above_a_speerpunt_named_by_its_code(bot):
    answer = bot.ask("Onder welke pijler valt Speerpunt II.2?")
    assert answer["answerable"] == "ja" and first_line(answer).startswith("Dit hoort bij Pijler II")
