"""A plan in plain text as an old word processor or an e-mail writes it: headings in capitals with a
decimal number, hard-wrapped paragraphs, lettered items ("a) …"), tables drawn with "+---+" and "|",
and a file that holds several project fiches."""

from __future__ import annotations

import pytest

from ingest.chunk import parse
from ingest.normalise import pages_to_blocks, plain_heading, text_table_line
from ingest.structure import fiche_headings, labelled
from tests.ingest.helpers import REPO

PLAN = """PROVINCIE NOORDRAND

1. INLEIDING

Deze agenda vertaalt de beleidsnota naar concrete inspanningen voor de periode
2027–2030, met vier thema's.

3. THEMA'S EN OPGAVEN

THEMA A — VEILIG WATER

Opgave A.1 Beken herstellen

De beken zijn rechtgetrokken en overstromen vaak.

Inspanningen:
a) Een herstelplan voor de Molenbeek, met aandacht voor de hoeves langs de
   vallei en de visserij.
b) Vijf wachtbekkens tegen eind 2028.

Opgave A.2 Droogte

Inspanningen:
a) Een premie voor regenputten van maximaal 800 euro.

THEMA B — ENERGIE

Opgave B.1 Zon op daken

Inspanningen:
a) Zonnepanelen op alle provinciale gebouwen.

4. FINANCIËN

+-----------------+-------+--------+
| Thema           | 2027  | Totaal |
+-----------------+-------+--------+
| A Veilig water  | 1.250 |  6.000 |
+-----------------+-------+--------+

De bedragen zijn in k€.
"""


@pytest.mark.parametrize("line, level", [
    ("1. INLEIDING", 1), ("5. INDICATOREN", 1), ("2.1 Context", 2), ("3.2.1 DETAILS", 3),
    ("THEMA A — VEILIG WATER", 1),
    ("1. Het verdubbelen van het aantal fietspaden", None),  # a numbered item, in sentence case
    ("2.300 inwoners deden mee", None), ("KMO", None), ("Opgave A.1 Beken", None),
    ("1. DIT IS EEN ZIN.", None),
])
def test_plain_heading_levels_come_from_capitals_and_number_depth(line, level):
    assert plain_heading(line) == level


@pytest.mark.parametrize("line, row", [
    ("+-----+----+", ""), ("|---|:--:|", ""), ("| Thema   | 2027  |  Totaal |", "Thema | 2027 | Totaal"),
    ("|  a  |     |", "a | –"),  # an empty cell says so
    ("a | b", None), ("- een bullet", None), ("Gewone tekst", None),
])
def test_a_table_drawn_in_text_becomes_rows_and_its_rules_go(line, row):
    assert text_table_line(line) == row


def test_lettered_items_wrapped_lines_and_tables_in_plain_text():
    blocks = pages_to_blocks([(None, PLAN)])
    texts = [b.text for b in blocks]
    assert "Een herstelplan voor de Molenbeek, met aandacht voor de hoeves langs de vallei en de visserij." in texts
    assert [b.heading_level for b in blocks if b.text in ("1. INLEIDING", "4. FINANCIËN")] == [1, 1]
    assert "A Veilig water | 1.250 | 6.000" in texts and not any("+---" in t for t in texts)


def test_a_heading_as_high_as_a_part_closes_it_with_the_parts_inside_it():
    doc = parse("agenda.txt", [(None, PLAN)])
    assert [p.label for p in doc.parts] == ["THEMA A", "Opgave A.1", "Opgave A.2", "THEMA B", "Opgave B.1"]
    by_text = {e.text: e for e in doc.elements}
    items = [e for e in doc.elements if e.kind == "actie"]
    assert [(e.part, e.number) for e in items] == [("Opgave A.1", "1"), ("Opgave A.1", "2"), ("Opgave A.2", "1"),
                                                   ("Opgave B.1", "1")]
    row = by_text["A Veilig water | 1.250 | 6.000"]
    assert row.part is None and row.section.startswith("4. FINANCIËN")  # "4. FINANCIËN" closed THEMA B and Opgave B.1


def test_a_letter_glued_to_capitals_is_no_code():
    assert labelled("VRIJE TIJD VOOR IEDEREEN") is None
    head = labelled("THEMA D — VRIJE TIJD VOOR IEDEREEN")
    assert head is not None and (head.label, head.code, head.title) == ("THEMA", "D", "VRIJE TIJD VOOR IEDEREEN")


def test_one_file_of_several_fiches_gives_each_its_own_section():
    from tests.ingest.helpers import parse_file

    doc = parse_file(REPO / "tests" / "corpora" / "vrijetijd" / "projectfiches-vrijetijd.docx")
    sections = {e.section for e in doc.elements if e.text.startswith("Provinciale bijdrage")}
    assert len(sections) == 3 and all("Projectfiche" in s for s in sections)


def test_fiche_headings_need_fields_under_every_heading():
    from ingest.normalise import Block

    def fiche(n):
        return [Block(f"Projectfiche {n}: Naam", None, heading_level=1), Block("Trekker | Provincie", None),
                Block("Budget | € 1", None)]

    assert sorted(fiche_headings([*fiche(1), *fiche(2)])) == [0, 3]
    assert fiche_headings([*fiche(1), Block("Bijlage", None, heading_level=1), Block("Tekst.", None)]) == {}


def test_a_label_column_becomes_fields_with_their_wrapped_values():
    from ingest.normalise import column_fields

    lines = ["Kerngegevens", "Promotor    Polder Grote Vennen", "", "Partners    Provincie, gemeente Mollendonk,",
             "                                veertien landbouwers", "Totale kost .......... € 1.240.000",
             "Een gewone zin    met een gat."]
    assert column_fields(lines) == ["Kerngegevens", "Promotor | Polder Grote Vennen", "",
                                    "Partners | Provincie, gemeente Mollendonk, veertien landbouwers",
                                    "Totale kost | € 1.240.000", "Een gewone zin    met een gat."]
    # one line with a gap is no label column
    assert column_fields(["Promotor    Polder Grote Vennen", "Gewone tekst."]) == ["Promotor    Polder Grote Vennen", "Gewone tekst."]


def test_respace_keeps_a_column_gap():
    from ingest.load import respace

    assert respace("Promotor                Polder Grote  Vennen", "Promotor Polder Grote Vennen") == "Promotor    Polder Grote Vennen"


def test_an_indicator_named_by_its_kind_word_keeps_its_fields():
    text = ("### Ambitie 1. Water\n\nTekst over water.\n\n### Ambitie 2. Bodem\n\nTekst over bodem.\n\n"
            "## Opvolging\n\n**Indicator** – Aandeel jonge bedrijfsleiders\nNulwaarde: 11 % (2023) · Streefwaarde 2032: 18 %\n\n"
            "**Indicator** – Leegstaande gebouwen\nNulwaarde: 430 (2025) · Streefwaarde: nog te bepalen\n")
    from ingest.load import load_md
    from pathlib import Path
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "plan.md"
        path.write_text(text, encoding="utf-8")
        pages, _ = load_md(path, {})
    doc = parse("plan.md", pages)
    kpis = [e.text for e in doc.elements if e.kind == "kpi"]
    assert kpis == ["Indicator – Aandeel jonge bedrijfsleiders Nulwaarde: 11 % (2023) · Streefwaarde 2032: 18 %",
                    "Indicator – Leegstaande gebouwen Nulwaarde: 430 (2025) · Streefwaarde: nog te bepalen"]
