"""Lists and counts from the structure catalog: every item of a kind, for one line or all of them."""

from __future__ import annotations

from dataclasses import replace

from chatbot.answer import Context, Draft, Question, quoted
from chatbot.decide import Decision
from chatbot.facts import field_value
from chatbot.lexicon import function_words
from chatbot.stated import stated_count
from chatbot.understand import INTENT_COUNT, Understanding, kinds
from ingest.chunk import Chunk
from ingest.lexical import words
from ingest.structure import table_cells


def scope(u: Understanding, ctx: Context) -> list[Chunk]:
    kind = u.kind or "actie"
    items = ctx.corpus.units.get(kind, [])
    if u.ambitielijn is not None:
        wanted = {u.ambitielijn, *u.other_lines}
        items = [c for c in items if c.ambitielijn in wanted]
    if u.part is not None:
        items = [c for c in items if ctx.corpus.within(c, u.part)]
    return items


def by_number(u: Understanding, items: list[Chunk]) -> tuple[Chunk | None, Understanding]:
    """The item a question names by number: one whose own number is written so ("Actie 2.4"), else
    for "actie 3.5" the fifth of line 3, and for "actie 5" (with a line or part named) the fifth."""
    number = u.number or ""
    written = [c for c in items if (c.number or "").lower() == number.lower() and "." in number]
    if len(written) == 1:
        return written[0], u
    head, _, rest = number.rpartition(".")
    if head and head.isdigit() and rest.isdigit() and u.ambitielijn is None:
        return None, replace(u, ambitielijn=int(head), position=int(rest))
    if rest.isdigit() and not head:
        return None, replace(u, position=int(rest))
    return None, u


def run(q: Question, ctx: Context) -> Draft:
    u = q.u
    kind = u.kind or "actie"
    if u.number is not None:
        chosen, u = by_number(u, scope(u, ctx))
        q = q.with_u(u) if u is not q.u else q
        if chosen is not None:
            evidence = ctx.gather.evidence(q, "list", [], items=1)
            return exact_item(q, ctx, kind, chosen, evidence, ctx.gather.decide(evidence))
    items = scope(u, ctx)
    evidence = ctx.gather.evidence(q, "count" if u.intent == INTENT_COUNT else "list", [], items=len(items))
    decision = ctx.gather.decide(evidence)
    if decision.answerable == "nee":
        draft = ctx.quoting.refusal(u, decision, evidence, [])
        if decision.reason == "no_items":
            if u.ambitielijn is not None:
                draft.text = ctx.p.say("lijst.geen_soort_lijn", soort=ctx.corpus.kind_name(kind, 2), lijn=u.ambitielijn)
            else:
                draft.text = ctx.p.say("lijst.geen_soort", soort=ctx.corpus.kind_name(kind, 2))
        return draft
    if u.position is not None:
        return one_item(q, ctx, kind, items)
    return render(q, ctx, kind, items, decision, evidence)


def one_item(q: Question, ctx: Context, kind: str, items: list[Chunk]) -> Draft:
    """One item by its place in the list ("de derde actie van ambitielijn 2"), or how many there are."""
    u, p = q.u, ctx.p
    count = len(items)
    assert u.position is not None  # taken only for a question with a position
    index = count - 1 if u.position == -1 else u.position - 1
    evidence = ctx.gather.evidence(q, "list", [], items=1 if 0 <= index < count else 0)
    decision = ctx.gather.decide(evidence)
    line = u.ambitielijn if u.ambitielijn is not None and u.ambitielijn in ctx.corpus.lines and not u.other_lines else None
    where = p.say("lijst.positie_lijn", lijn=line, titel=ctx.corpus.lines[line]["title"]) if line is not None else p.get("lijst.positie_alle")
    if not 0 <= index < count:
        text = p.say("lijst.positie_te_ver", waar=where, aantal=count, soort=ctx.corpus.kind_name(kind, count))
        return Draft(text, ctx.corpus.citations(), decision, evidence=evidence)
    cites = ctx.corpus.citations()
    chunk = items[index]
    n = cites.add(chunk, score=1.0)
    head = p.say("lijst.positie", waar=where, nummer=index + 1, aantal=count, soort=ctx.corpus.kind_name(kind, 1))
    return Draft(f"{head}\n{quoted(chunk.text)} [{n}]", cites, decision, evidence=evidence)


