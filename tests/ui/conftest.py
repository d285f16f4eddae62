"""Fixtures for the web app tests: one ingested corpus per session, the app, a live server."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.servers import Server, clean_env, free_port, vraagbaak

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


@pytest.fixture(scope="session")
def live_server(corpus_settings, tmp_path_factory):
    """`vraagbaak serve` as a real subprocess on a free loopback port, with its own copy of the index.

    A copy of the index of its own: two processes should not share one Chroma directory.
    """
    data_dir = _copy_settings(corpus_settings, tmp_path_factory, "served").data_dir
    port = free_port()
    env = clean_env(VRAAGBAAK_DATA_DIR=data_dir, VRAAGBAAK_CORPUS_DIR=REPO / "corpus", VRAAGBAAK_LOG_LEVEL="INFO")
    log_path = data_dir.parent / "serve.log"
    server = Server(vraagbaak("serve", "--host", "127.0.0.1", "--port", str(port), "--no-progress"), log_path, env)
    base = f"http://127.0.0.1:{port}/"
    try:
        server.wait_for(base + "api/health", 120)
        yield {"url": base, "port": port, "data_dir": data_dir, "log": log_path}
    finally:
        server.stop()


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium through Playwright, once per session (never `playwright install`)."""
    import os

    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing: .ci/run must install Debian's chromium")
        pytest.skip("Debian's Chromium is not installed (apt-get install chromium)")
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
