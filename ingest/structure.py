"""Recover a document's structure from its blocks, by general rules.

Plans and strategies: a title, parts headed by a label and a number at one or more levels
(``Ambitielijn 2: titel``, ``SD3 – titel``, ``OD 2.3 –``, ``Prioriteit B``, ``Hoofdstuk 4.``),
context paragraphs, and items: the bullets under a heading that names a kind of item
("Acties", "Maatregelen", "KPI's", "Indicatoren", ``ingest/data/kinds.toml``), or blocks headed
by an item label and a number ("Actie 2.4 – …", "Maatregel 3: …"). The top level of parts
plays the role of the ambition lines; every item keeps its container and its number as written.
Project descriptions (fiches): one document per project with a title, ``Label: waarde`` fields
(Trekker, Budget, Looptijd, Koppeling, …) and a description; the part of a plan a fiche names
("Ambitielijn 3", "Koppeling: OD 2.1") links it to that part.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from ingest.dutch import CARDINALS, ORDINALS, number_value
from ingest.kinds import apparatus_words, cue_kind, heading_kind, kinds, label_kind
from ingest.lexical import fold, stopwords
from ingest.normalise import NAMED_ITEM, NAVIGATION, Block, is_table_row, named_item_line
from prompts import Prompts, load_prompts

SEP = " › "
# "Ambitielijn 2", "Ambitielijn twee", "de tweede ambitielijn": longest words first in the pattern.
_NUM = r"(\d+|" + "|".join(sorted({*CARDINALS, *ORDINALS}, key=len, reverse=True)) + r")"
AMBITION_HEADING = re.compile(rf"^\s*ambitie\s*lijn\s*{_NUM}\s*(?:[:.–—-]\s*(?P<title>.*\S)?)?\s*$", re.IGNORECASE)
AMBITION_REFERENCE = re.compile(rf"\bambitie\s*lijn\s*[:\-]?\s*{_NUM}\b", re.IGNORECASE)
# A part of a plan headed by a label and a number or letter: "SD3 – titel", "OD 2.3 –", "Prioriteit B:",
# "Strategische doelstelling 1", "Hoofdstuk 4." (numbers of one or two digits: "In 2030 ..." is no part).
_CODE = r"\d{1,2}(?:\.\d{1,2})*\.[a-z](?![\w.])|\d{1,2}(?:\.\d{1,2})*|[IVX]{1,4}(?:\.\d{1,2})+|[A-Z](?:\.?\d{1,2})*|[IVX]{1,4}"
LABELLED = re.compile(
    rf"^(?P<label>[A-Z]{{1,5}}|[A-ZÀ-Ý][a-zà-ÿ]+(?:[ -][a-zà-ÿ]+){{0,2}})\s?(?P<code>{_CODE})(?=$|\s|[:–—-]|\.(?!\d))\.?"
    rf"\s*(?:[:–—-]\s*)?(?P<title>.*?)\s*$"
)
# A reference to a labelled part inside a text ("Koppeling: OD 2.1, SD3").
# Also by a capitalised word with a code of two levels ("Draagt bij aan: Spoor 1.2 en Spoor 4.2"; "Rotestraat 12"
# is an address), not a word of the apparatus ("Tabel 2.1").
PART_REFERENCE = re.compile(r"\b(?:(?P<label>[A-Z]{1,5})\s?(?P<code>\d{1,2}(?:\.\d{1,2})*)"
                            r"|(?P<wlabel>(?!(?:Tabel|Figuur|Grafiek|Bijlage|Pagina|Bron|Noot|Kader|Versie|Fase)\b)[A-Z][a-z]{2,14})"
                            r" (?P<wcode>\d{1,2}\.\d{1,2}))\b(?![.,]?\d|\s?(?:%|euro|€|procent))")
KIND_ACTION, KIND_KPI, KIND_ANALYSIS = "actie", "kpi", "analyse"


def reference_text(m: re.Match) -> str:
    """A part reference as "<label> <code>" ("OD 2.1", "Spoor 1.2")."""
    return f"{m.group('label') or m.group('wlabel')} {m.group('code') or m.group('wcode')}"
ITEM_KINDS = tuple(k.name for k in kinds().values() if k.unit == "item")
ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}


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
    """The value of a token matched by ``_NUM``: digits or a number word."""
    if token.isdigit():
        return int(token)
    value = number_value(token)
    assert value is not None  # _NUM matches only digits and the words number_value knows
    return value


def code_value(code: str) -> int:
    """The ordinal of a part's code at its own level: "3" 3, "2.3" 3, "B" 2, "IV" 4."""
    last = re.split(r"[.]", code)[-1]
    if last.isdigit():
        return int(last)
    if last in ROMAN:
        return ROMAN[last]
    if re.fullmatch(r"[A-Z]\d+", last):
        return int(last[1:])
    return ord(last[0].upper()) - ord("A") + 1  # "B" 2, "1.b" 2


