"""Factual answers: the best-ranked passages, quoted; a broad question becomes a topic answer."""

from __future__ import annotations

from chatbot.answer import Context, Draft, Passage, quoted
from chatbot.paths import topic
from chatbot.retrieve import Filters
from chatbot.understand import Understanding
from ingest.chunk import Chunk


def run(u: Understanding, ctx: Context) -> Draft:
    line_ok = u.ambitielijn is not None and u.ambitielijn in ctx.lines
    line = u.ambitielijn if line_ok else None
    passages = ctx.rank(u, Filters(ambitielijn=line))
    if u.kind and ctx.units.get(u.kind) and passages and passages[0].chunk.kind != u.kind:
        # "Welke KPI gaat over ...": a passage of that kind, when one fits nearly as well.
        of_kind = ctx.rank(u, Filters(ambitielijn=line, kind=u.kind))
        if of_kind and of_kind[0].dense >= passages[0].dense - ctx.t.kind_margin:
            passages = of_kind + [p for p in passages if p.chunk.kind != u.kind]
    if topic.is_broad(u, ctx):
        about = topic.items_about(u, ctx, topic.candidates(u, ctx))
        if len(about) >= ctx.t.topic_min_items:
            return topic.render(u, ctx, about, passages)
    chosen = choose(u, ctx, passages)
    # A value of the asked type goes first, with the passage that holds it.
    values = ctx.fact_values(u, passages) if u.asks_for else []
    if values:
        holder = values[0][0]
        chosen = [holder] + [p for p in chosen if p.chunk.id != holder.chunk.id][: ctx.t.max_passages - 1]
    members = list_members(ctx, chosen[0], passages) if chosen and not values else []
    intro = list_intro(ctx, members[0]) if members else None
    if members:
        # A list is shown with its lead-in ("Om ... zetten we in op:"): the lead-in's words count as shown.
        shown = [intro, *members] if intro is not None else members
    else:
        shown = [p.chunk for p in chosen]
    evidence = ctx.evidence(u, "factual", passages, shown)
    decision = ctx.decide(evidence)
    if decision.answerable == "nee":
        return ctx.refusal(u, decision, evidence, passages)
    if decision.answerable == "deels" and not members:
        # The best passage does not settle it: offer the next ones too, as the ranking orders them.
        chosen = passages[: ctx.t.max_passages]
    cites = ctx.citations()
    if members:
        out = [ctx.p.get("lijst.opsomming")]
        if intro is not None and (n := cites.add(intro, score=chosen[0].score)) is not None:
            out[0] = f"{quoted(intro.text)} [{n}]"
        number = 0
        for member in members:
            n = cites.add(member, score=chosen[0].score)
            if n is not None:
                number += 1
                out.append(f"{number}. {quoted(member.text)} [{n}]")
    else:
        blocks = [(p, b) for p in chosen if (b := quote_passage(u, ctx, p, cites)) is not None]
        if not blocks:
            return ctx.refusal(u, decision, evidence, [])
        out = [ctx.lead(blocks[0][0].chunk), blocks[0][1]]
        if len(blocks) > 1:
            out += ["", ctx.p.get("algemeen.ook_relevant"), *(b for _, b in blocks[1:])]
    if values and values[0][1] and decision.answerable == "ja":
        out.insert(0, ctx.p.say("feit.waarde", gevraagd=ctx.asked_name(u), waarde=values[0][1]))
    text = "\n".join(out)
    if decision.answerable == "deels":
        text = f"{ctx.p.get('algemeen.verwant' if decision.reason == 'related' else 'algemeen.deels')}\n{text}"
    return Draft(text, decision.answerable, cites, decision.reason, evidence=evidence)


def quote_passage(u: Understanding, ctx: Context, p: Passage, cites) -> str | None:
    """A passage as quoted text with its citation; a heading it came from is shown as its context."""
    parts = []
    if p.via_heading is not None and (h := cites.add(p.via_heading, score=p.score)) is not None:
        parts.append(f"{quoted(p.via_heading.text)} [{h}]")
    members = list_members(ctx, p, []) if p.via_heading is not None else []
    if members:
        # A lead-in is shown with its whole list, never with its first item alone.
        numbered = [(m, n) for m in members if (n := cites.add(m, score=p.score)) is not None]
        parts += [f"{i}. {quoted(m.text)} [{n}]" for i, (m, n) in enumerate(numbered, 1)]
        return "\n".join(parts) if numbered else None
    quote = ctx.quote_window(p.chunk, u)
    n = cites.add(p.chunk, quote, score=p.score)
    if n is None:
        return None
    parts.append(f"{quoted(quote)} [{n}]")
    return "\n".join(parts)


def choose(u: Understanding, ctx: Context, passages: list[Passage]) -> list[Passage]:
    """The best passage, and the next ones that score nearly as well (never one of the same list twice)."""
    if not passages:
        return []
    best = passages[0]
    out = [best]
    for p in passages[1:]:
        if len(out) >= ctx.t.max_passages:
            break
        if p.score >= ctx.t.passage_ratio * best.score:
            out.append(p)
    return out


def list_members(ctx: Context, best: Passage, passages: list[Passage]) -> list[Chunk]:
    """The whole list when the best passage introduces one, or is one of its (non-item) bullets."""
    chunk = best.via_heading if best.via_heading is not None and best.via_heading.text.rstrip().endswith(":") else best.chunk
    pos = ctx.by_id[chunk.id]
    chunks = ctx.chunks
    if chunk.text.rstrip().endswith(":") and pos + 1 < len(chunks):
        nxt = chunks[pos + 1]
        if nxt.source == chunk.source and nxt.list_id and nxt.kind == "context":
            return [c for c in chunks if c.source == chunk.source and c.list_id == nxt.list_id]
    if chunk.list_id and chunk.kind == "context":
        siblings = [p for p in passages[: ctx.t.list_depth] if p.chunk.list_id == chunk.list_id and p.chunk.source == chunk.source]
        if len(siblings) >= ctx.t.list_siblings:
            return [c for c in chunks if c.source == chunk.source and c.list_id == chunk.list_id]
    return []


def list_intro(ctx: Context, first: Chunk) -> Chunk | None:
    pos = ctx.by_id[first.id]
    if pos > 0:
        prev = ctx.chunks[pos - 1]
        if prev.source == first.source and prev.text.rstrip().endswith(":"):
            return prev
    return None
