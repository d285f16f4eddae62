"""The retrieval benchmark's measures (benchmarks/retrieval.py): relevance, ranks, metrics and folds."""

import importlib.util
from pathlib import Path
from types import SimpleNamespace

import pytest

SPEC = importlib.util.spec_from_file_location("retrieval_bench", Path(__file__).resolve().parents[1] / "benchmarks" / "retrieval.py")
bench = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(bench)


def chunk(text):
    return SimpleNamespace(text=text)


def test_a_passage_is_relevant_when_it_holds_a_cite_string_loosely():
    chunks = [chunk("Het  aantal ‘starters’ stijgt."), chunk("Iets anders."), chunk("De RETAIL in Limburg")]
    q = {"cite": ["aantal 'starters'|niets", "de retail"]}
    assert bench.relevant_positions(chunks, q) == {0, 2}
    assert bench.relevant_positions(chunks, {"cite": ["ontbreekt"]}) == set()
    assert bench.relevant_positions(chunks, {"cite": None}) == set()


def test_first_rank_counts_from_one_within_the_cut_off():
    assert bench.first_rank([5, 3, 9], {3}) == 2
    assert bench.first_rank([5, 3, 9], {7}) is None
    assert bench.first_rank(list(range(20)), {15}) is None  # beyond MRR@10


def test_metrics_of_ranks():
    m = bench.metrics([1, 2, None, 6])
    assert m == {"n": 4, "R@1": 0.25, "R@5": 0.5, "MRR@10": pytest.approx(round((1 + 1 / 2 + 1 / 6) / 4, 3))}
    assert bench.metrics([])["MRR@10"] is None


def test_folds_cover_every_question_once():
    folds = bench.folds_of(23, 5)
    assert sorted(i for f in folds for i in f) == list(range(23))
    assert max(map(len, folds)) - min(map(len, folds)) <= 1


class FakeBench:
    """Orchestration only: the fused MRR of a configuration is given by a function of it."""

    def __init__(self, score):
        self.score = score
        self.items = [None] * 10

    def table(self, config, idx, components=None):
        return {"ALL": {"fused": {"MRR@10": self.score(config), "R@5": 0.0}}}


def test_choose_takes_the_best_configuration_and_ties_go_to_the_shipped_values():
    grid = {"fusion_dense": [0.6, 0.7, 0.8], "terms_query_weight": [0.2, 0.4]}
    assert bench.choose(FakeBench(lambda c: c["fusion_dense"]), [0], grid)["fusion_dense"] == 0.8
    tie = bench.choose(FakeBench(lambda c: 1.0), [0], grid)
    assert tie == {k: bench.defaults()[k] for k in grid}
