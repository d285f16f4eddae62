"""Which ambition line (or labelled part) something belongs to: the line of the best-ranked passage
that has one, or the part whose own title says the question's topic."""

from __future__ import annotations

from chatbot.answer import Context, Draft, Passage, quoted
from chatbot.lexicon import text_words
from chatbot.understand import Understanding
from ingest.lexical import fold


def spoken_label(ctx: Context, part) -> str:
    """A part's label in the words of the label asked for: its alias of that key, else its own label."""
    entry: dict = next((e for e in ctx.index.catalog.get("parts", []) if e.get("source") == part.source and e.get("label") == part.label), {})
    return next((a for a in entry.get("aliases", []) if fold(a).split()[0] == part.key.split()[0]), part.label)


def titled(u: Understanding, ctx: Context, best: Passage | None) -> Passage | None:
    """The heading of the part whose title holds every topic word ("OD 2.2 – Energiearmoede terugdringen"
    for "het terugdringen van energiearmoede"), when no ranked passage holds more of them."""
    if not u.known or not u.which_part:
        return None
    scored = []
    for p in ctx.parts:
        heading = ctx.part_heading.get((p.source, p.label))
        if heading is not None and ctx.part_of(heading, u.which_part) is not None:
            scored.append((ctx.lexicon.coverage(u.known, text_words(p.title)), -p.level, heading))
    if not scored:
        return None
    cover, _, heading = max(scored, key=lambda s: (s[0], s[1]))
    if cover < 1.0 or (best is not None and best.coverage >= cover):
        return None
    return Passage(heading, best.score if best else 1.0, best.dense if best else 0.0, cover)


def run(u: Understanding, ctx: Context) -> Draft:
    passages = [p for p in ctx.rank(u) if p.chunk.ambitielijn is not None and p.chunk.ambitielijn in ctx.lines]
    best = passages[0] if passages else None
    title_hit = titled(u, ctx, best)
    if title_hit is not None:
        best, passages = title_hit, [title_hit, *passages]
    evidence = ctx.evidence(u, "which_line", passages, [best.chunk] if best else [])
    decision = ctx.decide(evidence)
    if decision.answerable == "nee" or best is None:
        return ctx.refusal(u, decision, evidence, passages)
    chunk = best.chunk
    line = chunk.ambitielijn
    assert line is not None  # passages are those with a line
    title = ctx.lines[line]["title"]
    cites = ctx.citations()
    part = ctx.part_of(chunk, u.which_part) if u.which_part else None
    spoken = spoken_label(ctx, part) if part is not None else None
    if part is not None and (part.level > 1 or spoken != part.label):
        # "Onder welke OD valt …?": the part of that label the passage stands in, named as asked
        # ("Prioriteit A" for a heading "Hoofdstuk 2 Prioriteit A – …"), its heading cited.
        heading = ctx.part_heading.get((part.source, part.label))
        h = cites.add(heading, score=best.score) if heading is not None and heading.id != chunk.id else None
        said = ctx.p.say("delen.welke", deel=spoken, titel=part.title, bron=f" [{h}]" if h else "")
        quote = ctx.quote_window(chunk, u)
        n = cites.add(chunk, quote, score=best.score)
        text = f"{said}\n{quoted(quote)} [{n}]"
    else:
        # The line's own heading, when the plan labels it ("SD2 – …"), is cited with its name.
        heading = ctx.part_heading.get((part.source, part.label)) if part is not None else None
        h = cites.add(heading, score=best.score) if heading is not None and heading.id != chunk.id else None
        said = ctx.p.say("lijn.welke", lijn=line, titel=title) + (f" [{h}]" if h else "")
        quote = ctx.quote_window(chunk, u)
        n = cites.add(chunk, quote, score=best.score)
        text = f"{said}\n{ctx.p.say('lijn.welke_citaat', lijn=line)}\n{quoted(quote)} [{n}]"
    if decision.answerable == "deels":
        text = f"{ctx.p.get('algemeen.deels')}\n{text}"
    return Draft(text, cites, decision, evidence=evidence)
