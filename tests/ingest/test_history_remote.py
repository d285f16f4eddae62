"""Kept catalogs on a real Chroma server: an app process elsewhere can diff versions it never had."""

from __future__ import annotations

import shutil

import pytest

from ingest.diff import compare_versions
from ingest.history import HISTORY_PREFIX, CatalogHistory
from ingest.pipeline import ingest
from chatbot.settings import Settings
from ingest.store import IndexStore
from tests.ingest.helpers import CORPUS_DIR
from tests.ingest.test_diff import ADDED_KPI, edit_corpus

pytestmark = [pytest.mark.server, pytest.mark.slow]


def test_an_app_process_reads_the_previous_catalog_from_the_server(chroma_server, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS_DIR, corpus)
    writer = Settings(data_dir=tmp_path / "ingest-data", corpus_dir=corpus, chroma_url=chroma_server)
    assert ingest(writer, progress=False).status == "written"
    edit_corpus(corpus / "competitief-limburg.txt")
    assert ingest(writer, progress=False).status == "written"

    reader = IndexStore(Settings(data_dir=tmp_path / "app-data", chroma_url=chroma_server))
    current = reader.require_current()
    reader.open(current)  # materialises the current version locally, as an app process does
    assert not (reader.root / "catalogs").exists()  # nothing kept locally on this machine
    changes = compare_versions(reader)
    assert changes["new"]["version"] == current.version and changes["old"] is not None
    assert changes["counts"] == {"added": 1, "removed": 1, "changed": 1}
    assert changes["documents"][0]["groups"][1]["added"][0]["text"] == ADDED_KPI

    # The server-side cleanup after an ingest leaves the kept catalogs alone.
    ids = [i for i in reader._meta().get(include=[])["ids"] if i.startswith(HISTORY_PREFIX)]
    assert len(ids) == 2
    assert [v["version"] for v in CatalogHistory(reader).versions()][-1] == current.version
