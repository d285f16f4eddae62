"""The unanswered-questions report as data and as CSV, shared by ``vraagbaak report`` and /beheer."""

from __future__ import annotations

from datetime import date, datetime, time, timezone
from typing import TYPE_CHECKING

from chatbot.questionlog import QuestionLog
from chatbot.report import EmbeddingCache, group, merge
from ui.csvfile import csv_text
from ui.feedback import FeedbackStore

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
    entries = merge(qlog.rows(since), FeedbackStore.in_dir(settings.data_dir).down_votes(since))
    groups = group(entries, embedding_cache(settings, embedder)) if entries else []
    return {
        "since": since.isoformat(timespec="seconds") if since else None,
        "question_log": bool(settings.question_log),
        "retention_days": settings.question_log_days,
        "total": len(entries),
        "groups": groups,
    }


def report_csv(report: dict, t) -> str:
    """One row per topic (``ui.csvfile``), Dutch column names."""
    keys = ("rapport_csv.onderwerp", "rapport_csv.aantal", "rapport_csv.nee", "rapport_csv.deels", "rapport_csv.duim_omlaag",
            "rapport_csv.eerst", "rapport_csv.laatst", "rapport_csv.vragen", "rapport_csv.opmerkingen",
            "rapport_csv.afgehandeld")
    return csv_text([t.get(k) for k in keys], (
        (g["topic"], g["count"], g["answerable"]["nee"], g["answerable"]["deels"], g["thumbs_down"], g["first"], g["last"],
         " | ".join(f"{q['question']} ({q['count']})" for q in g["questions"][:MAX_CSV_QUESTIONS]),
         " | ".join(c["comment"] for c in g.get("comments") or []), g.get("handled") or "")  # ui/editors.py
        for g in report["groups"]
    ))


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
