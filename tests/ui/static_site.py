"""A static HTML copy of the corpus page, served on loopback, for testing deep links in a browser.

The page is built from the raw corpus text (not the index's normalised text), with the
kind of markup a publisher's site has: a navigation bar, headings, paragraphs, bullet
lists with wrapped lines, "Ontdek de projecten" links and a footer. ``::target-text`` gets
a colour no other pixel on the page has, so a test can find the highlight in a screenshot.
"""

from __future__ import annotations

import functools
import html
import http.server
import re
import threading
from pathlib import Path

HIGHLIGHT_RGB = (255, 0, 255)
_HEADING = re.compile(r"^Ambitielijn \d+:")
_BULLET = re.compile(r"^\s*[•➔]\s*")


def render_page(raw: str, title: str) -> str:
    """The raw text of a corpus file as a plain web page."""
    body: list[str] = []
    items: list[str] = []
    lines = raw.splitlines()

    def flush() -> None:
        if items:
            body.append("<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>")
            items.clear()

    for number, line in enumerate(lines):
        text = line.strip()
        if not text:
            flush()
            continue
        if number == 0:
            body.append(f"<h1>{html.escape(text)}</h1>")
        elif _BULLET.match(line):
            items.append(_BULLET.sub("", line).strip())
        elif items and line.startswith("  "):
            items[-1] += " " + text  # a wrapped bullet line
        elif text == "Ontdek de projecten":
            flush()
            body.append('<p><a href="#projecten">Ontdek de projecten</a></p>')
        elif _HEADING.match(text):
            flush()
            body.append(f"<h2>{html.escape(text)}</h2>")
        elif text.endswith("?") and len(text) < 160:
            flush()
            body.append(f"<h3>{html.escape(text)}</h3>")
        else:
            flush()
            body.append(f"<p>{html.escape(text)}</p>")
    flush()
    r, g, b = HIGHLIGHT_RGB
    return (
        '<!doctype html><html lang="nl"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title>"
        "<style>body{font:16px/1.5 'DejaVu Sans',sans-serif;max-width:760px;margin:0 auto;padding:0 16px;color:#111;}"
        f"::target-text{{background-color:rgb({r},{g},{b});color:#000;}}</style></head><body>"
        '<nav><a href="/">Home</a> › <a href="/economie">Economie</a> › Competitief Limburg</nav>'
        f"<main>{''.join(body)}</main>"
        "<footer><p>Provincie Limburg · Contact · Privacy</p></footer></body></html>"
    )


class StaticSite:
    """A ThreadingHTTPServer on 127.0.0.1 serving one folder; use as a context manager."""

    def __init__(self, folder: Path) -> None:
        handler = functools.partial(_QuietHandler, directory=str(folder))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> "StaticSite":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, "": "text/html; charset=utf-8"}

    def log_message(self, format, *args) -> None:  # noqa: A002 - the base class's name
        pass
