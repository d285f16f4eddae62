"""One FastAPI app: the JSON API under ``/api`` and the Gradio UI at ``/`` (widget at ``/widget``).

Both call the same ``Vraagbaak`` methods. Limits (``settings.limits``, a
``chatbot.settings.Limits``), chosen for the 2-core machines this runs on (one answer costs
~0.1-1.5 s of CPU, mostly the query embedding, which the embedder serialises with a lock anyway):

* Gradio queue: ``max_size=queue_max_size`` (64) waiting events over both pages; more
  and the browser shows "queue full" at once instead of a wait of minutes. Answers and
  wording checks share the concurrency group ``BOT_GROUP`` with ``BOT_CONCURRENCY`` (2,
  one per core: more only makes every answer slower). Cheap events (catalog filter,
  passages, feedback, "Nieuw gesprek") have their own group of ``LIGHT_CONCURRENCY``
  (4), so browsing the table never waits behind answers.
* JSON API: ``/api/ask``, ``/api/ask/stream`` and ``/api/check`` take a slot of their own
  gate (2 at a time, at most 16 waiting, 10 s wait); past that a 503 with a Dutch message
  and Retry-After. UI and API together can thus run 4 answers at once, which still fits
  in memory easily. A slot is taken and released in one place (``Gate.slot``); a stream's
  slot belongs to the thread that produces its events, so a client that goes away, or an
  error, can never keep it.
* Request bodies: at most ``max_body_bytes`` (64 kB; a question is at most a few kB),
  else 413 (``BodyLimit``).
* Gradio sessions: at most ``session_capacity`` (2,000) kept in memory, least recently
  used dropped first (Gradio's default is 10,000); see the numbers below.
* Connections (uvicorn, ``ui/serving.py``): see there.

Gradio's file and upload routes are closed (``GradioGuard``): the app shows no files and
has no upload components; its temp dir is under the data dir and no ``allowed_paths`` are
set. The guard also refuses any queued event whose inputs are not plain strings, numbers
or null: a ``FileData``-shaped value would make Gradio read that file from disk. And the
mounted app is marked as launched, so Gradio's own path checks run as well (they only
run for launched apps).

Every text a client sends passes ``chatbot.screen`` (the text gate) before it reaches an
engine; API responses are JSON with every non-ASCII character escaped. Errors are
``chatbot.contract.Error`` bodies whose status comes from their kind (``ingest.errors.HANDLING``);
``api_error`` turns any failure into one.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import json
import logging
import os
import threading
import time
import warnings
from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Any, Literal

from fastapi import Depends, FastAPI, Path as PathParam, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.sse import EventSourceResponse, ServerSentEvent
from pydantic import BaseModel, ConfigDict, Field, StrictStr
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException

from chatbot.contract import Answer, Catalog, Error, ErrorKind, Health, Passage, WordingCheck
from chatbot.screen import screen
from chatbot.settings import Limits
from ingest.errors import VraagbaakError, http_status, kind_named, kind_of, message_key
from ui.responses import RETRY_AFTER_S, STATUS, AsciiJSONResponse, error_response  # noqa: F401 - used by importers of ui.app
from ui.export import catalog_csv  # noqa: F401 - the catalog's CSV and XLSX live in ui/export.py
from prompts import Prompts, load_prompts

if TYPE_CHECKING:  # the service is imported in create_app, after Gradio's environment is set
    from chatbot.service import Vraagbaak
    from chatbot.settings import Settings

log = logging.getLogger("vraagbaak.api")

# The limits are ``settings.limits`` (``chatbot.settings.Limits``). Sessions Gradio keeps
# (``session_capacity``), least recently used dropped first: measured per session (with
# Gradio's own per-session copy of the page config), 0.16 MB after one turn, 1.2 MB after
# 20 turns of long lists (the most a conversation keeps), so at most about 2.3 GB of the
# 24 GB; Gradio's default of 10,000 could take 12 GB. Two cores answer some 25 questions a
# second, far fewer than the sessions this keeps alive.
CHUNK_ID_PATTERN = r"^[0-9A-Za-z_-]{1,128}$"


# -- request and response models ---------------------------------------------
class Message(BaseModel):
    role: Literal["user", "assistant"]
    content: StrictStr = Field(max_length=20_000)


def _example(field: str, key: str):
    """An example request for the API docs, in the bundled Dutch wording."""

    def add(schema: dict) -> None:
        schema["examples"] = [{field: load_prompts().get(key)}]

    return add


class AskRequest(BaseModel):
    model_config = ConfigDict(json_schema_extra=_example("question", "ui_voorbeelden.vraag_1"))
    question: StrictStr = Field(description="The question, in Dutch; at most max_question_chars characters.")
    history: list[Message] | None = Field(default=None, max_length=Limits.max_history_messages,
                                          description="Earlier turns, oldest first, for follow-up questions.")


class CheckRequest(BaseModel):
    model_config = ConfigDict(json_schema_extra=_example("sentence", "ui_nakijken.voorbeeld"))
    sentence: StrictStr = Field(min_length=1)


# The responses are the contract's own models (chatbot/contract.py): what the service returns is what the docs show.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {code: {"model": Error} for code in (404, 422, 500, 503)}


class ApiError(VraagbaakError):
    """An error the API answers with an ``Error`` body, in the words given; the status comes from its kind."""

    def __init__(self, kind: ErrorKind, error: str, message: str) -> None:
        super().__init__(error)
        self.kind, self.error, self.operator, self.message = kind, error, error, message

    def user_message(self, prompts: Prompts, answering: bool = False) -> str:
        return self.message


def api_error(action: str, exc: Exception, t: Prompts) -> ApiError:
    """What the API answers for a failure, logged by its kind: a 4xx quietly, a busy service as a
    warning, an index or engine that is down as an error, anything else with its traceback."""
    if isinstance(exc, ApiError):
        return exc
    if isinstance(exc, TimeoutError) and not isinstance(exc, VraagbaakError):
        exc = Busy(str(exc))  # waiting on anything in time is the service being busy
    kind = kind_of(exc)
    if not isinstance(exc, VraagbaakError) or kind is ErrorKind.INTERNAL:
        log.error("API %s failed", action, exc_info=exc)
        return ApiError(ErrorKind.INTERNAL, VraagbaakError.operator, t.get(message_key(ErrorKind.INTERNAL)))
    if kind is ErrorKind.BUSY:
        log.warning("API busy: refused %s", action)
    elif http_status(kind) >= 500:
        log.error("API %s: %s: %s", action, exc.operator, exc)
    return ApiError(kind, exc.operator, exc.user_message(t))


def answer_status(answer: dict) -> int:
    """The HTTP status of an answer contract: 200, or the status of its error's kind (the ``reason``)."""
    return 200 if "error" not in answer else http_status(kind_named(answer.get("reason")))


