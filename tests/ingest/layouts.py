"""Render the corpus text as PDFs of other layouts, independently of the ingest code.

The corpus .txt is split into logical blocks by a small parser of its own (bullets,
their continuation lines, headings), and drawn with reportlab in another page size,
font, font size, line width, bullet sign and running header/footer. A test can then
compare what ingest recovers from the PDF with what was put in, item by item and page
by page. Run ``python -m tests.ingest.layouts OUTDIR`` to look at the PDFs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import reportlab
from reportlab.lib.pagesizes import A4, A5, letter
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

REPO = Path(__file__).resolve().parents[2]
CORPUS_TXT = REPO / "corpus" / "competitief-limburg.txt"
_FONT_DIR = Path(reportlab.__file__).parent / "fonts"


@dataclass
class Block:
    kind: str  # title | heading | ambition | question | para | bullet | nav
    text: str
    sign: str | None = None  # the bullet sign in the source, for bullets


@dataclass(frozen=True)
class Item:
    kind: str  # analyse | actie | kpi
    ambitielijn: int | None
    text: str


def corpus_blocks(text: str | None = None) -> list[Block]:
    """Logical blocks of the corpus text: one per line, bullets with their continuation lines."""
    text = CORPUS_TXT.read_text(encoding="utf-8") if text is None else text
    blocks: list[Block] = []
    current: Block | None = None
    for raw in text.split("\n"):
        line = raw.rstrip()
        if not line.strip():
            current = None
            continue
        bullet = re.match(r"^\s*([•➔])[\s\u00a0]*(\S.*)$", line)
        if bullet:
            current = Block("bullet", bullet.group(2).strip(), bullet.group(1))
            blocks.append(current)
            continue
        if line.startswith(" ") and current is not None:
            current.text += " " + line.strip()
            continue
        stripped = line.strip()
        if not blocks:
            kind = "title"
        elif stripped.lower().startswith("ontdek"):
            kind = "nav"
        elif re.match(r"ambitielijn \d+:", stripped, re.IGNORECASE):
            kind = "ambition"
        elif stripped.endswith("?"):
            kind = "question"
        elif len(stripped.split()) <= 6 and not stripped.endswith("."):
            kind = "heading"
        else:
            kind = "para"
        blocks.append(Block(kind, stripped))
        current = None
    return blocks


def expected_items(blocks: list[Block]) -> list[Item]:
    """The items a reader sees: the bullets after the analysis, action and KPI questions."""
    items: list[Item] = []
    line: int | None = None
    list_kind: str | None = None
    for block in blocks:
        if block.kind == "ambition":
            line = int(re.search(r"\d+", block.text).group())
            list_kind = None
        elif block.kind == "question":
            low = block.text.lower()
            list_kind = "kpi" if "kpi" in low else "actie" if "acties" in low else "analyse" if "analyse" in low else None
        elif block.kind == "bullet":
            if list_kind:
                items.append(Item(list_kind, line, block.text))
        elif block.kind != "nav":
            list_kind = None
    return items


@dataclass(frozen=True)
class Layout:
    name: str
    pagesize: tuple[float, float]
    font: str
    bold: str
    size: float
    heading_size: float
    margins: tuple[float, float, float, float]  # left, right, top, bottom
    item_sign: str  # bullet sign for the item lists
    arrow_sign: str  # bullet sign for the list that uses ➔ in the source
    header: tuple[str, ...] = ()  # running header lines; may use {page} and {pages}
    footer: tuple[str, ...] = ()
    header_align: str = "left"
    hanging: bool = True  # wrapped bullet lines under the bullet's text (else under the sign)
    sign_indent: float = 1.2  # in font sizes
    sign_gap: float = 1.6  # room for the sign, in font sizes
    break_hyphens: bool = False  # wrap inside hyphenated words where they do not fit
    header_on_first_page: bool = True
    keep_nbsp: bool = True
    para_gap: float = 0.8  # blank space between blocks, in line heights
    justify: bool = False  # stretch full lines to the margin (Type 1 fonts only)
    split_ambition_label: bool = False  # "Ambitielijn 1:" on a line of its own

    @property
    def running_texts(self) -> list[str]:
        """Header/footer lines with the page number left out, for 'not inside an item' checks."""
        out = []
        for template in self.header + self.footer:
            fixed = re.sub(r"\{page\}|\{pages\}", "", template)
            fixed = " ".join(fixed.replace("-", " ").split())
            if len(fixed) >= 8:
                out.append(fixed)
        return out


def _register_fonts() -> None:
    if "Vera" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("Vera", str(_FONT_DIR / "Vera.ttf")))
        pdfmetrics.registerFont(TTFont("VeraBd", str(_FONT_DIR / "VeraBd.ttf")))


LAYOUTS = [
    Layout(
        name="letter-times-dash-justified",
        pagesize=letter,
        font="Times-Roman",
        bold="Times-Bold",
        size=11.5,
        heading_size=17,
        margins=(72, 90, 60, 60),
        item_sign="–",
        arrow_sign="➔",
        header=("Provincie Limburg – Economische strategie",),
        footer=("- {page} -",),
        break_hyphens=True,
        justify=True,
    ),
    Layout(
        name="a5-vera-bullet",
        pagesize=A5,
        font="Vera",
        bold="VeraBd",
        size=8.5,
        heading_size=12,
        margins=(40, 36, 44, 40),
        item_sign="•",
        arrow_sign="➔",
        header=("Competitief Limburg · Provincie Limburg",),
        footer=("Pagina {page}",),
        header_align="right",
        header_on_first_page=False,
        keep_nbsp=False,
        sign_gap=1.0,
        split_ambition_label=True,
    ),
    Layout(
        name="a4-courier-hyphen-no-hanging",
        pagesize=A4,
        font="Courier",
        bold="Courier-Bold",
        size=9,
        heading_size=13,
        margins=(60, 60, 70, 70),
        item_sign="-",
        arrow_sign="-",
        header=("Strategische nota 2021-2026", "Provincie Limburg"),
        footer=("pagina {page} van {pages}",),
        header_align="center",
        hanging=False,
    ),
    Layout(
        name="a4-helvetica-arrow-dense",
        pagesize=A4,
        font="Helvetica",
        bold="Helvetica-Bold",
        size=10,
        heading_size=20,
        margins=(70, 70, 80, 60),
        item_sign="➔",
        arrow_sign="➔",
        header=("Provincie Limburg – Economische strategie",),
        footer=("{page}",),
        header_align="center",
        sign_indent=0,
        para_gap=0.25,
    ),
]


@dataclass
class Rendered:
    path: Path
    layout: Layout
    pages: int
    items: list[tuple[Item, int]] = field(default_factory=list)  # (item, page where it starts)


def _wrap(text: str, font: str, size: float, width: float, break_hyphens: bool) -> list[str]:
    """Greedy line breaking on the real glyph widths; optionally inside hyphenated words."""
    lines: list[str] = []
    cur = ""

    def fits(s: str) -> bool:
        return pdfmetrics.stringWidth(s, font, size) <= width

    for word in text.split(" "):
        if not word:
            continue
        candidate = f"{cur} {word}" if cur else word
        if fits(candidate):
            cur = candidate
            continue
        if break_hyphens and cur and "-" in word:
            parts = word.split("-")
            for k in range(len(parts) - 1, 0, -1):
                head = "-".join(parts[:k]) + "-"
                if parts[k - 1][-1:].isalpha() and parts[k][:1].isalpha() and fits(f"{cur} {head}"):
                    lines.append(f"{cur} {head}")
                    cur = "-".join(parts[k:])
                    break
            else:
                lines.append(cur)
                cur = word
            continue
        if cur:
            lines.append(cur)
        cur = word
    if cur:
        lines.append(cur)
    return lines


@dataclass
class _Placed:
    page: int
    x: float
    y: float
    text: str
    font: str
    size: float
    stretch_to: float | None = None  # justify to this width


def render(layout: Layout, out: Path, blocks: list[Block] | None = None) -> Rendered:
    """Draw the blocks in ``layout`` to ``out``; return each item with the page it starts on."""
    _register_fonts()
    blocks = corpus_blocks() if blocks is None else blocks
    page_w, page_h = layout.pagesize
    left, right, top, bottom = layout.margins
    text_w = page_w - left - right
    lh = layout.size * 1.35

    placed: list[_Placed] = []
    bullet_pages: list[int] = []  # page of every bullet block, in order
    page, y = 1, page_h - top
    prev_kind = None

    def advance(height: float) -> None:
        nonlocal page, y
        y -= height
        if y < bottom:
            page, y = page + 1, page_h - top - height * 0.8

    def put_lines(lines: list[str], x_first: float, x_rest: float, width: float, font: str, size: float, gap: float):
        for n, line in enumerate(lines):
            advance(size * 1.35 + (gap if n == 0 else 0))
            last = n == len(lines) - 1
            placed.append(_Placed(page, x_first if n == 0 else x_rest, y, line, font, size,
                                  None if last or not layout.justify else width))

    for block in blocks:
        text = block.text if layout.keep_nbsp else block.text.replace("\u00a0", " ")
        if block.kind == "bullet":
            gap = 0 if prev_kind == "bullet" else lh * layout.para_gap
            sign = layout.arrow_sign if block.sign == "➔" else layout.item_sign
            x_sign = left + layout.size * layout.sign_indent
            x_text = x_sign + layout.size * layout.sign_gap
            width = left + text_w - x_text
            lines = _wrap(text, layout.font, layout.size, width, layout.break_hyphens)
            before = len(placed)
            put_lines(lines, x_text, x_text if layout.hanging else x_sign, width, layout.font, layout.size, gap)
            first = placed[before]
            placed.append(_Placed(first.page, x_sign, first.y, sign, "SIGN", layout.size))
            bullet_pages.append(first.page)
        else:
            font, size = layout.font, layout.size
            if block.kind in ("title", "ambition"):
                font, size = layout.bold, layout.heading_size
            elif block.kind in ("question", "heading"):
                font = layout.bold
            gap = {"title": 0, "ambition": lh * 2.0, "question": lh * 1.2, "nav": lh * 0.2}.get(
                block.kind, lh * layout.para_gap
            )
            if block.kind == "ambition" and layout.split_ambition_label:
                label, _, title = text.partition(":")
                lines = [label + ":"] + _wrap(title.strip(), font, size, text_w, layout.break_hyphens)
            else:
                lines = _wrap(text, font, size, text_w, layout.break_hyphens)
            put_lines(lines, left, left, text_w, font, size, gap)
        prev_kind = block.kind
    pages = page

    c = canvas.Canvas(str(out), pagesize=layout.pagesize)
    c.setTitle("Competitief Limburg")
    by_page: dict[int, list[_Placed]] = {}
    for p in placed:
        by_page.setdefault(p.page, []).append(p)
    for number in range(1, pages + 1):
        for p in by_page.get(number, []):
            if p.font == "SIGN":
                # The standard fonts have no ➔ and encode • oddly: use a font that has them.
                font = "ZapfDingbats" if p.text == "➔" else "Vera" if p.text == "•" else layout.font
                c.setFont(font, p.size)
                c.drawString(p.x, p.y, p.text)
                continue
            t = c.beginText(p.x, p.y)
            t.setFont(p.font, p.size)
            spaces = p.text.count(" ")
            if p.stretch_to and spaces and not p.font.startswith("Vera"):
                t.setWordSpace((p.stretch_to - pdfmetrics.stringWidth(p.text, p.font, p.size)) / spaces)
            t.textOut(p.text)
            c.drawText(t)
        c.setFont(layout.font, layout.size * 0.85)
        running = [] if number == 1 and not layout.header_on_first_page else [
            (line, page_h - top * 0.45 - k * layout.size * 1.2, layout.header_align) for k, line in enumerate(layout.header)
        ]
        running += [(line, bottom * 0.55 - k * layout.size * 1.2, "center") for k, line in enumerate(layout.footer)]
        for template, ypos, align in running:
            label = template.format(page=number, pages=pages)
            if align == "left":
                c.drawString(left, ypos, label)
            elif align == "right":
                c.drawRightString(page_w - right, ypos, label)
            else:
                c.drawCentredString(page_w / 2, ypos, label)
        c.showPage()
    c.save()

    # Items are bullets too: walk both lists in order to find each item's page.
    items = expected_items(blocks)
    bullets = [(b.text, pg) for b, pg in zip([b for b in blocks if b.kind == "bullet"], bullet_pages)]
    placed_items, cursor = [], 0
    for item in items:
        while bullets[cursor][0] != item.text:
            cursor += 1
        placed_items.append((item, bullets[cursor][1]))
        cursor += 1
    return Rendered(path=out, layout=layout, pages=pages, items=placed_items)


if __name__ == "__main__":
    import sys

    target = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    target.mkdir(parents=True, exist_ok=True)
    for lay in LAYOUTS:
        r = render(lay, target / f"{lay.name}.pdf")
        print(r.path, r.pages, "pages,", len(r.items), "items")


def corpus_html(css: str, blocks: list[Block] | None = None) -> str:
    """The corpus as a web page (headings, lists, a navigation link) styled by ``css``."""
    import html

    blocks = corpus_blocks() if blocks is None else blocks
    out = [f"<!doctype html><html lang='nl'><head><meta charset='utf-8'><title>Competitief Limburg</title>"
           f"<style>{css}</style></head><body>"]
    in_list = False
    for b in blocks:
        if b.kind == "bullet" and not in_list:
            out.append("<ul>")
            in_list = True
        if b.kind != "bullet" and in_list:
            out.append("</ul>")
            in_list = False
        if b.kind == "nav":
            out.append(f"<p><a href='#projecten'>{html.escape(b.text)}</a></p>")
            continue
        tag = {"title": "h1", "ambition": "h2", "question": "h3", "heading": "h4", "bullet": "li"}.get(b.kind, "p")
        out.append(f"<{tag}>{html.escape(b.text)}</{tag}>")
    out.append("</ul></body></html>" if in_list else "</body></html>")
    return "\n".join(out)


# Browser print styles with text bullet signs (Chrome draws the default disc and square
# markers as shapes, which leave no sign in the PDF's text).
CHROMIUM_STYLES = {
    "letter-sans-dash": "@page{size:letter;margin:2cm} body{font-family:sans-serif;font-size:14px;max-width:16cm}"
                        " ul{list-style-type:'– '} h2{font-size:28px}",
    "a5-mono-arrow": "@page{size:A5;margin:1.2cm} body{font-family:monospace;font-size:11px}"
                     " ul{list-style-type:'➔ '} li{margin-bottom:4px}",
    "a4-serif-hyphen-before": "@page{size:A4;margin:2.5cm} body{font-family:serif;font-size:13px;line-height:1.5}"
                              " ul{list-style:none;padding-left:0} li::before{content:'- '}",
    "a4-margin-boxes": "@page{size:A4;margin:2.5cm 2cm;@top-center{content:'Provincie Limburg – Economische strategie'}"
                       " @bottom-center{content:'- ' counter(page) ' -'}} body{font-family:sans-serif;font-size:12px;"
                       "text-align:justify} ul{list-style-type:'• '}",
}
