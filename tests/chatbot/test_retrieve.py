"""Hybrid retrieval against a brute-force numpy reference: dense search, BM25, filters and fusion."""

import numpy as np
import pytest

from chatbot.retrieve import Filters, FusionWeights, HybridRetriever
from ingest.lexical import tokenize

QUERIES = [
    "Welke acties gaan over fietsen?",
    "droneport",
    "Hoeveel procent lager ligt het bbp dan in Vlaanderen?",
    "Which actions concern tourism?",
    "ik heb een klein bedrijfje",
    "zonnepanelen en windmolens",
]
FILTERS = [Filters(), Filters(ambitielijn=1), Filters(ambitielijn=3, kind="actie"), Filters(kind="kpi"), Filters(kind="analyse"),
           Filters(source="competitief-limburg.txt", ambitielijn=2), Filters(ambitielijn=9)]


@pytest.fixture(scope="module")
def retriever(bot):
    state = bot.state()
    return HybridRetriever(state.index, bot.embedder, FusionWeights())


def reference_mask(chunks, f: Filters) -> np.ndarray:
    return np.array([
        (f.ambitielijn is None or c.ambitielijn == f.ambitielijn)
        and (f.kind is None or c.kind == f.kind)
        and (f.source is None or c.source == f.source)
        for c in chunks
    ])


def reference_fusion(dense: dict[int, float], lexical: dict[int, float], weights: FusionWeights) -> dict[int, float]:
    ids = sorted(set(dense) | set(lexical))
    d = np.array([dense[i] for i in ids])
    b = np.array([lexical.get(i, 0.0) for i in ids])
    dn = (d - d.min()) / (d.max() - d.min()) if d.max() > d.min() else np.ones_like(d)
    bn = b / b.max() if b.max() > 0 else np.zeros_like(b)
    fused = (weights.dense * dn + weights.bm25 * bn) / (weights.dense + weights.bm25)
    return dict(zip(ids, fused))


@pytest.mark.parametrize("f", FILTERS, ids=repr)
def test_filter_mask_matches_reference(retriever, f):
    assert (retriever.mask(f) == reference_mask(retriever.index.chunks, f)).all()


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("f", FILTERS, ids=repr)
def test_dense_scores_match_brute_force(retriever, query, f):
    vector = retriever.embed_query(query)
    embeddings = np.asarray(retriever.index.embeddings)
    sims = embeddings @ vector
    rows = np.flatnonzero(reference_mask(retriever.index.chunks, f))
    expected = sorted(rows, key=lambda i: -sims[i])[:10]
    got = retriever.dense_scores(vector, 10, f)
    assert len(got) == len(expected)
    got_sorted = sorted(got, key=lambda i: -got[i])
    # Same top set (up to ties) and the same similarities.
    assert np.allclose(sorted(got.values(), reverse=True), [sims[i] for i in expected], atol=1e-4)
    for i in got_sorted:
        assert abs(got[i] - sims[i]) < 1e-4 and i in rows


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("f", FILTERS, ids=repr)
def test_bm25_scores_match_brute_force(retriever, query, f):
    scores = np.asarray(retriever.index.bm25.get_scores(tokenize(query)))
    scores = np.where(reference_mask(retriever.index.chunks, f), scores, 0.0)
    expected = {int(i): float(scores[i]) for i in np.argsort(-scores)[:10] if scores[i] > 0}
    got = retriever.bm25_scores(query, 10, f)
    assert sorted(got.values(), reverse=True) == pytest.approx(sorted(expected.values(), reverse=True))
    assert all(scores[i] == pytest.approx(v) for i, v in got.items())


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("weights", [FusionWeights(), FusionWeights(dense=1.0, bm25=0.0), FusionWeights(dense=0.5, bm25=0.5)])
def test_fusion_matches_reference(bot, query, weights):
    r = HybridRetriever(bot.state().index, bot.embedder, weights)
    vector = r.embed_query(query)
    dense = r.dense_scores(vector, weights.candidates, Filters())
    lexical = r.bm25_scores(query, weights.candidates, Filters())
    expected = reference_fusion({**dense, **{i: float(np.asarray(r.index.embeddings[i]) @ vector) for i in lexical if i not in dense}}, lexical, weights)
    hits = r.search(query, k=len(expected), vector=vector)
    assert len(hits) == len(expected)
    # float32 similarities, min-max normalised: equal to the reference within a relative 1e-4, and the
    # same order wherever the reference's scores differ by more than that.
    for hit in hits:
        assert hit.score == pytest.approx(expected[r._positions[hit.chunk.id]], rel=1e-4, abs=1e-5)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    ranked = [expected[r._positions[h.chunk.id]] for h in hits]
    assert all(a >= b - 1e-4 * max(abs(a), 1.0) for a, b in zip(ranked, ranked[1:]))


