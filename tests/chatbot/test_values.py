"""The typed reader: values in Dutch forms, and which of them answer an asked type."""

from __future__ import annotations

import pytest

from chatbot.values import find_values, is_target_label, measures, of_noun, parse_number, related_word, values_of_type


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
        ("De raming bedraagt k€ 450.", "money", "k€ 450", 450_000),  # thousands: never "€ 450"
        ("zo'n 12 k€ per jaar", "money", "12 k€", 12_000),
        ("een budget van M€ 2,5", "money", "M€ 2,5", 2_500_000),
        ("kost 450 € per stuk", "money", "450 €", 450),
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


@pytest.mark.parametrize(
    "text, asked_words, expected",
    [
        # An amount given for another thing the question does not name is no answer to "welk budget".
        ("Gezinnen krijgen een renteloze energielening tot € 60.000 via het Energiehuis.", {"budget", "energiehuis"}, []),
        ("Het Energiehuis krijgt een werkingsbudget van € 650.000.", {"budget", "energiehuis"}, ["€ 650.000"]),
        ("Budget: € 780.000", {"budget"}, ["€ 780.000"]),
        ("De provincie trekt € 18,5 miljoen uit.", {"budget", "plan"}, ["€ 18,5 miljoen"]),
        # The question names the thing the amount is for.
        ("Gezinnen krijgen een renteloze energielening tot € 60.000.", {"lening", "kost"}, ["€ 60.000"]),
    ],
)
def test_an_amount_for_another_thing_does_not_answer(text, asked_words, expected):
    found = values_of_type(text, "money", frozenset(asked_words), amount_words=frozenset({"budget", "bedrag", "kost", "prijs"}))
    assert [v.text for v in found] == expected


def test_a_counted_noun_is_measured_by_the_amount_given_for_it():
    text = "Gemeenten die herbestemmen krijgen een compensatie van € 5 per vierkante meter."
    assert [v.text for v in measures(text, lambda w: w == "compensatie", 3)] == ["€ 5"]
    assert measures(text, lambda w: w == "woningen", 3) == []
    # "hoeveel compensatie": the amount answers as a quantity of what is counted.
    assert [v.text for v in values_of_type(text, "number", frozenset(), lambda w: w == "compensatie")] == ["€ 5"]
    assert of_noun("een premie van € 1.500", find_values("een premie van € 1.500")[0]) == "premie"


@pytest.mark.parametrize("word, others, related", [
    ("energielening", {"lening"}, True),
    ("prioriteiten", {"prioriteit"}, True),
    ("energielening", {"energiehuis"}, False),
    ("budget", {"werkingsbudget"}, True),
    ("premie", {"prijs"}, False),
])
def test_related_words(word, others, related):
    assert related_word(word, frozenset(others)) is related


def test_a_deadline_question_wants_no_year_something_once_happened():
    text = "De beek werd in de jaren 1960 rechtgetrokken. Het herstel is klaar tegen 2030."
    assert [v.text for v in values_of_type(text, "date", frozenset({"tegen", "wanneer"}))] == ["tegen 2030"]
    assert "1960" in [v.text for v in values_of_type(text, "date", frozenset({"wanneer"}))]


@pytest.mark.parametrize("label, target", [("Streefwaarde", True), ("Doel 2030", True), ("Target 2035", True),
                                            ("Vertrekwaarde", False), ("Bron", False), ("Nulmeting", False)])
def test_target_labels(label, target):
    assert is_target_label(label) is target


@pytest.mark.parametrize("text, targets", [
    ("Aandeel fietsverplaatsingen: van 18% (2024) naar 25% in 2031.", ["25%"]),
    ("We renoveren 1.250 woningen tegen 2030.", ["1.250 woningen"]),
    # A baseline, and a target word in a clause after the values, give no target.
    ("gemeten bij ongeveer 3.000 inwoners: nulmeting 6,4 op 10 (2024); de streefwaarde wordt later bepaald.", []),
    ("Streefwaarde: 40 %", ["40 %"]),
])
def test_what_counts_as_a_target(text, targets):
    assert [v.text for v in values_of_type(text, "target")] == targets


def test_a_name_after_a_preposition_is_whom_a_role_belongs_to_not_a_person():
    assert values_of_type("Contactpersoon: de projectcoördinator van Streekgoed Retselt", "person") == []
    found = values_of_type("De vergadering wordt voorgezeten door voorzitter Jan Peeters.", "person")
    assert [v.text for v in found] == ["Jan Peeters"]
    assert values_of_type("Het overleg wordt voorgezeten door de voorzitter van Streekgoed Retselt.", "person") == []
