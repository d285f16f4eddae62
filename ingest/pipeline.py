"""Ingest orchestration: discover -> load -> parse -> chunk -> embed -> write version -> switch."""

from __future__ import annotations

import logging
import shutil
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ingest.chunk import Chunk, chunk_document, chunker_version, embed_texts, same_embedded_text
from ingest.embed import embedder_dimension, make_embedder
from ingest.load import LoadError, discover, display_name, file_limits_from, read_document, sha256_file
from ingest.store import EmbedderMismatchError, IndexStore, IndexWriteError, Manifest, new_version_name, now_iso
from ingest.structure import ITEM_KINDS, SectionLabels, StructuredDocument
from ingest.textgate import for_engine
from prompts import load_prompts

if TYPE_CHECKING:
    from ingest.config import IngestSettings

log = logging.getLogger(__name__)


@dataclass
class IngestReport:
    status: str  # "written" | "unchanged" | "nothing"
    documents: int = 0
    chunks: int = 0
    embedded: int = 0
    reused: int = 0
    items: dict = field(default_factory=dict)  # {"1": {"actie": 14, "kpi": 3}, ...}
    failed: list[dict] = field(default_factory=list)
    version: str | None = None
    seconds: float = 0.0

    @property
    def exit_code(self) -> int:
        if self.status == "nothing":
            return 1
        return 2 if self.failed else 0


def build_catalog(docs: list[StructuredDocument], chunks: list[Chunk]) -> dict:
    """The structure catalog: items (actions, KPIs, analysis bullets), ambition lines, documents, and the other passages."""
    items = [
        {
            "source": c.source,
            "title": c.title,
            "ambitielijn": c.ambitielijn,
            "kind": c.kind,
            "text": c.text,
            "page": c.page,
            "section": c.section_path,
            "item_index": c.item_index,
            "number": c.number,
            "part": c.part,
            "chunk_id": c.id,
        }
        for c in chunks
        if c.kind in ITEM_KINDS and c.item_index is not None
    ]
    lines = [
        {"source": d.source, "number": ln.number, "title": ln.title, "subtitle": ln.subtitle, "page": ln.page,
         "label": ln.label}
        for d in docs
        for ln in d.ambition_lines
    ]
    parts = [
        {"source": d.source, "label": p.label, "code": p.code, "title": p.title, "level": p.level, "parent": p.parent,
         "page": p.page, "line": p.line, "aliases": list(p.aliases)}
        for d in docs
        for p in d.parts
    ]
    documents = [{"source": d.source, "title": d.title, "doc_type": d.doc_type,
                  "fields": [list(f) for f in d.fields], "links": list(d.links)} for d in docs]
    # Every other passage too (running text, titles), so `vraagbaak diff` sees changes outside the lists.
    passages = [
        {"source": c.source, "ambitielijn": c.ambitielijn, "kind": c.kind, "text": c.text, "page": c.page,
         "section": c.section_path, "chunk_id": c.id}
        for c in chunks
        if not (c.kind in ITEM_KINDS and c.item_index is not None)
    ]
    return {"items": items, "ambition_lines": lines, "parts": parts, "documents": documents, "passages": passages}


def item_counts(chunks: list[Chunk]) -> dict:
    counts: dict[str, Counter] = {}
    for c in chunks:
        if c.kind in ITEM_KINDS and c.item_index is not None:
            key = str(c.ambitielijn) if c.ambitielijn is not None else "-"
            counts.setdefault(key, Counter())[c.kind] += 1
    return {k: dict(v) for k, v in sorted(counts.items())}


def over_budget(chunks: list[Chunk], embedder, max_chunks: int, max_tokens: int) -> str | None:
    """Why one file's chunks are too costly to embed (``VRAAGBAAK_MAX_FILE_CHUNKS``/``_TOKENS``), or None.

    Tokens are counted by the embedder where it can (``token_count``), else estimated at one
    per two characters. A token covers at least one character of the text the engine gets
    (``for_engine``), so files with fewer characters than the budget are not counted at all;
    the count stops as soon as the budget is passed.
    """
    if len(chunks) > max_chunks:
        return f"{len(chunks)} chunks, over the limit of {max_chunks} per file"
    if sum(len(for_engine(c.text)) + 8 for c in chunks) <= max_tokens:  # + prefix and special tokens
        return None
    count = getattr(embedder, "token_count", None)
    total = 0
    for c in chunks:
        total += int(count(c.text)) if count is not None else len(c.text) // 2 + 2
        if total > max_tokens:
            return f"more than {max_tokens} tokens to embed, over the limit per file"
    return None


