"""Build the projectbladen of the innovatie test corpus (tests/corpora/innovatie/).

    .venv/bin/python tools/corpus_sources/innovatie_fiches.py

One PDF (reportlab platypus) with three project descriptions for the fictional
"Innovatie- en Arbeidsmarktagenda Veldmaasland 2026–2031". Each projectblad starts on a
new page with a title line "Projectblad N — Naam", then its fields in a bordered
two-column table (bold label left, value right; long values wrap inside their cell),
followed by the paragraphs "Aanleiding", "Aanpak" and "Resultaat". The fields differ
on purpose: Projectblad 2 names its contact only as a role, Projectblad 3 has no
"Kosten" row, and the "Betrokken partijen" of Projectblad 1 wraps over two lines.
Every page has the running header "Projectbladen Innovatieagenda Veldmaasland" and a
footer "pagina N van M". Output is deterministic (reportlab's invariant mode). The
script also writes the ``.meta.json`` sidecar.
"""

from __future__ import annotations

import json
from pathlib import Path

import reportlab
from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as pdfcanvas
from reportlab.platypus import (PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table,
                                TableStyle)

rl_config.invariant = 1

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "tests" / "corpora" / "innovatie" / "projectbladen-innovatie.pdf"
PUBLISHER = "Provincie Veldmaasland"
TITLE = "Projectbladen bij de Innovatie- en Arbeidsmarktagenda Veldmaasland 2026–2031"
HEADER = "Projectbladen Innovatieagenda Veldmaasland"
META = {
    "title": TITLE,
    "publisher": PUBLISHER,
    "source_url": "https://www.example.org/veldmaasland/economie/innovatieagenda/projectbladen",
    "language": "nl",
}

FONTS = Path(reportlab.__file__).parent / "fonts"
pdfmetrics.registerFont(TTFont("Vera", str(FONTS / "Vera.ttf")))
pdfmetrics.registerFont(TTFont("VeraBd", str(FONTS / "VeraBd.ttf")))

MARGIN = 2.2 * cm
LABEL_W = 4.4 * cm
VALUE_W = A4[0] - 2 * MARGIN - LABEL_W

TITLE_STYLE = ParagraphStyle("titel", fontName="VeraBd", fontSize=15, leading=19, spaceAfter=10)
HEAD_STYLE = ParagraphStyle("kop", fontName="VeraBd", fontSize=11.5, leading=15, spaceBefore=10,
                            spaceAfter=3)
BODY_STYLE = ParagraphStyle("tekst", fontName="Vera", fontSize=10, leading=13.5, spaceAfter=6)
LABEL_STYLE = ParagraphStyle("label", fontName="VeraBd", fontSize=9.5, leading=12.5)
VALUE_STYLE = ParagraphStyle("waarde", fontName="Vera", fontSize=9.5, leading=12.5)