class Busy(VraagbaakError, TimeoutError):
    """No free slot in time, or too many waiting."""

    kind, operator = ErrorKind.BUSY, "busy"


class GateCancelled(Busy):
    """The caller stopped waiting for a slot (its client went away)."""


class Gate:
    """At most ``limit`` callers inside, at most ``max_waiting`` waiting ``timeout`` seconds, first come first served.

    ``slot`` is the only place a slot is taken and released (``try/finally``). A freed slot
    is handed to the longest waiting caller, so a caller that also watches for
    cancellation (a stream whose client may go away) cannot be overtaken by later ones.
    ``in_use`` and ``waiting`` are for tests and logs.
    """

    def __init__(self, limit: int, max_waiting: int, timeout: float) -> None:
        self.limit, self.max_waiting, self.timeout = limit, max_waiting, timeout
        self._lock = threading.Lock()
        self._inside = 0
        self._queue: collections.deque[threading.Event] = collections.deque()

    @property
    def in_use(self) -> int:
        return self._inside

    @property
    def waiting(self) -> int:
        return len(self._queue)

    @contextlib.contextmanager
    def slot(self, cancelled: threading.Event | None = None) -> Iterator[None]:
        """Hold a slot for the ``with`` block; ``Busy`` (a TimeoutError) when none comes free, GateCancelled when ``cancelled`` is set."""
        self._acquire(cancelled)
        try:
            yield
        finally:
            self._release()

    def _acquire(self, cancelled: threading.Event | None) -> None:
        with self._lock:
            if self._inside < self.limit and not self._queue:
                self._inside += 1
                return
            if len(self._queue) >= self.max_waiting:
                raise Busy("too many requests waiting")
            turn = threading.Event()
            self._queue.append(turn)
        deadline = time.monotonic() + self.timeout
        while True:
            remaining = deadline - time.monotonic()
            # Wake now and then to notice a cancellation; the place in the queue is kept.
            if turn.wait(max(0.0, min(remaining, 0.1) if cancelled is not None else remaining)):
                break
            with self._lock:
                if turn.is_set():  # handed a slot just now
                    break
                if cancelled is not None and cancelled.is_set():
                    self._queue.remove(turn)
                    raise GateCancelled("the caller went away")
                if deadline - time.monotonic() <= 0:
                    self._queue.remove(turn)
                    raise Busy("no free slot in time")
        if cancelled is not None and cancelled.is_set():
            self._release()
            raise GateCancelled("the caller went away")

    def _release(self) -> None:
        with self._lock:
            if self._queue:
                self._queue.popleft().set()  # the slot passes on: still in use
            else:
                self._inside -= 1


