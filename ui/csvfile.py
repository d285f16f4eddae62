"""CSV for spreadsheet users: UTF-8 with a byte-order mark (Excel reads the accents right), CRLF
line ends, ``;`` between cells by default (what Dutch and Belgian spreadsheet programs expect),
and no cell that a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

DEFAULT_SEPARATOR = ";"


def safe_cell(value) -> str:
    """A CSV cell that spreadsheet programs will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_text(header: list[str], rows: Iterable[Iterable], sep: str = DEFAULT_SEPARATOR) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=sep, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return "\ufeff" + buf.getvalue()
