"""The real `vraagbaak serve` process over HTTP, with raw (un-normalised) request paths."""

from __future__ import annotations

import http.client
import json

import pytest

pytestmark = [pytest.mark.server, pytest.mark.slow]

RAW_PATHS = [
    "/gradio_api/file=/etc/passwd",
    "/gradio_api/file=../../../../../../etc/passwd",
    "/gradio_api/file=/proc/self/environ",
    "/static/../../../../../../../etc/passwd",
    "/assets/../../../../../../../etc/passwd",
    "/svelte/../../../../../../../etc/passwd",
    "/../../../../etc/passwd",
    "/gradio_api/../../../etc/passwd",
    "/widget/../../../../etc/passwd",
    "/api/passage/..%2F..%2F..%2Fetc%2Fpasswd",
]


def _get(port: int, path: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path)  # sent exactly as written: no dot-segment removal
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


@pytest.mark.parametrize("path", RAW_PATHS)
def test_raw_traversal_paths_return_no_files(live_server, path):
    status, body = _get(live_server["port"], path)
    assert status in (400, 403, 404, 422), (path, status)
    assert b"root:" not in body and b"PATH=" not in body


def test_index_and_feedback_files_are_not_served(live_server):
    for target in (live_server["data_dir"] / "index" / "current.json", live_server["data_dir"] / "feedback.sqlite3"):
        status, body = _get(live_server["port"], f"/gradio_api/file={target}")
        assert status == 404 and b"version" not in body and b"SQLite" not in body


def test_curl_example_from_the_issue(live_server):
    conn = http.client.HTTPConnection("127.0.0.1", live_server["port"], timeout=30)
    conn.request("POST", "/api/ask", body=json.dumps({"question": "Welke KPI's horen bij ambitielijn 3?"}),
                 headers={"content-type": "application/json"})
    answer = json.loads(conn.getresponse().read())
    assert len(answer["citations"]) == 3 and answer["answer"].count("„") == 3
    conn.request("POST", "/api/ask", body=b'{"question": 42}', headers={"content-type": "application/json"})
    response = conn.getresponse()
    assert response.status == 422 and json.loads(response.read())["error"] == "invalid request"
    conn.close()


def test_web_chat_benchmark_runs_against_the_real_server(live_server):
    """benchmarks/webchat.py (the numbers in the README) still drives the chat through Gradio's queue."""
    import subprocess
    import sys

    from tests.servers import REPO

    result = subprocess.run([sys.executable, str(REPO / "benchmarks" / "webchat.py"), "--url", live_server["url"],
                             "--browsers", "2", "--seconds", "2", "--json"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    numbers = json.loads(result.stdout.strip().splitlines()[-1])
    assert numbers["answers"] >= 2 and numbers["failures"] == {} and numbers["frames_per_answer"] == 1.0
