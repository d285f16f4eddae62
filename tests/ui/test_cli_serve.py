"""`vraagbaak serve`: ingest first when there is no index, then run uvicorn (orchestration only)."""

from __future__ import annotations

import types

import pytest

from ui import cli


@pytest.fixture
def calls(monkeypatch):
    seen: dict = {"ingest": 0}
    import uvicorn

    import ingest.pipeline
    import ui.app

    def fake_ingest(settings, progress=True, **kwargs):
        seen["ingest"] += 1
        return types.SimpleNamespace(status="nothing")

    monkeypatch.setattr(ingest.pipeline, "ingest", fake_ingest)
    monkeypatch.setattr(ui.app, "create_app", lambda settings: seen.setdefault("app", ("app", settings.data_dir)))
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.setdefault("run", (app, kw)))
    return seen


def test_serve_runs_on_an_existing_index_without_ingesting(calls, monkeypatch, ui_settings):
    monkeypatch.setenv("VRAAGBAAK_DATA_DIR", str(ui_settings.data_dir))
    assert cli.main(["serve", "--port", "7999", "--host", "127.0.0.2"]) == 0
    assert calls["ingest"] == 0
    app, kwargs = calls["run"]
    assert app == ("app", ui_settings.data_dir) and kwargs["host"] == "127.0.0.2" and kwargs["port"] == 7999
    # The connection limits of ui/serving.py are passed on.
    assert kwargs["limit_concurrency"] == 256 and kwargs["timeout_keep_alive"] == 5
    assert kwargs["http"].__name__.startswith("ReadDeadline")


def test_serve_ingests_first_and_stops_with_one_line_when_nothing_was_read(calls, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("VRAAGBAAK_DATA_DIR", str(tmp_path / "empty"))
    assert cli.main(["serve", "--no-progress"]) == 1
    assert calls["ingest"] == 1 and "run" not in calls
    assert capsys.readouterr().err.startswith("vraagbaak: nothing to serve")


def test_serve_defaults():
    args = cli.build_parser().parse_args(["serve"])
    assert (args.host, args.port) == ("127.0.0.1", 7860)