@pytest.mark.parametrize("f", FILTERS, ids=repr)
def test_search_respects_filters(retriever, f):
    for query in QUERIES:
        for hit in retriever.search(query, k=20, filters=f):
            c = hit.chunk
            assert f.ambitielijn is None or c.ambitielijn == f.ambitielijn
            assert f.kind is None or c.kind == f.kind
            assert f.source is None or c.source == f.source


def test_similarities_are_cosines(retriever):
    vector = retriever.embed_query("fietspaden")
    chunks = retriever.index.chunks[:7]
    sims = retriever.similarities(vector, chunks)
    assert np.allclose(sims, np.asarray(retriever.index.embeddings[:7]) @ vector, atol=1e-5)
    assert retriever.similarities(vector, []).shape == (0,)


def test_sub_queries_are_the_content_words_of_each_clause():
    from chatbot.retrieve import sub_queries

    terms = ("klein", "bedrijfje", "helpt", "vernieuwen")
    question = "Ik heb een klein bedrijfje, helpt de provincie mij om te vernieuwen?"
    assert sub_queries(question, terms) == ["klein bedrijfje", "helpt vernieuwen"]
    # One clause with content words: the whole question and its content words say it all.
    assert sub_queries("Welke acties gaan over fietsen?", ("fietsen",)) == []
    # English words reach the Dutch terms through the translation table.
    assert sub_queries("I own a shop. Will the province help with bikes?", ("winkel", "fiets"),
                       {"shop": ("winkel",), "bikes": ("fiets",)}) == ["winkel", "fiets"]


@pytest.mark.parametrize("query", QUERIES)
def test_a_sub_query_equal_to_the_question_changes_no_score(bot, query):
    """The blended score is (1 - s) * whole + s * best sub-query: with the question as its own sub-query, the plain fusion."""
    plain = HybridRetriever(bot.state().index, bot.embedder, FusionWeights())
    blended = HybridRetriever(bot.state().index, bot.embedder, FusionWeights(subqueries=0.5))
    vector = plain.embed_query(query)
    expected = {h.chunk.id: h.score for h in plain.search(query, k=200, vector=vector)}
    got = blended.search(query, k=200, vector=vector, subqueries=[(query, vector)])
    assert {h.chunk.id for h in got} == set(expected)
    for hit in got:
        # Plain fusion takes the similarities from Chroma (float32 distances); these are exact.
        assert hit.score == pytest.approx(expected[hit.chunk.id], abs=1e-4)


def test_a_sub_query_lifts_the_passage_about_its_part(bot):
    """A sub-query about one part of the question raises the passages about that part."""
    r = HybridRetriever(bot.state().index, bot.embedder, FusionWeights(subqueries=0.5))
    question = "Ik heb een frituur, kan ik makkelijker aan producten van hier geraken?"
    vector = r.embed_query(question)
    part = "droneport"
    before = [h.chunk.id for h in r.search(question, k=200, vector=vector)]
    after = [h.chunk.id for h in r.search(question, k=200, vector=vector, subqueries=[(part, r.embed_query(part))])]
    drone = next(c.id for c in bot.state().index.chunks if "Droneport" in c.text and c.kind == "actie")
    assert drone in after and (drone not in before or after.index(drone) < before.index(drone))
