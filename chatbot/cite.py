"""Citations, verified in code: a quote is shown only if it is a verbatim substring of its source."""

from __future__ import annotations

import difflib
import logging
import re
from dataclasses import asdict, dataclass

from rapidfuzz import fuzz, process

from chatbot.contract import Citation
from chatbot.links import deep_link
from ingest.chunk import Chunk
from ingest.dutch import sentence_spans

log = logging.getLogger(__name__)

_QUOTES = str.maketrans({"’": "'", "‘": "'", "‚": "'", "`": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"'})


def loose(text: str) -> str:
    """Case, white space and quote style folded: how users and metrics compare wording."""
    return " ".join(text.translate(_QUOTES).lower().split())


class Citations:
    """Collects citations for one answer; numbers them; drops quotes that fail verification."""

    def __init__(self, documents: dict[str, dict]) -> None:
        self._documents = documents
        self.items: list[Citation] = []

    def add(self, chunk: Chunk, quote: str | None = None, score: float = 0.0) -> int | None:
        """Cite ``quote`` (default: the chunk text) and return its number, or None if rejected."""
        quote = (quote if quote is not None else chunk.text).strip()
        for existing in self.items:
            if existing.chunk_id == chunk.id and existing.quote == quote:
                return existing.n
        document = self._documents.get(chunk.source, {})
        if not verify_quote(quote, document.get("text", "")):
            log.warning("Dropped a citation whose quote is not in %s: %r", chunk.source, quote[:120])
            return None
        offset = chunk.text.find(quote)
        citation = Citation(
            n=len(self.items) + 1,
            source=chunk.source,
            title=chunk.title,
            section=chunk.section_path,
            page=chunk.page,
            chunk_id=chunk.id,
            score=round(float(score), 4),
            quote=quote,
            url=deep_link(document, quote, chunk.char_start + offset if offset >= 0 else None, chunk.page),
        )
        self.items.append(citation)
        return citation.n

    def to_list(self) -> list[dict]:
        return [c.to_dict() for c in self.items]


def verify_quote(quote: str, source_text: str) -> bool:
    """True if ``quote`` is a non-empty verbatim substring of the normalised source text."""
    return bool(quote.strip()) and quote in source_text


@dataclass(frozen=True)
class CheckResult:
    found: bool
    source: str | None
    title: str | None
    section: str | None
    page: int | None
    chunk_id: str | None
    quote: str | None  # the document's own wording (verbatim)
    ratio: float  # similarity of the closest wording, 1.0 when found
    diff: list[dict]  # [{"op": "equal|delete|insert|replace", "text": ..., "document": ...}]

    def to_dict(self) -> dict:
        return asdict(self)


def _locate(needle: str, text: str) -> tuple[int, int] | None:
    """Find ``needle`` in ``text`` ignoring case, white space and quote style; return the span in ``text``."""
    words = needle.translate(_QUOTES).split()
    if not words:
        return None
    pattern = r"\s+".join(re.escape(w) for w in words)
    pattern = pattern.replace("'", "['’‘‚`]").replace('"', '["“”„«»]')
    m = re.search(pattern, text, re.IGNORECASE)
    return (m.start(), m.end()) if m else None


def word_diff(expected: str, document: str) -> list[dict]:
    """Word-level differences between the user's sentence and the document's wording."""
    a, b = expected.split(), document.split()
    ops = []
    matcher = difflib.SequenceMatcher(a=[loose(w) for w in a], b=[loose(w) for w in b], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        ops.append({"op": tag, "text": " ".join(a[i1:i2]), "document": " ".join(b[j1:j2])})
    return ops


def check_wording(sentence: str, documents: dict[str, dict], chunks: list[Chunk], candidates: list[Chunk] | None = None) -> CheckResult:
    """Does ``sentence`` occur verbatim (ignoring case, white space, quote style)? Else the closest wording."""
    for source, doc in documents.items():
        span = _locate(sentence, doc["text"])
        if span:
            start, end = span
            chunk = next((c for c in chunks if c.source == source and c.char_start <= start < c.char_end), None)
            quote = doc["text"][start:end]
            return CheckResult(True, source, doc.get("title"), chunk.section_path if chunk else None,
                               chunk.page if chunk else None, chunk.id if chunk else None, quote, 1.0,
                               [{"op": "equal", "text": sentence, "document": quote}])
    n_words = len(sentence.split())
    windows: list[tuple[Chunk, str]] = []
    for chunk in candidates or chunks:
        for s, e in sentence_spans(chunk.text):
            piece = chunk.text[s:e]
            words = piece.split()
            windows.append((chunk, piece))
            # Also windows of the sentence's own length, for a phrase inside a long sentence.
            if len(words) > n_words:
                step = 1 if len(words) <= 80 else max(1, n_words // 3)
                windows += [(chunk, " ".join(words[i : i + n_words])) for i in range(0, len(words) - n_words + 1, step)]
    # rapidfuzz's ratio is the measure of difflib's (2 x matching characters / both lengths), with
    # the exact longest common subsequence and in C++; the first of equally close windows wins.
    best = process.extractOne(loose(sentence), [loose(w) for _, w in windows], scorer=fuzz.ratio) if windows else None
    if best is None or best[1] <= 0:
        return CheckResult(False, None, None, None, None, None, None, 0.0, [])
    ratio = best[1] / 100
    chunk, window = windows[best[2]]
    doc_text = documents.get(chunk.source, {}).get("text", "")
    span = _locate(window, doc_text)
    quote = doc_text[span[0] : span[1]] if span else None
    return CheckResult(False, chunk.source, chunk.title, chunk.section_path, chunk.page, chunk.id, quote,
                       round(ratio, 3), word_diff(sentence, quote or window))
