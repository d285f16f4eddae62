"""Scale-out: two app processes share one index on a real Chroma server."""

import json
import shutil
import subprocess
import time
import urllib.request

import pytest

from tests.servers import REPO, Server, chroma, clean_env, free_port, status_of, vraagbaak

pytestmark = [pytest.mark.server, pytest.mark.slow]


def ask(base: str, question: str) -> tuple[int, dict]:
    request = urllib.request.Request(base + "/api/ask", data=json.dumps({"question": question}).encode(),
                                     headers={"content-type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")


def test_two_app_processes_share_one_chroma_server(tmp_path):
    chroma_port = free_port()
    chroma_url = f"http://127.0.0.1:{chroma_port}"
    chroma_dir = tmp_path / "chroma"
    servers: list[Server] = []
    try:
        db = Server(chroma(chroma_dir, chroma_port), tmp_path / "chroma.log", clean_env())
        servers.append(db)
        db.wait_for(chroma_url + "/api/v2/heartbeat", 60)

        # Ingest "elsewhere": its own data dir, pointed at the server.
        corpus = tmp_path / "corpus"
        shutil.copytree(REPO / "corpus", corpus)
        ingest_env = clean_env(VRAAGBAAK_CHROMA_URL=chroma_url, VRAAGBAAK_DATA_DIR=tmp_path / "ingest-data",
                               VRAAGBAAK_CORPUS_DIR=corpus)
        done = subprocess.run(vraagbaak("ingest", "--no-progress"), cwd=REPO, env=ingest_env, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr

        apps = []
        for name in ("app1", "app2"):
            port = free_port()
            env = clean_env(VRAAGBAAK_CHROMA_URL=chroma_url, VRAAGBAAK_DATA_DIR=tmp_path / name, VRAAGBAAK_INDEX_POLL_S=0.5)
            server = Server(vraagbaak("serve", "--host", "127.0.0.1", "--port", str(port), "--no-progress"), tmp_path / f"{name}.log", env)
            servers.append(server)
            apps.append(f"http://127.0.0.1:{port}")
        for server, base in zip(servers[1:], apps):
            server.wait_for(base + "/api/health", 180)

        versions = set()
        for base in apps:
            status, answer = ask(base, "Welke KPI's horen bij ambitielijn 3?")
            assert status == 200 and len(answer["citations"]) == 3
            versions.add(json.loads(urllib.request.urlopen(base + "/api/health", timeout=5).read())["index_version"])
        assert len(versions) == 1

        # A new document, ingested elsewhere, becomes visible to both after the switch.
        (corpus / "fietsbrug-fictief.md").write_text(
            "# Project Zoemende Fietsbrug Fictiefdorp\n\nAmbitielijn: 3\n\n"
            "Een verzonnen project: een zoemende fietsbrug over de Fictiefbeek verbindt twee fietsroutes.\n",
            encoding="utf-8",
        )
        done = subprocess.run(vraagbaak("ingest", "--no-progress"), cwd=REPO, env=ingest_env, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr
        for base in apps:
            deadline = time.monotonic() + 30
            while True:
                status, answer = ask(base, "Wat is de zoemende fietsbrug over de Fictiefbeek?")
                if status == 200 and any("Fictiefbeek" in c["quote"] for c in answer["citations"]):
                    break
                assert time.monotonic() < deadline, answer
                time.sleep(0.5)

        # The Chroma server goes away: a Dutch message and 503 once the apps poll it (every 0.5 s here),
        # then recovery without a restart.
        db.stop()
        time.sleep(1.0)
        for base in apps:
            status, answer = ask(base, "Welke acties vallen onder ambitielijn 2?")
            assert status == 503, answer
            assert "niet bereikbaar" in json.dumps(answer, ensure_ascii=False)
            assert status_of(base + "/api/health") == 503
        db = Server(chroma(chroma_dir, chroma_port), tmp_path / "chroma.log", clean_env())
        servers[0] = db
        db.wait_for(chroma_url + "/api/v2/heartbeat", 60)
        for base in apps:
            deadline = time.monotonic() + 30
            while True:
                status, answer = ask(base, "Welke acties vallen onder ambitielijn 2?")
                if status == 200:
                    break
                assert time.monotonic() < deadline, answer
                time.sleep(0.5)
            assert len(answer["citations"]) == 5
    finally:
        for server in reversed(servers):
            server.stop()
