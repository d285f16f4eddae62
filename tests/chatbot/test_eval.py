"""The dev questions (dev + dev2) must stay above the release gate; the judge must see misses."""

import json
from pathlib import Path

from chatbot.evaluate import (
    DEFAULT_QUESTIONS, GATED_SETS, Scores, evaluate, format_table, gate, judge, list_corpora, load_questions, per_set,
    subset_row,
)

REPO = Path(__file__).resolve().parents[2]


def test_dev_questions_meet_the_gate(bot):
    questions = load_questions(*(REPO / path for path in DEFAULT_QUESTIONS))
    assert len(questions) == 195
    summary, per_cat, verdicts = evaluate(bot, questions)
    gated = subset_row(questions, verdicts, lambda q: q["set"] in GATED_SETS)
    assert gated["n"] == 135
    assert gate(gated) == [], gated
    assert summary["verbatim"] == 1.0
    assert "onbeantwoordbaar" in per_cat
    assert list(per_set(questions, verdicts)) == ["dev-questions", "dev2-questions", "dev3-questions"]
    # Every answer carries a machine-readable reason, counted in the summary.
    assert sum(summary["reasons"].values()) == 195
    assert all(v["reason"] not in (None, "-") for v in verdicts)


def test_judge_detects_misses():
    question = {"id": "x", "cat": "t", "q": "?", "answerable": True, "cite": ["alpha beta|delta"], "facts": ["12|twaalf", "gamma"], "all_cite": True}
    docs = {"d": {"text": "Alpha  beta en meer"}}
    good = {"answer": "Er zijn twaalf: gamma", "answerable": "ja", "citations": [{"quote": "Alpha  beta", "source": "d"}]}
    bad = {"answer": "Er zijn elf", "answerable": "nee", "citations": [{"quote": "niet in bron", "source": "d"}]}
    v = judge(question, good, docs)
    assert (v["cite"], v["facts"], v["list"], v["refused"], v["verbatim"]) == (True, True, True, False, [True])
    v = judge(question, bad, docs)
    assert (v["cite"], v["facts"], v["list"], v["refused"], v["verbatim"]) == (False, False, False, True, [False])


def test_gate_names_what_fails():
    ok = {"n": 100, "cite": 0.95, "facts": 0.9, "verbatim": 1.0, "lists": "10/10", "refusals": "18/20", "false_refusals": 2}
    assert gate(ok) == []
    # Every list must be complete: one short is a failure.
    assert any("lists" in p for p in gate({**ok, "lists": "9/10"}))
    bad = {**ok, "cite": 0.8, "lists": "7/10", "refusals": "10/20", "false_refusals": 10}
    problems = " ".join(gate(bad))
    for word in ("cite", "lists", "refusals", "false refusals"):
        assert word in problems


def _answer(answerable: str, quote: str = "") -> dict:
    return {"answer": quote, "answerable": answerable, "citations": [{"quote": quote, "source": "d"}] if quote else []}


def test_ja_precision_counts_the_answers_marked_ja_that_are_right():
    docs = {"d": {"text": "De provincie bouwt 1.200 woningen tegen 2030."}}
    cited = {"answerable": True, "cite": ["1.200 woningen"], "facts": ["1.200"]}
    uncited = {"answerable": True, "cite": [], "facts": ["2030"]}
    cases = [
        ({"id": "right", **cited}, _answer("ja", "De provincie bouwt 1.200 woningen")),
        # The expected passage is not quoted, though the answer is marked ja.
        ({"id": "wrong-cite", **cited}, _answer("ja", "tegen 2030")),
        # Unanswerable, answered ja.
        ({"id": "wrong-unanswerable", "answerable": False}, _answer("ja", "De provincie bouwt")),
        # No passage expected: the facts decide.
        ({"id": "right-facts", **uncited}, _answer("ja", "tegen 2030")),
        ({"id": "wrong-facts", **uncited}, _answer("ja", "De provincie bouwt")),
        # Answers not marked ja are not counted, right or wrong.
        ({"id": "nee", "answerable": False}, _answer("nee")),
        ({"id": "deels", **cited}, _answer("deels", "tegen 2030")),
    ]
    scores = Scores()
    for question, answer in cases:
        scores.add(question, judge({"cat": "t", "q": "?", **question}, answer, docs))
    row = scores.row()
    assert row["ja"] == "2/5" and row["ja_precision"] == 0.4
    assert scores.ja_wrong == ["wrong-cite", "wrong-unanswerable", "wrong-facts"]
    assert "ja_precision" in format_table({**row, "p50_ms": 1, "p95_ms": 2}, {"t": row}).splitlines()[0]
    # With no answer marked ja there is no precision to report.
    assert Scores().row()["ja_precision"] is None


def test_questions_name_their_set_and_are_scored_per_set(tmp_path):
    a, b = tmp_path / "een.jsonl", tmp_path / "twee.jsonl"
    a.write_text(json.dumps({"id": "a1", "q": "?", "answerable": False}) + "\n", encoding="utf-8")
    b.write_text("\n".join(json.dumps({"id": f"b{i}", "q": "?", "answerable": True, "cite": ["x"]}) for i in (1, 2)), encoding="utf-8")
    questions = load_questions(a, b)
    assert [q["set"] for q in questions] == ["een", "twee", "twee"]
    verdicts = [{"refused": True, "verbatim": []}, {"refused": False, "cite": True, "verbatim": []},
                {"refused": True, "cite": False, "verbatim": []}]
    sets = per_set(questions, verdicts)
    assert sets["een"]["refusals"] == "1/1" and sets["twee"]["cite"] == 0.5 and sets["twee"]["false_refusals"] == 1
    assert subset_row(questions, verdicts, lambda q: q["set"] == "twee") == sets["twee"]


def test_list_corpora_finds_the_folders_with_a_question_set(tmp_path):
    (tmp_path / "met").mkdir()
    (tmp_path / "met" / "questions.jsonl").write_text("", encoding="utf-8")
    (tmp_path / "zonder").mkdir()
    assert list_corpora(tmp_path) == [tmp_path / "met"]
    assert list_corpora(tmp_path / "bestaat-niet") == []
    assert [p.name for p in list_corpora(REPO / "tests" / "corpora")] == ["beleidsplan", "fiches", "innovatie", "klimaatplan", "landbouw", "mobiliteit", "vrijetijd",
                                                                       "woonplan"]


def test_a_corpus_with_a_floor_of_its_own_is_gated_on_it(tmp_path):
    import json

    from chatbot.evaluate import CORPUS_GATE, corpus_gate

    assert corpus_gate(tmp_path) == CORPUS_GATE
    (tmp_path / "floor.json").write_text(json.dumps({"_about": "why", "cite": 0.7, "unknown": 1}), encoding="utf-8")
    floor = corpus_gate(tmp_path)
    assert floor["cite"] == 0.7 and floor["facts"] == CORPUS_GATE["facts"] and "unknown" not in floor
