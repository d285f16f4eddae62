"""Web chat throughput: N simulated browsers asking questions through Gradio's queue.

    python benchmarks/webchat.py --url http://127.0.0.1:7860 --browsers 16 --seconds 30

Each browser does what the page does when a question is submitted: it joins the chat's
event on Gradio's queue (``/gradio_api/queue/join``, with the question and the session's
conversation state) and reads the session's event stream (``/gradio_api/queue/data``)
until the event completes; then it asks the next question. A browser opens a new session
(a new conversation) every ``--turns`` questions. The run is bounded in time and only
targets loopback addresses.

Prints answers/s, failures, and latency percentiles from joining the queue to the first
frame on the page and to the complete answer; ``--json`` prints the same as one JSON
object. With ``--pid`` (of ``vraagbaak serve``) it also prints the CPU time the service
and its embedding workers used, per answer and as cores kept busy: near 2 on 2 cores, the
processor is what limits.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import statistics
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlparse

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.common import percentile, question_texts  # noqa: E402

LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")



def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of process ``pid`` and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    ticks: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))
        ticks[int(entry.name)] = int(fields[11]) + int(fields[12])  # utime, stime
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        total += ticks.get(current, 0)
        todo += children.get(current, [])
    return total / os.sysconf("SC_CLK_TCK")


def chat_event(config: dict) -> tuple[int, int]:
    """(fn_index, trigger id) of the chat's submit event (the question box's Enter), from Gradio's config."""
    components = {c["id"]: c for c in config["components"]}
    for dep in config["dependencies"]:
        inputs = [components[i]["props"].get("elem_id") for i in dep["inputs"] if i in components]
        targets = [target for target, name in dep["targets"] if name == "submit"]
        if "vb-question" in inputs and targets:
            return dep["id"], targets[0]
    raise SystemExit("no chat event in the Gradio config: is this a Vraagbaak web app?")


async def ask(client: httpx.AsyncClient, fn_index: int, trigger: int, session: str, question: str) -> dict:
    """One question, as the browser sends it; timings in seconds from joining the queue."""
    started = time.perf_counter()
    body = {"data": [question, None], "fn_index": fn_index, "trigger_id": trigger, "session_hash": session,
            "event_data": None}
    joined = await client.post("/gradio_api/queue/join", json=body)
    if joined.status_code != 200:
        return {"ok": False, "why": f"join {joined.status_code}"}
    event_id = joined.json().get("event_id")
    first = None
    frames = 0
    answered = False
    async with client.stream("GET", "/gradio_api/queue/data", params={"session_hash": session}) as stream:
        async for line in stream.aiter_lines():
            if not line.startswith("data: "):
                continue
            message = json.loads(line[len("data: "):])
            kind = message.get("msg")
            if message.get("event_id") not in (None, event_id):
                continue
            if kind == "process_generating":
                frames += 1
                first = first or time.perf_counter() - started
                answered = answered or "vb-answer" in line  # the frame shows an answer
            elif kind == "process_completed":
                done = time.perf_counter() - started
                ok = bool(message.get("success")) and answered
                why = None if ok else "failed" if not message.get("success") else "no answer shown"
                return {"ok": ok, "why": why, "first": first or done, "done": done, "frames": frames}
            elif kind in ("unexpected_error", "close_stream"):
                return {"ok": False, "why": kind}
    return {"ok": False, "why": "stream ended"}


async def browser(client: httpx.AsyncClient, fn_index: int, trigger: int, questions: list[str], offset: int,
                  deadline: float, turns: int, results: list) -> None:
    i = offset
    session = uuid.uuid4().hex[:11]
    while time.monotonic() < deadline:
        try:
            result = await ask(client, fn_index, trigger, session, questions[i % len(questions)])
        except (httpx.HTTPError, ValueError) as exc:
            result = {"ok": False, "why": type(exc).__name__}
        results.append(result)
        i += 1
        if (i - offset) % turns == 0:
            session = uuid.uuid4().hex[:11]  # a new visitor: a new, empty conversation


