"""Wording checks on whole words: found, found with other capitals or spacing, the closest wording, or nothing comparable."""

import pytest

from chatbot.cite import check_wording, verify_quote
from chatbot.wording import align, find
from ingest.chunk import Chunk

DOC = ("De interregionale interactie groeit. Een fonds ‘groen wonen’ oprichten, waarbij de stad meebetaalt. "
       "Hasselt blijft 12% onder het niveau van Antwerpen. Het kolen- en fruitspoor maken deel uit van de basis. "
       "Noord-Limburg bouwt 1.200 woningen voor 4,5 miljoen euro en de KPI's volgen.")


@pytest.mark.parametrize(
    "text, found, differs_in",
    [
        ("interregionale interactie", "interregionale interactie", ()),
        ("regionale interactie", None, None),  # inside a longer word: no match
        ("interregionale interact", None, None),  # ends inside a word
        ("Een fonds 'groen wonen' oprichten", "Een fonds ‘groen wonen’ oprichten", ()),  # quotation mark style
        ("Een fonds \"groen wonen\" oprichten,", "Een fonds ‘groen wonen’ oprichten", ()),  # style and closing comma
        ("kolen – en fruitspoor", "kolen- en fruitspoor", ("spacing",)),  # a space more before the dash
        ("kolen en fruitspoor", None, None),  # a dash less is a difference of wording
        ("kolen— en fruitspoor", "kolen- en fruitspoor", ()),  # dash style
        ("een FONDS", "Een fonds", ("case",)),
        ("12 % onder", "12% onder", ("spacing",)),
        ("hasselt blijft 12 % onder", "Hasselt blijft 12% onder", ("case", "spacing")),
        ("groeit.  Een   fonds", "groeit. Een fonds", ()),  # white space runs
        ("Hasselt blijft 13% onder", None, None),
        # part of a hyphenated word, of a number, or a word before its apostrophe ending
        ("Limburg bouwt", None, None),
        ("Noord-Limburg bouwt", "Noord-Limburg bouwt", ()),
        ("200 woningen", None, None),
        ("1.200 woningen", "1.200 woningen", ()),
        ("bouwt 1", None, None),
        ("5 miljoen euro", None, None),
        ("voor 4", None, None),
        ("de KPI", None, None),
        ("de KPI's volgen", "de KPI's volgen", ()),
        ("", None, None),
        ("…!", None, None),
    ],
)
def test_find_on_whole_words(text, found, differs_in):
    match = find(text, DOC)
    if found is None:
        assert match is None
    else:
        assert match is not None and " ".join(DOC[match.start : match.end].split()) == found
        assert match.differs_in == differs_in


def test_an_exact_match_is_preferred_to_one_in_other_case():
    doc = "Zo groeit het bos. Zo Groeit Het Bos."
    assert find("Zo Groeit Het Bos", doc).differs_in == ()
    assert find("zo groeit het bos", doc).differs_in == ("case",)


def test_the_closest_wording_is_an_alignment():
    a = align("regionale interactie", DOC)
    assert a is not None and DOC[a.start : a.end] == "interregionale interactie"
    b = align("Hasselt blijft 15% onder het niveau van Antwerpen", DOC)
    assert DOC[b.start : b.end] == "Hasselt blijft 12% onder het niveau van Antwerpen" and b.matched == 7
    # An invented sentence: a few small words in common are no alignment.
    assert align("De minister opent een zwembad in elke gemeente van het land", DOC) is None
    assert align("Een zwembad voor de stad", DOC) is None


def test_the_alignment_reaches_the_passages_word_for_a_last_word_that_differs():
    passage = ("Een coördinator plant de werken. Door de werken te bundelen daalt de prijs per woning en zijn "
               "de bewoners sneller klaar. Elke straat krijgt een eigen planning.")
    for text, wording in [
        ("Door de werken te bundelen daalt de prijs per woning en zijn de bewoners sneller tevreden",
         "Door de werken te bundelen daalt de prijs per woning en zijn de bewoners sneller klaar"),
        ("Nu daalt de prijs per woning en zijn de bewoners sneller klaar",
         "bundelen daalt de prijs per woning en zijn de bewoners sneller klaar"),
    ]:
        a = align(text, passage)
        assert a is not None and passage[a.start : a.end] == wording


def chunk(text, start):
    return Chunk(id=f"c{start}", text=text, source="doc.txt", title="Doc", page=2, section_path="A",
                 kind="context", ambitielijn=None, position=0, char_start=start, char_end=start + len(text))


@pytest.fixture()
def setup():
    documents = {"doc.txt": {"text": DOC, "title": "Doc"}}
    chunks = []
    for piece in DOC.split(". "):
        start = DOC.index(piece)
        chunks.append(chunk(piece, start))
    return documents, chunks


def test_check_wording_verdicts(setup):
    documents, chunks = setup
    found = check_wording("Hasselt blijft 12% onder het niveau van Antwerpen", documents, chunks)
    assert found.found and found.differs_in == () and verify_quote(found.quote, DOC)
    case = check_wording("hasselt blijft 12% onder het niveau van antwerpen", documents, chunks)
    assert case.found and case.differs_in == ("case",) and case.quote.startswith("Hasselt")
    inside = check_wording("regionale interactie", documents, chunks)
    assert not inside.found and inside.quote == "interregionale interactie"
    assert [op for op in inside.diff if op["op"] != "equal"] == [{"op": "replace", "text": "regionale", "document": "interregionale"}]
    invented = check_wording("De minister opent een zwembad in elke gemeente van het land", documents, chunks)
    assert not invented.found and invented.quote is None and invented.ratio == 0.0 and invented.diff == []


def test_the_diff_ignores_quotation_marks_against_words(setup):
    documents, chunks = setup
    result = check_wording("fonds 'groen werken' oprichten", documents, chunks)
    changed = [op for op in result.diff if op["op"] != "equal"]
    assert changed == [{"op": "replace", "text": "werken'", "document": "wonen’"}]


# -- generated: every run of whole words is found, and found in other case as such ------------
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

TOKENS = DOC.split()


@settings(max_examples=200, deadline=None)
@given(st.integers(0, len(TOKENS) - 1), st.integers(1, 8))
def test_every_run_of_whole_words_is_found(start, length):
    text = " ".join(TOKENS[start : start + length])
    if not any(ch.isalnum() for ch in text):
        return
    match = find(text, DOC)
    assert match is not None and match.differs_in == (), text
    assert DOC[match.start : match.end] in text
    swapped = text.swapcase()
    if swapped != text:
        other = find(swapped, DOC)
        assert other is not None and other.differs_in == ("case",), swapped
