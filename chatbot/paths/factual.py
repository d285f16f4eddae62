"""Factual answers: the best-ranked passages, quoted, the asked value first."""

from __future__ import annotations

from dataclasses import replace

from chatbot.answer import Context, Draft, Passage, quoted
from chatbot.facts import fields
from chatbot.quoting import choose, list_intro, list_members, quote_passage, ranked
from chatbot.understand import Understanding, kinds
from chatbot.values import find_values


def value_name(u: Understanding, ctx: Context, value: str) -> str:
    """The asked kind of value as the answer names it; "hoeveel compensatie" answered by an amount is "bedrag"."""
    found = find_values(value)
    if u.asks_for == "number" and found and found[0].type in ("money", "percent"):
        return ctx.p.get(f"gevraagd.{found[0].type}")
    return ctx.asked_name(u)


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
    types = {d["source"]: d.get("doc_type") for d in ctx.index.catalog.get("documents", [])}
    return [(p, v) for p, v in values if types.get(p.chunk.source) == u.kind] or values


def same_fields(ctx: Context, values: list) -> list:
    """Every passage's field of the label the found value stands under ("Budget"), for comparing all documents."""
    label = next((lb for holder, value in values for lb, v in fields(holder.chunk.text) if v == value), None)
    if label is None:
        return []
    seen = {p.chunk.id for p, _ in values}
    return [(Passage(chunk, 0.0, 0.0, 0.0), v) for chunk in ctx.chunks if chunk.id not in seen
            for lb, v in fields(chunk.text) if lb == label and v]


def run(u: Understanding, ctx: Context) -> Draft:
    passages = ranked(u, ctx)
    chosen = choose(u, ctx, passages)
    # A value of the asked type goes first, with the passage that holds it.
    values = ctx.fact_values(u, passages) if u.asks_for else []
    if u.extreme and values:
        values = extreme_first(of_kind(u, ctx, values + same_fields(ctx, values)), u.extreme)
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
            # Nothing could be quoted after all: no passage to answer with.
            evidence = replace(evidence, passages=0, items=None)
            return ctx.refusal(u, ctx.decide(evidence), evidence, [])
        out = [ctx.lead(blocks[0][0].chunk), blocks[0][1]]
        if len(blocks) > 1:
            out += ["", ctx.p.get("algemeen.ook_relevant"), *(b for _, b in blocks[1:])]
    if values and values[0][1] and decision.answerable == "ja":
        holder, value = values[0]
        # A field says what it holds in its own label ("Trekker: …"): the answer names it so.
        label = next((lb for lb, v in fields(holder.chunk.text) if v == value), None)
        out.insert(0, ctx.p.say("feit.waarde", gevraagd=label.lower() if label else value_name(u, ctx, value), waarde=value))
    text = "\n".join(out)
    if decision.answerable == "deels":
        text = f"{ctx.p.get('algemeen.verwant' if decision.reason == 'related' else 'algemeen.deels')}\n{text}"
    return Draft(text, cites, decision, evidence=evidence)
