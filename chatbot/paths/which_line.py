"""Which ambition line (or labelled part) something belongs to: the line of the best-ranked passage
that has one, or the part whose own title says the question's topic."""

from __future__ import annotations

import re
from dataclasses import replace

from chatbot.answer import Context, Draft, Question, quoted
from chatbot.facts import fields
from chatbot.lexicon import text_words
from ingest.lexical import stopwords
from chatbot.ranking import Passage
from ingest.lexical import fold


# How far down the ranking a passage inside a part of the asked label is looked for.
WITHIN_DEPTH = 5
# How far down the ranking a project fiche's field that names the plan's parts is looked for.
LINK_DEPTH = 5


def spoken_label(ctx: Context, part) -> str:
    """A part's label in the words of the label asked for: its alias of that key, else its own label."""
    entry: dict = next((e for e in ctx.corpus.index.catalog.get("parts", [])
                        if e.get("source") == part.source and e.get("label") == part.label), {})
    return next((a for a in entry.get("aliases", []) if fold(a).split()[0] == part.key.split()[0]), part.label)


def titled(q: Question, ctx: Context, best: Passage | None) -> Passage | None:
    """The heading of the part whose title holds every topic word ("OD 2.2 – Energiearmoede terugdringen"
    for "het terugdringen van energiearmoede"), when no ranked passage holds more of them."""
    u, corpus = q.u, ctx.corpus
    if not u.known or not u.which_part:
        return None
    scored = []
    for p in corpus.parts:
        heading = corpus.part_heading.get((p.source, p.label))
        if heading is not None and corpus.part_of(heading, u.which_part) is not None:
            scored.append((corpus.lexicon.coverage(u.known, text_words(p.title)), -p.level, heading))
    if not scored:
        return None
    cover, _, heading = max(scored, key=lambda s: (s[0], s[1]))
    if cover < 1.0 or (best is not None and best.coverage >= cover):
        return None
    return Passage(heading, best.score if best else 1.0, best.dense if best else 0.0, cover)


_ITEM_CODE = re.compile(r"\b[A-Z]{1,3}\d{1,2}(?:\.\d{1,2})+\b")


def named_item(q: Question, ctx: Context) -> Passage | None:
    """The passage that opens with a label and code the question writes ("M3.2.1"), if one does."""
    for code in _ITEM_CODE.findall(q.u.question):
        chunk = next((c for c in ctx.chunks if c.text.startswith(code) and c.ambitielijn is not None
                      and not c.text[len(code) : len(code) + 1].isalnum()), None)
        if chunk is not None:
            return Passage(chunk, 1.0, 1.0, 1.0)
    return None


def linking_field(q: Question, ctx: Context) -> tuple[Passage, list] | None:
    """A project fiche's field that names the plan's parts ("Bijdrage aan: Pijler I, Speerpunt I.2"), in
    the fiche among the best passages whose title the question names ("F27", "scholen"); with those parts."""
    corpus = ctx.corpus
    projects = {d["source"]: d.get("title") or "" for d in corpus.index.catalog.get("documents", []) if d.get("doc_type") == "project"}
    asked = set(re.findall(r"\w+", fold(q.u.question)))

    def all_words(title: str) -> set[str]:
        return {w for w in re.findall(r"\w+", fold(title)) if len(w) >= 3 and w not in stopwords()}

    # A word every fiche's title has ("Projectfiche") names none of them.
    shared = set.intersection(*(all_words(t) for t in projects.values())) if len(projects) > 1 else set()

    def title_words(title: str) -> set[str]:
        return all_words(title) - shared

    ranked = ctx.ranking.ranked(q)
    # The fiches among the best passages, then any fiche whose title alone names the project asked.
    fiches = [p for p in ranked[:LINK_DEPTH] if p.chunk.source in projects]
    by_title = sorted(projects, key=lambda src: -len(title_words(projects[src]) & asked))
    topic = tuple(t for t in q.u.known if not any(t.startswith(p.key) for p in corpus.parts))
    for src in by_title[:1]:
        first = next((p for p in ranked if p.chunk.source == src), None)
        if first is None or not title_words(projects[src]) & asked or first in fiches:
            continue
        # Found by its title alone: the fiche must be about the rest of the question too ("de herinrichting
        # van de stationsomgeving van Tervoort" is not the fietssnelweg Tervoort–Lindebeek).
        fiche = frozenset().union(*(corpus.words_of(c) for c in ctx.chunks if c.source == src))
        if not topic or corpus.lexicon.coverage(topic, fiche) >= 0.99:  # every word of it
            fiches.append(first)
    for p in fiches:
        title = title_words(p.chunk.title or "")
        if not title & asked:
            continue
        for chunk in (c for c in ctx.chunks if c.source == p.chunk.source):
            pairs = fields(chunk.text)
            named = [part for part in corpus.parts
                     if len(pairs) == 1 and re.search(rf"(?<!\w){re.escape(part.label)}(?!\w|\.\d)", pairs[0][1], re.I)]
            if named:
                return Passage(chunk, p.score, p.dense, p.coverage), named
    return None


