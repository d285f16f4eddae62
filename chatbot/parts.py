"""References in a question to the labelled parts of a plan and to numbered items.

A plan names its parts with a label and a code ("SD3", "OD 2.3", "Prioriteit B",
"Strategische doelstelling 1"); the structure catalog lists them (``ingest/structure.py``).
A question may write the label as the document does, in another case or spacing ("od2.3"),
spelled out where the document abbreviates ("strategische doelstelling 3" for "SD3"), or as
any word before a dotted code that one part has ("doelstelling 2.3"). Items are named by a
kind word and a number: "actie 3.5", "maatregel 2 van OD 1.1", "actie 5 van lijn 3".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.lexical import fold

_CODE = r"\d{1,2}(?:\.\d{1,2})*\.[a-z]\b|\d{1,2}(?:\.\d{1,2})*|[ivx]{1,4}(?:\.\d{1,2})+|[a-z](?:\.\d{1,2})+|[ivx]{2,4}\b|[a-z]\b"


@dataclass(frozen=True)
class PartRef:
    """A labelled part of a plan, as the catalog lists it."""

    label: str  # as written: "OD 2.3"
    key: str  # the label word(s) folded, without the code: "od"
    code: str  # "2.3" (folded: "b" for "Prioriteit B")
    level: int
    line: int | None  # the top-level number it stands under
    title: str
    source: str
    parent: str | None = None

    @property
    def initials(self) -> str:
        words = self.key.split()
        return "".join(w[0] for w in words) if len(words) > 1 else self.key


def part_refs(catalog: dict) -> tuple[PartRef, ...]:
    """The parts of the catalog as references (empty for documents without labelled parts)."""
    out = []
    for p in catalog.get("parts", []):
        label = str(p.get("label", ""))
        for name in [label, *p.get("aliases", [])]:
            # An alias ("Prioriteit A" of "Hoofdstuk 2") names the same part by another label and code.
            # A numeric code first ("SD1" is SD and 1, not S and D1); a letter only after a space ("Prioriteit B").
            m = (re.match(r"^(.*\S)\s([IVX]{1,4}(?:\.\d{1,2})+)$", name) or re.match(r"^(.*?)\s?(\d{1,2}(?:\.\d{1,2})*\.[a-z])$", name) or re.match(r"^(.*?[^.\d])\s?(\d{1,2}(?:\.\d{1,2})*)$", name)
                 or re.match(r"^(.*\S)\s([A-Z](?:\.?\d{1,2})*|[IVX]{1,4})$", name))
            if not m:
                continue
            key, code = fold(m.group(1)).strip(" .-–"), fold(m.group(2))
            out.append(PartRef(label, key, code, int(p.get("level") or 1), p.get("line"), str(p.get("title") or ""),
                               str(p.get("source") or ""), p.get("parent")))
    return tuple(out)


def _normalised(text: str) -> str:
    """The question folded, a letter and a digit written together parted ("od2.3" -> "od 2.3")."""
    return re.sub(r"([a-z])(\d)", r"\1 \2", fold(text).replace("’", "'"))


def _positions(norm: str, start: int, end: int) -> set[int]:
    """Token positions (as ``chatbot.linerefs.tokens`` counts them) of a span of the normalised text."""
    pattern = re.compile(r"[a-z0-9]+(?:'s)?")
    first = len(pattern.findall(norm[:start]))
    return set(range(first, first + len(pattern.findall(norm[start:end]))))


def find_part_reference(text: str, parts: tuple[PartRef, ...], item_words: frozenset[str] = frozenset()
                        ) -> tuple[PartRef | None, set[int]]:
    """The part a question names and the token positions of the reference ((None, set()) if none).
    ``item_words``: words that name items ("actie"): "actie 1.1" is an item's number, not a part."""
    if not parts:
        return None, set()
    norm = _normalised(text)
    keys = sorted({p.key for p in parts} | {p.initials for p in parts}, key=len, reverse=True)
    by_code: dict[str, list[PartRef]] = {}
    for p in parts:
        by_code.setdefault(p.code, []).append(p)
    for m in re.finditer(rf"\b([a-z][a-z'-]*(?:\s+[a-z][a-z'-]+)?)\s?({_CODE})(?![\d.]*\d)", norm):
        words, code = m.group(1), m.group(2).rstrip(".")
        candidates = by_code.get(code, [])
        if not candidates:
            continue
        last = words.split()[-1]
        phrase_initials = "".join(w[0] for w in words.split())
        for p in candidates:
            if last == p.key or words == p.key or (len(p.key) >= 2 and phrase_initials == p.initials and len(words.split()) > 1) \
                    or last == p.initials or (len(p.key.split()) > 1 and last == p.key.split()[-1]):
                span_start = m.start(1) if words == p.key or phrase_initials == p.initials else m.start(1) + len(words) - len(last)
                return p, _positions(norm, span_start, m.end(2))
        # Any word before a dotted code that only one part has ("doelstelling 2.3").
        if "." in code and len({p.label for p in candidates}) == 1 and len(last) >= 4 and last not in keys \
                and last not in item_words:
            return candidates[0], _positions(norm, m.start(1) + len(words) - len(last), m.end(2))
    return None, set()


