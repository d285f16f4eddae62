"""The one chatbot entry point shared by the CLI, the API and the UI.

``Vraagbaak.ask`` and its streaming form ``ask_stream`` never raise: bad input, a missing
index or an internal error all give a well-formed answer with a short Dutch message (and
an English log line). The current index version is re-read when its manifest changes, so
a new ingest becomes visible without a restart. With ``settings.llm`` set, a language
model phrases answers from the extractive draft's citations (``chatbot/phrase.py``); only
verified text is shown, else the extractive answer with a note.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from collections.abc import Generator as EventStream  # Generator is the language model
from dataclasses import replace

from pydantic import ValidationError

from chatbot.answer import Context, Draft
from chatbot.paths import compose
from chatbot.cite import check_wording
from chatbot.contract import (REQUEST_REASONS, Answer, CatalogItem, ErrorKind, Health, LanguageModelNote, Passage,
                              WordingCheck)
from chatbot.generate import Generator, make_generator
from chatbot.links import catalog_links, deep_link
from chatbot.onward import ONWARD_STATUSES, contact_for, suggestions
from chatbot.phrase import Phraser
from chatbot.retrieve import SEARCH_MS, FusionWeights, HybridRetriever
from chatbot.screen import Rejected, Screened, screen
from chatbot.settings import Settings
from chatbot.tuning import Tuning
from chatbot.understand import clean_question, followup_candidate, understand
from chatbot.verify import VerifyTuning
from ingest.diff import change_marks, compare_versions
from ingest.embed import make_embedder
from ingest.errors import VraagbaakError, kind_of, message_key
from ingest.store import ChromaUnavailableError, IndexStore, NoIndexError
from ingest.textgate import clip
from prompts import load_prompts

log = logging.getLogger(__name__)

class _State:
    """Everything loaded for one index version."""

    def __init__(self, index, embedder, prompts, weights, tuning) -> None:
        self.index = index
        self.version = index.manifest.version
        self.retriever = HybridRetriever(index, embedder, weights)
        self.context = Context(index, self.retriever, prompts, tuning)
        self._item_notes: dict[str, dict] | None = None
        self.changes: dict | None = None  # since the previous version (ingest/diff.py), with item_notes()
        self.suggestions: list[str] | None = None  # chatbot/onward.py, computed on first use

    def version_date(self, source: str | None) -> str | None:
        """The date of a document's version: ``version_date`` from its metadata, else the day it was indexed."""
        metadata = (self.index.documents.get(source) or {}).get("metadata") or {}
        given = metadata.get("version_date")
        if isinstance(given, str) and given.strip():
            return given.strip()[:40]
        return (self.index.manifest.created or "")[:10] or None

    def item_notes(self) -> dict[str, dict]:
        """Extra fields per catalog item, computed once per version.

        ``chunk_id`` -> {"url", "change": "nieuw"|"gewijzigd"|None, "previous_text"?}: the
        item on the source page, and whether it is new or reworded since the previous version.
        """
        if self._item_notes is None:
            try:
                self.changes = compare_versions(self.index.store, new_version=self.version)
            except Exception as exc:  # noqa: BLE001 - without a kept previous catalog there are no marks
                log.warning("No changes since the previous index version: %s", exc)
                self.changes = None
            marks = change_marks(self.changes) if self.changes else {}
            self._item_notes = {
                cid: {"url": url, "change": None, **marks.get(cid, {})} for cid, url in catalog_links(self.index).items()
            }
        return self._item_notes


