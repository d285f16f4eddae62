"""Ranking passages for a question: its embeddings, the retriever's hits, and passages in the order the answers use.

``Question`` is one question as the answer paths see it (its understanding, its embedding made on
first use); ``Ranking`` holds what ranking needs of an index version and makes the passages.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np

from chatbot.corpusview import CorpusView, is_heading, is_plain_list
from chatbot.retrieve import SEARCH_MS, Filters, Hit, HybridRetriever, sub_queries
from chatbot.tuning import Tuning
from chatbot.understand import Understanding, english_lexicon
from ingest.chunk import Chunk
from ingest.lexical import fold

# What "welke <word>" is compared with to tell a kind of person from a kind of thing.
PERSON_PROTOTYPES = ("persoon", "mens")
THING_PROTOTYPES = ("ding", "zaak")

Vectors = tuple[np.ndarray, list[tuple[str, np.ndarray]]]


@dataclass(frozen=True)
class Passage:
    """A ranked passage: a chunk with its fused score, dense similarity and topic-word coverage."""

    chunk: Chunk
    score: float
    dense: float
    coverage: float
    via_heading: Chunk | None = None  # the heading whose score this passage inherited


@dataclass(frozen=True, eq=False)
class Question:
    """One question for the answer paths: its understanding and its embedding, made on first use
    (lists, counts and line titles come from the structure and need none).

    ``field_words`` gathers the question words a field's label answered ("trekt" by "Trekker");
    ``memo`` keeps what is worked out once per question (its ranked passages, its topic vector).
    """

    u: Understanding
    embed: Callable[[Understanding], Vectors] = field(repr=False)
    given: np.ndarray | None = field(default=None, repr=False)
    field_words: set[str] = field(default_factory=set, repr=False)
    memo: dict = field(default_factory=dict, repr=False)

    @cached_property
    def _vectors(self) -> Vectors:
        return (self.given, []) if self.given is not None else self.embed(self.u)

    @property
    def vector(self) -> np.ndarray:
        """The question's embedding (``Ranking.query_vectors``)."""
        return self._vectors[0]

    @property
    def subqueries(self) -> list[tuple[str, np.ndarray]]:
        """The question's sub-queries with their embeddings (none when the vector was given)."""
        return self._vectors[1]

    def with_u(self, u: Understanding) -> Question:
        """The same question understood otherwise ("actie 3.5" as the fifth of line 3): its own ranking,
        the same field words."""
        return replace(self, u=u, memo={})


