"""The question log's budgets and the editors' page (issue 22: N3, N6, N7, N8, N14) against a real `vraagbaak serve`."""

from __future__ import annotations

import json
import shutil
import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone

import pytest

from tests.servers import REPO, Server, assert_healthy, clean_env, free_port, vraagbaak
from tests.system.test_security import request

pytestmark = [pytest.mark.server, pytest.mark.slow]

TOKEN = "Kx9-fQ2_mZ7pLw4RtY8vBn3H"


@pytest.fixture(scope="module")
def editors(corpus_settings, tmp_path_factory):
    """`vraagbaak serve` with the question log on and an admin token: {"base", "port", "data_dir", "log"}."""
    root = tmp_path_factory.mktemp("editors")
    data_dir = root / "data"
    shutil.copytree(corpus_settings.data_dir, data_dir)
    port = free_port()
    env = clean_env(VRAAGBAAK_DATA_DIR=data_dir, VRAAGBAAK_CORPUS_DIR=REPO / "corpus", VRAAGBAAK_QUESTION_LOG="true",
                    VRAAGBAAK_ADMIN_TOKEN=TOKEN)
    server = Server(vraagbaak("serve", "--host", "127.0.0.1", "--port", str(port), "--no-progress"), root / "serve.log", env)
    base = f"http://127.0.0.1:{port}"
    try:
        server.wait_for(base + "/api/health", 180)
        yield {"base": base, "port": port, "data_dir": data_dir, "log": root / "serve.log"}
    finally:
        server.stop()


def bearer(token: str = TOKEN) -> dict:
    return {"Authorization": f"Bearer {token}"}


def logged(data_dir) -> list[tuple[str, int]]:
    with sqlite3.connect(data_dir / "questions.sqlite3") as conn:
        return conn.execute("SELECT question, times FROM questions ORDER BY id").fetchall()


# -- N3: question-log budgets, and a report of 25,000 rows in seconds ---------------------
def test_anonymous_clients_cannot_fill_the_question_log(editors):
    port = editors["port"]
    before = len(logged(editors["data_dir"])) if (editors["data_dir"] / "questions.sqlite3").exists() else 0

    def ask(i):
        status, _, body = request(port, "POST", "/api/ask", {"question": f"Hoeveel kost brug {i} in 2031?"})
        return status, json.loads(body).get("answerable")

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(ask, range(200)))
    assert {s for s, _ in results} == {200}
    unanswered = sum(a in ("nee", "deels") for _, a in results)
    assert unanswered > 100, results[:5]
    rows = logged(editors["data_dir"])
    new = rows[before:]
    assert 0 < len(new) <= 2 * 30, len(new)  # 30 new rows a minute (the run may straddle two minutes)
    # A repeat of a stored question (any case, spacing, closing mark) adds to its row.
    first = new[0][0]
    for variant in (first, first.upper(), "  " + first.rstrip("?") + " ?!"):
        assert request(port, "POST", "/api/ask", {"question": variant})[0] == 200
    rows = logged(editors["data_dir"])
    assert len(rows) == before + len(new)
    assert dict(rows)[first] == 4
    assert "not storing new questions" in editors["log"].read_text(errors="replace")


def test_a_report_of_25000_rows_builds_in_seconds(editors):
    from chatbot.questionlog import QuestionLog

    path = editors["data_dir"] / "questions.sqlite3"
    QuestionLog(path).rows()
    with QuestionLog(path)._connect():  # the table, as the service makes it
        pass
    now = datetime.now(timezone.utc)
    rows = []
    for i in range(25_000):
        moment = (now - timedelta(minutes=i)).isoformat(timespec="seconds")
        question = f"Hoeveel kost brug {i % 12_000} in {2030 + i % 7}?"  # 12,000 x 7: nearly all distinct
        rows.append((moment, question, "nee", "unknown_number", 1, moment, question.casefold().rstrip("?")))
    with sqlite3.connect(path) as conn:
        conn.executemany("INSERT INTO questions (created, question, answerable, reason, times, last, qkey) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    timings = []
    for _ in range(2):
        started = time.monotonic()
        status, _, body = request(editors["port"], "GET", "/beheer/rapport.json", headers=bearer(), timeout=300)
        timings.append(time.monotonic() - started)
        assert status == 200, body[:300]
    report = json.loads(body)
    print(f"\nreport of {report['total']} asks: first {timings[0]:.2f} s, then {timings[1]:.2f} s; "
          f"{len(report['groups'])} groups, {report['left_out']} asks left out")
    assert report["total"] >= 25_000 and report["left_out"] > 0
    assert sum(g["count"] for g in report["groups"]) + report["left_out"] == report["total"]
    assert timings[0] < 5 and timings[1] < 5
    assert_healthy(editors["base"])
