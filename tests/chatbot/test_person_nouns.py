"""Telling a kind of person from a kind of thing by meaning, with the real embedder.

"Welke politicus ...?" asks for a person the way "Wie ...?" does; "Welke plannen ...?" does
not. ``Ranking.person_like`` decides it from the embedder alone, with ``Tuning.person_margin``
set on these nouns (none of them taken from the question sets' wording except "politicus").
The words near the line on either side (rector, ceo, ambtenaar; rol, partners) are left out:
the test pins the clear cases, so a change of prototypes or embedder that blurs them fails.
"""

import pytest

PERSONS = ["politicus", "politici", "minister", "voorzitter", "journalist", "auteur", "schrijver", "professor",
           "gedeputeerde", "gouverneur", "politician", "mayor", "governor", "author"]
THINGS = ["sectoren", "plannen", "stappen", "bedrijven", "organisaties", "initiatieven", "opleidingen", "budget",
          "doelen", "kansen", "regio's", "landen", "universiteit", "subsidies", "maatregelen", "projecten", "banen",
          "sectors", "companies", "plans", "steps", "regions", "dingen", "zaken"]


@pytest.fixture(scope="module")
def context(bot):
    return bot.state().context


@pytest.mark.parametrize("word", PERSONS)
def test_kinds_of_person(context, word):
    assert context.person_like(word)


@pytest.mark.parametrize("word", THINGS)
def test_kinds_of_thing(context, word):
    assert not context.person_like(word)
