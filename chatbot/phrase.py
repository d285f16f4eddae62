"""A language model phrases the answer from the extractive draft's citations; the verifier decides.

The extractive composer runs first and fixes what may be said: its numbered, verbatim
citations are the only passages the model sees. Then, by path:

- refusals and verbatim checks stay extractive (the model is not asked);
- lists, counts, topic lists and names stay the extractive ones; the model may only write a lead-in sentence,
  which is kept only if it verifies completely;
- every other answer is the model's text with the unsupported sentences removed, or the
  extractive answer with a short note when too little of it holds or the model fails.

``Phraser.events`` is a generator of stream events that *returns* a ``Phrased`` result
(use ``result = yield from phraser.events(...)``). Draft events carry only sentences that
have already passed verification, so nothing unverified ever reaches a user.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Generator as EventStream  # Generator is the language model
from dataclasses import dataclass, field

from chatbot.answer import Draft
from chatbot.cite import loose
from chatbot.contract import Citation
from chatbot.generate import Generator, GeneratorError, GeneratorTimeout
from prompts import Prompts
from chatbot.lexicon import function_words
from chatbot.understand import INTENT_COUNT, INTENT_LIST, INTENT_NAMES, INTENT_TOPIC, INTENT_VERBATIM, Understanding
from chatbot.verify import (
    SentenceCheck,
    Verification,
    VerifyTuning,
    check_sentence,
    refusals,
    render,
    rewrite_supported,
    split_sentences,
    verify,
)
from ingest.lexical import stopwords, words
from ingest.structure import SEP, SectionLabels

log = logging.getLogger(__name__)

MAX_LEAD_IN_PASSAGES = 8  # a lead-in needs a few items, and small models have small contexts
MAX_LEAD_IN_SENTENCES = 2
MAX_HISTORY_CHARS = 300  # per message, in the follow-up rewrite prompt


@dataclass
class Phrased:
    """What the answer becomes: model text (mode "llm") or the extractive draft (with a note)."""

    text: str
    mode: str  # llm | extractief
    citations: list[dict]
    llm: dict = field(default_factory=dict)  # diagnostics for the contract's "llm" field


def _source_line(citation: Citation, line_titles: dict[int, str], labels: SectionLabels) -> str:
    """Document › section, with the ambition line's title: facts a sentence citing the passage may use."""
    section = citation.section or ""
    for number, title in line_titles.items():
        part = labels.ambition_line(number)
        if section == part or section.startswith(part + SEP):
            section = f"{part} ({title}){section[len(part):]}"
            break
    return f"{citation.title}{SEP}{section}" if section else citation.title


def _page(citation: Citation) -> str:
    # In the prompt only: a page number is no fact to support a sentence's numbers with.
    return f", p. {citation.page}" if citation.page else ""


