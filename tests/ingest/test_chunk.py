"""Chunks: one per item and paragraph, verbatim offsets, stable ids."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from ingest.chunk import CHUNK_SIZE, Chunk, chunk_document, chunk_id, parse, split_long
from tests.ingest.helpers import CORPUS_TXT, FIXTURE_PDF, PROJECTS, REPO, parse_file

KINDS = {"titel", "analyse", "context", "actie", "kpi", "project"}
PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check_chunks(doc, chunks) -> None:
    """Invariants of every chunk list."""
    assert [c.position for c in chunks] == list(range(len(chunks)))
    assert len({c.id for c in chunks}) == len(chunks)
    previous_end = 0
    for c in chunks:
        assert c.text.strip(), c
        assert doc.text[c.char_start : c.char_end] == c.text
        assert c.char_start >= previous_end  # in document order, never overlapping
        previous_end = c.char_end
        assert c.text == c.text.strip()
        assert c.kind in KINDS
        assert c.source == doc.source and c.title == doc.title
        if c.item_index is None:
            assert len(c.text) <= CHUNK_SIZE, len(c.text)


def test_chunk_ids_of_the_bundled_documents_do_not_change():
    """Ids hash the section paths, whose names now come from prompts/: the same names, so the same ids.

    ``tests/fixtures/chunk-ids.json`` was written with the names still in code; an index made
    then keeps its embeddings, and its history its matches by id.
    """
    expected = json.loads((REPO / "tests" / "fixtures" / "chunk-ids.json").read_text(encoding="utf-8"))
    paths = {p.name: p for p in (CORPUS_TXT, FIXTURE_PDF, *PROJECTS.iterdir())}
    assert set(expected) <= set(paths)
    for name, ids in expected.items():
        assert [[c.id, c.section_path] for c in chunk_document(parse_file(paths[name]))] == ids, name


def test_section_names_come_from_the_labels():
    from ingest.structure import SectionLabels, bundled_labels

    text = CORPUS_TXT.read_text(encoding="utf-8")
    labels = SectionLabels(**{**bundled_labels().__dict__, "kpis": "Indicatoren", "line": "Lijn {lijn}"})
    sections = {c.section_path for c in chunk_document(parse(CORPUS_TXT.name, [(None, text)], labels=labels))}
    assert "Lijn 3 › Indicatoren" in sections and "Lijn 2 › Ondertitel" in sections
    assert not any("KPI's" in s or "Ambitielijn" in s for s in sections)


def test_corpus_chunks():
    doc = parse_file(CORPUS_TXT)
    chunks = chunk_document(doc)
    check_chunks(doc, chunks)
    by_kind = {kind: [c for c in chunks if c.kind == kind] for kind in KINDS}
    assert len(by_kind["actie"]) == 31 and len(by_kind["kpi"]) == 9 and len(by_kind["analyse"]) == 6
    assert by_kind["titel"][0].text == "Competitief Limburg" and by_kind["titel"][0].heading
    # One chunk per item, whole.
    fietspad = [c for c in by_kind["actie"] if "kilometers fietspad" in c.text]
    assert len(fietspad) == 1 and fietspad[0].ambitielijn == 3 and fietspad[0].section_path == "Ambitielijn 3 › Acties"
    assert fietspad[0].text.endswith("werkplekken attractiever te maken")
    # Every list item of one list shares a list id.
    assert len({c.list_id for c in chunks if c.ambitielijn == 1 and c.kind == "actie"}) == 1


def test_pdf_chunks_have_pages():
    doc = parse_file(FIXTURE_PDF)
    chunks = chunk_document(doc)
    check_chunks(doc, chunks)
    assert all(isinstance(c.page, int) and 1 <= c.page <= 7 for c in chunks)
    assert [c.page for c in chunks] == sorted(c.page for c in chunks)


def test_long_paragraphs_split_on_sentence_boundaries():
    sentence = "Limburg investeert in innovatie, in talent en in verbindingen met de regio's rondom. "
    paragraph = (sentence * 20).strip()
    spans = split_long(paragraph)
    assert len(spans) > 1
    pieces = [paragraph[s:e] for s, e in spans]
    assert all(len(p) <= CHUNK_SIZE for p in pieces)
    assert all(p.endswith(".") for p in pieces)
    assert " ".join(pieces) == paragraph


def test_short_paragraph_is_one_span():
    assert split_long("Kort.") == [(0, 5)]


def test_chunk_id_depends_on_source_section_and_normalised_text():
    base = chunk_id("a.txt", "Ambitielijn 1 › Acties", "Een actie")
    assert base == chunk_id("a.txt", "Ambitielijn 1 › Acties", " Een   actie ")
    assert len({base, chunk_id("b.txt", "Ambitielijn 1 › Acties", "Een actie"),
                chunk_id("a.txt", "Ambitielijn 2 › Acties", "Een actie"), chunk_id("a.txt", "Ambitielijn 1 › Acties", "Een actie", 1),
                chunk_id("a.txt", "Ambitielijn 1 › Acties", "Een andere actie")}) == 5


def test_repeated_text_in_one_section_gets_distinct_ids():
    doc = parse("herhaling.txt", [(None, "Titel\n\nZelfde zin.\n\nZelfde zin.\n\nZelfde zin.")])
    chunks = chunk_document(doc)
    assert [c.text for c in chunks if c.kind == "context"] == ["Zelfde zin."] * 3
    assert len({c.id for c in chunks}) == len(chunks)


def test_chunk_round_trips_through_a_dict():
    chunk = chunk_document(parse_file(CORPUS_TXT))[5]
    assert Chunk.from_dict(json.loads(json.dumps(chunk.to_dict()))) == chunk


_IDS_SCRIPT = """
import json, sys
from pathlib import Path
from ingest.chunk import chunk_document, parse
from ingest.load import load_file
out = []
for name in sys.argv[1:]:
    p = Path(name)
    raw = load_file(p, p.name, timeout_s=60, max_bytes=10**8, max_pdf_pages=100, memory_bytes=2 << 30)
    out += [c.id for c in chunk_document(parse(raw.source, raw.pages, raw.metadata))]
