"""Dutch tables and the sentence splitter shared by the structure parser, the answers and the verifier."""

import pytest

from ingest.dutch import ARTICLES, CARDINALS, MAGNITUDES, MONTHS, ORDINALS, WEEKDAYS, number_value, sentence_spans


def split(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]


@pytest.mark.parametrize("text, expected", [
    ("Verwerken van o.a. fruit en groenten. Zorg, bv. in Genk. Tweede zin hier.",
     ["Verwerken van o.a. fruit en groenten.", "Zorg, bv. in Genk.", "Tweede zin hier."]),
    ("Eerste zin [1]. Tweede zin [2][3]. Derde [1, 2].", ["Eerste zin [1].", "Tweede zin [2][3].", "Derde [1, 2]."]),
    ("Een zin. [1][2] Nog een.", ["Een zin. [1][2]", "Nog een."]),
    ("Een zin! [1]", ["Een zin! [1]"]),
    ("Zie p. 5 en dhr. Peeters. Klaar?", ["Zie p. 5 en dhr. Peeters.", "Klaar?"]),
    ("Het heet „Limburg.” Daarna meer… En nog wat.", ["Het heet „Limburg.”", "Daarna meer…", "En nog wat."]),
    ("Zin met 3.5 miljoen en v.w.b. details. kleine letter loopt door.", ["Zin met 3.5 miljoen en v.w.b. details. kleine letter loopt door."]),
    ("  Ruimte rondom.   Tweede.  ", ["Ruimte rondom.", "Tweede."]),
    ("", []),
    ("   ", []),
])
def test_sentences(text, expected):
    assert split(text) == expected


def test_spans_point_into_the_text_and_cover_it_in_order():
    text = "Limburg groeit. De export stijgt [1]. Bv. in Genk? Ja! Zo."
    spans = sentence_spans(text)
    assert [text[s:e] for s, e in spans] == ["Limburg groeit.", "De export stijgt [1].", "Bv. in Genk?", "Ja!", "Zo."]
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
    assert text[spans[-1][1]:] == "" and text[: spans[0][0]] == ""


def test_tables():
    assert number_value("drie") == number_value("derde") == number_value("Derde") == 3
    assert number_value("één") == 1 and number_value("fiets") is None
    assert ARTICLES <= set(CARDINALS) and not MAGNITUDES & set(CARDINALS)
    assert sorted(ORDINALS.values()) == list(range(1, 13))
    assert len(MONTHS) == 12 and len(WEEKDAYS) == 7 and len(set(MONTHS) | set(WEEKDAYS)) == 19


@pytest.mark.parametrize("plural, singular", [
    ("ingrepen", "ingreep"), ("maatregelen", "maatregel"), ("bossen", "bos"), ("bedrijven", "bedrijf"),
    ("projecten", "project"), ("kpi's", "kpi"), ("doelen", "doel"),
])
def test_singular_forms(plural, singular):
    from ingest.dutch import singular_forms

    assert singular in singular_forms(plural)