def code_top(code: str) -> int:
    """The top-level number a code sits under: "2.3" 2, "B" 2, "B3" 2, "4" 4."""
    first = code.split(".")[0]
    if first.isdigit():
        return int(first)
    if first in ROMAN:
        return ROMAN[first]
    return ord(first[0]) - ord("A") + 1


@dataclass(frozen=True)
class Labelled:
    """A block headed by a label and a code, as written: "OD 2.3 – Titel" is ("OD", "2.3", "Titel")."""

    label: str
    code: str
    title: str
    written: str  # the label and code as the document writes them ("OD 2.3", "SD3")

    @property
    def kind(self) -> str | None:
        """The kind of item the label names ("Actie", "Maatregel"), None for a part of the plan."""
        return label_kind(self.label)


def labelled(text: str) -> Labelled | None:
    if len(text) > 400:  # a label heads a line, not a page (and the pattern need not scan one)
        return None
    m = LABELLED.match(text)
    if not m or fold(m.group("label")) in apparatus_words():
        return None
    if m.group("code").isalpha() and not text[m.end("label") : m.start("code")]:
        return None  # a letter glued to capitals is part of a word ("VRIJE"), no code ("THEMA D")
    written = text[: m.end("code")].strip()
    return Labelled(m.group("label"), m.group("code"), m.group("title"), written)


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
    number: str | None = None  # an item's own number as written ("2.4"), or its place in its part's list
    part: str | None = None  # the labelled part it stands in, as written ("OD 2.3")
    columns: str | None = None  # for a table row: the table's header row, as written


@dataclass(frozen=True)
class AmbitionLine:
    """A top-level part of a plan (an ambition line, a strategic goal, a priority)."""

    number: int
    title: str
    subtitle: str | None
    page: int | None
    label: str | None = None  # as the document writes it ("SD3", "Prioriteit B"); None for "Ambitielijn N"


@dataclass(frozen=True)
class Part:
    """A labelled part of a plan at any level, with the part it stands under."""

    label: str  # as written: "OD 2.3", "SD3"
    code: str  # "2.3"
    title: str
    level: int  # 1 for the top level
    parent: str | None
    page: int | None
    line: int | None  # the top-level number it stands under
    aliases: tuple[str, ...] = ()  # further labels its heading gives it ("Hoofdstuk 2 Prioriteit A –": "Prioriteit A")


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
    parts: tuple[Part, ...] = ()  # every labelled part, in document order
    fields: tuple[tuple[str, str], ...] = ()  # a fiche's ``Label: waarde`` fields, as written
    links: tuple[str, ...] = ()  # parts of plans a fiche names ("OD 2.1")

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
    """The kind of items a heading announces ("Acties", "Welke KPI's …?", "Maatregelen"); analysis
    points only outside the parts of a plan."""
    low = heading.lower()
    if "kpi" in low or "indicator" in low:
        return KIND_KPI
    if re.search(r"\bactie", low):
        return KIND_ACTION
    if "analyse" in low and not in_ambition_line:
        return KIND_ANALYSIS
    kind = heading_kind(heading)
    if kind in ITEM_KINDS and (kind != KIND_ANALYSIS or not in_ambition_line):
        return kind
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
    part_labels = _part_labels(blocks)
    title = str(metadata.get("title") or "").strip()
    # A first line that announces a list ("Wat leert de economische analyse …") is a
    # section heading whose title line was lost (e.g. taken for a running header).
    first_is_title = bool(blocks) and _looks_like_title(blocks[0]) and list_kind_for(blocks[0].text, False) is None \
        and not ((first_head := labelled(blocks[0].text)) and fold(first_head.label) in part_labels)
    if not title:
        title = blocks[0].text if first_is_title else source
    title = _printable(title)

    parts: list[Part] = []
    fields: list[tuple[str, str]] = []
    links: list[str] = []
    if (has_ambition_lines or part_labels) and not labelled_fiches(blocks, part_labels):
        elements, lines, parts = _strategy_elements(blocks, spans, first_is_title, labels, part_labels)
        doc_type = "strategie"
    else:
        elements, lines, fields, links = _project_elements(blocks, spans, first_is_title, title, labels)
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
        parts=tuple(parts),
        fields=tuple(fields),
        links=tuple(links),
    )


