"""What counts as the kind of fact a question asks for, from a table."""

import pytest

from chatbot.facts import has_fact


def counts(*stems):
    return lambda w: w.startswith(stems)


@pytest.mark.parametrize(
    "kind, text, question, counting, expected",
    [
        ("money", "Het project kost 2 miljoen euro.", "", None, True),
        ("money", "Een budget van 300.000 voor de e-arena", "", None, True),
        ("money", "een afzetgebied met meer dan 100 miljoen consumenten", "", None, False),
        ("date", "Limburg is in 2019 goed voor 4,3%", "", None, True),
        ("date", "De creatie van een logistieke campus als aandrijver", "", None, False),
        ("period", "Over de periode 2013-2018 hebben West- en Zuid-Limburg", "", None, True),
        ("percent", "Limburg blijft 20% onder het niveau van Vlaanderen.", "", None, True),
        ("percent", "Het aantal starters bereikt recordhoogtes.", "", None, False),
        ("person", "Het plan werd voorgesteld door gouverneur Jos Lantmeeters.", "", None, True),
        ("person", "De verdere uitbouw van Droneport als internationale toplocatie", "", None, False),
        ("place", "Een competentiecentrum voor de maakbedrijven creëren dat nationale bedrijven ondersteunt", "Waar komt het competentiecentrum?", None, False),
        ("place", "rond het Albertkanaal tot een extended gateway", "Waar komt de gateway?", None, True),
        ("place", "De verdere uitbouw van Droneport als toplocatie", "Waar ligt Droneport?", None, False),
        # "Hoeveel X": only a number that counts X settles it
        ("number", "met meer dan 100 nationaliteiten die in onze provincie samenleven", "", counts("nationaliteit"), True),
        ("number", "een afzetgebied met meer dan 100 miljoen consumenten", "", counts("toeris"), False),
        ("number", "Over de periode 2013-2018 hebben West- en Zuid-Limburg", "", None, False),  # years count nothing
        ("number", "Het verdubbelen van het aantal kilometers fietspad", "", counts("kilometer"), False),
        ("number", "Binnen een straal van 300 kilometer", "", counts("kilometer"), True),
        ("number", "drie ambitielijnen", "", None, True),
    ],
)
def test_has_fact(kind, text, question, counting, expected):
    assert has_fact(kind, text, question, counting) is expected


@pytest.mark.parametrize("words, label, named", [
    (("kosten",), "Totale kost", True),  # a plural or inflected form of the label's word
    (("doelen",), "Doel", True),
    (("kost",), "Kostprijs", False),  # another word that starts the same
])
def test_a_field_named_by_an_inflected_form(words, label, named):
    from chatbot.facts import field_value

    assert (field_value("", words, [(label, "x")]) is not None) == named
