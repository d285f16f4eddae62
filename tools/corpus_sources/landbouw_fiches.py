"""Build the two project fiches of the landbouw test corpus (tests/corpora/landbouw/).

    python tools/corpus_sources/landbouw_fiches.py

Each fiche is a PDF drawn directly on a reportlab canvas: a title, a subtitle, a short
description and then its fields, without any table borders. The Retselt fiche draws its
fields as ``Label ........ value`` lines (dot leaders up to a value column); the
Mollendonk fiche as two columns (a bold label left, the value right). Long values wrap
inside the value column. Every page gets a running footer with the fiche name and the
page number. The output is deterministic (reportlab's invariant mode).
"""

from __future__ import annotations

import sys
from pathlib import Path

import reportlab
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as pdfcanvas

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "tests" / "corpora" / "landbouw"
PUBLISHER = "Provincie Zandkempen"
SERIES = "Landbouw- en plattelandsvisie Zandkempen 2027–2032"

FONTS = Path(reportlab.__file__).parent / "fonts"
pdfmetrics.registerFont(TTFont("Vera", str(FONTS / "Vera.ttf")))
pdfmetrics.registerFont(TTFont("VeraBd", str(FONTS / "VeraBd.ttf")))

LEFT = 2.2 * cm
RIGHT = A4[0] - 2.2 * cm
TOP = A4[1] - 2.2 * cm
BOTTOM = 2.4 * cm


class Sheet:
    """A canvas with a text cursor that starts a new page (and draws the footer) when full."""

    def __init__(self, path: Path, title: str, footer: str) -> None:
        self.c = pdfcanvas.Canvas(str(path), pagesize=A4, invariant=1)
        self.c.setTitle(title)
        self.c.setAuthor(PUBLISHER)
        self.c.setSubject(SERIES)
        self.footer = footer
        self.page = 1
        self.y = TOP

    def _footer(self) -> None:
        c = self.c
        c.saveState()
        c.setFont("Vera", 8)
        c.setFillColor(colors.grey)
        c.drawString(LEFT, 1.3 * cm, self.footer)
        c.drawRightString(RIGHT, 1.3 * cm, f"pagina {self.page}")
        c.restoreState()

    def need(self, height: float) -> None:
        if self.y - height < BOTTOM:
            self._footer()
            self.c.showPage()
            self.page += 1
            self.y = TOP

    def space(self, height: float) -> None:
        self.y -= height

    def lines(self, text: str, x: float, width: float, font: str = "Vera", size: float = 10,
              leading: float = 13.5, color=colors.black) -> None:
        for line in simpleSplit(text, font, size, width):
            self.need(leading)
            self.y -= leading
            self.c.setFont(font, size)
            self.c.setFillColor(color)
            self.c.drawString(x, self.y, line)
        self.c.setFillColor(colors.black)

    def heading(self, text: str) -> None:
        self.need(40)
        self.space(10)
        self.lines(text, LEFT, RIGHT - LEFT, font="VeraBd", size=11.5, leading=15)
        self.space(4)

    def paragraph(self, text: str) -> None:
        self.lines(text, LEFT, RIGHT - LEFT)
        self.space(6)

    def bullets(self, items: list[str]) -> None:
        for item in items:
            self.need(13.5)
            self.c.setFont("Vera", 10)
            self.c.drawString(LEFT + 4, self.y - 13.5, "•")
            self.lines(item, LEFT + 16, RIGHT - LEFT - 16)
            self.space(2)
        self.space(4)

    def dotted_field(self, label: str, value: str, column: float = 5.6 * cm) -> None:
        """``Label ........ value``: dots from the label up to the value column."""
        x_value = LEFT + column
        width = RIGHT - x_value
        first, *rest = simpleSplit(value, "Vera", 10, width)
        self.need(13.5 * (1 + len(rest)) + 5)
        self.y -= 13.5
        c = self.c
        c.setFont("VeraBd", 10)
        c.drawString(LEFT, self.y, label)
        start = LEFT + pdfmetrics.stringWidth(label, "VeraBd", 10) + 4
        dot = pdfmetrics.stringWidth(".", "Vera", 10)
        count = int((x_value - 6 - start) / dot)
        c.setFont("Vera", 10)
        c.setFillColor(colors.grey)
        c.drawString(start, self.y, "." * count)
        c.setFillColor(colors.black)
        c.drawString(x_value, self.y, first)
        for line in rest:
            self.y -= 13.5
            c.drawString(x_value, self.y, line)
        self.space(5)

    def column_field(self, label: str, value: str, column: float = 5.0 * cm) -> None:
        """A bold label in the left column, the value in the right column; no borders."""
        x_value = LEFT + column
        labels = simpleSplit(label, "VeraBd", 10, column - 12)
        values = simpleSplit(value, "Vera", 10, RIGHT - x_value)
        rows = max(len(labels), len(values))
        self.need(13.5 * rows + 7)
        top = self.y
        for i, line in enumerate(labels):
            self.c.setFont("VeraBd", 10)
            self.c.drawString(LEFT, top - 13.5 * (i + 1), line)
        for i, line in enumerate(values):
            self.c.setFont("Vera", 10)
            self.c.drawString(x_value, top - 13.5 * (i + 1), line)
        self.y = top - 13.5 * rows - 7

    def title_block(self, kicker: str, title: str, subtitle: str) -> None:
        self.lines(kicker, LEFT, RIGHT - LEFT, size=8.5, leading=11, color=colors.grey)
        self.space(8)
        self.lines(title, LEFT, RIGHT - LEFT, font="VeraBd", size=18, leading=22)
        self.space(2)
        self.lines(subtitle, LEFT, RIGHT - LEFT, size=11.5, leading=15)
        self.space(10)

    def save(self) -> None:
        self._footer()
        self.c.save()


