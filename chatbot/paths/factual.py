"""Factual answers: the best-ranked passages, quoted, the asked value first."""

from __future__ import annotations

from dataclasses import replace

from chatbot.answer import Context, Draft, Question, quoted
from chatbot.corpusview import introduces_list
from chatbot.facts import fields
from chatbot.ranking import Passage
from chatbot.understand import Understanding, kinds
from chatbot.values import find_values
from ingest.chunk import Chunk


def run(q: Question, ctx: Context) -> Draft:
    u, quoting, gather = q.u, ctx.quoting, ctx.gather
    passages = ctx.ranking.ranked(q)
    chosen = quoting.choose(passages)
    # A value of the asked type goes first, with the passage that holds it.
    values = gather.fact_values(q, passages) if u.asks_for else []
    if u.extreme and values:
        values = extreme_first(of_kind(u, ctx, values + same_fields(ctx, values)), u.extreme)
    if values:
        holder = values[0][0]
        chosen = [holder] + [p for p in chosen if p.chunk.id != holder.chunk.id][: ctx.t.max_passages - 1]
    members = quoting.list_members(chosen[0], passages) if chosen and not values else []
    intro = quoting.list_intro(members[0]) if members else None
    if members:
        # A list is shown with its lead-in ("Om ... zetten we in op:"): the lead-in's words count as shown.
        shown = [intro, *members] if intro is not None else members
    else:
        shown = [p.chunk for p in chosen]
    evidence = gather.evidence(q, "factual", passages, shown)
    decision = gather.decide(evidence)
    if decision.answerable == "nee":
        return quoting.refusal(u, decision, evidence, passages)
    if decision.answerable == "deels" and not members:
        # The best passage does not settle it: offer the next ones too, as the ranking orders them.
        chosen = passages[: ctx.t.max_passages]
    cites = ctx.corpus.citations()
    if members:
        out = list_block(ctx, cites, intro, members, chosen[0].score)
    else:
        blocks = [(p, b) for p in chosen if (b := quoting.quote_passage(u, p, cites)) is not None]
        if not blocks:
            # Nothing could be quoted after all: no passage to answer with.
            evidence = replace(evidence, passages=0, items=None)
            return quoting.refusal(u, gather.decide(evidence), evidence, [])
        out = [quoting.lead(blocks[0][0].chunk), blocks[0][1]]
        if values:
            # The value's passage leads in a list ("De verdeling over de werven is als volgt:"): the list too.
            out += listed_after(ctx, cites, blocks[0][0])
        if len(blocks) > 1:
            out += ["", ctx.p.get("algemeen.ook_relevant"), *(b for _, b in blocks[1:])]
    if values and values[0][1] and decision.answerable == "ja":
        out.insert(0, value_line(ctx, q, *values[0]))
    text = "\n".join(out)
    if decision.answerable == "deels":
        text = f"{ctx.p.get('algemeen.verwant' if decision.reason == 'related' else 'algemeen.deels')}\n{text}"
    return Draft(text, cites, decision, evidence=evidence)


def listed_after(ctx: Context, cites, holder: Passage) -> list[str]:
    """The items of the list a passage introduces, numbered and cited (none when it introduces none)."""
    nxt = ctx.corpus.following(holder.chunk)
    if nxt is None or not introduces_list(holder.chunk, nxt):
        return []
    out: list[str] = []
    for c in (c for c in ctx.chunks if c.source == nxt.source and c.list_id == nxt.list_id):
        n = cites.add(c, score=holder.score)
        if n is not None:
            out.append(f"{len(out) + 1}. {quoted(c.text)} [{n}]")
    return out


def list_block(ctx: Context, cites, intro: Chunk | None, members: list[Chunk], score: float) -> list[str]:
    """A whole list, numbered, under its lead-in when it has one."""
    out = [ctx.p.get("lijst.opsomming")]
    if intro is not None and (n := cites.add(intro, score=score)) is not None:
        out[0] = f"{quoted(intro.text)} [{n}]"
    number = 0
    for member in members:
        n = cites.add(member, score=score)
        if n is not None:
            number += 1
            out.append(f"{number}. {quoted(member.text)} [{n}]")
    return out


def value_line(ctx: Context, q: Question, holder: Passage, value: str) -> str:
    """The asked value, named by the field that holds it ("Trekker: …") or by the kind of value asked."""
    label = next((lb for lb, v in fields(holder.chunk.text) if v == value), None)
    return ctx.p.say("feit.waarde", gevraagd=label.lower() if label else value_name(ctx, q.u, value), waarde=value)


def value_name(ctx: Context, u: Understanding, value: str) -> str:
    """The asked kind of value as the answer names it; "hoeveel compensatie" answered by an amount is "bedrag"."""
    found = find_values(value)
    if u.asks_for == "number" and found and found[0].type in ("money", "percent"):
        return ctx.p.get(f"gevraagd.{found[0].type}")
    return ctx.quoting.asked_name(u)


def extreme_first(values: list, side: str) -> list:
    """The found values with the highest (``side`` "most") or lowest amount first; values without an amount last."""
    def amount(value: str) -> float | None:
        found = [v.amount for v in find_values(value) if v.amount is not None]
        return found[0] if found else None

    measured = [(amount(text), i) for i, (_, text) in enumerate(values)]
    known = sorted((a, i) for a, i in measured if a is not None)
    if side == "most":
        known.reverse()
    order = [i for _, i in known] + [i for a, i in measured if a is None]
    return [values[i] for i in order]


def of_kind(u: Understanding, ctx: Context, values: list) -> list:
    """For "welk project …": the values in documents of that kind, when there are any."""
    spec = kinds().get(u.kind) if u.kind else None
    if spec is None or spec.unit != "document":
        return values
    types = {d["source"]: d.get("doc_type") for d in ctx.corpus.index.catalog.get("documents", [])}
    return [(p, v) for p, v in values if types.get(p.chunk.source) == u.kind] or values


def same_fields(ctx: Context, values: list) -> list:
    """Every passage's field of the label the found value stands under ("Budget"), for comparing all documents."""
    label = next((lb for holder, value in values for lb, v in fields(holder.chunk.text) if v == value), None)
    if label is None:
        return []
    seen = {p.chunk.id for p, _ in values}
    return [(Passage(chunk, 0.0, 0.0, 0.0), v) for chunk in ctx.chunks if chunk.id not in seen
            for lb, v in fields(chunk.text) if lb == label and v]
