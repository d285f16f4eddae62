"""Names: which places, organisations, programmes ... the documents mention by name.

"Welke regio's in het buitenland worden bij naam genoemd in de acties?", "Which companies are
named?": the answer lists every passage (of the kind asked for, of the line named) that names
something, with the names it holds, best-matching first. What a name stands for (a region
abroad, a company) the documents do not say and the embedder cannot tell reliably, so every
name is shown and the user judges; the ranking puts the passages closest to the question first.

A name is a run of capitalised words ("regio Eindhoven, Noordrijn Westfalen"); one that opens a
sentence only when the documents also write it capitalised inside a sentence. A name made only
of the domain's own name and its derivations ("Limburg", "Limburgse") names the subject of every
passage, not something mentioned.
"""

from __future__ import annotations

import re
import weakref

from chatbot.answer import Context, Draft, Question, is_heading, quoted
from chatbot.corpusview import CorpusView
from chatbot.understand import Understanding, kinds
from ingest.chunk import Chunk
from ingest.lexical import fold

# A capitalised word, possibly hyphenated or with a possessive ("KMO’s", "Zuid-Limburg").
_WORD = r"[A-ZÀ-Þ][\w’'-]*"
NAME_RUN = re.compile(rf"(?<![\w’'-]){_WORD}(?:\s+{_WORD})*")
# Where a sentence opens: after a full stop, question or exclamation mark, colon or ellipsis
# (and any opening bracket or quote).
_OPENING = re.compile(r"[.!?:…]\s*[\"“„‘'(]*\s*$")


def runs(text: str) -> list[tuple[list[str], bool]]:
    """The runs of capitalised words in ``text``, each with whether it opens a sentence."""
    out = []
    lead = len(text) - len(text.lstrip(" \t\n\"“„‘'(•-"))  # what may stand before the first word
    for m in NAME_RUN.finditer(text):
        opening = m.start() <= lead or bool(_OPENING.search(text[max(0, m.start() - 8) : m.start()]))
        out.append((m.group(0).split(), opening))
    return out


def names_in(text: str, own: frozenset[str] = frozenset(), attested: frozenset[str] = frozenset()) -> list[str]:
    """The names in ``text``, in order, each once.

    A capitalised word that opens a sentence is a name only when the documents also write it
    capitalised inside a sentence (``attested``, folded): "Overheden" and "Ook" are not,
    "Droneport" is. None is made only of ``own`` words (the domain's name, folded): "Limburgse" is
    the subject, "Nederlands Limburg" a name.
    """
    out: list[str] = []
    for words, opening in runs(text):
        if opening and fold(words[0]) not in attested:
            words = words[1:]
        name = " ".join(words).strip("-’'")
        if not name or all(any(fold(w).startswith(o) for o in own) for w in name.split()):
            continue
        if name not in out:
            out.append(name)
    return out


_ATTESTED: "weakref.WeakKeyDictionary[CorpusView, frozenset[str]]" = weakref.WeakKeyDictionary()


def attested_names(corpus: CorpusView) -> frozenset[str]:
    """The words the documents capitalise inside a sentence (folded); once per index version."""
    if corpus not in _ATTESTED:
        _ATTESTED[corpus] = frozenset(fold(w) for c in corpus.chunks for words, opening in runs(c.text) for w in words[opening:])
    return _ATTESTED[corpus]


def scope(u: Understanding, ctx: Context) -> list[Chunk]:
    """Items of the kind asked for, else every passage that is not a heading; of the line named."""
    if u.kind:
        chunks = ctx.corpus.units.get(u.kind, [])
    else:
        chunks = [c for c in ctx.corpus.chunks if not is_heading(c)]
    if u.ambitielijn is not None:
        chunks = [c for c in chunks if c.ambitielijn == u.ambitielijn]
    return chunks


def named(q: Question, ctx: Context) -> list[tuple[Chunk, list[str], float]]:
    """The passages in scope that name something, with their names, closest to the question first."""
    u = q.u
    own, attested = ctx.corpus.domain_words, attested_names(ctx.corpus)
    found = [(c, names) for c in scope(u, ctx) if (names := names_in(c.text, own, attested))]
    if not found:
        return []
    chunks = [c for c, _ in found]
    dense = ctx.retriever.similarities(q.vector, chunks) if q.vector is not None else [0.0] * len(chunks)
    scored = [(c, names, float(d) + ctx.t.topic_lexical * ctx.ranking.coverage(u, c)) for (c, names), d in zip(found, dense)]
    scored.sort(key=lambda x: (-x[2], x[0].position))
    return scored[: ctx.t.names_max_items]


def run(q: Question, ctx: Context) -> Draft:
    u = q.u
    p = ctx.p
    line_ok = u.ambitielijn is None or u.ambitielijn in ctx.corpus.lines
    found = named(q, ctx) if line_ok else []
    evidence = ctx.gather.evidence(q, "names", [], [c for c, _, _ in found], items=len(found))
    decision = ctx.gather.decide(evidence)
    soort_of = lambda n: ctx.corpus.kind_name(u.kind, n) if u.kind else p.get("soort.passage_meervoud" if n != 1 else "soort.passage_enkelvoud")  # noqa: E731
    if decision.answerable == "nee":
        draft = ctx.quoting.refusal(u, decision, evidence, [])
        if decision.reason == "no_items":
            draft.text = p.say("namen.geen", soort=soort_of(2))
        return draft
    cites = ctx.corpus.citations()
    count = len(found)
    if u.ambitielijn is not None:
        key = "namen.kop_lijn_een" if count == 1 else "namen.kop_lijn"
    else:
        key = "namen.kop_een" if count == 1 else "namen.kop"
    head = p.say(key, lijn=u.ambitielijn, aantal=count, soort=soort_of(count))
    out = [head]
    number = 0
    for chunk, names, score in found:
        n = cites.add(chunk, score=score)
        if n is None:
            continue
        number += 1
        out.append(f"{number}. {', '.join(names)}: {quoted(chunk.text)} [{n}]{label(u, ctx, chunk)}")
    out += ["", p.get("namen.toelichting")]
    text = "\n".join(out)
    if decision.answerable == "deels":
        text = f"{p.get('algemeen.deels')}\n{text}"
    return Draft(text, cites, decision, evidence=evidence)


def label(u: Understanding, ctx: Context, chunk: Chunk) -> str:
    """" (actie, ambitielijn 3)": what a passage is, where the question did not say."""
    parts = []
    if not u.kind and chunk.kind in kinds():
        parts.append(ctx.corpus.kind_name(chunk.kind, 1))
    if u.ambitielijn is None and chunk.ambitielijn is not None:
        parts.append(ctx.p.say("lijst.in_lijn", lijn=chunk.ambitielijn))
    return f" ({', '.join(parts)})" if parts else ""
