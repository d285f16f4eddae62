"""The unanswered-questions report as data and as CSV, shared by ``vraagbaak report`` and /beheer."""

from __future__ import annotations

from datetime import date, datetime, time, timezone
from typing import TYPE_CHECKING

from chatbot.questionlog import QuestionLog, question_key
from chatbot.report import EmbeddingCache, Entry, group, merge, shown, topic_text
from chatbot.settings import Limits
from ingest.errors import ErrorKind, VraagbaakError
from ui.csvfile import csv_text
from ui.feedback import FeedbackStore

if TYPE_CHECKING:
    from chatbot.settings import Settings

MAX_CSV_QUESTIONS = 50  # questions listed per topic in the CSV
EMBED_BUDGET_S = 1.0  # new questions embedded per report build; the rest are embedded by the next builds


class BadDateError(VraagbaakError, ValueError):
    """A --since / sinds value that is not a date."""

    kind, operator, message_key = ErrorKind.INVALID_REQUEST, "invalid date", "rapport.ongeldige_datum"


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
    moment = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    try:  # 0001-01-01T00:00+14:00 is before the first representable UTC time
        return moment.astimezone(timezone.utc)
    except OverflowError:
        raise BadDateError(text[:40]) from None


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


def most_asked(entries: list[Entry], limit: int, cache: EmbeddingCache | None = None,
               budget_s: float = EMBED_BUDGET_S, max_chars: int = Limits.report_max_text_chars) -> tuple[list[Entry], int]:
    """The entries of the ``limit`` most asked distinct questions (then the most recent), and how many asks are left out.

    With ``cache``: of those, the ones whose topic text is embedded (as many new ones as
    ``budget_s`` allows, most asked first); a report of many new questions grows over a few builds.
    """
    by_key: dict[str, list[Entry]] = {}
    for e in entries:
        by_key.setdefault(question_key(e.question), []).append(e)
    asked = {k: sum(e.times for e in v) for k, v in by_key.items()}
    latest = {k: max(e.last or e.created for e in v) for k, v in by_key.items()}
    ranked = sorted(by_key, key=lambda k: (-asked[k], _negated(latest[k])))[:limit]
    if cache is not None:
        texts = {k: topic_text(shown(by_key[k]), max_chars) for k in ranked}
        ready = cache.warm([texts[k] for k in ranked], budget_s)
        ranked = [k for k in ranked if texts[k] in ready]
    kept = [e for k in ranked for e in by_key[k]]
    return kept, sum(asked.values()) - sum(asked[k] for k in ranked)


def _negated(iso_time: str) -> float:
    try:
        return -datetime.fromisoformat(iso_time).timestamp()
    except ValueError:
        return 0.0


def build_report(settings: Settings, since: datetime | None = None, question_log: QuestionLog | None = None, embedder=None) -> dict:
    """``{"since", "question_log", "retention_days", "total", "left_out", "groups"}`` (groups: ``chatbot.report.group``).

    At most ``report_max_questions`` distinct questions are grouped, the most asked, and only
    as many new ones as can be embedded in ``EMBED_BUDGET_S`` (the next build adds more);
    ``left_out`` counts the asks of the others (they are in ``total``).
    """
    qlog = question_log or QuestionLog.for_settings(settings)
    qlog.purge()
    feedback = FeedbackStore.in_dir(settings.data_dir)
    feedback.purge(settings.question_log_days)
    entries = merge(qlog.rows(since), feedback.down_votes(since, settings.question_log_days))
    cache = embedding_cache(settings, embedder)
    grouped, left_out = most_asked(entries, settings.report_max_questions, cache, max_chars=settings.limits.report_max_text_chars)
    groups = group(grouped, cache, limits=settings.limits) if grouped else []
    return {
        "since": since.isoformat(timespec="seconds") if since else None,
        "question_log": bool(settings.question_log),
        "retention_days": settings.question_log_days,
        "total": sum(e.times for e in entries),
        "left_out": left_out,
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
