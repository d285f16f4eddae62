"""`vraagbaak diff` and the catalog tab's "Wat is er veranderd" see every passage, not only list items."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from ingest.diff import compare_versions, shortened, word_diff
from ingest.pipeline import ingest
from ingest.store import IndexStore
from prompts import load_prompts
from tests.ingest.helpers import CORPUS_DIR, copy_index
from ui.render import changes_panel

OLD_FIGURE, NEW_FIGURE = "straal van 300 kilometer", "straal van 400 kilometer"


@pytest.fixture(scope="module")
def figure_changed(corpus_index, tmp_path_factory):
    """The corpus index, then an ingest of a copy whose running text has one figure changed."""
    tmp = tmp_path_factory.mktemp("figure")
    corpus = tmp / "corpus"
    shutil.copytree(CORPUS_DIR, corpus)
    settings = copy_index(corpus_index.settings, tmp / "data", corpus_dir=corpus)
    path = corpus / "competitief-limburg.txt"
    text = path.read_text(encoding="utf-8")
    assert text.count(OLD_FIGURE) == 1
    path.write_text(text.replace(OLD_FIGURE, NEW_FIGURE), encoding="utf-8")
    assert ingest(settings, progress=False).status == "written"
    return settings


def test_a_changed_figure_in_running_text_is_a_changed_passage(figure_changed):
    changes = compare_versions(IndexStore(figure_changed))
    assert changes["counts"] == {"added": 0, "removed": 0, "changed": 1}
    [document] = changes["documents"]
    [group] = document["groups"]
    assert group["kind"] == "passage" and group["added"] == group["removed"] == []
    [pair] = group["changed"]
    assert [(op["old"], op["new"]) for op in pair["diff"] if op["op"] != "equal"] == [("300", "400")]
    assert NEW_FIGURE in pair["new"]["text"] and pair["new"]["section"]


def test_vraagbaak_diff_prints_the_word_diff_of_the_passage(figure_changed, cli):
    result = cli(["diff"], DATA_DIR=figure_changed.data_dir, CORPUS_DIR=figure_changed.corpus_dir)
    assert result.code == 0, result.err
    t = load_prompts()
    assert t.get("wijzigingen.geen_wijzigingen") not in result.out
    [line] = [line for line in result.out.splitlines() if "[-300-] {+400+}" in line]
    assert "straal van [-300-] {+400+} kilometer" in line and "…" in line  # the long paragraph, cut around the change
    as_json = json.loads(cli(["diff", "--json"], DATA_DIR=figure_changed.data_dir).out)
    assert as_json["counts"]["changed"] == 1


def test_the_changes_panel_shows_the_passage_with_del_and_ins(figure_changed):
    html = changes_panel(compare_versions(IndexStore(figure_changed)), load_prompts())
    assert re.search(r"<del>300</del> <ins>400</ins> kilometer", html)
    assert load_prompts().get("soort.passage_meervoud") in html


def test_shortened_keeps_the_words_next_to_a_change():
    old = " ".join(f"w{i}" for i in range(40))
    new = old.replace("w20", "x20")
    ops = shortened(word_diff(old, new), keep=3)
    assert [op["new"] for op in ops] == ["… w17 w18 w19", "x20", "w21 w22 w23 …"]
    assert shortened(word_diff("a b", "a c")) == word_diff("a b", "a c")  # short text stays whole


def test_an_older_catalog_without_passages_is_compared_by_its_items_and_says_so():
    from ingest.diff import diff_catalogs
    from ui.cli import format_changes

    item = {"source": "a.txt", "ambitielijn": 1, "kind": "actie", "text": "Een actie", "chunk_id": "i1", "item_index": 1}
    passage = {"source": "a.txt", "ambitielijn": 1, "kind": "context", "text": "Lopende tekst.", "chunk_id": "p1"}
    old, new = {"items": [item]}, {"items": [item], "passages": [passage]}
    result = diff_catalogs(old, new)
    assert result["passages"] is False and result["documents"] == []  # the passage is not "new"
    assert diff_catalogs({**old, "passages": []}, new)["counts"]["added"] == 1
    t = load_prompts()
    version = {"version": "v1", "created": "2026-03-01T10:00:00+00:00"}
    lines = format_changes({"old": version, "new": version, **result}, t)
    assert lines[-1] == t.get("wijzigingen.geen_wijzigingen_items")