class Ranking:
    """Embeddings and ranked passages over one index version."""

    def __init__(self, corpus: CorpusView, retriever: HybridRetriever, tuning: Tuning) -> None:
        self.corpus = corpus
        self.retriever = retriever
        self.t = tuning
        self._person_vectors: tuple[np.ndarray, np.ndarray] | None = None

    def question(self, u: Understanding, vector: np.ndarray | None = None) -> Question:
        """The value the answer paths pass along for one question."""
        return Question(u, self.query_vectors, vector)

    # -- embeddings ------------------------------------------------------------------------
    def person_like(self, word: str) -> bool:
        """Whether ``word`` names a kind of person ("politicus", "minister"), by meaning: "welke <word>"
        is closer to "welke persoon"/"welke mens" than to "welke zaak"/"welke ding" by ``person_margin``."""
        if self._person_vectors is None:
            vectors = self.retriever.embed_queries([f"welke {w}" for w in PERSON_PROTOTYPES + THING_PROTOTYPES])
            self._person_vectors = (vectors[: len(PERSON_PROTOTYPES)], vectors[len(PERSON_PROTOTYPES):])
        people, things = self._person_vectors
        x = np.asarray(self.retriever.embed_query(f"welke {word}"), dtype=np.float32)
        return float((people @ x).max() - (things @ x).max()) >= self.t.person_margin

    def topic_vector(self, q: Question) -> np.ndarray | None:
        """The embedding that decides which items are about a question's topic: of the topic as the
        user named it (its content words), so that a catalog search for the same words finds the same
        items as the chat. Made once per question."""
        if "topic_vector" not in q.memo:
            words = q.u.topic_label.strip()
            q.memo["topic_vector"] = self.retriever.embed_query(words) if words else q.vector
        return q.memo["topic_vector"]

    def query_vector(self, u: Understanding) -> np.ndarray:
        """The question's embedding, blended with that of its content words alone (``query_vectors``)."""
        return self.query_vectors(u)[0]

    def sub_queries(self, u: Understanding) -> list[str]:
        """The content words of each clause of a long question (``chatbot.retrieve.sub_queries``);
        none for a follow-up (its own words lack its topic) or when the retriever does not use them."""
        if u.followup or self.retriever.weights.subqueries <= 0:
            return []
        return sub_queries(u.question, u.terms, english_lexicon() if u.english else None)

    def query_vectors(self, u: Understanding) -> Vectors:
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

    # -- coverage --------------------------------------------------------------------------
    def coverage(self, u: Understanding, chunk: Chunk) -> float:
        """Share of the question's topic words a chunk expresses."""
        return self.corpus.lexicon.coverage(u.known, self.corpus.words_of(chunk)) if u.known else 0.0

    def all_coverage(self, u: Understanding, chunks: list[Chunk]) -> float:
        """Share of all the question's content words (known or not) that the chunks express."""
        # Every content word, also in an English question: one the documents lack (not even through the
        # English–Dutch vocabulary) is a part of the question they do not settle ("hydrogen", "governor").
        terms = u.terms
        if not terms:
            return 1.0
        ws = frozenset().union(*(self.corpus.words_of(c) for c in chunks)) if chunks else frozenset()
        return self.corpus.lexicon.coverage(terms, ws)

    # -- ranking ---------------------------------------------------------------------------
    def hits(self, q: Question, k: int, filters: Filters | None = None) -> list[Hit]:
        """The retriever's fused hits for the question (``benchmarks/retrieval.py`` measures these)."""
        return self.retriever.search(q.u.search_text, k=k, filters=filters, vector=q.vector, subqueries=q.subqueries)

    def rank(self, q: Question, filters: Filters | None = None) -> list[Passage]:
        """Fused retrieval; headings pass their score to their section; the kind asked for is preferred."""
        t = self.t
        best: dict[str, Passage] = {}
        for hit in self.hits(q, t.candidates + 8, filters):
            passage = self._passage(q, hit, filters)
            if passage is None:
                continue
            old = best.get(passage.chunk.id)
            if old is None or passage.score > old.score:
                best[passage.chunk.id] = passage
        ranked = sorted(best.values(), key=lambda p: (-p.score, p.chunk.position))
        return ranked[: t.candidates]

    def _passage(self, q: Question, hit: Hit, filters: Filters | None) -> Passage | None:
        """A hit as a passage; a heading speaks for what follows it (None: for nothing here)."""
        t, u = self.t, q.u
        chunk, score, via = hit.chunk, hit.score, None
        if is_heading(chunk):
            # A heading speaks for the paragraph after it, or introduces the list after its colon;
            # a heading over a list of items ("Welke KPI's ...?") is about the list as a whole.
            target = self.corpus.next_content(chunk)
            if target is None or (filters and filters.ambitielijn is not None and target.ambitielijn != filters.ambitielijn):
                return None
            # A lead-in sentence, or a heading right over a plain list ("Resultaten" over its bullets),
            # introduces that list; a heading over a list of items is about the list as a whole.
            lead_in = chunk.text.rstrip().endswith(":") or is_plain_list(target)
            if target.item_index is not None and not lead_in:
                return None
            # A lead-in sentence and its list are one passage: the list keeps the lead-in's score.
            inherit = 1.0 if lead_in and target.list_id else t.heading_inherit
            via, chunk, score = chunk, target, hit.score * inherit
            dense = float(self.retriever.similarities(q.vector, [chunk])[0]) if q.vector is not None else hit.dense
        else:
            dense = hit.dense
        if u.kind and chunk.kind == u.kind:
            score += t.kind_boost
        ws = self.corpus.words_of(chunk) | (self.corpus.words_of(via) if via is not None else frozenset())
        cov = self.corpus.lexicon.coverage(u.known, ws) if u.known else 0.0
        score += t.coverage_tiebreak * cov
        return Passage(chunk, score, dense, cov, via)

    def ranked(self, q: Question) -> list[Passage]:
        """The question's passages, best first: in the line it names, and of the kind it names when one of
        that kind fits nearly as well ("Welke KPI gaat over ..."). Made once per question."""
        if "ranked" in q.memo:
            return q.memo["ranked"]
        u = q.u
        line = u.ambitielijn if u.ambitielijn is not None and u.ambitielijn in self.corpus.lines else None
        passages = self.rank(q, Filters(ambitielijn=line))
        if u.kind and self.corpus.units.get(u.kind) and passages and passages[0].chunk.kind != u.kind:
            of_kind = self.rank(q, Filters(ambitielijn=line, kind=u.kind))
            if of_kind and of_kind[0].dense >= passages[0].dense - self.t.kind_margin:
                passages = of_kind + [p for p in passages if p.chunk.kind != u.kind]
        q.memo["ranked"] = passages
        return passages
