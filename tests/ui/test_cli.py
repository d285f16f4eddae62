"""`vraagbaak ask`, `ask --jsonl`, `check` and `eval --gate`, run in process through ``ui.cli.main``."""

from __future__ import annotations

import json

import pytest

from tests.invariants import assert_answer

KPI_QUESTION = "Welke KPI's horen bij ambitielijn 3?"


@pytest.fixture(scope="module")
def documents(bot):
    return bot.state().index.documents


def test_ask_prints_the_answer_and_its_sources(cli, corpus_settings):
    result = cli(["ask", KPI_QUESTION], DATA_DIR=corpus_settings.data_dir)
    assert result.code == 0, result.err
    assert "3 KPI's" in result.out and "[3]" in result.out
    sources = result.out.split("\n\n")[-1].splitlines()
    numbered = [line for line in sources[1:] if line.startswith("[")]
    assert len(numbered) == 3 and all("Ambitielijn 3 › KPI's" in line for line in numbered)
    assert [line.startswith("    https://") for line in sources[1:]] == [False, True] * 3  # each with its URL


def test_ask_json_is_the_answer_contract(cli, corpus_settings, documents, bot):
    result = cli(["ask", "--json", KPI_QUESTION], DATA_DIR=corpus_settings.data_dir)
    assert result.code == 0, result.err
    answer = json.loads(result.out)
    assert_answer(answer, documents, mode="extractief")
    assert [c["quote"] for c in answer["citations"]] == [c["quote"] for c in bot.ask(KPI_QUESTION)["citations"]]


def test_ask_without_a_question_or_index_says_what_to_do(cli, corpus_settings, tmp_path):
    result = cli(["ask"], DATA_DIR=corpus_settings.data_dir)
    assert result.code == 1 and result.out == "" and "give a question" in result.err
    result = cli(["ask", KPI_QUESTION], DATA_DIR=tmp_path / "leeg")
    assert result.code == 1 and result.err.count("\n") == 1 and "vraagbaak ingest" in result.err


def test_ask_jsonl_answers_every_line_and_survives_bad_ones(cli, corpus_settings, documents):
    lines = [
        KPI_QUESTION.encode(),                                                                   # 1 plain text
        json.dumps("wat voor acties zijn er in ambitielijn 2").encode(),                           # 2 JSON string
        json.dumps({"question": "En de KPI's daarvan?",
                    "history": [{"role": "user", "content": "geef me de acties van ambitielijn 1"}]}).encode(),
        ("\ufdfa" * 8).encode(),                                                                  # 4 once crashed the engine
        json.dumps({"question": "\ufdfa" * 8 + " fietsers"}).encode(),                            # 5
        b"{kapot",                                                                                # 6 invalid JSON
        b"caf\xe9 en fietsers?",                                                                  # 7 not UTF-8
        json.dumps({"question": "\ud800"}).encode(),                                              # 8 lone surrogate
        json.dumps({"vraag": "x"}).encode(),                                                      # 9 no question
        b"",                                                                                      # blank: skipped
        b'"Staat leren voor werkenden letterlijk in de tekst?',                                   # 11 starts with a quote
        "&#xFDFA;".encode() * 8,                                                                  # 12
    ]
    result = cli(["ask", "--jsonl"], stdin=b"\n".join(lines) + b"\n", DATA_DIR=corpus_settings.data_dir)
    assert result.code == 0, result.err[-2000:]
    assert "Traceback" not in result.err
    answers = [json.loads(line) for line in result.out.splitlines()]
    assert len(answers) == 11
    errors = {i + 1 + (i >= 9) for i, a in enumerate(answers) if a.get("error")}
    assert errors == {6, 7, 8, 9}, [a.get("error") for a in answers]
    assert answers[0]["answerable"] == "ja" and len(answers[0]["citations"]) == 3
    assert len(answers[1]["citations"]) == 5
    assert len(answers[2]["citations"]) == 3  # the follow-up took line 1 from the history
    for i in (0, 1, 2, 3, 4, 9, 10):  # every line that is a question: lines 1-5, 11 and 12
        assert_answer(answers[i], documents)
        assert "error" not in answers[i]
    assert answers[5]["error"].startswith("line 6: ") and answers[6]["error"].startswith("line 7: not valid UTF-8")
    assert answers[7]["error"] == "unusable text"


def test_check_finds_verbatim_or_the_closest_wording(cli, corpus_settings, documents):
    found = cli(["check", "--json", "leren", "voor", "werkenden"], DATA_DIR=corpus_settings.data_dir)
    assert found.code == 0, found.err
    result = json.loads(found.out)
    assert result["found"] is True and result["quote"].lower() == "leren voor werkenden"
    result = cli(["check", "--json", "Een actieplan leren voor alle werkenden uitrollen"], DATA_DIR=corpus_settings.data_dir)
    assert result.code == 3  # not verbatim
    close = json.loads(result.out)
    assert close["found"] is False and 0.7 < close["ratio"] < 1
    assert close["quote"] in documents[close["source"]]["text"]
    assert [op["op"] for op in close["diff"]].count("equal") >= 2
    text = cli(["check", "Een actieplan leren voor alle werkenden uitrollen"], DATA_DIR=corpus_settings.data_dir)
    assert text.code == 3 and f"„{close['quote']}”" in text.out and "{+" in text.out
    # The same words in other capitals: found, and said so.
    case = cli(["check", "--json", "LEREN VOOR WERKENDEN"], DATA_DIR=corpus_settings.data_dir)
    assert case.code == 4 and json.loads(case.out)["differs_in"] == ["case"]  # verbatim but for capitals
    case = cli(["check", "LEREN VOOR WERKENDEN"], DATA_DIR=corpus_settings.data_dir)
    assert "alleen de hoofdletters verschillen" in case.out
    # A part of a longer word is no match, and a text like nothing in the documents has no closest wording.
    inside = json.loads(cli(["check", "--json", "ren voor werkenden"], DATA_DIR=corpus_settings.data_dir).out)
    assert inside["found"] is False
    invented = cli(["check", "De minister opent morgen een zwembad in elke deelgemeente"], DATA_DIR=corpus_settings.data_dir)
    assert invented.code == 3 and "%" not in invented.out
    empty = cli(["check"], DATA_DIR=corpus_settings.data_dir)
    assert empty.code == 1 and "give the sentence to check" in empty.err


