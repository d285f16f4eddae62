"""Quoting passages: the window of a passage to quote, its lead, whole lists with their lead-in, and refusals.

``Quoter`` holds what quoting needs of an index version; the answer paths (``chatbot/paths/``)
share it, and no path calls another.
"""

from __future__ import annotations

from chatbot.cite import Citations
from chatbot.corpusview import CorpusView, introduces_list, is_plain_list
from chatbot.decide import Decision, Evidence
from chatbot.draft import Draft
from chatbot.facts import has_fact
from chatbot.lexicon import text_words
from chatbot.ranking import Passage
from chatbot.tuning import Tuning
from chatbot.understand import Understanding
from ingest.chunk import Chunk
from ingest.dutch import sentence_spans

# How a quoted action or KPI is introduced ("Een van de acties van ambitielijn 2 (...) is:").
# ``{soort}``: the plan's own word for the kind ("inspanningen").
ITEM_LEADS = {"actie": "feit.actie", "kpi": "feit.kpi"}


def quoted(text: str) -> str:
    return f"„{text}”"


class Quoter:
    """Quoted passages and refusals over one index version."""

    def __init__(self, corpus: CorpusView, tuning: Tuning) -> None:
        self.corpus = corpus
        self.t = tuning

    @property
    def p(self):
        return self.corpus.p

    # -- one passage -----------------------------------------------------------------------
    def quote_window(self, chunk: Chunk, u: Understanding) -> str:
        """The passage to quote: the chunk, or for a long one its best sentences (possibly running on
        into the rest of a split paragraph)."""
        text = chunk.text
        nxt = self.corpus.continuation(chunk)
        if len(text) <= self.t.long_chunk and nxt is None:
            return text
        full = self.corpus.document_text(chunk.source)[chunk.char_start : nxt.char_end] if nxt else text
        spans = sentence_spans(full)
        own = [s for s in spans if s[0] < len(text)]  # the best sentence starts in this chunk
        if len(spans) <= 1:
            return full if len(full) <= self.t.long_chunk else text
        scored = []
        for i, (s, e) in enumerate(spans):
            if (s, e) not in own:
                continue
            piece = full[s:e]
            cov = self.corpus.lexicon.coverage(u.known, text_words(piece)) if u.known else 0.0
            bonus = self.t.fact_sentence_bonus if u.asks_for and has_fact(u.asks_for, piece, u.question) else 0.0
            scored.append((cov + bonus, -i))
        _, neg_i = max(scored)
        i = -neg_i
        j = min(len(spans), i + self.t.sentence_window)
        return full[spans[i][0] : spans[j - 1][1]]

    def lead(self, chunk: Chunk) -> str:
        """How a quoted passage is introduced: its document and, for an item, its kind and line."""
        line, lines = chunk.ambitielijn, self.corpus.lines
        title = lines.get(line, {}).get("title", "") if line else ""
        if chunk.kind in ITEM_LEADS and line is not None and line in lines:
            return self.p.say(ITEM_LEADS[chunk.kind], lijn=line, titel=title, soort=self.corpus.kind_name(chunk.kind, 2))
        if line is not None and line in lines:
            return self.p.say("feit.inleiding_lijn", document=chunk.title, lijn=line)
        return self.p.say("feit.inleiding", document=chunk.title)

    def quote_passage(self, u: Understanding, p: Passage, cites: Citations) -> str | None:
        """A passage as quoted text with its citation; a heading it came from is shown as its context."""
        parts = []
        if p.via_heading is not None and (h := cites.add(p.via_heading, score=p.score)) is not None:
            parts.append(f"{quoted(p.via_heading.text)} [{h}]")
        members = self.list_members(p, []) if p.via_heading is not None else []
        if members:
            # A lead-in is shown with its whole list, never with its first item alone.
            numbered = [(m, n) for m in members if (n := cites.add(m, score=p.score)) is not None]
            parts += [f"{i}. {quoted(m.text)} [{n}]" for i, (m, n) in enumerate(numbered, 1)]
            return "\n".join(parts) if numbered else None
        quote = self.quote_window(p.chunk, u)
        n = cites.add(p.chunk, quote, score=p.score)
        if n is None:
            return None
        parts.append(f"{quoted(quote)} [{n}]")
        return "\n".join(parts)

    # -- several passages ------------------------------------------------------------------
    def choose(self, passages: list[Passage]) -> list[Passage]:
        """The best passage, and the next ones that score nearly as well (never one of the same list twice)."""
        if not passages:
            return []
        best = passages[0]
        out = [best]
        for p in passages[1:]:
            if len(out) >= self.t.max_passages:
                break
            if p.score >= self.t.passage_ratio * best.score:
                out.append(p)
        return out

    def list_members(self, best: Passage, passages: list[Passage]) -> list[Chunk]:
        """The whole list when the best passage introduces one, or is one of its (non-item) bullets."""
        corpus, chunks = self.corpus, self.corpus.chunks
        via = best.via_heading
        chunk = via if via is not None and introduces_list(via, corpus.following(via)) else best.chunk
        nxt = corpus.following(chunk)
        if nxt is not None and introduces_list(chunk, nxt):  # introduces_list is False without nxt
            return [c for c in chunks if c.source == chunk.source and c.list_id == nxt.list_id]
        if is_plain_list(chunk):
            siblings = [p for p in passages[: self.t.list_depth] if p.chunk.list_id == chunk.list_id and p.chunk.source == chunk.source]
            if len(siblings) >= self.t.list_siblings:
                return [c for c in chunks if c.source == chunk.source and c.list_id == chunk.list_id]
        return []

    def list_intro(self, first: Chunk) -> Chunk | None:
        """The lead-in sentence of the list whose first item this is, if it has one."""
        pos = self.corpus.by_id[first.id]
        if pos > 0:
            prev = self.corpus.chunks[pos - 1]
            if introduces_list(prev, first):
                return prev
        return None

    def related(self, u: Understanding, passages: list[Passage], cites: Citations) -> list[str]:
        """Quoted passages offered with a refusal as maybe useful."""
        out: list[str] = []
        for p in passages:
            if len(out) >= self.t.related_passages:
                break
            quote = self.quote_window(p.chunk, u)
            n = cites.add(p.chunk, quote, score=p.score)
            if n is not None:
                out.append(f"[{n}] {quoted(quote)}")
        return out

    # -- refusals --------------------------------------------------------------------------
    def asked_name(self, u: Understanding) -> str:
        """How the asked kind of value is named in an answer: "bedrag of budget", or a field's own label."""
        if u.asks_for == "field":
            return u.field or ""
        return self.p.get(f"gevraagd.{u.asks_for}")

    def refusal(self, u: Understanding, decision: Decision, evidence: Evidence, passages: list[Passage]) -> Draft:
        """Say plainly that the documents do not answer, and why; offer the passages about the topic."""
        cites = self.corpus.citations()
        message = self.p.get("algemeen.niet_gevonden")
        offer: list[Passage] = []
        if decision.reason == "missing_fact":
            message += " " + self.p.say("algemeen.ontbrekend_gegeven", gevraagd=self.asked_name(u))
            offer = passages[: self.t.evidence_depth]
        elif decision.reason == "unknown_number":
            assert decision.detail is not None  # decide gives the unknown numbers with this reason
            message += " " + self.p.say("algemeen.onbekend_getal", getal=decision.detail.replace(",", ", "))
            offer = passages[: self.t.related_passages]
        elif decision.reason == "unknown_name":
            message += " " + self.p.say("algemeen.onbekende_naam", naam=decision.detail)
            offer = passages[: self.t.related_passages]
        elif decision.reason == "unknown_line":
            message = self.p.say("lijst.geen_items_lijn", lijn=u.ambitielijn)
        related = self.related(u, offer, cites)
        text = message
        if related:
            text += f"\n{self.p.get('algemeen.misschien_nuttig')}\n" + "\n".join(related)
        return Draft(text, cites, decision, evidence=evidence)
