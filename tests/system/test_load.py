"""Concurrent users: the load script against a real `vraagbaak serve` on loopback, hostile requests mixed in,
and the embedding workers killed (SIGKILL) twice during the run."""

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from tests.servers import REPO, Server, assert_healthy, clean_env, free_port, rss_mb, vraagbaak, worker_pids

pytestmark = [pytest.mark.server, pytest.mark.slow]


def test_sixteen_clients_without_errors(corpus_settings, tmp_path):
    import shutil

    data = tmp_path / "data"
    shutil.copytree(corpus_settings.data_dir, data)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = Server(vraagbaak("serve", "--host", "127.0.0.1", "--port", str(port), "--no-progress"), tmp_path / "serve.log",
                    clean_env(VRAAGBAAK_DATA_DIR=data))
    seconds = 60  # the target: 16 clients for 60 s
    try:
        server.wait_for(base + "/api/health", 180)
        load = subprocess.Popen([sys.executable, str(REPO / "benchmarks" / "load.py"), "--url", base, "--clients", "16",
                                 "--seconds", str(seconds), "--bad-share", "0.25", "--json"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        memory = []  # (seconds since start, MB) of the service and its embedding workers
        kills = [20, 40]  # seconds into the run: both workers killed, as an operator or the OOM killer would
        killed: list[int] = []
        started = time.monotonic()
        while load.poll() is None and time.monotonic() - started < seconds + 120:
            if kills and time.monotonic() - started >= kills[0]:
                kills.pop(0)
                for pid in worker_pids(server.proc.pid):
                    os.kill(pid, signal.SIGKILL)
                    killed.append(pid)
            memory.append((time.monotonic() - started, rss_mb(server.proc.pid)))
            time.sleep(2)
        out, err = load.communicate(timeout=60)
        assert load.returncode == 0, err
        result = json.loads(out.strip().splitlines()[-1])
        print(f"\nload: {result}\nmemory (MB): {[round(m) for _, m in memory]}")
        assert result["errors"] == 0, result
        assert result["requests"] > 16 and result["bad_requests"] > 16
        assert not [s for s in result["statuses"] if s.startswith("5") and s != "503"], result["statuses"]
        # The killed workers were replaced, and no request was answered "tijdelijk niet beschikbaar".
        assert len(killed) >= 4 and len(worker_pids(server.proc.pid)) == 2
        assert not set(worker_pids(server.proc.pid)) & set(killed)
        log_text = server.log.read_text(errors="replace")
        assert "engine unavailable" not in log_text and "Traceback" not in log_text, log_text[-3000:]
        assert log_text.count("killed (SIGKILL) during a request") + log_text.count("had exited") \
            + log_text.count("was gone") >= 1
        # Flat memory: the last third of the run holds no more than the first third plus a margin
        # (the first seconds load caches; a leak of a slot, a session or a buffer per request grows).
        third = len(memory) // 3
        early, late = max(m for _, m in memory[:third]), max(m for _, m in memory[-third:])
        assert late - early < 150, memory
        assert_healthy(base)
    finally:
        server.stop()
