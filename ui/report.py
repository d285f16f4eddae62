"""The unanswered-questions report as data and as CSV, shared by ``vraagbaak report`` and /beheer."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, time, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from chatbot.questionlog import QuestionLog
from chatbot.report import EmbeddingCache, group, merge

if TYPE_CHECKING:
    from chatbot.settings import Settings

MAX_CSV_QUESTIONS = 50  # questions listed per topic in the CSV


class BadDateError(ValueError):
    """A --since / sinds value that is not a date."""


def parse_since(value: str | None) -> datetime | None:
    """``2026-03-01`` (midnight UTC) or an ISO 8601 time; None for nothing."""
    if value is None or not str(value).strip():
        return None
    text = str(value).strip()
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), time(0), tzinfo=timezone.utc)
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise BadDateError(text[:40]) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def thumbs_down_rows(data_dir: Path, since: datetime | None) -> list[dict]:
    """``{"question", "created"}`` of answers rated "not useful" (from the feedback store, if any)."""
    import sqlite3

    path = Path(data_dir) / "feedback.sqlite3"
    if not path.exists():
        return []
    with sqlite3.connect(path, timeout=10) as conn:
        conn.row_factory = sqlite3.Row
        rows = conn.execute("SELECT question, created FROM feedback WHERE vote = 'down' ORDER BY id").fetchall()
    return [dict(r) for r in rows if since is None or datetime.fromisoformat(r["created"]) >= since]


_EMBEDDERS: dict[str, EmbeddingCache] = {}


def embedding_cache(settings: Settings, embedder=None) -> EmbeddingCache:
    """One cache per embedder name and process; ``embedder`` (e.g. the service's) saves loading one."""
    from ingest.embed import make_embedder
    from ingest.store import IndexStore

    try:
        manifest = IndexStore(settings).current()
    except Exception:  # noqa: BLE001 - without a readable index the configured embedder is the index's
        manifest = None
    name = manifest.embedder if manifest else settings.embedder
    if name not in _EMBEDDERS:
        _EMBEDDERS[name] = EmbeddingCache(embedder if embedder is not None and name == settings.embedder
                                          else make_embedder(name, settings.model_download))
    return _EMBEDDERS[name]


def build_report(settings: Settings, since: datetime | None = None, question_log: QuestionLog | None = None, embedder=None) -> dict:
    """``{"since", "question_log", "retention_days", "total", "groups"}`` (groups: ``chatbot.report.group``)."""
    qlog = question_log or QuestionLog.for_settings(settings)
    qlog.purge()
    entries = merge(qlog.rows(since), thumbs_down_rows(settings.data_dir, since))
    groups = group(entries, embedding_cache(settings, embedder)) if entries else []
    return {
        "since": since.isoformat(timespec="seconds") if since else None,
        "question_log": bool(settings.question_log),
        "retention_days": settings.question_log_days,
        "total": len(entries),
        "groups": groups,
    }


def _cell(value) -> str:
    # The catalog export's guard against spreadsheet formulas; kept in one place.
    from ui.app import _cell as safe

    return safe(value)


def report_csv(report: dict, t) -> str:
    """UTF-8 CSV with a byte-order mark: one row per topic, Dutch column names, no formulas."""
    keys = ("rapport_csv.onderwerp", "rapport_csv.aantal", "rapport_csv.nee", "rapport_csv.deels", "rapport_csv.duim_omlaag",
            "rapport_csv.eerst", "rapport_csv.laatst", "rapport_csv.vragen")
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([t.get(k) for k in keys])
    for g in report["groups"]:
        questions = " | ".join(f"{q['question']} ({q['count']})" for q in g["questions"][:MAX_CSV_QUESTIONS])
        writer.writerow([_cell(v) for v in (
            g["topic"], g["count"], g["answerable"]["nee"], g["answerable"]["deels"], g["thumbs_down"],
            g["first"], g["last"], questions,
        )])
    return "\ufeff" + buf.getvalue()


def summary_line(report: dict, t) -> str:
    """'12 vragen in 6 onderwerpen, meest gevraagd eerst.' (with the date from ``--since``)."""
    total, topics = report["total"], len(report["groups"])
    words = {
        "aantal": total, "onderwerpen": topics,
        "vragen": t.get("rapport.vraag_een" if total == 1 else "rapport.vraag_meer"),
        "onderwerp_woord": t.get("rapport.onderwerp_een" if topics == 1 else "rapport.onderwerp_meer"),
    }
    if report["since"]:
        return t.say("rapport.kop_sinds", datum=report["since"][:10], **words)
    return t.say("rapport.kop", **words)
