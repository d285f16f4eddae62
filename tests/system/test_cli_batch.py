"""`vraagbaak ask --jsonl`: one answer per line, a bad line an error object, and the batch goes on."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from tests.servers import REPO, clean_env, vraagbaak

pytestmark = [pytest.mark.slow]


def test_jsonl_batch_answers_every_line_and_survives_bad_ones(corpus_settings, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(corpus_settings.data_dir, data)
    lines = [
        "Welke KPI's horen bij ambitielijn 3?".encode(),                                       # 1 plain text
        json.dumps("Welke acties vallen onder ambitielijn 2?").encode(),                        # 2 JSON string
        json.dumps({"question": "En de KPI's daarvan?",
                    "history": [{"role": "user", "content": "Welke acties vallen onder ambitielijn 1?"}]}).encode(),
        ("\ufdfa" * 8).encode(),                                                                # 4 aborted the batch
        json.dumps({"question": "\ufdfa" * 8 + " fietsers"}).encode(),                          # 5
        b"{kapot",                                                                              # 6 invalid JSON
        b"caf\xe9 en fietsers?",                                                                # 7 not UTF-8
        json.dumps({"question": "\ud800"}).encode(),                                            # 8 lone surrogate
        json.dumps({"vraag": "x"}).encode(),                                                    # 9 no question
        b"",                                                                                    # blank: skipped
        b'"Staat leren voor werkenden letterlijk in de tekst?',                                 # 11 starts with a quote
        "&#xFDFA;" .encode() * 8,                                                               # 12
    ]
    result = subprocess.run(vraagbaak("ask", "--jsonl"), cwd=REPO, env=clean_env(VRAAGBAAK_DATA_DIR=data),
                            input=b"\n".join(lines) + b"\n", capture_output=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert b"Traceback" not in result.stderr
    answers = [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]
    assert len(answers) == 11
    errors = {i + 1 + (i >= 9) for i, a in enumerate(answers) if a.get("error")}
    assert errors == {6, 7, 8, 9}, [a.get("error") for a in answers]
    assert answers[0]["answerable"] == "ja" and len(answers[0]["citations"]) == 3
    assert len(answers[1]["citations"]) == 5
    assert len(answers[2]["citations"]) == 3  # the follow-up took line 1 from the history
    for i in (3, 4, 9, 10):  # lines 4, 5, 11 and 12
        assert answers[i]["answer"].strip() and "error" not in answers[i]
    assert answers[5]["error"].startswith("line 6: ") and answers[6]["error"].startswith("line 7: not valid UTF-8")
    assert answers[7]["error"] == "unusable text"
