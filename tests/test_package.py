"""The wheel is complete: installed outside the checkout, it ingests a corpus and answers in Dutch.

The wheel is built from a copy of the checkout (a build writes ``build/`` and
``*.egg-info`` next to the sources) and installed without its dependencies into a fresh
virtual environment in a temporary folder. The dependencies come from the project's own
environment through a ``.pth`` line: that adds its site-packages to ``sys.path`` without
running its ``.pth`` files, so the editable install of the checkout cannot leak in. The
commands run in another temporary folder, so the working directory cannot either.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
QUESTION = "Welke KPI's horen bij ambitielijn 3?"
# Top-level folders a build does not need (environments, indexes, earlier builds, tests).
SKIP_TOP = {".git", ".venv", "data", ".ci-data", "build", "dist", ".pytest_cache", ".hypothesis", "tests", "docs"}


def skip(folder: str, names: list[str]) -> set[str]:
    """What ``copytree`` leaves out: the folders above at the top only (``chatbot/data`` is package data)."""
    top = Path(folder) == REPO
    return {n for n in names if (top and n in SKIP_TOP) or n == "__pycache__" or n.endswith(".egg-info")}


def run(args: list, cwd: Path, env: dict | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"{args}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> dict:
    """A fresh venv outside the repo with only the wheel installed: {"python", "script", "site", "root"}."""
    root = tmp_path_factory.mktemp("wheel")
    source = root / "source"
    shutil.copytree(REPO, source, ignore=skip)
    run([sys.executable, "-m", "pip", "wheel", ".", "--no-deps", "-w", root / "dist", "-q"], cwd=source)
    (wheel,) = (root / "dist").glob("vraagbaak-*.whl")

    venv = root / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", venv], cwd=root)
    python = venv / "bin" / "python"
    run([sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", "-q", wheel], cwd=root)
    site = Path(run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd=root).stdout.strip())
    ours = dict.fromkeys(sysconfig.get_paths()[key] for key in ("purelib", "platlib"))
    (site / "project-dependencies.pth").write_text("".join(f"{path}\n" for path in ours))
    return {"python": python, "script": venv / "bin" / "vraagbaak", "site": site, "root": root}


def clean_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VRAAGBAAK_", "PYTHON"))}
    env.update(ANONYMIZED_TELEMETRY="False", **{k: str(v) for k, v in extra.items()})
    return env


def test_the_wheel_carries_code_wording_and_data(installed):
    work = installed["root"] / "elsewhere"
    work.mkdir(exist_ok=True)
    probe = (
        "import json, chatbot, chatbot.paths, prompts, ui.web\n"
        "from chatbot.understand import english_lexicon, kinds\n"
        "from chatbot.lexicon import function_words\n"
        "print(json.dumps({'chatbot': chatbot.__file__, 'paths': chatbot.paths.__file__, 'prompts': prompts.__file__,\n"
        "  'keys': len(prompts.load_prompts().keys()), 'kinds': sorted(kinds()), 'english': len(english_lexicon()),\n"
        "  'function_words': len(function_words()), 'css': len(ui.web.css())}))\n"
    )
    found = json.loads(run([installed["python"], "-c", probe], cwd=work, env=clean_env()).stdout)
    for module in ("chatbot", "paths", "prompts"):
        assert Path(found[module]).is_relative_to(installed["site"]), found  # not the checkout
    from prompts import load_prompts

    assert found["keys"] == len(load_prompts().keys())
    assert found["kinds"] == ["actie", "analyse", "kpi", "project"]
    assert found["english"] > 100 and found["function_words"] > 300 and found["css"] > 1000


def test_the_installed_command_ingests_and_answers_in_dutch(installed):
    work = installed["root"] / "work"
    work.mkdir()
    corpus = shutil.copytree(REPO / "corpus", work / "documenten")
    env = clean_env(VRAAGBAAK_DATA_DIR=work / "data")
    ingested = run([installed["script"], "ingest", "--no-progress", corpus], cwd=work, env=env)
    assert "Ambitielijn 3: 12 acties, 3 KPI's" in ingested.stdout, ingested.stdout

    asked = run([installed["script"], "ask", "--json", QUESTION], cwd=work, env=env)
    answer = json.loads(asked.stdout)
    assert answer["answerable"] == "ja" and answer["reason"] == "structure", answer
    assert answer["answer"].startswith("Ambitielijn 3 (") and "noemt 3 KPI's:" in answer["answer"], answer["answer"]
    assert [c["n"] for c in answer["citations"]] == [1, 2, 3]
    assert {c["section"] for c in answer["citations"]} == {"Ambitielijn 3 › KPI's"}
    assert all(c["quote"] in answer["answer"] and c["url"].startswith("https://") for c in answer["citations"])
