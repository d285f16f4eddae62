"""Concurrent users: the load script against a real `vraagbaak serve` on loopback."""

import json
import subprocess
import sys

import pytest

from tests.servers import REPO, Server, clean_env, free_port, vraagbaak

pytestmark = [pytest.mark.server, pytest.mark.slow]


def test_sixteen_clients_without_errors(corpus_settings, tmp_path):
    import shutil

    data = tmp_path / "data"
    shutil.copytree(corpus_settings.data_dir, data)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = Server(vraagbaak("serve", "--host", "127.0.0.1", "--port", str(port), "--no-progress"), tmp_path / "serve.log",
                    clean_env(VRAAGBAAK_DATA_DIR=data))
    seconds = "60"  # the target: 16 clients for 60 s
    try:
        server.wait_for(base + "/api/health", 180)
        out = subprocess.run([sys.executable, str(REPO / "benchmarks" / "load.py"), "--url", base, "--clients", "16",
                              "--seconds", seconds, "--json"], capture_output=True, text=True, timeout=float(seconds) + 120)
        assert out.returncode == 0, out.stderr
        result = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"\nload: {result}")
        assert result["errors"] == 0, result
        assert result["requests"] > 16
    finally:
        server.stop()
