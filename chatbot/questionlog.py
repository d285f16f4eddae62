"""The opt-in log of questions the documents did not (fully) answer, for the editors' report.

Only with ``VRAAGBAAK_QUESTION_LOG=true``: the service then stores, per answer with
status ``nee`` or ``deels``, the question text (as the answer contract has it), the
status, the machine-readable reason when the answer has one, and the time (UTC, to the
second). Nothing else: no IP address, no session or browser id, no answer text; answers
with status ``ja`` and refused input (too long, empty, errors) are not stored.

Rows older than ``VRAAGBAAK_QUESTION_LOG_DAYS`` (default 90) are deleted when a process
opens the log (the service at start, ``vraagbaak report``) and once a day while the
service runs, whether logging is still on or not.

Budgets, so that anonymous clients cannot fill the disk or make the report slow: a question
asked again (the same after ``question_key``: case, spacing, closing punctuation) with the
same status on the same UTC day adds one to its row's ``times`` instead of a new row; new
rows are limited to ``VRAAGBAAK_QUESTION_LOG_PER_MINUTE`` (30) and to
``VRAAGBAAK_QUESTION_LOG_MAX_ROWS`` (20,000) in all. Past either, questions are not stored
(a warning in the log, at most once a minute).
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
from collections import deque
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path

from chatbot.settings import Settings
from chatbot.sqlite_table import SqliteTable

log = logging.getLogger(__name__)

FILENAME = "questions.sqlite3"
LOGGED = ("nee", "deels")
MAX_REASON_CHARS = 200
DAY_S = 24 * 3600
SCHEMA = (
    """
    CREATE TABLE IF NOT EXISTS questions (
        id         INTEGER PRIMARY KEY AUTOINCREMENT,
        created    TEXT NOT NULL,            -- UTC, ISO 8601, seconds
        question   TEXT NOT NULL,
        answerable TEXT NOT NULL CHECK (answerable IN ('nee', 'deels')),
        reason     TEXT,                     -- why, when the answer says so (machine-readable)
        times      INTEGER NOT NULL DEFAULT 1, -- how often it was asked that day (see the budgets)
        last       TEXT,                     -- UTC, the last time it was asked
        qkey       TEXT                      -- question_key(question)
    )
    """,
    "CREATE INDEX IF NOT EXISTS questions_created ON questions (created)",
)
# Columns added after the first release: added to an older table when it is opened.
ADDED_COLUMNS = {"times": "INTEGER NOT NULL DEFAULT 1", "last": "TEXT", "qkey": "TEXT"}


def question_key(question: str) -> str:
    """Questions that differ only in case, spacing or closing punctuation are the same question."""
    return " ".join(question.casefold().split()).rstrip("?!. ")


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


def path_in(data_dir: Path) -> Path:
    return Path(data_dir) / FILENAME


class QuestionLog(SqliteTable):
    """One SQLite table under the data dir."""

    SCHEMA = SCHEMA

    def __init__(self, path: Path, days: int = 90, clock=utc_now, per_minute: int = 30, max_rows: int = 20_000) -> None:
        super().__init__(path)
        self.days = days
        self.clock = clock
        self.per_minute, self.max_rows = per_minute, max_rows
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._migrated = False
        self._inserted: deque[float] = deque()  # monotonic times of the new rows in the last minute
        self._rows: int | None = None  # rows in the table, counted once, then kept up to date
        self._warned = 0.0
        self.also_purge: list = []  # callables run with every purge (the feedback store's retention)

    @classmethod
    def for_settings(cls, settings: Settings, **kwargs) -> "QuestionLog":
        return cls(path_in(settings.data_dir), settings.question_log_days, per_minute=settings.question_log_per_minute,
                   max_rows=settings.question_log_max_rows, **kwargs)

    @contextmanager
    def _connect(self):
        with super()._connect() as conn:
            if not self._migrated:
                present = {row[1] for row in conn.execute("PRAGMA table_info(questions)")}
                for name, kind in ADDED_COLUMNS.items():
                    if name not in present:
                        try:
                            conn.execute(f"ALTER TABLE questions ADD COLUMN {name} {kind}")
                        except sqlite3.OperationalError:  # another process added it just now
                            pass
                conn.execute("CREATE INDEX IF NOT EXISTS questions_key ON questions (qkey, created)")
                self._migrated = True
            yield conn

    def _over_budget(self, conn) -> str | None:
        now = time.monotonic()
        while self._inserted and now - self._inserted[0] >= 60:
            self._inserted.popleft()
        if len(self._inserted) >= self.per_minute:
            return f"more than {self.per_minute} new questions this minute"
        if self._rows is None:
            self._rows = conn.execute("SELECT COUNT(*) FROM questions").fetchone()[0]
        if self._rows >= self.max_rows:
            return f"the log holds {self.max_rows} questions, its limit"
        return None

    def record(self, answer: dict) -> bool:
        """Store one answer contract if its status is ``nee`` or ``deels``; True when stored."""
        status = answer.get("answerable")
        question = answer.get("question")
        if status not in LOGGED or answer.get("error") or not isinstance(question, str) or not question.strip():
            return False
        reason = answer.get("reason")
        if reason is not None and not isinstance(reason, str):
            reason = json.dumps(reason, ensure_ascii=False, sort_keys=True)
        text, moment = question.strip(), self.clock()
        key = question_key(text)
        day = iso(moment.astimezone(timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0))
        with self._lock, self._connect() as conn:
            same = conn.execute(
                "SELECT id FROM questions WHERE qkey = ? AND answerable = ? AND created >= ? ORDER BY id DESC LIMIT 1",
                (key, status, day)).fetchone()
            if same is not None:
                conn.execute("UPDATE questions SET times = times + 1, last = ? WHERE id = ?", (iso(moment), same[0]))
                return True
            problem = self._over_budget(conn)
            if problem is not None:
                if time.monotonic() - self._warned >= 60:
                    self._warned = time.monotonic()
                    log.warning("Question log: not storing new questions (%s)", problem)
                return False
            conn.execute(
                "INSERT INTO questions (created, question, answerable, reason, times, last, qkey) VALUES (?, ?, ?, ?, 1, ?, ?)",
                (iso(moment), text, status, reason[:MAX_REASON_CHARS] if reason else None, iso(moment), key),
            )
            self._inserted.append(time.monotonic())
            assert self._rows is not None  # counted by _over_budget under the same lock
            self._rows += 1
        return True

    def purge(self) -> int:
        """Delete rows older than the retention period; returns how many."""
        if not self.path.exists():
            for purge in self.also_purge:
                purge()
            return 0
        cutoff = iso(self.clock() - timedelta(days=self.days))
        with self._lock, self._connect() as conn:
            removed = conn.execute("DELETE FROM questions WHERE created < ?", (cutoff,)).rowcount
            self._rows = None  # counted again at the next new row
        if removed:
            log.info("Question log: deleted %d questions older than %d days", removed, self.days)
        for purge in self.also_purge:
            purge()
        return removed

    def rows(self, since: datetime | None = None) -> list[dict]:
        """Stored rows, oldest first, optionally from ``since`` (UTC) on."""
        if not self.path.exists():
            return []
        with self._lock, self._connect() as conn:
            conn.row_factory = sqlite3.Row
            if since is None:
                cursor = conn.execute("SELECT * FROM questions ORDER BY created, id")
            else:
                cursor = conn.execute("SELECT * FROM questions WHERE created >= ? ORDER BY created, id", (iso(since),))
            return [dict(r) for r in cursor]

    def start_retention(self, interval_s: float = DAY_S) -> None:
        """Purge now and then every ``interval_s`` seconds in a daemon thread, until ``stop``."""
        self.purge()
        if self._thread is not None:
            return

        def loop() -> None:
            while not self._stop.wait(interval_s):
                try:
                    self.purge()
                except Exception:  # noqa: BLE001 - try again at the next interval
                    log.exception("Question log: purging old questions failed")

        self._thread = threading.Thread(target=loop, name="question-log-retention", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
