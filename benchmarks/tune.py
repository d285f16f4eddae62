"""Tune every threshold and weight of answering with 5-fold cross-validation; print held-out scores.

    python benchmarks/tune.py [--questions FILE ...] [--corpus DIR ...] [--folds 5] [--passes 2] [--json]

For each fold, the values are chosen by coordinate search on the other folds (the
objective below), then the fold itself is answered with them: the printed per-fold rows
are scores on questions the values were not tuned on, and their mean is the estimate to
trust. Finally the values are tuned on all questions; those are the ones to copy into
``chatbot/tuning.py`` (``Tuning``) and ``chatbot/retrieve.py`` (``FusionWeights``).

Needs an index of the bundled corpus (``vraagbaak ingest``). The questions are the dev sets
(``chatbot.evaluate.DEFAULT_QUESTIONS``) unless given; ``--corpus`` adds test corpora
(``tests/corpora/*``), each indexed in its own data dir like ``vraagbaak eval --corpus``, whose
questions join the folds. Query embeddings are cached, so one evaluation of all questions
takes about a second.
"""

from __future__ import annotations

import argparse
import functools
import json
import random
import sys
import time
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from chatbot.evaluate import DEFAULT_QUESTIONS, Scores, judge, load_questions, prepare_corpus  # noqa: E402
from chatbot.retrieve import FusionWeights  # noqa: E402
from chatbot.service import Vraagbaak  # noqa: E402
from chatbot.settings import Settings  # noqa: E402
from chatbot.tuning import Tuning  # noqa: E402


# The search space: every value tried for each parameter (fusion weight first).
GRID: dict[str, list] = {
    "fusion_dense": [0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 1.0],
    "terms_query_weight": [0.0, 0.2, 0.3, 0.4, 0.5],
    "coverage_tiebreak": [0.0, 0.05, 0.1, 0.2, 0.3],
    "kind_boost": [0.0, 0.05, 0.1, 0.2],
    "kind_margin": [0.0, 0.02, 0.04],
    "heading_inherit": [0.8, 0.9, 0.95, 1.0],
    "max_passages": [1, 2, 3],
    "passage_ratio": [0.8, 0.85, 0.9, 0.95],
    "sentence_window": [1, 2, 3],
    "topic_lexical": [0.0, 0.05, 0.1],
    "topic_margin": [0.02, 0.03, 0.05, 0.08],
    "topic_min_coverage": [0.3, 0.4, 0.5, 0.6, 0.8],
    "topic_min_dense": [0.84, 0.86, 0.88, 0.9],
    "topic_min_items": [2, 3],
    "broad_max_terms": [1, 2, 3],
    "evidence_depth": [2, 3, 5],
    "evidence_coverage": [0.3, 0.5, 0.7],
    "off_topic_dense": [0.80, 0.81, 0.82, 0.83, 0.84],
    "off_topic_coverage": [0.05, 0.1, 0.25, 0.4],
}


def objective(row: dict) -> float:
    """Higher is better: citations, facts, complete lists and right refusals; false refusals and wrong
    ``ja`` answers cost double (a confident wrong answer is the worst one)."""
    return (row["cite"] + row["facts"] + row["lists"] + row["refusals"] - 2 * row["false_refusal_rate"]
            - 2 * (1 - row.get("ja_precision", 1.0)))


def off_centre(config: dict) -> float:
    """How far a configuration lies from the middle of the grid (0 in the middle, 1 per parameter at an end).

    The objective is a step function: many configurations score the same on the training
    folds. Among those the search takes the one nearest the middle of every range, so a value
    at the end of its range is chosen only when it scores better there, never by the order of
    the search.
    """
    out = 0.0
    for name, values in GRID.items():
        if len(values) > 1 and config.get(name) in values:
            out += abs(values.index(config[name]) - (len(values) - 1) / 2) / ((len(values) - 1) / 2)
    return out


def better(v: float, config: dict, best_v: float, best: dict) -> bool:
    """A higher objective, or the same one nearer the middle of the grid."""
    return v > best_v + 1e-9 or (abs(v - best_v) <= 1e-9 and off_centre(config) < off_centre(best) - 1e-9)


