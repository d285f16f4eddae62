"""Real local servers for tests (loopback only): start a process, wait until it answers, stop it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def status_of(url: str, timeout: float = 2.0) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return None


class Server:
    """A subprocess with its log in a file; ``wait_for`` polls a URL until it answers 200."""

    def __init__(self, command: list[str], log: Path, env: dict | None = None) -> None:
        self.log = log
        self.name = Path(command[0]).name if command[0] != sys.executable else " ".join(command[1:3])
        self._fh = log.open("ab")
        self.proc = subprocess.Popen(command, cwd=REPO, env=env, stdout=self._fh, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL)

    def wait_for(self, url: str, seconds: float = 120.0) -> "Server":
        """Poll ``url`` until it answers 200; fail the test with the log's tail otherwise."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self.stop()
                pytest.fail(f"{self.name} exited with {self.proc.returncode}:\n{self.tail()}")
            if status_of(url) == 200:
                return self
            time.sleep(0.3)
        self.stop()
        pytest.fail(f"{self.name}: {url} not answering after {seconds} s:\n{self.tail()}")

    def tail(self) -> str:
        return self.log.read_text(errors="replace")[-3000:]

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        if not self._fh.closed:
            self._fh.close()


def clean_env(**values) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("VRAAGBAAK_")}
    env["ANONYMIZED_TELEMETRY"] = "False"
    env.update({k: str(v) for k, v in values.items()})
    return env


def vraagbaak(*args: str) -> list[str]:
    script = Path(sys.executable).parent / "vraagbaak"
    return ([str(script)] if script.exists() else [sys.executable, "-m", "ui.cli"]) + list(args)


def chroma(path: Path, port: int) -> list[str]:
    import shutil

    exe = Path(sys.executable).parent / "chroma"
    exe = exe if exe.exists() else Path(shutil.which("chroma") or "chroma")
    return [str(exe), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)]


def worker_pids(pid: int) -> list[int]:
    """The embedding workers (``python -m ingest.isolate``) among the children of process ``pid``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == pid and b"ingest.isolate" in cmdline:
            found.append(int(entry.name))
    return sorted(found)


def rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and all its descendants, in MB (from /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            status = (entry / "status").read_text()
        except OSError:
            continue
        children.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(int(entry.name))
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                rss[int(entry.name)] = int(line.split()[1])
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        total += rss.get(current, 0)
        todo += children.get(current, [])
    return total / 1024


def assert_healthy(base: str) -> None:
    """``/api/health`` answers 200, and fast."""
    started = time.monotonic()
    assert status_of(base + "/api/health", timeout=5) == 200
    assert time.monotonic() - started < 5
