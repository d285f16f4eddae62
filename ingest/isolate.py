"""Embedders in worker processes: a crash in a native engine costs one request, not the service.

``vraagbaak serve`` embeds through ``WorkerEmbeddings``, a small pool of child processes
(``python -m ingest.isolate NAME``), each holding one embedder built by name with
``ingest.embed.make_embedder`` — so every backend, present or future, runs isolated. The
parent talks to a child over the child's stdin and stdout, in frames of a 4-byte
big-endian length followed by the payload:

- request: JSON ``{"op": "embed", "texts": [...], "query": bool}`` or
  ``{"op": "count", "text": str, "query": bool}``;
- acknowledgement: an empty frame, sent as soon as the child has read a request;
- reply: a JSON header ``{"ok": true, "rows": n, "dim": d}`` and then, as a second frame,
  n×d little-endian float32 values; or ``{"ok": true, "count": n}``; or
  ``{"ok": false, "error": <type>, "message": <text>}``. The first frame a child sends,
  once its model is loaded, is ``{"ok": true, "ready": true, "dim": d}``.

Nothing a child sends is unpickled or evaluated: a child whose memory a hostile text
corrupted can fail its request, never make the parent run code. A child that dies
(abort, segfault, killed for memory), hangs past ``timeout_s`` or sends anything
malformed is killed and replaced at once; the request it was serving fails with
``EngineUnavailableError`` (the service answers "tijdelijk niet beschikbaar", the API
503). That request is not retried on another worker: the text may be what killed the
first one. Only a child that died before it acknowledged the request (it was killed
while idle) cannot have been harmed by it, and a child killed by SIGKILL came to its end
from outside (an operator, the OOM killer; its own memory cap raises MemoryError): then
the request goes to a fresh worker, once. A
child exits when its stdin closes, and a thread in it checks twice a second that the
service (its parent, by pid) is still there, so it never outlives the service, even while
it is busy with a request. No ``PR_SET_PDEATHSIG``: Linux sends that signal when the
*thread* that started the child exits, and replacements are started in request threads,
which the server retires when idle (that killed every replacement a few seconds later).
"""

from __future__ import annotations

import atexit
import json
import logging
import os
import queue
import select
import signal
import struct
import subprocess
import sys
import threading
import time
import weakref
from typing import cast

import numpy as np
from langchain_core.embeddings import Embeddings

from ingest.embed import EmbedderError
from ingest.errors import ErrorKind

log = logging.getLogger(__name__)

MAX_FRAME = 64 * 1024 * 1024  # the largest reply: 256 texts x 4096 dimensions x 4 bytes is 4 MB
MAX_DIM = 8192
_LENGTH = struct.Struct(">I")


class EngineUnavailableError(EmbedderError):
    """The embedding worker failed (crashed, hung or misbehaved) on this request; it has been replaced."""

    kind, operator, message_key = ErrorKind.UNAVAILABLE, "engine unavailable", "grenzen.tijdelijk_niet_beschikbaar"


class _WorkerFailed(Exception):
    """Internal: the worker process is unusable; the message says why (for the log).

    ``delivered``: whether the worker had acknowledged the request (so it may be the cause).
    """

    def __init__(self, message: str, delivered: bool = True, died: bool = False) -> None:
        super().__init__(message)
        self.delivered, self.died = delivered, died


# -- framing ---------------------------------------------------------------------
def _write_all(fd: int, data: bytes, deadline: float) -> None:
    view = memoryview(data)
    while view:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise _WorkerFailed("timed out sending a request")
        _, writable, _ = select.select([], [fd], [], remaining)
        if not writable:
            continue
        try:
            sent = os.write(fd, view)
        except BlockingIOError:
            continue
        except OSError as exc:  # EPIPE: the child is gone
            raise _WorkerFailed(f"pipe closed ({exc.strerror or exc})", died=True) from None
        view = view[sent:]


def _read_exact(fd: int, n: int, deadline: float) -> bytes:
    chunks, got = [], 0
    while got < n:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise _WorkerFailed("timed out waiting for a reply")
        readable, _, _ = select.select([fd], [], [], remaining)
        if not readable:
            continue
        try:
            chunk = os.read(fd, min(n - got, 1 << 20))
        except BlockingIOError:
            continue
        if not chunk:
            raise _WorkerFailed("the worker closed its output (it died)", died=True)
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def _read_frame(fd: int, deadline: float) -> bytes:
    (length,) = _LENGTH.unpack(_read_exact(fd, 4, deadline))
    if length > MAX_FRAME:
        raise _WorkerFailed(f"reply frame of {length} bytes is over the limit")
    return _read_exact(fd, length, deadline)