def _part_heading_like(block: Block, nxt: Block | None = None) -> bool:
    """A heading, or a labelled line whose title wrapped over more words than a heading has, or a short
    labelled sentence over a list ("Doel 1.a — Meer bedrijven vinden een opvolger." and its actions)."""
    if block.bullet or len(block.text.split()) > 30:
        return is_heading_like(block)
    return is_heading_like(block) or not block.text.endswith((".", "!", ";", "…", ",", ":")) or (
        nxt is not None and nxt.bullet and labelled(block.text) is not None)


def default_item_kind(blocks: list[Block]) -> tuple[str | None, str | None]:
    """The kind of item a plan's parts list when no heading names it, and the plural the document uses
    for it: the item kind whose cue words the document uses most ("… met concrete maatregelen")."""
    # A kind with a list of its own under a heading ("Indicatoren") is not what stands under every part.
    headed = {list_kind_for(b.text, True) for b in blocks
              if not b.bullet and (b.heading_level or (is_heading_like(b) and not b.text.endswith(":")))}
    counts: dict[str, int] = {}
    plurals: dict[str, dict[str, int]] = {}
    for block in blocks:
        for token in re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)?", fold(block.text)):
            kind, plural = cue_kind(token)
            if kind in ITEM_KINDS and kind != KIND_ANALYSIS and kind not in headed:
                counts[kind] = counts.get(kind, 0) + 1
                if plural and token in kinds()[kind].plural:
                    plurals.setdefault(kind, {})[token] = plurals.get(kind, {}).get(token, 0) + 1
    if not counts:
        return None, None
    kind = max(counts, key=lambda k: (counts[k], k == KIND_ACTION))
    words = plurals.get(kind, {})
    return kind, (max(words, key=lambda w: words[w]).capitalize() if words else None)


def _part_labels(blocks: list[Block]) -> frozenset[str]:
    """The labels (folded) that head parts of this plan: a label over headings with two or more
    codes, or with a dotted code ("OD 2.3"); not an item label ("Actie 2.4") nor the apparatus."""
    codes: dict[str, set[str]] = {}
    for i, block in enumerate(blocks):
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if block.bullet or not _part_heading_like(block, nxt) or AMBITION_HEADING.match(block.text):
            continue
        head = labelled(block.text)
        if head is None or head.kind is not None:
            continue
        codes.setdefault(fold(head.label), set()).add(head.code)
    return frozenset(label for label, cs in codes.items() if len(cs) >= 2 or any("." in c for c in cs))


_VALUE_CELL = re.compile(r"^(?:[-–—]|n\.?v\.?t\.?|[<>≥≤~±]?[€$]?\d[\d.,]*(?:%|\+)?)$", re.IGNORECASE)
_UNIT = re.compile(r"^(?:%|m2|m²|km|ha|jaar|jaren|maanden|dagen|euro|mln|miljoen|ton|kwh|mwh|gwh|uur|pct)$", re.IGNORECASE)


def _text_header(text: str) -> list[str] | None:
    """The column names of a table header extracted as plain text ("Indicator Nulmeting Streefwaarde Jaar")."""
    words = text.split()
    if 3 <= len(words) <= 8 and all(w[:1].isupper() and w.isalpha() for w in words):
        return words
    return None


_VALUE_IN_CELL = re.compile(r"€|%|\bk€|\beuro\b|^\s*(?!(?:19|20)\d\d\s*$)\d[\d.,\s]*(?:miljoen|mln|miljard)?\s*$", re.IGNORECASE)


_ROW_CODE = re.compile(r"[A-Z]{0,3}[-.]?\d+(?:[.-]\d+)*[a-z]?")


def _row_code(row: str) -> str | None:
    """A row's own number as written in its first cell ("I-1.2.3", "M4", "2.1"), else None."""
    first = row.split(" | ", 1)[0].strip()
    return first if _ROW_CODE.fullmatch(first) else None


def _column_kind(header: str) -> str | None:
    """The item kind a header cell of one word names ("Interventie", "Maatregel"), else None."""
    for cell in header.split(" | "):
        words = cell.split()
        if len(words) == 1:
            kind = label_kind(words[0])
            if kind in ITEM_KINDS:
                return kind
    return None


