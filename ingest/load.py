"""Loaders, one per format, each returning the pages of a file as text.

Reading, sidecar metadata and parsing run in a forked child process with a time and
memory limit, so a hostile file (a compression bomb, a PDF that makes the parser loop,
a line that makes a rule slow, JSON nested a million deep) costs one failed file, never
the whole ingest.

Someone who can write to the corpus folder must not be able to make the service read
other files: ``discover`` skips symbolic links that lead outside the folder given (and
links to folders), and the child opens the path discovery resolved without following
links, checking that what it opened is still that file.
"""

from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing
import os
import re
import resource
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from ingest.errors import VraagbaakError

if TYPE_CHECKING:
    from ingest.config import IngestSettings
    from ingest.structure import SectionLabels

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf", ".docx")
META_SUFFIX = ".meta.json"
MAX_META_BYTES = 64 * 1024
MAX_META_VALUE_CHARS = 2000


class LoadError(VraagbaakError):
    """A file could not be read; the message is one line for the operator."""

    operator = "file not readable"


@dataclass(frozen=True)
class RawDocument:
    source: str  # name relative to the corpus root, with forward slashes
    format: str
    pages: tuple[tuple[int | None, str], ...]  # (page number or None, text)
    sha256: str
    metadata: dict = field(default_factory=dict)


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def decode_text(data: bytes) -> str:
    """Decode UTF-8 (with or without BOM) or BOM-marked UTF-16; anything else is an error.

    Guessing a legacy code page silently corrupts Dutch accents, so a file that is not
    valid UTF-8 is reported instead.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise LoadError(f"invalid UTF-16 text ({exc.reason} at byte {exc.start})") from None
    if b"\x00" in data[:4096]:
        raise LoadError("binary data, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LoadError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at position {exc.start}); save the file as UTF-8"
        ) from None


def load_txt(path: Path, settings_limits: dict) -> tuple[list[tuple[int | None, str]], dict]:
    return [(None, decode_text(path.read_bytes()))], {}


def load_md(path: Path, settings_limits: dict) -> tuple[list[tuple[int | None, str]], dict]:
    text = decode_text(path.read_bytes())
    # Keep Markdown headings (the normaliser reads them); drop emphasis and link syntax.
    # Every pattern stays within one line and bounds what it scans from one position, so
    # the work is linear in the file size (an unbounded "\s*" or ".+?" rescans the rest of
    # the file, or line, from every position).
    text = _MD_IMAGE.sub(r"\1", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_STRONG.sub(r"\2", text)
    text = _MD_EMPHASIS.sub(r"\2", text)
    text = _MD_BULLET.sub(r"\1•\2", text)
    text = _MD_TABLE_RULE.sub("", text)
    text = _MD_TABLE_ROW.sub(lambda m: TABLE_SEPARATOR.join(c.strip() for c in m.group(1).split("|")), text)
    return [(None, text)], {}


_MD_IMAGE = re.compile(r"!\[([^\]\n]{0,1000})\]\([^)\n]{0,2000}\)")
_MD_LINK = re.compile(r"\[([^\]\n]{1,1000})\]\([^)\n]{0,2000}\)")
_MD_STRONG = re.compile(r"(\*\*|__)([^\n]{1,1000}?)\1")
_MD_EMPHASIS = re.compile(r"(?<![\w*])([*_])(?=\S)([^\n]{1,1000}?)(?<=\S)\1(?![\w*])")
_MD_BULLET = re.compile(r"^([ \t]*)[*+]([ \t]+)", re.MULTILINE)
# Pipe tables: "| a | b |" rows and their "|---|:--:|" rule.
# Possessive quantifiers (*+): a line of many spaces must not be re-scanned from every split of them.
_MD_TABLE_RULE = re.compile(r"^[ \t]*+\|?+[ \t]*+:?-{2,}+:?[ \t]*+(?:\|[ \t]*+:?-{2,}+:?[ \t]*+){1,40}\|?+[ \t]*+$\n?", re.MULTILINE)
_MD_TABLE_ROW = re.compile(r"^[ \t]*+\|([^\n]{1,5000}?)\|[ \t]*+$", re.MULTILINE)
# How a table row's cells are joined in the text; ``ingest/normalise.py`` keeps such rows apart.
TABLE_SEPARATOR = " | "


_HTML_SKIP = ("script", "style", "noscript", "template", "svg", "nav", "header", "footer", "form", "button", "iframe")


_HTML_INLINE = ("a", "abbr", "b", "strong", "i", "em", "u", "span", "sub", "sup", "small", "mark", "code", "cite", "q",
                "time", "data", "s", "del", "ins", "font")


def load_html(path: Path, settings_limits: dict) -> tuple[list[tuple[int | None, str]], dict]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(decode_text(path.read_bytes()), "html.parser")
    meta: dict = {}
    if soup.title and soup.title.get_text(strip=True):
        meta["title"] = soup.title.get_text(" ", strip=True)
    for tag in soup(list(_HTML_SKIP)):
        if tag.name == "footer" and tag.find_parent(["blockquote", "figure"]) is not None:
            continue  # a quotation's attribution ("– Hanneke Dirkzwager, gedeputeerde"), not the page's footer
        tag.decompose()
    # Inline markup is part of the sentence it stands in: "CO<sub>2</sub>" is "CO2", "<a>de provincie</a>."
    # has no space before its period. Unwrapped and joined, only block-level pieces are joined by spaces.
    for tag in soup.find_all(_HTML_INLINE):
        tag.unwrap()
    soup.smooth()
    root = soup.body or soup
    out: list[str] = []

    def text_of(node) -> str:
        return " ".join(node.get_text(" ", strip=True).split())

    for node in root.find_all(["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "caption", "tr", "dt", "dd", "blockquote", "pre"]):
        if node.find_parent(["li", "p", "td", "th", "blockquote", "caption"]) is not None and node.name not in ("li",):
            continue
        if node.name == "dd" and node.find_previous_sibling(["dt", "dd"]) is not None:
            continue  # given with its term
        if node.name in ("dt", "dd"):
            # A definition list is terms and their values ("Opgave 1: …" and "€ 14,6 miljoen"): a row of
            # two cells, the term and its values, as a table would give them.
            values = []
            for sibling in node.find_next_siblings(["dt", "dd"]):
                if sibling.name == "dt":
                    break
                values.append(text_of(sibling))
            cells = [text_of(node)] + [v for v in values if v] if node.name == "dt" else [text_of(node)]
            if any(cells):
                out.append(TABLE_SEPARATOR.join(cells))
                out.append("")
            continue
        if node.name == "tr":
            # A table row: its cells joined by " | " (the normaliser keeps rows apart).
            cells = [text_of(cell) for cell in node.find_all(["td", "th"], recursive=False)]
            if any(cells):
                out.append(TABLE_SEPARATOR.join(cells))
            continue
        if node.name == "li" and node.find(["li"]):
            text = " ".join("".join(node.find_all(string=True, recursive=False)).split())
        else:
            text = text_of(node)
        if not text:
            continue
        if node.name.startswith("h"):
            out.append("#" * int(node.name[1]) + " " + text)
        elif node.name == "li":
            out.append("• " + text)
        else:
            out.append(text)
        out.append("")
    if not out:
        out = [text_of(root)]
    return [(None, "\n".join(out))], meta


def load_docx(path: Path, settings_limits: dict) -> tuple[list[tuple[int | None, str]], dict]:
    import docx  # python-docx

    if not zipfile.is_zipfile(path):
        raise LoadError("not a DOCX file (no ZIP container)")
    # Office files compress text about tenfold; far more is a compression bomb.
    _check_zip(path, min(settings_limits["max_bytes"] * 20, max(_ZIP_MIN_BUDGET, _ZIP_MAX_RATIO * path.stat().st_size)))
    document = docx.Document(str(path))
    meta = {}
    if document.core_properties.title:
        meta["title"] = document.core_properties.title
    out: list[str] = []
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for block in document.element.body.iterchildren():
        if block.tag.endswith("}tbl"):
            # A table: one line a row, its cells joined by " | " (the normaliser keeps rows apart).
            for row in Table(block, document).rows:
                cells = [" ".join(cell.text.split()) for cell in row.cells]
                if any(cells):
                    out.append(TABLE_SEPARATOR.join(dict.fromkeys(cells) if len(set(cells)) < len(cells) else cells))
            out.append("")
            continue
        if not block.tag.endswith("}p"):
            continue
        para = Paragraph(block, document)
        text = " ".join(para.text.split())
        if not text:
            continue
        style = (para.style.name if para.style is not None else "") or ""
        numbered = para._p.pPr is not None and para._p.pPr.numPr is not None
        if style.lower().startswith("heading") or style.lower() == "title":
            level = 1 if style.lower() == "title" else int(re.sub(r"\D", "", style) or 2)
            out.append("#" * min(level, 6) + " " + text)
        elif "list" in style.lower() or numbered:
            out.append("• " + text)
        else:
            out.append(text)
        out.append("")
    return [(None, "\n".join(out))], meta


_ZIP_MAX_RATIO = 100
_ZIP_MIN_BUDGET = 50_000_000


def _check_zip(path: Path, max_unpacked: int) -> None:
    with zipfile.ZipFile(path) as zf:
        total = sum(info.file_size for info in zf.infolist())
        if total > max_unpacked:
            raise LoadError(f"archive unpacks to {total} bytes, over the limit (compression bomb?)")


def load_pdf(path: Path, settings_limits: dict) -> tuple[list[tuple[int | None, str]], dict]:
    import pypdf

    # pypdf >= 7 caps decompressed stream sizes and parsing work itself (its
    # Configuration defaults, 75 MB a stream); the child's memory and time limits
    # catch whatever slips through.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = pypdf.PdfReader(str(path), strict=False)
        if reader.is_encrypted:
            try:
                ok: int = reader.decrypt("")  # a PasswordType, an IntEnum
            except Exception:  # noqa: BLE001 - pypdf raises several types here
                ok = 0
            if not ok:
                raise LoadError("encrypted PDF (a password is needed)")
        n_pages = len(reader.pages)
    except LoadError:
        raise
    except Exception as exc:  # noqa: BLE001 - a broken file may raise anything
        raise LoadError(f"unreadable PDF ({type(exc).__name__}: {_short(exc)})") from None
    if n_pages == 0:
        raise LoadError("PDF has no pages")
    if n_pages > settings_limits["max_pdf_pages"]:
        raise LoadError(f"PDF has {n_pages} pages, over the limit of {settings_limits['max_pdf_pages']}")
    meta = {}
    try:
        if reader.metadata and reader.metadata.title:
            meta["title"] = str(reader.metadata.title)
    except Exception:  # noqa: BLE001
        pass
    pages: list[tuple[int | None, str]] = []
    for number, page in enumerate(reader.pages, start=1):
        try:
            # Layout mode keeps indentation and blank lines between paragraphs, which
            # the block rules use; plain mode is the fallback for pages it cannot lay out.
            text = page.extract_text(extraction_mode="layout")
        except Exception:  # noqa: BLE001
            try:
                text = page.extract_text()
            except Exception as exc:  # noqa: BLE001
                raise LoadError(f"page {number} unreadable ({type(exc).__name__}: {_short(exc)})") from None
        else:
            try:
                text = respace(text, page.extract_text())
            except Exception:  # noqa: BLE001 - the layout text alone is still usable
                pass
        pages.append((number, text or ""))
    if not any(t.strip() for _, t in pages):
        raise LoadError("PDF contains no extractable text (scanned images?)")
    return pages, meta


def respace(layout: str, plain: str) -> str:
    """Layout-mode lines and indentation, with the word spacing of plain extraction.

    Layout mode places each text run at a column estimated from its position, which
    splits words where a PDF positions glyphs one by one (Chrome's PDFs: "Midden-Limbur
    g.", "W est"); plain mode joins such runs correctly. Each layout line is looked up
    by its non-blank characters in the plain text and takes that text's spaces; a line
    not found there stays as it is.
    """
    chars: list[str] = []
    space_before: list[bool] = []
    pending = False
    for ch in plain:
        if ch.isspace():
            pending = True
            continue
        chars.append(ch)
        space_before.append(pending)
        pending = False
    flat = "".join(chars)
    out: list[str] = []
    cursor = 0
    for line in layout.split("\n"):
        key = "".join(line.split())
        if not key:
            out.append(line)
            continue
        pos = flat.find(key, cursor)
        if pos < 0:
            pos = flat.find(key)
        if pos < 0:
            out.append(line)
            continue
        cursor = pos + len(key)
        wide = _wide_gaps(line)
        rebuilt = [key[0]]
        for i in range(1, len(key)):
            if space_before[pos + i]:
                rebuilt.append(WIDE_GAP if i in wide else " ")
            rebuilt.append(key[i])
        out.append(line[: len(line) - len(line.lstrip())] + "".join(rebuilt))
    return "\n".join(out)


# A gap of this many spaces or more inside a layout line is a column gap ("Promotor        Polder
# Grote Vennen"); ``respace`` keeps it as ``WIDE_GAP`` for the normaliser's label column.
WIDE_GAP_MIN = 4
WIDE_GAP = "    "


def _wide_gaps(line: str) -> set[int]:
    """Indices (among the line's non-blank characters) of the characters after a column gap."""
    out: set[int] = set()
    seen, run = 0, 0
    started = False
    for ch in line:
        if ch.isspace():
            run += 1
            continue
        if started and run >= WIDE_GAP_MIN:
            out.add(seen)
        started, run, seen = True, 0, seen + 1
    return out


def _short(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:160] or "no details"


LOADERS: dict[str, Callable[[Path, dict], tuple[list[tuple[int | None, str]], dict]]] = {
    ".txt": load_txt,
    ".md": load_md,
    ".html": load_html,
    ".htm": load_html,
    ".pdf": load_pdf,
    ".docx": load_docx,
}


def display_name(name: str) -> str:
    """A file name safe to print on one line: control and other invisible characters escaped.

    Bytes that were not UTF-8 (kept by Python as lone surrogates) show as ``\\xNN``.
    """
    out = []
    for ch in name:
        code = ord(ch)
        if ch.isprintable():
            out.append(ch)
        elif 0xDC80 <= code <= 0xDCFF:
            out.append(f"\\x{code - 0xDC00:02x}")
        elif code <= 0xFF:
            out.append(f"\\x{code:02x}")
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return "".join(out)


def read_metadata(path: Path) -> dict:
    """Sidecar metadata ``<file>.meta.json`` or ``<stem>.meta.json``, if any.

    At most MAX_META_BYTES, a JSON object, not a symbolic link; only text, number and
    true/false values are kept (text normalised and cut to MAX_META_VALUE_CHARS). Anything
    else is ignored with a warning: the document itself is still indexed.
    """
    for candidate in (path.with_name(path.name + META_SUFFIX), path.with_name(path.stem + META_SUFFIX)):
        try:
            info = os.lstat(candidate)
        except OSError:  # missing, or a name too long for the file system
            continue
        shown = display_name(candidate.name)
        if not stat.S_ISREG(info.st_mode):
            log.warning("Ignoring metadata file %s: not a regular file (symbolic links are not followed)", shown)
            return {}
        if info.st_size > MAX_META_BYTES:
            log.warning("Ignoring metadata file %s: %d bytes, over the limit of %d", shown, info.st_size, MAX_META_BYTES)
            return {}
        try:
            fd = os.open(candidate, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
            with os.fdopen(fd, "rb") as fh:
                data = json.loads(fh.read(MAX_META_BYTES + 1).decode("utf-8"))
        except (OSError, ValueError, RecursionError) as exc:
            log.warning("Ignoring unreadable metadata file %s: %s", shown, _short(exc))
            return {}
        if not isinstance(data, dict):
            log.warning("Ignoring metadata file %s: not a JSON object", shown)
            return {}
        return _plain_metadata(data, shown)
    return {}


def _plain_metadata(data: dict, shown: str) -> dict:
    from ingest.textgate import clip

    out: dict[str, str | int | float] = {}
    for key, value in data.items():
        if not isinstance(key, str) or not 0 < len(key) <= 64:
            continue
        if isinstance(value, str):
            out[clip(key, 64)] = clip(value, MAX_META_VALUE_CHARS)
        elif isinstance(value, (bool, int, float)) and value == value and abs(value) != float("inf"):
            out[clip(key, 64)] = value
        else:
            log.warning("Metadata file %s: ignoring '%s' (only text and numbers are used)", shown, display_name(key[:64]))
    return out


def _open_checked(path: Path) -> int:
    """Open ``path`` read-only without following a link; check it is still the regular file discovered.

    Returns the descriptor. Discovery passes the resolved path, so a file that was
    swapped for a link (or a folder for a link to elsewhere) since is refused here.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as exc:
        raise LoadError(f"cannot open the file ({exc.strerror or exc})") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise LoadError("not a regular file")
        try:
            opened = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            opened = None  # no /proc: O_NOFOLLOW on a resolved path is the check
        if opened is not None and opened != str(path):
            raise LoadError("the file changed into a link while it was being read")
    except BaseException:
        os.close(fd)
        raise
    return fd


def _load_in_process(path: Path, limits: dict) -> tuple[list[tuple[int | None, str]], dict]:
    suffix = path.suffix.lower()
    loader = LOADERS.get(suffix)
    if loader is None:
        raise LoadError(f"unsupported file type '{suffix}' (supported: {', '.join(SUPPORTED_SUFFIXES)})")
    fd = _open_checked(path)
    try:
        size = os.fstat(fd).st_size
        if size == 0:
            raise LoadError("empty file")
        if size > limits["max_bytes"]:
            raise LoadError(f"file is {size / 1e6:.1f} MB, over the limit of {limits['max_bytes'] / 1e6:.0f} MB")
        try:
            # The loaders read the file through the descriptor opened and checked above.
            pages, meta = loader(Path(f"/proc/self/fd/{fd}") if os.path.exists(f"/proc/self/fd/{fd}") else path, limits)
        except LoadError:
            raise
        except MemoryError:
            raise LoadError("needs more memory than allowed while reading (compression bomb?)") from None
        except Exception as exc:  # noqa: BLE001 - any parser failure is a per-file failure
            raise LoadError(f"unreadable {suffix[1:].upper()} ({type(exc).__name__}: {_short(exc)})") from None
    finally:
        os.close(fd)
    if not any(text.strip() for _, text in pages):
        raise LoadError("no text found")
    return pages, meta


def _address_space() -> int:
    """This process's virtual memory size in bytes (0 where /proc is missing)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            return int(fh.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return 0


def _read(path: Path, source: str, digest: str, limits: dict, parse: bool, labels: SectionLabels | None = None):
    """In the child: the RawDocument, or with ``parse`` the StructuredDocument (sections named by ``labels``)."""
    pages, meta = _load_in_process(path, limits)
    metadata = {**_plain_metadata(meta, display_name(source)), **read_metadata(path)}
    fmt = path.suffix.lower().lstrip(".")
    raw = RawDocument(source=source, format=fmt, pages=tuple(pages), sha256=digest, metadata=metadata)
    if not parse:
        return raw
    from ingest.chunk import parse as parse_document

    doc = parse_document(raw.source, raw.pages, raw.metadata, labels)
    if not doc.elements:
        raise LoadError("no usable text found")
    return doc


def _child(conn, path: str, source: str, digest: str, limits: dict, parse: bool, labels: SectionLabels | None) -> None:
    try:
        # The limit is on top of what the fork inherited: a parent that already mapped
        # a large library (torch maps gigabytes) must not leave the reader no room at all.
        mem = _address_space() + limits["memory_bytes"]
        resource.setrlimit(resource.RLIMIT_AS, (mem, mem))
    except (ValueError, OSError):
        pass
    try:
        conn.send(("ok", _read(Path(path), source, digest, limits, parse, labels)))
    except LoadError as exc:
        conn.send(("error", str(exc)))
    except MemoryError:
        conn.send(("error", "needs more memory than allowed while reading (compression bomb?)"))
    except RecursionError:
        conn.send(("error", "structure nested too deeply to read"))
    except BaseException as exc:  # noqa: BLE001
        conn.send(("error", f"{type(exc).__name__}: {_short(exc)}"))
    finally:
        conn.close()


def _in_child(path: Path, source: str, limits: dict, parse: bool, timeout_s: float, labels: SectionLabels | None = None):
    try:
        digest = sha256_file(path)
    except OSError as exc:
        raise LoadError(f"cannot read file ({exc.strerror or exc})") from None
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, str(path), source, digest, limits, parse, labels), daemon=True)
    proc.start()
    child.close()
    try:
        if not parent.poll(timeout_s):
            raise LoadError(f"reading took longer than {timeout_s:g} s")
        status, payload = parent.recv()
    except EOFError:
        raise LoadError("the reader process died (out of memory or a crash in the parser)") from None
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join(5)
        parent.close()
    if status != "ok":
        raise LoadError(payload)
    return payload


def load_file(path: Path, source: str, *, timeout_s: float, max_bytes: int, max_pdf_pages: int, memory_bytes: int) -> RawDocument:
    """Read one file into a RawDocument, or raise LoadError with a one-line reason."""
    limits = {"max_bytes": max_bytes, "max_pdf_pages": max_pdf_pages, "memory_bytes": memory_bytes}
    return _in_child(Path(path), source, limits, False, timeout_s)


def read_document(path: Path, source: str, *, timeout_s: float, max_bytes: int, max_pdf_pages: int, memory_bytes: int,
                  labels: SectionLabels | None = None):
    """Read and parse one file into a StructuredDocument, all within the child's limits; LoadError otherwise."""
    limits = {"max_bytes": max_bytes, "max_pdf_pages": max_pdf_pages, "memory_bytes": memory_bytes}
    return _in_child(Path(path), source, limits, True, timeout_s, labels)


def discover(paths: list[Path]) -> tuple[list[tuple[Path, str]], list[tuple[str, str]]]:
    """Expand files and folders to (path, source name) pairs; also return unusable paths.

    Folders are walked recursively without following links; hidden files and
    ``*.meta.json`` sidecars are skipped. A symbolic link to a file is indexed (under its
    own name) only when it resolves inside the folder given; links elsewhere, broken
    links, links to folders and names that are not UTF-8 are reported, by their escaped
    name. Source names are relative to the folder given (or the bare file name for
    files); the paths returned are resolved.
    """
    found: list[tuple[Path, str]] = []
    problems: list[tuple[str, str]] = []
    for root in paths:
        if root.is_dir():
            real_root = root.resolve()
            for p, rel, problem in _walk(root, real_root):
                if problem:
                    problems.append((display_name(rel), problem))
                else:
                    found.append((p, rel))
        elif root.is_file():
            found.append((root.resolve(), root.name))
        elif root.exists():
            problems.append((display_name(str(root)), "not a regular file or folder"))
        else:
            problems.append((display_name(str(root)), "no such file or folder"))
    seen: set[str] = set()
    unique = []
    for p, name in found:
        if name in seen:
            problems.append((display_name(str(p)), f"another file is already indexed as '{display_name(name)}'"))
            continue
        seen.add(name)
        unique.append((p, name))
    return unique, problems


def _walk(root: Path, real_root: Path):
    """(resolved path, source name, problem or None) for every candidate file under ``root``, sorted by name."""
    entries: list[tuple[str, Path, str | None]] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        rel_dir = Path(dirpath).relative_to(root)
        if any(part.startswith(".") for part in rel_dir.parts):
            dirnames[:] = []
            continue
        for name in dirnames:
            if not name.startswith(".") and os.path.islink(os.path.join(dirpath, name)):
                entries.append(((rel_dir / name).as_posix(), Path(dirpath, name), "symbolic link to a folder (not followed)"))
        for name in filenames:
            if name.startswith(".") or name.endswith(META_SUFFIX):
                continue
            entries.append(((rel_dir / name).as_posix(), Path(dirpath, name), None))
    # Names per inode among the folder's regular files: a hard link has other names, and
    # unless all of them are here, one may be outside the folder (N13).
    names: dict[tuple[int, int], int] = {}
    for _, path, problem in entries:
        try:
            st = os.lstat(path)
        except OSError:
            continue
        if problem is None and stat.S_ISREG(st.st_mode):
            names[(st.st_dev, st.st_ino)] = names.get((st.st_dev, st.st_ino), 0) + 1
    for rel, path, problem in sorted(entries, key=lambda e: e[0]):
        if problem is None:
            problem = _file_problem(path, rel, real_root) or _hard_link_problem(path, names)
        yield (None if problem else path.resolve()), rel, problem


def _hard_link_problem(path: Path, names: dict[tuple[int, int], int]) -> str | None:
    """A file (or a link's target) with more hard links than names in the folder: it may be any file on the disk."""
    try:
        st = os.stat(path)
    except OSError:
        return None  # reported when it is read
    if st.st_nlink > names.get((st.st_dev, st.st_ino), 0) and st.st_nlink > 1:
        return "hard link to a file that also has a name outside the corpus folder (not read); copy the file instead"
    return None


def _file_problem(path: Path, rel: str, real_root: Path) -> str | None:
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:
        return "the file name is not valid UTF-8; rename the file"
    try:
        if path.is_symlink():
            try:
                target = path.resolve(strict=True)
            except FileNotFoundError:
                return "broken symbolic link"
            if not target.is_relative_to(real_root):
                return "symbolic link to a file outside the corpus folder (not followed)"
            if not target.is_file():
                return "symbolic link to something that is not a regular file"
            return None
        if not path.is_file():
            return "not a regular file"
    except (OSError, RuntimeError) as exc:  # a broken or looping link, a name too long
        return f"cannot be read ({exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__})"
    return None


def file_limits_from(settings: IngestSettings) -> dict:
    return {
        "timeout_s": settings.file_timeout_s,
        "max_bytes": int(settings.max_file_mb * 1e6),
        "max_pdf_pages": settings.max_pdf_pages,
        "memory_bytes": int(settings.loader_memory_mb * 1024 * 1024),
    }