class Phraser:
    """Asks the generator for an answer phrased from numbered passages and verifies it."""

    def __init__(self, generator: Generator, prompts: Prompts, tuning: VerifyTuning | None = None, timeout_s: float | None = None) -> None:
        self.generator = generator
        self.p = prompts
        self.tuning = tuning or VerifyTuning()
        self.timeout_s = timeout_s
        self.labels = SectionLabels.from_prompts(prompts)
        self.refusals = refusals(prompts)

    # -- which answers the model may phrase --------------------------------------------------
    @staticmethod
    def applies(u: Understanding, draft: Draft) -> str | None:
        """'answer', 'lead_in', or None when the answer stays extractive by design."""
        if draft.answerable == "nee" or not draft.citations.items or u.intent == INTENT_VERBATIM:
            return None
        if u.intent in (INTENT_LIST, INTENT_COUNT, INTENT_TOPIC, INTENT_NAMES):
            return "lead_in"
        return "answer"

    # -- passages ----------------------------------------------------------------------------
    def passages(self, citations: list[Citation], line_titles: dict[int, str]) -> tuple[str, dict[int, str]]:
        """The prompt's passage block and, per number, the text a sentence citing it may use."""
        block, support = [], {}
        for c in citations:
            source = _source_line(c, line_titles, self.labels)
            block.append(self.p.say("llm.passage", n=c.n, bron=f"{source}{_page(c)}", tekst=c.quote))
            support[c.n] = f"{source}\n{c.quote}"
        return "\n".join(block), support

    @staticmethod
    def _unecho(text: str, support: dict[int, str]) -> str:
        """Drop the passages' source lines that a small model copies into its answer: "(Competitief Limburg › Analyse)"."""
        for passage in support.values():
            source = re.escape(passage.split("\n", 1)[0])
            text = re.sub(rf"\(\s*{source}(?:, p\. \d+)?\s*\)", "", text)
        return text

    # -- events ------------------------------------------------------------------------------
    def events(self, u: Understanding, draft: Draft, line_titles: dict[int, str]) -> EventStream[dict, None, Phrased]:
        how = self.applies(u, draft)
        citations = list(draft.citations.items)
        extractive = Phrased(draft.text, "extractief", [c.to_dict() for c in citations], {"outcome": "not_used"})
        if how is None:
            return extractive
        if how == "lead_in":
            return (yield from self._lead_in(u, draft, citations, line_titles))
        return (yield from self._answer(u, draft, citations, line_titles))

    def _stream(self, messages, support: dict[int, str], diag: dict,
                citations: list[Citation] | None = None) -> EventStream[dict, None, str | None]:
        """Stream the model; return its full text (None on failure).

        With ``citations``, yields drafts of the sentences verified so far, renumbered as the
        final answer would be, with the citations they use.
        """
        by_n = {c.n: c for c in citations or []}
        yield {"type": "status", "stage": "schrijven", "text": self.p.get("llm.schrijven")}
        text = ""
        verified: list[SentenceCheck] = []
        done = 0  # complete sentences checked so far
        t0 = time.perf_counter()
        try:
            for piece in self.generator.stream(messages, self.timeout_s):
                text += piece
                sentences = split_sentences(self._unecho(text, support))
                complete = sentences[:-1]  # the last one may still grow or get its [n]
                if citations and len(complete) > done:
                    grew = False
                    for sentence in complete[done : self.tuning.max_sentences]:
                        check = check_sentence(sentence, support, self.tuning, self.refusals)
                        if check.ok and all(loose(check.body) != loose(v.body) for v in verified):
                            verified.append(check)
                            grew = True
                    done = len(complete)
                    if grew:
                        numbering = _numbering(verified)
                        cited = [by_n[old].model_copy(update={"n": new}).to_dict() for old, new in numbering.items()]
                        yield {"type": "draft", "text": render(verified, numbering), "citations": cited}
        except GeneratorTimeout as exc:
            log.warning("Language model timed out: %s", exc)
            diag.update(outcome="timeout")
            return None
        except GeneratorError as exc:
            log.warning("Language model failed: %s", exc)
            diag.update(outcome="error")
            return None
        except Exception as exc:  # noqa: BLE001 - a model backend must never break an answer
            log.exception("Language model call failed unexpectedly")
            diag.update(outcome="error", error=type(exc).__name__)
            return None
        finally:
            diag["ms"] = round((time.perf_counter() - t0) * 1000, 1)
        yield {"type": "status", "stage": "controleren", "text": self.p.get("llm.controleren")}
        return self._unecho(text, support)

    def _fallback(self, draft: Draft, citations: list[Citation], diag: dict) -> Phrased:
        note = self.p.get("llm.niet_beschikbaar" if diag.get("outcome") in ("timeout", "error") else "llm.niet_onderbouwd")
        diag["note"] = note
        return Phrased(f"{draft.text}\n\n{note}", "extractief", [c.to_dict() for c in citations], diag)

    def _answer(self, u: Understanding, draft: Draft, citations: list[Citation],
                line_titles: dict[int, str]) -> EventStream[dict, None, Phrased]:
        block, support = self.passages(citations, line_titles)
        messages = [
            ("system", self.p.get("llm.systeem")),
            ("user", self.p.say("llm.gebruiker", passages=block, vraag=u.question)),
        ]
        diag: dict = {"outcome": "unsupported"}
        text = yield from self._stream(messages, support, diag, citations)
        if text is None:
            return self._fallback(draft, citations, diag)
        result = verify(text, support, self.tuning, self.refusals)
        diag.update(_summary(result))
        if not result.supported:
            if result.refusal:
                diag["outcome"] = "refused"
            log.info("Language model answer not supported: %s", _reasons(result))
            return self._fallback(draft, citations, diag)
        kept = result.kept
        numbering = _numbering(kept)
        by_n = {c.n: c for c in citations}
        cited = [by_n[old].model_copy(update={"n": new}).to_dict() for old, new in numbering.items()]
        out = render(kept, numbering)
        if draft.answerable == "deels":
            out = f"{self.p.get('algemeen.deels')}\n{out}"
        diag["outcome"] = "verified"
        log.info("Language model answer verified: %d of %d sentences kept", len(kept), len(result.checks))
        return Phrased(out, "llm", cited, diag)

    def _lead_in(self, u: Understanding, draft: Draft, citations: list[Citation],
                 line_titles: dict[int, str]) -> EventStream[dict, None, Phrased]:
        block, support = self.passages(citations[:MAX_LEAD_IN_PASSAGES], line_titles)
        head = draft.text.split("\n", 1)[0]
        messages = [
            ("system", self.p.get("llm.inleiding_systeem")),
            ("user", self.p.say("llm.inleiding_gebruiker", passages=block, vraag=u.question, kop=head)),
        ]
        diag: dict = {"outcome": "lead_in_dropped"}
        text = yield from self._stream(messages, support, diag)
        extractive = Phrased(draft.text, "extractief", [c.to_dict() for c in citations], diag)
        if text is None:  # the list itself is complete: no note needed
            diag.update(reason=diag.get("outcome"), outcome="lead_in_dropped")
            return extractive
        result = verify(text, support, self.tuning, self.refusals)
        diag.update(_summary(result))
        kept = result.kept
        if not kept or result.removed or len(kept) > MAX_LEAD_IN_SENTENCES:
            log.info("Language model lead-in dropped: %s", _reasons(result) or "nothing usable")
            return extractive
        diag["outcome"] = "verified"
        lead = render(kept, {n: n for c in kept for n in c.cited})
        return Phrased(f"{lead}\n{draft.text}", "llm", [c.to_dict() for c in citations], diag)

    # -- follow-up questions -----------------------------------------------------------------
    def rewrite_followup(self, question: str, history: list[dict]) -> str | None:
        """A self-contained version of a follow-up question, or None when the model's rewrite does not hold."""
        lines = []
        for message in history[-6:]:
            key = "llm.gesprek_gebruiker" if message["role"] == "user" else "llm.gesprek_assistent"
            lines.append(self.p.say(key, tekst=message["content"][:MAX_HISTORY_CHARS]))
        messages = [
            ("system", self.p.get("llm.herschrijf_systeem")),
            ("user", self.p.say("llm.herschrijf_gebruiker", gesprek="\n".join(lines), vraag=question)),
        ]
        try:
            raw = self.generator.generate(messages, self.timeout_s)
        except Exception as exc:  # noqa: BLE001 - the rule-based resolution is always there
            log.warning("Follow-up rewrite failed (%s); using the rules", type(exc).__name__)
            return None
        rewrite = _first_line(raw)
        contents = [m["content"] for m in history]
        if not rewrite or not rewrite_supported(rewrite, question, contents) or not _keeps_question(rewrite, question):
            log.info("Follow-up rewrite rejected; using the rules")
            return None
        return rewrite