def fiche_retselt(path: Path) -> None:
    sheet = Sheet(path, "Projectfiche Streekhub Retselt", "Projectfiche Streekhub Retselt – bijlage 1 bij de landbouwvisie")
    sheet.title_block(
        f"{PUBLISHER} · {SERIES} · bijlage 1",
        "Projectfiche Streekhub Retselt",
        "Een gedeelde verzamel- en verdeelplaats voor hoeveproducten in de vroegere zuivelfabriek van Retselt",
    )
    sheet.heading("Omschrijving")
    sheet.paragraph(
        "In de vroegere zuivelfabriek aan de Molenstraat in Retselt richt de coöperatie Streekgoed Retselt "
        "een gedeelde verzamel- en verdeelplaats in voor hoeveproducten. Een dertigtal landbouwers uit Retselt "
        "en de omliggende dorpen brengt er groenten, zuivel, vlees en fruit samen. Van daaruit gaan de producten "
        "twee keer per week naar scholen, woonzorgcentra, restaurants en buurtwinkels in de regio."
    )
    sheet.paragraph(
        "De hub krijgt een koelcel, een kleine verwerkingsruimte voor groenten en een afhaalpunt voor particulieren. "
        "Door de logistiek te delen, besparen de deelnemende bedrijven tijd en transportkosten, en kunnen ze grotere "
        "afnemers bedienen die voor een enkel bedrijf buiten bereik blijven."
    )
    sheet.heading("Kerngegevens")
    for label, value in [
        ("Promotor", "Coöperatie Streekgoed Retselt cv"),
        ("Partners", "gemeente Retselt, Zandkempense Landbouwersunie, woonzorgcentrum De Linde, Scholengroep Kempenrand"),
        ("Deelnemende bedrijven", "31 bij de start, 45 tegen 2031"),
        ("Totale kost", "€ 1.240.000"),
        ("Provinciale steun", "€ 310.000, uit de projectoproep korte keten 2027"),
        ("Andere financiering", "gemeente Retselt € 120.000; de rest via eigen inbreng van de coöperatie en een bankkrediet"),
        ("Timing", "verbouwing vanaf maart 2028, opening in het voorjaar van 2029"),
        ("Bijdrage aan", "Doel 1.b en Doel 3.a"),
        ("Stand van zaken", "ontwerp klaar, omgevingsvergunning aangevraagd in februari 2027"),
        ("Contactpersoon", "de projectcoördinator van Streekgoed Retselt"),
    ]:
        sheet.dotted_field(label, value)
    sheet.heading("Verwachte resultaten")
    sheet.bullets([
        "minstens dertig vaste afnemers (scholen, zorginstellingen, horeca) tegen eind 2030",
        "een omzet via de hub van 1,5 miljoen euro per jaar vanaf 2031",
        "vier voltijdse banen, waarvan twee in sociale tewerkstelling",
        "40 % minder transportkilometers voor de deelnemende bedrijven",
    ])
    sheet.heading("Financieringsplan")
    for label, value in [
        ("Provinciale steun", "€ 310.000"),
        ("Gemeente Retselt", "€ 120.000"),
        ("Eigen inbreng coöperatie", "€ 290.000"),
        ("Bankkrediet", "€ 520.000"),
        ("Totaal", "€ 1.240.000"),
    ]:
        sheet.dotted_field(label, value, column=7.2 * cm)
    sheet.heading("Planning")
    for label, value in [
        ("Vergunningsaanvraag", "februari 2027"),
        ("Start verbouwing", "maart 2028"),
        ("Opening van de hub", "voorjaar 2029"),
        ("Eerste leveringen aan scholen", "september 2029"),
        ("Evaluatie met de afnemers", "juni 2031"),
    ]:
        sheet.dotted_field(label, value, column=7.2 * cm)
    sheet.heading("Aandachtspunten")
    sheet.paragraph(
        "Een deel van de daken van de zuivelfabriek bevat asbest; de sanering is in de totale kost inbegrepen. "
        "Vóór de opening moet de coöperatie een vaste logistiek verantwoordelijke aanwerven. De afspraken met "
        "de scholen gelden eerst voor twee schooljaren en worden daarna geëvalueerd."
    )
    sheet.save()