def ingest(settings: IngestSettings, paths: list[Path] | None = None, *, rebuild: bool = False, progress: bool = True) -> IngestReport:
    """Index ``paths`` (default: the corpus folder) as a new version and switch to it.

    Sections are named by the wording in the settings' prompts (``[sectie]``); an index
    split with other names counts as changed, so the documents are split again.
    """
    started = time.perf_counter()
    store = IndexStore(settings)
    paths = paths or [Path(settings.corpus_dir)]
    t = load_prompts(settings.prompts_dir)
    labels = SectionLabels.from_prompts(t)
    chunker = chunker_version(labels, settings.embed_context)
    with store.writer_lock():
        files, problems = discover(paths)
        failed = [{"source": name, "reason": reason} for name, reason in problems]
        current = store.current()
        if current is not None and current.embedder != settings.embedder and not rebuild:
            raise EmbedderMismatchError(
                f"The index was built with embedder '{current.embedder}' but the settings ask for "
                f"'{settings.embedder}'. Rebuild it with: vraagbaak ingest --rebuild"
            )
        hashes: dict[str, str] = {}
        for path, name in files:
            try:
                hashes[name] = sha256_file(path)
            except OSError as exc:
                failed.append({"source": display_name(name), "reason": f"cannot read file ({exc.strerror or exc})"})
        if (
            current is not None
            and not rebuild
            # The same unusable paths as last time (a link out of the folder, say) are no change.
            and {name for name, _ in problems} <= {f.get("source") for f in current.failed}
            and current.files == hashes
            and current.chunker == chunker
            and (store.version_dir(current.version) / "manifest.json").exists()
        ):
            store.cleanup(keep={current.version})
            return IngestReport(
                status="unchanged",
                documents=len(current.documents),
                chunks=current.counts.get("chunks", 0),
                items=current.counts.get("items", {}),
                failed=list(current.failed),
                version=current.version,
                seconds=round(time.perf_counter() - started, 2),
            )

        limits = file_limits_from(settings)
        docs: list[StructuredDocument] = []
        bar = _bar(len(files), t.get("cli_ingest.lezen"), progress)
        for path, name in files:
            if name not in hashes:
                bar.update(1)
                continue
            try:
                # Reading, metadata and parsing all run in the limited child process.
                docs.append(read_document(path, name, labels=labels, **limits))
            except LoadError as exc:
                failed.append({"source": display_name(name), "reason": display_name(str(exc))})
                log.warning("Skipping %s: %s", display_name(name), display_name(str(exc)))
            except Exception as exc:  # noqa: BLE001 - whatever goes wrong with one file fails that file alone
                log.exception("Reading %s failed", display_name(name))
                failed.append({"source": display_name(name), "reason": f"cannot be read ({type(exc).__name__})"})
            bar.update(1)
        bar.close()

        embedder = make_embedder(settings.embedder, settings.model_download)
        chunks: list[Chunk] = []
        kept: list[StructuredDocument] = []
        for d in docs:
            doc_chunks = chunk_document(d)
            problem = over_budget(doc_chunks, embedder, settings.max_file_chunks, settings.max_file_tokens)
            if problem:
                failed.append({"source": display_name(d.source), "reason": problem})
                log.warning("Skipping %s: %s", display_name(d.source), problem)
                continue
            kept.append(d)
            chunks.extend(doc_chunks)
        docs = kept
        if not chunks:
            return IngestReport(status="nothing", failed=failed, seconds=round(time.perf_counter() - started, 2))

        texts = embed_texts(chunks) if settings.embed_context else [c.text for c in chunks]
        # Another chunker version may embed other text for the same chunk; other section labels do not.
        same_chunker = current is not None and same_embedded_text(current.chunker, chunker)
        reused: dict[str, np.ndarray] = {}
        if current is not None and not rebuild and current.embedder == settings.embedder and same_chunker:
            reused = store.stored_embeddings(current, [c.id for c in chunks])
            if reused and settings.embed_context:
                # A chunk embedded in its context (its line's title, its section): reuse a vector
                # only when that context is unchanged too (the id covers the chunk's own text).
                try:
                    old = store.open(current).chunks
                    before = dict(zip((c.id for c in old), embed_texts(old)))
                except Exception as exc:  # noqa: BLE001 - an unreadable old version: embed everything
                    log.info("Not reusing embeddings of %s: %s", current.version, exc)
                    before = {}
                reused = {i: v for i, v in reused.items() if before.get(i) is not None}
                now = dict(zip((c.id for c in chunks), texts))
                reused = {i: v for i, v in reused.items() if before[i] == now[i]}
        todo = [i for i, c in enumerate(chunks) if c.id not in reused]
        dimension = int(next(iter(reused.values())).shape[0]) if reused else embedder_dimension(embedder)
        matrix = np.zeros((len(chunks), dimension), dtype=np.float32)
        for i, c in enumerate(chunks):
            if c.id in reused:
                matrix[i] = reused[c.id]
        bar = _bar(len(todo), t.get("cli_ingest.embedden"), progress)
        step = settings.embed_batch_size
        for k in range(0, len(todo), step):
            batch = todo[k : k + step]
            vectors = np.asarray(embedder.embed_documents([texts[i] for i in batch]), dtype=np.float32)
            if vectors.shape[1] != dimension:
                raise EmbedderMismatchError(
                    f"Embedder '{settings.embedder}' returns {vectors.shape[1]} dimensions, the stored ones have {dimension}; "
                    "run: vraagbaak ingest --rebuild"
                )
            matrix[batch] = vectors
            bar.update(len(batch))
        bar.close()

        version = new_version_name()
        counts: dict[str, Any] = {"chunks": len(chunks), "items": item_counts(chunks)}
        manifest = Manifest(
            version=version,
            created=now_iso(),
            embedder=settings.embedder,
            dimension=dimension,
            chunker=chunker,
            chroma={"mode": "http" if settings.chroma_url else "persistent", "collection": store.collection_name(version)},
            files=hashes,
            documents=[
                {"source": d.source, "title": d.title, "doc_type": d.doc_type, "chunks": sum(c.source == d.source for c in chunks)}
                for d in docs
            ],
            failed=failed,
            counts=counts,
        )
        documents = [
            {
                "source": d.source,
                "title": d.title,
                "doc_type": d.doc_type,
                "text": d.text,
                "page_starts": list(d.page_starts),
                "metadata": d.metadata,
            }
            for d in docs
        ]
        bar = _bar(len(chunks), t.get("cli_ingest.opslaan"), progress)
        try:
            store.write_version(version, chunks, matrix, documents, build_catalog(docs, chunks), manifest, progress=bar.update)
            bar.close()
            store.switch(manifest)
        except Exception as exc:
            # A full or read-only disk (Chroma reports it as its own error type): drop the
            # half-written version; the current one stays as it was.
            store.discard(version)
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else f"{type(exc).__name__}: {exc}"
            free = shutil.disk_usage(store.root).free if store.root.exists() else 0
            raise IndexWriteError(
                f"Cannot write the new index version in {store.root} ({reason}; {free / 1e6:.1f} MB free); "
                "the current index is unchanged."
            ) from None
        store.cleanup(keep={version})
        return IngestReport(
            status="written",
            documents=len(docs),
            chunks=len(chunks),
            embedded=len(todo),
            reused=len(chunks) - len(todo),
            items=counts["items"],
            failed=failed,
            version=version,
            seconds=round(time.perf_counter() - started, 2),
        )


class _NoBar:
    def update(self, n: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


def _bar(total: int, desc: str, enabled: bool):
    if not enabled or total == 0:
        return _NoBar()
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="st", leave=False)
