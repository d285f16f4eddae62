"""The typed reader: values in Dutch forms, and which of them answer an asked type."""

from __future__ import annotations

import pytest

from chatbot.values import find_values, parse_number, values_of_type


@pytest.mark.parametrize(
    "text, number",
    [("1.200", 1200), ("3,5", 3.5), ("2.300.000", 2300000), ("twaalf", 12), ("25", 25), ("1 200", 1200)],
)
def test_parse_number(text, number):
    assert parse_number(text) == number


@pytest.mark.parametrize(
    "text, kind, written, amount",
    [
        ("Het project kost € 3,5 miljoen.", "money", "€ 3,5 miljoen", 3_500_000),
        ("Budget: € 650.000", "money", "€ 650.000", 650_000),
        ("een bedrag van 2,4 miljoen euro", "money", "2,4 miljoen euro", 2_400_000),
        ("Een budget van 300.000 voor de arena", "money", "budget van 300.000", 300_000),
        ("ligt 20% onder het niveau van Vlaanderen", "percent", "20%", 20),
        ("een op vijf jongeren", "percent", "een op vijf", 20),
        ("we bouwen 1.200 woningen", "number", "1.200 woningen", 1200),
        ("twaalf acties", "number", "twaalf acties", 12),
    ],
)
def test_values_in_dutch_forms(text, kind, written, amount):
    values = [v for v in find_values(text) if v.type == kind]
    assert values, f"no {kind} in {text!r}"
    assert values[0].text == written
    assert values[0].amount == pytest.approx(amount)


@pytest.mark.parametrize(
    "text, kind, expected",
    [
        ("De aanvraag kan tegen 15 maart 2027.", "date", "15 maart 2027"),
        ("Het plan loopt over 2024–2029.", "period", "2024–2029"),
        ("Klimaatneutraal tegen 2035.", "date", "tegen 2035"),
        ("Streefwaarde: 40 % tegen 2032", "target", "40 %"),
        ("Het aandeel moet stijgen naar 30% in 2030.", "target", "30%"),
        ("Voorzitter van de stuurgroep is Jan de Vries.", "person", "Jan de Vries"),
        ("Trekker: Provincie Limburg, samen met VDAB.", "organisation", "Provincie Limburg"),
        ("bedrijven die enkel regionaal verkopen", "organisation", None),
    ],
)
def test_values_of_the_asked_type(text, kind, expected):
    found = values_of_type(text, kind)
    if expected is None:
        assert found == []
    else:
        assert expected in [v.text for v in found]


@pytest.mark.parametrize(
    "text, kind",
    [
        ("Aandeel fietsverplaatsingen (nulmeting 12%)", "target"),  # a baseline, no value to reach
        ("Aantal deelauto's", "target"),
        ("Actie 4.3 – Zonnedaken op bedrijventerreinen", "number"),  # an item's code, no count
        ("De stuurgroep wordt voorgezeten door de provincie.", "person"),  # a role, no name
        ("Bouwunie Maasland en gemeente Oudenmaas zijn partner.", "person"),  # names without a person's role
        ("In 2022 startte het traject.", "money"),
        ("De renovatiepremie wordt verhoogd.", "money"),
    ],
)
def test_no_value_of_the_asked_type(text, kind):
    assert values_of_type(text, kind) == []


def test_a_name_the_question_uses_is_no_answer():
    assert values_of_type("Trekker: Gemeente Maasdal", "organisation", frozenset({"maasdal"})) == []


def test_count_of_what_the_question_counts():
    forms = {"woningen", "huurwoningen"}
    found = values_of_type("De provincie financiert 1.200 bijkomende sociale huurwoningen.", "number",
                           counts=lambda w: w in forms, window=4)
    assert [v.text for v in found] == ["1.200 bijkomende sociale huurwoningen"]
    assert values_of_type("Binnen een straal van 300 kilometer.", "number", counts=lambda w: w in forms) == []


def test_a_described_group_answers_which_organisations():
    found = values_of_type("vooral bedrijven die enkel regionaal verkopen groeien trager", "organisation",
                           described=frozenset({"bedrijven"}))
    assert found and found[0].text.startswith("bedrijven die")


@pytest.mark.parametrize("asks, value, fits", [
    ("number", "Directie Economie", False),  # "Hoeveel trekt de provincie uit?" is no question for "Trekker: …"
    ("number", "11.200", True),
    ("target", "8.000", True),
    ("money", "€ 650.000", True),
    ("date", "voorjaar 2027", True),
    ("date", "Directie Economie", False),
    ("organisation", "Directie Economie", True),  # who: any value of the field named
    ("target", "–", True),  # an empty field still says the value is absent
])
def test_a_named_field_answers_only_with_a_value_of_the_type_asked(asks, value, fits):
    from chatbot.answer import fitting_field
    from chatbot.understand import Intent, Understanding

    u = Understanding(question="q", intent=Intent.FACTUAL, asks_for=asks)
    named = ("veld", "" if value == "–" else value)
    assert (fitting_field(u, named) is not None) is fits
