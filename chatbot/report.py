"""Group the questions the documents did not answer into topics, for the editors.

Input: rows of the question log (answered ``nee`` or ``deels``) and questions that got a
thumbs-down. A thumbs-down on a question that is also in the log, within an hour after
it, marks that row instead of counting twice.

Grouping: each distinct question (case and spacing ignored) is reduced to its topic words
(function words as ``chatbot/lexicon.py`` lists them, such as "welke", "doet", "de", and the
words every question here shares, "provincie", "Limburg", are dropped; "wie", "wanneer", "hoeveel", "waar" and
"waarom" stay, since they say what is missing), embedded with the index's embedder, and
clustered hierarchically with complete linkage: every two questions in a group are within
cosine distance ``DISTANCE``. Measured with ``benchmarks/report_groups.py`` on the
hand-labelled sets in ``benchmarks/report-questions.jsonl``: embedding whole questions let
the shared frame dominate (nearest neighbour of the same topic for under half of them,
against 0.67-0.80 with topic words); at 0.14, 1.00 of the pairs put together share a
topic on the dev set (recall 0.56) and 0.86 on the holdout set (recall 0.33). So groups
err on the side of splitting a topic rather than mixing two.
A group is named by its most typical question (the highest summed similarity to the
others, weighted by how often each was asked) and sorted by size, then by recency.
"""

from __future__ import annotations

import time
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from collections.abc import Iterator
from typing import Any, Callable

import numpy as np

from chatbot.lexicon import function_words
from chatbot.questionlog import question_key
from chatbot.settings import Limits
from ingest.lexical import stopwords, words

SHIPPED_LIMITS = Limits()
LINKAGE = "complete"  # every two questions of a group are within DISTANCE of each other
DISTANCE = 0.14  # cosine distance; chosen on the "dev" set of benchmarks/report-questions.jsonl
THUMBS_DOWN_WINDOW = timedelta(hours=1)
KEEP_WORDS = frozenset({"wie", "wanneer", "hoeveel", "waar", "waarom"})
SHARED_WORDS = frozenset({"provincie", "provinciale", "limburg", "limburgse", "limburgs", "competitief", "vraagbaak"})
DROP_WORDS = (function_words() | stopwords() | SHARED_WORDS) - KEEP_WORDS


@dataclass
class Entry:
    """One time a question went (partly) unanswered."""

    question: str
    created: str  # UTC, ISO 8601
    answerable: str | None  # "nee" | "deels" | None: a thumbs-down without a logged answer
    reason: str | None = None
    thumbs_down: bool = False
    times: int = 1  # a logged row counts the times it was asked that day
    last: str | None = None  # UTC, ISO 8601: the last of those times


def _last(entry: Entry) -> str:
    return entry.last or entry.created


def topic_text(question: str, max_chars: int = Limits.report_max_text_chars) -> str:
    """The words that carry a question's topic (see the module docstring); the question if none.

    At most ``max_chars``: the embedder's tokenizer wants bounded input.
    """
    kept = [w for w in words(question) if w not in DROP_WORDS]
    text = " ".join(kept) if kept else " ".join(unicodedata.normalize("NFKC", question).split())
    return text[:max_chars]


def _parse(iso_time: str) -> datetime:
    return datetime.fromisoformat(iso_time)


def merge(log_rows: list[dict], thumbs_down: list[dict], window: timedelta = THUMBS_DOWN_WINDOW) -> list[Entry]:
    """Entries from question-log rows and thumbs-down rows (``{"question", "created"}``)."""
    entries = [Entry(r["question"], r["created"], r["answerable"], r.get("reason"), times=max(1, int(r.get("times") or 1)),
                     last=r.get("last")) for r in log_rows]
    by_key: dict[str, list[Entry]] = {}
    for entry in entries:
        by_key.setdefault(question_key(entry.question), []).append(entry)
    for row in thumbs_down:
        voted = _parse(row["created"])
        match = next(
            (e for e in by_key.get(question_key(row["question"]), [])
             if not e.thumbs_down and timedelta(0) <= voted - _parse(e.created) and voted - _parse(_last(e)) <= window),
            None,
        )
        if match is not None:
            match.thumbs_down = True
        else:
            entries.append(Entry(row["question"], row["created"], None, None, True))
    return entries


def _cluster(vectors: np.ndarray, distance: float, method: str) -> np.ndarray:
    """Cluster labels (0..k-1) for unit vectors: hierarchical clustering on cosine distance."""
    if len(vectors) == 1:
        return np.zeros(1, dtype=int)
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import pdist

    condensed = np.clip(pdist(vectors, metric="cosine"), 0.0, 2.0)
    labels = fcluster(linkage(condensed, method=method), t=distance, criterion="distance")
    return labels - 1


