"""Load test: N concurrent clients asking questions against a running ``vraagbaak serve``.

    python benchmarks/load.py --url http://127.0.0.1:7860 --clients 16 --seconds 60

Each client posts questions from the dev set to ``/api/ask`` in a loop, one at a time,
for the given duration (bounded: the run stops by itself). Prints requests, errors,
throughput and latency percentiles; ``--json`` prints the same as one JSON object.
Only loopback addresses are accepted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from pathlib import Path
from urllib.parse import urlparse

import httpx

QUESTIONS = Path(__file__).resolve().parent / "dev-questions.jsonl"
LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] if ordered else 0.0


async def client_loop(client: httpx.AsyncClient, questions: list[str], offset: int, deadline: float, results: list) -> None:
    i = offset
    while time.monotonic() < deadline:
        question = questions[i % len(questions)]
        i += 1
        started = time.perf_counter()
        try:
            response = await client.post("/api/ask", json={"question": question})
            ok = response.status_code == 200 and "answer" in response.json()
            status = response.status_code
        except (httpx.HTTPError, ValueError) as exc:
            ok, status = False, type(exc).__name__
        results.append((time.perf_counter() - started, ok, status))


async def run(url: str, clients: int, seconds: float, timeout: float) -> dict:
    questions = [json.loads(line)["q"] for line in QUESTIONS.open(encoding="utf-8") if line.strip()]
    results: list = []
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, timeout=timeout, limits=limits) as client:
        started = time.monotonic()
        deadline = started + seconds
        await asyncio.gather(*(client_loop(client, questions, k * 3, deadline, results) for k in range(clients)))
        elapsed = time.monotonic() - started
    latencies = [r[0] for r in results]
    errors = [r for r in results if not r[1]]
    return {
        "clients": clients,
        "seconds": round(elapsed, 1),
        "requests": len(results),
        "errors": len(errors),
        "error_kinds": sorted({str(r[2]) for r in errors}),
        "throughput_rps": round(len(results) / elapsed, 2) if elapsed else 0.0,
        "p50_ms": round(statistics.median(latencies) * 1000, 1) if latencies else None,
        "p95_ms": round(percentile(latencies, 0.95) * 1000, 1) if latencies else None,
        "max_ms": round(max(latencies) * 1000, 1) if latencies else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:7860")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    host = urlparse(args.url).hostname or ""
    if host not in LOOPBACK and not host.startswith("127."):
        parser.error("the load test only targets loopback addresses")
    result = asyncio.run(run(args.url, args.clients, min(args.seconds, 600.0), args.timeout))
    if args.json:
        print(json.dumps(result))
    else:
        print(f"{result['clients']} clients, {result['seconds']} s: {result['requests']} requests, {result['errors']} errors, "
              f"{result['throughput_rps']} req/s, p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, max {result['max_ms']} ms")


if __name__ == "__main__":
    main()
