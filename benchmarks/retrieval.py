"""Retrieval quality: R@1, R@5 and MRR@10 per component (dense, BM25, fused, ranked) and per category.

    python benchmarks/retrieval.py [--questions FILE ...] [--corpus DIR] [--folds 5] [--markdown]

A passage is relevant to a question when its text contains one of the question's ``cite``
strings (compared as ``chatbot.cite.loose`` does: case, white space and quote style folded;
``a|b`` = either). Unanswerable questions, and questions none of whose cite strings lies
within one passage, are skipped (the latter are counted).

Components, each as the service asks them (the question's understanding, its query embedding
``Ranking.query_vector``, the line filter of the factual path):

- ``dense``: the fused pipeline with the BM25 weight at 0 (ranked by the embedder alone);
- ``bm25``: the fused pipeline with the dense weight at 0 (passages without a BM25 score left out);
- ``fused``: ``HybridRetriever`` as configured (``FusionWeights``);
- ``ranked``: ``Ranking.rank``, what the answer paths see (a heading passes its score to the
  passage after it; relevant when that passage or its heading is).

``--folds``: the retrieval weights (``RETRIEVAL_GRID``) are chosen on the other folds by fused
MRR@10 and scored on each held-out fold; the mean is the figure to trust. Without
``--corpus`` the current index of the settings (``VRAAGBAAK_DATA_DIR``) is used; with it, the
folder is ingested into a temporary data dir first. ``--embedder`` measures another embedder
(e.g. ``sentence-transformers:/path/to/model``) on a fresh index of the same corpus.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import itertools
import json
import random
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from chatbot.cite import loose  # noqa: E402
from chatbot.evaluate import load_questions  # noqa: E402
from chatbot.retrieve import Filters, FusionWeights  # noqa: E402
from chatbot.settings import Settings  # noqa: E402
from chatbot.tuning import Tuning  # noqa: E402
from chatbot.understand import understand  # noqa: E402

DEV_SETS = ("benchmarks/dev-questions.jsonl", "benchmarks/dev2-questions.jsonl")
ALL_SETS = (*DEV_SETS, "benchmarks/dev3-questions.jsonl")
COMPONENTS = ("dense", "bm25", "fused", "ranked")
K = 10

# Retrieval weights chosen by cross-validation (names of FusionWeights or Tuning fields).
RETRIEVAL_GRID: dict[str, list] = {
    "fusion_dense": [0.6, 0.7, 0.8, 0.9],
    "terms_query_weight": [0.2, 0.4, 0.5],
    "fusion_subqueries": [0.0, 0.2, 0.35, 0.5],
}


def relevant_positions(chunks, question: dict) -> set[int]:
    """Positions of the chunks that contain one of the question's cite strings (loosely)."""
    alts = [loose(a) for c in question.get("cite") or [] for a in c.split("|") if a.strip()]
    texts = [loose(c.text) for c in chunks]
    return {i for i, t in enumerate(texts) if any(a in t for a in alts)}


def metrics(ranks: list[int | None]) -> dict:
    """R@1, R@5 and MRR@10 of the 1-based ranks of the first relevant passage (None: not in the top K)."""
    n = len(ranks)
    if not n:
        return {"n": 0, "R@1": None, "R@5": None, "MRR@10": None}
    return {
        "n": n,
        "R@1": round(sum(r is not None and r <= 1 for r in ranks) / n, 3),
        "R@5": round(sum(r is not None and r <= 5 for r in ranks) / n, 3),
        "MRR@10": round(sum(1 / r for r in ranks if r is not None and r <= K) / n, 3),
    }


def first_rank(ranked: list[int], relevant: set[int]) -> int | None:
    for i, pos in enumerate(ranked[:K], 1):
        if pos in relevant:
            return i
    return None


