"""The second audit's findings (issue 22, SECURITY.md) against a real `vraagbaak serve` on loopback."""

from __future__ import annotations

import os
import signal
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.servers import assert_healthy, worker_pids
from tests.system.test_security import request

pytestmark = [pytest.mark.server, pytest.mark.slow]


def _state(pid: int) -> str:
    """The process state letter from /proc ("Z" for a zombie), or "" when it is gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return ""


# -- N1: a replacement worker outlives the request thread that started it ------------
def test_a_replacement_worker_survives_its_starting_thread(served):
    port, pid = served["port"], served["pid"]
    workers = worker_pids(pid)
    assert len(workers) == 2, workers
    os.kill(workers[0], signal.SIGKILL)
    time.sleep(0.3)
    # The next requests that need a worker start the replacement in a request thread.
    for _ in range(2):
        status, _, body = request(port, "POST", "/api/check", {"sentence": "leren voor werkenden"})
        assert status == 200, body[:200]
    with ThreadPoolExecutor(30) as pool:  # more request threads, so the one that started it goes idle
        statuses = list(pool.map(lambda _: request(port, "GET", "/api/catalog")[0], range(30)))
    assert set(statuses) == {200}
    replacements = [p for p in worker_pids(pid) if p not in workers]
    assert replacements, worker_pids(pid)
    time.sleep(14)  # past the idle time after which anyio retires a worker thread (10 s)
    # anyio retires idle threads when the next calls come in: all but the one it reuses.
    for _ in range(3):
        assert request(port, "GET", "/api/catalog")[0] == 200
    time.sleep(1)
    for new in replacements:
        assert _state(new) not in ("", "Z"), (new, _state(new))
    assert len(worker_pids(pid)) == 2
    log_before = served["log"].read_text(errors="replace")
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda i: request(port, "POST", "/api/check", {"sentence": f"leren voor werkenden {i}"}),
                                range(50)))
    assert [s for s, _, _ in results] == [200] * 50, [(s, b[:100]) for s, _, b in results if s != 200]
    for new in replacements:
        assert _state(new) not in ("", "Z")
    added = served["log"].read_text(errors="replace")[len(log_before):]
    assert "had exited" not in added and "was gone" not in added, added[-2000:]
    assert_healthy(served["base"])


# -- N5: unknown Gradio events -------------------------------------------------------
@pytest.mark.parametrize("fn_index", [-1, 999, 10**30, True, None, "0"])
def test_unknown_gradio_events_get_a_422_without_a_traceback(served, fn_index):
    log_before = served["log"].read_text(errors="replace")
    status, headers, body = request(served["port"], "POST", "/gradio_api/queue/join",
                                    {"data": [], "fn_index": fn_index, "session_hash": "abcdefghijk"})
    assert status == 422 and headers["content-type"].startswith("application/json"), (status, body[:200])
    added = served["log"].read_text(errors="replace")[len(log_before):]
    assert "Traceback" not in added
    assert_healthy(served["base"])


# -- N11: Gradio's sign-in routes and forwarded hosts --------------------------------------
def test_gradio_login_routes_are_closed_and_forwarded_hosts_ignored(served):
    port = served["port"]
    for path in ("/logout", "/login", "/gradio_api/logout"):
        status, headers, _ = request(port, "GET", path, headers={"X-Forwarded-Host": "evil.example"})
        assert status == 404 and "evil.example" not in headers.get("location", ""), (path, status, headers)
    for path in ("/", "/config", "/gradio_api/info"):
        status, headers, body = request(port, "GET", path, headers={"X-Forwarded-Host": "evil.example"})
        assert status in (200, 404) and b"evil.example" not in body and "evil.example" not in str(headers), path


# -- N4: idle sockets cannot keep everyone else out --------------------------------------------
def test_hundreds_of_idle_sockets_do_not_lock_out_other_clients(served):
    import socket
    import threading

    port = served["port"]
    stop = threading.Event()
    opened = [0]

    def hold():  # 260 idle sockets, each reopened as soon as the server closes it
        socks = [socket.create_connection(("127.0.0.1", port), timeout=15) for _ in range(260)]
        opened[0] += len(socks)
        for s in socks:
            s.setblocking(False)
        while not stop.is_set():
            for i, s in enumerate(socks):
                try:
                    if s.recv(1) == b"":
                        raise ConnectionResetError
                except BlockingIOError:
                    continue
                except OSError:
                    s.close()
                    socks[i] = socket.create_connection(("127.0.0.1", port), timeout=15)
                    socks[i].setblocking(False)
                    opened[0] += 1
            time.sleep(0.05)
        for s in socks:
            s.close()

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        time.sleep(1.0)
        statuses = []
        deadline = time.monotonic() + 9
        while time.monotonic() < deadline:
            statuses.append(request(port, "GET", "/api/health", timeout=5)[0])
            time.sleep(0.3)
    finally:
        stop.set()
        holder.join(30)
    print(f"\n{opened[0]} idle sockets opened; health: {statuses.count(200)}/{len(statuses)} 200")
    assert statuses and set(statuses) == {200}, statuses
    assert_healthy(served["base"])


def test_workers_exit_when_the_service_is_killed(tmp_path):
    """Without PR_SET_PDEATHSIG: a worker notices its parent's death by itself, even while busy."""
    import subprocess
    import sys

    script = ("import time\nfrom ingest.isolate import WorkerEmbeddings\n"
              "pool = WorkerEmbeddings('e5-small-nano', workers=1)\npool.start()\nprint(pool.pids()[0], flush=True)\n"
              "time.sleep(600)\n")
    service = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=tmp_path,
                               env={**os.environ})
    try:
        worker = int(service.stdout.readline())
        assert _state(worker) not in ("", "Z")
        service.kill()  # SIGKILL: no atexit, no closing of pipes by the service itself
        service.wait(10)
        deadline = time.monotonic() + 5
        while _state(worker) not in ("", "Z") and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _state(worker) in ("", "Z"), "the worker outlived the service"
    finally:
        service.kill()
