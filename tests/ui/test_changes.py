"""What changed, over HTTP and in the web app's HTML: /api/diff, catalog marks, the changes panel."""

from __future__ import annotations

import os
import re

import pytest

from prompts import load_prompts
from tests.ingest.test_diff import ADDED_KPI, REMOVED, REWORDED_NEW, REWORDED_OLD, edited_copy
from ui import render

T = load_prompts()


@pytest.fixture(scope="module")
def edited_client(corpus_index, tmp_path_factory):
    """The app over an index whose previous version is the bundled corpus and current one an edited copy."""
    from fastapi.testclient import TestClient

    from ingest.pipeline import ingest
    from ui.app import create_app

    settings, _ = edited_copy(corpus_index, tmp_path_factory.mktemp("changes"))
    assert ingest(settings, progress=False).status == "written"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GRADIO_TEMP_DIR", os.environ.get("GRADIO_TEMP_DIR", ""))  # create_app sets it; put it back after
        with TestClient(create_app(settings)) as client:
            yield client


def test_api_diff_lists_the_changes(edited_client):
    body = edited_client.get("/api/diff").json()
    assert body["counts"] == {"added": 1, "removed": 1, "changed": 1}
    groups = body["documents"][0]["groups"]
    assert [(g["ambitielijn"], g["kind"]) for g in groups] == [(1, "actie"), (1, "kpi"), (3, "actie")]
    assert groups[0]["changed"][0]["old"]["text"] == REWORDED_OLD and groups[2]["removed"][0]["text"] == REMOVED
    named = edited_client.get("/api/diff", params={"old": body["new"]["version"], "new": body["old"]["version"]}).json()
    assert named["counts"] == {"added": 1, "removed": 1, "changed": 1} and named["new"] == body["old"]


def test_api_diff_refuses_unknown_and_malformed_versions(edited_client):
    unknown = edited_client.get("/api/diff", params={"old": "v19990101T000000-abcdef"})
    assert unknown.status_code == 404
    assert unknown.json()["message"] == "Van deze versie zijn de acties en KPI's niet (meer) bewaard."
    for bad in ("../current", "a/b", "x" * 101, ""):
        response = edited_client.get("/api/diff", params={"old": bad})
        assert response.status_code in (404, 422) and "message" in response.json(), bad
        assert "Traceback" not in response.text


def test_api_catalog_marks_new_and_reworded_items(edited_client):
    items = edited_client.get("/api/catalog").json()["items"]
    assert all("change" in i and i["url"] for i in items)
    marked = {i["text"]: (i["change"], i.get("previous_text")) for i in items if i["change"]}
    assert marked == {ADDED_KPI: ("nieuw", None), REWORDED_NEW: ("gewijzigd", REWORDED_OLD)}


def test_without_a_previous_version_the_api_says_so(client):
    body = client.get("/api/diff").json()
    assert body["old"] is None and body["documents"] == [] and body["new"]["version"]
    assert not any(i["change"] for i in client.get("/api/catalog").json()["items"])


def test_changes_panel_marks_words_and_escapes_text(edited_client):
    panel = render.changes_panel(edited_client.get("/api/diff").json(), T)
    assert "<ins>digitale</ins>" in panel and "<del>krachten</del> <ins>talent</ins>" in panel
    assert panel.count("vb-badge-new") == 1 and panel.count("vb-badge-removed") == 1 and panel.count("vb-badge-changed") == 1
    assert "Ambitielijn 3 › acties" in panel and "1 nieuw, 1 verwijderd, 1 gewijzigd" in panel
    nasty = {"old": {"version": "a", "created": "2026-01-01T00:00:00+00:00"}, "new": {"version": "b"},
             "counts": {"added": 1, "removed": 0, "changed": 0},
             "documents": [{"source": "<b>x</b>", "title": "<script>alert(1)</script>", "status": "changed", "groups": [
                 {"ambitielijn": 1, "kind": "actie", "added": [{"text": "<img src=x onerror=alert(1)>"}], "removed": [], "changed": []}]}]}
    html = render.changes_panel(nasty, T)
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert render.changes_panel({"old": None}, T) == ""


def test_catalog_table_badges(edited_client):
    items = edited_client.get("/api/catalog", params={"ambitielijn": 1}).json()["items"]
    table = render.catalog_table(items, T)
    assert re.findall(r'vb-badge-(\w+)">(\w+)<', table) == [("changed", "Gewijzigd"), ("new", "Nieuw")]
