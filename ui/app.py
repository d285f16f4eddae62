"""One FastAPI app: the JSON API under ``/api`` and the Gradio UI at ``/`` (widget at ``/widget``).

Both call the same ``Vraagbaak`` methods. Limits, chosen for the 2-core machines this
runs on (one answer costs ~0.1-1.5 s of CPU, mostly the query embedding, which the
embedder serialises with a lock anyway):

* Gradio queue: ``max_size=QUEUE_MAX_SIZE`` (64) waiting events over both pages; more
  and the browser shows "queue full" at once instead of a wait of minutes. Answers and
  wording checks share the concurrency group ``BOT_GROUP`` with ``BOT_CONCURRENCY`` (2,
  one per core: more only makes every answer slower). Cheap events (catalog filter,
  passages, feedback, "Nieuw gesprek") have their own group of ``LIGHT_CONCURRENCY``
  (4), so browsing the table never waits behind answers.
* JSON API: ``/api/ask`` and ``/api/check`` take a slot of their own gate (2 at a time,
  at most 16 waiting, 10 s wait); past that a 503 with a Dutch message and Retry-After.
  UI and API together can thus run 4 answers at once, which still fits in memory easily.

Gradio's file and upload routes are closed (``GradioGuard``): the app shows no files and
has no upload components; its temp dir is under the data dir and no ``allowed_paths`` are set.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import logging
import os
import threading
import warnings
from collections.abc import Iterator
from typing import Literal

from fastapi import FastAPI, Path as PathParam, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field, StrictStr
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger("vraagbaak.api")

QUEUE_MAX_SIZE = 64
API_CONCURRENCY = 2
API_MAX_WAITING = 16
API_WAIT_S = 10.0
MAX_HISTORY_MESSAGES = 50
CHUNK_ID_PATTERN = r"^[0-9A-Za-z_-]{1,128}$"


# -- request and response models ---------------------------------------------
class Message(BaseModel):
    role: Literal["user", "assistant"]
    content: StrictStr = Field(max_length=20_000)


class AskRequest(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"question": "Welke KPI's horen bij ambitielijn 3?"}]})
    question: StrictStr = Field(description="The question, in Dutch; at most max_question_chars characters.")
    history: list[Message] | None = Field(default=None, max_length=MAX_HISTORY_MESSAGES,
                                          description="Earlier turns, oldest first, for follow-up questions.")


class CheckRequest(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"sentence": "leren voor werkenden"}]})
    sentence: StrictStr = Field(min_length=1)


class Citation(BaseModel):
    n: int
    source: str
    title: str | None = None
    section: str | None = None
    page: int | None = None
    chunk_id: str
    score: float | None = None
    quote: str
    url: str | None = Field(default=None, description="The quote on the publisher's page (text fragment, or #page=N for a PDF); null without a source URL.")


class AnswerOut(BaseModel):
    question: str | None
    answer: str
    answerable: Literal["ja", "deels", "nee"]
    reason: str = Field(description="Why the documents do or do not answer (chatbot.decide.REASONS), machine-readable.")
    mode: str
    citations: list[Citation]
    timings_ms: dict[str, float]
    error: str | None = None


class CatalogItem(BaseModel):
    source: str
    title: str | None = None
    ambitielijn: int | None = None
    kind: str
    text: str
    page: int | None = None
    section: str | None = None
    item_index: int | None = None
    chunk_id: str | None = None
    url: str | None = Field(default=None, description="The item on the publisher's page; null without a source URL.")
    change: Literal["nieuw", "gewijzigd"] | None = Field(default=None, description="New or reworded since the previous index version.")
    previous_text: str | None = Field(default=None, description="The wording in the previous version, for a reworded item.")


class CatalogOut(BaseModel):
    count: int
    items: list[CatalogItem]


class DiffOp(BaseModel):
    op: str
    text: str
    document: str


class CheckOut(BaseModel):
    found: bool
    source: str | None = None
    title: str | None = None
    section: str | None = None
    page: int | None = None
    chunk_id: str | None = None
    quote: str | None = None
    ratio: float | None = None
    diff: list[DiffOp] = []


class PassageOut(BaseModel):
    chunk_id: str
    source: str
    title: str | None = None
    section: str | None = None
    page: int | None = None
    before: str
    text: str
    after: str


class HealthOut(BaseModel):
    status: str
    index_version: str | None = None
    chunks: int = 0
    embedder: str


class ErrorOut(BaseModel):
    error: str = Field(description="What went wrong, in English (for developers).")
    message: str = Field(description="The same for users, in Dutch.")
    detail: list | None = None


# -- errors and limits ---------------------------------------------------------
class ApiError(Exception):
    def __init__(self, status: int, error: str, message: str, headers: dict | None = None) -> None:
        super().__init__(error)
        self.status, self.error, self.message, self.headers = status, error, message, headers


class Gate:
    """At most ``limit`` callers inside, at most ``max_waiting`` waiting ``timeout`` seconds."""

    def __init__(self, limit: int, max_waiting: int, timeout: float) -> None:
        self._slots = threading.BoundedSemaphore(limit)
        self._lock = threading.Lock()
        self._waiting = 0
        self.max_waiting, self.timeout = max_waiting, timeout

    @contextlib.contextmanager
    def slot(self) -> Iterator[None]:
        if not self._slots.acquire(blocking=False):
            with self._lock:
                if self._waiting >= self.max_waiting:
                    raise TimeoutError("too many requests waiting")
                self._waiting += 1
            try:
                acquired = self._slots.acquire(timeout=self.timeout)
            finally:
                with self._lock:
                    self._waiting -= 1
            if not acquired:
                raise TimeoutError("no free slot in time")
        try:
            yield
        finally:
            self._slots.release()


# Gradio paths the browser needs (checked with the browser tests); every other
# /gradio_api path (files, uploads, proxy, the Gradio API for scripts, run history,
# monitoring, ...) answers 404, as do Gradio's old root-level file and upload routes.
GRADIO_PATHS = frozenset({"queue/join", "queue/data", "config", "info", "startup-events", "cancel", "app_id"})
GRADIO_PREFIXES = ("heartbeat/",)
GRADIO_ROOT_DENIED = ("/file=", "/file/", "/upload", "/proxy=", "/run/", "/call/", "/monitoring", "/mcp")


def gradio_path_allowed(path: str) -> bool:
    if path.startswith("/gradio_api/"):
        rest = path[len("/gradio_api/"):]
        return rest.rstrip("/") in GRADIO_PATHS or rest.startswith(GRADIO_PREFIXES)
    return not path.startswith(GRADIO_ROOT_DENIED)


class GradioGuard:
    """ASGI middleware: closes Gradio routes the app does not use, and sets <html lang>."""

    def __init__(self, app, not_found: str, lang: str = "nl", page_paths: tuple[str, ...] = ("/", "/widget", "/widget/")) -> None:
        self.app, self.not_found, self.lang, self.page_paths = app, not_found, lang.encode(), page_paths

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        path = scope["path"]
        if not gradio_path_allowed(path):
            log.info("Refused path %s", path[:200])
            response = JSONResponse({"error": "not found", "message": self.not_found}, status_code=404)
            return await response(scope, receive, send)
        if scope["method"] == "GET" and path in self.page_paths:
            return await self._page(scope, receive, send)
        return await self.app(scope, receive, send)

    async def _page(self, scope, receive, send):
        """The page HTML, uncompressed, with lang="nl" (Gradio's template says "en")."""
        scope = dict(scope, headers=[(k, v) for k, v in scope["headers"] if k.lower() != b"accept-encoding"])
        held: dict = {"start": None, "body": []}

        async def send_page(message):
            if message["type"] == "http.response.start":
                headers = MutableHeaders(raw=list(message["headers"]))
                if headers.get("content-type", "").startswith("text/html") and "content-encoding" not in headers:
                    held["start"] = message
                    return
                return await send(message)
            if message["type"] == "http.response.body" and held["start"] is not None:
                held["body"].append(message.get("body", b""))
                if message.get("more_body"):
                    return
                body = b"".join(held["body"]).replace(b'lang="en"', b'lang="' + self.lang + b'"', 1)
                start = held["start"]
                headers = MutableHeaders(raw=list(start["headers"]))
                headers["content-length"] = str(len(body))
                await send({**start, "headers": headers.raw})
                return await send({"type": "http.response.body", "body": body})
            return await send(message)

        return await self.app(scope, receive, send_page)


# -- CSV -----------------------------------------------------------------------
def _cell(value) -> str:
    """A CSV cell that spreadsheet programs will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def catalog_csv(items: list[dict], t) -> str:
    """UTF-8 CSV with a byte-order mark, so Excel reads the accents right."""
    keys = ("ambitielijn", "soort", "tekst", "sectie", "pagina", "document", "bestand", "fragment", "website")
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([t.get(f"ui_csv.{k}") for k in keys])
    for item in items:
        writer.writerow([_cell(v) for v in (
            item.get("ambitielijn"), item.get("kind"), item.get("text"), item.get("section"), item.get("page"),
            item.get("title"), item.get("source"), item.get("chunk_id"), item.get("url"),
        )])
    return "\ufeff" + buf.getvalue()


# -- the app -------------------------------------------------------------------
def _mount_api_docs(app: FastAPI) -> None:
    """OpenAPI docs at /api/docs with Swagger UI's files from the swagger-ui-bundle package."""
    from fastapi.openapi.docs import get_swagger_ui_html
    from fastapi.staticfiles import StaticFiles
    from swagger_ui_bundle import swagger_ui_path

    app.mount("/api/docs-static", StaticFiles(directory=swagger_ui_path), name="api-docs-static")

    @app.get("/api/docs", include_in_schema=False)
    async def api_docs():
        return get_swagger_ui_html(
            openapi_url="/api/openapi.json",
            title="Vraagbaak API",
            swagger_js_url="/api/docs-static/swagger-ui-bundle.js",
            swagger_css_url="/api/docs-static/swagger-ui.css",
            swagger_favicon_url="/api/docs-static/favicon-32x32.png",
        )


def create_app(settings, bot=None) -> FastAPI:
    """Build the service for ``settings``; ``bot`` defaults to a warmed ``Vraagbaak(settings)``."""
    data_dir = settings.data_dir.resolve()
    temp_dir = data_dir / "gradio-tmp"
    temp_dir.mkdir(parents=True, exist_ok=True)
    # Gradio takes these only from the environment; set before any Blocks exists.
    os.environ["GRADIO_TEMP_DIR"] = str(temp_dir)
    os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"

    import gradio as gr

    import ingest.store
    from chatbot.prompts import load_prompts
    from chatbot.service import Vraagbaak
    from ingest.store import NoIndexError
    from ui import web
    from ui.feedback import FeedbackStore

    if bot is None:
        bot = Vraagbaak(settings)
        try:
            bot.warm()
        except NoIndexError as exc:
            log.warning("Starting without an index: %s", exc)
    t = load_prompts(str(settings.prompts_dir) if settings.prompts_dir else None)
    limit = settings.max_question_chars
    # A shared Chroma server that is down (only with VRAAGBAAK_CHROMA_URL).
    unavailable_error = getattr(ingest.store, "ChromaUnavailableError", NoIndexError)
    unavailable_message = t.get("algemeen.niet_bereikbaar") if t.has("algemeen.niet_bereikbaar") else t.get("algemeen.geen_index")
    gate = Gate(API_CONCURRENCY, API_MAX_WAITING, API_WAIT_S)

    app = FastAPI(
        title="Vraagbaak Competitief Limburg",
        description="Answers from the strategy text 'Competitief Limburg', with verbatim citations. "
        "User-facing texts (answers, `message` fields) are in Dutch.",
        version="1",
        docs_url=None,  # served below from the bundled Swagger UI: no CDN, works offline
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    _mount_api_docs(app)
    errors = {code: {"model": ErrorOut} for code in (404, 422, 500, 503)}

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError):
        return JSONResponse({"error": exc.error, "message": exc.message}, status_code=exc.status, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError):
        detail = [{k: e[k] for k in ("loc", "msg", "type") if k in e} for e in exc.errors()]
        return JSONResponse({"error": "invalid request", "message": t.get("ui_fouten.ongeldig"),
                             "detail": jsonable_encoder(detail)}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        message = t.get("ui_fouten.niet_gevonden") if exc.status_code == 404 else t.get("ui_fouten.ongeldig")
        return JSONResponse({"error": str(exc.detail).lower(), "message": message}, status_code=exc.status_code)

    def guarded(action: str, fn, *args, gated: bool = False):
        """Run a bot call: busy -> 503, no index -> 503, anything else -> 500 (logged)."""
        try:
            if gated:
                with gate.slot():
                    return fn(*args)
            return fn(*args)
        except TimeoutError:
            log.warning("API busy: refused %s", action)
            raise ApiError(503, "busy", t.get("ui_fouten.druk"), {"Retry-After": "5"}) from None
        except unavailable_error as exc:
            if isinstance(exc, NoIndexError):
                log.error("API %s without an index: %s", action, exc)
                raise ApiError(503, "no index", t.get("algemeen.geen_index")) from None
            log.error("API %s: index unavailable: %s", action, exc)
            raise ApiError(503, "index unavailable", unavailable_message) from None
        except NoIndexError as exc:
            log.error("API %s without an index: %s", action, exc)
            raise ApiError(503, "no index", t.get("algemeen.geen_index")) from None
        except ApiError:
            raise
        except Exception:
            log.exception("API %s failed", action)
            raise ApiError(500, "internal error", t.get("ui_fouten.storing")) from None

    @app.get("/api/health", response_model=HealthOut, responses={503: {"model": HealthOut}}, tags=["service"])
    def health():
        """Service status; 503 while there is no index."""
        status = bot.health()
        return JSONResponse(status, status_code=200 if status.get("status") == "ok" else 503)

    @app.post("/api/ask", response_model=AnswerOut, responses=errors, tags=["answers"])
    def ask(body: AskRequest):
        """Answer a question from the documents (the answer contract, with verified citations)."""
        if len(body.question) > limit:
            raise ApiError(422, "question too long", t.say("algemeen.te_lang", lengte=len(body.question), maximum=limit))
        history = [m.model_dump() for m in body.history] if body.history else None
        answer = guarded("ask", bot.ask, body.question, history, gated=True)
        error = str(answer.get("error") or "")
        status = 503 if error in ("no index", "index unavailable") else 500 if error.startswith("internal error") else 200
        # Passed through as is: the contract belongs to chatbot/, the model above documents it.
        return JSONResponse(answer, status_code=status)

    @app.post("/api/ask/stream", responses=errors, tags=["answers"],
              response_class=StreamingResponse)
    def ask_stream(body: AskRequest):
        """The answer as server-sent events (one ``data: <json>`` line each).

        With a language model: ``status`` events ("controleren…"), ``draft`` events with text
        that already passed verification, then ``final`` with the answer contract. Without
        one: only ``final``. Problems arrive as an ``error`` event with a Dutch message.
        """
        if len(body.question) > limit:
            raise ApiError(422, "question too long", t.say("algemeen.te_lang", lengte=len(body.question), maximum=limit))
        history = [m.model_dump() for m in body.history] if body.history else None

        def events():
            def sse(event: dict) -> str:
                return f"data: {json.dumps(event, ensure_ascii=False)}\n\n"

            try:
                with gate.slot():
                    for event in bot.ask_stream(body.question, history):
                        yield sse(event)
            except TimeoutError:
                yield sse({"type": "error", "error": "busy", "message": t.get("ui_fouten.druk")})
            except Exception:  # noqa: BLE001 - the stream has started; report in-band
                log.exception("API ask/stream failed")
                yield sse({"type": "error", "error": "internal error", "message": t.get("ui_fouten.storing")})

        return StreamingResponse(events(), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})

    def _catalog(ambitielijn, kind, q, source):
        return guarded("catalog", bot.catalog, ambitielijn, kind, q, source)

    catalog_params = dict(
        ambitielijn=Query(None, ge=0, le=99, description="Ambition line number"),
        kind=Query(None, description="actie, kpi or analyse"),
        q=Query(None, max_length=200, description="Text that the item must contain (case-insensitive)"),
        source=Query(None, max_length=300, description="Source file name"),
    )

    @app.get("/api/catalog", response_model=CatalogOut, responses=errors, tags=["catalog"])
    def catalog(
        ambitielijn: int | None = catalog_params["ambitielijn"],
        kind: Literal["actie", "kpi", "analyse"] | None = catalog_params["kind"],
        q: str | None = catalog_params["q"],
        source: str | None = catalog_params["source"],
    ):
        """All actions, KPIs and analysis items, filtered."""
        items = _catalog(ambitielijn, kind, q or None, source)
        return JSONResponse({"count": len(items), "items": items})

    @app.get("/api/catalog.csv", response_class=Response, responses={200: {"content": {"text/csv": {}}}, **errors}, tags=["catalog"])
    def catalog_download(
        ambitielijn: int | None = catalog_params["ambitielijn"],
        kind: Literal["actie", "kpi", "analyse"] | None = catalog_params["kind"],
        q: str | None = catalog_params["q"],
        source: str | None = catalog_params["source"],
    ):
        """The same items as CSV (UTF-8 with BOM, comma-separated, Dutch column names)."""
        items = _catalog(ambitielijn, kind, q or None, source)
        filename = t.get("ui_csv.bestandsnaam")
        return Response(catalog_csv(items, t), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{filename}"'})

    from ui import changes

    changes.add_routes(app, bot, t, guarded, ApiError, errors)
    from ui import admin

    app.state.question_log = admin.setup(app, settings, bot, t)  # opt-in question log and /beheer

    @app.post("/api/check", response_model=CheckOut, responses=errors, tags=["answers"])
    def check(body: CheckRequest):
        """Does a sentence occur verbatim? If not: the closest wording and the differences."""
        if len(body.sentence) > limit:
            raise ApiError(422, "sentence too long", t.say("ui_nakijken.te_lang", lengte=len(body.sentence), maximum=limit))
        if not body.sentence.strip():
            raise ApiError(422, "empty sentence", t.get("ui_nakijken.leeg"))
        return JSONResponse(guarded("check", bot.check, body.sentence, gated=True))

    @app.get("/api/passage/{chunk_id}", response_model=PassageOut, responses=errors, tags=["answers"])
    def passage(chunk_id: str = PathParam(pattern=CHUNK_ID_PATTERN)):
        """A cited fragment in its context in the document."""
        found = guarded("passage", bot.passage, chunk_id)
        if found is None:
            raise ApiError(404, "unknown chunk_id", t.get("ui_chat.passage_niet_gevonden"))
        return JSONResponse(found)

    @app.api_route("/api/{rest:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"], include_in_schema=False)
    def api_not_found(rest: str):
        raise ApiError(404, "not found", t.get("ui_fouten.niet_gevonden"))

    ctx = web.Context(bot=bot, t=t, feedback=FeedbackStore(data_dir / "feedback.sqlite3"), max_chars=limit)
    demo = web.build_blocks(ctx)
    demo.queue(max_size=QUEUE_MAX_SIZE, default_concurrency_limit=web.BOT_CONCURRENCY)
    with warnings.catch_warnings():
        # Gradio says it disables SSR for multi-page apps; SSR is off here anyway.
        warnings.filterwarnings("ignore", message="SSR mode is not supported", category=UserWarning)
        gr.mount_gradio_app(
            app, demo, path="/",
            footer_links=[], run_history=False, show_error=False, ssr_mode=False, mcp_server=False, pwa=False,
            allowed_paths=None, max_file_size=1,  # no upload components; the upload route is closed too
            theme=web.theme(), css=web.css(), head=web.HEAD,
        )
    app.add_middleware(GradioGuard, not_found=t.get("ui_fouten.niet_gevonden"))
    app.state.bot, app.state.feedback, app.state.blocks = bot, ctx.feedback, demo
    return app