def _numbering(checks: list[SentenceCheck]) -> dict[int, int]:
    """Citation numbers renumbered 1..k in order of first use."""
    numbering: dict[int, int] = {}
    for check in checks:
        for n in check.cited:
            numbering.setdefault(n, len(numbering) + 1)
    return numbering


def _first_line(raw: str) -> str:
    for line in (raw or "").splitlines():
        line = re.sub(r"^\s*(herschreven vraag|vraag|zelfstandige vraag)\s*:\s*", "", line.strip(), flags=re.IGNORECASE)
        line = line.strip(" *\"'„“”`")
        if line:
            return line
    return ""


def _keeps_question(rewrite: str, question: str) -> bool:
    """The rewrite still asks what the question asks: none of its own words are dropped."""
    have = set(words(rewrite))
    own = [w for w in words(question) if len(w) >= 3 and w not in stopwords() and w not in function_words()]
    return all(w in have or any(h.startswith(w[:5]) for h in have if len(w) >= 5) for w in own)


def _summary(result: Verification) -> dict:
    return {"sentences": len(result.checks), "kept": len(result.kept)}


def _reasons(result: Verification) -> str:
    return ", ".join(f"{c.reason}{list(c.unsupported)[:3] if c.unsupported else ''}" for c in result.removed)
