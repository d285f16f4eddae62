"""Durable files and the error every index failure derives from (shared by the store and its history)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from ingest.errors import VraagbaakError


class IndexError_(VraagbaakError):
    """Something is wrong with the index (missing, unreadable, locked, written by another embedder)."""

    operator = "index error"


def write_json(path: Path, data) -> None:
    """Write JSON so that a reader sees the old file or the new one, never half of one."""
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=1)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
