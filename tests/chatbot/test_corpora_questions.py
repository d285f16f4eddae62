"""The test corpora's question sets (tests/corpora/*/questions.jsonl) are well formed and quote their documents.

A ``cite`` that is not in the normalised text of the corpus can never be matched, so it
would count as a miss of the answer layer; this test keeps the sets honest when the
documents or the text normalisation change.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from chatbot.cite import loose
from chatbot.evaluate import CORPUS_QUESTIONS, corpus_documents, list_corpora, load_questions
from ingest.load import read_document

CORPORA = Path(__file__).resolve().parents[2] / "tests" / "corpora"
FIELDS = {"id", "cat", "q", "answerable", "cite", "facts", "all_cite", "set"}


def _texts(folder: Path) -> list[str]:
    return [
        loose(read_document(p, p.name, timeout_s=60, max_bytes=50_000_000, max_pdf_pages=50, memory_bytes=2 << 30).text)
        for p in corpus_documents(folder)
    ]


@pytest.mark.parametrize("folder", list_corpora(CORPORA), ids=lambda p: p.name)
def test_question_set_is_well_formed_and_cites_its_documents(folder):
    texts = _texts(folder)
    assert texts, "a corpus without documents"
    questions = load_questions(folder / CORPUS_QUESTIONS)
    assert len(questions) >= 35
    ids = [q["id"] for q in questions]
    assert len(set(ids)) == len(ids) and len({i.split("-")[0] for i in ids}) == 1
    for q in questions:
        assert set(q) <= FIELDS and q["q"].strip() and isinstance(q["answerable"], bool), q
        if not q["answerable"]:
            assert not q.get("cite") and not q.get("facts"), q["id"]
            continue
        assert q.get("cite") or q.get("facts"), q["id"]
        for cite in q.get("cite") or []:
            assert any(any(loose(alt) in text for text in texts) for alt in cite.split("|")), f"{q['id']}: {cite!r}"
    unanswerable = sum(not q["answerable"] for q in questions) / len(questions)
    assert 0.15 <= unanswerable <= 0.35
    assert any(q.get("all_cite") for q in questions), "no complete-list question"
