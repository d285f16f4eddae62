"""The dev question set must stay above the release gate (issue: answers)."""

from chatbot.evaluate import DEFAULT_QUESTIONS, evaluate, judge, load_questions
from ui.cli import _gate


def test_dev_set_meets_the_gate(bot):
    summary, per_cat, verdicts = evaluate(bot, load_questions(DEFAULT_QUESTIONS))
    assert _gate(summary) == [], summary
    assert summary["verbatim"] == 1.0
    assert "onbeantwoordbaar" in per_cat


def test_judge_detects_misses():
    question = {"id": "x", "cat": "t", "q": "?", "answerable": True, "cite": ["alpha beta"], "facts": ["12|twaalf", "gamma"], "all_cite": True}
    docs = {"d": {"text": "Alpha  beta en meer"}}
    good = {"answer": "Er zijn twaalf: gamma", "answerable": "ja", "citations": [{"quote": "Alpha  beta", "source": "d"}]}
    bad = {"answer": "Er zijn elf", "answerable": "nee", "citations": [{"quote": "niet in bron", "source": "d"}]}
    v = judge(question, good, docs)
    assert (v["cite"], v["facts"], v["list"], v["refused"], v["verbatim"]) == (True, True, True, False, [True])
    v = judge(question, bad, docs)
    assert (v["cite"], v["facts"], v["list"], v["refused"], v["verbatim"]) == (False, False, False, True, [False])
