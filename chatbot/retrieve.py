"""Hybrid retrieval: dense (the index's embedder, via Chroma) + BM25, fused by weights.

Plain reciprocal-rank fusion did worse than dense alone on this corpus, so scores are
fused as a weighted sum of normalised scores, with weights tuned on the dev questions
(``benchmarks/tune_fusion.py``). Filters (document, ambition line, kind) are applied
after retrieval or, for small filtered sets, by exact search over the stored
embeddings: a metadata-filtered Chroma query is much slower than an unfiltered one.
"""

from __future__ import annotations

import re
import time
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from ingest.chunk import Chunk
from chatbot.tuning import FusionWeights as FusionWeights  # the fusion's weights live with the other tuned values
from chatbot.linerefs import tokens
from ingest.lexical import tokenize
from ingest.store import ChromaUnavailableError

# Milliseconds spent in search() during one answer (set by the caller that wants them).
SEARCH_MS: ContextVar[list | None] = ContextVar("search_ms", default=None)


@dataclass(frozen=True)
class Hit:
    chunk: Chunk
    score: float  # fused, 0..1
    dense: float  # cosine similarity
    bm25: float  # raw BM25 score


@dataclass(frozen=True)
class Filters:
    source: str | None = None
    ambitielijn: int | None = None
    kind: str | None = None

    @property
    def empty(self) -> bool:
        return self.source is None and self.ambitielijn is None and self.kind is None


_CLAUSE_END = re.compile(r"[.!?;:,()]+|\s[-–—]\s")


def sub_queries(question: str, terms: tuple[str, ...] | list[str], translate: dict[str, tuple[str, ...]] | None = None,
                min_parts: int = 2) -> list[str]:
    """The content words of each clause of a long question, one query per clause.

    A clause ends at punctuation; its content words are those of ``terms`` (the question's
    content words, ``Understanding.terms``: no function words, no phrasing of the question),
    in the order written, so a clause that only sets the situation ("Ik heb een winkeltje")
    keeps what the situation is about ("winkeltje"). ``translate``: English words to Dutch
    ones (the question's terms are already translated). Fewer than ``min_parts`` clauses with
    content words: none (the whole question and its content words already say it all).
    """
    wanted = set(terms)
    out: list[str] = []
    for clause in _CLAUSE_END.split(question):
        words: list[str] = []
        for token in tokens(clause):
            options = (translate or {}).get(token, (token,)) if translate else (token,)
            words.extend(o for o in options if o in wanted and o not in words)
        if words:
            query = " ".join(words)
            if query not in out:
                out.append(query)
    return out if len(out) >= min_parts else []