class BodyTooLarge(StarletteHTTPException):
    def __init__(self) -> None:
        super().__init__(413, "request body too large")


class BodyLimit:
    """ASGI middleware: a request body over ``max_bytes`` gets 413, by Content-Length or while it streams in."""

    def __init__(self, app, max_bytes: int, message: str) -> None:
        self.app, self.max_bytes, self.message = app, max_bytes, message

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        for key, value in scope["headers"]:
            if key == b"content-length":
                if not value.isdigit() or int(value) > self.max_bytes:
                    return await self._refuse(scope, receive, send)
        seen = 0
        started = False

        async def counting_receive():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise BodyTooLarge()
            return message

        async def tracking_send(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLarge:
            if started:
                raise
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope, receive, send):
        log.info("Refused a request body over %d bytes for %s", self.max_bytes, scope["path"][:200])
        response = error_response(ErrorKind.TOO_LARGE, "request body too large", self.message, headers={"Connection": "close"})
        await response(scope, receive, send)


# Gradio paths the browser needs (checked with the browser tests); every other
# /gradio_api path (files, uploads, proxy, the Gradio API for scripts, run history,
# monitoring, ...) answers 404, as do Gradio's old root-level file and upload routes.
GRADIO_PATHS = frozenset({"queue/join", "queue/data", "config", "info", "startup-events", "cancel", "app_id"})
GRADIO_PREFIXES = ("heartbeat/",)
GRADIO_ROOT_DENIED = ("/file=", "/file/", "/upload", "/proxy=", "/run/", "/call/", "/monitoring", "/mcp",
                      "/login", "/logout")  # no Gradio auth here; /logout redirected to any Host given


def gradio_path_allowed(path: str) -> bool:
    if path.startswith("/gradio_api/"):
        rest = path[len("/gradio_api/"):]
        return rest.rstrip("/") in GRADIO_PATHS or rest.startswith(GRADIO_PREFIXES)
    return not path.startswith(GRADIO_ROOT_DENIED)


_SCALARS = (str, int, float, bool, type(None))
# For the app's pages: no plugins, no <base>, forms only to this origin (Gradio needs its inline scripts).
PAGE_CSP = "object-src 'none'; base-uri 'self'; form-action 'self'"


def event_inputs_allowed(body, functions: int | None = None) -> bool:
    """Whether a Gradio ``queue/join`` body carries only plain values.

    The app's inputs are Textboxes, Dropdowns and States: strings, numbers or null. A
    dict or list among them (a ``FileData``-shaped ``{"path": ..., "meta": {"_type":
    "gradio.FileData"}}`` above all) would make Gradio read, hash and copy that file.
    ``event_data`` is a plain value (a Textbox's change event sends its text) or a flat
    object of plain values (the passage click). ``fn_index`` must name one of the app's
    ``functions`` events (Gradio answered an unknown one with a 500 and a traceback).
    """
    if not isinstance(body, dict) or not isinstance(body.get("data"), list):
        return False
    if not all(isinstance(value, _SCALARS) for value in body["data"]):
        return False
    extra = body.get("event_data")
    if not isinstance(extra, _SCALARS) and not (isinstance(extra, dict) and all(isinstance(v, _SCALARS) for v in extra.values())):
        return False
    if functions is not None:
        fn = body.get("fn_index")
        if not isinstance(fn, int) or isinstance(fn, bool) or not 0 <= fn < functions:  # ids 0..n-1
            return False
    return all(isinstance(body.get(key), _SCALARS) for key in ("session_hash", "event_id", "fn_index", "trigger_id"))