def headerless(row: str) -> bool:
    """Whether a table's first row is already a row of values, not a header ("Opgave 1: … | € 14,6 miljoen"):
    a header names its columns; an amount, a share or a number other than a year is a value."""
    return any(_VALUE_IN_CELL.search(cell) for cell in row.split(" | ")[1:])


def table_cells(header: str, row: str) -> list[tuple[str, str]]:
    """(column, cell) pairs of a table row. Rows written with " | " split on it; rows extracted as plain
    text from a PDF are read from the right, one value a column (a unit stays with its number), the
    rest being the first column."""
    if " | " in row:
        names = [c.strip() for c in header.split(" | ")]
        # A cell left empty ("… | | € 600.000", "… | 1.150 (2025) |") is a cell too.
        cells = [c.strip() for c in re.split(r"(?:^|\s)\|(?=\s|$)", row)]
        return list(zip(names, cells))
    names = header.split()
    tokens = row.split()
    values: list[str] = []
    i = len(tokens) - 1
    while i > 0 and len(values) < len(names) - 1:
        tok = tokens[i]
        if _VALUE_CELL.match(tok):
            values.insert(0, tok)
        elif _UNIT.match(tok) and i > 1 and re.search(r"\d", tokens[i - 1]):
            values.insert(0, f"{tokens[i - 1]} {tok}")
            i -= 1
        else:
            break
        i -= 1
    if len(values) < len(names) - 1 or i < 0:
        return []
    return list(zip(names, [" ".join(tokens[: i + 1]), *values]))


def _is_text_row(header: str, block: Block) -> bool:
    return not block.bullet and bool(table_cells(header, block.text))


