"""A list or count of items quotes how the document introduces them, when that is a sentence."""

from __future__ import annotations


def test_a_count_quotes_the_sentence_that_introduces_the_items(bot):
    answer = bot.ask("Hoeveel acties staan er bij ambitielijn 2?")
    assert answer["answerable"] == "ja"
    assert "voorbeelden van acties die kunnen ondernomen worden binnen ambitielijn 2" in answer["answer"]
    assert any("voorbeelden van acties" in c["quote"] for c in answer["citations"])


def test_a_value_is_only_given_for_the_place_the_question_names(bot):
    # Limburg's share of the Belgian patent applications is no answer for Antwerpen's.
    assert bot.ask("Hoeveel procent van de Belgische octrooiaanvragen komt uit Antwerpen?")["answerable"] == "nee"
    answer = bot.ask("Hoeveel procent van de Belgische octrooiaanvragen komt uit Limburg?")
    assert answer["answerable"] == "ja" and "4,3%" in answer["answer"]
