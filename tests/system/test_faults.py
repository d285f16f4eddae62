"""Faults: read-only and full data directories leave the current index untouched and answering."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VRAAGBAAK = [sys.executable, "-m", "ui.cli"]


def run(args, data_dir, **kw):
    env = {**os.environ, "VRAAGBAAK_DATA_DIR": str(data_dir), "VRAAGBAAK_CORPUS_DIR": str(ROOT / "corpus")}
    return subprocess.run(VRAAGBAAK + args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, **kw)


@pytest.fixture()
def tmpfs(tmp_path):
    """A small tmpfs mount (needs root and mount rights; skipped elsewhere)."""
    mounts = []

    def make(size: str) -> Path:
        path = tmp_path / f"mnt-{uuid.uuid4().hex[:6]}"
        path.mkdir()
        result = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True, text=True)
        if result.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here: {result.stderr.strip()}")
        mounts.append(path)
        return path

    yield make
    for path in mounts:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


def snapshot(data_dir):
    status = run(["status", "--json"], data_dir)
    catalog = run(["catalog", "--json"], data_dir)
    assert status.returncode == 0 and catalog.returncode == 0, status.stderr + catalog.stderr
    return json.loads(status.stdout), json.loads(catalog.stdout)


@pytest.mark.slow
def test_read_only_data_dir(tmpfs):
    mount = tmpfs("64m")
    data = mount / "data"
    assert run(["ingest", "--no-progress"], data).returncode == 0
    before = snapshot(data)
    subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
    result = run(["ingest", "--rebuild", "--no-progress"], data)
    assert result.returncode == 1
    line = result.stderr.strip().splitlines()[-1]
    assert "Read-only file system" in line and "Traceback" not in result.stderr
    assert snapshot(data) == before
    asked = run(["ask", "--json", "Welke KPI's horen bij ambitielijn 3?"], data)
    assert asked.returncode == 0 and len(json.loads(asked.stdout)["citations"]) == 3


@pytest.mark.slow
def test_full_data_dir(tmpfs):
    mount = tmpfs("1600k")  # room for one version of the bundled corpus, not for two
    data = mount / "data"
    first = run(["ingest", "--no-progress"], data)
    if first.returncode != 0:
        pytest.skip(f"the first index does not fit this tmpfs: {first.stderr[-200:]}")
    before = snapshot(data)
    result = run(["ingest", "--rebuild", "--no-progress"], data)
    assert result.returncode == 1
    line = result.stderr.strip().splitlines()[-1]
    assert "Cannot write the new index version" in line and "current index is unchanged" in line
    assert "Traceback" not in result.stderr
    # Nothing half-written is left next to the current version.
    assert [p.name for p in (data / "index" / "versions").iterdir()] == [before[0]["index_version"]]
    assert snapshot(data) == before
