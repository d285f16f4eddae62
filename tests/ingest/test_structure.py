"""Structure recovery on the corpus text, its PDF, other PDF layouts, other formats and projects."""

from __future__ import annotations

import html
import random
from pathlib import Path

import pytest

from ingest.chunk import chunk_document, parse
from ingest.normalise import Block
from ingest.structure import AMBITION_HEADING, structure
from tests.ingest import layouts
from tests.ingest.helpers import (
    CORPUS_TXT,
    FIXTURE_PDF,
    PROJECTS,
    assert_published_counts,
    corpus_norm,
    items_of,
    norm,
    parse_file,
    running_text_re,
)

AMBITION_TITLES = {
    1: "Innovatie als motor voor een hogere toegevoegde waarde",
    2: "Waardevolle en toekomstgerichte werkkrachten creëren en houden",
    3: "Impact verhogen als internationaal geconnecteerde regio",
}
FIXTURE_RUNNING = ["pagina 1 van 7", "Competitief Limburg"]  # the fixture's footer and header


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, layouts.Rendered]:
    """The corpus text drawn as PDFs in the alternative layouts (see layouts.py)."""
    folder = tmp_path_factory.mktemp("layouts")
    return {lay.name: layouts.render(lay, folder / f"{lay.name}.pdf") for lay in layouts.LAYOUTS}


def check_strategy(doc, *, paged: bool, running: list[str] = ()) -> list:
    """The checks every rendering of the corpus must pass; returns the items."""
    chunks = chunk_document(doc)
    items = items_of(chunks)
    assert doc.doc_type == "strategie"
    assert doc.title == "Competitief Limburg"
    assert_published_counts(items)
    corpus = corpus_norm()
    header_re = running_text_re(list(running))
    for item in items:
        assert norm(item.text) in corpus, item.text
        assert "ontdek de projecten" not in norm(item.text)
        assert doc.text[item.char_start : item.char_end] == item.text
        if paged:
            assert isinstance(item.page, int) and item.page >= 1, item
            assert not header_re.search(norm(item.text)), item.text
        else:
            assert item.page is None
    # Items keep their published order within each list.
    for line in (1, 2, 3):
        for kind in ("actie", "kpi"):
            indexes = [c.item_index for c in items if c.ambitielijn == line and c.kind == kind]
            assert indexes == list(range(1, len(indexes) + 1))
    # Ambition lines: number, title (also when the heading wrapped) and subtitle.
    assert [(line.number, line.title) for line in doc.ambition_lines] == list(AMBITION_TITLES.items())
    assert all(line.subtitle and norm(line.subtitle) in corpus for line in doc.ambition_lines)
    assert {c.section_path for c in items if c.kind == "actie"} == {f"Ambitielijn {n} › Acties" for n in (1, 2, 3)}
    assert {c.section_path for c in items if c.kind == "kpi"} == {f"Ambitielijn {n} › KPI's" for n in (1, 2, 3)}
    return items


def test_corpus_text():
    check_strategy(parse_file(CORPUS_TXT), paged=False)


def test_pdf_fixture():
    doc = parse_file(FIXTURE_PDF)
    items = check_strategy(doc, paged=True, running=FIXTURE_RUNNING)
    # Each item's page is the page its text starts on.
    from tests.ingest.helpers import load

    pages = {n: norm(text) for n, text in load(FIXTURE_PDF).pages}
    for item in items:
        opening = " ".join(norm(item.text).split()[:4])
        assert opening in pages[item.page], (item.page, item.text)
    assert [line.page for line in doc.ambition_lines] == [2, 4, 5]


@pytest.mark.parametrize("name", [lay.name for lay in layouts.LAYOUTS])
def test_other_pdf_layouts(rendered, name):
    """Other page sizes, fonts, font sizes, bullet signs, running headers/footers and wraps."""
    result = rendered[name]
    doc = parse_file(result.path)
    items = check_strategy(doc, paged=True, running=result.layout.running_texts)
    assert len(items) == len(result.items)
    for got, (want, page) in zip(items, result.items):
        assert (got.kind, got.ambitielijn) == (want.kind, want.ambitielijn)
        assert norm(got.text) == norm(want.text)
        assert got.page == page, (got.text, got.page, page)


