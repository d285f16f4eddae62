"""Citations, verified in code: a quote is shown only if it is a verbatim substring of its source."""

from __future__ import annotations

import difflib
import logging
import re
from dataclasses import asdict, dataclass


from chatbot.contract import Citation
from chatbot.links import deep_link
from chatbot.wording import Alignment, align, find, may_align, styled
from ingest.chunk import Chunk

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
    differs_in: tuple[str, ...] = ()  # found, but with other capitals ("case") or spacing ("spacing")

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


def _word_key(word: str) -> str:
    """A word as the diff compares it: folded, without quotation marks or punctuation against it ("‘leren" is "leren")."""
    folded = loose(styled(word))
    bare = folded.strip("'\"-.,;:!?…()[]")
    return bare or folded


def word_diff(expected: str, document: str) -> list[dict]:
    """Word-level differences between the user's sentence and the document's wording."""
    a, b = expected.split(), document.split()
    ops = []
    matcher = difflib.SequenceMatcher(a=[_word_key(w) for w in a], b=[_word_key(w) for w in b], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        ops.append({"op": tag, "text": " ".join(a[i1:i2]), "document": " ".join(b[j1:j2])})
    return ops


def _closest(sentence: str, chunks: list[Chunk]) -> tuple[tuple, Chunk, Alignment] | None:
    best: tuple[tuple, Chunk, Alignment] | None = None
    for rank, chunk in enumerate(chunks):
        found = align(sentence, chunk.text)
        if found is None:
            continue
        # Most checked words in order, then the most similar wording, the tightest, the best ranked passage.
        key = (found.matched, found.ratio, -(found.end - found.start), -rank)
        if best is None or key > best[0]:
            best = (key, chunk, found)
    return best


def check_wording(sentence: str, documents: dict[str, dict], chunks: list[Chunk], candidates: list[Chunk] | None = None) -> CheckResult:
    """Does ``sentence`` stand in a document on whole words (white space and quotation mark style aside)?

    Found with other capitals or spacing, ``differs_in`` says so. Not found: the closest
    wording in the ``candidates`` (default: all chunks), only where most of its words stand
    in order in one passage (``chatbot.wording.align``); else no wording and ratio 0.
    """
    exact: CheckResult | None = None
    for source, doc in documents.items():
        match = find(sentence, doc["text"])
        if match is None:
            continue
        chunk = next((c for c in chunks if c.source == source and c.char_start <= match.start < c.char_end), None)
        quote = doc["text"][match.start : match.end]
        result = CheckResult(True, source, doc.get("title"), chunk.section_path if chunk else None,
                             chunk.page if chunk else None, chunk.id if chunk else None, quote, 1.0,
                             [{"op": "equal", "text": sentence, "document": quote}], match.differs_in)
        if not match.differs_in:
            return result
        exact = exact or result
    if exact is not None:
        return exact
    best = _closest(sentence, candidates or chunks)
    if best is None and candidates:
        # Retrieval ranks by meaning and may miss the passage a text was cut from: every passage
        # that holds enough of its words at all.
        best = _closest(sentence, [c for c in chunks if may_align(sentence, c.text)])
    if best is None:
        return CheckResult(False, None, None, None, None, None, None, 0.0, [])
    _, chunk, found = best
    window = chunk.text[found.start : found.end]
    doc_text = documents.get(chunk.source, {}).get("text", "")
    quote = window if window in doc_text else None
    if quote is None:
        span = _locate(window, doc_text)
        quote = doc_text[span[0] : span[1]] if span else None
    return CheckResult(False, chunk.source, chunk.title, chunk.section_path, chunk.page, chunk.id, quote,
                       found.ratio, word_diff(sentence, quote or window))
