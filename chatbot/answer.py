"""The extractive answer composer: every answer is built from verified quotes of the documents.

Paths: lists and counts from the structure catalog; "which line" and line titles from the
structure; factual answers from the best supporting passage; verbatim checks; refusals
decided on evidence (what the question asks for, coverage of its key terms).
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from chatbot.cite import Citations, check_wording, sentences
from chatbot.prompts import Prompts
from chatbot.retrieve import Filters, Hit, HybridRetriever
from chatbot.understand import (
    INTENT_COUNT,
    INTENT_LINE_TITLE,
    INTENT_LINES,
    INTENT_LIST,
    INTENT_VERBATIM,
    INTENT_WHICH_LINE,
    Understanding,
    term_variants,
    word_matches as matches,
)
from ingest.chunk import Chunk
from ingest.lexical import words

# Evidence for what a question asks for.
EVIDENCE = {
    "money": re.compile(r"€|\beuro\b|\beur\b|\bmiljoen\b|\bmiljard\b|\bbudget\w*\b|\bkost\w*\s+\d", re.IGNORECASE),
    "date": re.compile(r"\b(19|20)\d{2}\b|\b(januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december)\b|\btegen \d", re.IGNORECASE),
    "period": re.compile(r"\b(19|20)\d{2}\s*[-–]\s*(19|20)\d{2}\b|\b(periode|jaren|decennia|decennium)\b", re.IGNORECASE),
    "person": re.compile(r"\b(gouverneur|gedeputeerde|minister|burgemeester|schepen|voorzitter|directeur|de heer|mevrouw|dhr\.|mevr\.)\b", re.IGNORECASE),
    "percent": re.compile(r"\d\s*%|\bprocent\b", re.IGNORECASE),
    "number": re.compile(r"\d|\b(een|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|honderd|duizend)\b", re.IGNORECASE),
}


@dataclass(frozen=True)
class Tuning:
    """Thresholds of the composer, tuned on the dev questions (see benchmarks/)."""

    coverage_yes: float = 0.5  # weighted share of key terms found in the best passage: "ja" from here
    coverage_partial: float = 0.3  # from here "deels"; below it "nee"
    min_dense_no_terms: float = 0.84  # questions without key terms need this cosine similarity
    topic_margin: float = 0.02  # dense topic filter for lists: within this of the best item
    topic_min_similarity: float = 0.825  # ... and the best item must be at least this similar
    kind_boost: float = 0.15  # preference for items of the kind a question names
    coverage_weight: float = 0.6  # weight of key-term coverage when choosing the passage
    long_chunk: int = 320  # chunks longer than this are quoted by their best sentences
    related: int = 3  # passages offered with a refusal
    related_min_dense: float = 0.86  # ... that share no key word but are this close in meaning


@dataclass
class Draft:
    """What a composer path produces."""

    text: str
    answerable: str
    citations: Citations
    notes: list[str] = field(default_factory=list)


class Vocabulary:
    """Folded words of the corpus with document frequencies, for key-term coverage."""

    def __init__(self, chunks: list[Chunk]) -> None:
        df: Counter = Counter()
        self.chunk_words: list[frozenset[str]] = []
        for chunk in chunks:
            ws = frozenset(words(f"{chunk.text}"))
            self.chunk_words.append(ws)
            df.update(ws)
        self.df = df
        self.sorted_words = sorted(df)
        self.n = max(1, len(chunks))
        self._cache: dict[str, int] = {}

    def doc_freq(self, term: str) -> int:
        """Chunks containing a word the term matches (exact, prefix, or inside a compound)."""
        if term in self._cache:
            return self._cache[term]
        best = 0
        for variant in term_variants(term):
            best = max(best, self.df.get(variant, 0))
            if len(variant) >= 4:
                i = bisect.bisect_left(self.sorted_words, variant)
                while i < len(self.sorted_words) and self.sorted_words[i].startswith(variant):
                    best = max(best, self.df[self.sorted_words[i]])
                    i += 1
            if best == 0 and len(variant) >= 5:
                best = max((self.df[w] for w in self.sorted_words if variant in w), default=0)
        if len(self._cache) < 100_000:
            self._cache[term] = best
        return best

    def weight(self, term: str) -> float:
        """IDF-like weight; a term the corpus lacks weighs most."""
        return math.log(1 + self.n / (1 + self.doc_freq(term)))


def coverage(terms: tuple[str, ...], text_words: frozenset[str], vocab: Vocabulary) -> float:
    if not terms:
        return 0.0
    total = sum(vocab.weight(t) for t in terms)
    got = sum(vocab.weight(t) for t in terms if matches(t, text_words))
    return got / total if total else 0.0


def quoted(text: str) -> str:
    return f"„{text}”"


class Composer:
    """Builds a Draft for an Understanding, using one index version."""

    def __init__(self, index, retriever: HybridRetriever, prompts: Prompts, tuning: Tuning | None = None) -> None:
        self.index = index
        self.retriever = retriever
        self.p = prompts
        self.t = tuning or Tuning()
        self.chunks: list[Chunk] = index.chunks
        self.vocab = Vocabulary(self.chunks)
        self.by_id = {c.id: i for i, c in enumerate(self.chunks)}
        catalog = index.catalog
        self.lines: dict[int, dict] = {}
        for line in catalog.get("ambition_lines", []):
            self.lines.setdefault(int(line["number"]), line)

    @property
    def line_titles(self) -> dict[int, str]:
        return {n: line["title"] for n, line in self.lines.items()}

    def citations(self) -> Citations:
        return Citations(self.index.documents)

    # -- helpers -------------------------------------------------------------------
    def kind_name(self, kind: str, count: int) -> str:
        return self.p.get(f"soort.{kind}_{'enkelvoud' if count == 1 else 'meervoud'}")

    def items(self, kind: str | None, line: int | None) -> list[Chunk]:
        kinds = (kind,) if kind else ("actie", "kpi")
        return [
            c for c in self.chunks
            if c.kind in kinds and c.item_index is not None and (line is None or c.ambitielijn == line)
        ]

    def words_of(self, chunk: Chunk) -> frozenset[str]:
        return self.vocab.chunk_words[self.by_id[chunk.id]]

    def topic_label(self, u: Understanding) -> str:
        return u.topic_label or " ".join(u.topic_terms) or "dit onderwerp"

    # -- entry ---------------------------------------------------------------------
    def compose(self, u: Understanding, vector: np.ndarray | None) -> Draft:
        if u.intent == INTENT_VERBATIM and u.phrase:
            return self.verbatim(u)
        if u.intent in (INTENT_LIST, INTENT_COUNT):
            return self.list_items(u, vector)
        if u.intent == INTENT_LINE_TITLE and u.ambitielijn is not None:
            return self.line_title(u)
        if u.intent == INTENT_LINES and self.lines:
            return self.lines_overview()
        if u.intent == INTENT_WHICH_LINE:
            return self.which_line(u, vector)
        return self.factual(u, vector)

    # -- lists and counts ----------------------------------------------------------
    def list_items(self, u: Understanding, vector: np.ndarray | None) -> Draft:
        kind = u.kind or "actie"
        line = u.ambitielijn
        cites = self.citations()
        if line is not None and line not in self.lines:
            return self.refuse(u, vector, self.p.say("lijst.geen_items_lijn", lijn=line))
        scope = self.items(kind, line)
        topical = bool(u.topic_terms)
        if topical:
            scope = self.filter_topic(scope, u, vector)
            if not scope:
                return self.refuse(u, vector, self.p.say("lijst.geen_items", soort=self.kind_name(kind, 2), onderwerp=self.topic_label(u)))
        if not scope:
            return self.refuse(u, vector, self.p.get("algemeen.niet_gevonden"))
        count = len(scope)
        soort = self.kind_name(kind, count)
        lines_used = sorted({c.ambitielijn for c in scope if c.ambitielijn is not None})
        section = "telling" if u.intent == INTENT_COUNT else "lijst"
        if topical:
            key = f"{section}.onderwerp" if line is None or section == "telling" else "lijst.onderwerp_lijn"
            head = self.p.say(key, onderwerp=self.topic_label(u), aantal=count, soort=soort, lijn=line)
        elif line is not None:
            head = self.p.say(f"{section}.lijn", lijn=line, titel=self.lines[line]["title"], aantal=count, soort=soort)
        elif len(lines_used) > 1:
            key = "telling.alle" if section == "telling" else "lijst.alle_per_lijn"
            head = self.p.say(key, aantal=count, soort=soort, lijnen=len(lines_used))
        else:
            head = self.p.say("lijst.alle", aantal=count, soort=soort)
        out = [head]
        grouped = line is None and len(lines_used) > 1 and not topical
        current = object()
        number = 0
        for chunk in scope:
            if grouped and chunk.ambitielijn != current:
                current = chunk.ambitielijn
                in_line = sum(1 for c in scope if c.ambitielijn == current)
                title = self.lines.get(current, {}).get("title", "")
                out.append("")
                out.append(self.p.say("lijst.kop_lijn", lijn=current, titel=title, aantal=in_line))
            n = cites.add(chunk, score=1.0)
            if n is None:
                continue
            number += 1
            suffix = f" (ambitielijn {chunk.ambitielijn})" if topical and line is None and chunk.ambitielijn else ""
            out.append(f"{number}. {quoted(chunk.text)} [{n}]{suffix}")
        return Draft("\n".join(out), "ja", cites)

    def filter_topic(self, scope: list[Chunk], u: Understanding, vector: np.ndarray | None) -> list[Chunk]:
        """Items about the question's topic: by key words, else by embedding similarity."""
        lexical = [c for c in scope if any(matches(t, self.words_of(c)) for t in u.topic_terms)]
        if lexical:
            return lexical
        if not scope:
            return []
        # No shared words (another language, a synonym): compare the topic words alone,
        # which separates items far better than the whole question with its framing.
        topic_vector = self.retriever.embed_query(" ".join(u.topic_terms))
        sims = self.retriever.similarities(topic_vector, scope)
        best = float(sims.max())
        if best < self.t.topic_min_similarity:
            return []
        return [c for c, s in zip(scope, sims) if s >= best - self.t.topic_margin]

    # -- ambition lines ------------------------------------------------------------
    def line_heading_chunks(self, line: int) -> list[Chunk]:
        heading = [c for c in self.chunks if c.ambitielijn == line and c.kind == "titel"]
        subtitle = [c for c in self.chunks if c.ambitielijn == line and c.section_path.endswith("Ondertitel")]
        return heading[:1] + subtitle[:1]

    def line_title(self, u: Understanding) -> Draft:
        """Title and subtitle of each line the question names."""
        cites = self.citations()
        paragraphs = []
        for line in (u.ambitielijn, *u.other_lines):
            info = self.lines.get(line)
            if info is None:
                return self.refuse(u, None, self.p.say("lijst.geen_items_lijn", lijn=line))
            parts = []
            for chunk in self.line_heading_chunks(line):
                n = cites.add(chunk, score=1.0)
                if n is None:
                    continue
                if chunk.kind == "titel":
                    parts.append(f"{self.p.say('lijn.titel', lijn=line, titel=info['title'])} [{n}]")
                else:
                    parts.append(f"{self.p.say('lijn.ondertitel', ondertitel=chunk.text)} [{n}]")
            paragraphs.append(" ".join(parts) or self.p.say("lijn.titel", lijn=line, titel=info["title"]))
        return Draft("\n\n".join(paragraphs), "ja", cites)

    def lines_overview(self) -> Draft:
        """All ambition lines, numbered, each cited by its heading."""
        cites = self.citations()
        out = [self.p.say("lijn.overzicht", aantal=len(self.lines))]
        for number in sorted(self.lines):
            heading = self.line_heading_chunks(number)[:1]
            n = cites.add(heading[0], score=1.0) if heading else None
            marker = f" [{n}]" if n else ""
            out.append(f"{number}. {quoted(self.lines[number]['title'])}{marker}")
        return Draft("\n".join(out), "ja", cites)

    def which_line(self, u: Understanding, vector: np.ndarray | None) -> Draft:
        hits = self.retriever.search(u.search_text, k=12, vector=vector)
        hits = [h for h in hits if h.chunk.ambitielijn is not None and not self._is_question_heading(h.chunk)]
        best, cov = self.best_passage(hits, u)
        if best is None or cov < self.t.coverage_partial:
            return self.refuse(u, vector, self.p.get("algemeen.niet_gevonden"))
        chunk = best.chunk
        line = chunk.ambitielijn
        title = self.lines.get(line, {}).get("title", "")
        cites = self.citations()
        n = cites.add(chunk, score=best.score)
        text = f"{self.p.say('lijn.welke', lijn=line, titel=title)}\n{self.p.say('lijn.welke_citaat', lijn=line)}\n{quoted(chunk.text)} [{n}]"
        return Draft(text, "ja" if cov >= self.t.coverage_yes else "deels", cites)

    # -- factual -------------------------------------------------------------------
    @staticmethod
    def _is_question_heading(chunk: Chunk) -> bool:
        return chunk.heading and chunk.text.rstrip().endswith("?")

    def best_passage(self, hits: list[Hit], u: Understanding) -> tuple[Hit | None, float]:
        best, best_score, best_cov = None, -1.0, 0.0
        for hit in hits:
            cov = coverage(u.topic_terms, self.words_of(hit.chunk), self.vocab) if u.topic_terms else 0.0
            score = hit.score + self.t.coverage_weight * cov
            if u.kind and hit.chunk.kind == u.kind:
                score += self.t.kind_boost
            if u.asks_for and EVIDENCE[u.asks_for].search(hit.chunk.text):
                score += 0.1
            if score > best_score:
                best, best_score, best_cov = hit, score, cov
        return best, best_cov

    def factual(self, u: Understanding, vector: np.ndarray | None) -> Draft:
        filters = Filters(ambitielijn=u.ambitielijn) if u.ambitielijn is not None else Filters()
        hits = self.retriever.search(u.search_text, k=10, filters=filters, vector=vector)
        hits = [h for h in hits if not self._is_question_heading(h.chunk) and not (h.chunk.kind == "titel" and h.chunk.ambitielijn is None)]
        if not hits:
            return self.refuse(u, vector, self.p.get("algemeen.niet_gevonden"))
        best, cov = self.best_passage(hits, u)
        assert best is not None
        if u.topic_terms:
            if cov < self.t.coverage_partial:
                return self.refuse(u, vector, self.p.get("algemeen.niet_gevonden"), hits)
            answerable = "ja" if cov >= self.t.coverage_yes else "deels"
        else:
            if best.dense < self.t.min_dense_no_terms:
                return self.refuse(u, vector, self.p.get("algemeen.niet_gevonden"), hits)
            answerable = "ja"
        if u.asks_for and not EVIDENCE[u.asks_for].search(best.chunk.text):
            message = self.p.say("algemeen.ontbrekend_gegeven", gevraagd=self.p.get(f"gevraagd.{u.asks_for}"))
            return self.refuse(u, vector, f"{self.p.get('algemeen.niet_gevonden')} {message}", [best] + hits)

        cites = self.citations()
        chunk = best.chunk
        members = self.list_members(chunk, hits)
        if members:
            lead = self.p.get("lijst.opsomming")
            out = [lead]
            intro = self.list_intro(members[0])
            if intro is not None:
                n = cites.add(intro, score=best.score)
                if n is not None:
                    out[0] = f"{quoted(intro.text)} [{n}]"
            for i, member in enumerate(members, 1):
                n = cites.add(member, score=best.score)
                if n is not None:
                    out.append(f"{i}. {quoted(member.text)} [{n}]")
            return Draft("\n".join(out), answerable, cites)

        quote = self.best_quote(chunk, u)
        n = cites.add(chunk, quote, score=best.score)
        if n is None:  # cannot happen for quotes cut from a chunk; stay safe
            return self.refuse(u, vector, self.p.get("algemeen.niet_gevonden"), hits)
        line = chunk.ambitielijn
        title = self.lines.get(line, {}).get("title", "") if line else ""
        if chunk.kind in ("actie", "kpi") and line is not None:
            lead = self.p.say(f"feit.{chunk.kind}", lijn=line, titel=title)
        elif line is not None:
            lead = self.p.say("feit.inleiding_lijn", document=chunk.title, lijn=line)
        else:
            lead = self.p.say("feit.inleiding", document=chunk.title)
        text = f"{lead}\n{quoted(quote)} [{n}]"
        if answerable == "deels":
            text = f"{self.p.get('algemeen.deels')}\n{text}"
        # Further passages that support the answer nearly as well.
        extra = []
        for hit in hits:
            if hit.chunk.id == chunk.id or len(extra) >= 2 or len(u.topic_terms) < 2:
                continue
            cov_h = coverage(u.topic_terms, self.words_of(hit.chunk), self.vocab) if u.topic_terms else 0.0
            if hit.score >= 0.85 * best.score and cov_h >= max(self.t.coverage_yes, cov):
                m = cites.add(hit.chunk, self.best_quote(hit.chunk, u), score=hit.score)
                if m is not None:
                    extra.append(f"[{m}]")
        if extra:
            text += f"\n{self.p.get('algemeen.zie_ook')} {', '.join(extra)}"
        return Draft(text, answerable, cites)

    def list_members(self, chunk: Chunk, hits: list[Hit]) -> list[Chunk]:
        """The whole list when the best passage introduces one or is one of its (non-item) bullets."""
        pos = self.by_id[chunk.id]
        if chunk.text.rstrip().endswith(":") and pos + 1 < len(self.chunks):
            nxt = self.chunks[pos + 1]
            if nxt.source == chunk.source and nxt.list_id and nxt.kind == "context":
                return [c for c in self.chunks if c.source == chunk.source and c.list_id == nxt.list_id]
        if chunk.list_id and chunk.kind == "context":
            siblings = [h for h in hits[:5] if h.chunk.list_id == chunk.list_id and h.chunk.source == chunk.source]
            if len(siblings) >= 2:
                return [c for c in self.chunks if c.source == chunk.source and c.list_id == chunk.list_id]
        return []

    def list_intro(self, first: Chunk) -> Chunk | None:
        pos = self.by_id[first.id]
        if pos > 0:
            prev = self.chunks[pos - 1]
            if prev.source == first.source and prev.text.rstrip().endswith(":"):
                return prev
        return None

    def best_quote(self, chunk: Chunk, u: Understanding) -> str:
        """The chunk itself, or for a long one its best sentence (with the next if it is short)."""
        text = chunk.text
        if len(text) <= self.t.long_chunk:
            return text
        spans = sentences(text)
        if len(spans) <= 1:
            return text
        scored = []
        for i, (s, e) in enumerate(spans):
            piece = text[s:e]
            cov = coverage(u.topic_terms, frozenset(words(piece)), self.vocab) if u.topic_terms else 0.0
            bonus = 0.2 if u.asks_for and EVIDENCE[u.asks_for].search(piece) else 0.0
            scored.append((cov + bonus, -i, s, e))
        _, neg_i, s, e = max(scored)
        i = -neg_i
        if e - s < 80 and i + 1 < len(spans):
            e = spans[i + 1][1]
        return text[s:e]

    # -- verbatim ------------------------------------------------------------------
    def verbatim(self, u: Understanding) -> Draft:
        phrase = u.phrase or u.question
        hits = self.retriever.search(phrase, k=10)
        result = check_wording(phrase, self.index.documents, self.chunks, [h.chunk for h in hits] or None)
        cites = self.citations()
        pagina = lambda page: self.p.say("letterlijk.pagina", pagina=page) if page else ""  # noqa: E731
        if result.found and result.chunk_id:
            chunk = self.chunks[self.by_id[result.chunk_id]]
            n = cites.add(chunk, result.quote, score=1.0)
            text = f"{self.p.say('letterlijk.ja', document=result.title, sectie=result.section, pagina=pagina(result.page))}\n{quoted(result.quote)} [{n}]"
            return Draft(text, "ja", cites)
        out = [self.p.get("letterlijk.nee")]
        answerable = "nee"
        if result.chunk_id and result.quote and result.ratio >= 0.5:
            chunk = self.chunks[self.by_id[result.chunk_id]]
            n = cites.add(chunk, result.quote, score=result.ratio)
            if n is not None:
                out.append(f"{self.p.say('letterlijk.dichtst', sectie=result.section, pagina=pagina(result.page))}\n{quoted(result.quote)} [{n}]")
                changes = [
                    f"„{op['text']}” ≠ „{op['document']}”" if op["op"] == "replace"
                    else (f"niet in de tekst: „{op['text']}”" if op["op"] == "delete" else f"ontbreekt in je zin: „{op['document']}”")
                    for op in result.diff if op["op"] != "equal"
                ]
                if changes:
                    out.append(self.p.say("letterlijk.verschil", verschil="; ".join(changes)))
                answerable = "deels" if result.ratio >= 0.8 else "nee"
        return Draft("\n".join(out), answerable, cites)

    # -- refusals ------------------------------------------------------------------
    def refuse(self, u: Understanding, vector: np.ndarray | None, message: str, hits: list[Hit] | None = None) -> Draft:
        """Say plainly that the documents do not answer; offer the closest passages as maybe useful."""
        cites = self.citations()
        if hits is None and u.question.strip():
            hits = self.retriever.search(u.search_text, k=self.t.related + 4, vector=vector)
        related = []
        seen = set()
        for hit in hits or []:
            chunk = hit.chunk
            if chunk.id in seen or self._is_question_heading(chunk) or chunk.kind == "titel" or len(related) >= self.t.related:
                continue
            # Offer only passages that share a key word with the question or are very close in meaning.
            shares_word = bool(u.topic_terms) and any(matches(t, self.words_of(chunk)) for t in u.topic_terms)
            if not shares_word and hit.dense < self.t.related_min_dense:
                continue
            seen.add(chunk.id)
            n = cites.add(chunk, self.best_quote(chunk, u), score=hit.score)
            if n is not None:
                related.append(f"[{n}] {quoted(self.best_quote(chunk, u))}")
        text = message
        if related:
            text += f"\n{self.p.get('algemeen.misschien_nuttig')}\n" + "\n".join(related)
        return Draft(text, "nee", cites)
