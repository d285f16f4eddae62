"""`vraagbaak serve`: ingest first when there is no index, then run uvicorn (orchestration only)."""

from __future__ import annotations

import types

import pytest

from ui import cli


@pytest.fixture
def calls(monkeypatch):
    seen: dict = {"ingest": 0}
    import uvicorn

    import ingest.pipeline
    import ui.app

    def fake_ingest(settings, progress=True, **kwargs):
        seen["ingest"] += 1
        return types.SimpleNamespace(status="nothing")

    monkeypatch.setattr(ingest.pipeline, "ingest", fake_ingest)
    monkeypatch.setattr(ui.app, "create_app", lambda settings: seen.setdefault("app", ("app", settings.data_dir)))
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.setdefault("run", (app, kw)))
    return seen


def test_serve_runs_on_an_existing_index_without_ingesting(calls, monkeypatch, ui_settings):
    monkeypatch.setenv("VRAAGBAAK_DATA_DIR", str(ui_settings.data_dir))
    assert cli.main(["serve", "--port", "7999", "--host", "127.0.0.2"]) == 0
    assert calls["ingest"] == 0
    app, kwargs = calls["run"]
    assert app == ("app", ui_settings.data_dir) and kwargs["host"] == "127.0.0.2" and kwargs["port"] == 7999
    # The connection limits of ui/serving.py are passed on.
    assert kwargs["limit_concurrency"] == 256 and kwargs["timeout_keep_alive"] == 5
    assert kwargs["http"].__name__.startswith("ReadDeadline")


def test_serve_ingests_first_and_stops_with_one_line_when_nothing_was_read(calls, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("VRAAGBAAK_DATA_DIR", str(tmp_path / "empty"))
    assert cli.main(["serve", "--no-progress"]) == 1
    assert calls["ingest"] == 1 and "run" not in calls
    assert capsys.readouterr().err.startswith("vraagbaak: nothing to serve")


def test_serve_defaults():
    args = cli.build_parser().parse_args(["serve"])
    assert (args.host, args.port) == ("127.0.0.1", 7860)


@pytest.mark.parametrize("base", ["httptools", "h11"])
def test_read_deadline_closes_silent_connections_and_keeps_working_ones(base, monkeypatch):
    import socket
    import threading
    import time

    import uvicorn

    from tests.servers import free_port
    from ui import serving

    if base == "httptools":
        from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol as protocol
    else:
        from uvicorn.protocols.http.h11_impl import H11Protocol as protocol
    monkeypatch.setattr(serving, "REQUEST_READ_S", 0.5)

    async def app(scope, receive, send):
        if scope["type"] != "http":
            return
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"2")]})
        await send({"type": "http.response.body", "body": b"ok"})

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error",
                                           http=serving._with_read_deadline(protocol), timeout_keep_alive=30))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        silent = socket.create_connection(("127.0.0.1", port), timeout=5)
        working = socket.create_connection(("127.0.0.1", port), timeout=5)
        working.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        assert working.recv(1024).startswith(b"HTTP/1.1 200")
        started = time.monotonic()
        assert silent.recv(1) == b""  # closed by the server after the deadline
        assert 0.3 < time.monotonic() - started < 3
        assert working.recv(1) == b""  # idle after its response: the next request is due within the deadline too
        silent.close()
        working.close()
    finally:
        server.should_exit = True
        thread.join(10)
