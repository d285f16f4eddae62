"""The shape of the code: no import cycles or arrows up the data flow, short functions in chatbot/,
and the status of an answer set in one place."""

from __future__ import annotations

import re
from pathlib import Path

from tools.check_imports import cycles, graph, problems, upward
from tools.function_lengths import long_functions

REPO = Path(__file__).resolve().parents[1]


def test_no_import_cycles_and_no_arrow_up():
    assert problems() == []


def test_the_checker_sees_a_cycle_and_an_arrow_up(tmp_path):
    for package in ("prompts", "ingest", "chatbot", "ui"):
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").write_text("")
    (tmp_path / "chatbot" / "a.py").write_text("def f():\n    from chatbot import b\n")
    (tmp_path / "chatbot" / "b.py").write_text("from chatbot.a import f\n")
    (tmp_path / "ingest" / "x.py").write_text("from ui import y\n")
    (tmp_path / "ui" / "y.py").write_text("")
    g = graph(tmp_path)
    assert ["chatbot.a", "chatbot.b"] in cycles(g)
    assert ("ingest.x", "ui.y") in upward(g) or ("ingest.x", "ui") in upward(g)


def test_an_annotation_import_counts_for_the_layers_not_for_cycles(tmp_path):
    for package in ("prompts", "ingest", "chatbot", "ui"):
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").write_text("")
    (tmp_path / "ingest" / "x.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from chatbot import s\n")
    (tmp_path / "chatbot" / "s.py").write_text("from ingest import x\n")
    assert cycles(graph(tmp_path)) == []
    assert ("ingest.x", "chatbot.s") in upward(graph(tmp_path, annotations=True))
    assert problems(tmp_path) == ["upward import: ingest.x -> chatbot.s"]


def test_no_function_over_60_lines_in_chatbot():
    assert long_functions([REPO / "chatbot"], 60) == []


def test_only_decide_and_the_contract_set_the_status_of_an_answer():
    setters = re.compile(r"answerable=(?!=)")  # a keyword argument: the status set
    found = [str(p.relative_to(REPO)) for folder in ("chatbot", "ui", "ingest") for p in (REPO / folder).rglob("*.py")
             if setters.search(p.read_text(encoding="utf-8"))]
    assert set(found) <= {"chatbot/contract.py", "chatbot/decide.py"}, found
