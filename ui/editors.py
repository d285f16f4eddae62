"""What the editors' report shows besides the groups: why (users' comments, the last answer), what is done
("afgehandeld"), how it goes (a weekly trend), and what the question log itself holds.

``annotate`` adds to a report (``ui.report.build_report``):

* per group ``comments`` (what users typed under "niet nuttig", newest first), ``last_answer``
  (the answer of the latest "niet nuttig" in the group, as it was shown; the question log
  itself keeps no answers), ``handled`` (when an editor marked the group "afgehandeld",
  or null) and ``weeks`` (the group's count per week, as the report's ``trend``);
* ``trend``: per ISO week of the last ``WEEKS`` weeks, the questions answered ``nee``,
  ``deels`` and rated "niet nuttig";
* ``log``: the question log file itself (does it exist, how many questions, first and
  last), so ``vraagbaak report`` describes the log, not the environment it runs in.

"Afgehandeld" is kept per question (its ``question_key``) with the time it was marked, in
``editors.sqlite3`` under the data dir. A group counts as handled when each of its
questions was marked at or after the group was last asked: a question asked again after
that opens the group again.
"""

from __future__ import annotations

import logging
import sqlite3
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode

from fastapi import Request
from fastapi.responses import RedirectResponse

from chatbot.questionlog import QuestionLog, path_in
from chatbot.report import question_key
from chatbot.sqlite_table import SqliteTable
from ui.feedback import FeedbackStore

log = logging.getLogger("vraagbaak.editors")

FILENAME = "editors.sqlite3"
WEEKS = 8
MAX_COMMENTS = 20  # per group, newest first
MAX_MARKED = 500  # questions marked in one request


class HandledStore(SqliteTable):
    """Which questions an editor marked "afgehandeld", and when."""

    SCHEMA = ("""
        CREATE TABLE IF NOT EXISTS handled (
            question_key TEXT PRIMARY KEY,   -- chatbot.report.question_key of the question
            handled_at   TEXT NOT NULL       -- UTC, ISO 8601, seconds
        )
    """,)

    @classmethod
    def in_dir(cls, data_dir) -> "HandledStore":
        return cls(Path(data_dir) / FILENAME)

    def mark(self, questions: list[str], handled: bool, now: datetime | None = None) -> int:
        """Mark (or unmark) questions; returns how many."""
        keys = sorted({question_key(q) for q in questions if isinstance(q, str) and q.strip()})[:MAX_MARKED]
        moment = (now or datetime.now(timezone.utc)).astimezone(timezone.utc).isoformat(timespec="seconds")
        with self._lock, self._connect() as conn:
            if handled:
                conn.executemany("INSERT INTO handled (question_key, handled_at) VALUES (?, ?) "
                                 "ON CONFLICT(question_key) DO UPDATE SET handled_at = excluded.handled_at",
                                 [(k, moment) for k in keys])
            else:
                conn.executemany("DELETE FROM handled WHERE question_key = ?", [(k,) for k in keys])
        return len(keys)

    def states(self) -> dict[str, str]:
        """``question_key -> handled_at``; empty without a store (reading does not create one)."""
        if not self.path.exists():
            return {}
        with self._lock, self._connect() as conn:
            return dict(conn.execute("SELECT question_key, handled_at FROM handled"))


def log_facts(data_dir) -> dict:
    """``{"exists", "questions", "first", "last"}`` of the question log file, read without creating it."""
    path = path_in(Path(data_dir))
    if not path.exists():
        return {"exists": False, "questions": 0, "first": None, "last": None}
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10) as conn:
            columns = {row[1] for row in conn.execute("PRAGMA table_info(questions)")}
            # Each ask counts: a repeat on the same day adds to its row's ``times`` (chatbot/questionlog.py).
            asks = "COALESCE(SUM(times), 0)" if "times" in columns else "COUNT(*)"
            latest = "MAX(COALESCE(last, created))" if "last" in columns else "MAX(created)"
            count, first, last = conn.execute(f"SELECT {asks}, MIN(created), {latest} FROM questions").fetchone()
    except sqlite3.Error as exc:
        log.warning("Cannot read the question log %s: %s", path, exc)
        return {"exists": True, "questions": 0, "first": None, "last": None}
    return {"exists": True, "questions": int(count), "first": first, "last": last}


