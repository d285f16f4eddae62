"""The service never raises and always returns a well-formed answer."""

import logging

import pytest

from chatbot.service import Vraagbaak
from chatbot.settings import Settings
from tests.invariants import assert_answer


@pytest.mark.parametrize(
    "question",
    ["", "   ", "\x00\x01\x02", "?", "{{ 7*7 }} ${jndi:ldap://x}", "'; DROP TABLE chunks; --", "Что такое амбиция 2?",
     "ambitielijn " * 50, "<img src=x onerror=alert(1)>"],
)
def test_odd_questions_give_well_formed_answers(bot, question):
    assert_answer(bot.ask(question), bot.state().index.documents)


def test_non_string_and_too_long_questions(bot):
    answer = bot.ask({"vraag": 1})
    assert answer["answerable"] == "nee" and answer["error"] == "question must be a string"
    long = bot.ask("x" * 5000)
    assert long["error"] == "question too long" and "5000" in long["answer"]


@pytest.mark.parametrize("history", [None, "tekst", [1, 2], [{"role": "user"}], [{"role": "user", "content": None}], [{}] * 100])
def test_bad_histories_are_ignored(bot, history):
    answer = bot.ask("Welke KPI's horen bij ambitielijn 1?", history)
    assert answer["answerable"] == "ja" and len(answer["citations"]) == 3


def test_no_index_gives_a_dutch_message(tmp_path, caplog):
    settings = Settings(data_dir=tmp_path / "leeg")
    bot = Vraagbaak(settings)
    with caplog.at_level(logging.ERROR):
        answer = bot.ask("Wat is ambitielijn 1?")
    assert answer["error"] == "no index" and "nog niet ingelezen" in answer["answer"]
    assert "No index" in caplog.text


def test_internal_error_is_a_dutch_message_and_a_log_line(corpus_settings, caplog, monkeypatch):
    bot = Vraagbaak(corpus_settings)

    def boom(*args, **kwargs):
        raise RuntimeError("kapot")

    monkeypatch.setattr(bot.state().context.ranking, "rank", boom)
    with caplog.at_level(logging.ERROR):
        answer = bot.ask("Wat is de extended gateway?")
    assert answer["answerable"] == "nee" and answer["error"].startswith("internal error") and answer["reason"] == "internal"
    assert "Er ging iets mis" in answer["answer"]
    assert "Answering failed" in caplog.text and "kapot" in caplog.text


def test_catalog_filters_and_passage(bot):
    assert len(bot.catalog(kind="actie")) == 31
    assert len(bot.catalog(ambitielijn=3, kind="kpi")) == 3
    fiets = bot.catalog(q="FIETS")
    assert fiets and any("fiets" in i["text"].lower() for i in fiets)
    assert bot.catalog(q="zzzzgeenwoord") == []  # words no document has: the text as written, found nowhere


@pytest.mark.parametrize("topic, kind", [("toerisme", "actie"), ("fietsen", "actie"), ("innovatie", None),
                                         ("toerisme", None), ("jongeren", "kpi")])
def test_the_chat_and_the_catalog_count_the_same_items_for_a_topic(bot, topic, kind):
    from ingest.kinds import kinds

    plural = sorted(kinds()[kind].plural, key=len)[0] if kind else None
    question = f"Welke {plural} gaan over {topic}?" if kind else f"Wat doet de provincie voor {topic}?"
    answer = bot.ask(question)
    catalog = {i["chunk_id"] for i in bot.catalog(kind=kind, q=topic)}
    if answer["reason"] == "topic_items":
        listed = {c["chunk_id"] for c in answer["citations"] if c["chunk_id"] in {i["chunk_id"] for i in bot.catalog()}}
        assert listed == catalog, (question, answer["answer"][:200])
    else:  # no topic list in the chat (a paragraph answers it, or nothing does): fewer than two items
        assert len(catalog) < 2 or answer["reason"] != "no_items", (question, answer["reason"], len(catalog))
    item = bot.catalog(ambitielijn=1, kind="kpi")[0]
    passage = bot.passage(item["chunk_id"])
    assert passage["text"] == item["text"] and passage["before"] and "KPI" in passage["before"]
    assert bot.passage("bestaat-niet") is None


def test_check(bot):
    assert bot.check("Een actieplan 'leren voor werkenden' uitrollen")["found"]
    result = bot.check("Een actieplan leren voor alle werkenden uitrollen")
    assert not result["found"] and result["ratio"] > 0.7 and result["quote"]


def _count_screens(monkeypatch) -> list[str]:
    """Count ``chatbot.screen.screen`` calls, wherever a module imported it."""
    import chatbot.screen
    import chatbot.service

    calls: list[str] = []
    real = chatbot.screen.screen

    def counted(text, *args, **kwargs):
        calls.append(text)
        return real(text, *args, **kwargs)

    for module in (chatbot.screen, chatbot.service):
        monkeypatch.setattr(module, "screen", counted)
    return calls


def test_a_question_is_screened_once_on_its_way_through_the_service(bot, monkeypatch):
    calls = _count_screens(monkeypatch)
    answer = bot.ask("Welke KPI's horen bij <b>ambitielijn 1</b>?")
    assert answer["answerable"] == "ja" and answer["question"] == "Welke KPI's horen bij ambitielijn 1 ?"
    assert len(calls) == 1


def test_a_screened_question_is_not_screened_again(bot, monkeypatch):
    from chatbot.screen import screen

    question = screen("Welke KPI's horen bij ambitielijn 1?", 1000)
    calls = _count_screens(monkeypatch)
    assert bot.ask(question)["answerable"] == "ja" and calls == []
