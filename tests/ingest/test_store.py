"""The versioned index: Chroma (embedded and as a server), BM25, catalog, manifest."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import urlparse

import numpy as np
import pytest

from ingest.lexical import tokenize
from ingest.load import sha256_file
from ingest.pipeline import ingest
from chatbot.settings import Settings
from ingest.store import EmbedderMismatchError, IndexStore, IngestLockedError, NoIndexError
from tests.ingest.helpers import CORPUS_DIR, CORPUS_TXT, PROJECTS, assert_published_counts

# Reading collection.configuration warns about Chroma's own legacy embedding-function field.
pytestmark = pytest.mark.filterwarnings("ignore:legacy embedding function config:DeprecationWarning")


def check_collection(version, e5, question: str, expected: str) -> None:
    """The Chroma collection holds every chunk, with its text, metadata and embedding, in cosine space.

    ``question`` must find the chunk containing ``expected`` among the first three.
    """
    collection = version.collection
    chunks = version.chunks
    assert collection.count() == len(chunks) == version.manifest.counts["chunks"]
    assert collection.configuration["hnsw"]["space"] == "cosine"
    query = np.asarray(e5.embed_query(question), dtype=np.float32)
    hits = collection.query(query_embeddings=[query.tolist()], n_results=3, include=["documents", "metadatas", "distances", "embeddings"])
    assert any(expected in text for text in hits["documents"][0]), hits["documents"][0]
    by_id = {c.id: c for c in chunks}
    for cid, text, meta, distance, vector in zip(
        hits["ids"][0], hits["documents"][0], hits["metadatas"][0], hits["distances"][0], hits["embeddings"][0]
    ):
        chunk = by_id[cid]
        assert text == chunk.text
        assert meta["source"] == chunk.source and meta["kind"] == chunk.kind
        assert meta["ambitielijn"] == (chunk.ambitielijn if chunk.ambitielijn is not None else -1)
        assert distance == pytest.approx(1 - float(np.dot(query, np.asarray(vector))), abs=1e-3)


# -- embedded (PersistentClient under the data dir) -----------------------------------------


def test_index_layout_and_manifest(corpus_settings):
    store = IndexStore(corpus_settings)
    manifest = store.require_current()
    root = Path(corpus_settings.data_dir) / "index"
    assert json.loads((root / "current.json").read_text(encoding="utf-8"))["version"] == manifest.version
    assert [p.name for p in (root / "versions").iterdir()] == [manifest.version]
    vdir = root / "versions" / manifest.version
    for part in ("manifest.json", "chunks.jsonl", "documents.json", "catalog.json", "embeddings.npy", "bm25", "chroma"):
        assert (vdir / part).exists(), part
    assert manifest.embedder == "e5-small-nano" and manifest.dimension == 384
    assert manifest.chroma["mode"] == "persistent"
    assert manifest.files == {"competitief-limburg.txt": sha256_file(CORPUS_TXT)}
    assert manifest.documents == [
        {"source": "competitief-limburg.txt", "title": "Competitief Limburg", "doc_type": "strategie", "chunks": manifest.counts["chunks"]}
    ]
    assert manifest.counts["items"] == {"-": {"analyse": 6}, "1": {"actie": 14, "kpi": 3}, "2": {"actie": 5, "kpi": 3}, "3": {"actie": 12, "kpi": 3}}
    assert manifest.failed == []


def test_embedded_chroma_collection(corpus_settings, e5):
    store = IndexStore(corpus_settings)
    check_collection(store.open(), e5, "Hoeveel fietspaden komen erbij?", "kilometers fietspad")


def test_stored_embeddings_match_the_collection(corpus_settings, e5):
    version = IndexStore(corpus_settings).open()
    matrix = np.asarray(version.embeddings)
    assert matrix.shape == (len(version.chunks), 384)
    first = version.chunks[3]
    stored = version.collection.get(ids=[first.id], include=["embeddings"])["embeddings"][0]
    assert np.allclose(matrix[3], stored, atol=1e-5)
    assert np.allclose(matrix[3], e5.embed_documents([first.text])[0], atol=1e-3)


def test_catalog_and_documents(corpus_settings):
    version = IndexStore(corpus_settings).open()
    catalog = version.catalog
    assert_published_counts(catalog["items"])
    ids = {c.id for c in version.chunks}
    assert all(item["chunk_id"] in ids for item in catalog["items"])
    assert [(line["number"], line["source"]) for line in catalog["ambition_lines"]] == [(n, "competitief-limburg.txt") for n in (1, 2, 3)]
    document = version.documents["competitief-limburg.txt"]
    assert all(document["text"][c.char_start : c.char_end] == c.text for c in version.chunks)


def test_bm25_index_finds_a_passage_by_its_words(corpus_settings):
    version = IndexStore(corpus_settings).open()
    scores = version.bm25.get_scores(tokenize("leren voor werkenden bijscholing"))
    best = version.chunks[int(np.argmax(scores))]
    assert "leren voor werkenden" in best.text


def test_opening_with_another_embedder_is_a_clear_error(corpus_settings):
    store = IndexStore(corpus_settings)
    with pytest.raises(EmbedderMismatchError) as excinfo:
        store.open(embedder_name="sentence-transformers:/modellen/minilm")
    message = str(excinfo.value)
    assert "'e5-small-nano'" in message and "'sentence-transformers:/modellen/minilm'" in message
    assert "vraagbaak ingest --rebuild" in message


def test_no_index_yet(tmp_path):
    store = IndexStore(Settings(data_dir=tmp_path / "leeg", corpus_dir=CORPUS_DIR))
    assert store.current() is None
    with pytest.raises(NoIndexError, match="vraagbaak ingest"):
        store.require_current()


def test_one_writer_at_a_time(tmp_path):
    store = IndexStore(Settings(data_dir=tmp_path / "data", corpus_dir=CORPUS_DIR))
    with store.writer_lock():
        with pytest.raises(IngestLockedError), IndexStore(store.settings).writer_lock():
            pass
    with store.writer_lock():  # released again
        pass


# -- a real `chroma run` server ---------------------------------------------------------------


@pytest.mark.server
@pytest.mark.slow
def test_chroma_server(chroma_server, tmp_path, e5):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    corpus = tmp_path / "corpus"
    shutil.copytree(PROJECTS, corpus)  # small, so the test stays quick
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=corpus, chroma_url=chroma_server)

    report = ingest(settings, progress=False)
    assert report.status == "written" and report.exit_code == 0
    store = IndexStore(settings)
    manifest = store.require_current()
    assert manifest.chroma["mode"] == "http" and manifest.version == report.version
    check_collection(store.open(), e5, "Komt er een brug voor fietsers over het kanaal?", "fietsbrug Zonnedal")

    url = urlparse(chroma_server)
    client = chromadb.HttpClient(host=url.hostname, port=url.port, settings=ChromaSettings(anonymized_telemetry=False))
    names = {c if isinstance(c, str) else c.name for c in client.list_collections()}
    assert f"vraagbaak-{report.version}" in names
    assert not (Path(settings.data_dir) / "index" / "versions" / report.version / "chroma").exists()

    # A changed corpus makes a new version on the server and removes the old collection.
    path = corpus / "leerwerkplaats-kolenberg.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("tien weken", "twaalf weken"), encoding="utf-8")
    second = ingest(settings, progress=False)
    assert second.status == "written" and second.embedded == 1 and second.reused == second.chunks - 1
    names = {c if isinstance(c, str) else c.name for c in client.list_collections()}
    assert f"vraagbaak-{second.version}" in names and f"vraagbaak-{report.version}" not in names
    assert client.get_collection(f"vraagbaak-{second.version}").count() == second.chunks
    version = IndexStore(settings).open()
    assert any("twaalf weken" in c.text for c in version.chunks)
