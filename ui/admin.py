"""The editors' page ``/beheer``: the unanswered-questions report, behind ``VRAAGBAAK_ADMIN_TOKEN``.

Without a token the routes are not registered, so ``/beheer`` answers 404 like any unknown
path. With one:

* ``GET /beheer`` shows the report (``?sinds=YYYY-MM-DD``) to a signed-in browser, else a
  sign-in form (401). ``POST /beheer/aanmelden`` checks the token (constant-time) and sets
  a session cookie ``<expiry>.<nonce>.<HMAC under the token>`` (never the token itself):
  HttpOnly, SameSite=Strict, path /beheer, Secure over https, 8 hours, checked on the
  server too; a wrong token leads back to the form with a message. ``POST
  /beheer/afmelden`` clears the cookie and revokes that session in this process.
* ``GET /beheer/rapport.csv`` and ``/beheer/rapport.json`` take the cookie or an
  ``Authorization: Bearer <token>`` header (for scripts); 401 without.
* The cookie counts only for navigations (``Sec-Fetch-Mode: navigate`` or no such header):
  a script on the app's own pages (same origin) cannot read the report with it.

Every response here is ``no-store``, may not be framed, and sends no referrer. A wrong
token (form, bearer header, or a forged cookie) is answered after a pause, one wrong
attempt at a time for the whole service, and logged without the token (a summary at most
every 10 s).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import secrets
import threading
import time
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlencode

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from chatbot.contract import ErrorKind
from ui.responses import AsciiJSONResponse, error_response
from ui.render import esc, when
from ui.editors import annotate, handled_cell, log_line, trend_html, why_cell
from ui.report import BadDateError, build_report, parse_since, report_csv, summary_line

if TYPE_CHECKING:
    from chatbot.service import Vraagbaak
    from chatbot.settings import Settings
    from prompts import Prompts

log = logging.getLogger("vraagbaak.admin")

COOKIE = "vraagbaak_beheer"
COOKIE_MAX_AGE_S = 8 * 3600
MAX_FORM_BYTES = 4096
FAILED_LOGIN_PAUSE_S = 0.5
FAILURE_LOG_EVERY_S = 10.0
MAX_REVOKED = 10_000
MAX_QUESTIONS_SHOWN = 25  # per topic on the page; the CSV and JSON have them all
HEADERS = {
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
                               "frame-ancestors 'none'; base-uri 'none'",
}

STYLE = """
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #0f172a;
       max-width: 1100px; margin: 0 auto; padding: 1rem; background: #ffffff; }