def _read_header(fd: int, deadline: float) -> dict:
    try:
        header = json.loads(_read_frame(fd, deadline))
    except (ValueError, UnicodeDecodeError):
        raise _WorkerFailed("malformed reply header") from None
    if not isinstance(header, dict) or not isinstance(header.get("ok"), bool):
        raise _WorkerFailed("malformed reply header")
    return header


# -- the parent's side -----------------------------------------------------------
class _Worker:
    """One child process; used by one thread at a time (the pool hands it out)."""

    def __init__(self, command: list[str], load_timeout_s: float) -> None:
        self.proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=None,
                                     close_fds=True, bufsize=0)
        assert self.proc.stdin is not None and self.proc.stdout is not None  # both are PIPEs
        self._in, self._out = self.proc.stdin.fileno(), self.proc.stdout.fileno()
        os.set_blocking(self._in, False)
        os.set_blocking(self._out, False)
        self._load_deadline = time.monotonic() + load_timeout_s
        self.dim: int | None = None

    @property
    def pid(self) -> int:
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc.poll() is None

    def wait_ready(self) -> int:
        """Wait for the child's first frame (its model loaded); returns the dimension."""
        if self.dim is None:
            header = _read_header(self._out, self._load_deadline)
            if not header["ok"]:
                message = str(header.get("message") or "the embedder could not be loaded")[:500]
                raise EmbedderError(message)
            dim = header.get("dim")
            if not header.get("ready") or not isinstance(dim, int) or not 0 < dim <= MAX_DIM:
                raise _WorkerFailed("malformed ready message")
            self.dim = dim
        return self.dim

    def call(self, request: dict, timeout_s: float) -> dict | np.ndarray:
        self.wait_ready()
        payload = json.dumps(request, ensure_ascii=False).encode("utf-8")
        deadline = time.monotonic() + timeout_s
        try:
            _write_all(self._in, _LENGTH.pack(len(payload)) + payload, deadline)
            if _read_exact(self._out, 4, deadline) != b"\0\0\0\0":
                raise _WorkerFailed("no acknowledgement")
        except _WorkerFailed as exc:
            raise _WorkerFailed(str(exc), delivered=False, died=exc.died) from None
        header = _read_header(self._out, deadline)
        if not header["ok"]:
            return header
        if request["op"] == "count":
            count = header.get("count")
            if not isinstance(count, int) or count < 0:
                raise _WorkerFailed("malformed count")
            return {"ok": True, "count": count}
        rows, dim = header.get("rows"), header.get("dim")
        if rows != len(request["texts"]) or dim != self.dim:
            raise _WorkerFailed(f"reply of shape ({rows}, {dim}) for {len(request['texts'])} texts of dimension {self.dim}")
        data = _read_frame(self._out, deadline)
        if len(data) != rows * dim * 4:
            raise _WorkerFailed("reply of the wrong size")
        matrix = np.frombuffer(data, dtype="<f4").reshape(rows, cast(int, dim)).astype(np.float32)
        if not np.isfinite(matrix).all():
            raise _WorkerFailed("reply with values that are not finite")
        return matrix

    def kill(self) -> None:
        if self.alive():
            self.proc.kill()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            log.error("Embedding worker %d did not exit after SIGKILL", self.pid)
        for stream in (self.proc.stdin, self.proc.stdout):
            assert stream is not None  # both are PIPEs
            try:
                stream.close()
            except OSError:
                pass

    def stop(self) -> None:
        """Close stdin (the child exits on its own), then make sure."""
        assert self.proc.stdin is not None  # a PIPE
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        try:
            self.proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            pass
        self.kill()


_POOLS: "weakref.WeakSet[WorkerEmbeddings]" = weakref.WeakSet()


@atexit.register
def _stop_all() -> None:
    for pool in list(_POOLS):
        pool.close()