class GradioGuard:
    """ASGI middleware: closes Gradio routes the app does not use, checks queued events' inputs, sets <html lang>."""

    def __init__(self, app, not_found: str, invalid: str, lang: str = "nl",
                 page_paths: tuple[str, ...] = ("/", "/widget", "/widget/"), functions: int | None = None) -> None:
        self.app, self.not_found, self.invalid, self.lang, self.page_paths = app, not_found, invalid, lang.encode(), page_paths
        self.functions = functions

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        path = scope["path"]
        # Gradio builds its page config and redirects from X-Forwarded-Host when present: a
        # client could put any host there (and into a shared cache). The proxy sets Host.
        scope = dict(scope, headers=[(k, v) for k, v in scope["headers"] if k.lower() != b"x-forwarded-host"])
        if not gradio_path_allowed(path):
            log.info("Refused path %s", path[:200])
            response = error_response(ErrorKind.NOT_FOUND, "not found", self.not_found)
            return await response(scope, receive, send)
        if scope["method"] == "GET" and path in self.page_paths:
            return await self._page(scope, receive, send)
        if scope["method"] == "POST" and path.rstrip("/") == "/gradio_api/queue/join":
            return await self._join(scope, receive, send)
        return await self.app(scope, receive, send)

    async def _join(self, scope, receive, send):
        """Read the event (BodyLimit bounds its size), check its inputs, then hand the same bytes on."""
        chunks, more = [], True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunks.append(message.get("body", b""))
            more = message.get("more_body", False)
        body = b"".join(chunks)
        try:
            allowed = event_inputs_allowed(json.loads(body), self.functions)
        except (ValueError, UnicodeDecodeError, RecursionError):
            allowed = False
        if not allowed:
            log.warning("Refused a Gradio event whose inputs are not plain values (%d bytes)", len(body))
            response = error_response(ErrorKind.INVALID_REQUEST, "invalid request", self.invalid)
            return await response(scope, receive, send)
        replayed = False

        async def replay():
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        return await self.app(scope, replay, send)

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
                headers["content-security-policy"] = PAGE_CSP
                await send({**start, "headers": headers.raw})
                return await send({"type": "http.response.body", "body": body})
            return await send(message)

        return await self.app(scope, receive, send_page)


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


