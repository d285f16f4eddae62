"""Citation verification and the wording check."""

import logging

import pytest

from chatbot.cite import Citations, check_wording, loose, verify_quote, word_diff
from ingest.chunk import Chunk

DOC = "Eerste zin over fietsen. Het kolen- en fruitspoor maken deel uit van de premiumlaag, bv. in Limburg.\n\n• Een actieplan ‘leren voor werkenden’ uitrollen"


def chunk(text, start):
    return Chunk(id=f"c{start}", text=text, source="doc.txt", title="Doc", page=3, section_path="A › B",
                 kind="context", ambitielijn=None, position=0, char_start=start, char_end=start + len(text))


@pytest.fixture()
def documents():
    return {"doc.txt": {"text": DOC, "title": "Doc"}}


@pytest.mark.parametrize(
    "quote, ok",
    [
        ("Eerste zin over fietsen.", True),
        ("kolen- en fruitspoor", True),
        ("Eerste  zin over fietsen.", False),  # white space differs: not verbatim
        ("eerste zin over fietsen.", False),  # case differs
        ("Het kolen en fruitspoor", False),
        ("", False),
        ("   ", False),
    ],
)
def test_verify_quote(quote, ok):
    assert verify_quote(quote, DOC) is ok


def test_citations_drop_and_log_unverifiable_quotes(documents, caplog):
    cites = Citations(documents)
    good = chunk("Eerste zin over fietsen.", 0)
    with caplog.at_level(logging.WARNING, logger="chatbot.cite"):
        assert cites.add(good) == 1
        assert cites.add(good, "Een zin die er niet staat") is None
    assert [c.n for c in cites.items] == [1]
    assert "Dropped a citation" in caplog.text
    # The same chunk and quote twice keeps one number.
    assert cites.add(good) == 1
    assert cites.to_list()[0]["page"] == 3


def test_citation_of_unknown_source_is_dropped(documents):
    other = Chunk(id="x", text="Eerste zin over fietsen.", source="elders.txt", title="?", page=None,
                  section_path="", kind="context", ambitielijn=None, position=0, char_start=0, char_end=24)
    assert Citations(documents).add(other) is None


def test_check_wording_finds_verbatim_ignoring_case_space_and_quotes(documents):
    chunks = [chunk("Een actieplan ‘leren voor werkenden’ uitrollen", DOC.index("Een actieplan"))]
    result = check_wording("een actieplan 'leren voor  werkenden'", documents, chunks)
    assert result.found and result.ratio == 1.0
    assert result.quote == "Een actieplan ‘leren voor werkenden’"
    assert verify_quote(result.quote, DOC)


def test_check_wording_reports_closest_with_differences(documents):
    chunks = [chunk("Het kolen- en fruitspoor maken deel uit van de premiumlaag, bv. in Limburg.", DOC.index("Het kolen"))]
    result = check_wording("Het kolen- en fruitspoor maken deel uit van de basislaag", documents, chunks)
    assert not result.found
    assert result.ratio > 0.8
    changed = [op for op in result.diff if op["op"] != "equal"]
    assert changed and changed[0]["text"] == "basislaag" and changed[0]["document"].startswith("premiumlaag")


def test_word_diff_and_loose():
    ops = word_diff("a b c", "a x c")
    assert [o["op"] for o in ops] == ["equal", "replace", "equal"]
    assert loose("„Leren”  voor ‘werkenden’") == '"leren" voor \'werkenden\''


def test_closest_wording_of_an_edited_sentence_is_where_it_came_from(bot):
    """One word replaced, dropped or swapped, or the sentence cut short: the closest wording is found in the original."""
    import random

    from ingest.dutch import sentence_spans

    state = bot.state()
    documents, chunks = state.index.documents, state.index.chunks
    rng = random.Random(11)
    cases = []
    for c in chunks:
        for s, e in sentence_spans(c.text):
            words = c.text[s:e].split()
            if len(words) >= 6:
                i = rng.randrange(1, len(words) - 1)
                edited = [list(words) for _ in range(4)]
                edited[0][i] = rng.choice(["groen", "regionale", "fietsers"])
                del edited[1][i]
                edited[2][i - 1], edited[2][i] = words[i], words[i - 1]
                edited[3] = words[: max(4, len(words) // 2)]
                cases += [(" ".join(w), c.source, c.char_start + s, c.char_start + e) for w in edited]
    cases = rng.sample(cases, 80)
    missed = []
    for text, source, start, end in cases:
        result = check_wording(text, documents, chunks, [h.chunk for h in state.retriever.search(text, k=10)])
        at = documents[source]["text"].find(result.quote or "\0", max(0, start - 200))
        if not (result.source == source and result.quote and start - len(result.quote) < at < end):
            missed.append((text, result.quote))
    assert len(missed) <= 2, missed  # 424 of 428 over the whole corpus
