"""Dutch word forms against the corpus vocabulary: inflection, compounds, diminutives, typos."""

from pathlib import Path

import pytest

from chatbot.lexicon import Lexicon, function_words, strip_diminutive, word_matches

CORPUS = Path(__file__).resolve().parents[2] / "corpus" / "competitief-limburg.txt"


@pytest.fixture(scope="module")
def lexicon():
    return Lexicon(CORPUS.read_text(encoding="utf-8").split("\n\n"))


@pytest.mark.parametrize(
    "term, expected",
    [
        ("fietspaden", "fietspad"),  # plural of a corpus word
        ("fietsen", "fietsroutenetwerk"),  # modifier of a compound
        ("toeristen", "toerisme"),  # derivation: a long common start
        ("toeristen", "toeristische"),
        ("universiteit", "universitair"),
        ("jongeren", "jonge"),
        ("cultuur", "cultureel"),
        ("voorbeeldacties", "voorbeelden"),  # compound: its modifier
        ("bedrijfje", "bedrijf"),  # diminutive
        ("techbedrijfje", "bedrijf"),  # compound with a diminutive head
        ("werkzoekenden", "werkzoekende"),
        ("startups", "startups"),
        ("start-ups", "startups"),
        ("fietspaaden", "fietspad"),  # one typing error
    ],
)
def test_forms_of_a_question_word(lexicon, term, expected):
    term = term.replace("-", "")
    assert expected in lexicon.match(term).forms


@pytest.mark.parametrize("term", ["gouverneur", "hoofdstad", "uhasselt", "vlaai", "politicus", "part", "rol",
                                  # compounds whose head the documents lack: their modifier alone is not their meaning
                                  "laaggeletterdheid", "kinderopvang"])
def test_words_the_documents_lack(lexicon, term):
    assert not lexicon.match(term).known


def test_weights_favour_rare_words(lexicon):
    assert lexicon.weight("droneport") > lexicon.weight("innovatie") > 0
    assert lexicon.weight("ruimtevaart") >= lexicon.weight("droneport")


def test_coverage(lexicon):
    text = frozenset({"fietspad", "kilometers"})
    assert lexicon.coverage(("fietspaden",), text) == 1.0
    assert 0 < lexicon.coverage(("fietspaden", "droneport"), text) < 1
    assert lexicon.coverage((), text) == 0.0


def test_diminutives_and_function_words():
    assert strip_diminutive("winkeltje") == "winkel"
    assert strip_diminutive("papiertje") == "papier"
    assert strip_diminutive("actie") == "actie"
    fw = function_words()
    assert {"welke", "hoeveel", "gaat", "zitten", "which", "de"} <= fw
    assert not {"fietsen", "toerisme", "kpi"} & fw


def test_word_matches_without_a_corpus():
    assert word_matches("innovatie", {"innovatieve"})
    assert word_matches("fietsen", {"fietsroutenetwerk"})
    assert not word_matches("fruit", {"drones"})
