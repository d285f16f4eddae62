"""Chunks: one per item (action, KPI, analysis bullet) and per paragraph.

Long paragraphs are split on sentence boundaries (~500 characters) with langchain's
recursive splitter. Every chunk's text is ``document.text[char_start:char_end]``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from typing import Any

from ingest.normalise import pages_to_blocks
from ingest.structure import SEP, SectionLabels, StructuredDocument, bundled_labels, structure

CHUNK_SIZE = 500
# Bumped whenever parsing, chunking or the embedded text (``embed_texts``) changes, so an
# unchanged corpus is re-chunked and re-embedded.
CHUNKER_VERSION = "20"
# Marks the chunker version of an index whose passages were embedded in their context.
CONTEXT_MARK = "/context"


@dataclass(frozen=True)
class Chunk:
    id: str
    text: str
    source: str
    title: str
    page: int | None
    section_path: str
    kind: str
    ambitielijn: int | None
    position: int  # order of the chunk in its document
    char_start: int
    char_end: int
    item_index: int | None = None
    list_id: str | None = None
    heading: bool = False
    number: str | None = None  # an item's number as the document writes it ("2.4"), or its place in its list
    part: str | None = None  # the labelled part of a plan it stands in ("OD 2.3"), or a fiche's first link
    columns: str | None = None  # for a table row: the header row of its table

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Chunk":
        values: dict[str, Any] = {k: data.get(k) for k in cls.__dataclass_fields__}
        return cls(**values)


def chunker_version(labels: SectionLabels, context: bool = False) -> str:
    """``CHUNKER_VERSION``, marked with a fingerprint of the section labels when they are not the bundled ones,
    and with ``CONTEXT_MARK`` when passages are embedded in their context (``embed_texts``).

    Labels name the sections, and section paths are part of chunk ids: an index split with
    other labels must be split again, while one made with the bundled labels stays current.
    """
    mark = CONTEXT_MARK if context else ""
    if labels == bundled_labels():
        return CHUNKER_VERSION + mark
    fingerprint = hashlib.sha256(json.dumps(asdict(labels), sort_keys=True).encode("utf-8")).hexdigest()[:8]
    return f"{CHUNKER_VERSION}+{fingerprint}{mark}"


def same_embedded_text(old_chunker: str, new_chunker: str) -> bool:
    """Whether two chunker versions embed the same text for a chunk of the same id (labels aside)."""

    def key(version: str) -> tuple[str, bool]:
        return version.split("+")[0].removesuffix(CONTEXT_MARK), version.endswith(CONTEXT_MARK)

    return key(old_chunker) == key(new_chunker)


def chunk_id(source: str, section_path: str, text: str, occurrence: int = 0) -> str:
    """Stable id: a hash of source, section path and normalised text (and repeat count)."""
    key = "\x1f".join((source, section_path, " ".join(text.split()), str(occurrence)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]


def _splitter():
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    return RecursiveCharacterTextSplitter(
        chunk_size=CHUNK_SIZE,
        chunk_overlap=0,
        separators=["\n\n", "\n", ". ", "? ", "! ", "; ", ", ", " ", ""],
        keep_separator="end",
        strip_whitespace=True,
    )


def split_long(text: str) -> list[tuple[int, int]]:
    """Split a paragraph into (start, end) spans of at most ~CHUNK_SIZE characters."""
    if len(text) <= CHUNK_SIZE:
        return [(0, len(text))]
    spans = []
    cursor = 0
    for piece in _splitter().split_text(text):
        start = text.find(piece, cursor)
        if start < 0:  # the splitter only trims, so this does not happen; stay safe
            continue
        spans.append((start, start + len(piece)))
        cursor = start + len(piece)
    return spans or [(0, len(text))]


def chunk_document(doc: StructuredDocument) -> list[Chunk]:
    chunks: list[Chunk] = []
    seen: dict[tuple[str, str], int] = {}
    for element in doc.elements:
        is_item = element.item_index is not None
        spans = [(0, len(element.text))] if is_item else split_long(element.text)
        for s, e in spans:
            start, end = element.start + s, element.start + e
            text = doc.text[start:end]
            if not text.strip():
                continue
            key = (element.section, " ".join(text.split()))
            occurrence = seen.get(key, 0)
            seen[key] = occurrence + 1
            chunks.append(
                Chunk(
                    id=chunk_id(doc.source, element.section, text, occurrence),
                    text=text,
                    source=doc.source,
                    title=doc.title,
                    page=doc.page_at(start) if doc.page_starts else None,
                    section_path=element.section,
                    kind=element.kind,
                    ambitielijn=element.ambitielijn,
                    position=len(chunks),
                    char_start=start,
                    char_end=end,
                    item_index=element.item_index,
                    list_id=element.list_id,
                    heading=element.heading,
                    number=element.number,
                    part=element.part,
                    columns=element.columns,
                )
            )
    return chunks


def parse(source: str, pages: list[tuple[int | None, str]] | tuple, metadata: dict | None = None,
          labels: SectionLabels | None = None) -> StructuredDocument:
    """Pages of raw text -> StructuredDocument (pure; ``labels`` default to the bundled ones)."""
    return structure(source, pages_to_blocks(list(pages)), metadata, labels)


def embed_texts(chunks: list[Chunk]) -> list[str]:
    """What is embedded for each chunk with ``embed_context`` on: its text in its context; the quote stays ``chunk.text``.

    A passage is embedded after the title of its container (the nearest heading before it
    on the first level of its section path, e.g. "Ambitielijn 1: Innovatie als motor ...")
    and the name of its section ("Acties"): "Ambitielijn 1: Innovatie … › Acties: <the
    action>". Headings are embedded as written. Pure: the same chunks give the same texts.
    (A list's lead-in before its short items was tried as well: it makes all items of a
    list alike, "Welke KPI's kunnen worden uitgewerkt …?: <KPI>", and was dropped.)
    """
    out: list[str] = []
    container: dict[tuple[str, str], Chunk] = {}  # (source, first-level section) -> its latest heading
    for chunk in chunks:
        top = chunk.section_path.split(SEP)[0]
        if chunk.heading or chunk.kind == "titel":
            if chunk.section_path == top:
                container[(chunk.source, top)] = chunk
            out.append(chunk.text)
            continue
        parts: list[str] = []
        head = container.get((chunk.source, top))
        if head is not None:
            parts.append(" ".join(head.text.split()))
        if SEP in chunk.section_path:
            parts.append(chunk.section_path.split(SEP)[-1])
        out.append(_joined(SEP.join(parts), chunk.text))
    return out


def _joined(prefix: str, text: str) -> str:
    """``prefix: text``; a prefix that ends in a colon already says so."""
    if not prefix:
        return text
    return f"{prefix} {text}" if prefix.endswith(":") else f"{prefix}: {text}"
