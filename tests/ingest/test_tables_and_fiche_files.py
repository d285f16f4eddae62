"""Tables as a plan writes its items (a header cell naming their kind, a code in the first cell), terms
and values without a header (an HTML definition list), a file of fiches whose headings carry a label and
number, and a list after a lead-in that names no kind where the sibling parts list items of one kind."""

from __future__ import annotations

from ingest.chunk import parse
from ingest.structure import PART_REFERENCE, headerless, reference_text, table_cells
from tests.ingest.helpers import REPO, load

PLAN = """<html><head><title>Agenda Noordrand</title></head><body><h1>Agenda Noordrand</h1>
<h2>Opgave 1: Werk</h2><p>Werk is de eerste opgave.</p>
<h3>Spoor 1.1 – Leren</h3><p>Werkenden moeten bijblijven.</p>
<table><tr><th>Nr</th><th>Interventie</th><th>Trekker</th><th>Middelen</th><th>Planning</th></tr>
<tr><td>I-1.1.1</td><td>Een ontwikkelbudget per werkende</td><td>Provincie</td><td>€ 1,2 mln</td><td>2027</td></tr>
<tr><td>I-1.1.2</td><td>Leerloketten in drie steden</td><td>ROC</td><td>p.m.</td><td>doorlopend</td></tr></table>
<h3>Spoor 1.2 – Omscholen</h3><p>Omscholen naar tekortberoepen.</p>
<table><tr><th>Nr</th><th>Interventie</th><th>Trekker</th><th>Middelen</th><th>Planning</th></tr>
<tr><td>I-1.2.1</td><td>Een omscholingsroute naar de zorg</td><td>Werkgevers</td><td>€ 2 mln</td><td>2028</td></tr></table>
<h3>Spoor 1.3 – Zorg</h3><p>De zorg vraagt handen.</p><p>Concreet zetten we in op:</p>
<ol><li>een zorgacademie in de hoofdstad;</li><li>een pilot met spraakgestuurde verslaglegging.</li></ol>
<h2>Financiën</h2><p>De provincie reserveert deze bedragen.</p>
<dl><dt>Opgave 1: Werk</dt><dd>€ 14,6 miljoen</dd><dt>Programmamanagement</dt><dd>€ 2,0 miljoen</dd></dl>
</body></html>"""


def elements(tmp_path):
    path = tmp_path / "agenda.html"
    path.write_text(PLAN, encoding="utf-8")
    raw = load(path)
    return parse(path.name, raw.pages, raw.metadata).elements


def test_a_table_whose_header_names_its_items_lists_them_with_their_own_codes(tmp_path):
    rows = [e for e in elements(tmp_path) if e.kind == "actie" and e.part in ("Spoor 1.1", "Spoor 1.2")]
    assert [e.number for e in rows] == ["I-1.1.1", "I-1.1.2", "I-1.2.1"]


def test_a_list_after_a_lead_in_that_names_no_kind_is_of_the_kind_its_sibling_parts_list(tmp_path):
    care = [e for e in elements(tmp_path) if e.part == "Spoor 1.3" and e.item_index is not None]
    assert [e.kind for e in care] == ["actie", "actie"]


def test_terms_and_values_without_a_header_are_rows_from_the_first(tmp_path):
    assert headerless("Opgave 1: Werk | € 14,6 miljoen") and not headerless("Indicator | Basis (jaar) | Ambitie 2031")
    budget = [e for e in elements(tmp_path) if "14,6" in e.text]
    assert budget and not budget[0].heading


def test_a_last_cell_left_empty_is_a_cell():
    assert table_cells("Indicator | Basis | Ambitie 2031", "Deelnemers | 1.150 (2025) |")[-1] == ("Ambitie 2031", "")


def test_a_part_referred_to_by_a_word_and_a_two_level_code():
    found = [reference_text(m) for m in PART_REFERENCE.finditer("Draagt bij aan: Spoor 1.2 en Spoor 4.2; OD 2.1")]
    assert found == ["Spoor 1.2", "Spoor 4.2", "OD 2.1"]
    # An address or a table is no part.
    assert [reference_text(m) for m in PART_REFERENCE.finditer("Rotestraat 12, zie Tabel 2.1")] == []


def test_a_file_of_fiches_headed_by_a_label_and_number_is_fiches_not_a_plan():
    # Three fiches in one PDF, each a line "Projectblad N — …" over a bordered table of fields.
    path = REPO / "tests" / "corpora" / "innovatie" / "projectbladen-innovatie.pdf"
    raw = load(path)
    doc = parse(path.name, raw.pages, raw.metadata)
    assert doc.doc_type == "project"
    parts = {e.section.split(" › ")[-1]: e.part for e in doc.elements if e.text.startswith("Contactpersoon")}
    assert parts == {"Projectblad 1 — Robotiseringsloket Maakmkb": "Spoor 1.1",
                     "Projectblad 2 — Omscholingsroute Switch!": "Spoor 2.2",
                     "Projectblad 3 — Circulaire Hub Oudermolen": "Spoor 1.2"}


def test_an_html_definition_list_is_terms_with_their_values(tmp_path):
    path = tmp_path / "agenda.html"
    path.write_text("<html><body><h2>Financiën</h2><dl><dt>Opgave 1: Werk</dt><dd>€ 14,6 miljoen</dd>"
                    "<dt>Opgave 2: Zorg</dt><dd>€ 6,3 miljoen</dd></dl></body></html>", encoding="utf-8")
    text = "\n".join(t for _, t in load(path).pages)
    assert "Opgave 1: Werk | € 14,6 miljoen" in text and "Opgave 2: Zorg | € 6,3 miljoen" in text


def test_a_quotations_attribution_is_text_the_pages_footer_is_not(tmp_path):
    path = tmp_path / "pagina.html"
    path.write_text("<html><body><blockquote><p>“Eerst de mensen.”</p><footer>– An Peeters, gedeputeerde</footer>"
                    "</blockquote><footer>Cookies en contact</footer></body></html>", encoding="utf-8")
    text = "\n".join(t for _, t in load(path).pages)
    assert "An Peeters, gedeputeerde" in text and "Cookies" not in text


def test_a_cell_left_empty_between_others_is_a_cell():
    cells = table_cells("Nr | Interventie | Trekker | Middelen", "I-2.2.2 | Leerlijnen | | € 600.000")
    assert cells == [("Nr", "I-2.2.2"), ("Interventie", "Leerlijnen"), ("Trekker", ""), ("Middelen", "€ 600.000")]
