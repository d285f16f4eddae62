"""Generator backends and the service's orchestration around a language model (fake chat models)."""

from __future__ import annotations

import json
import socket
import threading
import time

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from chatbot.generate import ChatModelGenerator, GeneratorError, GeneratorTimeout, make_generator
from chatbot.phrase import Phraser
from chatbot.settings import Settings
from tests.servers import free_port

LIST_Q = "Welke acties vallen onder ambitielijn 2?"
FACT_Q = "Hoeveel procent lager ligt het bruto binnenlands product per inwoner van Limburg dan in Vlaanderen?"


def fake(*responses: str, sleep: float | None = None, error_on: int | None = None, timeout_s: float = 5.0) -> ChatModelGenerator:
    return ChatModelGenerator(
        lambda: FakeListChatModel(responses=list(responses), sleep=sleep, error_on_chunk_number=error_on),
        name="fake", timeout_s=timeout_s,
    )


@pytest.fixture
def with_model(bot, monkeypatch):
    """Give the shared service a scripted model for one test."""

    def use(generator: ChatModelGenerator):
        monkeypatch.setattr(bot, "generator", generator)
        monkeypatch.setattr(bot, "phraser", Phraser(generator, bot.prompts, timeout_s=generator.timeout_s))
        return bot

    return use


def events_of(bot, question, history=None) -> tuple[list[dict], dict]:
    events = list(bot.ask_stream(question, history))
    assert events[-1]["type"] == "final" and sum(e["type"] == "final" for e in events) == 1
    return events, events[-1]["answer"]


# -- backends ----------------------------------------------------------------------------------
def test_backends_by_name():
    assert make_generator(Settings(llm="none")) is None
    with pytest.raises(GeneratorError, match="choose one of: none, ollama, openai"):
        make_generator(type("S", (), {"llm": "gpt4all", "llm_timeout_s": 1})())
    with pytest.raises(ValueError):
        Settings(llm="gpt4all")


def test_openai_backend_is_lazy_and_bounded():
    pytest.importorskip("langchain_openai")
    settings = Settings(llm="openai", llm_base_url="http://127.0.0.1:9/v1", llm_model="m", llm_api_key="geheim",
                        llm_timeout_s=3, llm_max_tokens=77)
    generator = make_generator(settings)
    assert generator._model is None  # nothing built or contacted yet
    model = generator.model
    assert model.request_timeout == 3 and model.max_retries == 0 and model.max_tokens == 77
    assert model.openai_api_base == "http://127.0.0.1:9/v1" and model.openai_api_key.get_secret_value() == "geheim"
    assert model.temperature == 0
    assert "geheim" not in repr(settings)


def test_ollama_backend_is_bounded():
    pytest.importorskip("langchain_ollama")
    generator = make_generator(Settings(llm="ollama", llm_base_url="http://127.0.0.1:9", llm_model="m", llm_timeout_s=4))
    model = generator.model
    assert model.client_kwargs["timeout"] == 4 and model.num_predict == 300 and model.base_url == "http://127.0.0.1:9"


def test_deadline_holds_for_a_slow_model():
    generator = fake("een heel lang antwoord dat langzaam komt", sleep=0.2, timeout_s=0.5)
    started = time.monotonic()
    with pytest.raises(GeneratorTimeout):
        generator.generate([("user", "vraag")])
    assert time.monotonic() - started < 1.5


def test_errors_become_generator_errors():
    with pytest.raises(GeneratorError, match="FakeListChatModelError"):
        fake("antwoord", error_on=2).generate([("user", "vraag")])
    assert fake("Een antwoord.").generate([("user", "vraag")]) == "Een antwoord."


# -- orchestration -------------------------------------------------------------------------------
def test_without_a_model_the_contract_is_unchanged(bot):
    assert bot.phraser is None
    events, final = events_of(bot, FACT_Q)
    assert len(events) == 1
    assert final == {**bot.ask(FACT_Q), "timings_ms": final["timings_ms"]}
    assert "llm" not in final and final["mode"] == "extractief"