class HybridRetriever:
    """Dense + BM25 over one index version."""

    def __init__(self, index, embedder, weights: FusionWeights | None = None) -> None:
        self.index = index
        self.embedder = embedder
        self.weights = weights or FusionWeights.shipped()
        self._positions = {c.id: i for i, c in enumerate(index.chunks)}
        # Column arrays for filtering without a Python loop over every chunk.
        chunks = index.chunks
        self._col_line = np.array([-1 if c.ambitielijn is None else c.ambitielijn for c in chunks], dtype=np.int64)
        self._col_kind = np.array([c.kind for c in chunks], dtype=object)
        self._col_source = np.array([c.source for c in chunks], dtype=object)

    def mask(self, filters: Filters) -> np.ndarray:
        """Boolean mask over all chunks for ``filters``."""
        keep = np.ones(len(self._col_line), dtype=bool)
        if filters.ambitielijn is not None:
            keep &= self._col_line == filters.ambitielijn
        if filters.kind is not None:
            keep &= self._col_kind == filters.kind
        if filters.source is not None:
            keep &= self._col_source == filters.source
        return keep

    def embed_query(self, text: str) -> np.ndarray:
        return np.asarray(self.embedder.embed_query(text), dtype=np.float32)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        """Several queries at once: one call of the engine where the embedder can batch them."""
        batch = getattr(self.embedder, "embed_queries", None)
        rows = batch(texts) if batch is not None else [self.embedder.embed_query(t) for t in texts]
        return np.asarray(rows, dtype=np.float32).reshape(len(texts), -1)

    def dense_scores(self, vector: np.ndarray, n: int, filters: Filters) -> dict[int, float]:
        chunks = self.index.chunks
        if not filters.empty:
            rows = np.flatnonzero(self.mask(filters))
            if not len(rows):
                return {}
            sims = np.asarray(self.index.embeddings[rows]) @ vector
            order = np.argsort(-sims)[:n]
            return {int(rows[j]): float(sims[j]) for j in order}
        n = min(n, len(chunks))
        if n == 0:
            return {}
        try:
            result = self.index.collection.query(query_embeddings=[vector.tolist()], n_results=n, include=["distances"])
        except Exception as exc:  # noqa: BLE001 - a lost server shows up as many error types
            raise ChromaUnavailableError(f"Dense search failed: {type(exc).__name__}: {' '.join(str(exc).split())[:160]}") from None
        out = {}
        for cid, dist in zip(result["ids"][0], result["distances"][0]):
            pos = self._positions.get(cid)
            if pos is not None:
                out[pos] = 1.0 - float(dist)
        return out

    def bm25_scores(self, text: str, n: int, filters: Filters) -> dict[int, float]:
        tokens = tokenize(text)
        if not tokens:
            return {}
        scores = self.index.bm25.get_scores(tokens)
        if not filters.empty:
            scores = np.where(self.mask(filters), scores, 0.0)
        n = min(n, len(scores))
        top = np.argpartition(-scores, n - 1)[:n] if n < len(scores) else np.arange(len(scores))
        return {int(i): float(scores[i]) for i in top if scores[i] > 0}

    def search(self, text: str, k: int = 8, filters: Filters | None = None, vector: np.ndarray | None = None,
               subqueries: list[tuple[str, np.ndarray]] | tuple = ()) -> list[Hit]:
        """The ``k`` best passages for ``text``; with ``subqueries`` ((text, vector) pairs), each passage
        also scores by the best of those (``FusionWeights.subqueries``)."""
        started = time.perf_counter()
        filters = filters or Filters()
        w = self.weights
        if vector is None:
            vector = self.embed_query(text)
        dense = self.dense_scores(vector, w.candidates, filters)
        lexical = self.bm25_scores(text, w.candidates, filters)
        if subqueries and w.subqueries > 0:
            hits = self.fuse_subqueries(dense, lexical, vector, k, subqueries, filters)
        else:
            hits = self.fuse(dense, lexical, vector, k)
        spent = SEARCH_MS.get()
        if spent is not None:
            spent.append((time.perf_counter() - started) * 1000)
        return hits

    def fuse_subqueries(self, dense: dict[int, float], lexical: dict[int, float], vector: np.ndarray, k: int,
                        subqueries, filters: Filters) -> list[Hit]:
        """Fused scores of the whole question blended with the best fused score of its sub-queries.

        A long question about a situation ("ik run een camping, helpt de provincie ons aan meer
        bezoekers?") has several parts; each sub-query finds the passage about its part, which
        the whole question's embedding, an average of all parts, may rank lower.
        """
        w = self.weights
        parts = [(dense, lexical, vector)]
        for text, vec in subqueries:
            parts.append((self.dense_scores(vec, w.candidates, filters), self.bm25_scores(text, w.candidates, filters), vec))
        candidates = sorted(set().union(*(set(d) | set(b) for d, b, _ in parts)))
        if not candidates:
            return []
        matrix = np.asarray(self.index.embeddings[candidates])
        scores = []
        whole_dense = None
        for _d_part, b_part, vec in parts:
            sims = matrix @ vec
            if whole_dense is None:
                whole_dense = sims
            spread = float(sims.max() - sims.min())
            d_norm = (sims - sims.min()) / spread if spread > 0 else np.ones_like(sims)
            b = np.array([b_part.get(i, 0.0) for i in candidates])
            b_norm = b / b.max() if b.max() > 0 else np.zeros_like(b)
            scores.append((w.dense * d_norm + w.bm25 * b_norm) / (w.dense + w.bm25))
        assert whole_dense is not None  # parts starts with the whole question
        best_sub = np.max(np.vstack(scores[1:]), axis=0)
        fused = (1 - w.subqueries) * scores[0] + w.subqueries * best_sub
        # BM25 of the whole question for the Hit, as ``fuse`` reports it.
        hits = [Hit(self.index.chunks[i], float(fused[j]), float(whole_dense[j]), lexical.get(i, 0.0))
                for j, i in enumerate(candidates)]
        hits.sort(key=lambda h: (-h.score, h.chunk.position))
        return hits[:k]

    def fuse(self, dense: dict[int, float], lexical: dict[int, float], vector: np.ndarray, k: int) -> list[Hit]:
        w = self.weights
        candidates = set(dense) | set(lexical)
        if not candidates:
            return []
        missing = [i for i in candidates if i not in dense]
        if missing:
            sims = np.asarray(self.index.embeddings[missing]) @ vector
            dense = {**dense, **{i: float(s) for i, s in zip(missing, sims)}}
        d_vals = np.array([dense[i] for i in candidates])
        d_min, d_max = float(d_vals.min()), float(d_vals.max())
        b_max = max(lexical.values(), default=0.0)
        hits = []
        for i in candidates:
            d_norm = (dense[i] - d_min) / (d_max - d_min) if d_max > d_min else 1.0
            b_norm = lexical.get(i, 0.0) / b_max if b_max > 0 else 0.0
            score = (w.dense * d_norm + w.bm25 * b_norm) / (w.dense + w.bm25)
            hits.append(Hit(self.index.chunks[i], score, dense[i], lexical.get(i, 0.0)))
        hits.sort(key=lambda h: (-h.score, h.chunk.position))
        return hits[:k]

    def similarities(self, vector: np.ndarray, chunks: list[Chunk]) -> np.ndarray:
        """Cosine similarity of ``vector`` with the stored embeddings of ``chunks``."""
        rows = [self._positions[c.id] for c in chunks]
        if not rows:
            return np.zeros(0, dtype=np.float32)
        return np.asarray(self.index.embeddings[rows]) @ vector


class VraagbaakRetriever(BaseRetriever):
    """The hybrid retriever as a langchain ``BaseRetriever`` (documents carry chunk metadata)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    hybrid: Any
    k: int = 5
    filters: Any = None

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        hits = self.hybrid.search(query, k=self.k, filters=self.filters)
        return [
            Document(
                page_content=h.chunk.text,
                metadata={**h.chunk.to_dict(), "score": round(h.score, 4), "dense": round(h.dense, 4), "bm25": round(h.bm25, 4)},
                id=h.chunk.id,
            )
            for h in hits
        ]
