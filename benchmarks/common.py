"""What the benchmark scripts share: the questions they ask and how they report percentiles."""

from __future__ import annotations

import json
from pathlib import Path

DEV_QUESTIONS = Path(__file__).resolve().parent / "dev-questions.jsonl"


def question_texts(path: Path = DEV_QUESTIONS) -> list[str]:
    """The question texts of a JSONL question set (the dev questions by default)."""
    with Path(path).open(encoding="utf-8") as fh:
        return [json.loads(line)["q"] for line in fh if line.strip()]


def percentile(values: list[float], q: float) -> float:
    """The ``q`` quantile (0..1) by nearest rank; 0.0 for no values."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] if ordered else 0.0
