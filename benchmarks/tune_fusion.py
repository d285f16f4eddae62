"""Measure retrieval and answer quality for fusion settings on question sets.

Prints hit@1 / hit@5 of retrieval alone (a hit: a retrieved chunk contains an expected
passage) for dense only, BM25 only, reciprocal-rank fusion and weighted score fusion,
then the answer metrics of ``vraagbaak eval`` for the weighted settings.

    python benchmarks/tune_fusion.py [--questions FILE ...]

Uses the current index (VRAAGBAAK_DATA_DIR, default ./data); run ``vraagbaak ingest`` first.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from chatbot.cite import loose
from chatbot.evaluate import evaluate, load_questions
from chatbot.retrieve import Filters, FusionWeights
from chatbot.service import Vraagbaak
from ingest.settings import Settings

ROOT = Path(__file__).resolve().parent


def ranked(retriever, text: str, mode: str, weight: float, k: int = 5) -> list[str]:
    vector = retriever.embed_query(text)
    n = 40
    dense = retriever.dense_scores(vector, n, Filters())
    lexical = retriever.bm25_scores(text, n, Filters())
    chunks = retriever.index.chunks
    if mode == "dense":
        order = sorted(dense, key=lambda i: -dense[i])
    elif mode == "bm25":
        order = sorted(lexical, key=lambda i: -lexical[i]) or sorted(dense, key=lambda i: -dense[i])
    elif mode == "rrf":
        rank_d = {i: r for r, i in enumerate(sorted(dense, key=lambda i: -dense[i]))}
        rank_b = {i: r for r, i in enumerate(sorted(lexical, key=lambda i: -lexical[i]))}
        score = {i: 1 / (60 + rank_d.get(i, 1000)) + 1 / (60 + rank_b.get(i, 1000)) for i in set(dense) | set(lexical)}
        order = sorted(score, key=lambda i: -score[i])
    else:
        retriever.weights = FusionWeights(dense=weight, bm25=1 - weight)
        return [h.chunk.text for h in retriever.fuse(dense, lexical, vector, k)]
    return [chunks[i].text for i in order[:k]]


def retrieval_table(bot: Vraagbaak, questions: list[dict]) -> None:
    retriever = bot.state().retriever
    saved = retriever.weights
    rows = [("dense", 1.0), ("bm25", 0.0), ("rrf", 0.0)] + [("weighted", w) for w in np.arange(0.3, 1.01, 0.1)]
    asked = [q for q in questions if q.get("cite")]
    print(f"retrieval over {len(asked)} questions with expected passages")
    print(f"{'fusion':>14} {'hit@1':>7} {'hit@5':>7}")
    for mode, weight in rows:
        h1 = h5 = 0
        for q in asked:
            texts = [loose(t) for t in ranked(retriever, q["q"], mode, weight)]
            cites = [loose(c) for c in q["cite"]]
            found = [any(c in t for c in cites) for t in texts]
            h1 += bool(found[:1] and found[0])
            h5 += any(found)
        label = mode if mode != "weighted" else f"dense {weight:.1f}"
        print(f"{label:>14} {h1 / len(asked):7.3f} {h5 / len(asked):7.3f}")
    retriever.weights = saved


def answer_table(settings: Settings, questions: list[dict]) -> None:
    print("answers (vraagbaak eval metrics) per dense weight")
    for weight in (0.5, 0.6, 0.7, 0.8, 0.9, 1.0):
        bot = Vraagbaak(settings, weights=FusionWeights(dense=weight, bm25=1 - weight))
        summary, _, _ = evaluate(bot, questions)
        print(f"  dense {weight:.1f}: " + ", ".join(f"{k}={summary[k]}" for k in ("cite", "facts", "lists", "refusals", "false_refusals")))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", nargs="*", default=[str(ROOT / "dev-questions.jsonl")])
    args = parser.parse_args()
    settings = Settings()
    for path in args.questions:
        questions = load_questions(Path(path))
        print(f"== {path}")
        bot = Vraagbaak(settings)
        bot.warm()
        retrieval_table(bot, questions)
        answer_table(settings, questions)


if __name__ == "__main__":
    main()
