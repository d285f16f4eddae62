"""Recover a document's structure from its blocks, by general rules.

Strategy documents: title, an analysis part, ambition lines (``Ambitielijn N: titel``)
each with a subtitle, context paragraphs, example actions (the bullets after a heading
about "acties") and KPIs (the bullets after a heading about KPIs or indicators).
Project descriptions: one document per project with a title, a reference to an
ambition line and a description.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ingest.dutch import CARDINALS, ORDINALS, number_value
from ingest.normalise import NAVIGATION, Block
from prompts import Prompts, load_prompts

SEP = " › "
# "Ambitielijn 2", "Ambitielijn twee", "de tweede ambitielijn": longest words first in the pattern.
_NUM = r"(\d+|" + "|".join(sorted({*CARDINALS, *ORDINALS}, key=len, reverse=True)) + r")"
AMBITION_HEADING = re.compile(rf"^\s*ambitie\s*lijn\s*{_NUM}\s*(?:[:.–—-]\s*(?P<title>.*\S)?)?\s*$", re.IGNORECASE)
AMBITION_REFERENCE = re.compile(rf"\bambitie\s*lijn\s*[:\-]?\s*{_NUM}\b", re.IGNORECASE)
KIND_ACTION, KIND_KPI, KIND_ANALYSIS = "actie", "kpi", "analyse"
ITEM_KINDS = (KIND_ACTION, KIND_KPI, KIND_ANALYSIS)


@dataclass(frozen=True)
class SectionLabels:
    """The names of a document's parts and sections, as citations show them ("Ambitielijn 3 › KPI's").

    Dutch wording from the prompts (section ``[sectie]``). Section paths are part of chunk
    ids (``ingest/chunk.py``), so these values decide the ids: the bundled ones must not change.
    """

    title: str
    introduction: str
    line: str  # with the placeholder {lijn}
    subtitle: str
    context: str
    actions: str
    kpis: str
    analysis: str
    project: str

    @classmethod
    def from_prompts(cls, p: Prompts) -> "SectionLabels":
        return cls(p.get("sectie.titel"), p.get("sectie.inleiding"), p.get("sectie.ambitielijn"), p.get("sectie.ondertitel"),
                   p.get("sectie.context"), p.get("sectie.acties"), p.get("sectie.kpis"), p.get("sectie.analyse"),
                   p.get("sectie.project"))

    def ambition_line(self, number: int) -> str:
        return self.line.format(lijn=number)


@lru_cache(maxsize=1)
def bundled_labels() -> SectionLabels:
    """The labels of the wording shipped with the package."""
    return SectionLabels.from_prompts(load_prompts())


def number_of(token: str) -> int:
    return int(token) if token.isdigit() else number_value(token)


@dataclass(frozen=True)
class Element:
    """A piece of a document that becomes one or more chunks."""

    kind: str  # titel | analyse | context | actie | kpi | project
    text: str
    page: int | None
    section: str
    ambitielijn: int | None
    start: int  # offsets into StructuredDocument.text
    end: int
    item_index: int | None = None  # 1-based position in its list, for bullet items
    list_id: str | None = None  # siblings of one list share it
    heading: bool = False


@dataclass(frozen=True)
class AmbitionLine:
    number: int
    title: str
    subtitle: str | None
    page: int | None


@dataclass(frozen=True)
class StructuredDocument:
    source: str
    title: str
    doc_type: str  # strategie | project | document
    text: str  # the normalised document text every chunk points into
    elements: tuple[Element, ...]
    ambition_lines: tuple[AmbitionLine, ...] = ()
    page_starts: tuple[tuple[int, int], ...] = ()  # (offset, page number), ascending
    metadata: dict = field(default_factory=dict)

    def page_at(self, offset: int) -> int | None:
        page = None
        for start, number in self.page_starts:
            if start > offset:
                break
            page = number
        return page


def is_navigation(block: Block) -> bool:
    return not block.bullet and len(block.text.split()) <= 6 and bool(NAVIGATION.match(block.text))


def is_heading_like(block: Block) -> bool:
    """Headings: explicit ones, questions and lead-ins ending in ':', short unpunctuated lines."""
    if block.bullet:
        return False
    if block.heading_level:
        return True
    text = block.text
    if text.endswith(("?", ":")) and len(text) <= 250:
        return True
    return len(text.split()) <= 12 and not text.endswith((".", "!", ";", "…", ","))


def list_kind_for(heading: str, in_ambition_line: bool) -> str | None:
    low = heading.lower()
    if "kpi" in low or "indicator" in low:
        return KIND_KPI
    if re.search(r"\bactie", low):
        return KIND_ACTION
    if "analyse" in low and not in_ambition_line:
        return KIND_ANALYSIS
    return None


def _printable(text: str) -> str:
    """A title on one line: control and other invisible characters (ESC, BEL, newlines in a file name) as spaces."""
    return " ".join("".join(ch if ch.isprintable() else " " for ch in text).split()) or "?"


def _looks_like_title(block: Block) -> bool:
    return not block.bullet and len(block.text) <= 150 and not block.text.endswith((".", "?", ":", ";", ","))


def structure(source: str, blocks: list[Block], metadata: dict | None = None,
              labels: SectionLabels | None = None) -> StructuredDocument:
    """Turn blocks into a StructuredDocument with elements pointing into its text (sections named by ``labels``)."""
    metadata = dict(metadata or {})
    labels = labels or bundled_labels()
    # The normalised text: blocks separated by blank lines, bullets with their sign.
    text_parts: list[str] = []
    spans: list[tuple[int, int]] = []
    page_starts: list[tuple[int, int]] = []
    offset = 0
    for block in blocks:
        prefix = "• " if block.bullet else ""
        if text_parts:
            text_parts.append("\n\n")
            offset += 2
        if block.page is not None and (not page_starts or page_starts[-1][1] != block.page):
            page_starts.append((offset, block.page))
        text_parts.append(prefix + block.text)
        spans.append((offset + len(prefix), offset + len(prefix) + len(block.text)))
        offset += len(prefix) + len(block.text)
    text = "".join(text_parts)

    # A strategy has several ambition lines, or one with its actions/KPIs; a project
    # description may name its ambition line on a line of its own ("Ambitielijn 3").
    headed = {number_of(m.group(1)) for b in blocks if not b.bullet and (m := AMBITION_HEADING.match(b.text))}
    has_ambition_lines = len(headed) >= 2 or (
        len(headed) == 1
        and any(is_heading_like(b) and list_kind_for(b.text, True) in (KIND_ACTION, KIND_KPI) for b in blocks)
    )
    title = str(metadata.get("title") or "").strip()
    # A first line that announces a list ("Wat leert de economische analyse …") is a
    # section heading whose title line was lost (e.g. taken for a running header).
    first_is_title = bool(blocks) and _looks_like_title(blocks[0]) and list_kind_for(blocks[0].text, False) is None
    if not title:
        title = blocks[0].text if first_is_title else source
    title = _printable(title)

    if has_ambition_lines:
        elements, lines = _strategy_elements(blocks, spans, first_is_title, labels)
        doc_type = "strategie"
    else:
        elements, lines = _project_elements(blocks, spans, first_is_title, title, labels)
        doc_type = "project" if any(e.kind == "project" for e in elements) else "document"
    return StructuredDocument(
        source=source,
        title=title,
        doc_type=doc_type,
        text=text,
        elements=tuple(elements),
        ambition_lines=tuple(lines),
        page_starts=tuple(page_starts),
        metadata=metadata,
    )


def _strategy_elements(blocks: list[Block], spans, first_is_title: bool, labels: SectionLabels):
    elements: list[Element] = []
    lines: list[AmbitionLine] = []
    part: int | None = None
    part_label = labels.introduction
    list_kind: str | None = None
    list_counter = 0
    list_id: str | None = None
    item_index = 0
    expect_title_for: int | None = None
    expect_subtitle = False

    def add(kind: str, i: int, section: str, **extra) -> None:
        start, end = spans[i]
        elements.append(Element(kind=kind, text=blocks[i].text, page=blocks[i].page, section=section,
                                ambitielijn=part, start=start, end=end, **extra))

    for i, block in enumerate(blocks):
        if i == 0 and first_is_title:
            add("titel", i, labels.title, heading=True)
            continue
        if is_navigation(block):
            continue
        heading = AMBITION_HEADING.match(block.text) if not block.bullet else None
        if heading:
            part = number_of(heading.group(1))
            part_label = labels.ambition_line(part)
            list_kind, list_id, item_index = None, None, 0
            add("titel", i, part_label, heading=True)
            if heading.group("title"):
                lines.append(AmbitionLine(part, heading.group("title"), None, block.page))
                expect_subtitle = True
            else:
                expect_title_for = part
            continue
        if expect_title_for is not None and not block.bullet:
            lines.append(AmbitionLine(expect_title_for, block.text, None, block.page))
            add("titel", i, part_label, heading=True)
            expect_title_for, expect_subtitle = None, True
            continue
        if block.bullet:
            kind = list_kind if list_kind in ITEM_KINDS else "context"
            if list_id is None:
                list_counter += 1
                list_id = f"l{list_counter}"
                item_index = 0
            item_index += 1
            section = _section(part_label, kind, labels)
            add(kind, i, section, item_index=item_index, list_id=list_id)
            expect_subtitle = False
            continue
        if expect_subtitle and part is not None and not block.text.endswith("?"):
            lines[-1] = AmbitionLine(lines[-1].number, lines[-1].title, block.text, lines[-1].page)
            add("context", i, f"{part_label}{SEP}{labels.subtitle}")
            expect_subtitle = False
            continue
        expect_subtitle = False
        if is_heading_like(block):
            new_kind = list_kind_for(block.text, part is not None)
            if new_kind is None and list_kind in ITEM_KINDS and elements and elements[-1].heading and list_id is None:
                # The rest of a wrapped heading ("… van de provincie" / "Limburg ons?").
                new_kind = list_kind
            list_kind = new_kind if new_kind else ("context" if block.text.endswith(":") else None)
            list_id, item_index = None, 0
            section = _section(part_label, new_kind or "context", labels)
            add("context", i, section, heading=True)
            continue
        # A paragraph ends any list before it.
        list_kind, list_id, item_index = None, None, 0
        if block.text.endswith(":"):
            list_kind = "context"
        add("context", i, _section(part_label, "context", labels))
    return elements, lines


def _section(part_label: str, kind: str, labels: SectionLabels) -> str:
    if kind == KIND_ANALYSIS:
        return labels.analysis
    names = {KIND_ACTION: labels.actions, KIND_KPI: labels.kpis}
    if kind in names:
        return f"{part_label}{SEP}{names[kind]}"
    return part_label if part_label == labels.introduction else f"{part_label}{SEP}{labels.context}"


def _project_elements(blocks: list[Block], spans, first_is_title: bool, title: str, labels: SectionLabels):
    reference = None
    for block in blocks:
        m = AMBITION_REFERENCE.search(block.text)
        if m:
            reference = number_of(m.group(1))
            break
    kind = "project" if reference is not None else "context"
    section = f"{labels.project}{SEP}{title}" if reference is not None else title
    elements: list[Element] = []
    list_counter, list_id, item_index = 0, None, 0
    for i, block in enumerate(blocks):
        start, end = spans[i]
        if i == 0 and first_is_title:
            elements.append(Element("titel", block.text, block.page, section, reference, start, end, heading=True))
            continue
        if is_navigation(block):
            continue
        extra: dict = {}
        if block.bullet:
            if list_id is None:
                list_counter += 1
                list_id, item_index = f"l{list_counter}", 0
            item_index += 1
            extra = {"item_index": item_index, "list_id": list_id}
        else:
            list_id = None
            extra = {"heading": is_heading_like(block)}
        elements.append(Element(kind, block.text, block.page, section, reference, start, end, **extra))
    return elements, []
