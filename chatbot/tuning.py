"""Every threshold and weight of answering, in one place.

The values ``benchmarks/tune.py`` chose by 5-fold cross-validation over the dev questions (it prints
the held-out scores per fold) are in ``chatbot/data/tuned.json``, which ``tune.py --write`` writes
and ``Tuning.shipped()`` / ``FusionWeights.shipped()`` read; the defaults below are the values
where that file says nothing.

Not in its grid, because the scores cannot see them: limits of how much is shown
(``candidates``, ``long_chunk``, ``list_depth``, ``list_siblings``, ``related_passages``,
``topic_max_items``, ``names_max_items``, ``count_window``, ``fact_sentence_bonus``, which were searched once and
left where the scores were flat), and the lines between ``ja`` and ``deels``
(``yes_coverage``, ``yes_all_coverage``) and of a verbatim check (``verbatim_close``,
``verbatim_related``): the question sets score a refusal, not ``ja`` against ``deels``,
and have too few verbatim checks that miss. These are set by what they mean: half the
question's words, four fifths of the wording. ``person_margin`` is set on a list of nouns for
persons and for things (``tests/chatbot/test_person_nouns.py``), not on the question sets.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields, replace
from functools import lru_cache
from importlib.resources import files

TUNED = files("chatbot") / "data" / "tuned.json"


@lru_cache(maxsize=1)
def tuned_values() -> dict:
    """``{"tuning": {...}, "fusion": {...}}``: the values ``benchmarks/tune.py`` wrote (empty without a file)."""
    try:
        return json.loads(TUNED.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}


@dataclass(frozen=True)
class Tuning:
    # -- ranking -------------------------------------------------------------------------
    candidates: int = 12  # ranked passages an answer path looks at
    terms_query_weight: float = 0.4  # share of the content words' own embedding in the query embedding
    heading_inherit: float = 0.95  # share of a heading's score passed to the first passage of its section
    kind_boost: float = 0.10  # added to passages of the kind a question names ("Welke KPI ...")
    kind_margin: float = 0.02  # a passage of that kind goes first when its similarity is within this of the best
    coverage_tiebreak: float = 0.05  # weight of topic-word coverage when two passages score alike

    # -- factual answers ------------------------------------------------------------------
    max_passages: int = 3  # passages quoted in one answer
    passage_ratio: float = 0.8  # further passages need this share of the best passage's score
    long_chunk: int = 320  # longer passages are quoted by their best sentences
    sentence_window: int = 2  # sentences quoted from a long passage
    fact_sentence_bonus: float = 0.2  # a sentence holding the kind of fact asked for is preferred by this much
    list_depth: int = 5  # ranked passages looked at for bullets of one list ...
    list_siblings: int = 2  # ... and how many of them make the answer the whole list
    related_passages: int = 3  # passages offered with a refusal

    # -- topic answers ----------------------------------------------------------------------
    topic_lexical: float = 0.05  # weight of topic-word coverage next to the similarity of meaning
    topic_min_coverage: float = 0.5  # items that share this much of the topic words are about it
    topic_min_dense: float = 0.84  # ... and so are those this close in meaning
    topic_margin: float = 0.03  # ... and within this of the best item's relevance
    topic_max_items: int = 12
    names_max_items: int = 30  # passages shown by a names answer ("Welke regio's worden bij naam genoemd?")
    topic_min_items: int = 2  # fewer items about the topic: a factual answer instead
    broad_max_terms: int = 2  # a question with at most this many topic words may be broad

    # -- the decision (chatbot/decide.py) ---------------------------------------------------
    evidence_depth: int = 3  # top passages searched for the asked-for kind of fact
    evidence_coverage: float = 0.5  # share of the topic words a passage needs to count as evidence
    count_window: int = 4  # words between a number and the thing it counts
    off_topic_dense: float = 0.82  # below this similarity, with no topic word covered: nothing about it
    off_topic_coverage: float = 0.25  # ... and below this share of the question's words covered
    yes_coverage: float = 0.5  # share of the topic words in the quoted passages for "ja"
    yes_all_coverage: float = 0.5  # ... and of all the question's content words, known to the documents or not
    verbatim_close: float = 0.8  # similarity of the closest wording that still settles a verbatim check
    verbatim_related: float = 0.5  # below this, the closest wording is not shown
    person_margin: float = 0.025  # "welke X" this much closer to "welke persoon" than to "welke zaak": X is a kind of person

    def with_values(self, **values) -> "Tuning":
        return replace(self, **values)

    @classmethod
    def shipped(cls) -> "Tuning":
        """The defaults with the values tuned by cross-validation (``chatbot/data/tuned.json``)."""
        known = set(cls.names())
        return cls(**{k: v for k, v in tuned_values().get("tuning", {}).items() if k in known})

    @classmethod
    def names(cls) -> list[str]:
        return [f.name for f in fields(cls)]


@dataclass(frozen=True)
class FusionWeights:
    """How the retriever fuses the dense and the BM25 ranking (``chatbot/retrieve.py``)."""

    dense: float = 0.7
    bm25: float = 0.3
    candidates: int = 40  # taken from each retriever before fusion
    # Share of the best sub-query's fused score in a passage's score, when a question has
    # sub-queries (``sub_queries``); the whole question keeps the rest.
    subqueries: float = 0.0

    @classmethod
    def shipped(cls) -> "FusionWeights":
        """The defaults with the weights tuned by cross-validation (``chatbot/data/tuned.json``)."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in tuned_values().get("fusion", {}).items() if k in known})


@dataclass(frozen=True)
class VerifyTuning:
    """Thresholds of the verifier, tuned on the crafted outputs in tests/chatbot/test_verify.py."""

    min_overlap: float = 0.6  # share of a sentence's content words found in its cited passages
    min_kept_share: float = 0.5  # share of claim sentences that must survive, else fall back
    max_sentences: int = 12  # more is rambling (a base model repeating itself): the rest is dropped