class WorkerEmbeddings(Embeddings):
    """The embedder ``name`` in ``workers`` child processes, behind langchain's ``Embeddings``.

    Each worker handles one request at a time; callers wait up to ``timeout_s`` for a free
    one. ``threads`` is the engine's thread count per worker (default: the cores divided
    among the workers). ``memory_mb`` caps each worker's address space on top of what the
    freshly started interpreter maps, so a runaway allocation kills the worker, not the machine.
    """

    def __init__(self, name: str, allow_download: bool = False, workers: int = 2, timeout_s: float = 30.0,
                 threads: int | None = None, memory_mb: int = 2048, load_timeout_s: float = 300.0) -> None:
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self.name = name
        self.workers, self.timeout_s, self.load_timeout_s = workers, timeout_s, load_timeout_s
        self.threads = threads or max(1, (os.cpu_count() or 1) // workers)
        self._command = [sys.executable, "-m", "ingest.isolate", name, "--threads", str(self.threads),
                         "--memory-mb", str(memory_mb), "--parent", str(os.getpid())] + (["--allow-download"] if allow_download else [])
        self._slots: list[_Worker | None] = [None] * workers
        self._idle: queue.Queue[int] = queue.Queue()
        for i in range(workers):
            self._idle.put(i)
        self._closed = False
        self._dim: int | None = None
        _POOLS.add(self)

    # -- pool ----------------------------------------------------------------------
    def start(self) -> None:
        """Start every worker and wait until each has loaded its model."""
        taken = [self._idle.get() for _ in range(self.workers)]
        try:
            for i in taken:
                slot = self._slots[i]
                if slot is None or not slot.alive():
                    self._slots[i] = _Worker(self._command, self.load_timeout_s)
            pids = []
            for i in taken:
                worker = self._slots[i]
                assert worker is not None  # started above
                try:
                    self._dim = worker.wait_ready()
                except _WorkerFailed as exc:
                    worker.kill()
                    self._slots[i] = None
                    raise EmbedderError(f"The embedding worker for '{self.name}' did not start: {exc}.") from None
                pids.append(worker.pid)
            log.info("Embedding in %d worker processes (pids %s), %d thread(s) each", self.workers,
                     ", ".join(str(pid) for pid in pids), self.threads)
        finally:
            for i in taken:
                self._idle.put(i)

    def pids(self) -> list[int]:
        return [w.pid for w in self._slots if w is not None and w.alive()]

    def close(self) -> None:
        self._closed = True
        for i, worker in enumerate(self._slots):
            if worker is not None:
                worker.stop()
                self._slots[i] = None

    def _call(self, request: dict):
        if self._closed:
            raise EngineUnavailableError("the embedding workers have been stopped")
        try:
            i = self._idle.get(timeout=self.timeout_s)
        except queue.Empty:
            raise EngineUnavailableError(f"no embedding worker free within {self.timeout_s:g} s") from None
        try:
            for attempt in (1, 2):
                worker = self._slots[i]
                if worker is None or not worker.alive():
                    if worker is not None:
                        log.warning("Embedding worker %d had exited (%s); starting a new one", worker.pid,
                                    _describe_exit(worker.proc.returncode))
                        worker.kill()
                    worker = self._slots[i] = _Worker(self._command, self.load_timeout_s)
                try:
                    reply = worker.call(request, self.timeout_s)
                    break
                except _WorkerFailed as exc:
                    killed_from_outside = exc.died and _exit_code(worker.proc) == -signal.SIGKILL
                    worker.kill()
                    self._slots[i] = _Worker(self._command, self.load_timeout_s)
                    if killed_from_outside and attempt == 1:
                        # SIGKILL comes from outside (an operator, the OOM killer; the worker's own
                        # memory cap raises MemoryError instead): not the text's doing, as a crash
                        # (SIGSEGV, SIGABRT) or a hang may be. One more try on a fresh worker.
                        log.warning("Embedding worker %d was killed (SIGKILL) during a request; it goes to a new one",
                                    worker.pid)
                        continue
                    if not exc.delivered and attempt == 1:
                        # It died before it read this request (killed while idle): not the
                        # request's doing, so a fresh worker may take it.
                        log.warning("Embedding worker %d was gone (%s: %s); the request goes to a new one",
                                    worker.pid, exc, _describe_exit(worker.proc.returncode))
                        continue
                    log.error("Embedding worker %d failed on a request of %s: %s (%s); starting a new one",
                              worker.pid, _describe(request), exc, _describe_exit(worker.proc.returncode))
                    raise EngineUnavailableError(f"the embedding worker failed: {exc}") from None
                except EmbedderError:
                    worker.kill()
                    self._slots[i] = None
                    raise
        finally:
            self._idle.put(i)
        if isinstance(reply, dict) and not reply["ok"]:
            # An exception inside the worker (not a crash): the worker is fine.
            raise EmbedderError(f"embedding failed in the worker: {str(reply.get('message'))[:300]}")
        return reply

    # -- Embeddings ------------------------------------------------------------------
    @property
    def dimension(self) -> int:
        if self._dim is None:
            self.start()
        assert self._dim is not None  # start() sets it (workers >= 1) or raises
        return self._dim

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        return self._call({"op": "embed", "texts": [str(t) for t in texts], "query": False}).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self._call({"op": "embed", "texts": [str(text)], "query": True})[0].tolist()

    def embed_queries(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        return self._call({"op": "embed", "texts": [str(t) for t in texts], "query": True}).tolist()

    def token_count(self, text: str, is_query: bool = False) -> int:
        return self._call({"op": "count", "text": str(text), "query": bool(is_query)})["count"]


def _exit_code(proc: subprocess.Popen) -> int | None:
    """The exit code of a worker whose output just closed (it may take a moment to be reaped); None if it runs on."""
    try:
        return proc.wait(timeout=1.0)
    except subprocess.TimeoutExpired:
        return None


def _describe(request: dict) -> str:
    texts = request.get("texts") or [request.get("text") or ""]
    return f"{len(texts)} text(s), {sum(len(t) for t in texts)} characters"


def _describe_exit(code: int | None) -> str:
    if code is None:
        return "still running, killed"
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit code {code}"


# -- the child's side ------------------------------------------------------------
def _limit_memory(memory_mb: int) -> None:
    import resource

    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            mapped = int(fh.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return
    limit = mapped + memory_mb * 1024 * 1024
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ValueError, OSError):
        pass


PARENT_CHECK_S = 0.5


def _exit_with_parent(parent: int) -> None:
    """Exit as soon as process ``parent`` (the service) is gone, whatever this process is doing.

    When the parent dies the child is handed to init (or a subreaper), so its parent pid
    changes. Checked in a daemon thread: the engine releases the GIL while it computes.
    """
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_S)
        os._exit(0)

    if parent > 0:
        threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _serve(name: str, allow_download: bool, threads: int, memory_mb: int) -> int:
    # Replies go to a private copy of stdout; anything a library prints lands on stderr
    # (the service log) instead of corrupting the frames.
    out = os.dup(1)
    os.dup2(2, 1)
    inp = 0

    def send(header: dict, data: bytes | None = None) -> None:
        frames = [json.dumps(header).encode("utf-8")] + ([data] if data is not None else [])
        _write_blocking(out, b"".join(_LENGTH.pack(len(f)) + f for f in frames))

    from ingest.embed import make_embedder

    try:
        embedder = make_embedder(name, allow_download)
        _set_threads(threads)
        vector = embedder.embed_query("opwarmen")
        dim = len(vector)
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which raises EmbedderError
        send({"ok": False, "error": type(exc).__name__, "message": str(exc)})
        return 1
    _limit_memory(memory_mb)
    send({"ok": True, "ready": True, "dim": dim})
    while True:
        head = _read_blocking(inp, 4)
        if head is None:
            return 0  # the service closed the pipe: stop
        (length,) = _LENGTH.unpack(head)
        body = _read_blocking(inp, length) if length <= MAX_FRAME else None
        if body is None:
            return 1
        _write_blocking(out, b"\0\0\0\0")  # read: from here on, a crash may be this request's doing
        try:
            request = json.loads(body)
            if request.get("op") == "count":
                count = embedder.token_count(request["text"], bool(request.get("query"))) \
                    if hasattr(embedder, "token_count") else len(request["text"].split())
                send({"ok": True, "count": int(count)})
                continue
            texts = request["texts"]
            if request.get("query"):
                matrix = np.asarray(embedder.embed_queries(texts), dtype="<f4")  # type: ignore[attr-defined]  # every embedder in EMBEDDERS has it
            else:
                matrix = np.asarray(embedder.embed_documents(texts), dtype="<f4")
            send({"ok": True, "rows": int(matrix.shape[0]), "dim": int(matrix.shape[1])}, matrix.tobytes())
        except MemoryError:
            raise  # over the memory cap: die, the parent starts a fresh worker
        except Exception as exc:  # noqa: BLE001 - one bad request, the worker goes on
            send({"ok": False, "error": type(exc).__name__, "message": " ".join(str(exc).split())[:300]})


def _set_threads(threads: int) -> None:
    try:
        import torch

        torch.set_num_threads(threads)
    except ImportError:
        pass


def _write_blocking(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _read_blocking(fd: int, n: int) -> bytes | None:
    chunks, got = [], 0
    while got < n:
        chunk = os.read(fd, n - got)
        if not chunk:
            return None
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m ingest.isolate", description="an embedding worker (started by the service)")
    parser.add_argument("name")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--memory-mb", type=int, default=2048)
    parser.add_argument("--allow-download", action="store_true")
    parser.add_argument("--parent", type=int, default=0, help="the service's pid: exit when it is gone")
    args = parser.parse_args(argv)
    # Set before any engine loads: OpenMP and BLAS read these once.
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(args.threads)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C in a terminal reaches the service, which stops us
    _exit_with_parent(args.parent)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="%(asctime)s %(levelname)s embed-worker: %(message)s")
    return _serve(args.name, args.allow_download, args.threads, args.memory_mb)


if __name__ == "__main__":
    sys.exit(main())
