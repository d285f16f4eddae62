"""The opt-in log of questions the documents did not (fully) answer, for the editors' report.

Only with ``VRAAGBAAK_QUESTION_LOG=true``: the service then stores, per answer with
status ``nee`` or ``deels``, the question text (as the answer contract has it), the
status, the machine-readable reason when the answer has one, and the time (UTC, to the
second). Nothing else: no IP address, no session or browser id, no answer text; answers
with status ``ja`` and refused input (too long, empty, errors) are not stored.

Rows older than ``VRAAGBAAK_QUESTION_LOG_DAYS`` (default 90) are deleted when a process
opens the log (the service at start, ``vraagbaak report``) and once a day while the
service runs, whether logging is still on or not.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
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
        reason     TEXT                      -- why, when the answer says so (machine-readable)
    )
    """,
    "CREATE INDEX IF NOT EXISTS questions_created ON questions (created)",
)


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


def path_in(data_dir: Path) -> Path:
    return Path(data_dir) / FILENAME


class QuestionLog(SqliteTable):
    """One SQLite table under the data dir."""

    SCHEMA = SCHEMA

    def __init__(self, path: Path, days: int = 90, clock=utc_now) -> None:
        super().__init__(path)
        self.days = days
        self.clock = clock
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @classmethod
    def for_settings(cls, settings: Settings, **kwargs) -> "QuestionLog":
        return cls(path_in(settings.data_dir), settings.question_log_days, **kwargs)

    def record(self, answer: dict) -> bool:
        """Store one answer contract if its status is ``nee`` or ``deels``; True when stored."""
        status = answer.get("answerable")
        question = answer.get("question")
        if status not in LOGGED or answer.get("error") or not isinstance(question, str) or not question.strip():
            return False
        reason = answer.get("reason")
        if reason is not None and not isinstance(reason, str):
            reason = json.dumps(reason, ensure_ascii=False, sort_keys=True)
        with self._lock, self._connect() as conn:
            conn.execute(
                "INSERT INTO questions (created, question, answerable, reason) VALUES (?, ?, ?, ?)",
                (iso(self.clock()), question.strip(), status, reason[:MAX_REASON_CHARS] if reason else None),
            )
        return True

    def purge(self) -> int:
        """Delete rows older than the retention period; returns how many."""
        if not self.path.exists():
            return 0
        cutoff = iso(self.clock() - timedelta(days=self.days))
        with self._lock, self._connect() as conn:
            removed = conn.execute("DELETE FROM questions WHERE created < ?", (cutoff,)).rowcount
        if removed:
            log.info("Question log: deleted %d questions older than %d days", removed, self.days)
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
