"""What the answer paths know of one index version: chunks, catalog, lexicon, word sets and kind names.

Built once per index version and never changed by a question: ``CorpusView`` holds no per-question
state. Ranking (``chatbot.ranking``), evidence (``chatbot.evidence``) and quoting
(``chatbot.quoting``) read it.
"""

from __future__ import annotations

import re
from functools import cached_property

from chatbot.cite import Citations
from chatbot.facts import fields, numbers_of
from chatbot.lexicon import Lexicon, text_words
from chatbot.linerefs import tokens
from chatbot.parts import PartRef, part_refs
from chatbot.understand import Understanding, kinds
from ingest.chunk import Chunk
from ingest.dutch import singular_forms
from ingest.kinds import exact_kind
from ingest.lexical import fold, words
from ingest.structure import SEP, labelled
from prompts import PartNamedPrompts, Prompts


LEAD_IN_WORDS = 5  # a list's lead-in is quoted when it is a sentence, not a label


def is_heading(chunk: Chunk) -> bool:
    """Headings and titles are context for their section, never an answer on their own."""
    return bool(chunk.heading) or chunk.kind == "titel"


def is_plain_list(chunk: Chunk) -> bool:
    """A bullet of a list that is no catalog list (actions, KPIs, ...): a lead-in's list, a fiche's results."""
    return bool(chunk.list_id) and not (chunk.kind in kinds() and kinds()[chunk.kind].unit == "item")


def introduces_list(chunk: Chunk, nxt: Chunk | None) -> bool:
    """Whether a chunk is the lead-in of the plain list that follows it: a sentence ending in ':' or a
    heading right over the list."""
    return nxt is not None and nxt.source == chunk.source and is_plain_list(nxt) and (
        chunk.text.rstrip().endswith(":") or is_heading(chunk))


def line_prompts(prompts: Prompts, lines: dict[int, dict]) -> Prompts:
    """The wording, saying a plan's own label for a line ("SD3") where it has one."""
    labels = {n: line["label"] for n, line in lines.items() if line.get("label")}
    return PartNamedPrompts(prompts, labels) if labels else prompts


