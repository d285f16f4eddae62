"""Extractive answers: the question's path composes a Draft of verified quotes; ``decide`` says if it answers.

Paths (``chatbot/paths/``), one module each with ``run(u, ctx) -> Draft``: lists and counts
from the structure catalog, topic answers (every item about a topic), line titles and the
overview of lines, "which line", factual answers from the best-ranked passages, verbatim
checks. Every path gathers ``Evidence`` and asks ``chatbot.decide.decide`` whether the
documents answer; that is the only place an answer is refused.
"""

from __future__ import annotations

import copy
import re
import functools
import time
from dataclasses import dataclass, field

import numpy as np

from chatbot.cite import Citations
from chatbot.decide import Decision, Evidence, decide
from chatbot.facts import field_value, fields, has_count, has_fact, numbers_of
from chatbot.values import TYPES, values_of_type
from chatbot.lexicon import Lexicon, text_words
from chatbot.parts import part_refs
from prompts import PartNamedPrompts, Prompts
from chatbot.retrieve import SEARCH_MS, Filters, Hit, HybridRetriever, sub_queries
from chatbot.tuning import Tuning
from chatbot.linerefs import tokens
from ingest.lexical import fold, words
from chatbot.understand import Grounding, Understanding, cues, english_lexicon, kinds, same_word
from ingest.chunk import Chunk
from ingest.structure import SEP, table_cells
from ingest.dutch import sentence_spans


@dataclass
class Draft:
    """What an answer path produces: its text and citations, and the decision ``decide`` made on its evidence.

    A path never sets ``ja``/``deels``/``nee`` itself: ``answerable`` and ``reason`` are the decision's.
    """

    text: str
    citations: Citations
    decision: Decision
    notes: list[str] = field(default_factory=list)
    evidence: Evidence | None = None

    @property
    def answerable(self) -> str:
        return self.decision.answerable

    @property
    def reason(self) -> str:
        return self.decision.reason


@dataclass(frozen=True)
class Passage:
    """A ranked passage: a chunk with its fused score, dense similarity and topic-word coverage."""

    chunk: Chunk
    score: float
    dense: float
    coverage: float
    via_heading: Chunk | None = None  # the heading whose score this passage inherited


# What "welke <word>" is compared with to tell a kind of person from a kind of thing.
PERSON_PROTOTYPES = ("persoon", "mens")
THING_PROTOTYPES = ("ding", "zaak")
# How a quoted action or KPI is introduced ("Een van de acties van ambitielijn 2 (...) is:").
ITEM_LEADS = {"actie": "feit.actie", "kpi": "feit.kpi"}


# What a field's value must hold to answer a question that asks a quantity or a time.
_FIELD_FITS = {"money": ("money", "number"), "number": ("number", "money", "percent"), "percent": ("percent", "number"),
               "target": ("percent", "number", "money"), "date": ("date", "period"), "period": ("period", "date")}


def fitting_field(u: Understanding, named: tuple[str, str] | None) -> tuple[str, str] | None:
    """A field the question names, when its value is of the type asked: "Hoeveel trekt de provincie
    uit?" is no question for the field "Trekker: Directie Economie" (an empty field still says absent)."""
    if named is None or not named[1] or u.asks_for not in _FIELD_FITS:
        return named
    fits = any(values_of_type(named[1], kind) for kind in _FIELD_FITS[u.asks_for])
    return named if fits else None


def introduces_list(chunk: Chunk, nxt: Chunk | None) -> bool:
    """Whether a chunk is the lead-in of the plain list that follows it: a sentence ending in ':' or a
    heading right over the list."""
    return nxt is not None and nxt.source == chunk.source and is_plain_list(nxt) and (
        chunk.text.rstrip().endswith(":") or is_heading(chunk))


