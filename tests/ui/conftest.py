"""Fixtures for the web app tests: one ingested corpus per session, the app, a live server."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "tests" / "artifacts"


def _copy_settings(corpus_settings, tmp_path_factory, name: str):
    """Settings on a private copy of the session index: the app writes feedback and its temp dir there."""
    data_dir = tmp_path_factory.mktemp(name) / "data"
    shutil.copytree(corpus_settings.data_dir, data_dir)
    return corpus_settings.model_copy(update={"data_dir": data_dir})


@pytest.fixture(scope="session")
def ui_settings(corpus_settings, tmp_path_factory):
    """``corpus_settings`` (tests/conftest.py) on a copy of its index, for the in-process app."""
    return _copy_settings(corpus_settings, tmp_path_factory, "ui")


@pytest.fixture(scope="session")
def app(ui_settings):
    from ui.app import create_app

    return create_app(ui_settings)


@pytest.fixture(scope="session")
def client(app):
    from fastapi.testclient import TestClient

    with TestClient(app) as test_client:
        yield test_client


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def live_server(corpus_settings, tmp_path_factory):
    """`vraagbaak serve` as a real subprocess on a free loopback port, with its own copy of the index.

    A copy of the index of its own: two processes should not share one Chroma directory.
    """
    data_dir = _copy_settings(corpus_settings, tmp_path_factory, "served").data_dir
    port = _free_port()
    log_path = data_dir.parent / "serve.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith("VRAAGBAAK_")}
    env.update(VRAAGBAAK_DATA_DIR=str(data_dir), VRAAGBAAK_CORPUS_DIR=str(REPO / "corpus"), VRAAGBAAK_LOG_LEVEL="INFO")
    script = Path(sys.executable).parent / "vraagbaak"  # the installed console script
    command = [str(script)] if script.exists() else [sys.executable, "-m", "ui.cli"]
    command += ["serve", "--host", "127.0.0.1", "--port", str(port), "--no-progress"]
    with log_path.open("wb") as log_file:
        proc = subprocess.Popen(command, cwd=REPO, env=env, stdout=log_file, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None:
                pytest.fail(f"vraagbaak serve exited with {proc.returncode}:\n{log_path.read_text(errors='replace')[-3000:]}")
            try:
                with urllib.request.urlopen(base + "api/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"vraagbaak serve not healthy after 120 s:\n{log_path.read_text(errors='replace')[-3000:]}")
            time.sleep(0.3)
        yield {"url": base, "port": port, "data_dir": data_dir, "log": log_path}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
