"""The ``vraagbaak`` console script: ingest, status, catalog and their exit codes (in process); a SIGKILL mid-ingest (a real process)."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.ingest.helpers import (
    CORPUS_TXT,
    FIXTURE_PDF,
    PROJECTS,
    REPO,
    assert_published_counts,
    cli_env,
    corpus_norm,
    norm,
    run_cli,
    vraagbaak_command,
)

STATUS_KEYS = {"chunks", "documents", "embedder", "dimension", "index_version", "created"}
ITEM_KEYS = {"source", "title", "ambitielijn", "kind", "text", "page", "item_index"}


@pytest.fixture
def data_dir(corpus_settings, tmp_path) -> Path:
    """A private copy of the session's corpus index."""
    target = tmp_path / "data"
    shutil.copytree(corpus_settings.data_dir, target)
    return target


def versions(data_dir: Path) -> list[str]:
    return sorted(p.name for p in (data_dir / "index" / "versions").iterdir())


def test_status_json(data_dir, cli):
    status = json.loads(cli(["status", "--json"], DATA_DIR=data_dir).out)
    assert set(status) == STATUS_KEYS
    assert status["embedder"] == "e5-small-nano" and status["dimension"] == 384
    assert status["documents"] == 1 and status["chunks"] > 46
    assert status["index_version"] == versions(data_dir)[0]
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", status["created"])


def test_catalog_json(data_dir, cli):
    items = json.loads(cli(["catalog", "--json"], DATA_DIR=data_dir).out)
    assert all(set(item) == ITEM_KEYS for item in items)
    assert_published_counts(items)
    corpus = corpus_norm()
    assert all(norm(item["text"]) in corpus for item in items)
    assert {item["source"] for item in items} == {"competitief-limburg.txt"}
    assert {item["title"] for item in items} == {"Competitief Limburg"}
    kpis = json.loads(cli(["catalog", "--json", "--kind", "kpi", "--ambitielijn", "3"], DATA_DIR=data_dir).out)
    assert [k["text"] for k in kpis] == [
        "Meting van de economische impact van de vrijetijdseconomie",
        "Rangschikking van de import- en exportpositie",
        "Omvang van buitenlandse investeringen en economische activiteit naar Limburg",
    ]


def test_catalog_table(data_dir, cli):
    result = cli(["catalog"], DATA_DIR=data_dir)
    assert result.code == 0
    lines = result.out.strip().splitlines()
    assert lines[0].split() == ["lijn", "nr", "soort", "p.", "tekst"]
    assert [line.split()[1] for line in lines[1:4]] == ["1", "2", "3"]  # the item's number in its list
    assert lines[-1] == "46 items" and len(lines) == 48


def test_second_ingest_says_it_is_current(data_dir, cli):
    before = json.loads(cli(["status", "--json"], DATA_DIR=data_dir).out)
    result = cli(["ingest", "--no-progress"], DATA_DIR=data_dir)
    assert result.code == 0, result.err
    assert "Index is al actueel" in result.out
    assert "Ambitielijn 3: 12 acties, 3 KPI's" in result.out
    assert json.loads(cli(["status", "--json"], DATA_DIR=data_dir).out) == before


def test_ingest_with_broken_files_exit_2(data_dir, tmp_path, cli):
    folder = tmp_path / "map"
    folder.mkdir()
    shutil.copy(CORPUS_TXT, folder)
    data = FIXTURE_PDF.read_bytes()
    (folder / "afgebroken.pdf").write_bytes(data[:20_000])
    (folder / "ruis.pdf").write_bytes(os.urandom(4096))
    (folder / "leeg.md").write_bytes(b"")
    (folder / "latin1.txt").write_bytes("één café".encode("latin-1"))
    result = cli(["ingest", "--no-progress", str(folder)], DATA_DIR=data_dir)
    assert result.code == 2, result.err
    failures = [line for line in result.err.splitlines() if line.startswith("MISLUKT ")]
    assert sorted(line.split(":")[0] for line in failures) == [
        "MISLUKT afgebroken.pdf", "MISLUKT latin1.txt", "MISLUKT leeg.md", "MISLUKT ruis.pdf",
    ]
    assert all(len(line.split(": ", 1)[1]) > 5 for line in failures)
    assert "Traceback" not in result.err
    assert "1 document," in result.out and "Ambitielijn 1: 14 acties, 3 KPI's" in result.out
    assert_published_counts(json.loads(cli(["catalog", "--json"], DATA_DIR=data_dir).out))


def test_ingest_json_report(data_dir, tmp_path, cli):
    folder = tmp_path / "map"
    folder.mkdir()
    (folder / "leeg.txt").write_bytes(b"")
    result = cli(["ingest", "--no-progress", "--json", str(folder)], DATA_DIR=data_dir)
    report = json.loads(result.out)
    assert result.code == 1 == report["exit_code"]
    assert report["status"] == "nothing" and report["failed"] == [{"source": "leeg.txt", "reason": "empty file"}]


