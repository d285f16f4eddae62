"""The ambition lines themselves: the title (and subtitle) of the lines a question names, or all of them."""

from __future__ import annotations

from dataclasses import replace

from chatbot.answer import Context, Draft, Question, quoted
from chatbot.stated import stated_count
from chatbot.understand import INTENT_LINES
from ingest.chunk import Chunk
from ingest.lexical import words
from ingest.structure import SEP, SectionLabels


def heading_chunks(ctx: Context, line: int) -> list[Chunk]:
    """The line's heading and subtitle passages (found by the section names ``ingest.structure`` gives them)."""
    corpus = ctx.corpus
    info = corpus.lines.get(line, {})
    if info.get("label"):
        # A plan's own label ("SD3"): its heading, as the structure recorded it.
        chunk = corpus.part_heading.get((info.get("source"), info["label"]))
        return [chunk] if chunk is not None else []
    labels = SectionLabels.from_prompts(ctx.p)
    part = labels.ambition_line(line)
    heading = [c for c in corpus.chunks if c.ambitielijn == line and c.kind == "titel" and c.section_path == part]
    subtitle = [c for c in corpus.chunks if c.ambitielijn == line and c.section_path == f"{part}{SEP}{labels.subtitle}"]
    return heading[:1] + subtitle[:1]


def run(q: Question, ctx: Context) -> Draft:
    u, lines, gather = q.u, ctx.corpus.lines, ctx.gather
    if u.intent == INTENT_LINES or u.ambitielijn is None:
        return overview(q, ctx)
    if u.part is not None:
        return part_title(q, ctx)
    wanted = (u.ambitielijn, *u.other_lines)
    evidence = gather.evidence(q, "line_title", [], items=sum(1 for n in wanted if n in lines))
    missing = [n for n in wanted if n not in lines]
    decision = gather.decide(evidence)
    if decision.answerable == "nee" or missing:
        named = replace(u, ambitielijn=missing[0] if missing else u.ambitielijn)
        return ctx.quoting.refusal(named, gather.decide(replace(evidence, line_exists=False)), evidence, [])
    cites = ctx.corpus.citations()
    paragraphs = []
    for line in wanted:
        info = lines[line]
        parts = []
        for chunk in heading_chunks(ctx, line):
            n = cites.add(chunk, score=1.0)
            if n is None:
                continue
            if chunk.kind == "titel":
                parts.append(f"{ctx.p.say('lijn.titel', lijn=line, titel=info['title'])} [{n}]")
            else:
                parts.append(f"{ctx.p.say('lijn.ondertitel', ondertitel=chunk.text)} [{n}]")
        # A plan's own part ("Opgave 2"): what it is about, in its first paragraph, as for a part below it.
        body = ctx.corpus.part_body.get((info.get("source"), info["label"])) if info.get("label") else None
        if body is not None and parts and (b := cites.add(body, score=1.0)) is not None:
            parts[-1] += f"\n{quoted(body.text)} [{b}]"
        paragraphs.append(" ".join(parts) or ctx.p.say("lijn.titel", lijn=line, titel=info["title"]))
    return Draft("\n\n".join(paragraphs), cites, decision, evidence=evidence)


def overview(q: Question, ctx: Context) -> Draft:
    """All ambition lines, numbered, each cited by its heading."""
    lines = ctx.corpus.lines
    evidence = ctx.gather.evidence(q, "lines", [], items=len(lines))
    decision = ctx.gather.decide(evidence)
    if decision.answerable == "nee":
        draft = ctx.quoting.refusal(q.u, decision, evidence, [])
        draft.text = ctx.p.get("lijn.geen_lijnen")
        return draft
    cites = ctx.corpus.citations()
    out = [ctx.p.say("lijn.overzicht", aantal=len(lines))]
    sources = {str(info.get("source")) for info in lines.values() if info.get("source")} or {c.source for c in ctx.chunks}
    stated = stated_count(ctx.chunks, sources, len(lines), frozenset(words(q.u.question)))
    if stated is not None and (n := cites.add(stated[0], stated[1], score=1.0)) is not None:
        out.append(f"{ctx.p.say('delen.in_de_tekst', citaat=quoted(stated[1]))} [{n}]")
    for number in sorted(lines):
        heading = heading_chunks(ctx, number)[:1]
        n = cites.add(heading[0], score=1.0) if heading else None
        marker = f" [{n}]" if n else ""
        out.append(f"{number}. {quoted(lines[number]['title'])}{marker}")
    return Draft("\n".join(out), cites, decision, evidence=evidence)


def part_title(q: Question, ctx: Context) -> Draft:
    """What a labelled part below the top level is called ("Wat is OD 1.3?"), cited by its heading."""
    ref = next(p for p in ctx.corpus.parts if p.label == q.u.part)
    evidence = ctx.gather.evidence(q, "line_title", [], items=1)
    cites = ctx.corpus.citations()
    chunk = ctx.corpus.part_heading.get((ref.source, ref.label))
    n = cites.add(chunk, score=1.0) if chunk is not None else None
    text = ctx.p.say("delen.titel", deel=ref.label, titel=ref.title) + (f" [{n}]" if n else "")
    body = ctx.corpus.part_body.get((ref.source, ref.label))
    if body is not None and (b := cites.add(body, score=1.0)) is not None:
        text += f"\n{quoted(body.text)} [{b}]"
    return Draft(text, cites, ctx.gather.decide(evidence), evidence=evidence)
