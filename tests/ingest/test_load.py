"""Loaders on real files, broken ones included: every failure is a one-line LoadError."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from ingest import load as load_module
from ingest.load import LoadError, discover, load_file, read_metadata
from tests.ingest.helpers import FIXTURE_PDF, load

GOOD_TEXT = "Competitief Limburg\n\nLimburg blijft 20% onder het niveau van Vlaanderen. Café, ruïne, één.\n"


def assert_clear_error(excinfo, *needles: str) -> None:
    message = str(excinfo.value)
    assert message and "\n" not in message and len(message) < 250, message
    assert "Traceback" not in message
    for needle in needles:
        assert needle.lower() in message.lower(), message


def only_text(raw) -> str:
    return "\n".join(text for _, text in raw.pages)


# -- text formats ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("utf8.txt", GOOD_TEXT.encode("utf-8")),
        ("bom.txt", b"\xef\xbb\xbf" + GOOD_TEXT.encode("utf-8")),
        ("utf16le.txt", GOOD_TEXT.encode("utf-16")),  # Python writes a BOM
        ("utf16be.txt", b"\xfe\xff" + GOOD_TEXT.encode("utf-16-be")),
    ],
)
def test_txt_encodings(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    raw = load(path)
    assert raw.format == "txt" and raw.pages[0][0] is None
    assert only_text(raw).lstrip("\ufeff") == GOOD_TEXT
    assert len(raw.sha256) == 64


def test_latin1_text_is_reported_not_guessed(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes(GOOD_TEXT.encode("latin-1"))
    with pytest.raises(LoadError) as excinfo:
        load(path)
    assert_clear_error(excinfo, "UTF-8")


def test_binary_named_txt(tmp_path):
    path = tmp_path / "binary.txt"
    path.write_bytes(b"PK\x03\x04\x00\x00" + os.urandom(64))
    with pytest.raises(LoadError) as excinfo:
        load(path)
    assert_clear_error(excinfo)


def test_markdown_keeps_headings_and_drops_markup(tmp_path):
    path = tmp_path / "project.md"
    path.write_text(
        "# Titel van het project\n\n*Fictief* voorbeeld met **vet** en een [link](https://example.invalid).\n\n"
        "- eerste punt\n* tweede punt\n\n![logo](logo.png)\n",
        encoding="utf-8",
    )
    text = only_text(load(path))
    assert text.startswith("# Titel van het project")
    assert "Fictief voorbeeld met vet en een link." in text
    assert "eerste punt" in text and "• tweede punt" in text
    for markup in ("**", "](", "https://", "![", "*Fictief"):
        assert markup not in text


def test_html_gives_text_not_tags_and_skips_scripts(tmp_path):
    path = tmp_path / "pagina.html"
    path.write_text(
        "<!doctype html><html><head><title>Mijn titel</title><style>p { color: red }</style>"
        "<script>var geheim = 'SCRIPTTEKST';</script></head><body>"
        "<nav><a href='/'>Menu-item</a></nav><h1>Kop één</h1>"
        "<p>Een <b>vette</b> alinea met <a href='#'>link</a>.</p>"
        "<ul><li>Eerste punt</li><li>Tweede punt</li></ul>"
        "<footer>Voettekst</footer><script>document.write('MEERSCRIPT')</script></body></html>",
        encoding="utf-8",
    )
    raw = load(path)
    text = only_text(raw)
    assert raw.metadata["title"] == "Mijn titel"
    assert "# Kop één" in text and "Een vette alinea met link" in text
    assert "• Eerste punt" in text and "• Tweede punt" in text
    for absent in ("<", ">", "SCRIPTTEKST", "MEERSCRIPT", "color: red", "Menu-item", "Voettekst"):
        assert absent not in text


def test_docx_built_with_python_docx(tmp_path):
    import docx

    document = docx.Document()
    document.core_properties.title = "Testdocument"
    document.add_heading("Ambitielijn 1: Innovatie", level=1)
    document.add_paragraph("Een gewone alinea over innovatie.")
    document.add_paragraph("Eerste actie", style="List Bullet")
    document.add_paragraph("Tweede actie", style="List Bullet")
    path = tmp_path / "strategie.docx"
    document.save(path)
    raw = load(path)
    text = only_text(raw)
    assert raw.format == "docx" and raw.metadata["title"] == "Testdocument"
    assert "# Ambitielijn 1: Innovatie" in text
    assert "Een gewone alinea over innovatie." in text
    assert "• Eerste actie" in text and "• Tweede actie" in text


# -- PDF --------------------------------------------------------------------------------


def test_pdf_fixture_pages_with_numbers():
    raw = load(FIXTURE_PDF)
    assert raw.format == "pdf"
    assert [n for n, _ in raw.pages] == list(range(1, 8))
    assert raw.metadata.get("title") == "Competitief Limburg"
    assert "Ambitielijn 1" in raw.pages[1][1]
    assert all(text.strip() for _, text in raw.pages)


@pytest.mark.parametrize(
    ("pagesize", "font", "size"),
    [("A4", "Helvetica", 11), ("letter", "Times-Roman", 14), ("A5", "Courier", 8), ("landscape-A4", "Helvetica-Bold", 20)],
)
def test_pdf_other_page_sizes_fonts_and_sizes(tmp_path, pagesize, font, size):
    from reportlab.lib.pagesizes import A4, A5, landscape, letter
    from reportlab.pdfgen import canvas

    dims = {"A4": A4, "letter": letter, "A5": A5, "landscape-A4": landscape(A4)}[pagesize]
    path = tmp_path / "doc.pdf"
    c = canvas.Canvas(str(path), pagesize=dims)
    for page in range(3):
        c.setFont(font, size)
        c.drawString(40, dims[1] - 80, f"Pagina-inhoud nummer {page + 1}: creëren en één")
        c.showPage()
    c.save()
    raw = load(path)
    assert [n for n, _ in raw.pages] == [1, 2, 3]
    for number, text in raw.pages:
        assert f"Pagina-inhoud nummer {number}: creëren en één" in " ".join(text.split())


@pytest.fixture(scope="module")
def broken(tmp_path_factory) -> Path:
    """A folder of broken and hostile files."""
    import pypdf
    from reportlab.pdfgen import canvas

    folder = tmp_path_factory.mktemp("broken")
    data = FIXTURE_PDF.read_bytes()
    (folder / "afgebroken.pdf").write_bytes(data[: len(data) // 3])
    (folder / "ruis.pdf").write_bytes(os.urandom(20_000))
    (folder / "leeg.txt").write_bytes(b"")
    (folder / "leeg.pdf").write_bytes(b"")
    writer = pypdf.PdfWriter(clone_from=FIXTURE_PDF)
    writer.encrypt(user_password="geheim", owner_password="eigenaar")
    writer.write(folder / "versleuteld.pdf")
    writer = pypdf.PdfWriter(clone_from=FIXTURE_PDF)
    writer.encrypt(user_password="", owner_password="eigenaar")  # opens without a password
    writer.write(folder / "alleen-eigenaar.pdf")
    c = canvas.Canvas(str(folder / "lang.pdf"))
    for page in range(60):
        c.drawString(72, 720, f"Bladzijde {page + 1}")
        c.showPage()
    c.save()
    c = canvas.Canvas(str(folder / "scan.pdf"))
    c.rect(72, 72, 300, 300, fill=1)  # an image-like page without text
    c.showPage()
    c.save()
    # A DOCX whose parts unpack to 300 MB from a few hundred KB.
    import docx

    ok = folder / "_ok.docx"
    docx.Document().save(ok)
    with zipfile.ZipFile(ok) as zin, zipfile.ZipFile(folder / "bom.docx", "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item, zin.read(item.filename))
        zout.writestr("word/media/image1.bin", b"\0" * (300 * 1024 * 1024))
    ok.unlink()
    (folder / "geen-zip.docx").write_text("Dit is geen Word-bestand.", encoding="utf-8")
    (folder / "notities.xyz").write_text("onbekend formaat", encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("name", "needles"),
    [
        ("afgebroken.pdf", ["unreadable PDF"]),
        ("ruis.pdf", ["unreadable PDF"]),
        ("leeg.txt", ["empty file"]),
        ("leeg.pdf", ["empty file"]),
        ("versleuteld.pdf", ["encrypted", "password"]),
        ("scan.pdf", ["no extractable text"]),
        ("bom.docx", ["compression bomb"]),
        ("geen-zip.docx", ["not a DOCX"]),
        ("notities.xyz", ["unsupported file type", ".pdf"]),
    ],
)
def test_broken_files_give_one_clear_line(broken, name, needles):
    with pytest.raises(LoadError) as excinfo:
        load(broken / name)
    assert_clear_error(excinfo, *needles)


def test_pdf_encrypted_without_user_password_is_read(broken):
    raw = load(broken / "alleen-eigenaar.pdf")
    assert len(raw.pages) == 7 and "Ambitielijn 2" in only_text(raw)


def test_page_limit(broken):
    with pytest.raises(LoadError) as excinfo:
        load(broken / "lang.pdf", max_pdf_pages=50)
    assert_clear_error(excinfo, "60 pages", "limit of 50")
    assert len(load(broken / "lang.pdf", max_pdf_pages=60).pages) == 60


def test_size_limit():
    with pytest.raises(LoadError) as excinfo:
        load(FIXTURE_PDF, max_bytes=50_000)
    assert_clear_error(excinfo, "MB", "over the limit")


def test_missing_file_is_a_load_error(tmp_path):
    with pytest.raises(LoadError) as excinfo:
        load(tmp_path / "weg.txt")
    assert_clear_error(excinfo, "cannot read")


def _slow_loader(path, limits):
    import time

    time.sleep(30)
    return [(None, "nooit")], {}


def _greedy_loader(path, limits):
    hog = []
    while True:
        hog.append(bytearray(50 * 1024 * 1024))


def test_time_limit_per_file(tmp_path, monkeypatch):
    # The loader runs in a forked child, which inherits this patched table.
    monkeypatch.setitem(load_module.LOADERS, ".traag", _slow_loader)
    path = tmp_path / "bestand.traag"
    path.write_text("x")
    with pytest.raises(LoadError) as excinfo:
        load_file(path, path.name, timeout_s=1.0, max_bytes=10**6, max_pdf_pages=10, memory_bytes=1 << 30)
    assert_clear_error(excinfo, "longer than 1 s")


def test_memory_limit_per_file(tmp_path, monkeypatch):
    monkeypatch.setitem(load_module.LOADERS, ".gulzig", _greedy_loader)
    path = tmp_path / "bestand.gulzig"
    path.write_text("x")
    with pytest.raises(LoadError) as excinfo:
        load_file(path, path.name, timeout_s=60, max_bytes=10**6, max_pdf_pages=10, memory_bytes=600 * 1024 * 1024)
    assert_clear_error(excinfo, "memory")


# -- discovery and metadata ---------------------------------------------------------------


def test_discover_walks_folders_and_skips_hidden_and_sidecars(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text("a")
    (tmp_path / "a.meta.json").write_text("{}")
    (tmp_path / ".verborgen.txt").write_text("x")
    (tmp_path / "sub" / "b.md").write_text("b")
    single = tmp_path / "sub" / "b.md"
    found, problems = discover([tmp_path, single, tmp_path / "bestaat-niet"])
    assert [name for _, name in found] == ["a.txt", "sub/b.md", "b.md"]
    assert problems == [(str(tmp_path / "bestaat-niet"), "no such file or folder")]


def test_discover_reports_two_files_with_one_name(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "y").mkdir()
    (tmp_path / "x" / "doc.txt").write_text("1")
    (tmp_path / "y" / "doc.txt").write_text("2")
    found, problems = discover([tmp_path / "x", tmp_path / "y"])
    assert [name for _, name in found] == ["doc.txt"]
    assert len(problems) == 1 and "already indexed as 'doc.txt'" in problems[0][1]


def test_sidecar_metadata(tmp_path):
    doc = tmp_path / "plan.txt"
    doc.write_text(GOOD_TEXT, encoding="utf-8")
    (tmp_path / "plan.meta.json").write_text('{"title": "Plan", "language": "nl"}', encoding="utf-8")
    assert read_metadata(doc) == {"title": "Plan", "language": "nl"}
    assert load(doc).metadata["title"] == "Plan"
    (tmp_path / "plan.meta.json").write_text("{kapot", encoding="utf-8")
    assert read_metadata(doc) == {}


def test_respace_takes_word_spacing_from_plain_extraction():
    from ingest.load import respace

    layout = "     De meeste jobs in Midden-Limbur            g. Over de\n\n  hebben W est- en Zuid-Limburg\nOnbekende regel"
    plain = "De meeste jobs in Midden-Limburg. Over de\nhebben West- en Zuid-Limburg\n"
    assert respace(layout, plain) == (
        "     De meeste jobs in Midden-Limburg. Over de\n\n  hebben West- en Zuid-Limburg\nOnbekende regel"
    )
    assert respace("➔Verhogen van de competitiviteit", "➔\nVerhogen van de competitiviteit") == "➔ Verhogen van de competitiviteit"