def test_nothing_readable_exit_1_and_index_untouched(data_dir, tmp_path, cli):
    folder = tmp_path / "map"
    folder.mkdir()
    (folder / "ruis.pdf").write_bytes(os.urandom(4096))
    (folder / "leeg.txt").write_bytes(b"")
    status = cli(["status", "--json"], DATA_DIR=data_dir).out
    catalog = cli(["catalog", "--json"], DATA_DIR=data_dir).out
    current = (data_dir / "index" / "current.json").read_bytes()
    result = cli(["ingest", "--no-progress", str(folder)], DATA_DIR=data_dir)
    assert result.code == 1
    assert "Niets geïndexeerd" in result.out
    assert "MISLUKT ruis.pdf" in result.err and "MISLUKT leeg.txt" in result.err
    assert (data_dir / "index" / "current.json").read_bytes() == current
    assert cli(["status", "--json"], DATA_DIR=data_dir).out == status
    assert cli(["catalog", "--json"], DATA_DIR=data_dir).out == catalog


def test_no_index_yet(tmp_path, cli):
    for command in (["status", "--json"], ["catalog"]):
        result = cli(command, DATA_DIR=tmp_path / "leeg")
        assert result.code == 1
        assert result.err.strip().count("\n") == 0
        assert "No index" in result.err and "vraagbaak ingest" in result.err


def test_embedder_mismatch_via_cli(data_dir, cli):
    result = cli(["ingest", "--no-progress"], DATA_DIR=data_dir, EMBEDDER="sentence-transformers:/modellen/minilm")
    assert result.code == 1
    message = result.err.strip()
    assert "\n" not in message and "Traceback" not in message
    assert "'e5-small-nano'" in message and "'sentence-transformers:/modellen/minilm'" in message
    assert "vraagbaak ingest --rebuild" in message


def test_unknown_embedder_via_cli(tmp_path, cli):
    result = cli(["ingest", "--no-progress", str(REPO / "tests" / "fixtures" / "projects")], DATA_DIR=tmp_path / "data",
                 EMBEDDER="woord2vec")
    assert result.code == 1
    assert "Unknown embedder 'woord2vec'" in result.err and "e5-small-nano" in result.err
    assert "Traceback" not in result.err


def test_invalid_setting_via_cli(tmp_path, cli):
    result = cli(["status"], DATA_DIR=tmp_path, EMBED_BATCH_SIZE="0")
    assert result.code == 1 and "VRAAGBAAK_EMBED_BATCH_SIZE" in result.err


# -- SIGKILL ------------------------------------------------------------------------------


def _start_rebuild(data_dir: Path, *paths: Path) -> subprocess.Popen:
    return subprocess.Popen(
        vraagbaak_command() + ["ingest", "--rebuild", *map(str, paths)],  # with progress bars: they say where it is
        cwd=REPO,
        env=cli_env(data_dir),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _kill_when(proc: subprocess.Popen, ready, timeout: float = 180) -> None:
    """SIGKILL ``proc`` as soon as ``ready(stderr so far)`` is true."""
    os.set_blocking(proc.stderr.fileno(), False)
    seen = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        chunk = proc.stderr.read()
        if chunk:
            seen += chunk
        if ready(seen):
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
            assert proc.returncode == -signal.SIGKILL
            return
        if proc.poll() is not None:
            pytest.fail(f"ingest ended ({proc.returncode}) before it could be killed:\n{seen.decode(errors='replace')[-2000:]}")
        time.sleep(0.002)
    proc.kill()
    pytest.fail(f"ingest never reached the point to kill it:\n{seen.decode(errors='replace')[-2000:]}")


@pytest.mark.slow
def test_sigkill_mid_ingest_leaves_the_previous_index_answering(data_dir):
    status = run_cli(["status", "--json"], data_dir).stdout
    catalog = run_cli(["catalog", "--json"], data_dir).stdout
    current = (data_dir / "index" / "current.json").read_bytes()
    before = versions(data_dir)

    # 1. Killed while embedding (after the first batch).
    proc = _start_rebuild(data_dir)
    _kill_when(proc, lambda err: re.search(rb"Embedden:[^\r\n]*?\| *([3-9]|\d\d+)/\d+", err) is not None)
    assert (data_dir / "index" / "current.json").read_bytes() == current
    assert run_cli(["status", "--json"], data_dir).stdout == status
    assert run_cli(["catalog", "--json"], data_dir).stdout == catalog

    # 2. Killed while writing the new version (its directory has just appeared). A small
    #    folder, so that it gets there quickly.
    proc = _start_rebuild(data_dir, PROJECTS)
    _kill_when(proc, lambda err: len(versions(data_dir)) > len(before))
    assert len(versions(data_dir)) == 2  # a half-written version is left behind...
    assert (data_dir / "index" / "current.json").read_bytes() == current  # ...but nothing points at it
    assert run_cli(["status", "--json"], data_dir).stdout == status
    assert run_cli(["catalog", "--json"], data_dir).stdout == catalog

    # 3. The next ingest completes and removes the leftover.
    result = run_cli(["ingest", "--no-progress"], data_dir)
    assert result.returncode == 0, result.stderr
    assert versions(data_dir) == before
    assert run_cli(["status", "--json"], data_dir).stdout == status
    assert run_cli(["catalog", "--json"], data_dir).stdout == catalog
