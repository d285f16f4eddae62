"""The labelled parts of a plan: "Welke OD's vallen onder SD3?", "Hoeveel strategische doelstellingen zijn er?"."""

from __future__ import annotations

from chatbot.answer import Context, Draft, Question, quoted
from chatbot.paths import which_line
from chatbot.stated import stated_count
from ingest.lexical import words


# A part's paragraph longer than this is left to the part's own answer ("Wat is OD 2.3?").
BODY_MAX_CHARS = 400


def run(q: Question, ctx: Context) -> Draft:
    u, corpus = q.u, ctx.corpus
    link = which_line.linking_field(q, ctx) if u.part is None and u.ambitielijn is None else None
    if link is not None and any(part.key == u.parts_of for part in link[1]):
        # "Aan welke doelen draagt de streekhub bij?": the parts the fiche of the project named says it serves.
        return which_line.linked(q, ctx, *link)
    parts = [p for p in corpus.parts if p.key == u.parts_of]
    parent = u.part
    if parent is None and u.ambitielijn is not None:
        parent = next((p.label for p in corpus.parts if p.level == 1 and p.line == u.ambitielijn), None)
    if parent is not None:
        parts = [p for p in parts if p.label != parent and corpus.under(p.source, p.label, parent)]
    evidence = ctx.gather.evidence(q, "list", [], items=len(parts))
    decision = ctx.gather.decide(evidence)
    if decision.answerable == "nee":
        return Draft(ctx.p.get("delen.geen"), corpus.citations(), decision, evidence=evidence)
    cites = corpus.citations()
    top = next((p for p in corpus.parts if p.label == parent), None)
    if top is not None:
        head = ctx.p.say("delen.onder", deel=top.label, titel=top.title, aantal=len(parts))
    else:
        head = ctx.p.say("delen.alle", aantal=len(parts))
    out = [head]
    stated = stated_count(ctx.chunks, {p.source for p in parts}, len(parts), frozenset(words(u.question)))
    if stated is not None and (n := cites.add(stated[0], stated[1], score=1.0)) is not None:
        out.append(f"{ctx.p.say('delen.in_de_tekst', citaat=quoted(stated[1]))} [{n}]")
    for number, p in enumerate(parts, 1):
        chunk = corpus.part_heading.get((p.source, p.label))
        n = cites.add(chunk, score=1.0) if chunk is not None else None
        out.append(f"{number}. {quoted(chunk.text)} [{n}]" if n is not None and chunk is not None else f"{number}. {p.label} {p.title}")
        # A part's own paragraph says what it means ("Tegen 2030 houden we jaarlijks 6 miljoen m³ …").
        body = corpus.part_body.get((p.source, p.label))
        if body is not None and len(body.text) <= BODY_MAX_CHARS and (b := cites.add(body, score=1.0)) is not None:
            out.append(f"   {quoted(body.text)} [{b}]")
    return Draft("\n".join(out), cites, decision, evidence=evidence)