class CorpusView:
    """The chunks and catalog of one index version, with what is derived from them once."""

    def __init__(self, index, prompts: Prompts) -> None:
        self.index = index
        self.documents: dict[str, dict] = index.documents
        self.chunks: list[Chunk] = index.chunks
        self.by_id = {c.id: i for i, c in enumerate(self.chunks)}
        self.chunk_words = [text_words(c.text) for c in self.chunks]
        self.lexicon = Lexicon(c.text for c in self.chunks)
        self.lines: dict[int, dict] = {}
        for line in index.catalog.get("ambition_lines", []):
            self.lines.setdefault(int(line["number"]), line)
        self.p = line_prompts(prompts, self.lines)
        self.parts: tuple[PartRef, ...] = part_refs(index.catalog)
        self.title_words = {src: text_words(d.get("title") or "") for src, d in index.documents.items()}
        self._context_words: dict[tuple, frozenset[str]] = {}

    # -- derived once ----------------------------------------------------------------------
    @cached_property
    def numbers(self) -> frozenset[str]:
        """Every number the documents write, and its digit runs (a question's "14.300" reaches
        understanding as "14" and "300")."""
        docs = self.documents
        found = set().union(*(numbers_of(d.get("text", "")) for d in docs.values())) if docs else set()
        return frozenset(found | {run for n in found for run in re.split(r"[.,]", n) if run})

    @cached_property
    def units(self) -> dict[str, list[Chunk]]:
        """Per kind, its items in document order: catalog bullets, or one passage per document."""
        units: dict[str, list[Chunk]] = {}
        doc_types = {d["source"]: d.get("doc_type") for d in self.index.catalog.get("documents", [])}
        for kind in kinds().values():
            if kind.unit == "document":
                # One a fiche: a file of several fiches has one per fiche heading, each with fields of its own
                # (not the file's introduction).
                chosen: dict[tuple[str, str], Chunk] = {}
                with_fields: set[tuple[str, str]] = set()
                for c in self.chunks:
                    if doc_types.get(c.source) != kind.name or c.kind != kind.name:
                        continue
                    key = fiche_of(c)
                    if fields(c.text):
                        with_fields.add(key)
                    if not is_heading(c) and c.item_index is None:
                        # The description: the longest paragraph of the fiche.
                        if key not in chosen or len(c.text) > len(chosen[key].text):
                            chosen[key] = c
                per_source: dict[str, int] = {}
                for source, _ in chosen:
                    per_source[source] = per_source.get(source, 0) + 1
                kept = [c for key, c in chosen.items() if per_source[key[0]] == 1 or key in with_fields]
                units[kind.name] = sorted(kept, key=lambda c: (c.source, c.position))
            else:
                units[kind.name] = [c for c in self.chunks if c.kind == kind.name and c.item_index is not None]
        return units

    @cached_property
    def part_parent(self) -> dict[tuple[str | None, str], str | None]:
        """Each labelled part's parent, by (source, label); a label unique across documents also by
        (None, label): a fiche names a part of a plan in another document ("Koppeling: OD 2.1")."""
        parent: dict[tuple[str | None, str], str | None] = {(p.source, p.label): p.parent for p in self.parts}
        by_label: dict[str, set] = {}
        for p in self.parts:
            by_label.setdefault(p.label, set()).add(p.parent)
        parent.update({(None, label): next(iter(ps)) for label, ps in by_label.items() if len(ps) == 1})
        return parent

    @cached_property
    def part_heading(self) -> dict[tuple[str | None, str], Chunk]:
        """The heading of each labelled part, by (source, label)."""
        out: dict[tuple[str | None, str], Chunk] = {}
        for c in self.chunks:
            if c.part and is_heading(c) and c.text.startswith(c.part):
                out.setdefault((c.source, c.part), c)
        return out

    @cached_property
    def part_body(self) -> dict[tuple[str | None, str], Chunk]:
        """The first paragraph of each labelled part, right under its heading, by (source, label)
        ("Doel 2.3 – Drie warmtenetten" and "Vóór 1 juli 2029 zijn minstens drie warmtenetten …")."""
        out: dict[tuple[str | None, str], Chunk] = {}
        for prev, c in zip(self.chunks, self.chunks[1:]):
            if not c.part:
                continue
            heading = self.part_heading.get((c.source, c.part))
            if heading is not None and prev.id == heading.id and not is_heading(c) and c.item_index is None and c.kind == "context":
                out[(c.source, c.part)] = c
        return out

    @cached_property
    def fiche_label(self) -> dict[str, tuple[str, str]]:
        """Per document kind, (singular, plural) of the label every fiche is headed by ("Projectblad 2 — …"),
        when all of them are and the documents write its plural ("projectbladen")."""
        out: dict[str, tuple[str, str]] = {}
        for kind, spec in kinds().items():
            items = self.units.get(kind, []) if spec.unit == "document" else []
            heads = {fold(h.label) if (h := labelled(fiche_of(c)[1])) is not None and h.code else "" for c in items}
            if len(heads) != 1 or "" in heads:
                continue
            singular = next(iter(heads))
            plural = next((singular + end for end in ("en", "s", "n") if singular + end in self.lexicon.df), None)
            if plural is not None:
                out[kind] = (singular, plural)
        return out

    def unit_title(self, chunk: Chunk) -> str:
        """What a document-wide item (a project fiche) is called: its fiche's heading in a file of several
        fiches ("Projectblad 2 — Omscholingsroute Switch!"), else its document's title."""
        key = fiche_of(chunk)
        if sum(1 for c in self.units.get(chunk.kind, []) if c.source == chunk.source) > 1 and key[1]:
            return key[1]
        return chunk.title or ""

    @cached_property
    def field_chunks(self) -> dict[str, list[Chunk]]:
        """Per document, its passages that are one ``Label: waarde`` field ("Status: in uitvoering")."""
        out: dict[str, list[Chunk]] = {}
        for c in self.chunks:
            if len(fields(c.text)) == 1:
                out.setdefault(c.source, []).append(c)
        return out

    @cached_property
    def doc_fields(self) -> dict[str, list[tuple[str, str, Chunk]]]:
        """A document's ``Label: waarde`` fields (a fiche's Trekker, Budget, …) with the chunk of each,
        for documents with at least two."""
        found: dict[str, list[tuple[str, str, Chunk]]] = {}
        for c in self.chunks:
            for label, value in fields(c.text):
                found.setdefault(c.source, []).append((label, value, c))
        return {src: fs for src, fs in found.items() if len(fs) >= 2}

    @cached_property
    def field_labels(self) -> frozenset[str]:
        """The words of the labels of fields and table columns: the attributes the documents give things."""
        labels: set[str] = set()
        for c in self.chunks:
            if c.columns:
                labels.update(words(c.columns))
        labels.update(w for fs in self.doc_fields.values() for label, _, _ in fs for w in words(label))
        return frozenset(w for w in labels if len(w) >= 4)

    @cached_property
    def domain_words(self) -> frozenset[str]:
        """The words of a strategy's title name the whole domain ("Competitief Limburg"), no topic."""
        titles = [d["title"] for d in self.index.catalog.get("documents", []) if d.get("doc_type") == "strategie"]
        return frozenset(w for t in titles for w in tokens(t))

    @cached_property
    def domain_forms(self) -> frozenset[str]:
        """Every form the documents write of the domain words."""
        return frozenset(f for w in self.domain_words for f in self.lexicon.match(w).forms)

    @cached_property
    def framing_words(self) -> dict[str, frozenset[str]]:
        """Per kind, the words of the headings over its lists ("Welke KPI's kunnen worden uitgewerkt in
        meetbare indicatoren ...?"): in a question about that kind they describe the list, not a topic."""
        framing: dict[str, set[str]] = {}
        for i, chunk in enumerate(self.chunks):
            # Catalog lists only: a fiche's bullets are no list of projects, its title no framing.
            if chunk.item_index != 1 or chunk.kind not in kinds() or kinds()[chunk.kind].unit != "item":
                continue
            heading = self.chunks[i - 1] if i > 0 else None
            if heading is not None and heading.source == chunk.source and is_heading(heading):
                framing.setdefault(chunk.kind, set()).update(tokens(heading.text))
        # The section all items of a kind stand in ("Monitor › KPI's"): "hoeveel indicatoren staan er in de
        # monitor" asks for all of them, "monitor" is where they are.
        for kind, items in self.units.items():
            if items and kinds()[kind].unit == "item":
                shared = frozenset.intersection(*(frozenset(tokens(c.section_path or "")) for c in items))
                framing.setdefault(kind, set()).update(t for t in shared if not t.isdigit())
        return {k: frozenset(v) for k, v in framing.items()}

    @cached_property
    def own_kind_names(self) -> dict[str, tuple[str, str]]:
        """Per kind, (singular, plural) as the documents head its lists ("Maatregelen" over actions), when
        every list of that kind is headed by the same cue word of the kind."""
        heads: dict[str, set[str]] = {}
        for chunk in self.chunks:
            if chunk.item_index is None or chunk.kind not in kinds() or SEP not in (chunk.section_path or ""):
                continue
            last = fold(chunk.section_path.rsplit(SEP, 1)[-1]).strip()
            heads.setdefault(chunk.kind, set()).add(last)
        out = {}
        for kind, names in heads.items():
            spec = kinds()[kind]
            if len(names) != 1:
                continue
            plural = next(iter(names))
            if plural == fold(self.p.get(f"soort.{kind}_meervoud")) or len(plural.split()) > 2:
                continue
            if plural not in spec.plural:
                if any(plural in k.cues for k in kinds().values()) or exact_kind(plural)[0] is not None:
                    continue  # another kind's word
                # A word of the plan's own ("Ingrepen"): its singular is not known, the wording's is said.
                out[kind] = (self.p.get(f"soort.{kind}_enkelvoud"), plural)
                continue
            singular = max((s for s in spec.singular if plural.startswith(s)), key=len, default=None)
            if singular:
                out[kind] = (singular, plural)
        return out

    @property
    def own_kind_words(self) -> dict[str, tuple[str, bool]]:
        """The plan's own words for its kinds of items, plural and singular (folded -> (kind, plural)):
        "ingrepen" and "ingreep" -> "actie"."""
        out: dict[str, tuple[str, bool]] = {}
        for kind, (_, plural) in self.own_kind_names.items():
            out.update({s: (kind, False) for s in singular_forms(plural)})
            out[plural] = (kind, True)
        for kind, spec in kinds().items():
            if spec.unit != "document":
                continue
            # The label a file's fiches are headed by ("Projectblad 2 — …"): the documents' word for them.
            for chunk in self.units.get(kind, []):
                head = labelled(fiche_of(chunk)[1])
                word = fold(head.label) if head is not None and head.code else ""
                if len(word) >= 4 and exact_kind(word)[0] is None:
                    out[word] = (kind, False)
                    out.update({word + end: (kind, True) for end in ("en", "s", "n")})
        return out

    @property
    def line_titles(self) -> dict[int, str]:
        return {n: line["title"] for n, line in self.lines.items()}

    @property
    def kinds_present(self) -> frozenset[str]:
        """The kinds the documents have items of."""
        return frozenset(k for k, items in self.units.items() if items)

    # -- looking things up -----------------------------------------------------------------
    def citations(self) -> Citations:
        return Citations(self.documents)

    def kind_name(self, kind: str, count: int) -> str:
        """How answers name a kind: the documents' own word when they all use one ("maatregelen"),
        else the wording's ("acties")."""
        own = self.own_kind_names.get(kind) or self.fiche_label.get(kind)
        if own is not None:
            return own[0] if count == 1 else own[1]
        return self.p.get(f"soort.{kind}_{'enkelvoud' if count == 1 else 'meervoud'}")

    def words_of(self, chunk: Chunk) -> frozenset[str]:
        return self.chunk_words[self.by_id[chunk.id]]

    def context_words(self, chunk: Chunk, via_heading: Chunk | None = None) -> frozenset[str]:
        """Words of what a passage stands under: its document's title, its section and its heading."""
        key = (chunk.id, via_heading.id if via_heading is not None else None)
        cached = self._context_words.get(key)
        if cached is None:
            parts = [chunk.title or "", chunk.section_path or ""]
            if via_heading is not None:
                parts.append(via_heading.text)
            cached = self._context_words[key] = text_words(" ".join(parts))
        return cached

    def unknown_numbers(self, u: Understanding) -> tuple[str, ...]:
        """The question's numbers that no document writes."""
        return tuple(n for n in u.numbers if n not in self.numbers)

    def within(self, chunk: Chunk, part: str) -> bool:
        """Whether a chunk stands in a labelled part ("OD 2.3") or in one of the parts under it."""
        return self.under(chunk.source, chunk.part, part)

    def part_of(self, chunk: Chunk, key: str):
        """The labelled part with label key ``key`` ("od") that a chunk stands in, or None."""
        label, seen = chunk.part, 0
        while label is not None and seen < 8:
            ref = next((r for r in self.parts if r.label == label and r.source == chunk.source and r.key == key), None)
            if ref is not None:
                return ref
            label, seen = self.part_parent.get((chunk.source, label)), seen + 1
        return None

    def under(self, source: str, label: str | None, parent: str) -> bool:
        """Whether a labelled part is ``parent`` or stands under it."""
        seen = 0
        while label is not None and seen < 8:
            if label == parent:
                return True
            key = (source, label) if (source, label) in self.part_parent else (None, label)
            label, seen = self.part_parent.get(key), seen + 1
        return False

    # -- neighbours ------------------------------------------------------------------------
    def following(self, chunk: Chunk) -> Chunk | None:
        """The chunk after this one in the index, if any."""
        pos = self.by_id[chunk.id] + 1
        return self.chunks[pos] if pos < len(self.chunks) else None

    def next_content(self, chunk: Chunk) -> Chunk | None:
        """The first passage after a heading, in the same document."""
        pos = self.by_id[chunk.id] + 1
        while pos < len(self.chunks) and self.chunks[pos].source == chunk.source:
            if not is_heading(self.chunks[pos]):
                return self.chunks[pos]
            pos += 1
        return None

    def words_before(self, chunk: Chunk, reach: int) -> frozenset[str]:
        """The words of up to ``reach`` chunks right before ``chunk`` in its section."""
        pos = self.by_id.get(chunk.id, 0)
        before = [c for c in self.chunks[max(0, pos - reach) : pos]
                  if c.source == chunk.source and c.section_path == chunk.section_path]
        return frozenset().union(*(self.words_of(c) for c in before)) if before else frozenset()

    def table_header(self, row: Chunk) -> Chunk | None:
        """The header row a table row stands under (its column names), as its own chunk."""
        pos = self.by_id.get(row.id, 0)
        while pos > 0 and row.columns:
            pos -= 1
            before = self.chunks[pos]
            if before.source != row.source:
                return None
            if before.text == row.columns:
                return before
            if not before.columns:
                return None
        return None

    def lead_in(self, items: list[Chunk]) -> Chunk | None:
        """The sentence that introduces a list of items, when the document writes one: the heading
        or the paragraph ending in ':' right before the first item, of at least ``LEAD_IN_WORDS``
        words ("Wat zijn voorbeelden van acties die kunnen ondernomen worden binnen ambitielijn 2?").
        A bare label ("Acties") says nothing the answer's head does not."""
        if not items or len({c.list_id for c in items}) != 1 or items[0].list_id is None:
            return None
        first = min(items, key=lambda c: c.position)
        pos = self.by_id.get(first.id, 0) - 1
        if pos < 0:
            return None
        before = self.chunks[pos]
        if before.source != first.source or before.list_id is not None:
            return None
        if not (is_heading(before) or before.text.rstrip().endswith(":")):
            return None
        return before if len(words(before.text)) >= LEAD_IN_WORDS else None

    def continuation(self, chunk: Chunk) -> Chunk | None:
        """The next chunk when it continues the same paragraph (a long paragraph split in two)."""
        pos = self.by_id[chunk.id] + 1
        if pos >= len(self.chunks):
            return None
        nxt = self.chunks[pos]
        if nxt.source != chunk.source or is_heading(nxt) or chunk.item_index is not None or nxt.item_index is not None:
            return None
        between = self.documents.get(chunk.source, {}).get("text", "")[chunk.char_end : nxt.char_start]
        return nxt if "\n" not in between else None

    def document_text(self, source: str) -> str:
        return self.documents.get(source, {}).get("text", "")

    def whole(self, chunk: Chunk) -> str:
        """A chunk with the rest of its paragraph when that was split off (for fact checks)."""
        nxt = self.continuation(chunk)
        return self.document_text(chunk.source)[chunk.char_start : nxt.char_end] if nxt else chunk.text


def fiche_of(chunk: Chunk) -> tuple[str, str]:
    """(source, fiche heading) of a passage: the section under the document's kind ("Project › <heading>")."""
    path = (chunk.section_path or "").split(SEP)
    return chunk.source, path[1] if len(path) > 1 else ""