def test_verified_answer_streams_and_renumbers(bot, with_model):
    extractive = bot.ask(FACT_Q)
    with_model(fake("Limburg blijft 20% onder het niveau van Vlaanderen [1]. Dat komt door de hoge lonen [1]. "
                    "Het bruto binnenlands product per inwoner is een goede indicator voor welvaart [1]."))
    events, final = events_of(bot, FACT_Q)
    stages = [e.get("stage") for e in events if e["type"] == "status"]
    assert stages == ["zoeken", "schrijven", "controleren"]
    drafts = [e for e in events if e["type"] == "draft"]
    assert drafts and all("lonen" not in d["text"] for d in drafts)
    assert drafts[0]["text"] == "Limburg blijft 20% onder het niveau van Vlaanderen [1]."
    assert drafts[0]["citations"] == extractive["citations"][:1]
    assert final["mode"] == "llm" and "lonen" not in final["answer"]
    assert final["answer"].startswith("Limburg blijft 20% onder het niveau van Vlaanderen [1].")
    assert final["citations"] == extractive["citations"][:1]
    assert final["llm"]["outcome"] == "verified" and final["llm"]["kept"] == 2
    assert "llm" in final["timings_ms"]


@pytest.mark.parametrize("generator,note", [
    (lambda: fake("Limburg blijft 20% onder het niveau van Vlaanderen [1].", sleep=0.3, timeout_s=0.6), "llm.niet_beschikbaar"),
    (lambda: fake("Limburg blijft 20% onder het niveau van Vlaanderen [1].", error_on=3), "llm.niet_beschikbaar"),
    (lambda: fake("Limburg investeert 20 miljoen in Droneport [1]. Volgens minister Peters is dat genoeg [1]."), "llm.niet_onderbouwd"),
], ids=["timeout", "error", "unsupported"])
def test_fallback_is_the_extractive_answer_with_a_note(bot, with_model, generator, note):
    extractive = bot.ask(FACT_Q)
    with_model(generator())
    started = time.monotonic()
    final = bot.ask(FACT_Q)
    assert time.monotonic() - started < 5
    assert final["mode"] == "extractief"
    assert final["answer"] == f"{extractive['answer']}\n\n{bot.prompts.get(note)}"
    assert final["citations"] == extractive["citations"]
    assert final["llm"]["note"] == bot.prompts.get(note)


def test_lists_stay_the_catalogs(bot, with_model):
    extractive = bot.ask(LIST_Q)
    assert len(extractive["citations"]) == 5
    # A model that rewrites the list, drops items and invents one: only a verified lead-in may stay.
    with_model(fake("Ambitielijn 2 noemt 3 acties: 1. Fietspaden aanleggen [1]. 2. Leren voor werkenden [1]."))
    final = bot.ask(LIST_Q)
    assert final["answer"] == extractive["answer"] and final["citations"] == extractive["citations"]
    assert final["mode"] == "extractief" and final["llm"]["outcome"] == "lead_in_dropped"
    with_model(fake("Ambitielijn 2 wil waardevolle en toekomstgerichte werkkrachten creëren en houden [1]."))
    final = bot.ask(LIST_Q)
    assert final["mode"] == "llm"
    assert final["answer"] == (
        "Ambitielijn 2 wil waardevolle en toekomstgerichte werkkrachten creëren en houden [1].\n" + extractive["answer"])
    assert final["citations"] == extractive["citations"]
    # A model that does not answer in time costs the list nothing, not even a note.
    with_model(fake("Ambitielijn 2 wil werkkrachten houden [1].", sleep=0.3, timeout_s=0.5))
    final = bot.ask(LIST_Q)
    assert final["answer"] == extractive["answer"]
    assert final["llm"]["outcome"] == "lead_in_dropped" and final["llm"]["reason"] == "timeout"


def test_counts_stay_the_catalogs(bot, with_model):
    question = "Hoeveel KPI's heeft ambitielijn 1?"
    extractive = bot.ask(question)
    with_model(fake("Ambitielijn 1 heeft 7 KPI's [1]."))
    final = bot.ask(question)
    assert final["answer"] == extractive["answer"] and "7" not in final["answer"]


