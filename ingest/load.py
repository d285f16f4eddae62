"""Loaders, one per format, each returning the pages of a file as text.

Loading runs in a forked child process with a time and memory limit, so a hostile
file (a compression bomb, a PDF that makes the parser loop) costs one failed file,
never the whole ingest.
"""

from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing
import re
import resource
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf", ".docx")
META_SUFFIX = ".meta.json"


class LoadError(Exception):
    """A file could not be read; the message is one line for the operator."""


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
    return [(None, text)], {}


_MD_IMAGE = re.compile(r"!\[([^\]\n]{0,1000})\]\([^)\n]{0,2000}\)")
_MD_LINK = re.compile(r"\[([^\]\n]{1,1000})\]\([^)\n]{0,2000}\)")
_MD_STRONG = re.compile(r"(\*\*|__)([^\n]{1,1000}?)\1")
_MD_EMPHASIS = re.compile(r"(?<![\w*])([*_])(?=\S)([^\n]{1,1000}?)(?<=\S)\1(?![\w*])")
_MD_BULLET = re.compile(r"^([ \t]*)[*+]([ \t]+)", re.MULTILINE)


_HTML_SKIP = ("script", "style", "noscript", "template", "svg", "nav", "header", "footer", "form", "button", "iframe")


def load_html(path: Path, settings_limits: dict) -> tuple[list[tuple[int | None, str]], dict]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(decode_text(path.read_bytes()), "html.parser")
    meta: dict = {}
    if soup.title and soup.title.get_text(strip=True):
        meta["title"] = soup.title.get_text(" ", strip=True)
    for tag in soup(list(_HTML_SKIP)):
        tag.decompose()
    root = soup.body or soup
    out: list[str] = []

    def text_of(node) -> str:
        return " ".join(node.get_text(" ", strip=True).split())

    for node in root.find_all(["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "td", "dt", "dd", "blockquote", "pre"]):
        if node.find_parent(["li", "p", "td", "blockquote"]) is not None and node.name not in ("li",):
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
    for para in document.paragraphs:
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
                ok = reader.decrypt("")
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
        rebuilt = [key[0]]
        for i in range(1, len(key)):
            if space_before[pos + i]:
                rebuilt.append(" ")
            rebuilt.append(key[i])
        out.append(line[: len(line) - len(line.lstrip())] + "".join(rebuilt))
    return "\n".join(out)


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


def read_metadata(path: Path) -> dict:
    """Sidecar metadata ``<file>.meta.json`` or ``<stem>.meta.json``, if any."""
    for candidate in (path.with_name(path.name + META_SUFFIX), path.with_name(path.stem + META_SUFFIX)):
        if candidate.is_file():
            try:
                data = json.loads(candidate.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                log.warning("Ignoring unreadable metadata file %s: %s", candidate, _short(exc))
                return {}
            return data if isinstance(data, dict) else {}
    return {}


def _load_in_process(path: Path, limits: dict) -> tuple[list[tuple[int | None, str]], dict]:
    suffix = path.suffix.lower()
    loader = LOADERS.get(suffix)
    if loader is None:
        raise LoadError(f"unsupported file type '{suffix}' (supported: {', '.join(SUPPORTED_SUFFIXES)})")
    size = path.stat().st_size
    if size == 0:
        raise LoadError("empty file")
    if size > limits["max_bytes"]:
        raise LoadError(f"file is {size / 1e6:.1f} MB, over the limit of {limits['max_bytes'] / 1e6:.0f} MB")
    try:
        pages, meta = loader(path, limits)
    except LoadError:
        raise
    except MemoryError:
        raise LoadError("needs more memory than allowed while reading (compression bomb?)") from None
    except Exception as exc:  # noqa: BLE001 - any parser failure is a per-file failure
        raise LoadError(f"unreadable {suffix[1:].upper()} ({type(exc).__name__}: {_short(exc)})") from None
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


def _child(conn, path: str, limits: dict) -> None:
    try:
        # The limit is on top of what the fork inherited: a parent that already mapped
        # a large library (torch maps gigabytes) must not leave the reader no room at all.
        mem = _address_space() + limits["memory_bytes"]
        resource.setrlimit(resource.RLIMIT_AS, (mem, mem))
    except (ValueError, OSError):
        pass
    try:
        conn.send(("ok", _load_in_process(Path(path), limits)))
    except LoadError as exc:
        conn.send(("error", str(exc)))
    except MemoryError:
        conn.send(("error", "needs more memory than allowed while reading (compression bomb?)"))
    except BaseException as exc:  # noqa: BLE001
        conn.send(("error", f"{type(exc).__name__}: {_short(exc)}"))
    finally:
        conn.close()


def load_file(path: Path, source: str, *, timeout_s: float, max_bytes: int, max_pdf_pages: int, memory_bytes: int) -> RawDocument:
    """Read one file into a RawDocument, or raise LoadError with a one-line reason."""
    limits = {"max_bytes": max_bytes, "max_pdf_pages": max_pdf_pages, "memory_bytes": memory_bytes}
    try:
        digest = sha256_file(path)
    except OSError as exc:
        raise LoadError(f"cannot read file ({exc.strerror or exc})") from None
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, str(path), limits), daemon=True)
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
    pages, meta = payload
    metadata = {**meta, **read_metadata(path)}
    fmt = path.suffix.lower().lstrip(".")
    return RawDocument(source=source, format=fmt, pages=tuple(pages), sha256=digest, metadata=metadata)


def discover(paths: list[Path]) -> tuple[list[tuple[Path, str]], list[tuple[str, str]]]:
    """Expand files and folders to (path, source name) pairs; also return unusable paths.

    Folders are walked recursively; hidden files and ``*.meta.json`` sidecars are skipped.
    Source names are relative to the folder given (or the bare file name for files).
    """
    found: list[tuple[Path, str]] = []
    problems: list[tuple[str, str]] = []
    for root in paths:
        if root.is_dir():
            for p in sorted(root.rglob("*")):
                rel = p.relative_to(root)
                if any(part.startswith(".") for part in rel.parts) or not p.is_file():
                    continue
                if p.name.endswith(META_SUFFIX):
                    continue
                found.append((p, rel.as_posix()))
        elif root.is_file():
            found.append((root, root.name))
        elif root.exists():
            problems.append((str(root), "not a regular file or folder"))
        else:
            problems.append((str(root), "no such file or folder"))
    seen: set[str] = set()
    unique = []
    for p, name in found:
        if name in seen:
            problems.append((str(p), f"another file is already indexed as '{name}'"))
            continue
        seen.add(name)
        unique.append((p, name))
    return unique, problems


def file_limits_from(settings) -> dict:
    return {
        "timeout_s": settings.file_timeout_s,
        "max_bytes": int(settings.max_file_mb * 1e6),
        "max_pdf_pages": settings.max_pdf_pages,
        "memory_bytes": int(settings.loader_memory_mb * 1024 * 1024),
    }


