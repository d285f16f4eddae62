"""Deep links from a citation to the passage on the publisher's own page.

A document's ``source_url`` (from its ``.meta.json``) becomes, for a web page, a URL with a
text fragment (``#:~:text=start,end``, https://wicg.github.io/scroll-to-text-fragment/)
that makes the browser scroll to the quote and highlight it; for a PDF, ``#page=N``; for
other downloads (``.docx`` and the like), the plain URL. No ``source_url``, or one that is
not ``http(s)``, gives no link.

The fragment is chosen on our normalised document text: the quote's first and last few
words (a short quote whole), plus a few words of context before or after it when the
plain directive would first match an earlier occurrence of the same words. The live page
may differ from our text (navigation, headings, typography); the browser then shows the
page without a highlight, which is what a plain link would have done anyway.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote as percent_encode
from urllib.parse import urldefrag, urlsplit

SHORT_QUOTE_WORDS = 8  # up to this many words: the whole quote is the directive's textStart
EDGE_WORDS = 4  # otherwise: this many words from the start and from the end
CONTEXT_WORDS = (1, 2, 3, 4)  # prefix/suffix lengths tried to make the match unique
DOWNLOAD_SUFFIXES = (".doc", ".docx", ".odt", ".rtf", ".xls", ".xlsx", ".ppt", ".pptx", ".zip")

_WORD = re.compile(r"\S+")
_SPACE = re.compile(r"\s*")  # the white space at a position, matched without copying the rest of the text


@dataclass(frozen=True)
class TextDirective:
    """The parts of ``:~:text=[prefix-,]start[,end][,-suffix]``, not yet encoded."""

    start: str
    end: str | None = None
    prefix: str | None = None
    suffix: str | None = None

    def encode(self) -> str:
        parts = []
        if self.prefix:
            parts.append(encode_part(self.prefix) + "-")
        parts.append(encode_part(self.start))
        if self.end:
            parts.append(encode_part(self.end))
        if self.suffix:
            parts.append("-" + encode_part(self.suffix))
        return "text=" + ",".join(parts)


def encode_part(text: str) -> str:
    """Percent-encode one directive part: the spec reserves ``-``, ``&`` and ``,`` besides URL syntax."""
    # quote() with no safe characters leaves only letters, digits and "_.-~"; "-" must go too.
    return percent_encode(" ".join(text.split()), safe="").replace("-", "%2D")


def safe_source_url(metadata: dict | None) -> str | None:
    """The document's ``source_url`` without fragment, if it is an absolute http(s) URL."""
    raw = (metadata or {}).get("source_url")
    if not isinstance(raw, str) or not raw.strip() or any(c in raw for c in "\r\n\t<>\"' "):
        return None
    url = urldefrag(raw.strip())[0]
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def link_kind(source: str, url: str) -> str:
    """``"pdf"``, ``"download"`` or ``"page"`` (a web page that can take a text fragment)."""
    path = urlsplit(url).path.lower()
    if source.lower().endswith(".pdf") or path.endswith(".pdf"):
        return "pdf"
    if path.endswith(DOWNLOAD_SUFFIXES):
        return "download"
    return "page"


def deep_link(document: dict | None, quote: str | None, start: int | None = None, page: int | None = None) -> str | None:
    """The URL of ``quote`` (found at offset ``start`` of the document text) on the source, or None.

    ``document`` is an entry of the index's ``documents.json`` (source, text, metadata).
    Without ``start`` the quote's first occurrence in the text is used.
    """
    if not document:
        return None
    url = safe_source_url(document.get("metadata"))
    if url is None:
        return None
    kind = link_kind(document.get("source") or "", url)
    if kind == "pdf":
        return f"{url}#page={int(page)}" if isinstance(page, int) and page > 0 else url
    if kind == "download" or not quote or not quote.strip():
        return url
    text = document.get("text") or ""
    if start is None or text[start : start + len(quote)] != quote:
        found = text.find(quote)
        start = found if found >= 0 else None
    directive = (
        choose_directive(text, start, start + len(quote)) if start is not None else plain_directive(quote)
    )
    return f"{url}#:~:{directive.encode()}"


def plain_directive(quote: str, edge_words: int = EDGE_WORDS) -> TextDirective:
    """Start and end words of a quote, without context; start and end stay within one line each.

    A one-line quote of up to ``max(SHORT_QUOTE_WORDS, 2 * edge_words)`` words is the
    directive's ``start`` as a whole (a ``start`` alone must not cross a block on the page).
    """
    lines = [line for line in quote.strip().split("\n") if line.strip()]
    words = quote.split()
    if len(lines) == 1 and len(words) <= max(SHORT_QUOTE_WORDS, 2 * edge_words):
        return TextDirective(" ".join(words))
    first, last = lines[0].split(), lines[-1].split()
    return TextDirective(" ".join(first[:edge_words]), " ".join(last[-edge_words:]))


