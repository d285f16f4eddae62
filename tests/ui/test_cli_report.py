"""`vraagbaak report` (in process): text, JSON, CSV, --since, retention, bad input."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta, timezone

import pytest

from chatbot.questionlog import QuestionLog
from tests.ingest.helpers import copy_index

NOW = datetime.now(timezone.utc)


@pytest.fixture(scope="module")
def data_dir(corpus_settings, tmp_path_factory):
    settings = copy_index(corpus_settings, tmp_path_factory.mktemp("report") / "data")
    clock = [NOW - timedelta(days=120)]
    qlog = QuestionLog.for_settings(settings, clock=lambda: clock[0])
    qlog.record({"question": "Wie was gouverneur in 1990?", "answerable": "nee"})  # past the 90 days
    clock[0] = NOW - timedelta(days=2)
    for question in ("Wat doet de provincie aan betaalbaar wonen?", "Komen er sociale woningen bij?",
                     "Wat doet de provincie aan betaalbaar wonen?"):
        qlog.record({"question": question, "answerable": "nee", "reason": "no_evidence"})
    clock[0] = NOW - timedelta(hours=1)
    qlog.record({"question": "+31 Hoeveel kost het plan?", "answerable": "deels"})
    return settings.data_dir


def test_report_json_groups_and_purges(data_dir, cli):
    result = cli(["report", "--json"], DATA_DIR=data_dir)
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert report["question_log"] is False and report["total"] == 4
    assert report["log"]["exists"] is True and report["log"]["questions"] == 4
    assert [(g["count"], g["topic"]) for g in report["groups"]] == [
        (3, "Wat doet de provincie aan betaalbaar wonen?"), (1, "+31 Hoeveel kost het plan?")]
    assert report["groups"][0]["reasons"] == {"no_evidence": 3}
    assert report["groups"][0]["questions"] == [{"question": "Wat doet de provincie aan betaalbaar wonen?", "count": 2},
                                               {"question": "Komen er sociale woningen bij?", "count": 1}]
    kept = {r["question"]: r["times"] for r in QuestionLog(data_dir / "questions.sqlite3").rows()}
    assert "Wie was gouverneur in 1990?" not in kept  # purged: older than 90 days
    assert kept == {"Wat doet de provincie aan betaalbaar wonen?": 2, "Komen er sociale woningen bij?": 1,
                    "+31 Hoeveel kost het plan?": 1}  # asked again the same day: one row, counted twice


def test_report_text_csv_and_since(data_dir, cli):
    text = cli(["report"], DATA_DIR=data_dir, QUESTION_LOG="true")
    assert text.code == 0, text.err
    lines = text.out.splitlines()
    # What the log file holds (4 questions after the purge), the same with the setting on or off in this shell.
    assert lines[0].startswith("Het vragenlogboek bevat 4 vragen, van ") and "90 dagen" in lines[0]
    assert cli(["report"], DATA_DIR=data_dir, QUESTION_LOG="false").out.splitlines()[0] == lines[0]
    assert lines[1] == "4 vragen in 2 onderwerpen, meest gevraagd eerst."
    assert "   3  Wat doet de provincie aan betaalbaar wonen?" in lines
    assert "        2 × Wat doet de provincie aan betaalbaar wonen?" in lines
    rows = list(csv.reader(io.StringIO(cli(["report", "--csv"], DATA_DIR=data_dir).out.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][0] == "onderwerp" and rows[1][:4] == ["Wat doet de provincie aan betaalbaar wonen?", "3", "3", "0"]
    assert rows[2][0] == "'+31 Hoeveel kost het plan?"  # no formula in a spreadsheet
    since = (NOW - timedelta(days=1)).date().isoformat()
    recent = json.loads(cli(["report", "--json", "--since", since], DATA_DIR=data_dir).out)
    assert [g["topic"] for g in recent["groups"]] == ["+31 Hoeveel kost het plan?"] and recent["since"].startswith(since)
    one = cli(["report", "--since", since], DATA_DIR=data_dir).out.splitlines()
    assert one[1] == f"Sinds {since}: 1 vraag in 1 onderwerp, meest gevraagd eerst."
    empty = cli(["report", "--since", "2999-01-01"], DATA_DIR=data_dir)
    assert empty.out.splitlines()[-1] == "Geen vragen zonder (volledig) antwoord."


@pytest.mark.parametrize("args", [["report", "--since", "gisteren"], ["report", "--since", "2026-02-30"],
                                  ["report", "--since", "0001-01-01T00:00:00+14:00"],  # before the first UTC time
                                  ["report", "--since", "9999-12-31T23:59:59-14:00"]])
def test_bad_since_is_one_line(data_dir, args, cli):
    result = cli(args, DATA_DIR=data_dir)
    assert result.code == 1 and result.err.startswith("vraagbaak: --since must be a date")
    assert len(result.err.strip().splitlines()) == 1
