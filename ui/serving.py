"""uvicorn for ``vraagbaak serve``, with connection limits set for a public 2-core service.

* ``LIMIT_CONCURRENCY`` (256) open connections and running requests at most; past that
  uvicorn answers 503 at once. Every open page holds one or two long-lived Gradio event
  streams, so this is roughly how many people can have the app open at the same time;
  the answering itself is limited further in ``ui/app.py``.
* ``KEEP_ALIVE_S`` (5): an idle keep-alive connection is closed after this long.
* ``REQUEST_READ_S`` (10): a connection must deliver a complete request (head and body)
  this soon after it opens, or after its previous response; else it is closed. uvicorn
  itself times out only idle connections that have already served a request, so without
  this a client could hold hundreds of sockets open by sending nothing, or one byte at a
  time.
* ``EVICT_IDLE_AT`` (224): with this many connections open, a new one closes the oldest
  connection that is idle (no request, or only part of its head, since it opened or since
  its last response). Idle sockets count against ``LIMIT_CONCURRENCY``; without this, 257
  of them, reopened whenever closed, kept every other client at 503.
* ``GRACEFUL_SHUTDOWN_S`` (10): on stop, open event streams get this long to finish.

A reverse proxy in front (see README, Security) still does TLS and per-client rate limits.
"""

from __future__ import annotations

import logging

log = logging.getLogger("vraagbaak.serve")

LIMIT_CONCURRENCY = 256
KEEP_ALIVE_S = 5
REQUEST_READ_S = 10.0
GRACEFUL_SHUTDOWN_S = 10
EVICT_IDLE_AT = LIMIT_CONCURRENCY - 32


def _with_read_deadline(base: type) -> type:
    """A uvicorn HTTP protocol class that closes connections which do not send a whole request in time."""

    class ReadDeadline(base):
        _read_timer = None
        _armed_at = 0.0

        def connection_made(self, transport) -> None:
            super().connection_made(transport)
            self._arm_read_deadline()
            self._evict_idle()

        def _idle(self) -> bool:
            cycle = self.cycle
            return (self._read_timer is not None and (cycle is None or cycle.response_complete)
                    and not self.transport.is_closing())

        def _evict_idle(self) -> None:
            connections = self.server_state.connections
            if len(connections) < EVICT_IDLE_AT:
                return
            idle = [c for c in connections if c is not self and isinstance(c, ReadDeadline) and c._idle()]
            if idle:
                oldest = min(idle, key=lambda c: c._armed_at)
                log.debug("%d connections open: closing the oldest idle one", len(connections))
                oldest.transport.close()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if not self.transport.is_closing():
                self._arm_read_deadline()

        def connection_lost(self, exc) -> None:
            self._disarm_read_deadline()
            super().connection_lost(exc)

        def handle_websocket_upgrade(self, *args) -> None:
            # The transport now belongs to a WebSocket protocol with its own timeouts.
            self._disarm_read_deadline()
            super().handle_websocket_upgrade(*args)

        def _arm_read_deadline(self) -> None:
            self._disarm_read_deadline()
            self._read_timer = self.loop.call_later(REQUEST_READ_S, self._read_deadline_passed)
            self._armed_at = self.loop.time()

        def _disarm_read_deadline(self) -> None:
            if self._read_timer is not None:
                self._read_timer.cancel()
                self._read_timer = None

        def _read_deadline_passed(self) -> None:
            self._read_timer = None
            cycle = self.cycle
            # No request since the deadline was armed (or the previous one is still the
            # current cycle), or its body is still arriving: close.
            if cycle is None or cycle.response_complete or cycle.more_body:
                if not self.transport.is_closing():
                    self.transport.close()

    ReadDeadline.__name__ = f"ReadDeadline{base.__name__}"
    return ReadDeadline


def http_protocol() -> type:
    """httptools' protocol when installed (uvicorn's default choice), else h11's, with the read deadline."""
    try:
        from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

        return _with_read_deadline(HttpToolsProtocol)
    except ImportError:
        from uvicorn.protocols.http.h11_impl import H11Protocol

        return _with_read_deadline(H11Protocol)


def run(app, host: str, port: int, log_level: str) -> None:
    import uvicorn

    uvicorn.run(
        app, host=host, port=port, log_level=log_level, access_log=False, server_header=False,
        http=http_protocol(), limit_concurrency=LIMIT_CONCURRENCY, timeout_keep_alive=KEEP_ALIVE_S,
        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_S,
    )
