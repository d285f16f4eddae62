"""Verbatim checks: does the user's wording stand in the documents? Else the closest wording, differences marked."""

from __future__ import annotations

from chatbot.answer import Context, Draft, quoted
from chatbot.cite import check_wording
from chatbot.decide import Evidence
from chatbot.understand import Understanding


def run(u: Understanding, ctx: Context) -> Draft:
    phrase = u.phrase or u.question
    hits = ctx.retriever.search(phrase, k=10)
    result = check_wording(phrase, ctx.index.documents, ctx.chunks, [h.chunk for h in hits] or None)
    ratio = 1.0 if result.found else (result.ratio if result.quote else 0.0)
    evidence = Evidence(path="verbatim", verbatim_ratio=ratio, passages=len(hits))
    decision = ctx.decide(evidence)
    cites = ctx.citations()
    p = ctx.p
    pagina = lambda page: p.say("letterlijk.pagina", pagina=page) if page else ""  # noqa: E731
    if result.found and result.chunk_id:
        chunk = ctx.chunks[ctx.by_id[result.chunk_id]]
        n = cites.add(chunk, result.quote, score=1.0)
        text = f"{p.say('letterlijk.ja', document=result.title, sectie=result.section, pagina=pagina(result.page))}\n{quoted(result.quote)} [{n}]"
        return Draft(text, decision.answerable, cites, decision.reason, evidence=evidence)
    out = [p.get("letterlijk.nee")]
    if decision.answerable != "nee" and result.chunk_id and result.quote:
        chunk = ctx.chunks[ctx.by_id[result.chunk_id]]
        n = cites.add(chunk, result.quote, score=result.ratio)
        if n is not None:
            out.append(f"{p.say('letterlijk.dichtst', sectie=result.section, pagina=pagina(result.page))}\n{quoted(result.quote)} [{n}]")
            changes = [
                p.say("letterlijk.anders", tekst=op["text"], document=op["document"]) if op["op"] == "replace"
                else (p.say("letterlijk.niet_in_tekst", tekst=op["text"]) if op["op"] == "delete" else p.say("letterlijk.ontbreekt", document=op["document"]))
                for op in result.diff if op["op"] != "equal"
            ]
            if changes:
                out.append(p.say("letterlijk.verschil", verschil="; ".join(changes)))
    return Draft("\n".join(out), decision.answerable, cites, decision.reason, evidence=evidence)