BLADEN = [
    {
        "name": "Robotiseringsloket Maakmkb",
        "fields": [
            ("Projecteigenaar", "Stichting Maakregio Veldmaasland"),
            ("Betrokken partijen", "Hogeschool Haverdonk, ROC Brakelveen, Fieldlab Robotica "
             "Oudermolen en Ondernemersvereniging Brakelveen-Zuid"),
            ("Kosten", "€ 2.400.000"),
            ("Provinciale bijdrage", "€ 1.250.000 (interventie I-1.1.1)"),
            ("Start", "1 april 2026"),
            ("Einde", "31 maart 2030"),
            ("Draagt bij aan", "Spoor 1.1 en Spoor 1.3"),
            ("Contactpersoon", "Joris van Heeswijk, programmaleider Maakregio"),
        ],
        "Aanleiding": [
            "Uit de bedrijvenenquête van 2025 blijkt dat 23 procent van de mkb-maakbedrijven in "
            "Veldmaasland robotica of data-analyse toepast. Ondernemers noemen gebrek aan tijd en "
            "het ontbreken van onafhankelijk advies als belangrijkste redenen om niet te "
            "investeren. De bestaande adviesregelingen zijn versnipperd en vaak gericht op "
            "grotere bedrijven.",
        ],
        "Aanpak": [
            "Het loket heeft vier technisch adviseurs die bedrijven op locatie bezoeken. Elk "
            "bezoek levert een quickscan op met drie concrete verbeterkansen en een globale "
            "terugverdientijd. Bedrijven die verder willen, worden doorverwezen naar de "
            "digitaliseringsvouchers van de provincie of naar het fieldlab in Oudermolen, waar "
            "ze een cobot kunnen testen voordat ze die aanschaffen.",
            "Studenten van Hogeschool Haverdonk voeren een deel van de quickscans uit als "
            "afstudeeropdracht, onder begeleiding van de adviseurs van het loket.",
        ],
        "Resultaat": [
            "Aan het eind van de looptijd hebben minstens 400 bedrijven een quickscan gekregen en "
            "zijn 120 bedrijven gestart met een robot- of dataproject. De stichting rapporteert "
            "elk half jaar over de voortgang aan de provincie.",
        ],
    },
    {
        "name": "Omscholingsroute Switch!",
        "fields": [
            ("Projecteigenaar", "Werkgeversservicepunt Veldmaasland"),
            ("Betrokken partijen", "ROC Brakelveen, Zorgnetwerk Veldmaasland en de gemeenten"),
            ("Kosten", "€ 4,1 mln"),
            ("Provinciale bijdrage", "€ 2,75 mln"),
            ("Start", "1 januari 2027"),
            ("Einde", "31 december 2030"),
            ("Draagt bij aan", "Spoor 2.2 en Spoor 3.2"),
            ("Contactpersoon", "de programmamanager arbeidsmarkt"),
        ],
        "Aanleiding": [
            "In techniek en zorg stonden eind 2024 in Veldmaasland 14.600 vacatures open. "
            "Tegelijk verdwijnen er banen in onder meer de detailhandel en de logistiek. Wie wil "
            "overstappen naar een tekortberoep, kan zich een opleiding zonder inkomen vaak niet "
            "veroorloven.",
        ],
        "Aanpak": [
            "Deelnemers worden geselecteerd door de werkgevers en het werkgeversservicepunt. Zij "
            "krijgen vanaf de eerste dag een arbeidscontract, werken vier dagen per week op een "
            "leerwerkplek en gaan één dag per week naar school bij ROC Brakelveen. Een "
            "loopbaancoach begeleidt elke deelnemer tot een half jaar na afronding.",
            "Werkgevers kunnen voor de opleidingsperiode gebruikmaken van de provinciale "
            "loonkostensubsidie voor zij-instromers. Deelnemers die naar de zorg overstappen, "
            "volgen een deel van hun opleiding bij de nieuwe Zorgacademie in Brakelveen.",
        ],
        "Resultaat": [
            "Tot eind 2030 ronden 600 zij-instromers de route af. Ten minste 75 procent van hen "
            "werkt een jaar na afronding nog in de techniek of de zorg.",
        ],
    },
    {
        "name": "Circulaire Hub Oudermolen",
        "fields": [
            ("Projecteigenaar", "Circulaire Hub Oudermolen B.V."),
            ("Betrokken partijen", "Gemeente Oudermolen, Kunststofcluster Veldmaasland"),
            ("Provinciale bijdrage", "€ 2,1 mln, waarvan € 1,5 mln als lening"),
            ("Start", "september 2027"),
            ("Einde", "december 2031"),
            ("Draagt bij aan", "Spoor 1.2 en Spoor 4.2"),
            ("Contactpersoon", "Fatma Demirel, directeur"),
        ],
        "Aanleiding": [
            "Bedrijven in Veldmaasland produceren jaarlijks naar schatting 38.000 ton kunststof- "
            "en metaalreststromen. Het grootste deel daarvan wordt verbrand of buiten de "
            "provincie verwerkt, terwijl dezelfde bedrijven nieuwe grondstoffen inkopen tegen "
            "stijgende prijzen.",
        ],
        "Aanpak": [
            "Op bedrijventerrein De Kolk in Oudermolen komt een hal met een sorteer- en "
            "reinigingslijn die aangesloten bedrijven samen gebruiken. Bedrijven leveren hun "
            "reststromen aan en kopen de gereinigde materialen terug of verkopen ze via de hub "
            "aan andere bedrijven. De totale investering wordt vastgesteld na de aanbesteding "
            "van de sorteerlijn.",
            "Hogeschool Haverdonk richt in de hal een onderzoekslijn in waar studenten en "
            "bedrijven nieuwe recyclingtechnieken testen.",
        ],
        "Resultaat": [
            "Vanaf 2030 verwerkt de hub jaarlijks 12.000 ton reststromen. Minstens 30 bedrijven "
            "zijn aangesloten.",
        ],
    },
]


class NumberedCanvas(pdfcanvas.Canvas):
    """Holds every page until the end so the footer can say "pagina N van M"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages = []

    def showPage(self):
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._decorate(total)
            super().showPage()
        super().save()

    def _decorate(self, total: int) -> None:
        width, height = A4
        self.saveState()
        self.setFont("Vera", 8.5)
        self.setFillColor(colors.grey)
        self.drawString(MARGIN, height - 1.3 * cm, HEADER)
        self.setStrokeColor(colors.lightgrey)
        self.line(MARGIN, height - 1.45 * cm, width - MARGIN, height - 1.45 * cm)
        self.drawRightString(width - MARGIN, 1.2 * cm, f"pagina {self._pageNumber} van {total}")
        self.restoreState()


def field_table(fields: list[tuple[str, str]]) -> Table:
    rows = [[Paragraph(label, LABEL_STYLE), Paragraph(value, VALUE_STYLE)]
            for label, value in fields]
    table = Table(rows, colWidths=[LABEL_W, VALUE_W])
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("BACKGROUND", (0, 0), (0, -1), colors.Color(0.92, 0.94, 0.97)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ]))
    return table


def build() -> None:
    story = []
    for number, blad in enumerate(BLADEN, start=1):
        if number > 1:
            story.append(PageBreak())
        story.append(Paragraph(f"Projectblad {number} — {blad['name']}", TITLE_STYLE))
        story.append(field_table(blad["fields"]))
        story.append(Spacer(1, 6))
        for section in ("Aanleiding", "Aanpak", "Resultaat"):
            story.append(Paragraph(section, HEAD_STYLE))
            for text in blad[section]:
                story.append(Paragraph(text, BODY_STYLE))
    doc = SimpleDocTemplate(str(OUT), pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN,
                            topMargin=2.3 * cm, bottomMargin=2.2 * cm, title=TITLE,
                            author=PUBLISHER, subject=HEADER)
    doc.build(story, canvasmaker=NumberedCanvas)
    sidecar = OUT.with_name(OUT.name + ".meta.json")
    sidecar.write_text(json.dumps(META, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    OUT.parent.mkdir(parents=True, exist_ok=True)
    build()
    print(f"wrote {OUT.relative_to(REPO)}")