h1 { font-size: 1.5rem; margin: 0.2rem 0 0.6rem; }
.intro, .status { color: #334155; }
.status { background: #f1f5f9; border-left: 4px solid #1d4ed8; padding: 0.4rem 0.7rem; }
.actions { display: flex; flex-wrap: wrap; gap: 0.6rem; align-items: flex-end; margin: 0.4rem 0; }
form.filter, form.logout { display: inline-flex; gap: 0.5rem; align-items: flex-end; margin: 0; }
label { display: block; font-weight: 600; font-size: 0.9rem; }
input { font: inherit; padding: 0.3rem 0.5rem; border: 1px solid #64748b; border-radius: 6px; }
button, a.button { font: inherit; padding: 0.35rem 0.9rem; border-radius: 8px; border: 0; background: #1d4ed8;
                   color: #ffffff; cursor: pointer; text-decoration: none; font-weight: 600; display: inline-block; }
button.secondary { background: #e2e8f0; color: #0f172a; }
button:focus-visible, a:focus-visible, input:focus-visible, summary:focus-visible { outline: 3px solid #1d4ed8; outline-offset: 2px; }
table { border-collapse: collapse; width: 100%; margin-top: 0.6rem; font-size: 0.95rem; }
caption { text-align: left; font-weight: 600; padding: 0.3rem 0; }
th, td { border: 1px solid #cbd5e1; padding: 0.35rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #e2e8f0; }
td.num { text-align: right; white-space: nowrap; }
details ul { margin: 0.3rem 0 0; padding-left: 1.1rem; }
.error { color: #991b1b; font-weight: 600; }
.count { color: #475569; }
ul.comments { margin: 0; padding-left: 1.1rem; }
.shown { white-space: pre-wrap; margin: 0.3rem 0; }
.done { display: block; color: #14532d; font-weight: 600; margin-bottom: 0.3rem; }
tr.handled > * { background: #f0fdf4; }
#trend { max-width: 640px; }
td.bar { width: 40%; }
td.bar span { display: block; height: 0.8rem; background: #1d4ed8; border-radius: 3px; }
"""


def setup(app: FastAPI, settings: Settings, bot: Vraagbaak, t: Prompts):
    """The question log (if opted in) as an answer observer, its retention, and the /beheer routes.

    Rows older than the retention period are deleted now and daily, also when logging has
    since been turned off. Returns the ``QuestionLog``.
    """
    from chatbot.questionlog import QuestionLog

    from ui.feedback import FeedbackStore

    question_log = QuestionLog.for_settings(settings)
    feedback = FeedbackStore.in_dir(settings.data_dir)
    question_log.also_purge.append(lambda: feedback.purge(settings.question_log_days))
    if settings.question_log:
        bot.observers.append(question_log.record)
        log.info("Question log on: unanswered questions are kept %d days in %s", settings.question_log_days, question_log.path)
    question_log.start_retention()  # also the feedback's, which is kept as long
    add_routes(app, settings, t, question_log, bot.embedder)
    return question_log


def session_cookie(token: str, expires: int, nonce: str) -> str:
    """``<expires>.<nonce>.<HMAC-SHA256 under the token>``: valid until ``expires`` (Unix time) unless revoked."""
    mac = hmac.new(token.encode("utf-8"), f"vraagbaak-beheer-v2|{expires}|{nonce}".encode("ascii"), hashlib.sha256)
    return f"{expires}.{nonce}.{mac.hexdigest()}"


class Sessions:
    """Sign-in cookies: made, checked (signature, expiry, not revoked) and revoked at sign-out."""

    def __init__(self, token: str, max_age_s: int = COOKIE_MAX_AGE_S, clock=time.time) -> None:
        self._token, self.max_age_s, self.clock = token, max_age_s, clock
        self._revoked: dict[str, int] = {}  # nonce -> expiry
        self._lock = threading.Lock()

    def new(self) -> str:
        return session_cookie(self._token, int(self.clock()) + self.max_age_s, secrets.token_urlsafe(16))

    def _parse(self, value: str) -> tuple[int, str] | None:
        parts = value.split(".")
        if len(parts) != 3 or not parts[0].isdigit() or len(parts[0]) > 12 or not 0 < len(parts[1]) <= 64:
            return None
        try:
            expected = session_cookie(self._token, int(parts[0]), parts[1])
        except UnicodeEncodeError:
            return None
        if not hmac.compare_digest(expected.encode("ascii"), value.encode("utf-8", "replace")):
            return None
        return int(parts[0]), parts[1]

    def valid(self, value: str) -> bool:
        parsed = self._parse(value)
        if parsed is None or parsed[0] <= self.clock():
            return False
        with self._lock:
            return parsed[1] not in self._revoked

    def revoke(self, value: str) -> None:
        parsed = self._parse(value)
        if parsed is None:
            return
        now = self.clock()
        with self._lock:
            if len(self._revoked) >= MAX_REVOKED:
                self._revoked = {n: e for n, e in self._revoked.items() if e > now}
            if len(self._revoked) < MAX_REVOKED:
                self._revoked[parsed[1]] = parsed[0]


class Failures:
    """Wrong credentials: one pause at a time for the whole service, and a log line at most every 10 s."""

    def __init__(self) -> None:
        self._lock: asyncio.Lock | None = None
        self._count, self._logged = 0, 0.0

    async def punish(self, kind: str) -> None:
        self._count += 1
        now = time.monotonic()
        if now - self._logged >= FAILURE_LOG_EVERY_S:
            log.warning("Refused %d attempt(s) on /beheer with a wrong %s (latest); the token is not logged", self._count, kind)
            self._count, self._logged = 0, now
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            await asyncio.sleep(FAILED_LOGIN_PAUSE_S)


def add_routes(app: FastAPI, settings: Settings, t: Prompts, question_log=None, embedder=None) -> bool:
    """Register the /beheer routes when ``settings.admin_token`` is set; True if registered."""
    if settings.admin_token is None:
        return False
    secret = settings.admin_token
    token = secret.get_secret_value() if hasattr(secret, "get_secret_value") else str(secret)
    sessions = Sessions(token)
    failures = Failures()

    def same(given: str, expected: str) -> bool:
        # Digests first, so neither the content nor the length of the secret leaks through timing.
        return hmac.compare_digest(hashlib.sha256(given.encode("utf-8")).digest(), hashlib.sha256(expected.encode("utf-8")).digest())

    async def authorised(request: Request) -> bool:
        header = request.headers.get("authorization", "")
        if header[:7].lower() == "bearer ":
            if same(header[7:].strip(), token):
                return True
            await failures.punish("bearer token")
            return False
        cookie = request.cookies.get(COOKIE, "")
        if not cookie:
            return False
        # Only navigations (a link, the address bar, a form) may use the cookie: not a script's fetch.
        if request.headers.get("sec-fetch-mode", "navigate") != "navigate":
            return False
        if sessions.valid(cookie):
            return True
        await failures.punish("or expired sign-in cookie")
        return False

    def html(body: str, title: str, status: int = 200) -> HTMLResponse:
        page = (
            f'<!doctype html><html lang="nl"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">'
            f"<title>{esc(title)}</title><style>{STYLE}</style></head><body><main>{body}</main></body></html>"
        )
        return HTMLResponse(page, status_code=status, headers=HEADERS)

    def sign_in_page(error: str | None = None, status: int = 401) -> HTMLResponse:
        message = f'<p class="error" role="alert">{esc(error)}</p>' if error else ""
        body = (
            f'<h1>{esc(t.get("rapport.aanmelden_titel"))}</h1><p class="intro">{esc(t.get("rapport.aanmelden_uitleg"))}</p>'
            f'{message}<form method="post" action="beheer/aanmelden" class="filter">'
            f'<div><label for="token">{esc(t.get("rapport.token_label"))}</label>'
            '<input id="token" name="token" type="password" autocomplete="current-password" required></div>'
            f'<button type="submit">{esc(t.get("rapport.aanmelden"))}</button></form>'
        )
        return html(body, t.get("rapport.aanmelden_titel"), status)

    def report_for(request: Request):
        """(report, since text) or an error response for a bad ``sinds``."""
        raw = request.query_params.get("sinds") or None
        try:
            since = parse_since(raw)
        except BadDateError:
            return None, raw
        report = build_report(settings, since, question_log=question_log, embedder=embedder)
        return annotate(report, settings, since, question_log), raw

    def unauthorised_json() -> JSONResponse:
        return error_response(ErrorKind.UNAUTHORISED, "unauthorised", t.get("rapport.aanmelden_uitleg"),
                              headers={**HEADERS, "WWW-Authenticate": "Bearer"})

    def bad_date_json() -> JSONResponse:
        return error_response(ErrorKind.INVALID_REQUEST, "invalid date", t.get("rapport.ongeldige_datum"), headers=HEADERS)

    def failed() -> JSONResponse:
        return error_response(ErrorKind.INTERNAL, "internal error", t.get("rapport.storing"), headers=HEADERS)

    @app.get("/beheer", include_in_schema=False)
    async def page(request: Request):
        if not await authorised(request):
            return sign_in_page(t.get("rapport.onjuist") if request.query_params.get("onjuist") else None)
        try:
            report, raw = await run_in_threadpool(report_for, request)
        except Exception:  # noqa: BLE001 - editors get a Dutch sentence, operators the traceback
            log.exception("Building the report failed")
            return html(f'<p class="error">{esc(t.get("rapport.storing"))}</p>', t.get("rapport.titel"), 500)
        if report is None:
            return html(_report_body(None, raw, t, t.get("rapport.ongeldige_datum")), t.get("rapport.titel"), 422)
        return html(_report_body(report, raw, t), t.get("rapport.titel"))

    def cookie_path(request: Request) -> str:
        # Under a sub-path (uvicorn --root-path) the browser sees <root>/beheer.
        return request.scope.get("root_path", "").rstrip("/") + "/beheer"

    @app.post("/beheer/aanmelden", include_in_schema=False)
    async def sign_in(request: Request):
        body = b""
        async for part in request.stream():
            body += part
            if len(body) > MAX_FORM_BYTES:
                body = b""
                break
        given = parse_qs(body.decode("utf-8", "replace")).get("token", [""])[0]
        if not same(given.strip(), token):
            await failures.punish("token in the sign-in form")  # slows guessing, without holding up other requests
            # Back to /beheer (post/redirect/get), so the form's relative URLs stay right.
            return RedirectResponse("../beheer?onjuist=1", status_code=303, headers=HEADERS)
        response = RedirectResponse("../beheer", status_code=303, headers=HEADERS)
        response.set_cookie(COOKIE, sessions.new(), max_age=COOKIE_MAX_AGE_S, path=cookie_path(request), httponly=True,
                            samesite="strict", secure=request.url.scheme == "https")
        return response

    @app.post("/beheer/afmelden", include_in_schema=False)
    def sign_out(request: Request):
        sessions.revoke(request.cookies.get(COOKIE, ""))
        response = RedirectResponse("../beheer", status_code=303, headers=HEADERS)
        response.delete_cookie(COOKIE, path=cookie_path(request), httponly=True, samesite="strict")
        return response

    async def authorised_report(request: Request) -> tuple[dict | None, Response | None]:
        """(the report, None) for an editor's request, or (None, the error response)."""
        if not await authorised(request):
            return None, unauthorised_json()
        try:
            report, _ = await run_in_threadpool(report_for, request)
        except Exception:  # noqa: BLE001
            log.exception("Building the report failed")
            return None, failed()
        return (None, bad_date_json()) if report is None else (report, None)

    @app.get("/beheer/rapport.json", include_in_schema=False)
    async def report_json(request: Request):
        report, error = await authorised_report(request)
        return error or AsciiJSONResponse(report, headers=HEADERS)

    @app.get("/beheer/rapport.csv", include_in_schema=False)
    async def report_download(request: Request):
        report, error = await authorised_report(request)
        if error:
            return error
        assert report is not None  # authorised_report gives a report whenever there is no error
        filename = t.get("rapport_csv.bestandsnaam")
        return Response(report_csv(report, t), media_type="text/csv; charset=utf-8",
                        headers={**HEADERS, "Content-Disposition": f'attachment; filename="{filename}"'})

    from ui import editors

    editors.add_routes(app, t, settings, authorised, HEADERS)  # POST /beheer/afgehandeld
    log.info("Editors' page enabled at /beheer")
    return True


def _report_body(report: dict | None, since: str | None, t, error: str | None = None) -> str:
    """The report page's content: filter, status of the log, table of topics, CSV link, sign-out."""
    query = urlencode({"sinds": since}) if since and report is not None else ""
    csv_href = "beheer/rapport.csv" + (f"?{query}" if query else "")
    parts = [
        f'<h1>{esc(t.get("rapport.titel"))}</h1><p class="intro">{esc(t.get("rapport.uitleg"))}</p><div class="actions">',
        '<form method="get" action="beheer" class="filter">'
        f'<div><label for="sinds">{esc(t.get("rapport.sinds_label"))}</label>'
        f'<input id="sinds" name="sinds" type="text" inputmode="numeric" pattern="[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}" '
        f'placeholder="2026-03-01" value="{esc(since or "")}"></div>'
        f'<button type="submit">{esc(t.get("rapport.toon"))}</button></form>',
        f'<a class="button" id="csv" href="{esc(csv_href)}" download>{esc(t.get("rapport.csv"))}</a>',
        f'<form method="post" action="beheer/afmelden" class="logout"><button type="submit" class="secondary">'
        f'{esc(t.get("rapport.afmelden"))}</button></form></div>',
    ]
    if error:
        parts.append(f'<p class="error" role="alert">{esc(error)}</p>')
        return "".join(parts)
    assert report is not None
    status = t.say("rapport.log_aan", dagen=report["retention_days"]) if report["question_log"] else t.get("rapport.log_uit")
    parts.append(f'<p class="status">{esc(status)} {esc(log_line(report, t))}</p>')
    if not report["groups"]:
        parts.append(f'<p id="summary">{esc(t.get("rapport.geen"))}</p>')
        return "".join(parts)
    summary = summary_line(report, t)
    parts.append(f'<p id="summary" role="status">{esc(summary)}</p>')
    parts.append(trend_html(report, t))
    cols = ("rapport.kol_onderwerp", "rapport.kol_aantal", "rapport.kol_nee", "rapport.kol_deels", "rapport.kol_niet_nuttig",
            "rapport.kol_laatst", "rapport.kol_vragen", "rapport.kol_waarom", "rapport.kol_status")
    head = "".join(f'<th scope="col">{esc(t.get(c))}</th>' for c in cols)
    rows = []
    for g in sorted(report["groups"], key=lambda g: bool(g.get("handled"))):  # handled groups last
        questions = "".join(f"<li>{esc(q['question'])} ({int(q['count'])})</li>" for q in g["questions"][:MAX_QUESTIONS_SHOWN])
        n = len(g["questions"])
        label = esc(t.get("rapport.vragen_tonen_een") if n == 1 else t.say("rapport.vragen_tonen", aantal=n))
        rows.append(
            f'<tr class="{"handled" if g.get("handled") else "open"}"><th scope="row" class="topic">{esc(g["topic"])}</th>'
            f'<td class="num">{int(g["count"])}</td>'
            f'<td class="num">{int(g["answerable"]["nee"])}</td><td class="num">{int(g["answerable"]["deels"])}</td>'
            f'<td class="num">{int(g["thumbs_down"])}</td><td class="num">{esc(when(g["last"]))}</td>'
            f"<td><details><summary>{label}</summary><ul>{questions}</ul></details></td>"
            f"<td>{why_cell(g, t)}</td><td>{handled_cell(g, t, since)}</td></tr>"
        )
    caption = esc(t.get("rapport.tabel_bijschrift"))
    parts.append(f'<table id="report"><caption>{caption}</caption><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>')
    return "".join(parts)
