"""A plain-text agenda (numbered headings in capitals, "THEMA A —" and "Opgave A.1" parts, lettered
"Inspanningen", tables drawn in text) and one DOCX holding three project fiches."""

from __future__ import annotations

import pytest

from tests.chatbot.conftest import corpus_bot, first_line


@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    return corpus_bot(tmp_path_factory, "vrijetijd")


def test_the_items_of_a_part_named_by_a_letter_and_a_number(bot):
    answer = bot.ask("Welke inspanningen vallen onder opgave B.1?")
    assert answer["answerable"] == "ja" and "inspanningen (4)" in first_line(answer)
    assert "Vervanging van alle knooppuntpalen" in answer["answer"]


def test_what_a_part_named_by_its_code_is_about(bot):
    answer = bot.ask("Waar gaat opgave A.2 over?")
    assert answer["answerable"] == "ja" and "Verhalen van Heuvelland" in first_line(answer)


def test_a_row_of_a_table_drawn_in_text_is_quoted_as_the_document_reads(bot):
    answer = bot.ask("Som de indicatoren op.")
    assert answer["answerable"] == "ja" and "8" in first_line(answer)
    assert "Erfgoedsites met vaste openingsuren | 38 | 55 | 80" in answer["answer"]


def test_a_field_of_a_fiche_named_by_its_heading_in_a_file_of_several(bot):
    # Three fiches in one DOCX: the one whose heading names the project answers, wherever it ranks.
    answer = bot.ask("Wat is de startdatum van de Vrijetijdspas in vijf nieuwe gemeenten?")
    assert answer["answerable"] == "ja" and "1 september 2027" in first_line(answer)
