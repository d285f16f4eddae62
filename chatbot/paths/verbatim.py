"""Verbatim checks: does the user's wording stand in the documents? Else the closest wording, differences marked.

The wording stands there on whole words (``chatbot.wording``): "ja, letterlijk" only for the
whole text; the same words with other capitals or spacing are said to differ in just that;
a text with no comparable passage gets no closest wording.
"""

from __future__ import annotations

from dataclasses import replace

from chatbot.answer import Context, Draft, Question, quoted
from chatbot.cite import check_wording
from chatbot.wording import FORM_KEYS, shares_words
from chatbot.decide import Evidence
from ingest.dutch import sentence_spans


def in_sentence(quote: str, passage: str) -> str:
    """The sentence (or sentences) of ``passage`` that hold ``quote``: where the checked wording stands."""
    at = passage.find(quote)
    if at < 0:
        return quote
    spans = [(s, e) for s, e in sentence_spans(passage) if s < at + len(quote) and e > at]
    if not spans:
        return quote
    return passage[min(s for s, _ in spans) : max(e for _, e in spans)]


def run(q: Question, ctx: Context) -> Draft:
    u = q.u
    phrase = u.phrase or u.question
    hits = ctx.retriever.search(phrase, k=10)
    result = check_wording(phrase, ctx.corpus.documents, ctx.corpus.chunks, [h.chunk for h in hits] or None)
    ratio = 1.0 if result.found else (result.ratio if result.quote else 0.0)
    evidence = Evidence(path="verbatim", verbatim_ratio=ratio, verbatim_differs_in=tuple(result.differs_in) if result.found else (),
                        passages=len(hits))
    decision = ctx.gather.decide(evidence)
    cites = ctx.corpus.citations()
    p = ctx.p
    pagina = lambda page: p.say("letterlijk.pagina", pagina=page) if page else ""  # noqa: E731
    if result.found and result.chunk_id:
        chunk = ctx.corpus.chunks[ctx.corpus.by_id[result.chunk_id]]
        assert result.quote is not None  # a found wording has its quote
        shown = in_sentence(result.quote, chunk.text)
        n = cites.add(chunk, shown, score=1.0)
        if n is None:  # a passage whose text is not the document's own: the matched wording alone
            shown = result.quote
            n = cites.add(chunk, shown, score=1.0)
        where = dict(document=result.title, sectie=result.section, pagina=pagina(result.page))
        if result.differs_in:
            differs = p.get(FORM_KEYS[tuple(sorted(result.differs_in))])
            head = p.say("letterlijk.ja_vorm", verschil=differs, **where)
        else:
            head = p.say("letterlijk.ja" if shown == result.quote else "letterlijk.ja_in_zin", **where)
        return Draft(f"{head}\n{quoted(shown)} [{n}]", cites, decision, evidence=evidence)
    out = [p.get("letterlijk.nee")]
    if decision.answerable != "nee" and result.chunk_id and result.quote:
        chunk = ctx.corpus.chunks[ctx.corpus.by_id[result.chunk_id]]
        # The closest wording in its whole sentence, when that is not much more than the wording.
        sentence = in_sentence(result.quote, chunk.text)
        shown = sentence if len(sentence) <= 1.5 * len(result.quote) + 40 else result.quote
        n = cites.add(chunk, shown, score=result.ratio)
        if n is None and shown != result.quote:
            shown = result.quote
            n = cites.add(chunk, shown, score=result.ratio)
        if n is not None:
            out.append(f"{p.say('letterlijk.dichtst', sectie=result.section, pagina=pagina(result.page))}\n{quoted(shown)} [{n}]")
            changes = [
                p.say("letterlijk.anders", tekst=op["text"], document=op["document"]) if op["op"] == "replace"
                else (p.say("letterlijk.niet_in_tekst", tekst=op["text"]) if op["op"] == "delete" else p.say("letterlijk.ontbreekt", document=op["document"]))
                for op in result.diff if op["op"] != "equal"
            ]
            if changes:
                out.append(p.say("letterlijk.verschil", verschil="; ".join(changes)))
    elif not result.quote:
        # No comparable wording. Said in other words ("Staat er letterlijk dat ..."), a passage
        # with most of its words is shown as one about it, without a similarity or differences.
        about = next((h.chunk for h in hits if shares_words(phrase, h.chunk.text)), None)
        n = cites.add(about) if about is not None else None
        if n is None:
            out.append(p.get("letterlijk.niets_vergelijkbaars"))
        else:
            assert about is not None  # n is only set for a passage
            evidence = replace(evidence, verbatim_topic=True)
            decision = ctx.gather.decide(evidence)
            out.append(f"{p.get('letterlijk.erover')}\n{quoted(about.text)} [{n}]")
    return Draft("\n".join(out), cites, decision, evidence=evidence)