def exact_item(q: Question, ctx: Context, kind: str, chunk: Chunk, evidence, decision) -> Draft:
    """One item by its own written number ("Actie 2.4"), with where it stands; a column of its row the
    question names ("Wie is de trekker van interventie I-2.2.2?") answered first, or said to be empty."""
    u, p = q.u, ctx.p
    cites = ctx.corpus.citations()
    n = cites.add(chunk, score=1.0)
    where = chunk.part or (f"{chunk.section_path}" if chunk.section_path else "")
    head = p.say("lijst.nummer", soort=ctx.corpus.kind_name(kind, 1), nummer=chunk.number or u.number, waar=where)
    # The question's words besides the item's kind word ("interventie") may name one of its row's columns.
    item_words = frozenset().union(*(k.cues for k in kinds().values()))
    asked = tuple(w for w in words(u.question)
                  if w not in function_words() and w not in item_words and not any(ch.isdigit() for ch in w))
    cell = field_value("", asked, table_cells(chunk.columns, chunk.text)[1:]) if chunk.columns else None
    if cell is not None and not cell[1]:
        # The row has the column and leaves it empty: the documents do not say it.
        nee = Decision("nee", "missing_fact", cell[0])
        opening = f"{p.get('algemeen.niet_gevonden')} {p.say('algemeen.ontbrekend_gegeven', gevraagd=cell[0])}"
        return Draft(f"{opening}\n{head}\n{quoted(chunk.text)} [{n}]", cites, nee, evidence=evidence)
    if cell is not None:
        head = f"{p.say('feit.waarde', gevraagd=cell[0], waarde=cell[1])}\n{head}"
    return Draft(f"{head}\n{quoted(chunk.text)} [{n}]", cites, decision, evidence=evidence)


def lead_in_line(ctx: Context, cites, items: list[Chunk]) -> list[str]:
    """How the document introduces the items ("Wat zijn voorbeelden van acties die ..."), quoted after
    them (the items keep the numbers of their citations); a reader counting them sees whether they are
    commitments or examples."""
    lead = ctx.corpus.lead_in(items)
    if lead is None or (n := cites.add(lead, score=1.0)) is None:
        return []
    return [f"{ctx.p.say('lijst.inleiding', citaat=quoted(lead.text))} [{n}]"]


def render(q: Question, ctx: Context, kind: str, items: list[Chunk], decision, evidence) -> Draft:
    """A numbered, cited list with its count; grouped per line when it spans several lines."""
    u, p = q.u, ctx.p
    cites = ctx.corpus.citations()
    count = len(items)
    soort = ctx.corpus.kind_name(kind, count)
    counting = u.intent == INTENT_COUNT
    lines_used = sorted({c.ambitielijn for c in items if c.ambitielijn is not None})
    part = next((r for r in ctx.corpus.parts if r.label == u.part), None) if u.part else None
    if part is not None:
        # "vallen deze projectbladen (1)": the plural with "deze", whatever the count.
        head = p.say("lijst.deel", deel=part.label, titel=part.title, aantal=count, soort=ctx.corpus.kind_name(kind, 2))
    elif u.ambitielijn is not None and u.ambitielijn in ctx.corpus.lines and not u.other_lines:
        key = "telling.lijn" if counting else "lijst.lijn"
        head = p.say(key, lijn=u.ambitielijn, titel=ctx.corpus.lines[u.ambitielijn]["title"], aantal=count, soort=soort)
    elif len(lines_used) > 1:
        key = "telling.alle" if counting else "lijst.alle_per_lijn"
        head = p.say(key, aantal=count, soort=soort, lijnen=len(lines_used), gebruikt=tuple(lines_used))
    else:
        head = p.say("lijst.alle", aantal=count, soort=soort)
    out = [head]
    stated = stated_count(ctx.chunks, {c.source for c in items}, count, frozenset(words(u.question))) if counting else None
    if stated is not None and (n := cites.add(stated[0], stated[1], score=1.0)) is not None:
        out.append(f"{p.say('delen.in_de_tekst', citaat=quoted(stated[1]))} [{n}]")
    grouped = len(lines_used) > 1
    current = object()
    number = 0
    for chunk in items:
        if grouped and chunk.ambitielijn != current:
            current = chunk.ambitielijn
            in_line = sum(1 for c in items if c.ambitielijn == current)
            title = (ctx.corpus.lines.get(current, {}) if current is not None else {}).get("title", "")  # lines has int keys
            out.append("")
            if current is None:
                out.append(p.say("lijst.kop_zonder_lijn", aantal=in_line))
            else:
                out.append(p.say("lijst.kop_lijn", lijn=current, titel=title, aantal=in_line))
        n = cites.add(chunk, score=1.0)
        if n is None:
            continue
        number += 1
        label = f"{ctx.corpus.unit_title(chunk)}: " if kinds()[kind].unit == "document" else ""
        out.append(f"{number}. {label}{quoted(chunk.text)} [{n}]")
    if counting and not grouped:
        out.extend(lead_in_line(ctx, cites, items))
    if u.compare and len(lines_used) > 1:
        per_line = {ln: sum(1 for c in items if c.ambitielijn == ln) for ln in lines_used}
        top = (min if u.compare == "least" else max)(per_line.values())
        winners = [ln for ln, n in per_line.items() if n == top]
        key = "telling.minste" if u.compare == "least" else "telling.meeste"
        out.insert(1, p.say(key, lijn=", ".join(map(str, winners)), aantal=top, soort=ctx.corpus.kind_name(kind, top)))
    return Draft("\n".join(out), cites, decision, evidence=evidence)