def _strategy_elements(blocks: list[Block], spans, first_is_title: bool, labels: SectionLabels,
                       part_labels: frozenset[str] = frozenset()):
    elements: list[Element] = []
    lines: list[AmbitionLine] = []
    parts: list[Part] = []
    part: int | None = None
    part_label = labels.introduction
    list_kind: str | None = None
    list_counter = 0
    list_id: str | None = None
    item_index = 0
    expect_title_for: int | None = None
    expect_subtitle = False
    # The labelled parts open at this point, outermost first, and the level of each label.
    stack: list[Part] = []
    level_of: dict[str, int] = {}
    numbered: dict[tuple[str | None, str], int] = {}  # (part, kind) -> items with a label of their own
    default_kind, default_name = default_item_kind(blocks) if part_labels else (None, None)
    repeated = repeated_list_headings(blocks) if part_labels else frozenset()
    item_labels = own_item_labels(blocks, part_labels) if part_labels else frozenset()
    list_name: str | None = None  # inside labelled parts: the list's own heading ("Maatregelen")
    heading_level_of: dict[str, int] = {}  # a part's label -> the level of its explicit heading (0: none)
    outside: dict[int, str] = {}  # outside the parts: the open headings by level

    def add(kind: str, i: int, section: str, **extra) -> None:
        start, end = spans[i]
        extra.setdefault("part", stack[-1].label if stack else None)
        line = part if stack or part is not None else named_line(blocks[i], part_labels)
        elements.append(Element(kind=kind, text=blocks[i].text, page=blocks[i].page, section=section,
                                ambitielijn=line, start=start, end=end, **extra))

    def open_part(head: Labelled, block: Block) -> None:
        nonlocal part, part_label
        key = fold(head.label)
        if key not in level_of:
            inside = [p for p in stack if "." in head.code and head.code.startswith(p.code + ".")]
            level_of[key] = inside[-1].level + 1 if inside else (stack[-1].level + 1 if stack else 1)
        level = level_of[key]
        del stack[level - 1 :]
        parent = stack[-1].label if stack else None
        line = code_top(head.code) if level == 1 else (code_top(stack[0].code) if stack[0].code else None)  # codes are never empty (_CODE)
        inner = labelled(head.title) if head.title else None
        aliases = (inner.written,) if inner is not None and inner.kind is None else ()
        title = inner.title if inner is not None and aliases and inner.title else head.title  # aliases imply inner
        new = Part(head.written, head.code, title, level, parent, block.page, line, aliases)
        heading_level_of[new.label] = block.heading_level
        stack.append(new)
        parts.append(new)
        if level == 1:
            part = code_value(head.code)
            lines.append(AmbitionLine(part, title or head.written, None, block.page, head.written))
        part_label = SEP.join(p.label for p in stack)

    table: str | None = None  # the first row of the table being read
    table_columns: str | None = None  # its header row, when it has one
    for i, block in enumerate(blocks):
        if i == 0 and first_is_title:
            add("titel", i, labels.title, heading=True)
            continue
        if is_navigation(block):
            continue
        # Tables: a header row, then rows; a row is an item of the kind the table lists.
        in_table = table is not None and not block.bullet and (
            is_table_row(block.text) or _is_text_row(table, block)
            # a row the extraction wrapped ("… sociale 3,9 jaar – – huurwoning"), with rows after it
            or (len(block.text) <= 160 and i + 1 < len(blocks) and _is_text_row(table, blocks[i + 1])))
        if in_table:
            item_index += 1
            kind = list_kind if list_kind in ITEM_KINDS else "context"
            add(kind, i, _section(part_label, kind, labels, list_name if stack else None), item_index=item_index,
                list_id=list_id, columns=table_columns, **({"number": _row_code(block.text) or str(item_index)}
                                                            if kind in ITEM_KINDS else {}))
            continue
        table = None
        starts_table = not block.bullet and (
            (is_table_row(block.text) and i + 1 < len(blocks) and is_table_row(blocks[i + 1].text))
            or (_text_header(block.text) is not None and i + 1 < len(blocks) and _is_text_row(block.text, blocks[i + 1])))
        if starts_table:
            table = block.text
            first_column = re.split(r" \| |\s", block.text)[0]
            # The kind its header names: by the first column, a plural, or a column named by a kind's word
            # ("Nr | Interventie | Trekker | …": a table of interventions).
            table_kind = list_kind if list_kind in ITEM_KINDS else (
                label_kind(first_column) or heading_kind(block.text) or _column_kind(block.text))
            list_kind = table_kind if table_kind in ITEM_KINDS else "context"
            list_counter += 1
            list_id, item_index = f"t{list_counter}", 0
            if headerless(block.text):
                # Terms and their values without a header row ("Opgave 1: … | € 14,6 miljoen"): rows from the first.
                table_columns = None
                item_index = 1
                add("context", i, _section(part_label, "context", labels, list_name if stack else None),
                    item_index=item_index, list_id=list_id)
                continue
            table_columns = table
            add("context", i, _section(part_label, list_kind, labels, list_name if stack else None), heading=True)
            continue
        heading = AMBITION_HEADING.match(block.text) if not block.bullet else None
        if heading:
            part = number_of(heading.group(1))
            part_label = labels.ambition_line(part)
            stack.clear()
            list_kind, list_id, item_index = None, None, 0
            add("titel", i, part_label, heading=True)
            if heading.group("title"):
                lines.append(AmbitionLine(part, heading.group("title"), None, block.page))
                expect_subtitle = True
            else:
                expect_title_for = part
            continue
        head = labelled(block.text) if not block.bullet else None
        if head is not None and fold(head.label) in part_labels and _part_heading_like(block, blocks[i + 1] if i + 1 < len(blocks) else None):
            open_part(head, block)
            # Bullets right under a part are its items, of the kind the plan speaks of.
            list_kind, list_id, item_index = default_kind, None, 0
            list_name = default_name
            expect_subtitle = False
            add("titel", i, part_label, heading=True)
            continue
        if expect_title_for is not None and not block.bullet:
            lines.append(AmbitionLine(expect_title_for, block.text, None, block.page))
            add("titel", i, part_label, heading=True)
            expect_title_for, expect_subtitle = None, True
            continue
        if head is None and not block.bullet and named_item_line(block.text):
            # An item named by its kind's word, without a number ("Indicator – Aandeel jonge bedrijfsleiders
            # Nulwaarde: 11 % · Streefwaarde 2032: 18 %"): of that kind, numbered in its order.
            m = NAMED_ITEM.match(block.text)
            item_kind = label_kind(m.group("label")) if m else None
            if item_kind in ITEM_KINDS:
                key = (stack[-1].label if stack else None, item_kind)
                numbered[key] = numbered.get(key, 0) + 1
                add(item_kind, i, _section(part_label, item_kind, labels), item_index=numbered[key],
                    list_id=f"k{len(parts)}{item_kind}", number=str(numbered[key]))
                list_kind, list_id, item_index = item_kind, None, 0
                expect_subtitle = False
                continue
        own_kind = (default_kind or KIND_ACTION) if head is not None and fold(head.label) in item_labels else None
        if head is not None and ((head.kind is not None and head.kind in ITEM_KINDS) or own_kind):
            # An item headed by its own label and number ("Actie 2.4 – …", "Maatregel 3: …", "M3.1.2 – …").
            item_kind = head.kind if head.kind in ITEM_KINDS else own_kind
            assert item_kind is not None  # one of the two holds
            key = (stack[-1].label if stack else None, item_kind)
            numbered[key] = numbered.get(key, 0) + 1
            add(item_kind, i, _section(part_label, item_kind, labels), item_index=numbered[key],
                list_id=f"n{len(parts)}{item_kind}", number=head.code)
            list_kind, list_id, item_index = item_kind, None, 0
            expect_subtitle = False
            continue
        if block.bullet:
            kind = list_kind if list_kind in ITEM_KINDS else "context"
            if list_id is None:
                list_counter += 1
                list_id = f"l{list_counter}"
                item_index = 0
            item_index += 1
            section = _section(part_label, kind, labels, list_name if stack else None)
            extra = {"number": str(item_index)} if kind in ITEM_KINDS else {}
            add(kind, i, section, item_index=item_index, list_id=list_id, **extra)
            expect_subtitle = False
            continue
        if expect_subtitle and part is not None and not block.text.endswith("?"):
            lines[-1] = AmbitionLine(lines[-1].number, lines[-1].title, block.text, lines[-1].page, lines[-1].label)
            add("context", i, f"{part_label}{SEP}{labels.subtitle}")
            expect_subtitle = False
            continue
        expect_subtitle = False
        if is_heading_like(block) and not (stack and FIELD.match(block.text)):
            if block.heading_level and close_parts(stack, heading_level_of, block.heading_level):
                # A heading as high as a part's own closes it ("## Middelen" after "## Werf 4").
                part = code_value(stack[0].code) if stack else None
                part_label = SEP.join(p.label for p in stack) if stack else block.text.rstrip(":?. ")
                outside.clear()
            if block.heading_level and not stack and part is None:
                # Outside the parts, headings with a level name the sections ("5. INDICATOREN").
                outside[block.heading_level] = block.text.rstrip(":?. ")
                for deeper in [lv for lv in outside if lv > block.heading_level]:
                    del outside[deeper]
                part_label = SEP.join(outside[lv] for lv in sorted(outside))
            new_kind = list_kind_for(block.text, part is not None)
            if new_kind is None and stack and fold(block.text.rstrip(":?. ")) in repeated:
                # A heading the plan repeats over a list in every part ("Ingrepen"): the plan's items.
                new_kind = default_kind or KIND_ACTION
            if new_kind is None and list_kind in ITEM_KINDS and elements and elements[-1].heading and list_id is None:
                # The rest of a wrapped heading ("… van de provincie" / "Limburg ons?").
                new_kind = list_kind
            list_kind = new_kind if new_kind else ("context" if block.text.endswith(":") else None)
            list_id, item_index = None, 0
            if new_kind and stack and len(block.text) <= 60:
                list_name = block.text.rstrip(":?. ")
            section = _section(part_label, new_kind or "context", labels, list_name if stack else None)
            add("context", i, section, heading=True)
            continue
        # A paragraph ends any list before it; inside a labelled part, a lead-in that names a kind
        # ("De provincie neemt deze maatregelen:") opens a list of that kind.
        list_kind, list_id, item_index = None, None, 0
        if block.text.endswith(":"):
            list_kind = (heading_kind(block.text) if stack else None) or "context"
        add("context", i, _section(part_label, "context", labels))
    return _lists_like_siblings(elements, parts), lines, parts