class Bench:
    """Ranks every question under a configuration (cached), as the service would."""

    def __init__(self, bot, questions: list[dict]) -> None:
        self.bot = bot
        self.state = bot.state()
        self.ctx = self.state.context
        self.retriever = self.state.retriever
        chunks = self.state.index.chunks
        self.positions = {c.id: i for i, c in enumerate(chunks)}
        self.items = []
        self.untargeted = 0
        for q in questions:
            if not q.get("answerable", True) or not q.get("cite"):
                continue
            rel = relevant_positions(chunks, q)
            if not rel:
                self.untargeted += 1
                continue
            self.items.append((q, rel))
        embedder = self.retriever.embedder
        embedder.embed_query = functools.lru_cache(maxsize=8192)(embedder.embed_query)
        if hasattr(embedder, "embed_queries"):
            batch = functools.lru_cache(maxsize=8192)(lambda texts, embed=embedder.embed_queries: embed(list(texts)))
            embedder.embed_queries = lambda texts: batch(tuple(texts))
        self.understood = [understand(q["q"], q.get("history"), self.ctx.grounding) for q, _ in self.items]
        self.cache: dict[tuple, dict[str, list[int | None]]] = {}

    def configure(self, config: dict) -> None:
        """Set the retriever's weights and the context's tuning to ``config`` (``fusion_dense``: dense share)."""
        values = dict(config)
        w = FusionWeights.shipped()
        if "fusion_dense" in values:
            dense = values.pop("fusion_dense")
            w = replace(w, dense=dense, bm25=round(1 - dense, 3))
        w = replace(w, **{k[len("fusion_"):]: values.pop(k) for k in list(values) if k.startswith("fusion_")})
        self.retriever.weights = w
        self.ctx.t = replace(Tuning.shipped(), **values)

    def ranks(self, config: dict, components: tuple[str, ...] = COMPONENTS) -> dict[str, list[int | None]]:
        """Per component, the rank of the first relevant passage of every question."""
        key = (tuple(sorted(config.items())), components)
        full = (tuple(sorted(config.items())), COMPONENTS)
        if full in self.cache:
            return self.cache[full]
        if key in self.cache:
            return self.cache[key]
        self.configure(config)
        w = self.retriever.weights
        out: dict[str, list[int | None]] = {c: [] for c in components}
        for (_q, rel), u in zip(self.items, self.understood):
            q = self.ctx.bind(u)
            line = u.ambitielijn if u.ambitielijn is not None and u.ambitielijn in self.ctx.corpus.lines else None
            filters = Filters(ambitielijn=line)
            for name, weights in (("dense", replace(w, dense=1.0, bm25=0.0)), ("bm25", replace(w, dense=0.0, bm25=1.0)),
                                  ("fused", w)):
                if name not in components:
                    continue
                self.retriever.weights = weights
                hits = self.ctx.ranking.hits(q, K, filters)
                if name == "bm25":
                    hits = [h for h in hits if h.bm25 > 0]
                out[name].append(first_rank([self.positions[h.chunk.id] for h in hits], rel))
            self.retriever.weights = w
            if "ranked" not in components:
                continue
            passages = self.ctx.ranking.rank(q, filters)
            ranked = []
            for p in passages:
                here = {self.positions[p.chunk.id]} | ({self.positions[p.via_heading.id]} if p.via_heading is not None else set())
                ranked.append(next(iter(here & rel), self.positions[p.chunk.id]))
            out["ranked"].append(first_rank(ranked, rel))
        self.cache[key] = out
        return out

    def table(self, config: dict, idx: list[int] | None = None, components: tuple[str, ...] = COMPONENTS) -> dict:
        """{"ALL": {component: metrics}, category: {...}} over the questions ``idx`` (default all)."""
        ranks = self.ranks(config, components)
        idx = list(range(len(self.items))) if idx is None else idx
        groups: dict[str, list[int]] = defaultdict(list)
        for i in idx:
            groups[self.items[i][0].get("cat", "-")].append(i)
        rows = {"ALL": {c: metrics([ranks[c][i] for i in idx]) for c in components}}
        for cat in sorted(groups):
            rows[cat] = {c: metrics([ranks[c][i] for i in groups[cat]]) for c in components}
        return rows


def defaults() -> dict:
    w, t = FusionWeights.shipped(), Tuning.shipped()
    out = {}
    for name in RETRIEVAL_GRID:
        out[name] = getattr(w, name[len("fusion_"):]) if name.startswith("fusion_") else getattr(t, name)
    return out


def objective(bench: Bench, config: dict, idx: list[int]) -> float:
    m = bench.table(config, idx, ("fused",))["ALL"]["fused"]
    return (m["MRR@10"] or 0.0) + 0.5 * (m["R@5"] or 0.0)


def choose(bench: Bench, idx: list[int], grid: dict[str, list]) -> dict:
    """The configuration of the grid with the best objective on ``idx``; ties to the shipped defaults' side."""
    base = defaults()
    best, best_v = None, -1.0
    names = list(grid)
    for values in itertools.product(*(grid[n] for n in names)):
        config = dict(zip(names, values))
        v = objective(bench, config, idx)
        distance = sum(config[n] != base.get(n) for n in names)
        if best is None or v > best_v + 1e-9 or (abs(v - best_v) <= 1e-9 and distance < best[1]):
            best, best_v = (config, distance), v
    return best[0]