def week_of(iso_time: str) -> str:
    """'2026-W09' (ISO week) of an ISO time."""
    year, week, _ = datetime.fromisoformat(iso_time).isocalendar()
    return f"{year}-W{week:02d}"


def _weeks(today: date, n: int = WEEKS) -> list[tuple[str, str]]:
    """(ISO week, its Monday) of the ``n`` weeks up to and including this one, oldest first."""
    monday = today - timedelta(days=today.weekday())
    days = [monday - timedelta(weeks=i) for i in reversed(range(n))]
    return [(f"{d.isocalendar()[0]}-W{d.isocalendar()[1]:02d}", d.isoformat()) for d in days]


def annotate(report: dict, settings, since: datetime | None = None, question_log: QuestionLog | None = None,
             now: datetime | None = None) -> dict:
    """The report with comments, the last answer, "afgehandeld" and weeks per group, a ``trend`` and ``log``."""
    now = now or datetime.now(timezone.utc)
    qlog = question_log or QuestionLog.for_settings(settings)
    logged = qlog.rows(since) if qlog.path.exists() else []
    feedback = [r for r in (FeedbackStore.in_dir(settings.data_dir).rows()
                            if (Path(settings.data_dir) / "feedback.sqlite3").exists() else [])
                if r["vote"] == "down" and (since is None or datetime.fromisoformat(r["created"]) >= since)]
    handled = HandledStore.in_dir(settings.data_dir).states()
    weeks = _weeks(now.date())
    index = {week: i for i, (week, _) in enumerate(weeks)}

    group_of: dict[str, int] = {}
    for i, g in enumerate(report["groups"]):
        for q in g["questions"]:
            group_of[question_key(q["question"])] = i
    per_group = [[0] * len(weeks) for _ in report["groups"]]
    trend: list[dict[str, Any]] = [{"week": week, "start": start, "nee": 0, "deels": 0, "niet_nuttig": 0} for week, start in weeks]
    for row in logged:
        slot = index.get(week_of(row["created"]))
        if slot is not None:
            trend[slot][row["answerable"]] += 1
            if question_key(row["question"]) in group_of:
                per_group[group_of[question_key(row["question"])]][slot] += 1
    comments: dict[int, list[dict]] = {}
    last_answer: dict[int, dict] = {}
    for row in feedback:
        slot = index.get(week_of(row["created"]))
        if slot is not None:
            trend[slot]["niet_nuttig"] += 1
        g = group_of.get(question_key(row["question"]))
        if g is None:
            continue
        if row.get("comment"):
            comments.setdefault(g, []).append({"question": row["question"], "comment": row["comment"], "created": row["created"]})
        if g not in last_answer or row["created"] >= last_answer[g]["created"]:
            last_answer[g] = {"question": row["question"], "answer": row["answer"], "created": row["created"]}

    for i, g in enumerate(report["groups"]):
        g["comments"] = sorted(comments.get(i, []), key=lambda c: c["created"], reverse=True)[:MAX_COMMENTS]
        g["last_answer"] = last_answer.get(i)
        marks = [handled.get(question_key(q["question"])) for q in g["questions"]]
        g["handled"] = (min(m for m in marks if m is not None)  # all are set here
                        if marks and all(m is not None and m >= (g["last"] or "") for m in marks) else None)
        g["weeks"] = per_group[i]
    report["trend"] = trend
    report["log"] = log_facts(settings.data_dir)
    return report


# -- text and markup -------------------------------------------------------------------
def log_line(report: dict, t) -> str:
    """What the question log holds (``report["log"]``), in Dutch."""
    from ui.render import when

    facts = report.get("log") or {}
    if not facts.get("exists"):
        return t.get("rapport.logboek_geen")
    if not facts.get("questions"):
        return t.say("rapport.logboek_leeg", dagen=report["retention_days"])
    words = t.get("rapport.vraag_een" if facts["questions"] == 1 else "rapport.vraag_meer")
    return t.say("rapport.logboek", aantal=facts["questions"], vragen=words, eerst=when(facts["first"]), laatst=when(facts["last"]),
                 dagen=report["retention_days"])


