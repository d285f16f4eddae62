"""Evaluation on a question set (JSONL: id, cat, q, answerable, cite, facts, all_cite).

Metrics compare ignoring case, white space and quote style:
- cite: some citation's quote contains an expected passage (any entry of ``cite``; ``a|b`` = either)
- facts: every ``facts`` group (``a|b`` = either) appears in the answer text
- lists: for ``all_cite`` questions, every ``cite`` entry is quoted
- reasons: how many answers gave each machine-readable reason
- refusals: unanswerable questions answered ``nee``; false refusals: answerable ones answered ``nee``
- verbatim: quotes that are substrings of their source's normalised text
"""

from __future__ import annotations

import json
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from chatbot.cite import loose

# The dev question sets of a project checkout, relative to the working directory like the
# corpus folder: they are development data, not part of the installed package.
DEFAULT_QUESTIONS = (Path("benchmarks/dev-questions.jsonl"), Path("benchmarks/dev2-questions.jsonl"))

# The release gate on the dev questions (dev + dev2), the figures cross-validation supports
# (benchmarks/tune.py). Lists: every one complete (``lists_missed`` 0).
GATE = {"cite": 0.92, "facts": 0.88, "lists_missed": 0, "refusal_rate": 0.85, "false_refusal_rate": 0.05, "verbatim": 1.0}


@dataclass
class Scores:
    n: int = 0
    cite_hits: int = 0
    cite_total: int = 0
    fact_hits: int = 0
    fact_total: int = 0
    list_hits: int = 0
    list_total: int = 0
    refusals: int = 0
    unanswerable: int = 0
    false_refusals: int = 0
    quotes: int = 0
    quotes_verbatim: int = 0
    latencies: list[float] = field(default_factory=list)

    def add(self, question: dict, verdict: dict) -> None:
        """Count one judged answer (``judge``)."""
        self.n += 1
        if question.get("answerable", True):
            if verdict.get("cite") is not None:
                self.cite_total += 1
                self.cite_hits += verdict["cite"]
            if verdict.get("facts") is not None:
                self.fact_total += 1
                self.fact_hits += verdict["facts"]
            if verdict.get("list") is not None:
                self.list_total += 1
                self.list_hits += verdict["list"]
            self.false_refusals += verdict["refused"]
        else:
            self.unanswerable += 1
            self.refusals += verdict["refused"]
        self.quotes += len(verdict["verbatim"])
        self.quotes_verbatim += sum(verdict["verbatim"])

    def row(self) -> dict:
        def ratio(a: int, b: int) -> float | None:
            return round(a / b, 3) if b else None

        return {
            "n": self.n,
            "cite": ratio(self.cite_hits, self.cite_total),
            "facts": ratio(self.fact_hits, self.fact_total),
            "lists": f"{self.list_hits}/{self.list_total}",
            "refusals": f"{self.refusals}/{self.unanswerable}",
            "false_refusals": self.false_refusals,
            "verbatim": ratio(self.quotes_verbatim, self.quotes),
        }


def load_questions(*paths: Path) -> list[dict]:
    """Questions from one or more JSONL files, in order."""
    questions = []
    for path in paths or DEFAULT_QUESTIONS:
        with Path(path).open(encoding="utf-8") as fh:
            for number, line in enumerate(fh, 1):
                if line.strip():
                    try:
                        questions.append(json.loads(line))
                    except ValueError as exc:
                        raise ValueError(f"{path}:{number}: not JSON ({exc})") from None
    return questions