def run(q: Question, ctx: Context) -> Draft:
    u, lines = q.u, ctx.corpus.lines
    link = linking_field(q, ctx)
    if link is not None:
        return linked(q, ctx, *link)
    passages = [p for p in ctx.ranking.ranked(q) if p.chunk.ambitielijn is not None and p.chunk.ambitielijn in lines]
    best = passages[0] if passages else None
    named = named_item(q, ctx)
    if named is not None:
        # "Onder welk speerpunt valt M3.2.1?": the item the question names by its own label and code.
        best, passages = named, [named, *passages]
    title_hit = titled(q, ctx, best) if named is None else None
    if title_hit is not None:
        best, passages = title_hit, [title_hit, *passages]
    elif best is not None:
        # A passage of the kind named ("de ingreep Koolstofboeren") that stands in a part of the label
        # asked ("Doel 3.2"), as much about the topic as the best one.
        for fits in (lambda c: c.kind == u.kind if u.kind else True,
                     lambda c: ctx.corpus.part_of(c, u.which_part) is not None if u.which_part else True):
            better = [p for p in passages[:WITHIN_DEPTH] if fits(p.chunk) and p.coverage >= best.coverage]
            if better:
                best = better[0]
    evidence = ctx.gather.evidence(q, "which_line", passages, [best.chunk] if best else [])
    decision = ctx.gather.decide(evidence)
    if decision.answerable == "nee" or best is None:
        return ctx.quoting.refusal(u, decision, evidence, passages)
    text, cites = placed(q, ctx, best)
    if decision.answerable == "deels":
        text = f"{ctx.p.get('algemeen.deels')}\n{text}"
    return Draft(text, cites, decision, evidence=evidence)


def placed(q: Question, ctx: Context, best: Passage):
    """Where the passage stands, as the question asks it: the part of the label asked ("OD 2.2",
    "Prioriteit A" for a heading "Hoofdstuk 2 Prioriteit A – …") or the line, its heading cited."""
    u, chunk = q.u, best.chunk
    line = chunk.ambitielijn
    assert line is not None  # passages are those with a line
    cites = ctx.corpus.citations()
    part = ctx.corpus.part_of(chunk, u.which_part) if u.which_part else None
    heading = ctx.corpus.part_heading.get((part.source, part.label)) if part is not None else None
    h = cites.add(heading, score=best.score) if heading is not None and heading.id != chunk.id else None
    quote = ctx.quoting.quote_window(chunk, u)
    n = cites.add(chunk, quote, score=best.score)
    spoken = spoken_label(ctx, part) if part is not None else None
    # The whole way down when the passage stands deeper than one level ("Pijler II › Speerpunt II.1").
    chain = chain_of(ctx, chunk)
    where = f"\n{ctx.p.say('delen.keten', keten=' › '.join(chain))}" if len(chain) > 1 else ""
    if part is not None and (part.level > 1 or spoken != part.label):
        said = ctx.p.say("delen.welke", deel=spoken, titel=part.title, bron=f" [{h}]" if h else "")
        return f"{said}{where}\n{ctx.p.get('delen.welke_citaat')}\n{quoted(quote)} [{n}]", cites
    said = ctx.p.say("lijn.welke", lijn=line, titel=lines_title(ctx, line)) + (f" [{h}]" if h else "")
    return f"{said}{where}\n{ctx.p.say('lijn.welke_citaat', lijn=line)}\n{quoted(quote)} [{n}]", cites


def chain_of(ctx: Context, chunk) -> list[str]:
    """The labelled parts a passage stands in, outermost first, each with its title ("Pijler II (…)")."""
    titles = {(p.source, p.label): p.title for p in ctx.corpus.parts}
    out, label, seen = [], chunk.part, 0
    while label is not None and seen < 8:
        title = titles.get((chunk.source, label))
        out.append(f"{label} ({title})" if title else label)
        label, seen = ctx.corpus.part_parent.get((chunk.source, label)), seen + 1
    return out[::-1]


def lines_title(ctx: Context, line: int) -> str:
    return ctx.corpus.lines[line]["title"]


def linked(q: Question, ctx: Context, p: Passage, named: list) -> Draft:
    """The fiche's own field for where a project belongs, with the plan's heading of the deepest part it names."""
    cites = ctx.corpus.citations()
    n = cites.add(p.chunk, score=p.score)
    out = [ctx.p.say("delen.project", titel=p.chunk.title), quoted(fields(p.chunk.text)[0][1]) + (f" [{n}]" if n else "")]
    deepest = max(named, key=lambda part: part.level)
    heading = ctx.corpus.part_heading.get((deepest.source, deepest.label))
    if heading is not None and (h := cites.add(heading, score=p.score)) is not None:
        out.append(f"{ctx.p.say('delen.keten', keten=' › '.join(chain_of(ctx, heading)))} [{h}]")
    evidence = ctx.gather.evidence(q, "which_line", [p], [p.chunk])
    # The fiche says where it belongs in the plan's own labels: that answers "aan welke pijler …".
    evidence = replace(evidence, coverage=1.0, all_coverage=1.0)
    return Draft("\n".join(out), cites, ctx.gather.decide(evidence), evidence=evidence)
