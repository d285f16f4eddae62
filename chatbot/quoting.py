"""Quoting ranked passages: the passages for a question, the ones to quote, whole lists with their lead-in.

Shared by the answer paths (``chatbot/paths/``); no path calls another.
"""

from __future__ import annotations

from chatbot.answer import Context, Passage, introduces_list, is_plain_list, quoted
from chatbot.retrieve import Filters
from chatbot.understand import Understanding
from ingest.chunk import Chunk


def ranked(u: Understanding, ctx: Context) -> list[Passage]:
    """The question's passages, best first: in the line it names, and of the kind it names when one of
    that kind fits nearly as well ("Welke KPI gaat over ..."). Made once per question."""
    cached = getattr(ctx, "_ranked", None)
    if cached is not None and cached[0] is u:
        return cached[1]
    line_ok = u.ambitielijn is not None and u.ambitielijn in ctx.lines
    line = u.ambitielijn if line_ok else None
    passages = ctx.rank(u, Filters(ambitielijn=line))
    if u.kind and ctx.units.get(u.kind) and passages and passages[0].chunk.kind != u.kind:
        of_kind = ctx.rank(u, Filters(ambitielijn=line, kind=u.kind))
        if of_kind and of_kind[0].dense >= passages[0].dense - ctx.t.kind_margin:
            passages = of_kind + [p for p in passages if p.chunk.kind != u.kind]
    ctx._ranked = (u, passages)
    return passages


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
    chunks = ctx.chunks

    def following(c: Chunk) -> Chunk | None:
        pos = ctx.by_id[c.id] + 1
        return chunks[pos] if pos < len(chunks) else None

    via = best.via_heading
    chunk = via if via is not None and introduces_list(via, following(via)) else best.chunk
    nxt = following(chunk)
    if nxt is not None and introduces_list(chunk, nxt):  # introduces_list is False without nxt
        return [c for c in chunks if c.source == chunk.source and c.list_id == nxt.list_id]
    if is_plain_list(chunk):
        siblings = [p for p in passages[: ctx.t.list_depth] if p.chunk.list_id == chunk.list_id and p.chunk.source == chunk.source]
        if len(siblings) >= ctx.t.list_siblings:
            return [c for c in chunks if c.source == chunk.source and c.list_id == chunk.list_id]
    return []


def list_intro(ctx: Context, first: Chunk) -> Chunk | None:
    pos = ctx.by_id[first.id]
    if pos > 0:
        prev = ctx.chunks[pos - 1]
        if introduces_list(prev, first):
            return prev
    return None
