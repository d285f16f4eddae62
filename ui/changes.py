"""``GET /api/diff``: what changed in the catalog between two index versions (ingest/diff.py)."""

from __future__ import annotations

from typing import Literal

from fastapi import FastAPI, Query
from pydantic import BaseModel

from chatbot.contract import ErrorKind
from ui.responses import AsciiJSONResponse

VERSION_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$"


class VersionRef(BaseModel):
    version: str
    created: str | None = None


class DiffItem(BaseModel):
    chunk_id: str | None = None
    text: str
    page: int | None = None
    section: str | None = None
    item_index: int | None = None


class WordOp(BaseModel):
    op: Literal["equal", "delete", "insert", "replace"]
    old: str
    new: str


class ChangedItem(BaseModel):
    old: DiffItem
    new: DiffItem
    similarity: float
    diff: list[WordOp]


class DiffGroup(BaseModel):
    ambitielijn: int | None = None
    kind: str
    added: list[DiffItem]
    removed: list[DiffItem]
    changed: list[ChangedItem]


class DiffDocument(BaseModel):
    source: str
    title: str | None = None
    status: Literal["added", "removed", "changed"]
    groups: list[DiffGroup]


class DiffOut(BaseModel):
    old: VersionRef | None = None
    new: VersionRef
    counts: dict[str, int]
    documents: list[DiffDocument]
    passages: bool = False  # whether running text and titles were compared too (both versions kept them)


def add_routes(app: FastAPI, bot, t, guarded, api_error, errors: dict) -> None:
    """Register ``/api/diff`` on ``app`` (before the catch-all ``/api/{rest}``)."""
    from ingest.history import UnknownVersionError

    def changes(old, new):
        try:
            return bot.changes(old, new)
        except UnknownVersionError as exc:
            raise api_error(ErrorKind.NOT_FOUND, str(exc), t.get("wijzigingen.onbekende_versie")) from None

    @app.get("/api/diff", response_model=DiffOut, responses=errors, tags=["catalog"])
    def diff(
        old: str | None = Query(None, pattern=VERSION_PATTERN, description="Old index version (default: the one before `new`)"),
        new: str | None = Query(None, pattern=VERSION_PATTERN, description="New index version (default: the current one)"),
    ):
        """Actions, KPIs, analysis items and other passages added, removed and reworded between two index versions.

        Per document, grouped by ambition line and kind; a reworded item has its word-level
        differences. ``old`` is null, with nothing listed, when no earlier version is kept.
        """
        return AsciiJSONResponse(guarded("diff", changes, old, new))