def gate(summary: dict) -> list[str]:
    """What keeps a summary from the release gate (empty when it passes)."""
    problems = []
    for key in ("cite", "facts", "verbatim"):
        if summary[key] is not None and summary[key] < GATE[key]:
            problems.append(f"{key} {summary[key]} < {GATE[key]}")
    hits, total = map(int, summary["lists"].split("/"))
    if total - hits > GATE["lists_missed"]:
        problems.append(f"lists {hits}/{total}")
    refused, unanswerable = map(int, summary["refusals"].split("/"))
    if unanswerable and refused / unanswerable < GATE["refusal_rate"]:
        problems.append(f"refusals {refused}/{unanswerable} < {GATE['refusal_rate']}")
    answerable = summary["n"] - unanswerable
    if answerable and summary["false_refusals"] / answerable > GATE["false_refusal_rate"]:
        problems.append(f"false refusals {summary['false_refusals']}/{answerable} > {GATE['false_refusal_rate']:.0%}")
    return problems


def judge(question: dict, answer: dict, documents: dict[str, dict]) -> dict:
    """Per-question verdicts (None where a metric does not apply)."""
    quotes = [loose(c["quote"]) for c in answer["citations"]]
    text = loose(answer["answer"])
    verdict: dict = {"id": question.get("id"), "cat": question.get("cat", "-")}
    answerable = bool(question.get("answerable", True))
    verdict["refused"] = answer["answerable"] == "nee"
    if answerable:
        cites = [[loose(alt) for alt in c.split("|")] for c in question.get("cite") or []]
        quoted = [any(any(alt in q for q in quotes) for alt in group) for group in cites]
        verdict["cite"] = any(quoted) if cites else None
        facts = question.get("facts") or []
        verdict["facts"] = all(any(loose(alt) in text for alt in group.split("|")) for group in facts) if facts else None
        verdict["list"] = all(quoted) if question.get("all_cite") else None
    verdict["verbatim"] = [c["quote"] in documents.get(c["source"], {}).get("text", "") for c in answer["citations"]]
    return verdict


def evaluate(vraagbaak, questions: list[dict]) -> tuple[dict, dict[str, dict], list[dict]]:
    """Ask every question once; return overall scores, scores per category and verdicts."""
    documents = vraagbaak.state().index.documents
    overall = Scores()
    per_cat: dict[str, Scores] = defaultdict(Scores)
    verdicts = []
    for question in questions:
        answer = vraagbaak.ask(question["q"], question.get("history"))
        verdict = judge(question, answer, documents)
        verdict["latency_ms"] = answer["timings_ms"].get("total", 0.0)
        verdict["answerable_got"] = answer["answerable"]
        verdict["reason"] = answer.get("reason", "-")
        verdicts.append(verdict)
        for scores in (overall, per_cat[verdict["cat"]]):
            scores.add(question, verdict)
            scores.latencies.append(verdict["latency_ms"])
    summary = overall.row()
    lat = sorted(overall.latencies)
    summary["p50_ms"] = round(statistics.median(lat), 1) if lat else None
    summary["p95_ms"] = round(lat[min(len(lat) - 1, int(round(0.95 * (len(lat) - 1))))], 1) if lat else None
    summary["reasons"] = dict(sorted(Counter(f"{v['answerable_got']}:{v['reason']}" for v in verdicts).items()))
    return summary, {cat: s.row() for cat, s in sorted(per_cat.items())}, verdicts


def format_table(summary: dict, per_cat: dict[str, dict]) -> str:
    cols = ["n", "cite", "facts", "lists", "refusals", "false_refusals", "verbatim"]
    lines = [f"{'category':18}" + "".join(f"{c:>16}" for c in cols)]
    for cat, row in per_cat.items():
        lines.append(f"{cat:18}" + "".join(f"{'-' if row[c] is None else row[c]!s:>16}" for c in cols))
    lines.append(f"{'ALL':18}" + "".join(f"{'-' if summary[c] is None else summary[c]!s:>16}" for c in cols))
    lines.append(f"latency p50 {summary['p50_ms']} ms, p95 {summary['p95_ms']} ms")
    if summary.get("reasons"):
        lines.append("reasons: " + ", ".join(f"{k} {v}" for k, v in summary["reasons"].items()))
    return "\n".join(lines)
