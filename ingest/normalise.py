"""Text normalisation: characters, running headers/footers, wrapped lines -> blocks.

Everything here is a pure function of its input. The output ``Block`` texts are what
the rest of the system quotes, so the rules keep wording verbatim: only whitespace,
character forms (NFKC) and line wraps change.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from dataclasses import dataclass

# NFKC would turn the ellipsis into three dots, "m²" into "m2" and "CO₂" into "CO2": the published
# text keeps these signs (a quote must match the document as its readers see it).
_NFKC_KEEP = {"\u2026", "\u00b2", "\u00b3", "\u00b9", "\u00bc", "\u00bd", "\u00be",
              *map(chr, range(0x2070, 0x207A)), *map(chr, range(0x2080, 0x208A))}
_DROP = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
# Control characters and lone surrogates (which no encoder accepts).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")

# Bullet signs seen in published documents. Dashes and asterisks are ambiguous (a
# wrapped line can start with a dash), so they only open a bullet under stricter rules.
# The private-use signs are what Word's Symbol/Wingdings bullets become in PDF text.
_STRONG_BULLETS = "•●○◦▪▫■□►▶▸➔➜➤➢→✓✔·∙⁃‣◆♦❖\uf0b7\uf0a7\uf0d8\uf0e8\uf0fc"
_WEAK_BULLETS = "-–—*"
# PDF text extraction often loses the gap between a bullet sign and its text ("➔Verhogen"),
# so a strong sign needs no space after it, a dash only before a capital ("–Het"; not an
# asterisk: "*Nadruk*" is emphasis).
_BULLET = re.compile(
    rf"^(?P<indent> *)(?:(?P<strong>[{re.escape(_STRONG_BULLETS)}])\s*"
    rf"|(?P<weak>[{re.escape(_WEAK_BULLETS)}])\s+|(?P<glued>[-–—])(?=[A-ZÀ-ÖØ-Þ])"
    r"|(?P<num>\d{1,2}[.)]|\(?[a-z]\))\s+)(?P<rest>\S.*)$"
)
# A heading in plain text, on a line that starts a block: in capitals, with or without a decimal
# number ("5. INDICATOREN", "THEMA A — BELEEFBAAR ERFGOED"), or numbered at two levels or more
# ("2.1 Context"). Its level is the depth of its number; one in capitals without a number is at
# the top. Possessive, so a long line is scanned once.
_PLAIN_HEADING = re.compile(r"(?P<number>\d{1,2}(?:\.\d{1,2}){0,3})?+\.?+[ ]*+(?P<text>\S[^\n]{0,150})")
_PLAIN_HEADING_WORDS = 12
# Rules of a table drawn in text ("+-----+----+", "|-----|:---|") and its rows ("| a | b |").
_TEXT_TABLE_RULE = re.compile(r"[ ]*+[+|]?+(?:[ ]*+:?[-=]{2,}+:?[ ]*+[+|]){1,40}+[-=: ]*+")
_TEXT_TABLE_ROW = re.compile(r"[ ]*+\|([^\n]{1,5000}?)\|[ ]*+")
# The opening of a Markdown heading; the closing "###" is stripped in code (``md_heading``):
# a lazy ".*?" followed by "\s*#*\s*$" tries every split of a run of spaces, which is
# cubic in the length of a line.
_MD_OPEN = re.compile(r" *(#{1,6})\s+(\S.*)")
_AMBITION_HEADING = re.compile(r"^\s*ambitie\s*lijn\s*\d+\s*[:.–—-]", re.IGNORECASE)
# The heading of a labelled part or item ("SD2 – …", "OD 2.1 – …", "Prioriteit B: …", "Actie 2.4 – …"):
# it never runs on from the line before it.
_PART_HEADING = re.compile(r"^\s*(?:[A-Z]{1,5}|[A-ZÀ-Ý][a-zà-ÿ]+)\s?(?:\d{1,2}(?:\.\d{1,2})*|[IVX]{1,4}(?:\.\d{1,2})*|[A-Z])\s*[:–—-]\s+[A-ZÀ-Ý]")
# A field on a line of its own ("Budget: € 650.000", "Trekker: Provincie Limburg"): a block of its own
# after another field or after a line that does not run on.
_FIELD_LINE = re.compile(r"^\s*[A-ZÀ-Ý][^\W\d_]*(?:[ -][^\W\d_]+){0,3}\s*:\s+\S")
# Matched only against short lines with collapsed spaces (``is_page_number``): its adjacent
# "\s*" would otherwise make a long line of spaces cost cubic time.
_PAGE_NUMBER = re.compile(
    r"(?:[-–—] ?)?(?:(?:pagina|page|blz\.?|p\.) ?)?\d{1,4} ?(?:(?:/|van|of|uit) ?\d{1,4})? ?(?:[-–—])?",
    re.IGNORECASE,
)
_PAGE_NUMBER_MAX_CHARS = 32  # "- pagina 1234 van 1234 -" is 24
# Calls to action of a web page ("Ontdek de projecten", "Lees meer") are navigation, not content.
NAVIGATION = re.compile(
    r"^(ontdek|lees (meer|verder)|bekijk|meer (info|informatie)|terug( naar)?|download|klik|ga naar|deel( deze)?|print)\b",
    re.IGNORECASE,
)
_TERMINAL = (".", "!", "?", ":", ";", "…")
_SUSPENDED_COMPOUND_NEXT = {"en", "of", "tot", "and", "or", "t/m"}


def normalise_chars(text: str) -> str:
    """NFKC, no soft hyphens or zero-width signs, unified newlines, no control characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.translate(_DROP)
    parts = []
    for piece in re.split(f"([{''.join(_NFKC_KEEP)}])", text):
        parts.append(piece if piece in _NFKC_KEEP else unicodedata.normalize("NFKC", piece))
    text = "".join(parts)
    text = text.replace("\t", "    ")
    return _CONTROL.sub("", text)


