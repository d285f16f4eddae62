"""The errors' one table: every kind has a status, a Dutch message and an exit code; every error class has a kind."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from ingest.errors import HANDLING, ErrorKind, VraagbaakError, exit_code, http_status, kind_named, kind_of, message_key
from prompts import load_prompts

REPO = Path(__file__).resolve().parents[1]
# Exceptions that are no project error: a worker's internal signal, Starlette's own 413, the API's error body model.
NOT_PROJECT_ERRORS = {"_WorkerFailed", "BodyTooLarge", "Error"}


def _subclasses(cls: type) -> set[type]:
    found = set(cls.__subclasses__())
    return found.union(*(_subclasses(c) for c in found)) if found else found


def _error_classes() -> dict[str, type]:
    """Every exception class defined in ingest, chatbot and ui, by name."""
    names = {}
    for folder in ("ingest", "chatbot", "ui"):
        for path in sorted((REPO / folder).rglob("*.py")):
            text = path.read_text(encoding="utf-8")
            for name in re.findall(r"^class (\w+)\((?:[\w.]*(?:Error|Exception|Rejected|Cancelled)\w*|VraagbaakError)", text, re.M):
                module = ".".join(path.relative_to(REPO).with_suffix("").parts)
                names[name] = getattr(importlib.import_module(module), name)
    return names


def test_every_kind_has_a_status_a_message_that_exists_and_an_exit_code():
    keys = load_prompts().keys()
    assert set(HANDLING) == set(ErrorKind)
    for kind in ErrorKind:
        assert 400 <= http_status(kind) < 600
        assert message_key(kind) in keys and message_key(kind, answering=True) in keys
        assert exit_code(kind) > 0


def test_every_project_error_has_a_kind_an_operator_text_and_a_message_that_exists():
    keys = load_prompts().keys()
    classes = _error_classes()
    assert len(classes) >= 20
    for name, cls in classes.items():
        if name in NOT_PROJECT_ERRORS:
            continue
        assert issubclass(cls, VraagbaakError), name
    for cls in _subclasses(VraagbaakError):
        assert isinstance(cls.kind, ErrorKind), cls
        assert isinstance(cls.operator, str) and cls.operator, cls
        assert cls.message_key is None or cls.message_key in keys, cls


@pytest.mark.parametrize("name, builtin", [("chatbot.screen.Rejected", ValueError), ("ingest.textgate.TextRejected", ValueError),
                                           ("chatbot.generate.GeneratorError", RuntimeError), ("ui.app.Busy", TimeoutError),
                                           ("ui.report.BadDateError", ValueError)])
def test_errors_keep_the_builtin_bases_callers_catch(name, builtin):
    module, _, cls = name.rpartition(".")
    assert issubclass(getattr(importlib.import_module(module), cls), builtin)


def test_an_answer_reason_and_any_exception_have_a_kind():
    from ingest.store import NoIndexError

    assert kind_named("busy") is ErrorKind.BUSY
    assert kind_named("whatever") is kind_named(None) is ErrorKind.INTERNAL
    assert kind_of(NoIndexError("none")) is ErrorKind.NO_INDEX and kind_of(KeyError("x")) is ErrorKind.INTERNAL


def test_the_api_statuses_are_the_table():
    from ui.responses import STATUS

    assert STATUS == {kind: http_status(kind) for kind in ErrorKind}


def test_a_refused_sentence_to_check_has_its_own_words():
    from chatbot.screen import Rejected

    p = load_prompts()
    too_long = Rejected(ErrorKind.TOO_LONG, "sentence too long", "sentence", 12, 10)
    assert too_long.user_message(p) == p.say("ui_nakijken.te_lang", lengte=12, maximum=10)
    assert Rejected(ErrorKind.TOO_LONG, "question too long", "question", 12, 10).user_message(p) == p.say("algemeen.te_lang", lengte=12, maximum=10)
    assert Rejected(ErrorKind.EMPTY_QUESTION, "empty sentence", "sentence").user_message(p) == p.get("ui_nakijken.leeg")
