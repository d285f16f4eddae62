"""Extractive answers: the question's path composes a Draft of verified quotes; ``decide`` says if it answers.

Paths (``chatbot/paths/``), one module each with ``run(q, ctx) -> Draft``: lists and counts
from the structure catalog, topic answers (every item about a topic), line titles and the
overview of lines, "which line", factual answers from the best-ranked passages, verbatim
checks. Every path gathers ``Evidence`` and asks ``chatbot.decide.decide`` whether the
documents answer; that is the only place an answer is refused.

``Context`` holds the components a path uses for one index version: the corpus view
(``chatbot.corpusview``), ranking (``chatbot.ranking``), evidence (``chatbot.evidence``) and
quoting (``chatbot.quoting``). One question is a ``Question`` value, passed along.
"""

from __future__ import annotations

import functools

import numpy as np

from chatbot.corpusview import CorpusView, is_heading
from chatbot.draft import Draft
from chatbot.evidence import Gatherer, fitting_field
from chatbot.quoting import Quoter, quoted
from chatbot.ranking import Passage, Question, Ranking
from chatbot.retrieve import HybridRetriever
from chatbot.tuning import Tuning
from chatbot.understand import Grounding, Understanding
from prompts import Prompts


class Context:
    """The components an answer path uses for one index version; no per-question state."""

    def __init__(self, index, retriever: HybridRetriever, prompts: Prompts, tuning: Tuning | None = None) -> None:
        self.index = index
        self.retriever = retriever
        self.corpus = CorpusView(index, prompts)
        t = tuning or Tuning.shipped()
        self.ranking = Ranking(self.corpus, retriever, t)
        self.gather = Gatherer(self.corpus, self.ranking, t)
        self.quoting = Quoter(self.corpus, t)
        c = self.corpus
        self.grounding = Grounding(c.line_titles, c.lexicon, c.domain_words, c.framing_words,
                                   functools.lru_cache(maxsize=2048)(self.ranking.person_like), c.parts,
                                   c.kinds_present, c.field_labels, c.own_kind_words)

    @property
    def t(self) -> Tuning:
        return self.ranking.t

    @t.setter
    def t(self, tuning: Tuning) -> None:
        self.ranking.t = self.gather.t = self.quoting.t = tuning

    @property
    def p(self) -> Prompts:
        return self.corpus.p

    @property
    def chunks(self):
        return self.corpus.chunks

    @property
    def by_id(self) -> dict[str, int]:
        return self.corpus.by_id

    @property
    def line_titles(self) -> dict[int, str]:
        return self.corpus.line_titles

    def bind(self, u: Understanding, vector: np.ndarray | None = None) -> Question:
        """The question as the paths take it; its embedding is made when a path first needs it."""
        return self.ranking.question(u, vector)

    def person_like(self, word: str) -> bool:
        return self.ranking.person_like(word)

    def query_vector(self, u: Understanding) -> np.ndarray:
        return self.ranking.query_vector(u)


__all__ = ["Draft", "Passage", "Question", "Context", "quoted", "is_heading", "fitting_field", "Tuning"]