print(json.dumps(out))
"""


def test_ids_are_stable_across_runs():
    """Two fresh interpreters (different hash seeds) give the same ids as this one."""
    files = [str(CORPUS_TXT), str(FIXTURE_PDF)]
    expected = [c.id for f in (CORPUS_TXT, FIXTURE_PDF) for c in chunk_document(parse_file(f))]
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        result = subprocess.run([sys.executable, "-c", _IDS_SCRIPT, *files], cwd=REPO, env=env,
                                capture_output=True, text=True, timeout=120, check=True)
        assert json.loads(result.stdout) == expected


# -- properties -------------------------------------------------------------------------

_pieces = st.sampled_from(
    [
        "Ambitielijn 1: Innovatie\n", "Ambitielijn 2:\n", "Wat zijn voorbeelden van acties?\n", "Welke KPI’s volgen we op?\n",
        "Wat leert de analyse ons?\n", "• ", " – ", "➔", "\n\n", "\n", "  ", "Ontdek de projecten\n", "Pagina 2\n",
        "Limburg blijft 20% onder het niveau van Vlaanderen. ", "een zin zonder hoofdletter ", "grensover-\nschrijdende ",
        "\u00a0", "…", "Acties:\n", "# Kop\n", "- ", "1. ", "?", ":", ".",
    ]
)
_doc_text = st.lists(st.one_of(_pieces, st.text(max_size=30)), max_size=80).map("".join)
_long_words = st.lists(st.text(alphabet="abcdefghij .,;?!", min_size=1, max_size=40), min_size=1, max_size=60).map(" ".join)


@PROPERTY
@given(st.lists(st.tuples(st.one_of(st.none(), st.integers(1, 9)), _doc_text), min_size=1, max_size=3))
def test_any_text_gives_valid_chunks(pages):
    doc = parse("eigen.txt", pages)
    chunks = chunk_document(doc)
    check_chunks(doc, chunks)
    assert chunk_document(parse("eigen.txt", pages)) == chunks  # same input, same chunks and ids


@PROPERTY
@given(_long_words)
def test_splitting_covers_the_paragraph_without_overlap(text):
    text = " ".join(text.split())
    assume(text)  # elements are never empty
    spans = split_long(text)
    pieces = [text[s:e] for s, e in spans]
    assert all(piece and len(piece) <= CHUNK_SIZE for piece in pieces)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
    assert "".join(pieces).replace(" ", "") == text.replace(" ", "")


def test_a_passage_is_embedded_in_its_context_and_quoted_as_written():
    """The embedded text carries the container's title and the section name; the chunk's text is untouched."""
    from ingest.chunk import embed_texts
    from ingest.structure import SEP

    doc = parse_file(CORPUS_TXT)
    chunks = chunk_document(doc)
    texts = embed_texts(chunks)
    assert len(texts) == len(chunks)
    for chunk, text in zip(chunks, texts):
        assert doc.text[chunk.char_start : chunk.char_end] == chunk.text
        assert text.endswith(chunk.text)
        if chunk.heading:
            assert text == chunk.text
    titles = {c.ambitielijn: c.text for c in chunks if c.kind == "titel" and c.ambitielijn is not None}
    items = [(c, t) for c, t in zip(chunks, texts) if c.item_index is not None and c.ambitielijn is not None]
    assert items
    for chunk, text in items:
        section = chunk.section_path.split(SEP)[-1]
        assert text == f"{titles[chunk.ambitielijn]}{SEP}{section}: {chunk.text}"


def test_the_embedded_text_follows_its_container_not_only_the_chunk():
    """Renaming a line changes what its items embed (so their vectors are not reused), not their ids."""
    from dataclasses import replace

    from ingest.chunk import embed_texts

    chunks = chunk_document(parse_file(CORPUS_TXT))
    title = next(i for i, c in enumerate(chunks) if c.kind == "titel" and c.ambitielijn == 2)
    renamed = list(chunks)
    renamed[title] = replace(chunks[title], text="Ambitielijn 2: Een andere titel")
    before, after = embed_texts(chunks), embed_texts(renamed)
    changed = {chunks[i].ambitielijn for i in range(len(chunks)) if before[i] != after[i] and i != title}
    assert changed == {2}