def aggregate(verdicts: list[dict], questions: list[dict]) -> dict:
    """``chatbot.evaluate.Scores`` of a subset, as shares; a metric with no question in it counts 1.0."""
    s = Scores()
    for question, verdict in zip(questions, verdicts):
        s.add(question, verdict)
    share = lambda a, b: round(a / b, 3) if b else 1.0  # noqa: E731
    return {
        "n": s.n,
        "cite": share(s.cite_hits, s.cite_total),
        "facts": share(s.fact_hits, s.fact_total),
        "lists": share(s.list_hits, s.list_total),
        "lists_count": f"{s.list_hits}/{s.list_total}",
        "refusals": share(s.refusals, s.unanswerable),
        "refusals_count": f"{s.refusals}/{s.unanswerable}",
        "false_refusals": s.false_refusals,
        "false_refusal_rate": round(s.false_refusals / (s.n - s.unanswerable), 3) if s.n - s.unanswerable else 0.0,
        "answerable": s.n - s.unanswerable,
        "ja_precision": share(s.ja_correct, s.ja_total),
        "ja_count": f"{s.ja_correct}/{s.ja_total}",
        "verbatim": share(s.quotes_verbatim, s.quotes),
    }


class Runner:
    """Answers all questions once per configuration (cached) and keeps per-question verdicts."""

    def __init__(self, bot: Vraagbaak, questions: list[dict]) -> None:
        self.bot = bot
        self.questions = questions
        self.state = bot.state()
        self.documents = self.state.index.documents
        self.cache: dict[tuple, list[dict]] = {}
        embedder = self.state.retriever.embedder
        embedder.embed_query = functools.lru_cache(maxsize=4096)(embedder.embed_query)
        if hasattr(embedder, "embed_queries"):
            # Batches as the service makes them (a question with its content words), cached whole.
            batch = functools.lru_cache(maxsize=4096)(lambda texts, embed=embedder.embed_queries: embed(list(texts)))
            embedder.embed_queries = lambda texts: batch(tuple(texts))

    def verdicts(self, config: dict) -> list[dict]:
        key = tuple(sorted(config.items()))
        if key not in self.cache:
            values = dict(config)
            dense = values.pop("fusion_dense")
            self.state.retriever.weights = replace(self.state.retriever.weights, dense=dense, bm25=round(1 - dense, 3))
            self.state.context.t = replace(self.state.context.t, **values)
            out = []
            for q in self.questions:
                answer = self.bot.ask(q["q"], q.get("history"))
                out.append(judge(q, answer, self.documents))
            self.cache[key] = out
        return self.cache[key]

    def score(self, config: dict, idx: list[int]) -> dict:
        vs = self.verdicts(config)
        return aggregate([vs[i] for i in idx], [self.questions[i] for i in idx])


class Combined(Runner):
    """Several runners (each corpus with its own index and service) as one list of questions."""

    def __init__(self, runners: list[Runner]) -> None:
        self.runners = runners
        self.questions = [q for r in runners for q in r.questions]

    def verdicts(self, config: dict) -> list[dict]:
        return [v for r in self.runners for v in r.verdicts(config)]


def best_of_starts(runner: Runner, starts: list[dict], idx: list[int], passes: int, refine: int = 3) -> dict:
    """The ``refine`` starts that do best on ``idx``, each improved by coordinate search; the best of those.

    ``starts`` are a random sample of the grid (evaluated once, shared by all folds through
    the runner's cache): a random search first, then local refinement of its best points.
    """
    key = lambda c: (round(objective(runner.score(c, idx)), 9), -off_centre(c))  # noqa: E731
    ranked = sorted(starts, key=key, reverse=True)
    found = [coordinate_search(runner, s, idx, passes) for s in ranked[:refine]]
    return max(found, key=key)


def coordinate_search(runner: Runner, start: dict, idx: list[int], passes: int) -> dict:
    """Greedy search, one parameter at a time, keeping a change only when the objective improves
    (or stays the same nearer the middle of the grid)."""
    best = dict(start)
    best_value = objective(runner.score(best, idx))
    for _ in range(passes):
        improved = False
        for name, values in GRID.items():
            for value in values:
                if value == best[name]:
                    continue
                trial = {**best, name: value}
                v = objective(runner.score(trial, idx))
                if better(v, trial, best_value, best):
                    best, best_value, improved = trial, v, True
        if not improved:
            break
    return best