def create_app(settings: Settings, bot: Vraagbaak | None = None) -> FastAPI:
    """Build the service for ``settings``; ``bot`` defaults to a warmed ``Vraagbaak(settings)``."""
    data_dir = settings.data_dir.resolve()
    temp_dir = data_dir / "gradio-tmp"
    temp_dir.mkdir(parents=True, exist_ok=True)
    # Gradio takes these only from the environment; set before any Blocks exists.
    os.environ["GRADIO_TEMP_DIR"] = str(temp_dir)
    os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"

    import gradio as gr

    from chatbot.service import Vraagbaak
    from ingest.isolate import WorkerEmbeddings
    from ingest.store import NoIndexError
    from ui import web
    from ui.feedback import FeedbackStore, RateLimit

    if bot is None:
        embedder = None
        if settings.embed_workers > 0:
            # The embedding engine (native code) runs in worker processes: a crash there
            # costs one request a 503, never the service.
            embedder = WorkerEmbeddings(settings.embedder, settings.model_download, workers=settings.embed_workers,
                                        timeout_s=settings.embed_timeout_s)
            embedder.start()
        bot = Vraagbaak(settings, embedder=embedder)
        try:
            bot.warm()
        except NoIndexError as exc:
            log.warning("Starting without an index: %s", exc)
    t = load_prompts(settings.prompts_dir)
    limit = settings.max_question_chars
    limits = settings.limits
    gate = Gate(limits.api_concurrency, limits.api_max_waiting, limits.api_wait_s)

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
    errors = ERROR_RESPONSES

    @app.exception_handler(VraagbaakError)
    async def project_error(request: Request, exc: VraagbaakError):
        failure = api_error(request.url.path[:200], exc, t)
        return error_response(failure.kind, failure.error, failure.message)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError):
        detail = [{k: e[k] for k in ("loc", "msg", "type") if k in e} for e in exc.errors()]
        return error_response(ErrorKind.INVALID_REQUEST, "invalid request", t.get("ui_fouten.ongeldig"), jsonable_encoder(detail))

    too_large = t.say("grenzen.te_groot", maximum=limits.max_body_bytes // 1024)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        # Starlette's own errors keep their status (a 405, say); the kind describes them.
        kind, message = {404: (ErrorKind.NOT_FOUND, t.get("ui_fouten.niet_gevonden")),
                         413: (ErrorKind.TOO_LARGE, too_large)}.get(exc.status_code, (ErrorKind.INVALID_REQUEST, t.get("ui_fouten.ongeldig")))
        response = error_response(kind, str(exc.detail).lower(), message)
        response.status_code = exc.status_code
        return response

    def guarded(action: str, fn, *args, gated: bool = False):
        """Run a bot call; what goes wrong becomes an ``ApiError`` of its kind (anything unexpected is logged)."""
        try:
            if gated:
                with gate.slot():
                    return fn(*args)
            return fn(*args)
        except Exception as exc:  # noqa: BLE001 - every failure becomes an error body of its kind
            raise api_error(action, exc, t) from None

    @app.get("/api/health", response_model=Health, responses={503: {"model": Health}}, tags=["service"])
    def health():
        """Service status; 503 while there is no index."""
        status = bot.health()
        return AsciiJSONResponse(status, status_code=200 if status.get("status") == "ok" else 503)

    def checked_question(question: str) -> str:
        """The question through ``chatbot.screen``, once; a ``Rejected`` one gets a 422 with the Dutch reason."""
        return screen(question, limit, allow_empty=True)

    @app.post("/api/ask", response_model=Answer, responses=errors, tags=["answers"])
    def ask(body: AskRequest, request: Request):
        """Answer a question from the documents (the answer contract, with verified citations and a permalink)."""
        question = checked_question(body.question)
        history = [m.model_dump() for m in body.history] if body.history else None
        answer = guarded("ask", bot.ask, question, history, gated=True)
        if "error" not in answer:
            from ui.render import permalink

            answer = {**answer, "permalink": str(request.base_url) + permalink(question)}
        # The service's contract as it is (response_model documents it); the status from the error's kind.
        status = answer_status(answer)
        return AsciiJSONResponse(answer, status_code=status, headers={"Retry-After": str(RETRY_AFTER_S)} if status == 503 else None)

    def stream_question(body: AskRequest) -> tuple[str, list[dict] | None]:
        """The stream's question through the text gate before the stream starts, so a bad one still gets a 422."""
        return checked_question(body.question), [m.model_dump() for m in body.history] if body.history else None

    @app.post("/api/ask/stream", responses=errors, tags=["answers"], response_class=EventSourceResponse)
    async def ask_stream(asked: tuple[str, list[dict] | None] = Depends(stream_question)) -> AsyncIterator[ServerSentEvent]:
        """The answer as server-sent events (one ``data: <json>`` line each).

        With a language model: ``status`` events ("controleren…"), ``draft`` events with text
        that already passed verification, then ``final`` with the answer contract. Without
        one: only ``final``. Problems arrive as an ``error`` event with a Dutch message.
        """
        question, history = asked
        loop = asyncio.get_running_loop()
        events: asyncio.Queue = asyncio.Queue()
        cancelled = threading.Event()

        def put(item) -> None:
            try:
                loop.call_soon_threadsafe(events.put_nowait, item)
            except RuntimeError:  # the event loop has shut down
                cancelled.set()

        def produce() -> None:
            # The slot belongs to this thread from acquire to release; the HTTP side only
            # reads events, so a client that disconnects (or an error on either side)
            # cannot keep a slot: ``cancelled`` stops this loop at the next event.
            try:
                with gate.slot(cancelled):
                    stream = bot.ask_stream(question, history)
                    try:
                        for event in stream:
                            if cancelled.is_set():
                                break
                            put(event)
                    finally:
                        stream.close()
            except GateCancelled:
                pass
            except Exception as exc:  # noqa: BLE001 - the stream has started; report in-band
                failure = api_error("ask/stream", exc, t)
                put({"type": "error", "error": failure.error, "message": failure.message})
            finally:
                put(None)

        threading.Thread(target=produce, name="ask-stream", daemon=True).start()
        try:
            while True:
                event = await events.get()
                if event is None:
                    return
                # FastAPI frames the event (and sends keep-alive comments while a model is slow);
                # the JSON is ours, so that every non-ASCII character stays escaped.
                yield ServerSentEvent(raw_data=json.dumps(event, ensure_ascii=True))
        finally:
            # A client that goes away cancels this generator; the producer stops at its next event.
            cancelled.set()

    def _catalog(ambitielijn, kind, q, source):
        return guarded("catalog", bot.catalog, ambitielijn, kind, q, source)

    catalog_params = dict(
        ambitielijn=Query(None, ge=0, le=99, description="Ambition line number"),
        kind=Query(None, description="actie, kpi or analyse"),
        q=Query(None, max_length=200, description="A topic: the items about it, found as the chat's topic answers find them; "
                                                    "words no document has are searched as written (case-insensitive)"),
        source=Query(None, max_length=300, description="Source file name"),
    )

    @app.get("/api/catalog", response_model=Catalog, responses=errors, tags=["catalog"])
    def catalog(
        ambitielijn: int | None = catalog_params["ambitielijn"],
        kind: Literal["actie", "kpi", "analyse"] | None = catalog_params["kind"],
        q: str | None = catalog_params["q"],
        source: str | None = catalog_params["source"],
    ):
        """All actions, KPIs and analysis items, filtered."""
        items = _catalog(ambitielijn, kind, q or None, source)
        return AsciiJSONResponse({"count": len(items), "items": items})

    from ui import export

    export.add_routes(app, t, _catalog, catalog_params, errors)  # /api/catalog.csv and /api/catalog.xlsx
    from ui import changes

    changes.add_routes(app, bot, t, guarded, ApiError, errors)
    from ui import admin

    app.state.question_log = admin.setup(app, settings, bot, t)  # opt-in question log and /beheer

    @app.post("/api/check", response_model=WordingCheck, responses=errors, tags=["answers"])
    def check(body: CheckRequest):
        """Does a sentence occur verbatim? If not: the closest wording and the differences."""
        sentence = screen(body.sentence, limit, "sentence")
        return AsciiJSONResponse(guarded("check", bot.check, sentence, gated=True))

    @app.get("/api/passage/{chunk_id}", response_model=Passage, responses=errors, tags=["answers"])
    def passage(chunk_id: str = PathParam(pattern=CHUNK_ID_PATTERN)):
        """A cited fragment in its context in the document."""
        found = guarded("passage", bot.passage, chunk_id)
        if found is None:
            raise ApiError(ErrorKind.NOT_FOUND, "unknown chunk_id", t.get("ui_chat.passage_niet_gevonden"))
        return AsciiJSONResponse(found)

    @app.api_route("/api/{rest:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"], include_in_schema=False)
    def api_not_found(rest: str):
        raise ApiError(ErrorKind.NOT_FOUND, "not found", t.get("ui_fouten.niet_gevonden"))

    ctx = web.Context(bot=bot, t=t, feedback=FeedbackStore.in_dir(data_dir), max_chars=limit,
                      feedback_limit=RateLimit())
    demo = web.build_blocks(ctx)
    demo.queue(max_size=limits.queue_max_size, default_concurrency_limit=web.BOT_CONCURRENCY)
    demo.state_session_capacity = limits.session_capacity  # read when Gradio's app is created below
    with warnings.catch_warnings():
        # Gradio says it disables SSR for multi-page apps; SSR is off here anyway.
        warnings.filterwarnings("ignore", message="SSR mode is not supported", category=UserWarning)
        gr.mount_gradio_app(
            app, demo, path="/",
            footer_links=[], run_history=False, show_error=False, ssr_mode=False, mcp_server=False, pwa=False,
            allowed_paths=None, max_file_size=1,  # no upload components; the upload route is closed too
            theme=web.theme(), css=web.css(), head=web.HEAD,
        )
    # What launch() sets and mount_gradio_app does not: Gradio checks the paths of file
    # values only for a launched app (processing_utils._check_allowed).
    demo.has_launched = True
    app.add_middleware(GradioGuard, not_found=t.get("ui_fouten.niet_gevonden"), invalid=t.get("ui_fouten.ongeldig"),
                       functions=max(demo.fns, default=-1) + 1)
    app.add_middleware(BodyLimit, max_bytes=limits.max_body_bytes, message=too_large)  # outermost: before anything reads a body

    app.state.bot, app.state.feedback, app.state.blocks = bot, ctx.feedback, demo
    return app