def fiche_mollendonk(path: Path) -> None:
    sheet = Sheet(path, "Projectfiche Waterbuffer Mollendonkse Beemden",
                  "Projectfiche Waterbuffer Mollendonkse Beemden – bijlage 2 bij de landbouwvisie")
    sheet.title_block(
        f"{PUBLISHER} · {SERIES} · bijlage 2",
        "Projectfiche Waterbuffer Mollendonkse Beemden",
        "Water vasthouden op graslanden langs de Molenbeek ten zuiden van Mollendonk",
    )
    sheet.heading("Omschrijving")
    sheet.paragraph(
        "In de Mollendonkse Beemden, een laaggelegen graslandgebied langs de Molenbeek, willen de polder en de "
        "landbouwers in natte periodes water tijdelijk vasthouden. Zo blijft het in droge zomers langer beschikbaar "
        "voor de graslanden en vult het het grondwater aan. Het gaat om een combinatie van verlaagde perceelsranden, "
        "twee regelbare stuwen en een buffer op ongeveer 35 hectare grasland."
    )
    sheet.paragraph(
        "Eerst onderzoekt een studie welke inrichting haalbaar is en wat de gevolgen zijn voor de bedrijven. "
        "Pas daarna liggen de precieze ingrepen en de kostprijs vast."
    )
    sheet.heading("Kerngegevens")
    for label, value in [
        ("Promotor", "Polder Grote Vennen"),
        ("Partners", "Provincie Zandkempen, gemeente Mollendonk, Vennenland vzw, veertien landbouwers met percelen in de Beemden"),
        ("Gebied", "ongeveer 35 hectare grasland langs de Molenbeek"),
        ("Beoogde berging", "60.000 tot 80.000 kubieke meter"),
        ("Totale kost", "te bepalen na de studiefase"),
        ("Provinciale steun", "€ 180.000 voor de studiefase; de steun voor de aanleg komt uit de provinciale middelen voor waterbuffers"),
        ("Timing", "studie van het najaar van 2027 tot eind 2028; aanleg ten vroegste in 2029"),
        ("Bijdrage aan", "Doel 2.a en Doel 2.c"),
        ("Stand van zaken", "studieopdracht in aanbesteding; infovergadering voor de landbouwers gepland in september 2027"),
        ("Vergoeding voor de landbouwers", "via een beheerovereenkomst; het bedrag volgt uit de studie"),
    ]:
        sheet.column_field(label, value)
    sheet.heading("De studie onderzoekt")
    sheet.bullets([
        "de beste plaats en hoogte van de twee stuwen",
        "de gevolgen voor de berijdbaarheid en de grasopbrengst van de percelen",
        "de invloed op het grondwater in de woonwijk Mollendonk-Zuid",
        "een regeling voor schade bij uitzonderlijk hoge waterstanden",
    ])
    sheet.save()


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    fiche_retselt(OUT / "fiche-korte-keten-retselt.pdf")
    fiche_mollendonk(OUT / "fiche-waterbuffer-mollendonk.pdf")
    print(f"wrote the landbouw fiches under {OUT.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