def group(entries: list[Entry], embed: Callable[[list[str]], np.ndarray], distance: float = DISTANCE,
          method: str | None = None, text_of: Callable[[str], str] | None = None, limits: Limits = SHIPPED_LIMITS) -> list[dict]:
    """Topics, most frequent first: ``[{"topic", "count", "answerable", "thumbs_down", "reasons",
    "questions": [{"question", "count"}], "first", "last"}]``; past ``limits.report_max_clustered``, the rarest join their nearest group."""
    if not entries:
        return []
    distinct: dict[str, list[Entry]] = {}
    for entry in entries:
        distinct.setdefault(question_key(entry.question), []).append(entry)
    # Most asked, then most recent first: these are clustered when there are too many to cluster all.
    asked = {k: sum(e.times for e in v) for k, v in distinct.items()}
    keys = sorted(distinct, key=lambda k: (-asked[k], _desc(max(_last(e) for e in distinct[k]))))
    wording = {k: shown(distinct[k]) for k in keys}
    text_of = text_of or (lambda question: topic_text(question, limits.report_max_text_chars))
    vectors = np.asarray(embed([text_of(wording[k]) for k in keys]), dtype=np.float32)
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    head = min(len(keys), limits.report_max_clustered)
    labels = list(_cluster(vectors[:head], distance, method or LINKAGE))
    if head < len(keys):  # too many to cluster at once: the rarest join their nearest group, or stand alone
        centroids = np.stack([vectors[:head][np.asarray(labels) == g].mean(axis=0) for g in range(max(labels) + 1)])
        centroids /= np.linalg.norm(centroids, axis=1, keepdims=True)
        for i in range(head, len(keys)):
            sims = centroids @ vectors[i]
            best = int(np.argmax(sims))
            labels.append(best if 1 - sims[best] <= distance else max(labels) + 1)
    groups: dict[int, list[int]] = {}
    for i, label in enumerate(labels):
        groups.setdefault(int(label), []).append(i)

    out: list[dict[str, Any]] = []
    for members in groups.values():
        counts = np.array([asked[keys[i]] for i in members], dtype=np.float32)
        sims = vectors[members] @ vectors[members].T
        typical = members[int(np.argmax((sims * counts[None, :]).sum(axis=1) + 1e-3 * counts))]
        member_entries = [e for i in members for e in distinct[keys[i]]]
        statuses: Counter[str] = Counter()
        reasons: Counter[str] = Counter()
        for e in member_entries:
            if e.answerable:
                statuses[e.answerable] += e.times
            if e.reason:
                reasons[e.reason] += e.times
        asked_here: Iterator[dict[str, Any]] = ({"question": wording[keys[i]], "count": asked[keys[i]]} for i in members)
        questions = sorted(
            asked_here,
            key=lambda q: (-q["count"], q["question"].casefold()),
        )
        created = sorted([e.created for e in member_entries] + [_last(e) for e in member_entries])
        out.append({
            "topic": wording[keys[typical]],
            "count": sum(e.times for e in member_entries),
            "answerable": {"nee": statuses.get("nee", 0), "deels": statuses.get("deels", 0)},
            "thumbs_down": sum(e.thumbs_down for e in member_entries),
            "reasons": dict(reasons.most_common()),
            "questions": questions,
            "first": created[0],
            "last": created[-1],
        })
    out.sort(key=lambda g: (-g["count"], _desc(g["last"]), g["topic"].casefold()))
    return out


def shown(entries: list[Entry]) -> str:
    """The wording of a question as most often typed (the first of equals); linear in the entries."""
    counts: Counter = Counter()
    first: dict[str, int] = {}
    for i, e in enumerate(entries):
        counts[e.question] += e.times
        first.setdefault(e.question, i)
    return max(counts, key=lambda q: (counts[q], -first[q]))


def _desc(iso_time: str) -> float:
    return -_parse(iso_time).timestamp()


class EmbeddingCache:
    """Query embeddings of topic texts, remembered per process (the report is built repeatedly).

    Texts not seen before are embedded ``BATCH`` at a time (``embed_queries`` where the
    embedder has it): one call of the engine (or one worker round trip) per batch.
    """

    BATCH = 16  # small: the time budget of warm() is checked between batches

    def __init__(self, embedder, limit: int = 50_000) -> None:
        self.embedder = embedder
        self.limit = limit
        self._cache: dict[str, np.ndarray] = {}

    def _embed(self, texts: list[str]) -> list:
        many = getattr(self.embedder, "embed_queries", None)
        if many is not None:
            return many(texts)
        return [self.embedder.embed_query(t) for t in texts]

    def warm(self, texts: list[str], budget_s: float) -> set[str]:
        """Embed the texts not cached yet, in order, until ``budget_s`` has passed; returns those now cached."""
        started = time.monotonic()
        missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        for start in range(0, len(missing), self.BATCH):
            if time.monotonic() - started >= budget_s:
                break
            self(missing[start:start + self.BATCH])
        return {t for t in texts if t in self._cache}

    def __call__(self, texts: list[str]) -> np.ndarray:
        found = {t: self._cache[t] for t in dict.fromkeys(texts) if t in self._cache}
        missing = [t for t in dict.fromkeys(texts) if t not in found]
        for start in range(0, len(missing), self.BATCH):
            batch = missing[start:start + self.BATCH]
            for text, vector in zip(batch, self._embed(batch)):
                found[text] = np.asarray(vector, dtype=np.float32)
                if len(self._cache) >= self.limit:
                    self._cache.pop(next(iter(self._cache)))
                self._cache[text] = found[text]
        return np.stack([found[t] for t in texts]) if texts else np.zeros((0, 1), dtype=np.float32)
