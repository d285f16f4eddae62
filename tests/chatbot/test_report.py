"""The unanswered-questions report: topics from a run of real questions, with the real e5 embedder."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import numpy as np

from chatbot.questionlog import QuestionLog
from chatbot.report import EmbeddingCache, Entry, group, merge, question_key, topic_text

WONEN = ["Komen er sociale woningen bij?", "Zijn er plannen voor nieuwe woonwijken?", "Komen er meer sociale huurwoningen?"]
GELD = ["Hoeveel kost het plan?", "Hoeveel budget is er eigenlijk voorzien voor al die plannen?"]
OV = ["Komen er meer bussen in Limburg?", "Wat doet de provincie aan openbaar vervoer?"]
BURGEMEESTER = "Wie is de burgemeester van Hasselt?"
ANSWERED = ["Welke KPI's horen bij ambitielijn 3?", "wat zijn de voorbeeldacties bij de eerste ambitielijn?"]


def test_topic_text_keeps_the_topic_and_what_is_missing():
    assert topic_text("Wat doet de provincie aan betaalbaar wonen?") == "betaalbaar wonen"
    assert topic_text("Hoeveel kost het plan?") == "hoeveel kost plan"
    assert topic_text("Wie is de gedeputeerde van economie in Limburg?") == "wie gedeputeerde economie"
    assert topic_text("Wat is dat?") == "Wat is dat?"  # nothing left: the question itself
    assert len(topic_text("\ufdfa" * 400)) <= 500  # bounded for the embedder's tokenizer
    assert question_key("  Komen er  sociale woningen bij?? ") == question_key("komen er sociale woningen bij")


def test_a_thumbs_down_marks_its_logged_question_or_stands_alone():
    asked = datetime(2026, 3, 1, 10, 0, tzinfo=timezone.utc)
    log_rows = [{"question": "Komt er een zwembad?", "created": asked.isoformat(), "answerable": "nee", "reason": "r"}]
    downs = [
        {"question": "komt er een zwembad", "created": (asked + timedelta(minutes=2)).isoformat()},
        {"question": "Welke KPI's horen bij ambitielijn 3?", "created": asked.isoformat()},
        {"question": "Komt er een zwembad?", "created": (asked + timedelta(hours=3)).isoformat()},
    ]
    entries = merge(log_rows, downs)
    assert [(e.question, e.answerable, e.thumbs_down) for e in entries] == [
        ("Komt er een zwembad?", "nee", True),
        ("Welke KPI's horen bij ambitielijn 3?", None, True),
        ("Komt er een zwembad?", None, True),
    ]


def test_a_run_of_questions_gives_the_expected_topics(corpus_settings, e5, tmp_path):
    from chatbot.service import Vraagbaak
    from ui.feedback import FeedbackStore
    from ui.report import build_report

    settings = corpus_settings.model_copy(update={"data_dir": tmp_path, "question_log": True})
    bot = Vraagbaak(corpus_settings)
    qlog = QuestionLog.for_settings(settings)
    bot.observers.append(qlog.record)
    statuses = {q: bot.ask(q)["answerable"] for q in WONEN + GELD + OV + [BURGEMEESTER, BURGEMEESTER.lower()] + ANSWERED}
    assert {q: s for q, s in statuses.items() if q not in ANSWERED and s not in ("nee", "deels")} == {}
    assert all(statuses[q] == "ja" for q in ANSWERED)
    answer = bot.ask(ANSWERED[1])
    FeedbackStore(tmp_path / "feedback.sqlite3").add(ANSWERED[1], answer["answer"], answer["citations"], "down")
    FeedbackStore(tmp_path / "feedback.sqlite3").add(ANSWERED[0], "…", [], "up")

    report = build_report(settings, embedder=e5)
    assert report["total"] == len(WONEN + GELD + OV) + 2 + 1 and report["question_log"] is True
    topics = [(g["count"], sorted(q["question"] for q in g["questions"])) for g in report["groups"]]
    assert topics[0] == (3, sorted(WONEN))
    assert sorted(topics[1:4]) == sorted([(2, sorted(GELD)), (2, sorted(OV)), (2, [BURGEMEESTER])])
    assert topics[4:] == [(1, [ANSWERED[1]])]
    burgemeester = next(g for g in report["groups"] if g["topic"] == BURGEMEESTER)
    assert burgemeester["questions"] == [{"question": BURGEMEESTER, "count": 2}]
    assert report["groups"][4]["thumbs_down"] == 1 and report["groups"][4]["answerable"] == {"nee": 0, "deels": 0}
    assert report["groups"][0]["topic"] in WONEN
    assert sum(g["answerable"]["nee"] + g["answerable"]["deels"] for g in report["groups"]) == report["total"] - 1
    assert all(g["reasons"] for g in report["groups"][:4])  # the answers' reasons are kept
    json.dumps(report)  # serialisable as is


def test_since_leaves_out_older_questions(corpus_settings, e5, tmp_path):
    from ui.report import build_report

    clock_now = [datetime(2026, 3, 1, tzinfo=timezone.utc)]
    settings = corpus_settings.model_copy(update={"data_dir": tmp_path, "question_log_days": 3650})
    qlog = QuestionLog.for_settings(settings, clock=lambda: clock_now[0])
    qlog.record({"question": "Komt er een zwembad in Genk?", "answerable": "nee"})
    clock_now[0] = datetime(2026, 3, 20, tzinfo=timezone.utc)
    qlog.record({"question": "Komen er sociale woningen bij?", "answerable": "nee"})
    report = build_report(settings, since=datetime(2026, 3, 10, tzinfo=timezone.utc), question_log=qlog, embedder=e5)
    assert [g["topic"] for g in report["groups"]] == ["Komen er sociale woningen bij?"]
    assert report["since"] == "2026-03-10T00:00:00+00:00" and report["question_log"] is False


def test_groups_are_sorted_by_size_then_recency_and_named_by_the_most_typical_question():
    def embed(texts):
        # three hand-made directions: a topic per first letter
        axes = {"a": [1, 0, 0], "b": [0, 1, 0], "c": [0, 0, 1]}
        return np.array([axes[t[0]] for t in texts], dtype=np.float32)

    day = datetime(2026, 3, 1, tzinfo=timezone.utc)
    entries = [Entry(q, (day + timedelta(days=d)).isoformat(), "nee") for q, d in
               [("aap?", 1), ("aap", 2), ("alpaca", 3), ("beer", 9), ("bever", 8), ("cavia", 5), ("cobra", 4)]]
    groups = group(entries, embed)
    assert [(g["topic"], g["count"]) for g in groups] == [("aap?", 3), ("beer", 2), ("cavia", 2)]
    assert groups[0]["questions"] == [{"question": "aap?", "count": 2}, {"question": "alpaca", "count": 1}]
    assert group([], embed) == []


def test_embedding_cache_embeds_each_text_once(e5):
    calls = []

    class Counting:
        def embed_query(self, text):
            calls.append(text)
            return e5.embed_query(text)

    cache = EmbeddingCache(Counting())
    first = cache(["betaalbaar wonen", "fietsers", "betaalbaar wonen"])
    second = cache(["fietsers"])
    assert calls == ["betaalbaar wonen", "fietsers"]
    assert first.shape == (3, 384) and np.allclose(first[1], second[0])


def test_reports_do_not_create_a_log(corpus_settings, e5, tmp_path):
    from ui.report import build_report

    settings = corpus_settings.model_copy(update={"data_dir": tmp_path})
    assert build_report(settings, embedder=e5)["groups"] == []
    assert not (tmp_path / "questions.sqlite3").exists() and not (tmp_path / "feedback.sqlite3").exists()
