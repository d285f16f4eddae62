"""A small SQLite store under the data dir: a connection per call, so it is safe across threads."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class SqliteTable:
    """Subclasses set ``SCHEMA`` (statements run once, on the first connection)."""

    SCHEMA: tuple[str, ...] = ()

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._ready = False

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """A connection that creates the schema the first time, commits on success and is always closed."""
        if not self._ready:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=10)
        try:
            if not self._ready:
                for statement in self.SCHEMA:
                    conn.execute(statement)
                self._ready = True
            with conn:
                yield conn
        finally:
            conn.close()