def collapse_spaces(text: str) -> str:
    """Runs of horizontal white space become one space; ends are trimmed."""
    return _SPACES.sub(" ", text).strip()


def is_page_number(line: str) -> bool:
    """A page number line ("12", "- 12 -", "pagina 3 van 20", "p. 4", "12/40")."""
    text = collapse_spaces(line)
    return len(text) <= _PAGE_NUMBER_MAX_CHARS and _PAGE_NUMBER.fullmatch(text) is not None


def is_table_row(line: str) -> bool:
    """A row of a table as the loaders write it: two or more cells joined by " | "."""
    return line.count(" | ") >= 1 and not line.lstrip().startswith(("•", "-"))


def md_heading(line: str) -> tuple[int, str] | None:
    """(level, text) of a Markdown heading line ("## Titel ##"), else None; linear in the line length."""
    m = _MD_OPEN.fullmatch(line)
    if m is None:
        return None
    rest = m.group(2)
    # The shortest text (at least its first character) followed only by white space,
    # closing hashes and white space.
    text = rest.rstrip().rstrip("#").rstrip()
    return len(m.group(1)), text or rest[0]


def plain_heading(line: str) -> int | None:
    """The level of a plain-text heading line (``_PLAIN_HEADING``), else None."""
    m = _PLAIN_HEADING.fullmatch(line.strip())
    if m is None:
        return None
    number, text = m.group("number"), m.group("text").rstrip()
    if len(text.split()) > _PLAIN_HEADING_WORDS or text.endswith((".", ";", ",", "!", "?")):
        return None
    if not text[:1].isalnum():
        return None  # a bullet or a sign, no heading
    letters = [ch for ch in text if ch.isalpha()]
    capitals = len(letters) >= 4 and all(ch.isupper() for ch in letters) and any(len(w) >= 3 for w in text.split())
    if capitals:
        return number.count(".") + 1 if number else 1
    if number and "." in number and text[:1].isupper():
        return number.count(".") + 1
    return None


