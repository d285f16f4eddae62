"""The answer contract, defined once: what the CLI (``--json``), the JSON API and the web app hand out.

Pydantic models for an answer, its citations, a catalog item, a wording check, a passage,
the service's health and an error. The service builds them; the API uses the same classes
as its ``response_model`` (so the OpenAPI docs describe exactly what is sent); ``to_dict``
gives the JSON form every caller prints or sends.

An error has a machine-readable ``ErrorKind``; the API chooses its HTTP status from the
kind (``ingest.errors.HANDLING``), never from the English text. An answer to a request that never
reached the documents carries its kind as ``reason``, next to an English ``error``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, cast

from pydantic import BaseModel, ConfigDict, Field, model_serializer, model_validator

from chatbot.decide import REASONS, Decision
from ingest.errors import ErrorKind as ErrorKind  # defined with the errors' table, part of the contract


# The kinds an answer can carry as its ``reason`` (the request never reached the documents).
REQUEST_REASONS = (ErrorKind.EMPTY_QUESTION, ErrorKind.TOO_LONG, ErrorKind.UNUSABLE_TEXT, ErrorKind.NO_INDEX,
                   ErrorKind.UNAVAILABLE, ErrorKind.INTERNAL)
Answerable = Literal["ja", "deels", "nee"]
if TYPE_CHECKING:  # built from REASONS at run time, which a type checker cannot follow: any string
    Reason = str
else:
    Reason = Literal[tuple(dict.fromkeys([r for rs in REASONS.values() for r in rs] + [k.value for k in REQUEST_REASONS]))]
ItemKind = Literal["actie", "kpi", "analyse"]


class Contract(BaseModel):
    """A part of the contract: immutable, and ``to_dict`` is its JSON form."""

    model_config = ConfigDict(frozen=True)

    def to_dict(self) -> dict:
        return self.model_dump(mode="json")


class Citation(Contract):
    """A numbered source of an answer; ``quote`` was checked to stand verbatim in the normalised source text."""

    n: int = Field(description="The number of the citation, as [n] in the answer text.")
    source: str = Field(description="The document's file name.")
    title: str
    section: str = Field(description="Where in the document, e.g. \"Ambitielijn 3 › KPI's\".")
    page: int | None = None
    chunk_id: str
    score: float
    quote: str = Field(description="Verbatim from the document.")
    url: str | None = Field(default=None, description="The quote on the publisher's page (text fragment, or #page=N "
                                                      "for a PDF); null without a source URL.")
    version_date: str | None = Field(default=None, description="The date of the document version quoted: its "
                                                               "`version_date` metadata, else the day it was indexed "
                                                               "(YYYY-MM-DD).")


class Contact(Contract):
    """Where to go with a question the documents do not (fully) answer (a document's ``contact_*`` metadata)."""

    name: str | None = None
    url: str | None = None
    phone: str | None = None
    email: str | None = None

    @model_serializer(mode="wrap")
    def _set_fields_only(self, handler):
        return {k: v for k, v in handler(self).items() if v is not None}


class Onward(Contract):
    """A way onward, with every answer ``nee`` or ``deels``: a contact point and questions the documents do answer."""

    contact: Contact | None = None
    suggestions: list[str] = Field(default=[], description="Up to three questions the documents answer, made from "
                                                           "the structure catalog.")


class LanguageModelNote(Contract):
    """How an optional language model took part in an answer (only with one configured)."""

    outcome: Literal["verified", "unsupported", "refused", "timeout", "error", "lead_in_dropped", "not_used"]
    note: str | None = Field(default=None, description="The Dutch note shown under an extractive fallback.")
    reason: str | None = Field(default=None, description="Why a lead-in was dropped.")
    error: str | None = Field(default=None, description="The type of an unexpected failure.")
    sentences: int | None = Field(default=None, description="Sentences the model wrote.")
    kept: int | None = Field(default=None, description="Sentences that passed verification.")
    rewrite: str | None = Field(default=None, description="The follow-up question as the model rewrote it.")
    ms: float | None = None

    @model_serializer(mode="wrap")
    def _set_fields_only(self, handler):
        return {k: v for k, v in handler(self).items() if v is not None}


class Answer(Contract):
    """The answer to one question. ``error``, ``llm``, ``onward`` and ``permalink`` are present only when set."""

    question: str | None = Field(description="The question as answered (normalised); null for an unusable input line.")
    answer: str = Field(description="The answer text, in Dutch, with [n] markers for the citations.")
    answerable: Answerable = Field(description="Whether the documents answer the question.")
    reason: Reason = Field(description="Why, machine-readable: see chatbot.decide.REASONS; for requests that never "
                                       "reached the documents, the ErrorKind.")
    mode: Literal["extractief", "llm"] = "extractief"
    citations: list[Citation] = []
    timings_ms: dict[str, float] = {}
    error: str | None = Field(default=None, description="What went wrong, in English (for developers); absent when "
                                                        "nothing did.")
    llm: LanguageModelNote | None = Field(default=None, description="Only with a language model configured.")
    onward: Onward | None = Field(default=None, description="Only with `nee` and `deels`: a contact point and "
                                                            "suggested questions.")
    permalink: str | None = Field(default=None, description="From the JSON API: the web app's URL that asks this "
                                                            "question on load (`/?q=...`).")

    @model_serializer(mode="wrap")
    def _without_unset_extras(self, handler):
        data = handler(self)
        for key in ("error", "llm", "onward", "permalink"):
            if data.get(key) is None:
                data.pop(key, None)
        return data

    @model_validator(mode="after")
    def _reason_fits_status(self) -> "Answer":
        """A reason belongs to one status: a ``nee`` never carries the reason of a ``ja``."""
        allowed = set(REASONS[self.answerable]) | ({k.value for k in REQUEST_REASONS} if self.answerable == "nee" else set())
        if str(self.reason) not in allowed:
            raise ValueError(f"reason {self.reason!r} does not fit answerable {self.answerable!r}")
        return self

    @classmethod
    def decided(cls, decision: Decision, **fields) -> "Answer":
        """An answer whose status and reason are ``decide``'s."""
        return cls(answerable=cast(Answerable, decision.answerable), reason=decision.reason, **fields)  # checked by pydantic

    @classmethod
    def unreached(cls, kind: ErrorKind, **fields) -> "Answer":
        """The answer to a request that never reached the documents: ``nee`` with the kind as reason."""
        return cls.decided(Decision("nee", kind.value), **fields)


class CatalogItem(Contract):
    """An action, KPI or analysis point of the structure catalog."""

    source: str
    title: str | None = None
    ambitielijn: int | None = None
    kind: ItemKind
    text: str = Field(description="Verbatim from the document.")
    page: int | None = None
    section: str | None = None
    item_index: int | None = Field(default=None, description="1-based position in its list: the item's number.")
    chunk_id: str | None = None
    url: str | None = Field(default=None, description="The item on the publisher's page; null without a source URL.")
    change: Literal["nieuw", "gewijzigd"] | None = Field(default=None, description="New or reworded since the "
                                                                                   "previous index version.")
    previous_text: str | None = Field(default=None, description="The wording in the previous version, for a reworded "
                                                                "item.")


# What ``vraagbaak catalog --json`` lists of each item.
CATALOG_LISTING = ("source", "title", "ambitielijn", "kind", "item_index", "text", "page")


class Catalog(Contract):
    count: int
    items: list[CatalogItem]


class WordDiff(Contract):
    op: Literal["equal", "delete", "insert", "replace"]
    text: str = Field(description="The user's words.")
    document: str = Field(description="The document's words.")


class WordingCheck(Contract):
    """Whether a sentence stands verbatim in the documents; else the closest wording and the differences."""

    found: bool
    source: str | None = None
    title: str | None = None
    section: str | None = None
    page: int | None = None
    chunk_id: str | None = None
    quote: str | None = Field(default=None, description="The document's own wording, verbatim.")
    ratio: float = Field(description="Similarity of the closest wording; 1.0 when found.")
    diff: list[WordDiff] = []
    differs_in: list[Literal["case", "spacing"]] = Field(
        default=[], description="Found, but with other capitals (case) or spacing; empty when found exactly or not found.")
    url: str | None = Field(default=None, description="The wording on the publisher's page; null without a source URL.")


class Passage(Contract):
    """A cited fragment in its context in the normalised document text."""

    chunk_id: str
    source: str
    title: str | None = None
    section: str | None = None
    page: int | None = None
    before: str
    text: str
    after: str


class Health(Contract):
    status: Literal["ok", "no-index", "unavailable"]
    index_version: str | None = None
    chunks: int = 0
    embedder: str


class Error(Contract):
    """An API error body; ``detail`` only for a request that does not fit the API."""

    error: str = Field(description="What went wrong, in English (for developers).")
    kind: ErrorKind
    message: str = Field(description="The same for users, in Dutch.")
    detail: list | None = None

    @model_serializer(mode="wrap")
    def _without_detail(self, handler):
        data = handler(self)
        if data.get("detail") is None:
            data.pop("detail", None)
        return data
