"""Superlatives of a value over the parts or items that have one: "Welke pijler krijgt het meeste geld?",
"Welke maatregel binnen Pijler I heeft het grootste budget?", "Welk project is het duurst?".

Each candidate's value is read from the document's own form (after the part's label, in the item's
text, in a fiche's field); the highest or lowest amount answers, and the others are shown with theirs.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from chatbot.answer import Context, Draft, Question
from chatbot.corpusview import is_heading
from chatbot.evidence import amount_nouns, part_row, row_cell, value_after_label
from chatbot.facts import fields
from chatbot.ranking import Passage
from chatbot.understand import QUANTITIES, kinds
from chatbot.values import find_values, values_of_type
from ingest.chunk import Chunk
from ingest.dutch import sentence_spans


@dataclass(frozen=True)
class Candidate:
    name: str  # "Pijler I (Fietsen als eerste keuze)", a project's title, an item's opening words
    chunk: Chunk  # where its value stands
    value: str  # as written ("" when the candidate has the field but no amount: "nog te bepalen")
    amount: float | None


def amount_of(value: str) -> float | None:
    found = [v.amount for v in find_values(value) if v.amount is not None]
    return found[0] if found else None


def _of_parts(q: Question, ctx: Context) -> list[Candidate]:
    out = []
    for part in (p for p in ctx.corpus.parts if p.key == q.u.which_part):
        for chunk in ctx.chunks:
            value = None if is_heading(chunk) else value_after_label(chunk.text, part.label, q.u.asks_for or "")
            pairs = part_row(chunk, part) if not value and not is_heading(chunk) else None
            cell = row_cell(pairs, q.u.numbers) if pairs else None
            if cell:
                # A table per part: its value in the column asked, or the total ("Totaal: 6.000").
                value = f"{cell[0]}: {cell[1]}"
                out.append(Candidate(f"{part.label} ({part.title})", chunk, value, amount_of(cell[1])))
                break
            if value:
                out.append(Candidate(f"{part.label} ({part.title})", chunk, value, amount_of(value)))
                break
    return out


def _of_documents(q: Question, ctx: Context, kind: str) -> list[Candidate]:
    """A fiche's field with an amount; a field of the same label without one counts as "no amount"."""
    types = {d["source"]: d for d in ctx.corpus.index.catalog.get("documents", []) if d.get("doc_type") == kind}
    found: dict[str, Candidate] = {}
    labels: set[str] = set()
    for chunk in ctx.chunks:
        if chunk.source in types and chunk.source not in found:
            for label, value in fields(chunk.text):
                if values_of_type(value, q.u.asks_for or ""):
                    found[chunk.source] = Candidate(types[chunk.source].get("title") or chunk.title, chunk, value, amount_of(value))
                    labels.add(label)
    for chunk in ctx.chunks:
        if chunk.source in types and chunk.source not in found:
            for label, value in fields(chunk.text):
                if label in labels:
                    found[chunk.source] = Candidate(types[chunk.source].get("title") or chunk.title, chunk, value, None)
    return list(found.values())


def item_name(text: str, max_words: int = 10) -> str:
    """An item named by its first sentence, or its first words ("Maatregel 1 – Wegwerken van … schakels")."""
    spans = sentence_spans(text)
    first = text[spans[0][0] : spans[0][1]] if spans else text
    words = first.split()
    return (" ".join(words[:max_words]) + (" …" if len(words) > max_words else "")).rstrip(".:;, ")


def _of_items(q: Question, ctx: Context, kind: str) -> list[Candidate]:
    u, out = q.u, []
    for item in ctx.corpus.units.get(kind, []):
        if u.ambitielijn is not None and item.ambitielijn != u.ambitielijn:
            continue
        if u.part is not None and not ctx.corpus.within(item, u.part):
            continue
        values = values_of_type(item.text, u.asks_for or "", amount_words=amount_nouns(u))
        if values:
            out.append(Candidate(item_name(item.text), item, values[0].text, values[0].amount))
    return out


def candidates(q: Question, ctx: Context) -> list[Candidate]:
    """The parts or items the question compares, each with its value; once per question."""
    if "compare" not in q.memo:
        u, found = q.u, []
        if u.extreme and u.asks_for in QUANTITIES:
            spec = kinds().get(u.kind) if u.kind else None
            if u.which_part:
                found = _of_parts(q, ctx)
            elif spec is not None and spec.unit == "document":
                found = _of_documents(q, ctx, spec.name)
            elif spec is not None:
                found = _of_items(q, ctx, spec.name)
        q.memo["compare"] = found
    return q.memo["compare"]


def applies(q: Question, ctx: Context) -> bool:
    """Whether the question compares two or more candidates, at least one of them with an amount (a
    fiche whose field says "nog te bepalen" is shown as having none)."""
    found = candidates(q, ctx)
    return len(found) >= 2 and any(c.amount is not None for c in found)


def _sentence(chunk: Chunk, value: str) -> str:
    at = chunk.text.find(value)
    for start, end in sentence_spans(chunk.text):
        if start <= at < end:
            return chunk.text[start:end]
    return chunk.text


def run(q: Question, ctx: Context) -> Draft:
    found = candidates(q, ctx)
    measured = sorted((c for c in found if c.amount is not None), key=lambda c: c.amount or 0.0,
                      reverse=q.u.extreme == "most")
    best = measured[0]
    cites = ctx.corpus.citations()
    gevraagd = ctx.quoting.asked_name(q.u)
    head = ctx.p.say("vergelijk.most" if q.u.extreme == "most" else "vergelijk.least", gevraagd=gevraagd, naam=best.name,
                     waarde=best.value)
    out = [head]
    for c in [best, *(c for c in found if c is not best)]:
        n = cites.add(c.chunk, _sentence(c.chunk, c.value), score=1.0)
        shown = ctx.p.say("vergelijk.waarde", naam=c.name, waarde=c.value) if c.amount is not None else ctx.p.say(
            "vergelijk.geen", naam=c.name, waarde=c.value)
        out.append(f"- {shown}" + (f" [{n}]" if n else ""))
    passages = [Passage(c.chunk, 1.0, 1.0, 1.0) for c in measured]
    evidence = ctx.gather.evidence(q, "factual", passages, [c.chunk for c in found])
    # Every candidate's value was read where its part, item or fiche gives it: the comparison answers.
    evidence = replace(evidence, fact_found=True, coverage=1.0, all_coverage=1.0)
    return Draft("\n".join(out), cites, ctx.gather.decide(evidence), evidence=evidence)


__all__ = ["applies", "candidates", "run", "Candidate"]