@pytest.mark.parametrize("question", ["Wat kost de Droneport?", "Staat 'leren voor werkenden' letterlijk in de tekst?"])
def test_refusals_and_verbatim_checks_stay_extractive(bot, with_model, question):
    extractive = bot.ask(question)
    with_model(fake("Droneport kost 12 miljoen euro [1]."))
    events, final = events_of(bot, question)
    assert "schrijven" not in [e.get("stage") for e in events]
    assert final["answer"] == extractive["answer"] and final["mode"] == "extractief"
    assert final["llm"] == {"outcome": "not_used"}


def test_followups_are_rewritten_by_the_model_when_the_rewrite_holds(bot, with_model):
    history = [{"role": "user", "content": LIST_Q}, {"role": "assistant", "content": "Ambitielijn 2 noemt 5 acties: ..."}]
    with_model(fake("Welke KPI's vallen onder ambitielijn 2?", "Dit zijn de KPI's [1]."))
    final = bot.ask("En de KPI's?", history)
    assert final["llm"]["rewrite"] == "Welke KPI's vallen onder ambitielijn 2?"
    assert all("Ambitielijn 2" in c["section"] for c in final["citations"]) and final["citations"]
    # A rewrite that adds a topic nobody mentioned is rejected; the rules resolve the follow-up.
    with_model(fake("Welke KPI's over waterstof vallen onder ambitielijn 3?", "Dit zijn de KPI's [1]."))
    ruled = bot.ask("En de KPI's?", history)
    assert "rewrite" not in ruled["llm"]
    assert ruled["citations"] == final["citations"]


def test_a_failing_rewrite_falls_back_to_the_rules(bot, with_model):
    history = [{"role": "user", "content": LIST_Q}]
    with_model(fake("x", error_on=0))
    final = bot.ask("En de KPI's?", history)
    assert final["citations"] and all("Ambitielijn 2" in c["section"] for c in final["citations"])


# -- a real HTTP client against servers that fail -------------------------------------------------

@pytest.fixture
def silent_server():
    """A loopback server that accepts connections and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join(2)
    for conn in held:
        conn.close()
    server.close()


@pytest.mark.parametrize("server", ["closed", "silent"])
def test_cli_falls_back_when_the_server_fails(corpus_settings, request, server, cli):
    pytest.importorskip("langchain_openai")
    port = request.getfixturevalue("silent_server") if server == "silent" else free_port()
    started = time.monotonic()
    result = cli(["ask", "--json", FACT_Q], DATA_DIR=corpus_settings.data_dir, LLM="openai",
                 LLM_BASE_URL=f"http://127.0.0.1:{port}/v1", LLM_TIMEOUT_S=2)
    answer = json.loads(result.out)
    assert answer["mode"] == "extractief" and answer["llm"]["outcome"] in ("error", "timeout")
    assert "Het taalmodel antwoordde niet op tijd" in answer["answer"]
    assert "20% onder het niveau van Vlaanderen" in answer["answer"]
    assert result.code == 0
    assert time.monotonic() - started < 60


def test_a_bug_in_phrasing_still_gives_the_extractive_answer(bot, with_model, monkeypatch, caplog):
    extractive = bot.ask(FACT_Q)
    phraser = with_model(fake("Limburg blijft 20% onder het niveau van Vlaanderen [1].")).phraser

    def broken(*args, **kwargs):
        yield {"type": "status", "stage": "schrijven", "text": "..."}
        raise RuntimeError("kapot")

    monkeypatch.setattr(phraser, "events", broken)
    final = bot.ask(FACT_Q)
    assert final["mode"] == "extractief" and final["llm"]["outcome"] == "error"
    assert final["answer"] == f"{extractive['answer']}\n\n{bot.prompts.get('llm.niet_beschikbaar')}"
    assert final["citations"] == extractive["citations"]
    assert "Phrasing with the language model failed" in caplog.text
