import json
import sqlite3

import pytest

from ui.feedback import MAX_COMMENT_CHARS, FeedbackStore


def test_votes_and_comments_are_stored_without_ip(tmp_path):
    store = FeedbackStore(tmp_path / "sub" / "feedback.sqlite3")
    row = store.add("Vraag?", "Antwoord [1]", [{"n": 1, "chunk_id": "abc"}], "up", "v1")
    store.set_vote(row, "down")
    store.comment(row, "Er ontbrak een KPI.")
    [saved] = store.rows()
    assert saved["question"] == "Vraag?" and saved["vote"] == "down" and saved["comment"] == "Er ontbrak een KPI."
    assert json.loads(saved["citations"]) == [{"n": 1, "chunk_id": "abc"}]
    assert saved["created"].endswith("+00:00") and saved["index_version"] == "v1"
    columns = {r[1] for r in sqlite3.connect(tmp_path / "sub" / "feedback.sqlite3").execute("PRAGMA table_info(feedback)")}
    assert not any("ip" == c or "addr" in c or "agent" in c for c in columns)


def test_bad_votes_and_long_comments_are_refused(tmp_path):
    store = FeedbackStore(tmp_path / "f.sqlite3")
    with pytest.raises(ValueError):
        store.add("q", "a", [], "maybe")
    row = store.add("q", "a", [], "up")
    with pytest.raises(ValueError):
        store.comment(row, "x" * (MAX_COMMENT_CHARS + 1))


def test_feedback_rate_limit_per_session_and_overall():
    from ui.feedback import RateLimit

    limit = RateLimit(per_session=3, overall=5, window_s=60, max_sessions=2)
    assert [limit.allow("a", now=t) for t in (0, 1, 2, 3)] == [True, True, True, False]
    assert limit.allow("b", now=4) and limit.allow("b", now=5)
    assert not limit.allow("c", now=6)  # five in the window over all sessions
    assert limit.allow("a", now=61)  # the window slides
    assert len(limit._sessions) <= 2  # least recently used sessions are forgotten