# A label and its value in two columns, apart by a wide gap (kept by ``ingest.load.respace``) or dot
# leaders: "Promotor        Polder Grote Vennen", "Totale kost ........ € 1.240.000".
_COLUMN_FIELD = re.compile(
    r"(?P<indent> *+)(?P<label>[A-ZÀ-Ý][^\W\d_]{0,40}(?:[ -][^\W\d_]{1,40}){0,3})(?: *+\.{4,}+| {3})[ .]*+(?P<value>[^\s.][^\n]{0,2000})")


_ARTICLES = ("de", "het", "een", "dit", "deze", "die", "dat")  # a sentence's start, no label


def column_fields(lines: list[str]) -> list[str]:
    """Lines of a label column written as the loaders write a table of labels and values ("Promotor |
    Polder Grote Vennen"), a value's wrapped lines (indented under it) joined to it. Only where two or
    more lines have that form, and a value holds no second column."""
    found = [(i, m) for i, ln in enumerate(lines) if (m := _COLUMN_FIELD.fullmatch(ln)) and "    " not in m.group("value")
             and m.group("label").split()[0].lower() not in _ARTICLES]
    if len(found) < 2:
        return lines
    out = list(lines)
    skip: set[int] = set()
    for i, m in found:
        value = [m.group("value").strip()]
        j = i + 1
        while j < len(lines) and lines[j].strip() and _indent(lines[j]) > len(m.group("indent")) + 4 \
                and not _COLUMN_FIELD.fullmatch(lines[j]):
            value.append(lines[j].strip())
            skip.add(j)
            j += 1
        out[i] = f"{m.group('indent')}{m.group('label')} | {join_lines(value)}"
    return [ln for k, ln in enumerate(out) if k not in skip]


# An item named by the word for its kind, without a number ("Indicator – Aandeel jonge bedrijfsleiders"):
# the fields on the lines under it ("Nulwaarde: 11 % · Streefwaarde 2032: 18 %") are its own.
NAMED_ITEM = re.compile(r"(?P<label>[A-ZÀ-Ý][^\W\d_]{2,30}) [–—-] (?P<name>\S[^\n]{0,300})")


def named_item_line(line: str) -> bool:
    """Whether a line names an item by its kind's word ("Indicator – …"; not "Doel – …")."""
    from ingest.kinds import kinds, label_kind

    m = NAMED_ITEM.fullmatch(line.strip())
    if m is None:
        return False
    kind = label_kind(m.group("label"))
    return kind is not None and kinds()[kind].unit == "item"


def text_table_line(line: str) -> str | None:
    """A line of a table drawn in text as the loaders write rows ("a | b"), "" for a rule, else None."""
    if _TEXT_TABLE_RULE.fullmatch(line):
        return ""
    m = _TEXT_TABLE_ROW.fullmatch(line)
    if m is None or "|" not in m.group(1):
        return None
    return " | ".join(collapse_spaces(cell) or "–" for cell in m.group(1).split("|"))


def _shape(line: str) -> str:
    """A line's identity for header detection: digits folded, spaces collapsed, lower case."""
    return re.sub(r"\d+", "#", collapse_spaces(line)).lower()


