"""Topic answers: every item about a topic (actions, KPIs, analysis points, projects), best first.

"Wat doet de provincie voor toerisme?", "drones?", "Welke acties gaan over cultuur?" are
one kind of question: the answer lists every item about the topic with its count, and the
best paragraph when one fits. An item is about the topic when its meaning is close to the
question's and, unless it is very close, it shares a topic word (in any form: "toeristen"
finds "toerisme", "fietsen" finds "fietsroutenetwerk").
"""

from __future__ import annotations

from chatbot.answer import Context, Draft, Passage, Question, is_heading, quoted
from chatbot.corpusview import fiche_of
from chatbot.retrieve import Filters
from chatbot.understand import Understanding, kinds
from ingest.chunk import Chunk


def candidates(q: Question, ctx: Context) -> list[Chunk]:
    """The items a topic answer chooses from: of the kind asked for, else of every kind; of the line named."""
    u = q.u
    names = [u.kind] if u.kind else list(kinds())
    items = [c for name in names for c in ctx.corpus.units.get(name, [])]
    if u.ambitielijn is not None:
        items = [c for c in items if c.ambitielijn == u.ambitielijn]
    return items


def is_broad(u: Understanding, ctx: Context) -> bool:
    """A question about a topic as a whole: no particular fact asked, few topic words."""
    # Every content word must be the documents': with one they lack ("windmolens"), a list about
    # the others ("gebouwd") would answer another question.
    return (not u.asks_for and not u.definition and bool(u.known) and not u.unknown
            and len(u.terms) <= ctx.t.broad_max_terms and not u.numbers)


def about_topic(q: Question, ctx: Context) -> list[tuple[Chunk, float]]:
    """The items about the question's topic (``items_about`` of the ``candidates``); once per question."""
    if "about" not in q.memo:
        q.memo["about"] = items_about(q, ctx, candidates(q, ctx))
    return q.memo["about"]


def answers_broad(q: Question, ctx: Context) -> bool:
    """Whether a question about a topic as a whole ("drones?") has enough items about it to list them."""
    return is_broad(q.u, ctx) and len(about_topic(q, ctx)) >= ctx.t.topic_min_items


def broad(q: Question, ctx: Context) -> Draft:
    """Every item about the topic of a question about it as a whole, with the best passage when one fits."""
    return render(q, ctx, about_topic(q, ctx), ctx.ranking.ranked(q))


def items_about(q: Question, ctx: Context, items: list[Chunk]) -> list[tuple[Chunk, float]]:
    """Items about the question's topic with their relevance, best first.

    Which items are about it is decided by the topic's own words (``Ranking.topic_vector``), so a
    catalog search for those words finds the same items; when they find none, the meaning of the
    whole question decides ("Met welke indicatoren volgt de provincie het plan op?")."""
    u = q.u
    about = _about(u, ctx, items, ctx.ranking.topic_vector(q))
    if not about and q.vector is not None and u.question.strip() != u.topic_label.strip():
        about = _about(u, ctx, items, q.vector)
    return about


def _about(u: Understanding, ctx: Context, items: list[Chunk], vector) -> list[tuple[Chunk, float]]:
    if not items or vector is None:
        return []
    t = ctx.t
    dense = ctx.retriever.similarities(vector, items)
    scored = []
    for chunk, d in zip(items, dense):
        cov = max([ctx.ranking.coverage(u, chunk)] + [ctx.ranking.coverage(u, f) for f in field_lines(ctx, chunk)])
        scored.append((chunk, float(d) + t.topic_lexical * cov, float(d), cov))
    best = max(s for _, s, _, _ in scored)
    # About the topic by its words ("fietsen" in "fietsregio"), or, without them, by a meaning
    # nearly as close as the best item's.
    keep = [
        (chunk, s) for chunk, s, d, cov in scored
        if cov >= t.topic_min_coverage or (d >= t.topic_min_dense and s >= best - t.topic_margin)
    ]
    keep.sort(key=lambda x: (-x[1], x[0].position))
    return keep[: t.topic_max_items]


def found(q: Question, ctx: Context) -> tuple[list[Passage], list[tuple[Chunk, float]]]:
    """The passages in the line named and the items about the topic; once per question."""
    if "topic" not in q.memo:
        u = q.u
        line_ok = u.ambitielijn is not None and u.ambitielijn in ctx.corpus.lines
        passages = ctx.ranking.rank(q, Filters(ambitielijn=u.ambitielijn) if line_ok else None)
        about = about_topic(q, ctx) if line_ok or u.ambitielijn is None else []
        q.memo["topic"] = (passages, about)
    return q.memo["topic"]


def answers(q: Question, ctx: Context) -> bool:
    """Whether the items answer: some are about the topic, or the documents plainly have none (else the
    passages answer it, ``chatbot.paths.factual``)."""
    passages, about = found(q, ctx)
    return bool(about) or ctx.gather.decide(ctx.gather.evidence(q, "topic", passages, [], items=0)).answerable == "nee"


