"""Which ambition line something belongs to: the line of the best-ranked passage that has one."""

from __future__ import annotations

from chatbot.answer import Context, Draft, Question, quoted


def run(q: Question, ctx: Context) -> Draft:
    u, lines = q.u, ctx.corpus.lines
    passages = [p for p in ctx.ranking.rank(q) if p.chunk.ambitielijn is not None and p.chunk.ambitielijn in lines]
    best = passages[0] if passages else None
    evidence = ctx.gather.evidence(q, "which_line", passages, [best.chunk] if best else [])
    decision = ctx.gather.decide(evidence)
    if decision.answerable == "nee" or best is None:
        return ctx.quoting.refusal(u, decision, evidence, passages)
    chunk = best.chunk
    line = chunk.ambitielijn
    assert line is not None  # passages are those with a line
    title = lines[line]["title"]
    cites = ctx.corpus.citations()
    quote = ctx.quoting.quote_window(chunk, u)
    n = cites.add(chunk, quote, score=best.score)
    part = ctx.corpus.part_of(chunk, u.which_part) if u.which_part else None
    if part is not None and part.level > 1:
        # "Onder welke OD valt …?": the part of that label the passage stands in.
        text = f"{ctx.p.say('delen.welke', deel=part.label, titel=part.title)}\n{quoted(quote)} [{n}]"
    else:
        text = f"{ctx.p.say('lijn.welke', lijn=line, titel=title)}\n{ctx.p.say('lijn.welke_citaat', lijn=line)}\n{quoted(quote)} [{n}]"
    if decision.answerable == "deels":
        text = f"{ctx.p.get('algemeen.deels')}\n{text}"
    return Draft(text, cites, decision, evidence=evidence)