def remove_running_lines(pages: list[list[str]], max_edge_lines: int = 3) -> list[list[str]]:
    """Drop page numbers and headers/footers that repeat at the top or bottom of pages.

    A line counts as running when the same shape (digits folded) stands among the first
    or last ``max_edge_lines`` non-blank lines of at least half of the pages (and of at
    least two), and mostly there: body lines that differ only in a number ("… binnen
    ambitielijn 1?", "… 2?") can land at a few page edges by chance. Only the
    occurrence at the page edge is removed, so a document title that also serves as
    running header survives where it is body text.
    """
    if not pages:
        return pages

    def edges(lines: list[str]) -> tuple[list[int], list[int]]:
        idx = [i for i, line in enumerate(lines) if line.strip()]
        return idx[:max_edge_lines], idx[-max_edge_lines:]

    counts: dict[str, int] = {}
    elsewhere: dict[str, int] = {}
    for lines in pages:
        top, bottom = edges(lines)
        edge = set(top + bottom)
        for shape in {_shape(lines[i]) for i in edge}:
            counts[shape] = counts.get(shape, 0) + 1
        for i, line in enumerate(lines):
            if i not in edge and line.strip():
                shape = _shape(line)
                elsewhere[shape] = elsewhere.get(shape, 0) + 1
    threshold = max(2, (len(pages) + 1) // 2)
    # A question is body text (a heading), never a running header.
    running = {
        s for s, c in counts.items() if c >= threshold and c >= 2 * elsewhere.get(s, 0) and not s.endswith("?")
    }

    cleaned = []
    for lines in pages:
        top, bottom = edges(lines)
        drop: set[int] = set()
        seen: set[str] = set()
        # Top: walk down while lines are running lines or page numbers.
        for i in top:
            shape = _shape(lines[i])
            if (shape in running and shape not in seen) or is_page_number(lines[i]):
                drop.add(i)
                seen.add(shape)
            else:
                break
        for i in reversed(bottom):
            shape = _shape(lines[i])
            if i in drop:
                break
            if shape in running or is_page_number(lines[i]):
                drop.add(i)
            else:
                break
        cleaned.append([line for i, line in enumerate(lines) if i not in drop])
    return cleaned


@dataclass(frozen=True)
class Line:
    text: str  # without trailing white space; leading spaces kept (indentation)
    page: int | None


@dataclass(frozen=True)
class Block:
    """One paragraph, heading or bullet item, with its wrapped lines joined."""

    text: str
    page: int | None
    bullet: bool = False
    heading_level: int = 0  # > 0 for explicit (Markdown/HTML/DOCX) headings


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _join(left: str, right: str) -> str:
    """Join a wrapped line onto the text before it.

    A line-final hyphen is kept (``grensover-`` + ``schrijdende``, ``2013-`` + ``2017``),
    because renderers of published web text break only at real hyphens; a suspended
    compound (``land-`` + ``en``) keeps its space.
    """
    return left + _separator(left[-2:], right) + right


def _separator(tail: str, right: str) -> str:
    """What goes between a text ending in ``tail`` (its last two characters) and ``right``."""
    if tail.endswith("-") and len(tail) > 1 and tail[-2].isalnum() and right[:1].isalnum():
        first = right.split(" ", 1)[0].lower()
        return " " if first in _SUSPENDED_COMPOUND_NEXT else ""
    return " "


def join_lines(parts: list[str]) -> str:
    """``_join`` over many lines, in time linear in their total length (no repeated concatenation)."""
    if not parts:
        return ""
    pieces, tail = [parts[0]], parts[0][-2:]
    for part in parts[1:]:
        separator = _separator(tail, part)
        pieces += (separator, part)
        tail = (tail + separator + part)[-2:]
    return "".join(pieces)


def _is_full(line: str, width: float) -> bool:
    return len(line.rstrip()) >= 0.8 * width


def _hanging_indents(lines: list[Line]) -> bool:
    """Whether wrapped bullet lines are indented past the bullet sign (a hanging indent).

    Judged from the certain cases: a bullet line followed, on the same page, by a line
    that starts in lower case.
    """
    votes = 0
    for prev, ln in zip(lines, lines[1:]):
        bullet = _BULLET.match(prev.text)
        stripped = ln.text.strip()
        if bullet and stripped[:1].islower() and ln.page == prev.page and not _BULLET.match(ln.text):
            votes += 1 if _indent(ln.text) > len(bullet.group("indent")) else -1
    return votes > 0


def _blank_separated(lines: list[Line]) -> bool:
    """Whether blank lines separate paragraphs.

    Judged where a line ends a sentence and the next line (same page) starts with a
    capital: between paragraphs that is most of the time across a blank line, inside
    a paragraph never. Few such places: by the share of blank lines.
    """
    across = direct = 0
    prev: Line | None = None
    gap = False
    for ln in lines:
        if not ln.text.strip():
            gap = True
            continue
        if prev is not None and prev.page == ln.page:
            if prev.text.rstrip().endswith(_TERMINAL) and ln.text.strip()[:1].isupper() and not _BULLET.match(ln.text):
                if gap:
                    across += 1
                else:
                    direct += 1
        prev, gap = ln, False
    if across + direct >= 5:
        return across >= 0.45 * (across + direct)
    body = sum(1 for ln in lines if ln.text.strip())
    return len(lines) - body >= 0.1 * body


def lines_to_blocks(lines: list[Line]) -> list[Block]:
    """Group lines into blocks: blank lines, bullets and headings separate; wraps are joined.

    A non-blank line continues the current block when it is indented under a bullet's
    text, starts in lower case, or follows a line that runs (nearly) to the right margin,
    unless the previous line ended a heading (``?``/``:``) or the line opens a bullet
    or an ambition-line heading. Under a bullet, a line that starts left of the bullet
    sign (or at the sign, where the document uses hanging indents) ends the item.
    """
    body = [ln.text for ln in lines if ln.text.strip()]
    width = statistics.quantiles([len(t) for t in body], n=20)[-1] if len(body) >= 2 else 80.0
    page_margin: dict[int | None, int] = {}
    for ln in lines:
        if ln.text.strip():
            page_margin[ln.page] = min(page_margin.get(ln.page, 1 << 30), _indent(ln.text))
    hanging = _hanging_indents(lines)
    # Where paragraphs are separated by blank lines (web text, PDF layout extraction),
    # adjacent non-bullet lines belong together; without blank lines, line width decides.
    blank_separated = _blank_separated(lines)

    blocks: list[Block] = []
    cur: list[str] = []
    cur_page: int | None = None
    cur_bullet = False
    cur_heading = 0
    # Where the current item's sign stands, and its wrapped lines on a later page: PDF
    # layout extraction measures indentation from each page's leftmost text, so
    # columns are only compared within one page.
    sign_col, sign_page = 0, None
    wrap_col, wrap_page = 0, None
    prev_raw = ""
    prev_page: int | None = None

    def by_column(indent: int, page: int | None) -> bool | None:
        """Whether a line under an item continues it, judged by indentation alone (None: can't tell)."""
        if page == sign_page:
            if indent > sign_col:
                return True
            if indent < sign_col or hanging:
                # Back at (or left of) the bullet sign: text after the list, not a wrap.
                return False
        elif page == wrap_page:
            if indent < wrap_col:
                return False
            if hanging:
                return True
        return None

    def flush() -> None:
        nonlocal cur, cur_bullet, cur_heading
        if cur:
            text = join_lines([collapse_spaces(part) for part in cur])
            if text:
                blocks.append(Block(text=text, page=cur_page, bullet=cur_bullet, heading_level=cur_heading))
        cur, cur_bullet, cur_heading = [], False, 0

    for ln in lines:
        raw = ln.text.rstrip()
        if not raw.strip():
            flush()
            prev_raw = ""
            continue
        md = md_heading(raw)
        sign = _BULLET.match(raw)
        if md is None and not prev_raw.strip() and (sign is None or sign.group("num")):
            level = plain_heading(raw)
            md = (level, raw.strip()) if level else None
        bullet = _BULLET.match(raw)
        stripped = raw.strip()
        starts_lower = stripped[:1].islower()
        if md:
            flush()
            cur_heading, heading_text = md
            cur, cur_page = [heading_text], ln.page
            flush()
            prev_raw = ""
            continue
        continuation = False
        if cur and not cur_heading:
            prev_text = prev_raw.strip()
            page_break = ln.page != prev_page
            weak = bullet is not None and (bullet.group("weak") or bullet.group("glued"))
            if bullet and not weak:
                continuation = False
            elif bullet and weak:
                # "– het stimuleren …" at a line start is usually a wrapped dash, not a bullet.
                column = by_column(_indent(raw), ln.page) if cur_bullet else None
                if column is not None:
                    continuation = column
                else:
                    continuation = bullet.group("rest")[:1].islower() and not prev_text.endswith(_TERMINAL)
            elif _AMBITION_HEADING.match(raw) or _PART_HEADING.match(raw) or is_table_row(raw) or is_table_row(prev_raw):
                continuation = False
            elif _FIELD_LINE.match(raw) and (_FIELD_LINE.match(prev_raw) or prev_text.endswith(_TERMINAL)
                                             or not _is_full(prev_raw, width)) and not named_item_line(prev_raw):
                continuation = False
            elif stripped[:1].isupper() and len(stripped.split()) <= 6 and NAVIGATION.match(stripped):
                # A capitalised call to action on a line of its own ("Ontdek de projecten")
                # is never the wrapped end of a sentence.
                continuation = False
            elif starts_lower:
                continuation = True
            elif prev_text.endswith(("?", ":")):
                continuation = False
            elif (_PART_HEADING.match(prev_raw) or (len(cur) <= 2 and _PART_HEADING.match(cur[0]))) \
                    and not any(line.rstrip().endswith(_TERMINAL) for line in cur) and not _is_full(prev_raw, width):
                # A short part heading ("Speerpunt I.1 – Een doorlopend fietsnetwerk") and a capitalised
                # line after it: the heading ended there, the text under it begins.
                continuation = False
            elif page_break and cur_bullet and hanging:
                # With hanging indents an item's wrapped lines stand right of the page's
                # left margin, where nothing else does.
                continuation = _indent(raw) > page_margin[ln.page]
            elif page_break:
                # Blank lines at a page break are lost: fall back to the width rule.
                continuation = (cur_bullet and not stripped[:1].isalpha()) or (
                    not prev_text.endswith(_TERMINAL) and _is_full(prev_raw, width)
                )
            elif cur_bullet and by_column(_indent(raw), ln.page) is not None:
                continuation = bool(by_column(_indent(raw), ln.page))
            elif cur_bullet and not stripped[:1].isalpha():
                # "2013-2018 hebben …", "& ontwikkeling": a wrap inside the item.
                continuation = True
            elif blank_separated and (not cur_bullet or not hanging):
                # Blank lines separate blocks; without hanging indents a wrapped item line
                # stands where its sign does (like a lazy continuation line in Markdown).
                continuation = True
            else:
                continuation = _is_full(prev_raw, width)
        if continuation:
            cur.append(raw)
            if cur_bullet and ln.page != sign_page and ln.page != wrap_page:
                wrap_col, wrap_page = _indent(raw), ln.page
        else:
            flush()
            cur_page = ln.page
            if bullet:
                cur, cur_bullet = [bullet.group("rest")], True
                sign_col, sign_page, wrap_page = len(bullet.group("indent")), ln.page, None
            else:
                cur = [raw]
        prev_raw, prev_page = raw, ln.page
    flush()
    return blocks


def pages_to_blocks(pages: list[tuple[int | None, str]]) -> list[Block]:
    """Normalise the text of each page, strip running lines and return the blocks."""
    page_lines = [column_fields(normalise_chars(text).split("\n")) for _, text in pages]
    if len(pages) > 1:
        page_lines = remove_running_lines(page_lines)
    lines: list[Line] = []
    for (number, _), plines in zip(pages, page_lines, strict=True):
        # Blank lines at page edges say nothing about paragraphs (found by index: slicing
        # one line off at a time is quadratic in a page of blank lines).
        start, end = 0, len(plines)
        while start < end and not plines[start].strip():
            start += 1
        while end > start and not plines[end - 1].strip():
            end -= 1
        blank = 0
        for text in plines[start:end]:
            text = text.rstrip()
            row = text_table_line(text) if "|" in text or "+" in text or "-" in text else None
            if row == "":
                continue  # a table's rule
            text = row or text
            # A run of blank lines separates blocks like two do; more only cost time.
            blank = blank + 1 if not text else 0
            if blank <= 2:
                lines.append(Line(text=text, page=number))
    return lines_to_blocks(lines)