class Vraagbaak:
    def __init__(self, settings: Settings, weights: FusionWeights | None = None, tuning: Tuning | None = None,
                 generator: Generator | None = None, verify_tuning: VerifyTuning | None = None,
                 embedder=None) -> None:
        self.settings = settings
        self.store = IndexStore(settings)
        # ``embedder``: e.g. ingest.isolate.WorkerEmbeddings (the service); default in process.
        self.embedder = embedder if embedder is not None else make_embedder(settings.embedder, settings.model_download)
        self.prompts = load_prompts(settings.prompts_dir)
        self.weights = weights or settings.fusion
        self.tuning = tuning or settings.tuning
        # Optional language model (settings.llm); cheap to build, connects on first use.
        self.generator = generator if generator is not None else make_generator(settings)
        self.phraser = (
            Phraser(self.generator, self.prompts, verify_tuning or settings.verify, timeout_s=settings.llm_timeout_s)
            if self.generator is not None else None
        )
        # Called with every final answer contract (e.g. the opt-in question log); errors are logged, never raised.
        self.observers: list[Callable[[dict], object]] = []  # return values are ignored
        self._state: _State | None = None
        self._manifest_stamp: tuple | None = None
        self._polled = 0.0
        self._lock = threading.Lock()

    # -- index -----------------------------------------------------------------
    def state(self) -> _State:
        """The loaded current index version, reloaded when the manifest changes."""
        if self.store.remote:
            return self._remote_state()
        path = self.store.root / "current.json"
        try:
            st = path.stat()
            stamp = (st.st_mtime_ns, st.st_size, st.st_ino)
        except FileNotFoundError:
            raise NoIndexError(f"No index in {self.store.root}; run: vraagbaak ingest") from None
        if self._state is not None and stamp == self._manifest_stamp:
            return self._state
        with self._lock:
            if self._state is None or stamp != self._manifest_stamp:
                manifest = self.store.require_current()
                if self._state is None or manifest.version != self._state.version:
                    index = self.store.open(manifest, embedder_name=self.settings.embedder)
                    state = _State(index, self.embedder, self.prompts, self.weights, self.tuning)
                    self._state = state
                    log.info("Serving index version %s (%d chunks)", manifest.version, len(index.chunks))
                self._manifest_stamp = stamp
        return self._state

    def _remote_state(self) -> _State:
        """With a Chroma server the pointer lives there; poll it every few seconds."""
        now = time.monotonic()
        if self._state is not None and now - self._polled < self.settings.index_poll_s:
            return self._state
        manifest = self.store.current()  # ChromaUnavailableError when the server is down
        if manifest is None:
            raise NoIndexError(f"No index on the Chroma server {self.settings.chroma_url}; run: vraagbaak ingest")
        with self._lock:
            if self._state is None or manifest.version != self._state.version:
                index = self.store.open(manifest, embedder_name=self.settings.embedder)
                self._state = _State(index, self.embedder, self.prompts, self.weights, self.tuning)
                self.store.cleanup_local(keep={manifest.version})
                log.info("Serving index version %s from %s (%d chunks)", manifest.version, self.settings.chroma_url, len(index.chunks))
            self._polled = now
        return self._state

    def warm(self) -> None:
        """Load the index and the embedder, and note the catalog's links and changes, before the first request."""
        state = self.state()
        state.retriever.embed_query("opwarmen")
        state.retriever.search("opwarmen", k=1)
        state.item_notes()

    # -- answering -------------------------------------------------------------
    def ask(self, question, history=None) -> dict:
        """The answer contract for one question (``chatbot.contract.Answer``, as a dict); never raises."""
        final = None
        for event in self.ask_stream(question, history):
            if event["type"] == "final":
                final = event["answer"]
        assert final is not None  # ask_stream always ends with the final event
        return final

    def ask_stream(self, question, history=None) -> EventStream[dict, None, None]:
        """Stream events for one question, ending with ``{"type": "final", "answer": <contract>}``.

        Extractive answers give the final event at once. With a language model configured:
        ``{"type": "status", "stage": "zoeken"|"schrijven"|"controleren", "text": <Dutch>}``
        and ``{"type": "draft", "text": ...}`` events come first; a draft holds only sentences
        that already passed verification and is replaced by the final answer (renumbered
        citations, or the extractive answer with a note). Never raises.
        """
        started = time.perf_counter()
        if self.phraser is not None:
            yield {"type": "status", "stage": "zoeken", "text": self.prompts.get("llm.zoeken")}
        prepared = self._prepare(question, history, started)
        if isinstance(prepared, Answer):
            yield {"type": "final", "answer": self._observed(self._finished(prepared.to_dict()))}
            return
        text, u, draft, state, timings, rewrite = prepared
        t0 = time.perf_counter()
        try:
            assert self.phraser is not None  # _prepare answers at once without one
            result = yield from self._dated(self.phraser.events(u, draft, state.context.line_titles), state)
            body, mode, citations, llm = result.text, result.mode, result.citations, dict(result.llm)
        except Exception:  # noqa: BLE001 - the extractive answer is always there
            log.exception("Phrasing with the language model failed; answering extractively")
            note = self.prompts.get("llm.niet_beschikbaar")
            body, mode, citations, llm = f"{draft.text}\n\n{note}", "extractief", draft.citations.items, {"outcome": "error", "note": note}
        if rewrite is not None:
            llm["rewrite"] = rewrite
        timings["llm"] = round((time.perf_counter() - t0) * 1000, 1)
        timings["total"] = round((time.perf_counter() - started) * 1000, 1)
        try:
            answer = Answer.decided(draft.decision, question=text, answer=body, mode=mode, citations=citations,
                                    timings_ms=timings, llm=LanguageModelNote(**llm))
        except ValidationError:  # a bug in phrasing must not cost the user the (valid) extractive answer
            log.exception("The phrased answer does not fit the answer contract; answering extractively")
            answer = Answer.decided(draft.decision, question=text, answer=draft.text, citations=draft.citations.items,
                                    timings_ms=timings)
        yield {"type": "final", "answer": self._observed(self._finished(answer.to_dict()))}

    def _finished(self, contract: dict) -> dict:
        """Add what the contract carries besides the answer: each citation's ``version_date``, and the
        ``onward`` block (contact, suggested questions) for a ``nee`` or ``deels`` answer from the documents."""
        if "error" in contract or contract.get("reason") in REQUEST_REASONS:
            return contract
        try:
            state = self.state()
            for citation in contract.get("citations", []):
                citation["version_date"] = state.version_date(citation.get("source"))
            if contract.get("answerable") in ONWARD_STATUSES:
                contact = contact_for(contract.get("citations", []), state.index.documents)
                suggested = self.suggestions()
                if contact or suggested:
                    contract["onward"] = {"contact": contact, "suggestions": suggested}
        except Exception:  # noqa: BLE001 - the answer itself must not be lost
            log.exception("Adding version dates and the onward block failed")
        return contract

    @staticmethod
    def _dated(events: Iterator[dict], state: _State):
        """Pass events on, the citations of drafts with their ``version_date``; returns what ``events`` returns."""
        while True:
            try:
                event = next(events)
            except StopIteration as done:
                return done.value
            for citation in event.get("citations") or []:
                if isinstance(citation, dict):
                    citation["version_date"] = state.version_date(citation.get("source"))
            yield event

    def suggestions(self) -> list[str]:
        """Up to three questions the documents answer (``chatbot/onward.py``), once per index version."""
        state = self.state()
        if state.suggestions is None:
            def answerable(question: str) -> bool:
                prepared = self._prepare(question, None, time.perf_counter())
                if isinstance(prepared, Answer):
                    return prepared.answerable == "ja" and prepared.error is None
                return prepared[2].answerable == "ja"  # with a language model: the extractive draft decides

            state.suggestions = suggestions(state.index.catalog, self.prompts, answerable)
        return list(state.suggestions)

    def _observed(self, contract: dict) -> dict:
        """Hand a final answer to the observers; one that fails is logged and does not stop the answer."""
        for observer in self.observers:
            try:
                observer(contract)
            except Exception:  # noqa: BLE001 - observing must never cost the user the answer
                log.exception("An answer observer failed")
        return contract

    def _refusal(self, question: str, kind: ErrorKind, message: str, error: str | None, timings: dict) -> Answer:
        """The answer to a request that does not reach the documents: the kind as ``reason``, a Dutch message."""
        return Answer.unreached(kind, question=question, answer=message, timings_ms=timings, error=error)

    def _failed(self, text: str, exc: Exception, timings: dict) -> Answer:
        """The refusal for a failure while answering: the kind and message of a project error an answer
        may carry (an index or engine that is down, no index yet), else ``internal`` with the traceback logged."""
        kind = kind_of(exc)
        if isinstance(exc, VraagbaakError) and kind in REQUEST_REASONS and kind is not ErrorKind.INTERNAL:
            log.error("Cannot answer a question of %d characters: %s", len(text), exc)
            return self._refusal(text, kind, exc.user_message(self.prompts, answering=True), exc.operator, timings)
        log.error("Answering failed for a question of %d characters", len(text), exc_info=exc)
        return self._refusal(text, ErrorKind.INTERNAL, self.prompts.get(message_key(ErrorKind.INTERNAL, answering=True)),
                             f"internal error ({type(exc).__name__})", timings)

    def _prepare(self, question, history, started: float):
        """Validate, understand, retrieve and compose: an ``Answer`` when done, else the parts for phrasing."""
        timings = {"retrieve": 0.0, "answer": 0.0, "total": 0.0}
        limit = self.settings.max_question_chars
        try:
            text = question if isinstance(question, Screened) and question.purpose == "question" else \
                screen(question, limit, allow_empty=True)
        except Rejected as exc:
            if exc.kind is ErrorKind.TOO_LONG:
                log.info("Rejected a question of %d characters after normalising (limit %d)", exc.length, limit)
                shown = clip(question, limit)
            else:
                shown = str(question)[:200] if not isinstance(question, str) else ""
            return self._refusal(shown, exc.kind, exc.user_message(self.prompts), exc.operator, timings)
        if not text:
            return self._refusal(text.typed, ErrorKind.EMPTY_QUESTION, self.prompts.get(message_key(ErrorKind.EMPTY_QUESTION)),
                                 None, timings)
        searches: list[float] = []
        token = SEARCH_MS.set(searches)
        try:
            state = self.state()
            history = _clean_history(history, limit, self.settings.limits.history_messages)
            rewrite = None
            if self.phraser is not None and followup_candidate(text, history):
                t = time.perf_counter()
                rewrite = self.phraser.rewrite_followup(text, history)
                timings["rewrite"] = round((time.perf_counter() - t) * 1000, 1)
            t0 = time.perf_counter()
            if rewrite:
                u = replace(understand(rewrite, None, state.context.grounding), followup=True)
            else:
                u = understand(text, history, state.context.grounding)
            draft: Draft = compose(u, state.context)
            compute_ms = (time.perf_counter() - t0) * 1000
            search_ms = sum(searches)  # the query embedding and the searches
            timings["retrieve"] = round(search_ms, 1)
            timings["answer"] = round(max(0.0, compute_ms - search_ms), 1)
            timings["total"] = round((time.perf_counter() - started) * 1000, 1)
            if self.phraser is None:
                return Answer.decided(draft.decision, question=text, answer=draft.text,
                                      citations=draft.citations.items, timings_ms=timings)
            return text, u, draft, state, timings, rewrite
        except Exception as exc:  # noqa: BLE001 - users get a Dutch message, operators a log line
            return self._failed(text, exc, timings)
        finally:
            SEARCH_MS.reset(token)

    # -- other views -----------------------------------------------------------
    def catalog(self, ambitielijn: int | None = None, kind: str | None = None, q: str | None = None, source: str | None = None) -> list[dict]:
        """Structure items (``chatbot.contract.CatalogItem``), filtered (``select``); each with its ``url`` on the
        source and ``change`` (``nieuw``/``gewijzigd``/None) since the previous index version."""
        state = self.state()
        notes = state.item_notes()
        about = self.topic_matches(q, kind, ambitielijn) if q else None
        items = select(state.index.catalog["items"], ambitielijn, kind, q if about is None else None, source)
        return [
            CatalogItem(**item, **notes.get(item["chunk_id"], {})).to_dict()
            for item in items if about is None or item["chunk_id"] in about
        ]

    def topic_matches(self, topic: str, kind: str | None = None, ambitielijn: int | None = None) -> set[str] | None:
        """The ids of the items about a topic, found as the chat finds them ("Welke acties gaan over
        toerisme?" and a catalog search for "toerisme" list the same items); None when the words name
        no topic the documents have (then the catalog searches the text as written)."""
        from chatbot.paths import topic as topic_path
        from chatbot.understand import Intent

        state = self.state()
        u = understand(clip(topic, 200), None, state.context.grounding)
        if not u.known:
            return None
        u = replace(u, kind=kind, ambitielijn=ambitielijn, intent=Intent.TOPIC)
        view = state.context.bind(u)
        return {chunk.id for chunk, _ in topic_path.items_about(view, state.context, topic_path.candidates(view, state.context))}

    def changes(self, old_version: str | None = None, new_version: str | None = None) -> dict:
        """What changed between two index versions (default: previous and current); see ``ingest/diff.py``."""
        state = self.state()
        if old_version is None and new_version in (None, state.version):
            state.item_notes()
            if state.changes is not None:
                return state.changes
        return compare_versions(self.store, old_version, new_version or state.version)

    def ambition_lines(self) -> list[dict]:
        return list(self.state().index.catalog.get("ambition_lines", []))

    def check(self, sentence: str) -> dict:
        """Whether a sentence occurs verbatim; else the closest wording with differences (``WordingCheck``).

        Raises ``Rejected`` for a sentence that is blank, not text, or too long after normalising.
        """
        if not (isinstance(sentence, Screened) and sentence.purpose == "sentence"):
            sentence = screen(sentence, self.settings.max_question_chars, "sentence")
        state = self.state()
        hits = state.retriever.search(sentence, k=10)
        result = check_wording(sentence, state.index.documents, state.index.chunks, [h.chunk for h in hits] or None)
        checked = result.to_dict()
        if checked.get("quote") and checked.get("source") in state.index.documents:
            checked["url"] = deep_link(state.index.documents[checked["source"]], checked["quote"], page=checked.get("page"))
        return WordingCheck.model_validate(checked).to_dict()

    def passage(self, chunk_id: str, context_chars: int = 600) -> dict | None:
        """A chunk in its context in the normalised document text (``Passage``); None for an unknown id."""
        state = self.state()
        pos = state.context.by_id.get(chunk_id)
        if pos is None:
            return None
        chunk = state.index.chunks[pos]
        text = state.index.documents[chunk.source]["text"]
        start = max(0, text.rfind("\n\n", 0, max(0, chunk.char_start - context_chars)) + 2) if chunk.char_start > context_chars else 0
        end = text.find("\n\n", min(len(text), chunk.char_end + context_chars))
        end = len(text) if end < 0 else end
        return Passage(chunk_id=chunk.id, source=chunk.source, title=chunk.title, section=chunk.section_path,
                       page=chunk.page, before=text[start : chunk.char_start], text=chunk.text,
                       after=text[chunk.char_end : end]).to_dict()

    def health(self) -> dict:
        """The service's status (``Health``): ``ok``, ``no-index``, or ``unavailable`` while a Chroma server is down."""
        try:
            manifest = self.store.current()
        except ChromaUnavailableError:
            return Health(status="unavailable", embedder=self.settings.embedder).to_dict()
        return Health(
            status="ok" if manifest else "no-index",
            index_version=manifest.version if manifest else None,
            chunks=manifest.counts.get("chunks", 0) if manifest else 0,
            embedder=self.settings.embedder,
        ).to_dict()


def select(items: list[dict], ambitielijn: int | None = None, kind: str | None = None, q: str | None = None,
           source: str | None = None) -> list[dict]:
    """The one catalog filter: items of a line, a kind, a source, and containing ``q`` (case and spacing ignored)."""
    needle = " ".join(clip(q, 200).lower().split()) if q else None
    return [
        item for item in items
        if (ambitielijn is None or item["ambitielijn"] == ambitielijn)
        and (kind is None or item["kind"] == kind)
        and (source is None or item["source"] == source)
        and (needle is None or needle in " ".join(item["text"].lower().split()))
    ]


def _clean_history(history, limit: int, keep: int) -> list[dict]:
    """The last ``keep`` well-formed messages of ``history``, each through the text gate and cut to ``limit``."""
    if not isinstance(history, list):
        return []
    out = []
    for message in history[-keep:]:
        if isinstance(message, dict) and message.get("role") in ("user", "assistant") and isinstance(message.get("content"), str):
            out.append({"role": message["role"], "content": clip(clean_question(clip(message["content"], limit)), limit)})
    return out
