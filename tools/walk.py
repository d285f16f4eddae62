"""The walk of one question through the code: which project files it visits and how often control crosses files.

    python -m tools.walk ["Welk aandeel van de Belgische octrooiaanvragen had Limburg in 2019?"]

Asks the question once on the bundled corpus (indexed in ``VRAAGBAAK_DATA_DIR``, default
``/tmp/walkdata``, on first use) and traces the answering with ``sys.setprofile``. Prints the
distinct files under ``chatbot/`` and ``ingest/`` that ran, and per file how often control
returned into it from a function of another project file (``returns into``) and how often a
function of it was called from another project file (``entered``).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TRACED = ("chatbot", "ingest")
QUESTION = "Welk aandeel van de Belgische octrooiaanvragen had Limburg in 2019?"


def project_file(filename: str) -> str | None:
    """The path of a traced project file relative to the repository, else None."""
    try:
        rel = Path(filename).resolve().relative_to(REPO)
    except ValueError:
        return None
    return str(rel) if rel.parts and rel.parts[0] in TRACED else None


class Walk:
    """Counts, for the frames of project files, the files run and the crossings between them."""

    def __init__(self) -> None:
        self.files: Counter[str] = Counter()
        self.returns_into: Counter[str] = Counter()
        self.entered: Counter[str] = Counter()
        self._names: dict[str, str | None] = {}

    def _file(self, frame) -> str | None:
        name = frame.f_code.co_filename
        if name not in self._names:
            self._names[name] = project_file(name)
        return self._names[name]

    def _caller(self, frame) -> str | None:
        """The project file of the nearest project frame below this one."""
        back = frame.f_back
        while back is not None:
            found = self._file(back)
            if found is not None:
                return found
            back = back.f_back
        return None

    def __call__(self, frame, event: str, arg) -> None:
        if event not in ("call", "return"):
            return
        own = self._file(frame)
        if own is None:
            return
        caller = self._caller(frame)
        if event == "call":
            self.files[own] += 1
            if caller is not None and caller != own:
                self.entered[own] += 1
        elif caller is not None and caller != own:
            self.returns_into[caller] += 1


def service(data_dir: Path):
    """The service over the bundled corpus, ingested into ``data_dir`` when it holds no current index."""
    from chatbot.service import Vraagbaak
    from chatbot.settings import Settings
    from ingest.pipeline import ingest
    from ingest.store import IndexStore

    settings = Settings(data_dir=data_dir, corpus_dir=REPO / "corpus", question_log=False)
    try:
        IndexStore(settings).require_current()
    except Exception:  # noqa: BLE001 - no index yet, or an old one: make it
        ingest(settings, progress=False)
    bot = Vraagbaak(settings)
    bot.warm()
    return bot


def walk(bot, question: str) -> tuple[Walk, dict]:
    """Ask ``question`` once under the profiler (after one untraced ask that loads the per-version caches)."""
    bot.ask("Welke acties zijn er?")
    traced = Walk()
    sys.setprofile(traced)
    try:
        answer = bot.ask(question)
    finally:
        sys.setprofile(None)
    return traced, answer


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("question", nargs="?", default=QUESTION)
    args = ap.parse_args(argv)
    data_dir = Path(os.environ.get("VRAAGBAAK_DATA_DIR") or "/tmp/walkdata")
    traced, answer = walk(service(data_dir), args.question)
    print(f"question: {args.question}")
    print(f"answer: {answer['answerable']} ({answer.get('reason', '-')})")
    print(f"files visited: {len(traced.files)}")
    print(f"returns into chatbot/answer.py: {traced.returns_into.get('chatbot/answer.py', 0)}")
    print(f"returns between files: {sum(traced.returns_into.values())}")
    print(f"{'file':36}{'calls':>8}{'entered':>9}{'returns into':>14}")
    for name in sorted(traced.files, key=lambda n: (-traced.returns_into[n], n)):
        print(f"{name:36}{traced.files[name]:>8}{traced.entered[name]:>9}{traced.returns_into[name]:>14}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