@lru_cache(maxsize=4096)  # the same items are cited again and again; str hashes are cached by Python
def choose_directive(text: str, start: int, end: int) -> TextDirective:
    """The shortest directive that, matched as a browser does, selects ``text[start:end]``.

    Tries the quote's first and last 4 words, then 6 and 8 (more words are more likely to be
    unique), then adds 1-4 words of context: the end of the nearest line before the quote
    (``prefix-``), the start of the nearest line after it (``-suffix``), or both. A prefix
    or suffix may be in another block than the quote, but must itself lie within one.
    """
    quote = text[start:end]
    tried = []
    for edge in (EDGE_WORDS, 6, 8):
        candidate = plain_directive(quote, edge)
        if candidate in tried:
            continue
        tried.append(candidate)
        if find_range(text, candidate) == (start, end):
            return candidate
    base = tried[-1]
    before = text[:start].rstrip().rsplit("\n", 1)[-1].split()
    after = text[end:].lstrip().split("\n", 1)[0].split()
    for n in CONTEXT_WORDS:
        candidates = []
        if len(before) >= n:
            candidates.append(TextDirective(base.start, base.end, prefix=" ".join(before[-n:])))
        if len(after) >= n:
            candidates.append(TextDirective(base.start, base.end, suffix=" ".join(after[:n])))
        if len(before) >= n and len(after) >= n:
            candidates.append(TextDirective(base.start, base.end, " ".join(before[-n:]), " ".join(after[:n])))
        for candidate in candidates:
            if find_range(text, candidate) == (start, end):
                return candidate
    return tried[0]


def _pattern(part: str, start_bounded: bool, end_bounded: bool) -> re.Pattern:
    body = r"\s+".join(re.escape(w) for w in part.split())
    return re.compile(("(?<!\\w)" if start_bounded else "") + body + ("(?!\\w)" if end_bounded else ""), re.IGNORECASE)


def find_range(text: str, d: TextDirective) -> tuple[int, int] | None:
    """Where a browser would put the highlight for ``d`` in ``text`` (the spec's algorithm, simplified).

    Matching is case-insensitive with white space collapsed; ``start`` and ``end`` must
    begin at a word boundary, and end at one when nothing follows them in the directive.
    The first ``start`` that fits the prefix wins, then the first ``end`` after it whose
    suffix fits.
    """
    start_re = _pattern(d.start, True, d.end is None and d.suffix is None)
    end_re = _pattern(d.end, True, d.suffix is None) if d.end else None
    prefix_re = _pattern(d.prefix, True, False) if d.prefix else None
    suffix_re = _pattern(d.suffix, False, True) if d.suffix else None
    pos = 0
    while pos <= len(text):
        if prefix_re is not None:
            p = prefix_re.search(text, pos)
            if p is None:
                return None
            pos = p.start() + 1
            space = _SPACE.match(text, p.end())
            assert space is not None  # _SPACE matches the empty string too
            at = space.end()
            m = start_re.match(text, at)
            if m is None:
                continue
        else:
            m = start_re.search(text, pos)
            if m is None:
                return None
            pos = m.start() + 1
        range_start, range_end = m.start(), m.end()
        search_from = m.end()
        while True:
            if end_re is not None:
                e = end_re.search(text, search_from)
                if e is None:
                    return None
                range_end = e.end()
            if suffix_re is None:
                return range_start, range_end
            space = _SPACE.match(text, range_end)
            assert space is not None  # _SPACE matches the empty string too
            after = space.end()
            if suffix_re.match(text, after):
                return range_start, range_end
            if end_re is None:
                break
            search_from = range_end
    return None


def catalog_links(index) -> dict[str, str | None]:
    """``chunk_id -> url`` for every catalog item of an index version (computed once per version)."""
    positions = {c.id: c for c in index.chunks}
    links: dict[str, str | None] = {}
    for item in index.catalog.get("items", []):
        chunk = positions.get(item.get("chunk_id"))
        document = index.documents.get(item.get("source"))
        start = chunk.char_start if chunk is not None else None
        links[item.get("chunk_id")] = deep_link(document, item.get("text"), start, item.get("page"))
    return links
