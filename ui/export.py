"""The catalog as a spreadsheet: ``GET /api/catalog.csv`` and ``GET /api/catalog.xlsx``.

Both have the same columns and rows (``catalog_rows``): the ambition line (items without
one say so in words), the item's number in its list, kind, text, section, page, document,
file, fragment id and the link to the item on the publisher's page. The CSV is separated
by ``;`` by default, as Dutch and Belgian spreadsheet programs expect (``?sep=,`` or
``?sep=tab`` for others); the XLSX opens in columns everywhere. Neither has a cell that a
spreadsheet would run as a formula.
"""

from __future__ import annotations

import io
from typing import Literal

from fastapi import FastAPI, Query
from fastapi.responses import Response

from ui.csvfile import csv_text, safe_cell

SEPARATORS = {";": ";", ",": ",", "tab": "\t"}
COLUMNS = ("ui_csv.ambitielijn", "ui_csv.nummer", "ui_csv.soort", "ui_csv.tekst", "ui_csv.sectie", "ui_csv.pagina",
           "ui_csv.document", "ui_csv.bestand", "ui_csv.fragment", "ui_csv.website")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def catalog_rows(items: list[dict], t) -> tuple[list[str], list[tuple]]:
    """(Dutch column names, one row per item); numbers stay numbers."""
    no_line = t.get("ui_csv.zonder_lijn")
    rows = [
        (item.get("ambitielijn") if item.get("ambitielijn") is not None else no_line, item.get("item_index"),
         item.get("kind"), item.get("text"), item.get("section"), item.get("page"), item.get("title"), item.get("source"),
         item.get("chunk_id"), item.get("url"))
        for item in items
    ]
    return [t.get(k) for k in COLUMNS], rows


def catalog_csv(items: list[dict], t, sep: str = ";") -> str:
    """The catalog as CSV (``ui.csvfile``: UTF-8 with BOM), separated by ``sep``."""
    header, rows = catalog_rows(items, t)
    return csv_text(header, rows, sep=sep)


def catalog_xlsx(items: list[dict], t) -> bytes:
    """The same rows as an Excel workbook; every text cell is stored as text, never as a formula."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    header, rows = catalog_rows(items, t)
    book = Workbook()
    sheet = book.active
    sheet.title = t.get("ui_csv.blad")[:31]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(row=r, column=c)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                cell.value = value
            elif value is not None:
                cell.value = safe_cell(value)
                cell.data_type = "s"  # openpyxl would store a text that starts with "=" as a formula
    sheet.freeze_panes = "A2"
    for column, width in zip("ABCDEFGHIJ", (16, 8, 8, 80, 28, 7, 24, 28, 18, 40)):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def add_routes(app: FastAPI, t, catalog, catalog_params: dict, errors: dict) -> None:
    """Register the two downloads; ``catalog(ambitielijn, kind, q, source)`` gives the items (errors as API errors)."""

    @app.get("/api/catalog.csv", response_class=Response, responses={200: {"content": {"text/csv": {}}}, **errors},
             tags=["catalog"])
    def catalog_download(
        ambitielijn: int | None = catalog_params["ambitielijn"],
        kind: Literal["actie", "kpi", "analyse"] | None = catalog_params["kind"],
        q: str | None = catalog_params["q"],
        source: str | None = catalog_params["source"],
        sep: Literal[";", ",", "tab"] = Query(";", description="Column separator: `;` (default, for Dutch and Belgian "
                                                                "spreadsheet programs), `,` or `tab`"),
    ):
        """The same items as CSV (UTF-8 with BOM, `;`-separated unless `sep` says otherwise, Dutch column names)."""
        items = catalog(ambitielijn, kind, q or None, source)
        return Response(catalog_csv(items, t, SEPARATORS[sep]), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{t.get("ui_csv.bestandsnaam")}"'})

    @app.get("/api/catalog.xlsx", response_class=Response, responses={200: {"content": {XLSX_TYPE: {}}}, **errors},
             tags=["catalog"])
    def catalog_workbook(
        ambitielijn: int | None = catalog_params["ambitielijn"],
        kind: Literal["actie", "kpi", "analyse"] | None = catalog_params["kind"],
        q: str | None = catalog_params["q"],
        source: str | None = catalog_params["source"],
    ):
        """The same items as an Excel workbook (the same columns and rows as the CSV)."""
        items = catalog(ambitielijn, kind, q or None, source)
        return Response(catalog_xlsx(items, t), media_type=XLSX_TYPE,
                        headers={"Content-Disposition": f'attachment; filename="{t.get("ui_csv.bestandsnaam_xlsx")}"'})