def _lists_like_siblings(elements: list[Element], parts: list[Part]) -> list[Element]:
    """A part whose only list follows a lead-in that names no kind ("Concreet zetten we in op:"), while
    two or more parts of its level list items of one kind: that list holds its items of that kind too."""
    level = {p.label: p.level for p in parts}
    kinds_in: dict[str, dict[str, Element]] = {}
    for e in elements:
        if e.kind in ITEM_KINDS and e.part is not None:
            kinds_in.setdefault(e.part, {}).setdefault(e.kind, e)
    out = list(elements)
    for label, lv in level.items():
        if label in kinds_in:
            continue
        siblings = [kinds_in[p] for p, other in level.items() if other == lv and p in kinds_in]
        shared = {k for found in siblings for k in found if sum(k in f for f in siblings) >= 2}
        if len(shared) != 1:
            continue
        kind = next(iter(shared))
        model = next(f[kind] for f in siblings if kind in f)
        own = [i for i, e in enumerate(out) if e.part == label and e.kind == "context" and e.list_id is not None
               and e.item_index is not None]
        if not own or len({out[i].list_id for i in own}) != 1 or own[0] == 0 or not out[own[0] - 1].text.endswith(":"):
            continue
        name = model.section.rsplit(SEP, 1)[-1]
        for i in own:
            e = out[i]
            section = f"{e.section.rsplit(SEP, 1)[0]}{SEP}{name}" if SEP in e.section else e.section
            out[i] = replace(e, kind=kind, section=section, number=str(e.item_index))
    return out


