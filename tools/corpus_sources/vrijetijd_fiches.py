"""Build tests/corpora/vrijetijd/projectfiches-vrijetijd.docx.

One Word file with three project fiches for the fictional
"Uitvoeringsagenda Vrijetijdseconomie en Erfgoed Heuvelland 2027–2030".
Each fiche: a Heading 1 "Projectfiche N: <naam>", a description paragraph and a
two-column table (header row "Kenmerk | Omschrijving"). The fields differ per
fiche on purpose. Content is fixed, so the text of the output is deterministic.

Run: .venv/bin/python tools/corpus_sources/vrijetijd_fiches.py
"""
from __future__ import annotations

import datetime
from pathlib import Path

from docx import Document

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "tests" / "corpora" / "vrijetijd" / "projectfiches-vrijetijd.docx"

TITLE = "Projectfiches bij de Uitvoeringsagenda Vrijetijdseconomie en Erfgoed Heuvelland 2027–2030"
INTRO = (
    "Dit document bundelt de projectfiches van de grotere investeringsprojecten "
    "uit de uitvoeringsagenda. De fiches worden jaarlijks geactualiseerd bij de "
    "voortgangsrapportage aan de provincieraad."
)

FICHES = [
    {
        "name": "Landschapspoort De Vlasschuur in Vlaskerke",
        "description": [
            "De voormalige vlasschuur Debaere aan de rand van Vlaskerke wordt "
            "omgebouwd tot de eerste landschapspoort van Heuvelland, met een "
            "bezoekersonthaal, sanitair, een overdekte fietsenstalling met "
            "laadpunten en een parking voor 80 wagens. Vanaf de poort vertrekken "
            "vier wandellussen en het fietsknooppuntennetwerk.",
            "In de schuur komt ook een kleine tentoonstelling over het "
            "vlasverleden van de streek, die samen met het Vlasmuseum wordt "
            "ingericht.",
        ],
        "rows": [
            ("Projecteigenaar", "Gemeente Vlaskerke"),
            ("Partners", "Toerisme Heuvelland vzw; Vlasmuseum Vlaskerke vzw; Agentschap Natuur en Bos"),
            ("Locatie", "Rotestraat 12, Vlaskerke (site van de voormalige vlasschuur Debaere)"),
            ("Investering", "2,35 miljoen euro, inclusief btw"),
            ("Provinciale bijdrage", "900.000 euro, gespreid over 2028 en 2029"),
            ("Startdatum", "1 maart 2028"),
            ("Oplevering", "mei 2029"),
            ("Link met de agenda", "Opgave B.2 – Landschapspoorten als toegang tot het Heuvelland; "
                                   "draagt ook bij aan Opgave A.2 via het verhaalpunt over het vlasverleden"),
            ("Contactpersoon", "Ann Verschaeve, projectleider vrije tijd, gemeente Vlaskerke"),
        ],
    },
    {
        "name": "Herbestemming Sint-Amanduskerk Oudenhoeve",
        "description": [
            "De Sint-Amanduskerk in het centrum van Oudenhoeve wordt vanaf 2028 "
            "niet langer gebruikt voor de eredienst. De gemeente onderzoekt samen "
            "met de kerkfabriek hoe het gebouw een gemengde bestemming kan krijgen: "
            "een ontmoetingsplek voor het dorp, repetitieruimte voor verenigingen "
            "en een onthaalpunt voor erfgoedbezoekers, met behoud van een stiltekapel.",
            "De haalbaarheidsstudie moet uitwijzen welke ingrepen nodig zijn en wat "
            "ze kosten.",
        ],
        "rows": [
            ("Projecteigenaar", "Gemeente Oudenhoeve"),
            ("Kostprijs", "nog niet geraamd; een raming volgt na de haalbaarheidsstudie"),
            ("Provinciale bijdrage", "60.000 euro voor de haalbaarheidsstudie; een bijdrage aan de werken "
                                     "wordt later bepaald"),
            ("Startdatum", "haalbaarheidsstudie vanaf januari 2028"),
            ("Oplevering", "nog niet vastgelegd"),
            ("Link met de agenda", "Opgave A.3 – Herbestemming van leegstaande kerken, pastorieën en "
                                   "hoevegebouwen"),
            ("Contactpersoon", "de erfgoedconsulent van de gemeente Oudenhoeve"),
        ],
    },
    {
        "name": "Vrijetijdspas in vijf nieuwe gemeenten",
        "description": [
            "De Vrijetijdspas bestaat vandaag in vier gemeenten. Met dit project "
            "wordt de pas ingevoerd in Vlaskerke, Oudenhoeve, Hellebeke, Meulestede "
            "en Sint-Joris-ter-Heide. Pashouders krijgen 80 procent korting bij "
            "sport-, cultuur- en jeugdverenigingen en bij de deelnemende "
            "erfgoedsites en recreatiedomeinen.",
            "Vlaskerke en Oudenhoeve starten als eerste; de drie andere gemeenten "
            "volgen in de loop van 2028.",
        ],
        "rows": [
            ("Projecteigenaar", "Provincie Heuvelland, dienst Vrije Tijd"),
            ("Partners", "de vijf gemeenten en hun OCMW’s; Sportregio Heuvelland; Cultuurregio Heuvelland"),
            ("Kostprijs", "640.000 euro over vier jaar"),
            ("Provinciale bijdrage", "480.000 euro (75 procent); de gemeenten dragen de rest"),
            ("Startdatum", "1 september 2027"),
            ("Oplevering", "volledige uitrol tegen 31 december 2028"),
            ("Link met de agenda", "Opgave D.3 – De Vrijetijdspas voor inwoners met een laag inkomen"),
            ("Contactpersoon", "Jonas Mertens, beleidsmedewerker vrije tijd, Provincie Heuvelland"),
        ],
    },
]


def build(out: Path = OUT) -> Path:
    doc = Document()
    fixed = datetime.datetime(2026, 9, 17, 9, 0, 0)
    props = doc.core_properties
    props.title = TITLE
    props.author = "Provincie Heuvelland"
    props.created = fixed
    props.modified = fixed
    props.last_modified_by = "Provincie Heuvelland"
    props.revision = 1

    doc.add_paragraph(TITLE, style="Title")
    doc.add_paragraph(INTRO)
    for number, fiche in enumerate(FICHES, start=1):
        doc.add_heading(f"Projectfiche {number}: {fiche['name']}", level=1)
        for text in fiche["description"]:
            doc.add_paragraph(text)
        table = doc.add_table(rows=1, cols=2)
        table.style = "Table Grid"
        header = table.rows[0].cells
        header[0].text = "Kenmerk"
        header[1].text = "Omschrijving"
        for cell in header:
            for run in cell.paragraphs[0].runs:
                run.bold = True
        for label, value in fiche["rows"]:
            cells = table.add_row().cells
            cells[0].text = label
            cells[1].text = value
        doc.add_paragraph("")
    out.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(out))
    return out


if __name__ == "__main__":
    print(build())
