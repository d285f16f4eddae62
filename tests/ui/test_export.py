"""The catalog as a spreadsheet: CSV separated by ";" (Dutch and Belgian locale) and XLSX, with the same rows."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from prompts import load_prompts
from ui.export import catalog_csv, catalog_xlsx


def _csv_rows(content: bytes, sep: str = ";") -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=sep))


def test_csv_opens_in_columns_with_a_semicolon_and_has_numbers_and_labelled_lines(client):
    t = load_prompts()
    response = client.get("/api/catalog.csv")
    assert response.status_code == 200 and response.content.startswith(b"\xef\xbb\xbf")
    text = response.content.decode("utf-8-sig")
    header = text.splitlines()[0]
    # A spreadsheet program that splits on ";" (nl-NL, nl-BE) sees every column at once.
    assert header.split(";") == ["ambitielijn", "nummer", "soort", "tekst", "sectie", "pagina", "document", "bestand",
                                 "fragment_id", "website"]
    rows = _csv_rows(response.content)
    items = client.get("/api/catalog").json()["items"]
    assert len(rows) - 1 == len(items) and all(len(r) == 10 for r in rows)
    for row, item in zip(rows[1:], items):
        assert row[1] == str(item["item_index"]) and row[3] == item["text"]
        assert row[0] == (str(item["ambitielijn"]) if item["ambitielijn"] is not None else t.get("ui_csv.zonder_lijn"))
    analysis = [r for r in rows[1:] if r[2] == "analyse"]
    assert analysis and all(r[0] == t.get("ui_csv.zonder_lijn") for r in analysis)


@pytest.mark.parametrize("sep, char", [(",", ","), ("tab", "\t"), (";", ";")])
def test_csv_separator_can_be_chosen(client, sep, char):
    response = client.get("/api/catalog.csv", params={"sep": sep, "kind": "kpi"})
    rows = _csv_rows(response.content, char)
    assert rows[0][:2] == ["ambitielijn", "nummer"] and len(rows) == 10 and all(len(r) == 10 for r in rows)


def test_csv_rejects_an_unknown_separator(client):
    assert client.get("/api/catalog.csv", params={"sep": "|"}).status_code == 422


def test_xlsx_opens_with_openpyxl_and_has_the_same_rows_as_the_csv(client):
    params = {"ambitielijn": 1}
    response = client.get("/api/catalog.xlsx", params=params)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert 'filename="acties-en-kpis.xlsx"' in response.headers["content-disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    assert cells == _csv_rows(client.get("/api/catalog.csv", params=params).content)
    assert len(cells) == 1 + 14 + 3
    numbers = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert all(isinstance(n, int) for n in numbers)  # numbers stay numbers


def test_xlsx_and_csv_cells_cannot_become_formulas():
    t = load_prompts()
    item = {"ambitielijn": 1, "item_index": 2, "kind": "actie", "text": '=HYPERLINK("http://x","klik")', "section": "+1",
            "page": None, "title": "@SUM(A1)", "source": "-2", "chunk_id": "c", "url": None}
    sheet = load_workbook(io.BytesIO(catalog_xlsx([item], t))).active
    row = [cell for cell in sheet[2]]
    assert row[3].data_type == "s" and row[3].value == "'" + item["text"]
    assert [c.value for c in row[4:8]] == ["'+1", None, "'@SUM(A1)", "'-2"]
    assert _csv_rows(catalog_csv([item], t).encode("utf-8"))[1][3] == "'" + item["text"]