def named_line(block: Block, part_labels: frozenset[str]) -> int | None:
    """Outside the parts, a line that opens with a top-level part's label is about that part
    ("Werf 3 – Water en hitte: € 11,2 miljoen" under "Middelen")."""
    head = labelled(block.text) if part_labels and not block.heading_level else None
    if head is None or fold(head.label) not in part_labels or "." in head.code:
        return None
    return code_value(head.code)


def close_parts(stack: list[Part], heading_level_of: dict[str, int], level: int) -> bool:
    """Close the open parts whose explicit heading is at ``level`` or deeper, with the parts inside
    them (whose headings may have no level: "Opgave D.3" under "THEMA D"); whether any closed."""
    for depth, part in enumerate(stack):
        if 0 < heading_level_of.get(part.label, 0) >= level:
            del stack[depth:]
            return True
    return False


def own_item_labels(blocks: list[Block], part_labels: frozenset[str]) -> frozenset[str]:
    """Labels (folded) of a plan's own that head two or more paragraphs and no part ("M3.1.2 – Fietsexamen.
    De provincie …"): the plan's items, of the kind it speaks of."""
    codes: dict[str, set[str]] = {}
    for block in blocks:
        head = labelled(block.text) if not block.bullet and not block.heading_level else None
        if head is None or head.kind is not None or fold(head.label) in part_labels or not head.title \
                or fold(head.label) in stopwords():
            continue  # "Vóór 1 juli 2029 …" is no label
        if len(block.text.split()) >= 8 and block.text.rstrip().endswith((".", "!", ")")):
            codes.setdefault(fold(head.label), set()).add(head.code)
    return frozenset(label for label, found in codes.items() if len(found) >= 2)


def repeated_list_headings(blocks: list[Block]) -> frozenset[str]:
    """Headings (folded) that stand over a list two or more times and name no known kind ("Ingrepen",
    "Wat we doen"): a plan's own word for the items of its parts."""
    seen: dict[str, int] = {}
    for block, nxt in zip(blocks, blocks[1:]):
        if block.bullet or not nxt.bullet or not (block.heading_level or block.text.endswith(":")):
            continue
        text = block.text.rstrip(":?. ")
        if len(text.split()) <= 4 and labelled(text) is None and list_kind_for(text, True) is None:
            seen[fold(text)] = seen.get(fold(text), 0) + 1
    return frozenset(t for t, n in seen.items() if n >= 2)


def _section(part_label: str, kind: str, labels: SectionLabels, own_name: str | None = None) -> str:
    if kind == KIND_ANALYSIS:
        return labels.analysis
    if own_name and kind in ITEM_KINDS:
        return f"{part_label}{SEP}{own_name}"
    names = {KIND_ACTION: labels.actions, KIND_KPI: labels.kpis, "project": labels.project}
    if kind in names:
        return f"{part_label}{SEP}{names[kind]}"
    return part_label if part_label == labels.introduction else f"{part_label}{SEP}{labels.context}"


