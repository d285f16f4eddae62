"""The opt-in question log: what it stores, what it does not, and retention."""

from __future__ import annotations

import sqlite3
import time
from datetime import datetime, timedelta, timezone

import pytest

from chatbot.questionlog import QuestionLog

NOW = datetime(2026, 3, 31, 12, 0, tzinfo=timezone.utc)


class Clock:
    def __init__(self, now: datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def answer(question: str, status: str, **extra) -> dict:
    return {"question": question, "answer": "…", "answerable": status, "mode": "extractief", "citations": [],
            "timings_ms": {}, **extra}


def test_only_unanswered_questions_are_stored_with_status_reason_and_time(tmp_path):
    qlog = QuestionLog(tmp_path / "q.sqlite3", clock=Clock())
    assert qlog.record(answer("Komt er een zwembad in Genk?", "nee", reason="no_evidence"))
    assert qlog.record(answer("Wat kost ambitielijn 3?", "deels", reason={"missing": "money"}))
    assert not qlog.record(answer("Welke KPI's horen bij ambitielijn 3?", "ja"))
    assert not qlog.record(answer("x" * 50, "nee", error="question too long"))
    assert not qlog.record(answer("   ", "nee"))
    assert not qlog.record({"question": None, "answerable": "nee"})
    rows = qlog.rows()
    assert [(r["question"], r["answerable"], r["reason"], r["created"]) for r in rows] == [
        ("Komt er een zwembad in Genk?", "nee", "no_evidence", "2026-03-31T12:00:00+00:00"),
        ("Wat kost ambitielijn 3?", "deels", '{"missing": "money"}', "2026-03-31T12:00:00+00:00"),
    ]
    with sqlite3.connect(tmp_path / "q.sqlite3") as conn:
        columns = [row[1] for row in conn.execute("PRAGMA table_info(questions)")]
    assert columns == ["id", "created", "question", "answerable", "reason", "times", "last", "qkey"]  # no IP, no session, no answer


def test_old_rows_are_purged_and_recent_ones_kept(tmp_path):
    clock = Clock(NOW - timedelta(days=100))
    qlog = QuestionLog(tmp_path / "q.sqlite3", days=90, clock=clock)
    qlog.record(answer("Oud", "nee"))
    clock.now = NOW - timedelta(days=89)
    qlog.record(answer("Recent", "nee"))
    clock.now = NOW
    assert qlog.purge() == 1
    assert [r["question"] for r in qlog.rows()] == ["Recent"]
    assert [r["question"] for r in qlog.rows(since=NOW - timedelta(days=1))] == []


def test_retention_runs_at_start_and_then_periodically(tmp_path):
    clock = Clock(NOW - timedelta(days=91))
    qlog = QuestionLog(tmp_path / "q.sqlite3", days=90, clock=clock)
    qlog.record(answer("Heel oud", "nee"))
    clock.now = NOW - timedelta(days=60)
    qlog.record(answer("Twee maanden", "nee"))
    clock.now = NOW
    try:
        qlog.start_retention(interval_s=0.05)
        assert [r["question"] for r in qlog.rows()] == ["Twee maanden"]  # purged at start
        clock.now = NOW + timedelta(days=31)  # a month later, without a restart
        deadline = time.monotonic() + 5
        while qlog.rows() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert qlog.rows() == []
    finally:
        qlog.stop()


def test_budgets_new_rows_per_minute_a_row_cap_and_repeats_on_their_row(tmp_path, caplog):
    clock = Clock()
    qlog = QuestionLog(tmp_path / "q.sqlite3", clock=clock, per_minute=5, max_rows=100)
    assert all(qlog.record(answer(f"Hoeveel kost brug {i}?", "nee")) for i in range(5))
    assert not qlog.record(answer("Hoeveel kost brug 99?", "nee"))  # the sixth new one this minute
    assert qlog.record(answer("  HOEVEEL kost brug 2 ", "nee"))  # a repeat: counted on its row, whatever the budget
    rows = qlog.rows()
    assert len(rows) == 5 and {r["question"]: r["times"] for r in rows}["Hoeveel kost brug 2?"] == 2
    assert not qlog.record(answer("Hoeveel kost brug 2?", "deels"))  # another status would be a new row: over budget
    assert "not storing new questions" in caplog.text
    clock.now = NOW + timedelta(days=1)  # the next day: a new row for it (if the budget allows)
    full = QuestionLog(tmp_path / "q.sqlite3", clock=clock, per_minute=1000, max_rows=5)
    assert not full.record(answer("Hoeveel kost brug 1?", "nee"))  # 5 rows: the cap


def test_nothing_is_created_before_something_is_stored(tmp_path):
    qlog = QuestionLog(tmp_path / "q.sqlite3")
    assert qlog.rows() == [] and qlog.purge() == 0
    assert not (tmp_path / "q.sqlite3").exists()


def test_the_log_is_off_by_default_and_the_admin_token_must_be_long():
    from pydantic import ValidationError

    from chatbot.settings import Settings

    settings = Settings()
    assert settings.question_log is False and settings.question_log_days == 90 and settings.admin_token is None
    assert Settings(admin_token="   ").admin_token is None
    assert Settings(admin_token="abcdefghij012345").admin_token.get_secret_value() == "abcdefghij012345"
    with pytest.raises(ValidationError, match="at least 16 characters"):
        Settings(admin_token="kort")
    for weak in ("a" * 16, "1234567812345678"):
        with pytest.raises(ValidationError, match="different characters"):
            Settings(admin_token=weak)
    assert Settings().question_log_per_minute == 30 and Settings().question_log_max_rows == 20_000
    with pytest.raises(ValidationError):
        Settings(question_log_days=0)


def test_the_service_logs_through_its_observers_only_when_told(corpus_settings, tmp_path):
    from chatbot.service import Vraagbaak

    bot = Vraagbaak(corpus_settings)
    qlog = QuestionLog(tmp_path / "q.sqlite3")
    bot.ask("Komen er sociale woningen bij?")
    assert not (tmp_path / "q.sqlite3").exists()
    bot.observers.append(qlog.record)
    refused = bot.ask("Komen er sociale woningen bij?")
    answered = bot.ask("Welke KPI's horen bij ambitielijn 3?")
    assert (refused["answerable"], answered["answerable"]) == ("nee", "ja")
    assert [(r["question"], r["answerable"]) for r in qlog.rows()] == [("Komen er sociale woningen bij?", "nee")]
    assert qlog.rows()[0]["reason"] == refused.get("reason")

    def broken(contract):
        raise RuntimeError("disk full")

    bot.observers.insert(0, broken)
    assert bot.ask("Komt er een zwembad in Genk?")["answerable"] == "nee"  # an observer never costs the answer
    assert len(qlog.rows()) == 2