async def run(url: str, browsers: int, seconds: float, turns: int, timeout: float, pid: int | None = None) -> dict:
    questions = question_texts()
    results: list = []
    limits = httpx.Limits(max_connections=browsers * 2, max_keepalive_connections=browsers * 2)
    async with httpx.AsyncClient(base_url=url, timeout=timeout, limits=limits) as client:
        config = (await client.get("/config")).json()
        fn_index, trigger = chat_event(config)
        cpu = resource.getrusage(resource.RUSAGE_SELF)
        service_cpu = cpu_seconds(pid) if pid else None
        started = time.monotonic()
        deadline = started + seconds
        await asyncio.gather(*(browser(client, fn_index, trigger, questions, k * 7, deadline, turns, results)
                               for k in range(browsers)))
        elapsed = time.monotonic() - started
        after = resource.getrusage(resource.RUSAGE_SELF)
        if pid:
            service_cpu = cpu_seconds(pid) - service_cpu
    done = [r for r in results if r["ok"]]
    failures: dict[str, int] = {}
    for r in results:
        if not r["ok"]:
            failures[r["why"]] = failures.get(r["why"], 0) + 1

    def ms(values: list[float], q: float | None = None) -> float | None:
        if not values:
            return None
        return round((statistics.median(values) if q is None else percentile(values, q)) * 1000, 1)

    answers = [r["done"] for r in done]
    firsts = [r["first"] for r in done]
    return {
        "browsers": browsers,
        "seconds": round(elapsed, 1),
        "answers": len(done),
        "failures": dict(sorted(failures.items())),
        "answers_per_s": round(len(done) / elapsed, 2) if elapsed else 0.0,
        "answer_p50_ms": ms(answers), "answer_p95_ms": ms(answers, 0.95), "answer_max_ms": ms(answers, 1.0),
        "first_frame_p50_ms": ms(firsts), "first_frame_p95_ms": ms(firsts, 0.95),
        "frames_per_answer": round(statistics.mean(r["frames"] for r in done), 1) if done else None,
        # The simulated browsers share the machine with the service: their own CPU time, for context.
        "client_cpu_s": round(after.ru_utime + after.ru_stime - cpu.ru_utime - cpu.ru_stime, 1),
        "service_cpu_s": round(service_cpu, 1) if pid else None,
        "service_cpu_ms_per_answer": round(service_cpu * 1000 / len(done), 1) if pid and done else None,
        "service_cores_busy": round(service_cpu / elapsed, 2) if pid and elapsed else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:7860")
    parser.add_argument("--browsers", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--turns", type=int, default=5, help="questions per conversation before a browser starts a new one")
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--pid", type=int, help="process id of vraagbaak serve: also measure its CPU time")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    host = urlparse(args.url).hostname or ""
    if host not in LOOPBACK and not host.startswith("127."):
        parser.error("the benchmark only targets loopback addresses")
    result = asyncio.run(run(args.url.rstrip("/"), max(1, args.browsers), min(args.seconds, 600.0), max(1, args.turns),
                             args.timeout, args.pid))
    if args.json:
        print(json.dumps(result))
        return
    print(f"{result['browsers']} browsers, {result['seconds']} s: {result['answers']} answers "
          f"({result['answers_per_s']} answers/s), failures {result['failures'] or 0}")
    print(f"complete answer: p50 {result['answer_p50_ms']} ms, p95 {result['answer_p95_ms']} ms, max {result['answer_max_ms']} ms; "
          f"first frame: p50 {result['first_frame_p50_ms']} ms, p95 {result['first_frame_p95_ms']} ms; "
          f"{result['frames_per_answer']} frames per answer; client CPU {result['client_cpu_s']} s")
    if args.pid:
        print(f"service CPU {result['service_cpu_s']} s: {result['service_cpu_ms_per_answer']} ms per answer, "
              f"{result['service_cores_busy']} cores busy")


if __name__ == "__main__":
    main()
