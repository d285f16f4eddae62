"""Measure how well the unanswered-questions report groups questions by topic.

For each question set in ``benchmarks/report-questions.jsonl`` (hand-labelled topics;
"dev" was used to choose the settings, "holdout" was written to check them) and each
cut-off distance, prints pair precision (questions put together that share a topic),
pair recall (questions sharing a topic that were put together), the adjusted Rand index
and the share of questions whose nearest neighbour has their topic; for the report's own
topic words and, for comparison, the whole question. Uses the embedder of the settings
(default e5-small-nano). ``--json`` for a machine-readable copy.

    python benchmarks/report_groups.py
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from chatbot import report  # noqa: E402
from chatbot.report import EmbeddingCache, Entry, topic_text  # noqa: E402

QUESTIONS = Path(__file__).with_name("report-questions.jsonl")
DISTANCES = (0.10, 0.12, 0.14, 0.15, 0.16, 0.18, 0.20)


def pair_scores(labels: list[str], clusters: list[int]) -> tuple[float, float]:
    same_topic = same_cluster = both = 0
    for i, j in itertools.combinations(range(len(labels)), 2):
        t, c = labels[i] == labels[j], clusters[i] == clusters[j]
        same_topic += t
        same_cluster += c
        both += t and c
    return (both / same_cluster if same_cluster else 1.0), (both / same_topic if same_topic else 1.0)


def adjusted_rand(labels: list[str], clusters: list[int]) -> float:
    from math import comb

    table: dict = {}
    for a, b in zip(labels, clusters, strict=True):
        table[(a, b)] = table.get((a, b), 0) + 1
    rows: dict = {}
    cols: dict = {}
    for (a, b), n in table.items():
        rows[a] = rows.get(a, 0) + n
        cols[b] = cols.get(b, 0) + n
    index = sum(comb(n, 2) for n in table.values())
    row_sum = sum(comb(n, 2) for n in rows.values())
    col_sum = sum(comb(n, 2) for n in cols.values())
    expected = row_sum * col_sum / comb(len(labels), 2)
    best = (row_sum + col_sum) / 2
    return (index - expected) / (best - expected) if best != expected else 1.0


def nearest_neighbour(labels: list[str], vectors: np.ndarray) -> float:
    sims = vectors @ vectors.T
    np.fill_diagonal(sims, -9)
    return float(np.mean([labels[int(np.argmax(sims[i]))] == labels[i] for i in range(len(labels))]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    from ingest.embed import make_embedder
    from chatbot.settings import Settings

    settings = Settings()
    cache = EmbeddingCache(make_embedder(settings.embedder, settings.model_download))
    rows = [json.loads(line) for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]
    results = []
    for name in dict.fromkeys(r["set"] for r in rows):
        subset = [r for r in rows if r["set"] == name]
        labels = [r["topic"] for r in subset]
        for text_name, text_of in (("topic words", topic_text), ("whole question", lambda q: q)):
            vectors = cache([text_of(r["question"]) for r in subset])
            vectors = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
            nn = nearest_neighbour(labels, vectors)
            for method, distance in itertools.product(("average", "complete"), DISTANCES):
                entries = [Entry(r["question"], f"2026-01-01T00:00:{i:02d}+00:00", "nee") for i, r in enumerate(subset)]
                groups = report.group(entries, cache, distance, method, text_of)
                where = {q["question"]: n for n, g in enumerate(groups) for q in g["questions"]}
                clusters = [where[r["question"]] for r in subset]
                precision, recall = pair_scores(labels, clusters)
                results.append({"set": name, "text": text_name, "linkage": method, "distance": distance, "questions": len(subset),
                                "groups": len(groups), "pair_precision": round(precision, 2), "pair_recall": round(recall, 2),
                                "ari": round(adjusted_rand(labels, clusters), 2), "nearest_neighbour": round(nn, 2)})
    if args.json:
        print(json.dumps(results, indent=1))
        return 0
    print(f"{'set':8} {'text':15} {'linkage':8} {'dist':>5} {'n':>3} {'groups':>6} {'prec':>5} {'recall':>6} {'ARI':>5} {'NN':>5}")
    for r in results:
        print(f"{r['set']:8} {r['text']:15} {r['linkage']:8} {r['distance']:5.2f} {r['questions']:3d} {r['groups']:6d} "
              f"{r['pair_precision']:5.2f} {r['pair_recall']:6.2f} {r['ari']:5.2f} {r['nearest_neighbour']:5.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