def asked_part_label(toks: list[str], parts: tuple[PartRef, ...]) -> str | None:
    """The label key of parts a question asks for as a list ("welke OD's", "de strategische doelstellingen")."""
    keys = {p.key: p.initials for p in parts}
    for i, tok in enumerate(toks):
        for key, initials in keys.items():
            words = key.split()
            head = words[-1]
            plural = tok in (f"{head}'s", f"{head}s", f"{head}en", f"{head}n") and tok != head
            if plural and (len(words) == 1 or (i > 0 and toks[i - 1] == words[0])):
                return key
            # Spelled out where the document abbreviates: "strategische doelstellingen" for "SD".
            if len(initials) >= 2 and i + 1 >= len(initials) and tok.endswith(("en", "s")) and len(tok) > 4:
                phrase = toks[i + 1 - len(initials) : i + 1]
                if "".join(w[0] for w in phrase) == initials and all(len(w) > 2 for w in phrase):
                    return key
    return None


def asked_which_part(toks: list[str], parts: tuple[PartRef, ...]) -> tuple[str | None, set[int]]:
    """The label key of a part a question asks "which one" of ("Onder welke OD valt …?", "welke
    strategische doelstelling …") and the positions of its words, with the verb that follows
    them ("valt", "hoort"): the question's frame, not its topic."""
    for i, tok in enumerate(toks[:-1]):
        if tok not in ("welke", "welk", "which", "what"):
            continue
        for p in parts:
            words = p.key.split()
            n = len(p.initials)
            phrase = toks[i + 1 : i + 1 + n]
            if toks[i + 1 : i + 1 + len(words)] == words:
                end = i + 1 + len(words)
            elif n >= 2 and len(phrase) == n and "".join(w[0] for w in phrase) == p.initials and all(len(w) > 2 for w in phrase):
                end = i + 1 + n
            else:
                continue
            return p.key, set(range(i + 1, min(len(toks), end + 1)))
    return None, set()


def find_item_number(text: str, kind_words: frozenset[str]) -> tuple[str | None, set[int]]:
    """The number after a kind word ("actie 3.5", "maatregel 2") and its token positions."""
    norm = _normalised(text)
    # Also a code with a letter before it, as a plan numbers its items ("interventie I-2.2.2").
    for m in re.finditer(r"\b([a-z']+)\s?((?:[a-z]{1,2}-)?\d{1,2}(?:\.\d{1,2})*)(?![\d.]*\d)", norm):
        if m.group(1) in kind_words:
            return m.group(2), _positions(norm, m.start(2), m.end(2))
    return None, set()


__all__ = ["PartRef", "part_refs", "find_part_reference", "asked_part_label", "asked_which_part", "find_item_number"]
