"""Structure read from a plan's own form: labelled parts at any level, item lists of any kind,
numbered items, tables and fields, in documents with other conventions than the bundled one."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.chunk import chunk_document, parse
from ingest.load import load_md
from ingest.structure import table_cells

REPO = Path(__file__).resolve().parents[2]
CORPORA = REPO / "tests" / "corpora"

PLAN = """# Klimaatplan Zuidrand 2025–2030

Dit plan telt strategische doelstellingen (SD) met operationele doelstellingen en concrete maatregelen.

## SD1 – Minder uitstoot door gebouwen

De gebouwde omgeving is goed voor een derde van de uitstoot.

### OD 1.1 – Woningen isoleren

- Een renovatieloket in elke gemeente openen tegen 1 september 2026.
- Premies voor dakisolatie verhogen met € 2,5 miljoen per jaar.

### OD 1.2 – Publieke gebouwen verduurzamen

De provincie neemt deze maatregelen:

- Alle scholen krijgen zonnepanelen.

## SD2 – Schoner vervoer

### OD 2.1 – Fietsen stimuleren

- 40 kilometer nieuwe fietssnelweg aanleggen.

## Indicatoren

| Indicator | Nulmeting | Streefwaarde |
|---|---|---|
| Aandeel fietsverplaatsingen | 12% | 25% |
| Aantal deelauto's | 40 | – |
"""

FICHE = """# Projectfiche Renovatieloket

Trekker: Provincie Zuidrand
Partners: gemeenten, Energiehuis vzw
Budget: € 650.000
Koppeling: OD 1.1

