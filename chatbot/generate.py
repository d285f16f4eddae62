"""Optional language models behind a small ``Generator`` protocol, picked by name.

Backends: ``openai`` (langchain-openai ``ChatOpenAI`` with a base URL, so vLLM, the
llama.cpp server, LM Studio and OpenAI itself work) and ``ollama`` (langchain-ollama).
Both are optional installs (``pip install 'vraagbaak[llm]'``); constructing a generator
is cheap and the chat model is built on first use.

Every call runs under a wall-clock deadline in a worker thread: the HTTP client's own
timeout limits a single read, not a slow trickle of tokens, so a slow or stuck server
could otherwise hold a request. On a deadline the caller gets ``GeneratorTimeout`` at
once; the worker ends when the HTTP timeout (set to the same value) fires.
"""

from __future__ import annotations

import importlib.util
import logging
import queue
import threading
import time
from collections.abc import Callable, Iterator
from typing import Protocol, runtime_checkable

from chatbot.settings import Settings
from ingest.errors import ErrorKind, VraagbaakError

log = logging.getLogger(__name__)

Messages = list[tuple[str, str]]  # (role, content) with role system | user | assistant


class GeneratorError(VraagbaakError, RuntimeError):
    """The model could not be asked or did not answer (connection, HTTP error, bad setup)."""

    kind, operator = ErrorKind.UNAVAILABLE, "language model unavailable"


class GeneratorTimeout(GeneratorError):
    """The model did not finish within the deadline."""


@runtime_checkable
class Generator(Protocol):
    """Turns chat messages into text; ``stream`` yields pieces as they arrive."""

    name: str

    def generate(self, messages: Messages, timeout_s: float | None = None) -> str: ...

    def stream(self, messages: Messages, timeout_s: float | None = None) -> Iterator[str]: ...


_DONE = object()


class ChatModelGenerator:
    """A ``Generator`` over any langchain chat model, built lazily by ``factory``."""

    def __init__(self, factory: Callable[[], object], name: str = "chat", timeout_s: float = 20.0) -> None:
        self.name = name
        self.timeout_s = float(timeout_s)
        self._factory = factory
        self._model = None
        self._lock = threading.Lock()

    @property
    def model(self):
        if self._model is None:
            with self._lock:
                if self._model is None:
                    self._model = self._factory()
                    log.info("Language model backend ready: %s", self.name)
        return self._model

    def generate(self, messages: Messages, timeout_s: float | None = None) -> str:
        return "".join(self.stream(messages, timeout_s))

    def stream(self, messages: Messages, timeout_s: float | None = None) -> Iterator[str]:
        """Text pieces as the model produces them, within one overall deadline."""
        limit = self.timeout_s if timeout_s is None else float(timeout_s)
        try:
            model = self.model  # built here, outside the deadline: importing a backend can take seconds
        except Exception as exc:  # noqa: BLE001 - a bad setup is a failed call, not a crash
            raise GeneratorError(f"{self.name}: cannot build the chat model: {type(exc).__name__}: {exc}") from exc
        deadline = time.monotonic() + limit
        pieces: queue.Queue = queue.Queue()
        cancelled = threading.Event()

        def work() -> None:
            try:
                for chunk in model.stream(messages):
                    if cancelled.is_set():
                        break
                    text = _text_of(chunk)
                    if text:
                        pieces.put(text)
                pieces.put(_DONE)
            except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
                pieces.put(exc)

        threading.Thread(target=work, name=f"llm-{self.name}", daemon=True).start()
        try:
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise GeneratorTimeout(f"{self.name}: no complete answer within {limit:.1f} s")
                try:
                    item = pieces.get(timeout=remaining)
                except queue.Empty:
                    raise GeneratorTimeout(f"{self.name}: no complete answer within {limit:.1f} s") from None
                if item is _DONE:
                    return
                if isinstance(item, BaseException):
                    if isinstance(item, GeneratorError):
                        raise item
                    raise GeneratorError(f"{self.name}: {type(item).__name__}: {item}") from item
                yield item
        finally:
            cancelled.set()


def _text_of(chunk) -> str:
    content = getattr(chunk, "content", chunk)
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # content blocks
        return "".join(b.get("text", "") if isinstance(b, dict) else str(b) for b in content)
    return ""


def _require(module: str, package: str) -> None:
    if importlib.util.find_spec(module) is None:
        raise GeneratorError(f"the language-model backend needs {package}: pip install 'vraagbaak[llm]'")


def _openai(settings: Settings) -> Callable[[], object]:
    _require("langchain_openai", "langchain-openai")

    def build():
        from langchain_openai import ChatOpenAI

        key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else "not-needed"
        return ChatOpenAI(
            model=settings.llm_model,
            base_url=settings.llm_base_url,
            api_key=key,  # passed explicitly: the client must not read OPENAI_API_KEY behind our back
            timeout=settings.llm_timeout_s,
            max_retries=0,  # the deadline is ours; retries would only hide a dead server
            max_tokens=settings.llm_max_tokens,  # sent as max_completion_tokens
            # Self-hosted OpenAI-compatible servers (llama-cpp-python, older llama.cpp, LM Studio)
            # read only the classic max_tokens; without it they generate until the context is full.
            extra_body={"max_tokens": settings.llm_max_tokens} if settings.llm_base_url else None,
            temperature=settings.llm_temperature,
        )

    return build


def _ollama(settings: Settings) -> Callable[[], object]:
    _require("langchain_ollama", "langchain-ollama")

    def build():
        from langchain_ollama import ChatOllama

        return ChatOllama(
            model=settings.llm_model,
            base_url=settings.llm_base_url,
            num_predict=settings.llm_max_tokens,
            temperature=settings.llm_temperature,
            client_kwargs={"timeout": settings.llm_timeout_s},
        )

    return build


GENERATORS: dict[str, Callable] = {"openai": _openai, "ollama": _ollama}


def make_generator(settings: Settings) -> Generator | None:
    """The configured generator, or None for ``llm = none``; an unknown name lists the valid ones."""
    name = settings.llm
    if name == "none":
        return None
    if name not in GENERATORS:
        raise GeneratorError(f"unknown language-model backend '{name}'; choose one of: none, {', '.join(sorted(GENERATORS))}")
    return ChatModelGenerator(GENERATORS[name](settings), name=name, timeout_s=settings.llm_timeout_s)