def run(q: Question, ctx: Context) -> Draft:
    """Every item about the topic, or a refusal (``answers`` says which questions this path takes)."""
    u = q.u
    passages, about = found(q, ctx)
    if about:
        return render(q, ctx, about, passages)
    evidence = ctx.gather.evidence(q, "topic", passages, [], items=0)
    decision = ctx.gather.decide(evidence)
    draft = ctx.quoting.refusal(u, decision, evidence, passages if decision.reason == "missing_fact" else [])
    if decision.reason == "no_items" and u.kind:
        draft.text = ctx.p.say("lijst.geen_items", soort=ctx.corpus.kind_name(u.kind, 2), onderwerp=u.topic_label)
    return draft


def render(q: Question, ctx: Context, about: list[tuple[Chunk, float]], passages: list[Passage]) -> Draft:
    """The numbered list of items about the topic, with the best paragraph first when one fits."""
    u, p = q.u, ctx.p
    cites = ctx.corpus.citations()
    items = [c for c, _ in about]
    kinds_used = {c.kind for c in items}
    count = len(items)
    soort = ctx.corpus.kind_name(items[0].kind, count) if len(kinds_used) == 1 else p.get("soort.passage_meervoud" if count > 1 else "soort.passage_enkelvoud")
    out = []
    # The best paragraph, when the ranking puts a passage that is not an item first; a list after
    # a lead-in ("Om ... zetten we in op:") is shown whole.
    best = passages[0] if passages else None
    lead_in = best is not None and best.via_heading is not None and bool(ctx.quoting.list_members(best, []))
    if best is not None and (best.chunk.item_index is None or lead_in) and best.chunk not in items and not u.kind and not is_heading(best.chunk):
        if lead_in:
            block = ctx.quoting.quote_passage(u, best, cites)
        else:
            quote = ctx.quoting.quote_window(best.chunk, u)
            block = f"{quoted(quote)} [{n}]" if (n := cites.add(best.chunk, quote, score=best.score)) is not None else None
        if block is not None:
            out += [ctx.quoting.lead(best.chunk), block, ""]
    onderwerp = topic_words(u, ctx, items)
    if u.ambitielijn is not None:
        out.append(p.say("lijst.onderwerp_lijn", lijn=u.ambitielijn, onderwerp=onderwerp, aantal=count, soort=soort))
    else:
        out.append(p.say("lijst.onderwerp", onderwerp=onderwerp, aantal=count, soort=soort))
    number = 0
    for chunk, score in about:
        n = cites.add(chunk, score=score)
        if n is None:
            continue
        number += 1
        out.append(f"{number}. {quoted(chunk.text)} [{n}]{label(ctx, chunk, len(kinds_used) > 1, u.ambitielijn is None)}")
        out += fitting_fields(u, ctx, chunk, cites, score)
    shown = [c for c, _ in about]
    evidence = ctx.gather.evidence(q, "topic", passages, shown, items=len(about))
    decision = ctx.gather.decide(evidence)
    if decision.answerable == "nee":
        return ctx.quoting.refusal(u, decision, evidence, passages)
    return Draft("\n".join(out), cites, decision, evidence=evidence)


def field_lines(ctx: Context, item: Chunk) -> list[Chunk]:
    """The ``Label: waarde`` passages of the document a document-wide item (a project fiche) stands for."""
    spec = kinds().get(item.kind)
    if spec is None or spec.unit != "document":
        return []
    return [c for c in ctx.corpus.field_chunks.get(item.source, []) if c.id != item.id and fiche_of(c) == fiche_of(item)]


def fitting_fields(u: Understanding, ctx: Context, item: Chunk, cites, score: float) -> list[str]:
    """A project's fields that say what the question asks of it ("Status: in uitvoering") where its
    description does not, quoted under it."""
    own = ctx.ranking.coverage(u, item)
    out = []
    for f in field_lines(ctx, item):
        if ctx.ranking.coverage(u, f) >= max(ctx.t.topic_min_coverage, own + 1e-9) and (m := cites.add(f, score=score)) is not None:
            out.append(f"   {quoted(f.text)} [{m}]")
    return out


def topic_words(u: Understanding, ctx: Context, items: list[Chunk]) -> str:
    """The topic as the user named it: of a Dutch question, the words most of the items share."""
    if u.english or not u.known:
        return u.topic_label
    shared = [t for t in u.known if sum(ctx.corpus.lexicon.found_in(t, ctx.corpus.words_of(c)) for c in items) * 2 >= len(items)]
    rarest = max(u.known, key=ctx.corpus.lexicon.weight)
    return " ".join(shared) if rarest in shared else u.topic_label


def label(ctx: Context, chunk: Chunk, with_kind: bool, with_line: bool) -> str:
    """" (actie, ambitielijn 3)": what an item is, where the list mixes kinds or lines."""
    parts = []
    if with_kind:
        parts.append(ctx.corpus.kind_name(chunk.kind, 1) if chunk.kind in kinds() else chunk.kind)
    if with_line and chunk.ambitielijn is not None:
        parts.append(ctx.p.say("lijst.in_lijn", lijn=chunk.ambitielijn))
    if kinds().get(chunk.kind) and kinds()[chunk.kind].unit == "document":
        parts.insert(0, ctx.corpus.unit_title(chunk))
    return f" ({', '.join(parts)})" if parts else ""