def folds_of(questions: list[dict], k: int, seed: int = 7) -> list[list[int]]:
    """Stratified folds: answerable and unanswerable questions spread evenly."""
    rng = random.Random(seed)
    folds: list[list[int]] = [[] for _ in range(k)]
    for answerable in (True, False):
        idx = [i for i, q in enumerate(questions) if bool(q.get("answerable", True)) == answerable]
        rng.shuffle(idx)
        for j, i in enumerate(idx):
            folds[j % k].append(i)
    return [sorted(f) for f in folds]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--questions", nargs="+", type=Path, default=[REPO / q for q in DEFAULT_QUESTIONS])
    ap.add_argument("--corpus", nargs="+", type=Path, default=[],
                    help="test corpus folders (e.g. tests/corpora/*) whose questions.jsonl join the folds")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--passes", type=int, default=4)
    ap.add_argument("--start", choices=["middle", "defaults"], default="middle",
                    help="where the search starts: the middle of each range and random points (default), or the shipped values")
    ap.add_argument("--restarts", type=int, default=150, help="random points of the grid tried besides its middle")
    ap.add_argument("--seed", type=int, default=11, help="seed of the random points (the folds stay the same)")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--write", type=Path, nargs="?", const=REPO / "chatbot" / "data" / "tuned.json", default=None,
                    help="write the values tuned on all questions where the service reads them (default: chatbot/data/tuned.json)")
    args = ap.parse_args(argv)

    settings = Settings()
    runners = [Runner(Vraagbaak(settings), load_questions(*args.questions))]
    for folder in args.corpus:
        own, asked = prepare_corpus(settings, folder)
        runners.append(Runner(Vraagbaak(own), asked))
    runner = runners[0] if len(runners) == 1 else Combined(runners)
    questions = runner.questions
    shipped = Tuning.shipped()
    defaults = {"fusion_dense": FusionWeights.shipped().dense, **{n: getattr(shipped, n) for n in GRID if n != "fusion_dense"}}
    # The search starts from the middle of every range, not from the shipped defaults: those were
    # chosen on all questions, held-out folds included, and a greedy search stays near its start.
    middle = {name: values[len(values) // 2] for name, values in GRID.items()}
    rng = random.Random(args.seed)
    starts = [middle] + [{name: rng.choice(values) for name, values in GRID.items()} for _ in range(args.restarts)]
    if args.start == "defaults":
        starts = [defaults]
    started = time.perf_counter()

    rows = []
    all_idx = list(range(len(questions)))
    for f, test in enumerate(folds_of(questions, args.folds), 1):
        train = [i for i in all_idx if i not in set(test)]
        chosen = best_of_starts(runner, starts, train, args.passes)
        held_out = runner.score(chosen, test)
        rows.append({"fold": f, **held_out, "train": runner.score(chosen, train), "values": chosen})
    final = best_of_starts(runner, starts, all_idx, args.passes)
    result = {
        "questions": len(questions),
        "folds": rows,
        "mean_held_out": {m: round(sum(r[m] for r in rows) / len(rows), 3) for m in ("cite", "facts", "lists", "refusals", "false_refusal_rate", "ja_precision", "verbatim")},
        "defaults_all": runner.score(defaults, all_idx),
        "tuned_all": runner.score(final, all_idx),
        "tuned_values": final,
        "changed": {k: (defaults[k], v) for k, v in final.items() if v != defaults[k]},
        "seconds": round(time.perf_counter() - started, 1),
    }
    if args.write is not None:
        write_tuned(args.write, final)
    if args.json:
        print(json.dumps(result, indent=1, ensure_ascii=False))
        return 0
    cols = ["n", "cite", "facts", "lists_count", "refusals_count", "false_refusals", "ja_count", "verbatim"]
    print(f"{len(questions)} questions, {args.folds} folds; scores on each held-out fold:")
    print(f"{'fold':>5}" + "".join(f"{c:>16}" for c in cols))
    for r in rows:
        print(f"{r['fold']:>5}" + "".join(f"{r[c]!s:>16}" for c in cols))
    m = result["mean_held_out"]
    print(f"mean held-out: cite {m['cite']}, facts {m['facts']}, lists {m['lists']}, refusals {m['refusals']}, "
          f"false refusals {m['false_refusal_rate']:.1%} of answerable, ja precision {m['ja_precision']}, verbatim {m['verbatim']}")
    print(f"defaults on all: {result['defaults_all']}")
    print(f"tuned on all:    {result['tuned_all']}")
    print(f"values tuned on all questions (changed from the defaults): {result['changed'] or 'none'}")
    print(f"({result['seconds']} s)")
    return 0


def write_tuned(path: Path, values: dict) -> None:
    """The tuned values as ``chatbot/data/tuned.json`` holds them (``Tuning.shipped()`` reads it)."""
    values = dict(values)
    dense = values.pop("fusion_dense")
    data = {
        "_about": "Written by benchmarks/tune.py --write: the values chosen by 5-fold cross-validation on the dev "
                  "questions; read by Tuning.shipped() and FusionWeights.shipped().",
        "tuning": values,
        "fusion": {"dense": dense, "bm25": round(1 - dense, 3)},
    }
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {path}", file=sys.stderr)


if __name__ == "__main__":
    raise SystemExit(main())