def _project_elements(blocks: list[Block], spans, first_is_title: bool, title: str, labels: SectionLabels):
    """A project description: its fields, the plan parts it names, and its text as one project."""
    fields = [(m.group("label"), m.group("value").strip()) for b in blocks if (m := field_of(b.text))]
    reference = None
    links: list[str] = []
    for block in blocks:
        m = AMBITION_REFERENCE.search(block.text)
        if m:
            reference = number_of(m.group(1))
            break
    # A fiche: two or more fields; the plan parts its fields name are its links ("Koppeling: OD 2.1").
    if len(fields) >= 2:
        for _, value in fields:
            links += [reference_text(m) for m in PART_REFERENCE.finditer(value)]
        if reference is None and links:
            first_link = PART_REFERENCE.match(links[0])
            assert first_link is not None  # links[0] was written from a match of this same pattern
            reference = code_top(first_link.group("code") or first_link.group("wcode"))
    is_project = reference is not None or len(fields) >= 2
    kind = "project" if is_project else "context"
    section = f"{labels.project}{SEP}{title}" if is_project else title
    elements: list[Element] = []
    list_counter, list_id, item_index = 0, None, 0
    part = links[0] if links else None
    fiches = (fiche_headings(blocks) or labelled_fiches(blocks, _part_labels(blocks))) if is_project else {}
    for i, block in enumerate(blocks):
        start, end = spans[i]
        if i == 0 and first_is_title:
            elements.append(Element("titel", block.text, block.page, section, reference, start, end, heading=True, part=part))
            continue
        if is_navigation(block):
            continue
        if i in fiches:
            # One file of several fiches: each fiche's text stands under its own heading, with its own link
            # and the top-level part that link lies in.
            section = f"{labels.project}{SEP}{block.text}"
            part = fiches[i] or part
            link = fiches[i]
            own = PART_REFERENCE.match(link) if link else None
            if own is not None:
                reference = code_top(own.group("code") or own.group("wcode"))
        extra: dict = {"part": part}
        if block.bullet:
            if list_id is None:
                list_counter += 1
                list_id, item_index = f"l{list_counter}", 0
            item_index += 1
            extra.update(item_index=item_index, list_id=list_id)
        else:
            list_id = None
            extra["heading"] = is_heading_like(block) and not field_of(block.text)
        elements.append(Element(kind, block.text, block.page, section, reference, start, end, **extra))
    return elements, [], fields, links


def fiche_headings(blocks: list[Block]) -> dict[int, str | None]:
    """In a file of several fiches, the headings that open one (index -> the first plan part its fields
    name): two or more headings of one level, each followed by two or more fields of its own."""
    levels = [b.heading_level for b in blocks if b.heading_level]
    for level in sorted(set(levels)):
        starts = [i for i, b in enumerate(blocks) if b.heading_level == level]
        if len(starts) > 2 and not any(field_of(b.text) for b in blocks[starts[0] + 1 : starts[1]]):
            starts = starts[1:]  # the file's own title and introduction
        if len(starts) < 2:
            continue
        found: dict[int, str | None] = {}
        for start, end in zip(starts, [*starts[1:], len(blocks)]):
            values = [m.group("value") for b in blocks[start + 1 : end] if (m := field_of(b.text))]
            if len(values) < 2:
                break
            ref = next((m for v in values for m in PART_REFERENCE.finditer(v)), None)
            found[start] = reference_text(ref) if ref else None
        else:
            return found
    return {}


def labelled_fiches(blocks: list[Block], part_labels: frozenset[str]) -> dict[int, str | None]:
    """In a file of fiches whose headings carry a label and number ("Projectblad 2 — Omscholingsroute
    Switch!"), the lines that open one (index -> the first plan part its fields name): every such line of
    one label is followed at once by two or more fields of its own, before any other text."""
    starts = [i for i, b in enumerate(blocks) if not b.bullet and len(b.text.split()) <= 15
              and (head := labelled(b.text)) is not None and fold(head.label) in part_labels]
    if not starts or len({fold(h.label) for i in starts if (h := labelled(blocks[i].text))}) != 1:
        return {}
    found: dict[int, str | None] = {}
    for start, end in zip(starts, [*starts[1:], len(blocks)]):
        own = blocks[start + 1 : end]
        leading = 0
        for b in own:
            if not field_of(b.text):
                break
            leading += 1
        if leading < 2:
            return {}
        values = [m.group("value") for b in own if (m := field_of(b.text))]
        ref = next((m for v in values for m in PART_REFERENCE.finditer(v)), None)
        found[start] = reference_text(ref) if ref else None
    return found


# A field as a row of a two-column table of labels and values: "Raming | € 6,8 miljoen" (the loaders
# join a row's cells with " | ").
TABLE_FIELD = re.compile(r"^(?P<label>[A-ZÀ-Ý][^\W\d_]*(?:[ -][^\W\d_]+){0,3}) \| (?P<value>[^|\n]{1,300})$", re.M)


def field_of(text: str) -> re.Match | None:
    """The ``Label: waarde`` field a block is, written as a line or as a two-column table row."""
    return FIELD.match(text) or TABLE_FIELD.match(text)


# A field on a line of its own: "Budget: € 650.000", "Trekker: Provincie Limburg", "**Looptijd:** 2025-2027".
FIELD = re.compile(r"^[ \t*_•-]*(?P<label>[A-ZÀ-Ý][^\W\d_]*(?:[ -][^\W\d_]+){0,3})[*_]*\s*:[*_]*[ \t]+(?P<value>\S[^\n]{0,300})$",
                   re.M)
