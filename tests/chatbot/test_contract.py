"""The answer contract: one definition, the same shape from the service, the CLI and the API docs."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from chatbot.contract import REQUEST_REASONS, Answer, CatalogItem, Citation, Error, ErrorKind, LanguageModelNote
from chatbot.decide import REASONS, Decision

KPI_QUESTION = "Welke KPI's horen bij ambitielijn 3?"
# The shape callers rely on (README, "The answer contract"); changing it breaks them.
ANSWER_KEYS = ["question", "answer", "answerable", "reason", "mode", "citations", "timings_ms"]
CITATION_KEYS = ["n", "source", "title", "section", "page", "chunk_id", "score", "quote", "url", "version_date"]
CATALOG_KEYS = ["source", "title", "ambitielijn", "kind", "text", "page", "section", "item_index", "chunk_id", "url",
                "change", "previous_text"]


def test_an_answer_has_the_documented_shape(bot):
    answer = bot.ask(KPI_QUESTION)
    assert list(answer) == ANSWER_KEYS  # no "error" and no "llm" when there are none
    assert [list(c) for c in answer["citations"]] == [CITATION_KEYS] * 3
    assert answer["reason"] == "structure" and answer["mode"] == "extractief"
    assert all(isinstance(v, float) for v in answer["timings_ms"].values())
    assert Answer.model_validate(answer).to_dict() == answer  # the dict is the model's own JSON form


@pytest.mark.parametrize("question, kind, error", [
    ("x" * 5000, "too_long", "question too long"),
    ("\x00\x1b", "unusable_text", "unusable text"),
    (42, "unusable_text", "question must be a string"),
])
def test_a_refused_question_names_its_kind(bot, question, kind, error):
    answer = bot.ask(question)
    assert list(answer) == ANSWER_KEYS + ["error"]
    assert (answer["answerable"], answer["reason"], answer["error"]) == ("nee", kind, error)


def test_an_empty_question_is_answered_without_an_error(bot):
    answer = bot.ask("   ")
    assert list(answer) == ANSWER_KEYS and answer["reason"] == "empty_question"


def test_reasons_are_those_of_decide_and_the_request_kinds():
    for status, reasons in REASONS.items():
        for reason in reasons:
            Answer(question="q", answer="a", answerable=status, reason=reason)
    for kind in REQUEST_REASONS:
        Answer(question="q", answer="a", answerable="nee", reason=kind.value)


@pytest.mark.parametrize("status, reason", [("nee", "passage"), ("ja", "no_items"), ("deels", "verbatim_found"),
                                            ("ja", "empty_question")])
def test_a_reason_belongs_to_one_status(status, reason):
    with pytest.raises(ValidationError):
        Answer(question="q", answer="a", answerable=status, reason=reason)


def test_answers_take_their_status_from_a_decision():
    answer = Answer.decided(Decision("deels", "partial"), question="q", answer="a")
    assert (answer.answerable, answer.reason) == ("deels", "partial")
    assert Answer.unreached(ErrorKind.TOO_LONG, question="q", answer="a").answerable == "nee"


def test_reason_errors_are_typed_too():
    with pytest.raises(ValidationError):
        Answer(question="q", answer="a", answerable="nee", reason="error")  # an English word is not a reason
    with pytest.raises(ValidationError):
        Answer(question="q", answer="a", answerable="misschien", reason="passage")


def test_optional_fields_are_left_out_not_null():
    citation = Citation(n=1, source="s", title="t", section="x", chunk_id="c", score=1.0, quote="q")
    answer = Answer(question="q", answer="a", answerable="ja", reason="passage", citations=[citation])
    assert "error" not in answer.to_dict() and "llm" not in answer.to_dict()
    assert answer.to_dict()["citations"][0]["url"] is None and answer.to_dict()["citations"][0]["page"] is None
    with_llm = answer.model_copy(update={"llm": LanguageModelNote(outcome="verified", kept=2, sentences=3)}).to_dict()
    assert with_llm["llm"] == {"outcome": "verified", "sentences": 3, "kept": 2}
    assert Error(error="busy", kind=ErrorKind.BUSY, message="m").to_dict() == {"error": "busy", "kind": "busy", "message": "m"}


def test_cli_json_is_the_service_contract(corpus_settings, monkeypatch, capsys, bot):
    from ui.cli import main

    monkeypatch.setenv("VRAAGBAAK_DATA_DIR", str(corpus_settings.data_dir))
    assert main(["ask", "--json", KPI_QUESTION]) == 0
    printed = json.loads(capsys.readouterr().out)
    expected = bot.ask(KPI_QUESTION)
    printed.pop("timings_ms"), expected.pop("timings_ms")
    assert printed == expected


def test_cli_catalog_json_lists_contract_items(corpus_settings, monkeypatch, capsys, bot):
    from ui.cli import main

    monkeypatch.setenv("VRAAGBAAK_DATA_DIR", str(corpus_settings.data_dir))
    assert main(["catalog", "--json", "--kind", "kpi", "--ambitielijn", "3"]) == 0
    printed = json.loads(capsys.readouterr().out)
    full = bot.catalog(ambitielijn=3, kind="kpi")
    assert list(full[0]) == CATALOG_KEYS and all(CatalogItem.model_validate(item) for item in full)
    assert printed == [{k: item[k] for k in ("source", "title", "ambitielijn", "kind", "item_index", "text", "page")} for item in full]