def folds_of(n: int, k: int, seed: int = 7) -> list[list[int]]:
    idx = list(range(n))
    random.Random(seed).shuffle(idx)
    return [sorted(idx[j::k]) for j in range(k)]


def cross_validate(bench: Bench, k: int, grid: dict[str, list]) -> dict:
    """Held-out metrics per component, the weights chosen on the other folds each time."""
    all_idx = set(range(len(bench.items)))
    held: dict[str, list[int | None]] = {c: [] for c in COMPONENTS}
    chosen = []
    for test in folds_of(len(bench.items), k):
        config = choose(bench, sorted(all_idx - set(test)), grid)
        chosen.append(config)
        ranks = bench.ranks(config)
        for c in COMPONENTS:
            held[c].extend(ranks[c][i] for i in test)
    return {"held_out": {c: metrics(held[c]) for c in COMPONENTS}, "chosen": chosen,
            "all": choose(bench, sorted(all_idx), grid)}


def format_rows(rows: dict, markdown: bool) -> str:
    cols = [(c, m) for c in COMPONENTS for m in ("R@1", "R@5", "MRR@10")]
    fmt = lambda v: "-" if v is None else f"{v:.2f}"  # noqa: E731
    if markdown:
        lines = ["| category | n | " + " | ".join(f"{c} {m}" for c, m in cols) + " |",
                 "|---|---|" + "---|" * len(cols)]
        for cat, row in rows.items():
            lines.append(f"| {cat} | {row['fused']['n']} | " + " | ".join(fmt(row[c][m]) for c, m in cols) + " |")
        return "\n".join(lines)
    head = f"{'category':18}{'n':>4}" + "".join(f"{c[:5] + ' ' + m:>13}" for c, m in cols)
    lines = [head]
    for cat, row in rows.items():
        lines.append(f"{cat:18}{row['fused']['n']:>4}" + "".join(f"{fmt(row[c][m]):>13}" for c, m in cols))
    return "\n".join(lines)


def make_bot(args, stack: contextlib.ExitStack):
    from chatbot.service import Vraagbaak

    settings = Settings()
    if args.corpus or args.embedder:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="vraagbaak-retrieval-")))
        updates = {"data_dir": tmp}
        if args.corpus:
            updates["corpus_dir"] = Path(args.corpus)
        if args.embedder:
            updates["embedder"] = args.embedder
        settings = settings.model_copy(update=updates)
        from ingest.pipeline import ingest

        report = ingest(settings, progress=False)
        print(f"ingested {settings.corpus_dir} with {settings.embedder}: {report.chunks} passages ({report.seconds} s)")
    return Vraagbaak(settings)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--questions", nargs="+", type=Path, help="question sets (JSONL); default: dev, dev2 and dev3 apart, and dev+dev2")
    ap.add_argument("--corpus", type=Path, help="a corpus folder to ingest into a temporary index first")
    ap.add_argument("--embedder", help="an embedder name to measure (a temporary index is built with it)")
    ap.add_argument("--folds", type=int, default=5, help="cross-validation folds of the retrieval weights (0: none)")
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)

    with contextlib.ExitStack() as stack:
        return run(args, make_bot(args, stack))


def run(args, bot) -> int:
    started = time.perf_counter()
    if args.questions:
        sets = {" + ".join(p.stem for p in args.questions): list(args.questions)}
    else:
        sets = {Path(p).stem: [REPO / p] for p in ALL_SETS}
        sets["dev + dev2"] = [REPO / p for p in DEV_SETS]
    result = {}
    base = defaults()
    for name, paths in sets.items():
        bench = Bench(bot, load_questions(*paths))
        rows = bench.table(base)
        entry = {"questions": len(bench.items), "untargeted": bench.untargeted, "rows": rows}
        if args.folds and (args.questions or name == "dev + dev2"):
            entry["cv"] = cross_validate(bench, args.folds, RETRIEVAL_GRID)
        result[name] = entry
    if args.json:
        print(json.dumps(result, indent=1, ensure_ascii=False))
        return 0
    for name, entry in result.items():
        print(f"\n## {name}: {entry['questions']} questions ({entry['untargeted']} skipped: no passage holds a cite string)")
        print(format_rows(entry["rows"], args.markdown))
        cv = entry.get("cv")
        if cv:
            print(f"\n{args.folds}-fold cross-validated (weights {', '.join(RETRIEVAL_GRID)} chosen on the other folds):")
            print(format_rows({"held-out": cv["held_out"]}, args.markdown))
            print(f"chosen per fold: {cv['chosen']}")
            print(f"chosen on all: {cv['all']} (shipped: {base})")
    print(f"\n({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
