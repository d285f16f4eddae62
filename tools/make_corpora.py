"""Build the binary test corpora (tests/corpora/) from their sources in tools/corpus_sources/.

    python tools/make_corpora.py            # writes the PDF and DOCX next to their sidecars

The woonplan becomes a PDF drawn with reportlab (running header, page numbers, a wrapped
heading, a table of indicators); the beleidsplan a DOCX written with python-docx (Word
heading and list styles, numbered items as bold-label paragraphs). Both are committed, so
tests and evaluations do not depend on this script; it is kept to make them reproducible.
The PDF is deterministic (reportlab's invariant mode); the DOCX differs between runs only
in the ZIP entries' timestamps.

Source format, one block per line (``#`` lines are comments): ``T:`` title, ``S:`` subtitle,
``H1:``/``H2:`` headings, ``P:`` paragraph, ``B:`` bullet, ``N:`` numbered item whose label
(up to the first " – ") is bold, ``F:`` a ``Label: value`` field with a bold label, ``R:``
a table row with cells separated by " | " (the first row is the header). In the sources
``~`` stands for a non-breaking space.
"""

from __future__ import annotations

import sys
from pathlib import Path
from xml.sax.saxutils import escape

REPO = Path(__file__).resolve().parents[1]
SOURCES = REPO / "tools" / "corpus_sources"
CORPORA = REPO / "tests" / "corpora"
NBSP = "\u00a0"


def read_blocks(path: Path) -> list[tuple[str, str]]:
    blocks = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, _, text = line.partition(": ")
        blocks.append((kind, text.replace("~", NBSP)))
    return blocks


def build_pdf(blocks: list[tuple[str, str]], out: Path) -> None:
    import reportlab
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    fonts = Path(reportlab.__file__).parent / "fonts"
    pdfmetrics.registerFont(TTFont("Vera", str(fonts / "Vera.ttf")))
    pdfmetrics.registerFont(TTFont("VeraBd", str(fonts / "VeraBd.ttf")))
    body = ParagraphStyle("body", fontName="Vera", fontSize=10, leading=13.5, spaceAfter=6)
    styles = {
        "T": ParagraphStyle("title", parent=body, fontName="VeraBd", fontSize=20, leading=24, spaceAfter=4),
        "S": ParagraphStyle("subtitle", parent=body, fontSize=13, leading=16, spaceAfter=14),
        "H1": ParagraphStyle("h1", parent=body, fontName="VeraBd", fontSize=14, leading=17, spaceBefore=12),
        # Narrow enough that the longest operational goal wraps onto a second line.
        "H2": ParagraphStyle("h2", parent=body, fontName="VeraBd", fontSize=11, leading=14, spaceBefore=6, rightIndent=3 * cm),
        "P": body,
        "B": ParagraphStyle("bullet", parent=body, leftIndent=14, bulletIndent=2, spaceAfter=3, bulletFontName="Vera"),
    }
    title = next(text for kind, text in blocks if kind == "T")

    def decorate(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont("Vera", 8)
        canvas.setFillColor(colors.grey)
        if doc.page > 1:
            canvas.drawString(2 * cm, A4[1] - 1.2 * cm, title)
            canvas.drawRightString(A4[0] - 2 * cm, A4[1] - 1.2 * cm, "Provincie Maasland")
        canvas.drawCentredString(A4[0] / 2, 1.2 * cm, f"pagina {doc.page}")
        canvas.restoreState()

    story: list = []
    rows: list[list[str]] = []

    def flush_table() -> None:
        if not rows:
            return
        cell = ParagraphStyle("cell", parent=body, fontSize=9, leading=11, spaceAfter=0)
        head = ParagraphStyle("head", parent=cell, fontName="VeraBd")
        data = [[Paragraph(escape(c), head if i == 0 else cell) for c in row] for i, row in enumerate(rows)]
        table = Table(data, colWidths=[7.5 * cm, 3 * cm, 3 * cm, 2 * cm], repeatRows=1)
        table.setStyle(TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6eef5")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]))
        story.extend([table, Spacer(1, 8)])
        rows.clear()

    for kind, text in blocks:
        if kind == "R":
            rows.append(text.split(" | "))
            continue
        flush_table()
        if kind == "B":
            story.append(Paragraph(escape(text), styles["B"], bulletText="•"))
        else:
            story.append(Paragraph(escape(text), styles[kind]))
    flush_table()
    doc = SimpleDocTemplate(
        str(out), pagesize=A4, leftMargin=2.2 * cm, rightMargin=2.2 * cm, topMargin=2 * cm, bottomMargin=2 * cm,
        title=title, author="Provincie Maasland", invariant=1,
    )
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)


def build_docx(blocks: list[tuple[str, str]], out: Path) -> None:
    import datetime

    import docx

    document = docx.Document()
    props = document.core_properties
    props.title = next(text for kind, text in blocks if kind == "T")
    props.author = "Provincie Maasland"
    props.created = props.modified = datetime.datetime(2024, 3, 1, 9, 0, 0)
    props.last_modified_by = "Provincie Maasland"
    props.revision = 1
    for kind, text in blocks:
        if kind == "T":
            document.add_heading(text, level=0)
        elif kind == "S":
            document.add_paragraph(text, style="Subtitle")
        elif kind in ("H1", "H2"):
            document.add_heading(text, level=int(kind[1]))
        elif kind == "B":
            document.add_paragraph(text, style="List Bullet")
        elif kind in ("N", "F"):
            label, sep, rest = text.partition(" – " if kind == "N" else ": ")
            para = document.add_paragraph()
            para.add_run(label + sep.rstrip() if kind == "F" else label).bold = True
            para.add_run((" " + rest) if kind == "F" else (sep + rest))
        else:
            document.add_paragraph(text)
    document.save(str(out))


def main() -> int:
    build_pdf(read_blocks(SOURCES / "woonplan.src"), CORPORA / "woonplan" / "woonplan-maasland.pdf")
    build_docx(read_blocks(SOURCES / "beleidsplan.src"), CORPORA / "beleidsplan" / "beleidsplan-economie.docx")
    print(f"wrote the PDF and DOCX corpora under {CORPORA.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