def _questions(path, *questions: dict):
    path.write_text("".join(json.dumps(q, ensure_ascii=False) + "\n" for q in questions), encoding="utf-8")
    return path


def test_eval_gate_passes_and_fails_with_exit_codes(cli, corpus_settings, tmp_path):
    good = _questions(
        tmp_path / "goed.jsonl",
        {"id": "g1", "cat": "feit", "q": "hoeveel consumenten wonen er binnen 300 km van Limburg?",
         "answerable": True, "cite": ["meer dan 100 miljoen consumenten"], "facts": ["100 miljoen"]},
        {"id": "g2", "cat": "lijst", "q": KPI_QUESTION, "answerable": True, "cite": ["Meting van de economische impact"],
         "all_cite": True},
        {"id": "g3", "cat": "onbeantwoordbaar", "q": "Hoe laat sluit het provinciehuis op vrijdag?", "answerable": False},
    )
    result = cli(["eval", "--gate", "--json", "--questions", good], DATA_DIR=corpus_settings.data_dir)
    assert result.code == 0, result.err
    summary = json.loads(result.out)["summary"]
    assert summary["n"] == 3 and summary["cite"] == 1.0 and summary["refusals"] == "1/1"
    bad = _questions(tmp_path / "fout.jsonl", {"id": "b1", "cat": "feit", "q": KPI_QUESTION, "answerable": True,
                                               "cite": ["een zin die niet in de tekst staat"], "facts": ["42"]})
    result = cli(["eval", "--gate", "--questions", bad], DATA_DIR=corpus_settings.data_dir)
    assert result.code == 1 and "GATE FAILED: cite" in result.err and "GATE FAILED: facts" in result.err
    missing = cli(["eval", "--questions", tmp_path / "bestaat-niet.jsonl"], DATA_DIR=corpus_settings.data_dir)
    assert missing.code == 1 and "cannot read questions" in missing.err


def _tiny_corpus(folder, cite: str):
    """A one-document corpus folder with a sidecar and a question set of two."""
    folder.mkdir()
    (folder / "fietsplan.md").write_text(
        "# Fietsplan Testprovincie\n\nDe provincie legt tegen 2030 in totaal 120 kilometer nieuwe fietssnelweg aan.\n\n"
        "## Onderhoud\n\nDe gemeenten onderhouden de fietspaden langs gemeentewegen.\n", encoding="utf-8")
    (folder / "fietsplan.md.meta.json").write_text(json.dumps({"title": "Fietsplan", "language": "nl"}), encoding="utf-8")
    return _questions(
        folder / "questions.jsonl",
        {"id": "t1", "cat": "detail", "q": "Hoeveel kilometer nieuwe fietssnelweg legt de provincie aan?", "answerable": True,
         "cite": [cite], "facts": ["120 kilometer"]},
        {"id": "t2", "cat": "onbeantwoordbaar", "q": "Wie is de burgemeester van Parijs?", "answerable": False},
    )


def test_eval_corpus_indexes_the_folder_on_its_own_and_scores_its_questions(cli, tmp_path):
    folder = tmp_path / "fietsplan"
    _tiny_corpus(folder, "120 kilometer nieuwe fietssnelweg")
    data = tmp_path / "data"
    result = cli(["eval", "--json", "--corpus", folder], DATA_DIR=data)
    assert result.code == 0, result.err
    out = json.loads(result.out)
    assert set(out) == {"corpora"}, "the bundled questions are not asked with --corpus"
    summary = out["corpora"]["fietsplan"]["summary"]
    assert summary["n"] == 2 and summary["cite"] == 1.0 and summary["verbatim"] == 1.0
    assert "ja_precision" in summary and isinstance(summary["ja_wrong"], list)
    # Its own index under the data dir (the question set is not a document); none in the data dir itself.
    (own,) = (data / "eval-corpora").iterdir()
    assert own.name.startswith("fietsplan-") and (own / "index").is_dir()
    assert not (data / "index").exists()
    # Text output: a table per corpus with the new column.
    result = cli(["eval", "--corpus", folder], DATA_DIR=data)
    assert result.code == 0 and "== corpus fietsplan ==" in result.out and "ja_precision" in result.out


def test_eval_corpus_gate_and_bad_folders(cli, tmp_path):
    folder = tmp_path / "fout"
    _tiny_corpus(folder, "een zin die niet in de tekst staat")
    result = cli(["eval", "--gate", "--corpus", folder], DATA_DIR=tmp_path / "data")
    assert result.code == 1 and "GATE FAILED: fout: cite" in result.err
    empty = tmp_path / "leeg"
    empty.mkdir()
    result = cli(["eval", "--corpus", empty], DATA_DIR=tmp_path / "data")
    assert result.code == 1 and result.err.count("\n") == 1 and "cannot evaluate corpus" in result.err
    (empty / "questions.jsonl").write_text("", encoding="utf-8")
    result = cli(["eval", "--corpus", empty], DATA_DIR=tmp_path / "data")
    assert result.code == 1 and "no documents" in result.err