Het renovatieloket helpt eigenaars met advies over isolatie.
"""


def _parse_md(tmp_path: Path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    pages, meta = load_md(path, {})
    return parse(name, pages, meta)


def test_labelled_parts_at_two_levels(tmp_path):
    doc = _parse_md(tmp_path, "plan.md", PLAN)
    assert [(p.label, p.level, p.parent) for p in doc.parts] == [
        ("SD1", 1, None), ("OD 1.1", 2, "SD1"), ("OD 1.2", 2, "SD1"), ("SD2", 1, None), ("OD 2.1", 2, "SD2")]
    assert [(ln.number, ln.label, ln.title) for ln in doc.ambition_lines] == [
        (1, "SD1", "Minder uitstoot door gebouwen"), (2, "SD2", "Schoner vervoer")]


def test_bullets_under_parts_are_the_plans_measures_with_their_part_and_number(tmp_path):
    doc = _parse_md(tmp_path, "plan.md", PLAN)
    actions = [(e.part, e.number, e.text[:20]) for e in doc.elements if e.kind == "actie"]
    assert actions == [
        ("OD 1.1", "1", "Een renovatieloket i"), ("OD 1.1", "2", "Premies voor dakisol"),
        ("OD 1.2", "1", "Alle scholen krijgen"), ("OD 2.1", "1", "40 kilometer nieuwe ")]


def test_a_table_of_indicators_is_a_list_of_kpis_with_columns(tmp_path):
    doc = _parse_md(tmp_path, "plan.md", PLAN)
    rows = [e for e in doc.elements if e.kind == "kpi"]
    assert [r.text for r in rows] == ["Aandeel fietsverplaatsingen | 12% | 25%", "Aantal deelauto's | 40 | –"]
    assert dict(table_cells(rows[0].columns, rows[0].text))["Streefwaarde"] == "25%"
    assert dict(table_cells(rows[1].columns, rows[1].text))["Streefwaarde"] == "–"
    for row in rows:  # the quote stays the document's text
        assert doc.text[row.start:row.end] == row.text


def test_a_table_extracted_as_plain_text_is_read_from_the_right():
    cells = table_cells("Indicator Nulmeting Streefwaarde Jaar", "Verharde oppervlakte per inwoner 412 m2 – –")
    assert cells == [("Indicator", "Verharde oppervlakte per inwoner"), ("Nulmeting", "412 m2"),
                     ("Streefwaarde", "–"), ("Jaar", "–")]
    assert table_cells("Indicator Nulmeting Streefwaarde Jaar", "Een zin zonder waarden") == []


def test_a_fiche_has_its_fields_links_and_is_one_project(tmp_path):
    doc = _parse_md(tmp_path, "fiche.md", FICHE)
    assert doc.doc_type == "project"
    assert dict(doc.fields)["Budget"] == "€ 650.000"
    assert doc.links == ("OD 1.1",)
    fields = [e for e in doc.elements if e.text.startswith("Trekker")]
    assert fields and not fields[0].heading, "a field is an answer, not a heading"
    assert all(e.ambitielijn == 1 for e in doc.elements)


def test_field_lines_written_together_are_blocks_of_their_own(tmp_path):
    chunks = chunk_document(_parse_md(tmp_path, "fiche.md", FICHE))
    assert [c.text for c in chunks if ":" in c.text][:4] == [
        "Trekker: Provincie Zuidrand", "Partners: gemeenten, Energiehuis vzw", "Budget: € 650.000", "Koppeling: OD 1.1"]


@pytest.mark.parametrize("folder, file, parts, actions, kpis", [
    ("woonplan", "woonplan-maasland.pdf", 11, 20, 7),
    ("beleidsplan", "beleidsplan-economie.docx", 5, 11, 0),
    ("klimaatplan", "klimaatplan.html", 17, 20, 17),
])
def test_the_test_corpora(folder, file, parts, actions, kpis):
    from tests.ingest.helpers import parse_file

    doc = parse_file(CORPORA / folder / file)
    assert len(doc.parts) == parts
    assert sum(e.kind == "actie" for e in doc.elements) == actions
    assert sum(e.kind == "kpi" for e in doc.elements) == kpis


HTML_PLAN = """<html><body><h1>Plan Oost 2026–2030</h1>
<h2>Werf 1 – Wonen</h2><p>Inleiding bij werf 1.</p>
<h3>Doel 1.1 – Jaarlijks 1.250 woningen gerenoveerd</h3><p>Tegen 2030 renoveren we 1.250 woningen per jaar.</p>
<h3>Doel 1.2 – Scholen</h3><p>Alle scholen fossielvrij.</p>
<h3>Ingrepen</h3><ul><li><strong>Renovatiecoach.</strong> Elke gemeente biedt een coach aan.</li><li>Een premie van € 25 per m² dak.</li></ul>
<table><caption>Tabel 1 – Indicatoren werf 1</caption><tr><th>Indicator</th><th>Doel 2030</th></tr>
<tr><td>Uitstoot CO<sub>2</sub></td><td>–</td></tr></table>
<h2>Werf 2 – Energie</h2><h3>Doel 2.1 – Zon</h3><p>Meer zon.</p>
<h3>Ingrepen</h3><ul><li>Zonnedaken op scholen.</li></ul>
<h2>Middelen</h2><ul><li>Werf 1 – Wonen: € 14,6 miljoen</li><li>Werf 2 – Energie: € 9,8 miljoen</li></ul>
</body></html>"""


def test_html_heading_levels_close_parts_and_a_repeated_list_heading_names_the_items(tmp_path):
    from ingest.load import load_html

    path = tmp_path / "plan.html"
    path.write_text(HTML_PLAN, encoding="utf-8")
    pages, meta = load_html(path, {})
    doc = parse("plan.html", pages, meta)
    # "Doel 1.1 – Jaarlijks 1.250 …": a number with thousands is no label of its own.
    assert [(p.label, p.title, p.aliases) for p in doc.parts][:2] == [
        ("Werf 1", "Wonen", ()), ("Doel 1.1", "Jaarlijks 1.250 woningen gerenoveerd", ())]
    by_text = {e.text: e for e in doc.elements}
    coach = by_text["Renovatiecoach. Elke gemeente biedt een coach aan."]  # inline markup unwrapped
    # "### Ingrepen" closes Doel 1.2: the list belongs to the werf, and it lists the plan's actions.
    assert (coach.kind, coach.part, coach.ambitielijn, coach.section) == ("actie", "Werf 1", 1, "Werf 1 › Ingrepen")
    assert "Een premie van € 25 per m² dak." in by_text  # the superscript kept
    row = by_text["Uitstoot CO2 | –"]
    assert (row.kind, row.part) == ("kpi", "Werf 1")
    # "## Middelen" closes Werf 2; a line there that opens with a werf's label is about that werf.
    budget = by_text["Werf 2 – Energie: € 9,8 miljoen"]
    assert (budget.part, budget.ambitielijn, budget.section.split(" › ")[0]) == (None, 2, "Middelen")


def test_a_fiche_with_its_fields_in_a_table_of_labels(tmp_path):
    doc = _parse_md(tmp_path, "fiche.md", "# Projectfiche Belbus\n\n| Projectleider | Wout Peeters |\n|---|---|\n"
                                          "| Raming | nog te bepalen |\n| Planning | 2026–2028 |\n\nDe belbus rijdt op afroep.\n")
    assert doc.doc_type == "project"
    assert ("Raming", "nog te bepalen") in doc.fields


def test_a_short_part_heading_does_not_run_on_into_the_text_under_it():
    from ingest.normalise import Line, lines_to_blocks

    raw = ["Speerpunt I.1 – Een doorlopend fietsnetwerk", "Het netwerk verbindt alle kernen met elkaar en met de",
           "scholen van de regio."]
    blocks = lines_to_blocks([Line(text=t, page=2) for t in raw])
    assert [b.text for b in blocks][:2] == ["Speerpunt I.1 – Een doorlopend fietsnetwerk",
                                            "Het netwerk verbindt alle kernen met elkaar en met de scholen van de regio."]