def test_layouts_differ_from_each_other_and_from_the_fixture(rendered):
    """The alternative layouts really are different documents (guards the generator)."""
    from tests.ingest.helpers import load

    loaded = [load(r.path) for r in rendered.values()] + [load(FIXTURE_PDF)]
    assert len({raw.pages[1][1] for raw in loaded}) == len(loaded)
    assert len({len(raw.pages) for raw in loaded}) >= 2


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(6))
def test_random_hanging_indent_layouts(tmp_path, seed):
    """More layouts, drawn at random (reproducibly) from the usual choices."""
    from reportlab.lib.pagesizes import A4, A5, B5, legal, letter

    rng = random.Random(seed)
    font, bold = rng.choice([("Times-Roman", "Times-Bold"), ("Helvetica", "Helvetica-Bold"), ("Courier", "Courier-Bold"), ("Vera", "VeraBd")])
    size = rng.choice([8, 9, 10, 11, 12])
    lay = layouts.Layout(
        name=f"random-{seed}",
        pagesize=rng.choice([A4, A5, letter, legal, B5]),
        font=font,
        bold=bold,
        size=size,
        heading_size=size * rng.choice([1.0, 1.3, 1.8, 2.2]),
        margins=tuple(rng.choice([36, 50, 72, 90]) for _ in range(4)),
        item_sign=rng.choice("•–-➔"),
        arrow_sign=rng.choice("➔•–"),
        header=rng.choice([(), ("Provincie Limburg – Economische strategie",), ("Strategische nota 2021-2026", "Provincie Limburg")]),
        footer=rng.choice([(), ("- {page} -",), ("Pagina {page}",), ("{page}",), ("pagina {page} van {pages}",)]),
        header_align=rng.choice(["left", "right", "center"]),
        sign_indent=rng.choice([0, 1, 2]),
        sign_gap=rng.choice([0.9, 1.3, 2.0]),
        break_hyphens=rng.random() < 0.5,
        header_on_first_page=rng.random() < 0.5,
        keep_nbsp=rng.random() < 0.5,
        para_gap=rng.choice([0.25, 0.5, 0.8, 1.2]),
        justify=rng.random() < 0.3,
        split_ambition_label=rng.random() < 0.3,
    )
    result = layouts.render(lay, tmp_path / "random.pdf")
    items = check_strategy(parse_file(result.path), paged=True, running=lay.running_texts)
    assert [(norm(c.text), c.page) for c in items] == [(norm(i.text), p) for i, p in result.items]


# -- the same text in other formats ---------------------------------------------------------


def _as_markdown(blocks) -> str:
    out = []
    for b in blocks:
        if b.kind == "bullet":
            out.append(f"- {b.text}" if b.sign == "•" else f"➔ {b.text}")
            continue
        if out and out[-1].startswith(("-", "➔")):
            out.append("")
        prefix = {"title": "# ", "ambition": "## ", "question": "### "}.get(b.kind, "")
        out += [prefix + b.text, ""]
    return "\n".join(out)


def _as_html(blocks) -> str:
    out, in_list = ["<html><head><title>Competitief Limburg</title></head><body>"], False
    for b in blocks:
        if b.kind == "bullet" and not in_list:
            out.append("<ul>")
            in_list = True
        if b.kind != "bullet" and in_list:
            out.append("</ul>")
            in_list = False
        tag = {"title": "h1", "ambition": "h2", "question": "h3", "bullet": "li"}.get(b.kind, "p")
        if b.kind == "nav":
            out.append(f'<p><a class="knop" href="/projecten">{html.escape(b.text)}</a></p>')
        else:
            out.append(f"<{tag}>{html.escape(b.text)}</{tag}>")
    out.append("</ul></body></html>" if in_list else "</body></html>")
    return "\n".join(out)


def _as_docx(blocks, path: Path) -> None:
    import docx

    document = docx.Document()
    for b in blocks:
        if b.kind == "title":
            document.add_heading(b.text, level=0)
        elif b.kind == "ambition":
            document.add_heading(b.text, level=1)
        elif b.kind == "question":
            document.add_heading(b.text, level=2)
        elif b.kind == "bullet":
            document.add_paragraph(b.text, style="List Bullet")
        else:
            document.add_paragraph(b.text)
    document.save(path)


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_corpus_in_other_formats(tmp_path, fmt):
    blocks = layouts.corpus_blocks()
    path = tmp_path / f"competitief-limburg.{fmt}"
    if fmt == "md":
        path.write_text(_as_markdown(blocks), encoding="utf-8")
    elif fmt == "html":
        path.write_text(_as_html(blocks), encoding="utf-8")
    else:
        _as_docx(blocks, path)
    check_strategy(parse_file(path), paged=False)


# -- rules -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number", "title"),
    [
        ("Ambitielijn 1: Innovatie als motor", "1", "Innovatie als motor"),
        ("AMBITIELIJN 2 – Werkkrachten", "2", "Werkkrachten"),
        ("Ambitie lijn drie: Impact", "drie", "Impact"),
        ("Ambitielijn 3:", "3", None),
        ("Ambitielijn 3", "3", None),
    ],
)
def test_ambition_heading_forms(text, number, title):
    match = AMBITION_HEADING.match(text)
    assert match and match.group(1) == number and match.group("title") == title


