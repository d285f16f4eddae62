"""Load test: N concurrent clients asking questions against a running ``vraagbaak serve``.

    python benchmarks/load.py --url http://127.0.0.1:7860 --clients 16 --seconds 60

Each client posts questions from the dev set to ``/api/ask`` in a loop, one at a time,
for the given duration (bounded: the run stops by itself). Prints requests, errors,
throughput and latency percentiles; ``--json`` prints the same as one JSON object.
Only loopback addresses are accepted.

``--bad-share 0.25`` replaces that share of the requests with the hostile inputs of the
security audit (see SECURITY.md): characters that NFKC expands, lone surrogates, HTML
entities, oversized bodies, wrong types, on /api/ask, /api/ask/stream and /api/check. Each
has the status it must get (200, 413 or 422); anything else is an error, except a 503
that the service sends on purpose when it is full (counted as ``overload_503``).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.common import percentile, question_texts  # noqa: E402

LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")
FDFA = "\ufdfa"

# (name, path, raw JSON body, statuses it may get)
BAD_INPUTS = [
    ("fdfa x8", "/api/ask", json.dumps({"question": FDFA * 8}), {200}),
    ("fdfa x55", "/api/ask", json.dumps({"question": FDFA * 55}), {200}),
    ("fdfa x1000", "/api/ask", json.dumps({"question": FDFA * 1000}), {422}),
    ("entities", "/api/ask", json.dumps({"question": "&#xFDFA;" * 10}), {200}),
    ("surrogate", "/api/ask", '{"question": "\\ud800"}', {422}),
    ("surrogate and text", "/api/ask", '{"question": "\\ud800 Welke acties voor fietsers?"}', {200}),
    ("nul", "/api/ask", json.dumps({"question": "\x00\x1b"}), {422}),
    ("not a string", "/api/ask", json.dumps({"question": {"path": "/etc/passwd"}}), {422}),
    ("70 kB", "/api/ask", json.dumps({"question": "a" * 70_000}), {413}),
    ("stream surrogate", "/api/ask/stream", '{"question": "\\ud800"}', {422}),
    ("stream fdfa", "/api/ask/stream", json.dumps({"question": FDFA * 8}), {200}),
    ("check fdfa", "/api/check", json.dumps({"sentence": FDFA * 8}), {200}),
    ("check surrogate", "/api/check", '{"sentence": "\\ud800"}', {422}),
    ("history", "/api/ask", json.dumps({"question": "En daarvan?", "history": [{"role": "user", "content": FDFA * 50}]}), {200}),
]



def _deliberate_503(response: httpx.Response) -> bool:
    """The service's own "too busy" (or uvicorn's connection limit), not a failure."""
    if response.status_code != 503:
        return False
    if "retry-after" in response.headers or response.text.strip() == "Service Unavailable":
        return True
    try:
        return response.json().get("error") == "busy"
    except ValueError:
        return False


def _last_event(text: str) -> dict:
    events = [line[len("data: "):] for line in text.splitlines() if line.startswith("data: ")]
    try:
        return json.loads(events[-1]) if events else {}
    except ValueError:
        return {}


async def client_loop(client: httpx.AsyncClient, questions: list[str], offset: int, deadline: float, results: list,
                      bad_share: float) -> None:
    i = offset
    while time.monotonic() < deadline:
        i += 1
        bad = bad_share > 0 and (i * 0.6180339887) % 1.0 < bad_share  # spread evenly, the same every run
        started = time.perf_counter()
        try:
            if bad:
                name, path, body, expected = BAD_INPUTS[i % len(BAD_INPUTS)]
                response = await client.post(path, content=body.encode(), headers={"content-type": "application/json"})
                ok = response.status_code in expected
                status = response.status_code
                overload = not ok and _deliberate_503(response)
                if ok and path == "/api/ask/stream" and response.status_code == 200:
                    # A stream has begun before its slot is free: "busy" comes in-band.
                    last = _last_event(response.text)
                    ok = last.get("type") == "final"
                    overload = last.get("type") == "error" and last.get("error") == "busy"
                    status = status if ok or overload else f"200 {last.get('type')} {last.get('error')}"
            else:
                name = "question"
                response = await client.post("/api/ask", json={"question": questions[i % len(questions)]})
                ok = response.status_code == 200 and "answer" in response.json()
                status = response.status_code
                overload = not ok and _deliberate_503(response)
        except (httpx.HTTPError, ValueError) as exc:
            ok, status, overload = False, type(exc).__name__, False
        results.append((time.perf_counter() - started, ok, status, name, overload, bad))


async def run(url: str, clients: int, seconds: float, timeout: float, bad_share: float = 0.0) -> dict:
    questions = question_texts()
    results: list = []
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, timeout=timeout, limits=limits) as client:
        started = time.monotonic()
        deadline = started + seconds
        await asyncio.gather(*(client_loop(client, questions, k * 3, deadline, results, bad_share) for k in range(clients)))
        elapsed = time.monotonic() - started
    latencies = [r[0] for r in results if not r[5]]  # of the ordinary questions
    errors = [r for r in results if not r[1] and not r[4]]
    statuses: dict[str, int] = {}
    for r in results:
        statuses[str(r[2])] = statuses.get(str(r[2]), 0) + 1
    return {
        "clients": clients,
        "seconds": round(elapsed, 1),
        "requests": len(results),
        "bad_requests": sum(1 for r in results if r[5]),
        "errors": len(errors),
        "error_kinds": sorted({f"{r[3]}: {r[2]}" for r in errors}),
        "overload_503": sum(1 for r in results if r[4]),
        "statuses": dict(sorted(statuses.items())),
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
    parser.add_argument("--bad-share", type=float, default=0.0, help="share of hostile requests mixed in (0-1)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    host = urlparse(args.url).hostname or ""
    if host not in LOOPBACK and not host.startswith("127."):
        parser.error("the load test only targets loopback addresses")
    result = asyncio.run(run(args.url, args.clients, min(args.seconds, 600.0), args.timeout, min(max(args.bad_share, 0.0), 1.0)))
    if args.json:
        print(json.dumps(result))
    else:
        print(f"{result['clients']} clients, {result['seconds']} s: {result['requests']} requests "
              f"({result['bad_requests']} hostile), {result['errors']} errors, {result['overload_503']} deliberate 503s, "
              f"{result['throughput_rps']} req/s, p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, max {result['max_ms']} ms")
        print(f"statuses: {result['statuses']}")
        for kind in result["error_kinds"]:
            print(f"  error: {kind}")


if __name__ == "__main__":
    main()
