"""Small helpers for the ingest tests (no fixtures here: see conftest.py)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CORPUS_DIR = REPO / "corpus"
CORPUS_TXT = CORPUS_DIR / "competitief-limburg.txt"
FIXTURES = REPO / "tests" / "fixtures"
FIXTURE_PDF = FIXTURES / "competitief-limburg.pdf"
PROJECTS = FIXTURES / "projects"

# The published structure of "Competitief Limburg".
EXPECTED_ACTIONS = {1: 14, 2: 5, 3: 12}
EXPECTED_KPIS = {1: 3, 2: 3, 3: 3}
EXPECTED_ANALYSIS = 6

_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " "})


def norm(text: str) -> str:
    """Lower case, one space for any white space, straight quotes: for verbatim comparisons."""
    return " ".join(text.translate(_QUOTES).lower().split())


def corpus_norm() -> str:
    return norm(CORPUS_TXT.read_text(encoding="utf-8"))


def load(path: Path, **limits):
    """Load one file with generous default limits (raises LoadError)."""
    from ingest.load import load_file

    args = {"timeout_s": 60.0, "max_bytes": 100_000_000, "max_pdf_pages": 2000, "memory_bytes": 2 << 30}
    args.update(limits)
    return load_file(path, path.name, **args)


def parse_file(path: Path):
    """File -> StructuredDocument, as the pipeline does it."""
    from ingest.chunk import parse

    raw = load(path)
    return parse(raw.source, raw.pages, raw.metadata)


def items_of(chunks) -> list:
    """The catalog items (actions, KPIs, analysis bullets) among chunks."""
    return [c for c in chunks if c.kind in ("actie", "kpi", "analyse") and c.item_index is not None]


def counts_of(items) -> dict:
    out: dict = {}
    for item in items:
        key = (item["ambitielijn"], item["kind"]) if isinstance(item, dict) else (item.ambitielijn, item.kind)
        out[key] = out.get(key, 0) + 1
    return out


def assert_published_counts(items) -> None:
    counts = counts_of(items)
    for line in (1, 2, 3):
        assert counts.get((line, "actie"), 0) == EXPECTED_ACTIONS[line], (line, counts)
        assert counts.get((line, "kpi"), 0) == EXPECTED_KPIS[line], (line, counts)
    assert counts.get((None, "analyse"), 0) == EXPECTED_ANALYSIS, counts
    assert sum(counts.values()) == sum(EXPECTED_ACTIONS.values()) + sum(EXPECTED_KPIS.values()) + EXPECTED_ANALYSIS


def copy_index(settings, data_dir: Path, **overrides):
    """A copy of ``settings``' data dir at ``data_dir``, and Settings pointing at it."""
    from chatbot.settings import Settings

    shutil.copytree(settings.data_dir, data_dir)
    fields = {"data_dir": data_dir, "corpus_dir": settings.corpus_dir}
    fields.update(overrides)
    return Settings(**fields)


def vraagbaak_command() -> list[str]:
    script = Path(sys.executable).parent / "vraagbaak"
    return [str(script)] if script.exists() else [sys.executable, "-m", "ui.cli"]


def cli_env(data_dir: Path, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("VRAAGBAAK_")}
    env.update(VRAAGBAAK_DATA_DIR=str(data_dir), VRAAGBAAK_CORPUS_DIR=str(CORPUS_DIR), ANONYMIZED_TELEMETRY="False")
    env.update(extra)
    return env


def run_cli(args: list[str], data_dir: Path, timeout: float = 120, **env_extra: str) -> subprocess.CompletedProcess:
    """Run the installed ``vraagbaak`` console script as a process of its own (the ``cli`` fixture runs it in this one)."""
    return subprocess.run(
        vraagbaak_command() + args,
        cwd=REPO,
        env=cli_env(data_dir, **env_extra),
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def running_text_re(texts: list[str]) -> re.Pattern:
    """A pattern for header/footer remnants inside an item."""
    parts = [re.escape(norm(t)) for t in texts]
    parts += [r"\bpagina \d+", r"(^|\s)- ?\d+ ?-(\s|$)", r"\bp\. \d+"]
    return re.compile("|".join(parts))
