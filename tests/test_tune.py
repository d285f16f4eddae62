"""The tuning search (benchmarks/tune.py): ties go to the middle of the grid, a better score wins."""

import importlib.util
from pathlib import Path

import pytest

SPEC = importlib.util.spec_from_file_location("tune", Path(__file__).resolve().parents[1] / "benchmarks" / "tune.py")
tune = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(tune)

MIDDLE = {name: values[len(values) // 2] for name, values in tune.GRID.items()}
ENDS = {name: values[-1] for name, values in tune.GRID.items()}


class FakeRunner:
    """Scores a configuration by a given function (orchestration only: no index, no answers)."""

    def __init__(self, value):
        self.value = value

    def score(self, config, idx):
        return {"cite": self.value(config), "facts": 0.0, "lists": 0.0, "refusals": 0.0, "false_refusal_rate": 0.0}


def test_off_centre_is_zero_in_the_middle_and_grows_to_the_ends():
    odd = {n: v[(len(v) - 1) // 2] for n, v in tune.GRID.items() if len(v) % 2}
    assert tune.off_centre({**MIDDLE, **odd}) < tune.off_centre(ENDS)
    assert tune.off_centre(ENDS) == pytest.approx(len([v for v in tune.GRID.values() if len(v) > 1]))


def test_a_tie_goes_to_the_middle_of_the_grid():
    found = tune.coordinate_search(FakeRunner(lambda c: 1.0), dict(ENDS), [0], passes=3)
    assert tune.off_centre(found) <= tune.off_centre(MIDDLE) + 1e-9


def test_a_better_score_beats_the_middle():
    found = tune.coordinate_search(FakeRunner(lambda c: c["fusion_dense"]), dict(MIDDLE), [0], passes=3)
    assert found["fusion_dense"] == max(tune.GRID["fusion_dense"])


def test_best_of_starts_prefers_the_central_one_of_equals():
    starts = [dict(ENDS), dict(MIDDLE)]
    found = tune.best_of_starts(FakeRunner(lambda c: 1.0), starts, [0], passes=0, refine=2)
    assert tune.off_centre(found) <= tune.off_centre(MIDDLE) + 1e-9


def test_combined_runner_scores_the_questions_of_all_its_runners_in_order():
    class Fixed:
        def __init__(self, questions, verdicts):
            self.questions, self._verdicts = questions, verdicts

        def verdicts(self, config):
            return self._verdicts

    ok = {"refused": False, "cite": True, "verbatim": [True], "ja": True, "ja_correct": True}
    wrong = {"id": "c1", "refused": False, "cite": False, "verbatim": [True], "ja": True, "ja_correct": False}
    refused = {"refused": True, "verbatim": []}
    bundled = Fixed([{"answerable": True}], [ok])
    corpus = Fixed([{"answerable": True}, {"answerable": False}], [wrong, refused])
    combined = tune.Combined([bundled, corpus])
    assert len(combined.questions) == 3
    row = combined.score(MIDDLE, [0, 1, 2])
    assert (row["n"], row["cite"], row["refusals_count"], row["ja_count"], row["ja_precision"]) == (3, 0.5, "1/1", "1/2", 0.5)
    assert combined.score(MIDDLE, [1])["cite"] == 0.0


def test_the_service_reads_the_values_tune_writes(tmp_path, monkeypatch):
    import json

    import chatbot.tuning as tuning_module
    from benchmarks.tune import write_tuned
    from chatbot.retrieve import FusionWeights
    from chatbot.tuning import Tuning

    path = tmp_path / "tuned.json"
    write_tuned(path, {"fusion_dense": 0.6, "evidence_depth": 5, "max_passages": 2})
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["fusion"] == {"dense": 0.6, "bm25": 0.4} and data["tuning"] == {"evidence_depth": 5, "max_passages": 2}
    monkeypatch.setattr(tuning_module, "TUNED", path)
    tuning_module.tuned_values.cache_clear()
    try:
        assert (Tuning.shipped().evidence_depth, Tuning.shipped().max_passages) == (5, 2)
        assert FusionWeights.shipped().dense == 0.6
    finally:
        tuning_module.tuned_values.cache_clear()
