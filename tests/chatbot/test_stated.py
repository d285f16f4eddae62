"""A count the text states itself is quoted next to a count read from the structure."""

from __future__ import annotations

import pytest

from chatbot.stated import stated_count, states_count
from ingest.chunk import Chunk


@pytest.mark.parametrize("sentence, count, nouns, states", [
    ("Het woonplan telt drie strategische doelstellingen (SD).", 3, {"strategische", "doelstellingen"}, True),
    ("Dit beleidsplan zet in op drie prioriteiten.", 3, {"prioriteiten"}, True),
    ("Dit beleidsplan zet in op 3 prioriteiten.", 3, {"prioriteit"}, True),
    ("Dit beleidsplan zet in op drie prioriteiten.", 4, {"prioriteiten"}, False),
    ("Drie gemeenten werken mee aan vier prioriteiten.", 3, {"prioriteiten"}, False),
    ("Het plan loopt drie jaar.", 3, {"prioriteiten"}, False),
])
def test_states_count(sentence, count, nouns, states):
    assert states_count(sentence, count, frozenset(nouns)) is states


def chunk(text, source="plan.md", heading=False, kind="context"):
    return Chunk(id=text[:8], text=text, source=source, title="Plan", page=1, section_path="A", kind=kind,
                 ambitielijn=None, position=0, char_start=0, char_end=len(text), heading=heading)


def test_the_stating_sentence_is_found_in_the_same_document_only():
    chunks = [chunk("Drie prioriteiten", heading=True), chunk("Inleiding. Het plan telt drie prioriteiten. Meer volgt.", "other.md"),
              chunk("Inleiding. Het plan telt drie prioriteiten. Meer volgt.")]
    found = stated_count(chunks, {"plan.md"}, 3, frozenset({"prioriteiten"}))
    assert found is not None and found[0].source == "plan.md" and found[1] == "Het plan telt drie prioriteiten."
    assert stated_count(chunks, {"plan.md"}, 1, frozenset({"prioriteiten"})) is None


def test_a_labels_number_is_no_count():
    assert not states_count("vooral voor werf 3 en werf 4.", 3, frozenset({"doelen", "werf"}))