def test_heading_label_on_a_line_of_its_own():
    blocks = [
        Block("Strategie", None),
        Block("Ambitielijn 1:", None),
        Block("Innovatie als motor", None),
        Block("Ondertitel van de lijn", None),
        Block("Wat zijn voorbeelden van acties?", None),
        Block("Actie een", None, bullet=True),
        Block("Ambitielijn 2: Werkkrachten", None),
        Block("Welke KPI's volgen we op?", None),
        Block("KPI een", None, bullet=True),
    ]
    doc = structure("s.txt", blocks)
    assert doc.doc_type == "strategie"
    assert [(line.number, line.title, line.subtitle) for line in doc.ambition_lines] == [
        (1, "Innovatie als motor", "Ondertitel van de lijn"),
        (2, "Werkkrachten", None),
    ]
    assert [(e.kind, e.ambitielijn, e.text) for e in doc.elements if e.item_index] == [
        ("actie", 1, "Actie een"),
        ("kpi", 2, "KPI een"),
    ]


def test_wrapped_question_heading_keeps_its_list_kind():
    blocks = [
        Block("Competitief Limburg", 1),
        Block("Wat leert de economische analyse van de provincie", 1),
        Block("Limburg ons?", 1),
        Block("Een analysepunt.", 1, bullet=True),
        Block("Ambitielijn 1: Een", 1),
        Block("Ambitielijn 2: Twee", 2),
    ]
    doc = structure("s.pdf", blocks)
    assert [(e.kind, e.text) for e in doc.elements if e.item_index] == [("analyse", "Een analysepunt.")]


def test_navigation_is_not_content():
    blocks = [Block("Titel", None), Block("Ambitielijn 1: Een", None), Block("Ontdek de projecten", None),
              Block("Lees meer", None), Block("Ambitielijn 2: Twee", None)]
    doc = structure("s.txt", blocks)
    assert all("Ontdek" not in e.text and "Lees meer" not in e.text for e in doc.elements)


# -- project descriptions ------------------------------------------------------------------

PROJECT_FILES = {
    "fietsbrug-zonnedal.md": (3, "Fietsbrug Zonnedal"),
    "leerwerkplaats-kolenberg.txt": (2, "Leerwerkplaats Kolenberg"),
    "innovatielab-maasvallei.html": (1, "Innovatielab Maasvallei"),
}


@pytest.mark.parametrize("name", sorted(PROJECT_FILES))
def test_project_descriptions(name):
    line, title = PROJECT_FILES[name]
    doc = parse_file(PROJECTS / name)
    chunks = chunk_document(doc)
    assert doc.doc_type == "project" and doc.title == title
    assert doc.ambition_lines == ()
    assert chunks and all(c.ambitielijn == line for c in chunks)
    body = [c for c in chunks if c.kind != "titel"]
    assert body and all(c.kind == "project" for c in body)
    assert all(c.section_path == f"Project › {title}" for c in chunks)
    assert any("fictief" in c.text.lower() for c in chunks)  # the fixtures say they are fictional
    text = " ".join(c.text for c in chunks)
    for absent in ("Lees meer", "SCRIPTTEKST", "Alle projecten", "rechten voorbehouden", "*", "<"):
        assert absent not in text


def test_document_without_ambition_line_is_a_plain_document():
    doc = parse("notitie.txt", [(None, "Een notitie\n\nZomaar een tekst zonder verwijzing.")])
    assert doc.doc_type == "document"
    assert {c.kind for c in chunk_document(doc)} <= {"titel", "context"}


def _chromium() -> str | None:
    import shutil

    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.slow
@pytest.mark.skipif(_chromium() is None, reason="needs Debian's chromium to print HTML to PDF")
@pytest.mark.parametrize("style", sorted(layouts.CHROMIUM_STYLES))
def test_chromium_printed_layouts(tmp_path, style):
    """The corpus as a web page printed to PDF by Chromium, with its own running header and footer.

    The kind of PDF the fixture is: browsers position glyph runs one by one, which pypdf's
    layout mode alone turns into split words ("Midden-Limbur g.").
    """
    import subprocess

    page = tmp_path / "competitief-limburg.html"
    page.write_text(layouts.corpus_html(layouts.CHROMIUM_STYLES[style]), encoding="utf-8")
    pdf = tmp_path / "competitief-limburg.pdf"
    subprocess.run(
        [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={tmp_path / 'profiel'}",
         f"--print-to-pdf={pdf}", page.as_uri()],
        check=True, capture_output=True, timeout=120, stdin=subprocess.DEVNULL,
    )
    running = [page.as_uri(), "Provincie Limburg – Economische strategie"]
    items = check_strategy(parse_file(pdf), paged=True, running=running)
    expected = layouts.expected_items(layouts.corpus_blocks())
    assert [(norm(c.text), c.kind, c.ambitielijn) for c in items] == [(norm(i.text), i.kind, i.ambitielijn) for i in expected]
