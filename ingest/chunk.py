"""Chunks: one per item (action, KPI, analysis bullet) and per paragraph.

Long paragraphs are split on sentence boundaries (~500 characters) with langchain's
recursive splitter. Every chunk's text is ``document.text[char_start:char_end]``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass

from ingest.normalise import pages_to_blocks
from ingest.structure import SectionLabels, StructuredDocument, bundled_labels, structure

CHUNK_SIZE = 500
# Bumped whenever parsing or chunking changes, so an unchanged corpus is re-chunked.
CHUNKER_VERSION = "5"


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
        return cls(**{k: data.get(k) for k in cls.__dataclass_fields__})


def chunker_version(labels: SectionLabels) -> str:
    """``CHUNKER_VERSION``, marked with a fingerprint of the section labels when they are not the bundled ones.

    Labels name the sections, and section paths are part of chunk ids: an index split with
    other labels must be split again, while one made with the bundled labels stays current.
    """
    if labels == bundled_labels():
        return CHUNKER_VERSION
    fingerprint = hashlib.sha256(json.dumps(asdict(labels), sort_keys=True).encode("utf-8")).hexdigest()[:8]
    return f"{CHUNKER_VERSION}+{fingerprint}"


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
