"""Which ambition line something belongs to: the line of the best-ranked passage that has one."""

from __future__ import annotations

from chatbot.answer import Context, Draft, quoted
from chatbot.understand import Understanding


def run(u: Understanding, ctx: Context) -> Draft:
    passages = [p for p in ctx.rank(u) if p.chunk.ambitielijn is not None and p.chunk.ambitielijn in ctx.lines]
    best = passages[0] if passages else None
    evidence = ctx.evidence(u, "which_line", passages, [best.chunk] if best else [])
    decision = ctx.decide(evidence)
    if decision.answerable == "nee" or best is None:
        return ctx.refusal(u, decision, evidence, passages)
    chunk = best.chunk
    line = chunk.ambitielijn
    assert line is not None  # passages are those with a line
    title = ctx.lines[line]["title"]
    cites = ctx.citations()
    quote = ctx.quote_window(chunk, u)
    n = cites.add(chunk, quote, score=best.score)
    part = ctx.part_of(chunk, u.which_part) if u.which_part else None
    if part is not None and part.level > 1:
        # "Onder welke OD valt …?": the part of that label the passage stands in.
        text = f"{ctx.p.say('delen.welke', deel=part.label, titel=part.title)}\n{quoted(quote)} [{n}]"
    else:
        text = f"{ctx.p.say('lijn.welke', lijn=line, titel=title)}\n{ctx.p.say('lijn.welke_citaat', lijn=line)}\n{quoted(quote)} [{n}]"
    if decision.answerable == "deels":
        text = f"{ctx.p.get('algemeen.deels')}\n{text}"
    return Draft(text, cites, decision, evidence=evidence)