def is_plain_list(chunk: Chunk) -> bool:
    """A bullet of a list that is no catalog list (actions, KPIs, ...): a lead-in's list, a fiche's results."""
    return bool(chunk.list_id) and not (chunk.kind in kinds() and kinds()[chunk.kind].unit == "item")


def quoted(text: str) -> str:
    return f"„{text}”"


def is_heading(chunk: Chunk) -> bool:
    """Headings and titles are context for their section, never an answer on their own."""
    return bool(chunk.heading) or chunk.kind == "titel"


class Context:
    """Everything an answer path needs for one index version."""

    _ranked: tuple[Understanding, list[Passage]]  # set by chatbot.quoting in a bound view (no value here)
    _topic_vector: tuple[Understanding, np.ndarray | None]  # set by topic_vector (no value here)

    def __init__(self, index, retriever: HybridRetriever, prompts: Prompts, tuning: Tuning | None = None) -> None:
        self.index = index
        self.retriever = retriever
        self.p = prompts
        self.t = tuning or Tuning.shipped()
        self.chunks: list[Chunk] = index.chunks
        self.by_id = {c.id: i for i, c in enumerate(self.chunks)}
        self.chunk_words = [text_words(c.text) for c in self.chunks]
        self.lexicon = Lexicon(c.text for c in self.chunks)
        self.lines: dict[int, dict] = {}
        for line in index.catalog.get("ambition_lines", []):
            self.lines.setdefault(int(line["number"]), line)
        line_labels = {n: line["label"] for n, line in self.lines.items() if line.get("label")}
        if line_labels:
            self.p = PartNamedPrompts(prompts, line_labels)
        self.numbers = set().union(*(numbers_of(d.get("text", "")) for d in index.documents.values())) if index.documents else set()
        # A question's "14.300" reaches understanding as the digit runs "14" and "300".
        self.numbers |= {run for n in self.numbers for run in re.split(r"[.,]", n) if run}
        self.units = self._units()
        self.own_kind_names = self._own_kind_names()
        self._person_vectors: tuple[np.ndarray, np.ndarray] | None = None
        self.parts = part_refs(index.catalog)
        self.part_parent: dict[tuple[str | None, str], str | None] = {(p.source, p.label): p.parent for p in self.parts}
        # A fiche names a part of a plan in another document ("Koppeling: OD 2.1"): its parents by label.
        by_label: dict[str, set] = {}
        for p in self.parts:
            by_label.setdefault(p.label, set()).add(p.parent)
        self.part_parent.update({(None, label): next(iter(ps)) for label, ps in by_label.items() if len(ps) == 1})
        # A document's Label: waarde fields (a fiche's Trekker, Budget, …), with the chunk of each, and
        # the labels of fields and table columns anywhere: the attributes the documents give things.
        self.title_words = {src: text_words(d.get("title") or "") for src, d in index.documents.items()}
        self.doc_fields: dict[str, list[tuple[str, str, Chunk]]] = {}
        labels: set[str] = set()
        for c in self.chunks:
            for label, value in fields(c.text):
                self.doc_fields.setdefault(c.source, []).append((label, value, c))
            if c.columns:
                labels.update(words(c.columns))
        self.doc_fields = {src: fs for src, fs in self.doc_fields.items() if len(fs) >= 2}
        labels.update(w for fs in self.doc_fields.values() for label, _, _ in fs for w in words(label))
        self.field_labels = frozenset(w for w in labels if len(w) >= 4)
        self.part_heading: dict[tuple[str | None, str], Chunk] = {}
        for c in self.chunks:
            if c.part and is_heading(c) and c.text.startswith(c.part):
                self.part_heading.setdefault((c.source, c.part), c)
        self.grounding = Grounding(self.line_titles, self.lexicon, self._domain_words(), self._framing_words(),
                                   functools.lru_cache(maxsize=2048)(self.person_like), self.parts,
                                   frozenset(k for k, items in self.units.items() if items), self.field_labels)
        self.domain_forms = frozenset(f for w in self.grounding.domain for f in self.lexicon.match(w).forms)
        self._question: Understanding | None = None  # set in a bound view
        self._vector: np.ndarray | None = None
        self._context_words: dict[tuple, frozenset[str]] = {}
        self._field_words: set[str] = set()  # question words a field's label answered (bound views)
        self._subqueries: list[tuple[str, np.ndarray]] | None = None

    def _units(self) -> dict[str, list[Chunk]]:
        """Per kind, its items in document order: catalog bullets, or one passage per document."""
        units: dict[str, list[Chunk]] = {}
        doc_types = {d["source"]: d.get("doc_type") for d in self.index.catalog.get("documents", [])}
        for kind in kinds().values():
            if kind.unit == "document":
                chosen: dict[str, Chunk] = {}
                for c in self.chunks:
                    if doc_types.get(c.source) == kind.name and c.kind == kind.name and not is_heading(c) and c.item_index is None:
                        # The description: the longest paragraph of the document.
                        if c.source not in chosen or len(c.text) > len(chosen[c.source].text):
                            chosen[c.source] = c
                units[kind.name] = sorted(chosen.values(), key=lambda c: (c.source, c.position))
            else:
                units[kind.name] = [c for c in self.chunks if c.kind == kind.name and c.item_index is not None]
        return units

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

    def person_like(self, word: str) -> bool:
        """Whether ``word`` names a kind of person ("politicus", "minister"), by meaning: "welke <word>"
        is closer to "welke persoon"/"welke mens" than to "welke zaak"/"welke ding" by ``person_margin``.
        Asked only for a word after "welke" that no document has; cached per word."""
        if self._person_vectors is None:
            vectors = self.retriever.embed_queries([f"welke {w}" for w in PERSON_PROTOTYPES + THING_PROTOTYPES])
            self._person_vectors = (vectors[: len(PERSON_PROTOTYPES)], vectors[len(PERSON_PROTOTYPES):])
        people, things = self._person_vectors
        x = np.asarray(self.retriever.embed_query(f"welke {word}"), dtype=np.float32)
        return float((people @ x).max() - (things @ x).max()) >= self.t.person_margin

    def _domain_words(self) -> frozenset[str]:
        """The words of a strategy's title name the whole domain ("Competitief Limburg"), no topic."""
        titles = [d["title"] for d in self.index.catalog.get("documents", []) if d.get("doc_type") == "strategie"]
        return frozenset(w for t in titles for w in tokens(t))

    def _framing_words(self) -> dict[str, frozenset[str]]:
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
        return {k: frozenset(v) for k, v in framing.items()}

    def bind(self, u: Understanding, vector: np.ndarray | None = None) -> "Context":
        """A view of this context for one question; its query embedding is made when a path first
        needs it (lists, counts and line titles come from the structure and need none)."""
        view = copy.copy(self)
        view._question, view._vector, view._subqueries = u, vector, None
        view._field_words = set()
        return view

    @property
    def vector(self) -> np.ndarray | None:
        """The bound question's embedding (``query_vector``), made once on first use."""
        if self._vector is None and self._question is not None:
            self._vector, self._subqueries = self.query_vectors(self._question)
        return self._vector

    @property
    def subqueries(self) -> list[tuple[str, np.ndarray]]:
        """The bound question's sub-queries with their embeddings (``query_vectors``)."""
        if self._subqueries is None:
            _ = self.vector
        return self._subqueries or []

    def topic_vector(self, u: Understanding) -> np.ndarray | None:
        """The embedding that decides which items are about a question's topic: of the topic as the
        user named it (its content words), so that a catalog search for the same words finds the same
        items as the chat. Made once per question."""
        if getattr(self, "_topic_vector", None) is None or self._topic_vector[0] is not u:
            words = u.topic_label.strip()
            vector = self.retriever.embed_query(words) if words else self.vector
            self._topic_vector = (u, vector)
        return self._topic_vector[1]

    def query_vector(self, u: Understanding) -> np.ndarray:
        """The question's embedding, blended with that of its content words alone (``query_vectors``)."""
        return self.query_vectors(u)[0]

    def sub_queries(self, u: Understanding) -> list[str]:
        """The content words of each clause of a long question (``chatbot.retrieve.sub_queries``);
        none for a follow-up (its own words lack its topic) or when the retriever does not use them."""
        if u.followup or self.retriever.weights.subqueries <= 0:
            return []
        return sub_queries(u.question, u.terms, english_lexicon() if u.english else None)

    def query_vectors(self, u: Understanding) -> tuple[np.ndarray, list[tuple[str, np.ndarray]]]:
        """The question's embedding, blended with that of its content words alone; and its sub-queries'.

        A citizen's question carries much phrasing ("Ik heb een klein bedrijfje, helpt de
        provincie mij ..."); the content words alone point at the topic more sharply. All are
        embedded in one call of the engine. Its time counts as search time (``SEARCH_MS``).
        """
        started = time.perf_counter()
        weight = self.t.terms_query_weight
        words = " ".join(u.terms)
        # A follow-up's own words may lack the topic it continues ("En voor ambitielijn 2?").
        text = u.search_text if u.followup else u.question
        blend = weight > 0 and words and words != fold(text)
        subs = [q for q in self.sub_queries(u) if q != words]
        batch = [text] + ([words] if blend else []) + subs
        rows = self.retriever.embed_queries(batch) if len(batch) > 1 else self.retriever.embed_query(text)[None, :]
        vector = rows[0]
        if blend:
            blended = (1 - weight) * rows[0] + weight * rows[1]
            vector = (blended / np.linalg.norm(blended)).astype(np.float32)
        sub_vectors = list(zip(subs, rows[len(batch) - len(subs):]))
        spent = SEARCH_MS.get()
        if spent is not None:
            spent.append((time.perf_counter() - started) * 1000)
        return vector, sub_vectors

    # -- small helpers ---------------------------------------------------------------------
    @property
    def line_titles(self) -> dict[int, str]:
        return {n: line["title"] for n, line in self.lines.items()}

    def citations(self) -> Citations:
        return Citations(self.index.documents)

    def kind_name(self, kind: str, count: int) -> str:
        """How answers name a kind: the documents' own word when they all use one ("maatregelen"),
        else the wording's ("acties")."""
        own = self.own_kind_names.get(kind)
        if own is not None:
            return own[0] if count == 1 else own[1]
        return self.p.get(f"soort.{kind}_{'enkelvoud' if count == 1 else 'meervoud'}")

    def _own_kind_names(self) -> dict[str, tuple[str, str]]:
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
            if plural not in spec.plural or plural == fold(self.p.get(f"soort.{kind}_meervoud")):
                continue
            singular = max((s for s in spec.singular if plural.startswith(s)), key=len, default=None)
            if singular:
                out[kind] = (singular, plural)
        return out

    def words_of(self, chunk: Chunk) -> frozenset[str]:
        return self.chunk_words[self.by_id[chunk.id]]

    def coverage(self, u: Understanding, chunk: Chunk) -> float:
        return self.lexicon.coverage(u.known, self.words_of(chunk)) if u.known else 0.0

    def all_coverage(self, u: Understanding, chunks: list[Chunk]) -> float:
        """Share of all the question's content words (known or not) that the chunks express."""
        # Every content word, also in an English question: one the documents lack (not even through the
        # English–Dutch vocabulary) is a part of the question they do not settle ("hydrogen", "governor").
        terms = u.terms
        if not terms:
            return 1.0
        ws = frozenset().union(*(self.words_of(c) for c in chunks)) if chunks else frozenset()
        return self.lexicon.coverage(terms, ws)

    def next_content(self, chunk: Chunk) -> Chunk | None:
        """The first passage after a heading, in the same document."""
        pos = self.by_id[chunk.id] + 1
        while pos < len(self.chunks) and self.chunks[pos].source == chunk.source:
            if not is_heading(self.chunks[pos]):
                return self.chunks[pos]
            pos += 1
        return None

    def continuation(self, chunk: Chunk) -> Chunk | None:
        """The next chunk when it continues the same paragraph (a long paragraph split in two)."""
        pos = self.by_id[chunk.id] + 1
        if pos >= len(self.chunks):
            return None
        nxt = self.chunks[pos]
        if nxt.source != chunk.source or is_heading(nxt) or chunk.item_index is not None or nxt.item_index is not None:
            return None
        between = self.index.documents.get(chunk.source, {}).get("text", "")[chunk.char_end : nxt.char_start]
        return nxt if "\n" not in between else None

    # -- ranking ---------------------------------------------------------------------------
    def hits(self, u: Understanding, k: int, filters: Filters | None = None) -> list[Hit]:
        """The retriever's fused hits for the bound question (``benchmarks/retrieval.py`` measures these)."""
        return self.retriever.search(u.search_text, k=k, filters=filters, vector=self.vector, subqueries=self.subqueries)

    def rank(self, u: Understanding, filters: Filters | None = None) -> list[Passage]:
        """Fused retrieval; headings pass their score to their section; the kind asked for is preferred."""
        t = self.t
        vector = self.vector
        hits = self.hits(u, t.candidates + 8, filters)
        best: dict[str, Passage] = {}
        for hit in hits:
            chunk, score, via = hit.chunk, hit.score, None
            if is_heading(chunk):
                # A heading speaks for the paragraph after it, or introduces the list after its colon;
                # a heading over a list of items ("Welke KPI's ...?") is about the list as a whole.
                target = self.next_content(chunk)
                if target is None or (filters and filters.ambitielijn is not None and target.ambitielijn != filters.ambitielijn):
                    continue
                # A lead-in sentence, or a heading right over a plain list ("Resultaten" over its bullets),
                # introduces that list; a heading over a list of items is about the list as a whole.
                lead_in = chunk.text.rstrip().endswith(":") or is_plain_list(target)
                if target.item_index is not None and not lead_in:
                    continue
                # A lead-in sentence and its list are one passage: the list keeps the lead-in's score.
                inherit = 1.0 if lead_in and target.list_id else t.heading_inherit
                via, chunk, score = chunk, target, hit.score * inherit
                dense = float(self.retriever.similarities(vector, [chunk])[0]) if vector is not None else hit.dense
            else:
                dense = hit.dense
            if u.kind and chunk.kind == u.kind:
                score += t.kind_boost
            ws = self.words_of(chunk) | (self.words_of(via) if via is not None else frozenset())
            cov = self.lexicon.coverage(u.known, ws) if u.known else 0.0
            score += t.coverage_tiebreak * cov
            old = best.get(chunk.id)
            if old is None or score > old.score:
                best[chunk.id] = Passage(chunk, score, dense, cov, via)
        ranked = sorted(best.values(), key=lambda p: (-p.score, p.chunk.position))
        return ranked[: t.candidates]

    # -- evidence for the decision ---------------------------------------------------------
    def fact_check(self, u: Understanding, passages: list[Passage]) -> bool | None:
        """Whether one of the best passages holds the kind of fact asked for (None: nothing asked)."""
        if not u.asks_for:
            return None
        return bool(self.fact_values(u, passages))

    def fact_values(self, u: Understanding, passages: list[Passage]) -> list[tuple[Passage, str]]:
        """The values of the asked type in the best passages about the question's subject, as written.

        A passage is about the subject when the question's topic words are in it or in what it
        stands under (its document's title, its section, the heading it came from): a fiche's
        "Budget: € 650.000" line is about the project the fiche is titled by. A ``Label: waarde``
        field whose label the question names answers it whatever the value's form.
        """
        if not u.asks_for:
            return []
        counts = None
        topic = u.known
        if u.asks_for == "number" and u.counted:
            counted = u.counted_words or (u.counted,)
            forms = frozenset().union(*(self.lexicon.match(w).forms for w in counted))
            if not forms:
                return []  # what is counted occurs in no document
            counts = lambda w: w in forms  # noqa: E731
            topic = tuple(t for t in u.known if t != counted[0])
        kinds_ok = (u.asks_for, "percent") if u.asks_for == "number" and not u.counted else (u.asks_for,)
        asked_words = frozenset(words(u.question)) | self.domain_forms
        asked_cues = cues()["ask_words"].get(u.asks_for, frozenset())
        found: list[tuple[Passage, str]] = []
        for p in passages[: self.t.evidence_depth]:
            text = self.quote_window(p.chunk, u, whole=True)
            pairs = fields(text) + (table_cells(p.chunk.columns, p.chunk.text) if p.chunk.columns else [])
            named = fitting_field(u, field_value(text, tuple(dict.fromkeys((*u.known, *(w for w in words(u.question) if w in asked_cues)))), pairs))
            # The field's own label names what is asked; the rest must be about the subject.
            subject = tuple(t for t in topic if (named is None or not same_word(t, named[0])) and t not in asked_cues)
            about = text_words(text) | self.context_words(p)
            # Only a passage about the topic can hold the answer ("2013-2017" elsewhere is no date of the campus).
            if subject and self.lexicon.coverage(subject, about) < self.t.evidence_coverage:
                continue
            if subject and self.elsewhere_by_title(subject, p.chunk, text):
                continue
            if named is not None:
                if named[1]:
                    found.append((p, named[1]))
                    self._field_words.add(named[0])  # "trekt" is said by the field "Trekker"
                continue  # the field is there, empty: this passage has no such value
            if u.asks_for == "field":
                continue
            for kind in kinds_ok:
                if kind in TYPES:
                    described = self.lexicon.match(u.organisation).forms | {u.organisation} if u.organisation else frozenset()
                    values = values_of_type(text, kind, asked_words, counts, self.t.count_window, frozenset(described),
                                            amount_words=asked_cues if kind == "money" else frozenset())
                    if kind == "number" and counts is not None:
                        values = values if has_count(text, counts, self.t.count_window) else []
                    if values:
                        found.append((p, ", ".join(dict.fromkeys(v.text for v in values[:3]))))
                        break
                elif has_fact(kind, text, u.question, counts, self.t.count_window, self.domain_forms):
                    found.append((p, ""))
                    break
        if not found:
            found = self.document_fields(u, passages, asked_words, asked_cues)
        return found

    def document_fields(self, u: Understanding, passages: list[Passage], asked_words: frozenset[str],
                        asked_cues: frozenset[str]) -> list[tuple[Passage, str]]:
        """The asked value among the fields of the documents the best passages stand in, when such a
        document is about the question's subject ("Wat kost de Renovatiestraat?" and its "Budget: …")."""
        seen: set[str] = set()
        question = tuple(dict.fromkeys((*u.known, *(w for w in words(u.question) if w in asked_cues))))
        for p in passages[: self.t.evidence_depth]:
            source = p.chunk.source
            if source in seen or source not in self.doc_fields:
                continue
            seen.add(source)
            title = text_words(p.chunk.title or "")
            pairs = [(label, value) for label, value, _ in self.doc_fields[source]]
            named = fitting_field(u, field_value("", question, pairs))
            subject = tuple(t for t in u.known if (named is None or not same_word(t, named[0])) and t not in asked_cues
                            and t not in (u.counted_words or ()))
            for _label, value, chunk in self.doc_fields[source]:
                # About the subject by the document's title or the field's own words ("Europese middelen").
                if subject and self.lexicon.coverage(subject, title | self.words_of(chunk)) < self.t.evidence_coverage:
                    continue
                # Without a field the question names, a typed value only for an amount or an organisation:
                # a fiche's "Looptijd" is no answer to "wanneer wordt … goedgekeurd".
                hit = (named is not None and named[1] and value == named[1]) or (
                    named is None and u.asks_for in ("money", "organisation", "percent", "target")
                    and values_of_type(value, u.asks_for, asked_words, None, self.t.count_window))
                if hit:
                    return [(Passage(chunk, p.score, p.dense, p.coverage), value)]
        return []

    def asked_name(self, u: Understanding) -> str:
        """How the asked kind of value is named in an answer: "bedrag of budget", or a field's own label."""
        if u.asks_for == "field":
            return u.field or ""
        return self.p.get(f"gevraagd.{u.asks_for}")

    def heading_words(self, chunk: Chunk) -> frozenset[str]:
        """Words of the title of the document a chunk stands in, when that document is about one thing
        (a project fiche, not a strategy whose title names the whole domain)."""
        if chunk.kind != "project":
            return frozenset()
        return self.context_words(Passage(chunk, 0.0, 0.0, 0.0))

    def elsewhere_by_title(self, subject: tuple[str, ...], chunk: Chunk, text: str) -> bool:
        """Whether a passage is about the subject only by what it stands under, while another document's
        title names the subject better ("the budget of the warmtenet project" is not in the fiche of the
        Renovatiestraat, whose "Budget:" line is about its own project)."""
        if self.lexicon.coverage(subject, text_words(text)) >= self.t.evidence_coverage:
            return False
        scores = {src: self.lexicon.coverage(subject, ws) for src, ws in self.title_words.items()}
        return max(scores.values(), default=0.0) > scores.get(chunk.source, 0.0)

    def context_words(self, p: Passage) -> frozenset[str]:
        """Words of what a passage stands under: its document's title, its section and its heading."""
        chunk = p.chunk
        key = (chunk.id, p.via_heading.id if p.via_heading is not None else None)
        cached = self._context_words.get(key)
        if cached is None:
            parts = [chunk.title or "", chunk.section_path or ""]
            if p.via_heading is not None:
                parts.append(p.via_heading.text)
            cached = self._context_words[key] = text_words(" ".join(parts))
        return cached

    def unknown_numbers(self, u: Understanding) -> tuple[str, ...]:
        return tuple(n for n in u.numbers if n not in self.numbers)

    def evidence(self, u: Understanding, path: str, passages: list[Passage], quoted_chunks: list[Chunk] | None = None,
                 items: int | None = None) -> Evidence:
        top = passages[: self.t.evidence_depth]
        shown = quoted_chunks if quoted_chunks is not None else [p.chunk for p in passages[:1]]
        fact_found = self.fact_check(u, passages)
        ws = frozenset().union(*(self.words_of(c) | self.heading_words(c) for c in shown)) if shown else frozenset()
        ws |= frozenset(self._field_words)
        return Evidence(
            path=path,
            line_exists=None if u.ambitielijn is None else u.ambitielijn in self.lines,
            items=items,
            passages=len(passages),
            asks_for=u.asks_for,
            fact_found=fact_found,
            unknown_numbers=self.unknown_numbers(u),
            best_dense=max((p.dense for p in top), default=0.0),
            coverage=self.lexicon.coverage(u.known, ws) if u.known else (1.0 if shown else 0.0),
            all_coverage=self.all_coverage(u, [p.chunk for p in top]),
            known_terms=len(u.known),
            unknown_names=len(u.names),
            unknown_subjects=u.subjects,
            kind_asked=u.kind is not None,
        )

    def decide(self, evidence: Evidence) -> Decision:
        return decide(evidence, self.t)

    # -- quoting ---------------------------------------------------------------------------
    def quote_window(self, chunk: Chunk, u: Understanding, whole: bool = False) -> str:
        """The passage to quote: the chunk, or for a long one its best sentences (possibly running on
        into the rest of a split paragraph). ``whole``: the chunk with that rest, for fact checks."""
        text = chunk.text
        nxt = self.continuation(chunk)
        doc = self.index.documents.get(chunk.source, {}).get("text", "")
        if whole:
            return doc[chunk.char_start : nxt.char_end] if nxt else text
        if len(text) <= self.t.long_chunk and nxt is None:
            return text
        full = doc[chunk.char_start : nxt.char_end] if nxt else text
        spans = sentence_spans(full)
        own = [s for s in spans if s[0] < len(text)]  # the best sentence starts in this chunk
        if len(spans) <= 1:
            return full if len(full) <= self.t.long_chunk else text
        scored = []
        for i, (s, e) in enumerate(spans):
            if (s, e) not in own:
                continue
            piece = full[s:e]
            cov = self.lexicon.coverage(u.known, text_words(piece)) if u.known else 0.0
            bonus = self.t.fact_sentence_bonus if u.asks_for and has_fact(u.asks_for, piece, u.question) else 0.0
            scored.append((cov + bonus, -i))
        _, neg_i = max(scored)
        i = -neg_i
        j = min(len(spans), i + self.t.sentence_window)
        return full[spans[i][0] : spans[j - 1][1]]

    def lead(self, chunk: Chunk) -> str:
        """How a quoted passage is introduced: its document and, for an item, its kind and line."""
        line = chunk.ambitielijn
        title = self.lines.get(line, {}).get("title", "") if line else ""
        if chunk.kind in ITEM_LEADS and line is not None and line in self.lines:
            return self.p.say(ITEM_LEADS[chunk.kind], lijn=line, titel=title)
        if line is not None and line in self.lines:
            return self.p.say("feit.inleiding_lijn", document=chunk.title, lijn=line)
        return self.p.say("feit.inleiding", document=chunk.title)

    def related(self, u: Understanding, passages: list[Passage], cites: Citations) -> list[str]:
        """Quoted passages offered with a refusal as maybe useful."""
        out: list[str] = []
        for p in passages:
            if len(out) >= self.t.related_passages:
                break
            quote = self.quote_window(p.chunk, u)
            n = cites.add(p.chunk, quote, score=p.score)
            if n is not None:
                out.append(f"[{n}] {quoted(quote)}")
        return out

    def refusal(self, u: Understanding, decision: Decision, evidence: Evidence, passages: list[Passage]) -> Draft:
        """Say plainly that the documents do not answer, and why; offer the passages about the topic."""
        cites = self.citations()
        message = self.p.get("algemeen.niet_gevonden")
        offer: list[Passage] = []
        if decision.reason == "missing_fact":
            message += " " + self.p.say("algemeen.ontbrekend_gegeven", gevraagd=self.asked_name(u))
            offer = passages[: self.t.evidence_depth]
        elif decision.reason == "unknown_number":
            assert decision.detail is not None  # decide gives the unknown numbers with this reason
            message += " " + self.p.say("algemeen.onbekend_getal", getal=decision.detail.replace(",", ", "))
            offer = passages[: self.t.related_passages]
        elif decision.reason == "unknown_name":
            message += " " + self.p.say("algemeen.onbekende_naam", naam=decision.detail)
            offer = passages[: self.t.related_passages]
        elif decision.reason == "unknown_line":
            message = self.p.say("lijst.geen_items_lijn", lijn=u.ambitielijn)
        related = self.related(u, offer, cites)
        text = message
        if related:
            text += f"\n{self.p.get('algemeen.misschien_nuttig')}\n" + "\n".join(related)
        return Draft(text, cites, decision, evidence=evidence)


__all__ = ["Draft", "Passage", "Context", "quoted", "is_heading", "Tuning"]
