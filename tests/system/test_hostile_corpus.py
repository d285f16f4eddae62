"""A corpus folder written by someone hostile: `vraagbaak ingest` reads what it should, fails the rest file by file."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time

import pytest

from ingest.chunk import parse
from tests.servers import REPO, clean_env, vraagbaak

pytestmark = [pytest.mark.slow]

MB = 1_000_000

# Lines that took cubic or quadratic time in the Markdown and page rules (3 KB: 37 s).
PATHOLOGICAL = {
    "a line of spaces": " " * MB,
    "a heading with a line of spaces": "# a" + " " * MB + "b",
    "a page number with spaces": "1" + " " * MB + "x",
    "blank lines": "\n" * MB,
    "wrapped lines": "woord\n" * (MB // 6),
}


@pytest.mark.parametrize("name", PATHOLOGICAL)
def test_a_megabyte_of_pathological_text_parses_in_linear_time(name):
    endings = ["Een gewone zin tot slot.", "Daarna volgt nog iets anders.", "Het laatste woord is aan de lezer."]
    single = [(None, "Titel\n\n" + PATHOLOGICAL[name] + "\n" + endings[0] + "\n")]
    # Pages (as from a PDF) with page numbers at their edges: the running-line rules run too.
    paged = [(i, f"- {i} -\n{PATHOLOGICAL[name]}\n{endings[i - 1]}\npagina {i} van 3\n") for i in (1, 2, 3)]
    timings = []
    for pages in (single, paged):
        started = time.perf_counter()
        doc = parse("test.md", pages, {})
        timings.append(time.perf_counter() - started)
        assert any("gewone zin" in e.text for e in doc.elements)
    print(f"\n{name}: {', '.join(f'{t:.2f} s' for t in timings)}")
    # Measured on 2 busy cores: 0.01-0.15 s for spaces and blank lines (1.2 s for three pages
    # of them), 1.1 s for 166,000 wrapped lines; a cubic rule took 37 s for 3 KB.
    limit = 2.0 if name in ("a line of spaces", "blank lines") else 6.0
    assert timings[0] < limit and timings[1] < 3 * limit


def _tree(root):
    corpus = root / "corpus"
    corpus.mkdir()
    shutil.copy(REPO / "corpus" / "competitief-limburg.txt", corpus)
    shutil.copy(REPO / "corpus" / "competitief-limburg.meta.json", corpus)
    project = (REPO / "tests" / "fixtures" / "projects" / "fietsbrug-zonnedal.md").read_text(encoding="utf-8")
    (corpus / ".bron").mkdir()
    (corpus / ".bron" / "fietsbrug.md").write_text(project, encoding="utf-8")
    os.symlink(corpus / ".bron" / "fietsbrug.md", corpus / "fietsbrug-link.md")  # inside the folder: indexed
    os.symlink("/etc/passwd", corpus / "wachtwoorden.txt")  # outside: refused
    os.symlink("/etc", corpus / "etc-map")
    os.symlink(corpus / "bestaat-niet.txt", corpus / "kapotte-link.txt")
    body = "Project Lange Naam\n\nAmbitielijn: 1\n\nEen project met een heel lange bestandsnaam over zonnepanelen.\n"
    (corpus / ("l" * 246 + ".txt")).write_text(body, encoding="utf-8")  # 250 bytes: its sidecar name is too long
    os.close(os.open(bytes(corpus) + b"/caf\xe9.txt", os.O_CREAT | os.O_WRONLY, 0o644))
    with open(bytes(corpus) + b"/caf\xe9.txt", "wb") as fh:
        fh.write(b"Een tekst in een bestand met een naam in Latin-1.\n")
    forged = "x\nMISLUKT vervalst.txt: alles in orde\x1b[2K.txt"
    (corpus / forged).write_text("Ook dit bestand wordt gewoon gelezen, ondanks zijn naam.\n", encoding="utf-8")
    (corpus / "diep.txt").write_text("Een document met diep geneste metadata over havens.\n", encoding="utf-8")
    (corpus / "diep.meta.json").write_text("[" * 30_000 + "]" * 30_000, encoding="utf-8")
    (corpus / "groot.txt").write_text("Een document met te grote metadata over bossen.\n", encoding="utf-8")
    (corpus / "groot.meta.json").write_text(json.dumps({"title": "x" * 100_000}), encoding="utf-8")
    (corpus / "raar.txt").write_text("Een document met metadata van de verkeerde soort over dijken.\n", encoding="utf-8")
    (corpus / "raar.meta.json").write_text(json.dumps({"title": {"path": "/etc/passwd"}, "publisher": ["a"]}), encoding="utf-8")
    for name, text in PATHOLOGICAL.items():
        if name != "wrapped lines":  # a megabyte of real text is just slow to embed
            (corpus / (name.replace(" ", "-") + ".md")).write_text("Titel\n\n" + text + "\nEen gewone zin tot slot.\n",
                                                                    encoding="utf-8")
    return corpus


def test_hostile_corpus_folder(tmp_path):
    corpus = _tree(tmp_path)
    data = tmp_path / "data"
    env = clean_env(VRAAGBAAK_DATA_DIR=data, VRAAGBAAK_CORPUS_DIR=corpus, VRAAGBAAK_FILE_TIMEOUT_S=10)
    started = time.monotonic()
    result = subprocess.run(vraagbaak("ingest", "--no-progress", "--json"), cwd=REPO, env=env, capture_output=True,
                            timeout=600)
    seconds = time.monotonic() - started
    stderr = result.stderr.decode("utf-8", "replace")
    assert result.returncode == 2, stderr[-3000:]
    assert "Traceback" not in stderr
    report = json.loads(result.stdout)
    failed = {f["source"]: f["reason"] for f in report["failed"]}
    print(f"\ningest of the hostile folder: {seconds:.1f} s; failed: {failed}")
    assert set(failed) == {"wachtwoorden.txt", "etc-map", "kapotte-link.txt", "caf\\xe9.txt"}, failed
    assert "outside the corpus folder" in failed["wachtwoorden.txt"]
    assert "not valid UTF-8" in failed["caf\\xe9.txt"]
    # Everything else was read, including the long name, the forged name and the slow lines.
    status = json.loads(subprocess.run(vraagbaak("status", "--json"), cwd=REPO, env=env, capture_output=True,
                                       timeout=120).stdout)
    manifest = json.loads((data / "index" / "current.json").read_text())
    sources = {d["source"] for d in manifest["documents"]}
    assert "fietsbrug-link.md" in sources and "l" * 246 + ".txt" in sources
    assert "x\nMISLUKT vervalst.txt: alles in orde\x1b[2K.txt" in sources
    assert {"diep.txt", "groot.txt", "raar.txt"} <= sources
    assert status["documents"] == len(sources) == 11
    documents = {d["source"]: d for d in json.loads((data / "index" / "versions" / manifest["version"] / "documents.json").read_text())}
    assert documents["raar.txt"]["metadata"] == {} and documents["groot.txt"]["metadata"] == {}
    assert seconds < 120  # the slow lines took 37 s per 3 KB before; now seconds for the whole folder

    # The plain-text report escapes control characters: no forged line.
    again = subprocess.run(vraagbaak("ingest", "--no-progress"), cwd=REPO, env=env, capture_output=True, timeout=600)
    assert again.returncode == 2 and b"Index is al actueel" in again.stdout  # the same refused links are no change
    lines = again.stderr.decode("utf-8", "replace").splitlines()
    assert not any(line.startswith("MISLUKT vervalst") for line in lines)
    assert any(line.startswith("MISLUKT caf\\xe9.txt: ") for line in lines)
    assert all("\x1b" not in line for line in lines)

    # /etc/passwd did not get in: its first line is not "in the documents".
    check = subprocess.run(vraagbaak("check", "--json", "root:x:0:0:root:/root:/bin/bash"), cwd=REPO, env=env,
                           capture_output=True, timeout=120)
    assert check.returncode == 3 and json.loads(check.stdout)["found"] is False


def test_a_link_swapped_in_after_discovery_is_not_followed(tmp_path):
    from ingest.load import LoadError, discover, read_document

    (tmp_path / "doc.txt").write_text("Een gewone tekst over fietsen.\n", encoding="utf-8")
    (found_path, name), = discover([tmp_path])[0]
    (tmp_path / "doc.txt").unlink()
    os.symlink("/etc/passwd", tmp_path / "doc.txt")
    with pytest.raises(LoadError) as excinfo:
        read_document(found_path, name, timeout_s=20, max_bytes=10**6, max_pdf_pages=10, memory_bytes=1 << 30)
    assert "open" in str(excinfo.value) or "link" in str(excinfo.value)
