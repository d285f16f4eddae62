"""The editors' report besides its groups: comments, the last answer, "afgehandeld", the weekly trend, the log itself."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from chatbot.questionlog import QuestionLog
from chatbot.settings import Settings
from prompts import load_prompts
from ui.editors import HandledStore, annotate, log_facts, log_line
from ui.feedback import FeedbackStore

NOW = datetime(2026, 3, 18, 12, 0, tzinfo=timezone.utc)  # a Wednesday in ISO week 12


def _report(groups):
    return {"since": None, "question_log": True, "retention_days": 90, "total": 0, "groups": groups}


def _group(questions, last):
    return {"topic": questions[0], "count": len(questions), "answerable": {"nee": 1, "deels": 0}, "thumbs_down": 0,
            "reasons": {}, "questions": [{"question": q, "count": 1} for q in questions], "first": last, "last": last}


@pytest.fixture
def settings(tmp_path):
    return Settings(data_dir=tmp_path)


def _logged(settings, question, when):
    qlog = QuestionLog.for_settings(settings, clock=lambda: when)
    assert qlog.record({"question": question, "answerable": "nee", "reason": "no_evidence"})


def test_comments_and_the_last_rated_answer_go_with_their_group(settings):
    feedback = FeedbackStore.in_dir(settings.data_dir)
    first = feedback.add("Komt er een zwembad?", "Dat staat niet in de documenten.", [], "down")
    feedback.comment(first, "Ik zoek de openingstijden.")
    second = feedback.add("komt er een  zwembad", "Een ander antwoord.", [], "down")
    feedback.comment(second, "Nog steeds niets.")
    feedback.add("Welke acties?", "Lijst.", [], "up")
    other = feedback.add("Wie is de gouverneur?", "Dat staat niet in de documenten.", [], "down")
    feedback.comment(other, "Jammer.")
    report = annotate(_report([_group(["Komt er een zwembad?"], "2026-01-01T00:00:00+00:00"),
                               _group(["Wie is de gouverneur?"], "2026-01-01T00:00:00+00:00")]), settings, now=NOW)
    pool, governor = report["groups"]
    assert {c["comment"] for c in pool["comments"]} == {"Ik zoek de openingstijden.", "Nog steeds niets."}
    assert pool["last_answer"]["answer"] == "Een ander antwoord."  # the latest "niet nuttig" of the group
    assert [c["comment"] for c in governor["comments"]] == ["Jammer."]


def test_handled_lasts_until_a_question_of_the_group_is_asked_again(settings):
    group = ["Komt er een zwembad?", "Is er een zwembad gepland?"]
    last = "2026-03-10T09:00:00+00:00"
    store = HandledStore.in_dir(settings.data_dir)
    assert annotate(_report([_group(group, last)]), settings, now=NOW)["groups"][0]["handled"] is None
    store.mark(group[:1], True, now=datetime(2026, 3, 11, tzinfo=timezone.utc))
    assert annotate(_report([_group(group, last)]), settings, now=NOW)["groups"][0]["handled"] is None  # one of two
    store.mark(group, True, now=datetime(2026, 3, 11, tzinfo=timezone.utc))
    assert annotate(_report([_group(group, last)]), settings, now=NOW)["groups"][0]["handled"] == "2026-03-11T00:00:00+00:00"
    # The same store, opened anew (as after a restart), still knows.
    assert HandledStore.in_dir(settings.data_dir).states()[" ".join(group[0].casefold().split()).rstrip("?!. ")]
    asked_again = "2026-03-12T08:00:00+00:00"
    assert annotate(_report([_group(group, asked_again)]), settings, now=NOW)["groups"][0]["handled"] is None
    store.mark(group, False)
    assert HandledStore.in_dir(settings.data_dir).states() == {}


def test_weekly_trend_counts_the_last_eight_weeks(settings):
    for days, question in ((0, "a?"), (1, "b?"), (7, "c?"), (60, "d?"), (400, "e?")):
        _logged(settings, question, NOW - timedelta(days=days))
    report = annotate(_report([_group(["a?", "c?"], NOW.isoformat())]), settings, now=NOW)
    trend = report["trend"]
    assert [w["week"] for w in trend] == [f"2026-W{n:02d}" for n in range(5, 13)]
    assert trend[-1]["start"] == "2026-03-16" and trend[-1]["nee"] == 2 and trend[-2]["nee"] == 1
    assert sum(w["nee"] for w in trend) == 3  # 60 and 400 days ago fall outside
    assert report["groups"][0]["weeks"][-2:] == [1, 1]


def test_log_facts_describe_the_file_not_the_setting(settings, tmp_path):
    t = load_prompts()
    assert log_facts(tmp_path / "nergens") == {"exists": False, "questions": 0, "first": None, "last": None}
    _logged(settings, "Komt er een zwembad?", NOW)
    _logged(settings, "Wie is de gouverneur?", NOW + timedelta(hours=1))
    facts = log_facts(settings.data_dir)
    assert facts["exists"] and facts["questions"] == 2 and facts["first"] < facts["last"]
    off = settings.model_copy(update={"question_log": False})  # a shell without the setting
    line = log_line(annotate(_report([]), off, now=NOW), t)
    assert line == t.say("rapport.logboek", aantal=2, vragen=t.get("rapport.vraag_meer"), eerst="2026-03-18 12:00 UTC", laatst="2026-03-18 13:00 UTC", dagen=90)


def test_cli_report_describes_the_log_it_reads(cli, tmp_path):
    settings = Settings(data_dir=tmp_path)
    _logged(settings, "Komt er een zwembad?", datetime.now(timezone.utc))
    t = load_prompts()
    result = cli(["report"], DATA_DIR=tmp_path, QUESTION_LOG="false", EMBEDDER="e5-small-nano")
    assert result.code == 0, result.err
    from ui.render import when

    facts = log_facts(tmp_path)
    assert result.out.splitlines()[0] == t.say("rapport.logboek", aantal=1, vragen=t.get("rapport.vraag_een"),
                                               eerst=when(facts["first"]), laatst=when(facts["last"]), dagen=90)
    assert t.get("rapport.log_uit") not in result.out  # not what this shell's settings say