def trend_html(report: dict, t) -> str:
    """The weekly trend as a small table with bars (inline widths: the page's CSP allows inline styles)."""
    from ui.render import esc

    trend = report.get("trend") or []
    if not trend:
        return ""
    top = max([w["nee"] + w["deels"] + w["niet_nuttig"] for w in trend] + [1])
    rows = []
    for w in trend:
        total = w["nee"] + w["deels"] + w["niet_nuttig"]
        rows.append(
            f'<tr><th scope="row">{esc(t.say("rapport.week", week=w["week"], maandag=w["start"]))}</th>'
            f'<td class="num">{w["nee"]}</td><td class="num">{w["deels"]}</td><td class="num">{w["niet_nuttig"]}</td>'
            f'<td class="bar"><span style="width:{round(100 * total / top)}%"></span></td></tr>')
    cols = ("rapport.kol_week", "rapport.kol_nee", "rapport.kol_deels", "rapport.kol_niet_nuttig", "rapport.kol_verloop")
    head = "".join(f'<th scope="col">{esc(t.get(c))}</th>' for c in cols)
    return (f'<table id="trend"><caption>{esc(t.get("rapport.trend_bijschrift"))}</caption>'
            f'<thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>')


def why_cell(g: dict, t) -> str:
    """Users' comments and the last answer they rated, for one group."""
    from ui.render import esc, when

    parts = []
    if g.get("comments"):
        items = "".join(f'<li><q>{esc(c["comment"])}</q> <span class="count">({esc(c["question"])}, {esc(when(c["created"]))})'
                        f"</span></li>" for c in g["comments"])
        parts.append(f'<ul class="comments">{items}</ul>')
    if g.get("last_answer"):
        a = g["last_answer"]
        parts.append(f'<details class="answer"><summary>{esc(t.say("rapport.laatste_antwoord", datum=when(a["created"])))}'
                     f'</summary><p class="shown">{esc(a["answer"])}</p></details>')
    return "".join(parts) or f'<span class="count">{esc(t.get("rapport.geen_opmerkingen"))}</span>'


def handled_cell(g: dict, t, since: str | None) -> str:
    """The "afgehandeld" state of a group, with the button that changes it."""
    from ui.render import esc, when

    hidden = "".join(f'<input type="hidden" name="vraag" value="{esc(q["question"])}">' for q in g["questions"])
    if since:
        hidden += f'<input type="hidden" name="sinds" value="{esc(since)}">'
    if g.get("handled"):
        state = f'<span class="done">{esc(t.say("rapport.afgehandeld_op", datum=when(g["handled"])))}</span>'
        button = f'<button type="submit" name="status" value="open" class="secondary">{esc(t.get("rapport.heropenen"))}</button>'
    else:
        state = ""
        button = f'<button type="submit" name="status" value="afgehandeld">{esc(t.get("rapport.markeer_afgehandeld"))}</button>'
    return f'{state}<form method="post" action="beheer/afgehandeld" class="handled">{hidden}{button}</form>'


def add_routes(app, t, settings, authorised, headers: dict, max_bytes: int = 64 * 1024) -> None:
    """``POST /beheer/afgehandeld`` (form: ``vraag`` repeated, ``status`` ``afgehandeld``|``open``, ``sinds``)."""
    from chatbot.contract import ErrorKind
    from ui.responses import error_response

    store = HandledStore.in_dir(settings.data_dir)

    @app.post("/beheer/afgehandeld", include_in_schema=False)
    async def mark_handled(request: Request):
        if not await authorised(request):
            return error_response(ErrorKind.UNAUTHORISED, "unauthorised", t.get("rapport.aanmelden_uitleg"), headers=headers)
        body = b""
        async for part in request.stream():
            body += part
            if len(body) > max_bytes:
                return error_response(ErrorKind.TOO_LARGE, "form too large", t.get("rapport.storing"), headers=headers)
        form = parse_qs(body.decode("utf-8", "replace"))
        status = (form.get("status") or [""])[0]
        if status not in ("afgehandeld", "open"):
            return error_response(ErrorKind.INVALID_REQUEST, "invalid status", t.get("ui_fouten.ongeldig"), headers=headers)
        count = store.mark(form.get("vraag", []), status == "afgehandeld")
        log.info("An editor marked %d questions %s", count, "handled" if status == "afgehandeld" else "open")
        since = (form.get("sinds") or [""])[0]
        target = "../beheer" + (f"?{urlencode({'sinds': since})}" if since else "")
        return RedirectResponse(target, status_code=303, headers=headers)
