"""References to a plan's labelled parts and to numbered items, as a question writes them."""

from __future__ import annotations

import pytest

from chatbot.linerefs import tokens
from chatbot.parts import asked_part_label, asked_which_part, find_item_number, find_part_reference, part_refs

CATALOG = {"parts": [
    {"source": "plan.md", "label": "SD1", "code": "1", "title": "Wonen", "level": 1, "parent": None, "line": 1},
    {"source": "plan.md", "label": "OD 1.1", "code": "1.1", "title": "Huren", "level": 2, "parent": "SD1", "line": 1},
    {"source": "plan.md", "label": "OD 1.2", "code": "1.2", "title": "Kopen", "level": 2, "parent": "SD1", "line": 1},
    {"source": "plan.md", "label": "SD2", "code": "2", "title": "Energie", "level": 1, "parent": None, "line": 2},
    {"source": "plan.md", "label": "OD 2.3", "code": "2.3", "title": "Groen", "level": 2, "parent": "SD2", "line": 2},
    {"source": "b.docx", "label": "Hoofdstuk 3", "code": "3", "title": "Werk", "level": 1, "parent": None, "line": 3,
     "aliases": ["Prioriteit B"]},
]}
PARTS = part_refs(CATALOG)


@pytest.mark.parametrize(
    "question, label",
    [
        ("Welke maatregelen vallen onder OD 2.3?", "OD 2.3"),
        ("welke maatregelen vallen onder od2.3", "OD 2.3"),
        ("Wat valt onder SD1?", "SD1"),
        ("Wat staat er onder strategische doelstelling 2?", "SD2"),
        ("Wat is operationele doelstelling 1.2?", "OD 1.2"),
        ("Welke acties horen bij prioriteit B?", "Hoofdstuk 3"),
        ("Wat zegt doelstelling 2.3 over groen?", "OD 2.3"),
        ("Hoeveel woningen komen er in 2030?", None),
        ("Wat is actie 1.1?", None),  # an item's number, not a part
        ("Wat staat er over OD 4.4?", None),  # no such part
    ],
)
def test_part_references(question, label):
    ref, used = find_part_reference(question, PARTS, frozenset({"actie", "acties", "maatregel"}))
    assert (ref.label if ref else None) == label
    if ref:
        assert used, "the reference's words are used up"


def test_sd_is_label_and_number_not_s_and_d1():
    sd1 = next(p for p in PARTS if p.label == "SD1")
    assert (sd1.key, sd1.code) == ("sd", "1")


@pytest.mark.parametrize(
    "question, key",
    [
        ("Welke OD's vallen onder SD1?", "od"),
        ("Welke strategische doelstellingen zijn er?", "sd"),
        ("Hoeveel prioriteiten heeft het plan?", "prioriteit"),
        ("Welke maatregelen zijn er?", None),
    ],
)
def test_asked_part_label(question, key):
    assert asked_part_label(tokens(question), PARTS) == key


@pytest.mark.parametrize(
    "question, key",
    [
        ("Onder welke OD valt de renovatiepremie?", "od"),
        ("Onder welke strategische doelstelling valt energiearmoede?", "sd"),
        ("Bij welke prioriteit hoort het exportloket?", "prioriteit"),
        ("Welke acties gaan over wonen?", None),
    ],
)
def test_asked_which_part(question, key):
    assert asked_which_part(tokens(question), PARTS)[0] == key


@pytest.mark.parametrize(
    "question, number",
    [
        ("Wat is actie 3.5?", "3.5"),
        ("Wat is maatregel 2 van OD 1.1?", "2"),
        ("Citeer actie 12 van lijn 3", "12"),
        ("Hoeveel acties zijn er in 2030?", None),
        ("Welke acties gaan over wonen?", None),
    ],
)
def test_item_numbers(question, number):
    assert find_item_number(question, frozenset({"actie", "acties", "maatregel", "maatregelen"}))[0] == number


def test_roman_numbered_parts_and_their_dotted_codes():
    from chatbot.parts import find_part_reference, part_refs

    refs = part_refs({"parts": [{"label": "Pijler I", "level": 1, "line": 1}, {"label": "Pijler II", "level": 1, "line": 2},
                                {"label": "Speerpunt II.2", "level": 2, "line": 2}]})
    assert [(r.key, r.code) for r in refs] == [("pijler", "i"), ("pijler", "ii"), ("speerpunt", "ii.2")]
    for question, label in [("Welk budget is voorzien voor Pijler II?", "Pijler II"), ("Wat is Speerpunt II.2?", "Speerpunt II.2"),
                            ("welke maatregelen in pijler i", "Pijler I"), ("Ik ben in de war", None)]:
        ref, _ = find_part_reference(question, refs)
        assert (ref.label if ref else None) == label
