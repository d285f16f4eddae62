"""Thumbs up/down with an optional comment, kept in SQLite under the data dir (no IP address).

Writes are rate-limited (``RateLimit``): per browser session, and in total, since a
session id is whatever the client says it is. Rows (question, answer, comment) are kept as
long as the question log's (``VRAAGBAAK_QUESTION_LOG_DAYS``, default 90 days): ``purge``
runs with the question log's retention, and the report never reads older ones.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections import OrderedDict, deque
from datetime import datetime, timedelta, timezone
from pathlib import Path

from chatbot.sqlite_table import SqliteTable

SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    created       TEXT NOT NULL,           -- UTC, ISO 8601
    question      TEXT NOT NULL,
    answer        TEXT NOT NULL,
    citations     TEXT NOT NULL,           -- JSON list, as in the answer contract
    vote          TEXT NOT NULL CHECK (vote IN ('up', 'down')),
    comment       TEXT,
    index_version TEXT
)
"""
MAX_COMMENT_CHARS = 2000
FILENAME = "feedback.sqlite3"


class FeedbackStore(SqliteTable):
    """One small table."""

    SCHEMA = (SCHEMA,)

    @classmethod
    def in_dir(cls, data_dir) -> "FeedbackStore":
        return cls(Path(data_dir) / FILENAME)

    def down_votes(self, since: datetime | None = None, days: int | None = None) -> list[dict]:
        """``{"question", "created"}`` of answers rated "not useful", oldest first, none older than ``days``;
        none without a store (reading does not create one)."""
        if not self.path.exists():
            return []
        with self._lock, self._connect() as conn:
            conn.row_factory = sqlite3.Row
            rows = conn.execute("SELECT question, created FROM feedback WHERE vote = 'down' ORDER BY id").fetchall()
        cutoff = datetime.now(timezone.utc) - timedelta(days=days) if days else None
        return [dict(r) for r in rows
                if (since is None or datetime.fromisoformat(r["created"]) >= since)
                and (cutoff is None or datetime.fromisoformat(r["created"]) >= cutoff)]

    def purge(self, days: int) -> int:
        """Delete rows older than ``days``; returns how many."""
        if not self.path.exists():
            return 0
        cutoff = (datetime.now(timezone.utc) - timedelta(days=days)).isoformat(timespec="seconds")
        with self._lock, self._connect() as conn:
            return conn.execute("DELETE FROM feedback WHERE created < ?", (cutoff,)).rowcount

    def add(self, question: str, answer: str, citations: list, vote: str, index_version: str | None = None) -> int:
        if vote not in ("up", "down"):
            raise ValueError(f"vote must be 'up' or 'down', not {vote!r}")
        created = datetime.now(timezone.utc).isoformat(timespec="seconds")
        with self._lock, self._connect() as conn:
            cur = conn.execute(
                "INSERT INTO feedback (created, question, answer, citations, vote, index_version) VALUES (?, ?, ?, ?, ?, ?)",
                (created, question, answer, json.dumps(citations, ensure_ascii=False), vote, index_version),
            )
            assert cur.lastrowid is not None  # always set after an INSERT
            return int(cur.lastrowid)

    def set_vote(self, row_id: int, vote: str) -> None:
        """Change one's mind on the same answer without adding a second row."""
        if vote not in ("up", "down"):
            raise ValueError(f"vote must be 'up' or 'down', not {vote!r}")
        with self._lock, self._connect() as conn:
            conn.execute("UPDATE feedback SET vote = ? WHERE id = ?", (vote, row_id))

    def comment(self, row_id: int, text: str) -> None:
        if len(text) > MAX_COMMENT_CHARS:
            raise ValueError(f"comment longer than {MAX_COMMENT_CHARS} characters")
        with self._lock, self._connect() as conn:
            conn.execute("UPDATE feedback SET comment = ? WHERE id = ?", (text, row_id))

    def rows(self) -> list[dict]:
        with self._lock, self._connect() as conn:
            conn.row_factory = sqlite3.Row
            return [dict(r) for r in conn.execute("SELECT * FROM feedback ORDER BY id")]


class RateLimit:
    """At most ``per_session`` writes per session and ``overall`` writes in all, per ``window_s`` seconds.

    Both windows slide. Sessions are forgotten least recently used first beyond
    ``max_sessions``, so the table itself stays small.
    """

    def __init__(self, per_session: int = 10, overall: int = 200, window_s: float = 600.0, max_sessions: int = 5000) -> None:
        self.per_session, self.overall, self.window_s, self.max_sessions = per_session, overall, window_s, max_sessions
        self._sessions: OrderedDict[str, deque] = OrderedDict()
        self._all: deque = deque()
        self._lock = threading.Lock()

    def allow(self, session: str | None, now: float | None = None) -> bool:
        """Count one write for ``session`` if both limits allow it; False (nothing counted) otherwise."""
        now = time.monotonic() if now is None else now
        key = str(session or "")[:128]
        with self._lock:
            horizon = now - self.window_s
            while self._all and self._all[0] <= horizon:
                self._all.popleft()
            hits = self._sessions.get(key, deque())
            while hits and hits[0] <= horizon:
                hits.popleft()
            if len(self._all) >= self.overall or len(hits) >= self.per_session:
                return False
            hits.append(now)
            self._all.append(now)
            self._sessions[key] = hits
            self._sessions.move_to_end(key)
            while len(self._sessions) > self.max_sessions:
                self._sessions.popitem(last=False)
            return True
