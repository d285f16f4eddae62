"""A plan with labelled parts and the project fiches that name its parts, indexed together (the shape
of a province's corpus: the next plan and its projects): links, fields, absent attributes."""

from __future__ import annotations

from pathlib import Path

import pytest

from chatbot.service import Vraagbaak

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def plan_bot(tmp_path_factory):
    from chatbot.settings import Settings
    from ingest.pipeline import ingest

    settings = Settings(data_dir=tmp_path_factory.mktemp("plan-fiches") / "data", corpus_dir=REPO / "tests" / "corpora")
    folders = [REPO / "tests" / "corpora" / "woonplan", REPO / "tests" / "corpora" / "fiches"]
    report = ingest(settings, [p for f in folders for p in sorted(f.iterdir()) if p.suffix in (".pdf", ".md")],
                    progress=False)
    assert report.status == "written" and not report.failed, report
    bot = Vraagbaak(settings)
    bot.warm()
    return bot


def _quotes(answer: dict) -> str:
    return " ".join(c["quote"] for c in answer["citations"])


def test_the_project_that_serves_a_part(plan_bot):
    answer = plan_bot.ask("Welk project dient OD 2.1?")
    assert answer["answerable"] == "ja"
    assert {c["source"] for c in answer["citations"]} == {"fiche-renovatiestraat.md"}


def test_a_fiche_field_of_the_project_named_and_not_of_another(plan_bot):
    answer = plan_bot.ask("What is the budget of the warmtenet project?")
    assert answer["answerable"] == "ja" and "€ 14 miljoen" in answer["answer"].split("\n")[0]
    assert all(c["source"] == "fiche-warmtenet.md" for c in answer["citations"][:1])


def test_an_absent_field_is_said_to_be_absent(plan_bot):
    answer = plan_bot.ask("Hoeveel kost het kernversterkingsplan van Oudenmaas?")
    assert (answer["answerable"], answer["reason"]) == ("nee", "missing_fact")


def test_a_target_value_from_the_table_and_one_the_table_leaves_empty(plan_bot):
    present = plan_bot.ask("Wat is de streefwaarde voor gezinnen in energiearmoede?")
    assert present["answerable"] == "ja" and "8.000" in present["answer"].split("\n")[0]
    absent = plan_bot.ask("Wat is de streefwaarde van de verharde oppervlakte per inwoner?")
    assert (absent["answerable"], absent["reason"]) == ("nee", "missing_fact")
    assert "Verharde oppervlakte per inwoner" in _quotes(absent), "the indicator itself is shown"


def test_a_verb_of_the_question_names_the_field_that_answers_it(plan_bot):
    answer = plan_bot.ask("wie trekt de renovatiestraat")
    assert answer["answerable"] == "ja" and "Energiehuis Maasland" in answer["answer"].split("\n")[0]


@pytest.mark.parametrize("question, value, source", [
    ("Welk project heeft het grootste budget?", "€ 14 miljoen", "fiche-warmtenet.md"),
    ("Which project has the smallest budget?", "€ 780.000", "fiche-renovatiestraat.md"),
])
def test_a_superlative_compares_the_values_of_every_document(plan_bot, question, value, source):
    answer = plan_bot.ask(question)
    assert answer["answerable"] == "ja" and value in answer["answer"].split("\n")[0]
    assert answer["citations"][0]["source"] == source


def test_a_count_of_parts_quotes_the_sentence_that_states_it(plan_bot):
    answer = plan_bot.ask("Hoeveel strategische doelstellingen heeft het woonplan?")
    assert answer["answerable"] == "ja"
    assert "Het woonplan telt drie strategische doelstellingen" in _quotes(answer)


def test_an_amount_for_another_thing_is_no_budget(plan_bot):
    # The Energiehuis lends money to families; no budget of its own is given.
    answer = plan_bot.ask("Hoeveel budget krijgt het Energiehuis Maasland?")
    assert answer["answerable"] == "nee"


def test_a_project_is_listed_with_the_field_that_makes_it_fit(plan_bot):
    answer = plan_bot.ask("Welke projecten zijn al in uitvoering?")
    assert answer["answerable"] == "ja" and "Status: in uitvoering" in _quotes(answer)
    assert {c["source"] for c in answer["citations"]} == {"fiche-renovatiestraat.md"}


def test_which_part_by_a_part_title_that_says_the_topic(plan_bot):
    answer = plan_bot.ask("Onder welke strategische doelstelling valt het terugdringen van energiearmoede?")
    assert answer["answerable"] == "ja" and answer["answer"].startswith("Dit hoort bij SD2")
    assert "SD2 – Duurzaam en energiezuinig wonen" in _quotes(answer)


def test_a_count_about_a_topic_the_documents_lack_is_no_count_of_everything(plan_bot):
    answer = plan_bot.ask("Hoeveel maatregelen gaan over windmolens?")
    assert answer["answerable"] == "nee"
