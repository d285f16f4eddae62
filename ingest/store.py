"""The versioned index: Chroma collection + BM25 index + structure catalog per version.

Layout under ``<data_dir>/index``::

    current.json             the manifest of the version being served (switched atomically)
    versions/<version>/      manifest.json, chunks.jsonl, documents.json, catalog.json,
                             bm25/ and, for the embedded client, chroma/
    .ingest.lock             held by the one ingest that may write

Each version's embedded Chroma directory is written by one ingest process and never
changed after the switch, so readers and the writer never share a directory being
written. With ``VRAAGBAAK_CHROMA_URL`` the collection ``vraagbaak-<version>`` lives on
the Chroma server instead.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import secrets
import shutil
import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Iterator
from urllib.parse import urlparse

import numpy as np

from ingest.chunk import Chunk
from ingest.durable import IndexError_, write_json
from ingest.errors import ErrorKind
from ingest.history import HISTORY_PREFIX, CatalogHistory
from ingest.lexical import tokenize

if TYPE_CHECKING:
    from ingest.config import IngestSettings

log = logging.getLogger(__name__)

COLLECTION_PREFIX = "vraagbaak-"
CURRENT = "current.json"
# On a Chroma server, this collection holds the "current" pointer and each version's
# documents and catalog, so app processes on other machines can load any version.
META_COLLECTION = "vraagbaak-meta"
_META_VECTOR = [0.0]


class NoIndexError(IndexError_):
    kind, operator = ErrorKind.NO_INDEX, "no index"


class EmbedderMismatchError(IndexError_):
    operator = "embedder mismatch"


class IngestLockedError(IndexError_):
    kind, operator = ErrorKind.BUSY, "ingest locked"


class ChromaUnavailableError(IndexError_):
    kind, operator = ErrorKind.UNAVAILABLE, "index unavailable"


class IndexWriteError(IndexError_):
    operator = "index write failed"


def chroma_client(settings: IngestSettings, path: Path | None = None):
    """An HttpClient when a Chroma URL is set, else a PersistentClient on ``path``."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url if "://" in settings.chroma_url else f"http://{settings.chroma_url}")
        try:
            return chromadb.HttpClient(
                host=url.hostname or "localhost",
                port=url.port or (443 if url.scheme == "https" else 8000),
                ssl=url.scheme == "https",
                settings=chroma_settings,
            )
        except Exception as exc:  # noqa: BLE001 - connection errors vary by transport
            raise ChromaUnavailableError(f"Chroma server at {settings.chroma_url} is unreachable: {exc}") from None
    assert path is not None
    return chromadb.PersistentClient(path=str(path), settings=chroma_settings)


def _meta_value(value):
    return -1 if value is None else value


def chunk_metadata(chunk: Chunk) -> dict:
    return {
        "source": chunk.source,
        "title": chunk.title,
        "page": _meta_value(chunk.page),
        "section_path": chunk.section_path,
        "kind": chunk.kind,
        "ambitielijn": _meta_value(chunk.ambitielijn),
        "position": chunk.position,
        "char_start": chunk.char_start,
        "char_end": chunk.char_end,
        "item_index": _meta_value(chunk.item_index),
        "list_id": chunk.list_id or "",
        "heading": bool(chunk.heading),
    }


def chunk_from_record(cid: str, text: str, meta: dict) -> Chunk:
    """Rebuild a Chunk from a Chroma record written by ``chunk_metadata``."""

    def opt(value):
        return None if value in (-1, None) else value

    return Chunk(
        id=cid, text=text, source=meta["source"], title=meta["title"], page=opt(meta.get("page")),
        section_path=meta["section_path"], kind=meta["kind"], ambitielijn=opt(meta.get("ambitielijn")),
        position=int(meta["position"]), char_start=int(meta["char_start"]), char_end=int(meta["char_end"]),
        item_index=opt(meta.get("item_index")), list_id=meta.get("list_id") or None, heading=bool(meta.get("heading", False)),
    )


@dataclass
class Manifest:
    version: str
    created: str
    embedder: str
    dimension: int
    chunker: str
    chroma: dict  # {"mode": "persistent"|"http", "collection": name}
    files: dict[str, str]  # source -> sha256 of every file seen, failed ones included
    documents: list[dict]  # [{"source", "title", "doc_type", "chunks"}]
    failed: list[dict] = field(default_factory=list)  # [{"source", "reason"}]
    counts: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return self.__dict__.copy()

    @classmethod
    def from_dict(cls, data: dict) -> "Manifest":
        return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})


def new_version_name() -> str:
    return datetime.now(timezone.utc).strftime("v%Y%m%dT%H%M%S") + "-" + secrets.token_hex(3)


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


class IndexStore:
    """Reads and writes index versions under the data dir."""

    def __init__(self, settings: IngestSettings) -> None:
        self.settings = settings
        self.root = Path(settings.index_dir)
        self.versions = self.root / "versions"

    # -- the shared pointer on a Chroma server ----------------------------------
    @property
    def remote(self) -> bool:
        return bool(self.settings.chroma_url)

    def _meta(self, client=None):
        client = client or chroma_client(self.settings)
        try:
            return client.get_or_create_collection(META_COLLECTION, embedding_function=None)
        except Exception as exc:  # noqa: BLE001 - connection errors vary by transport
            raise ChromaUnavailableError(f"Chroma server at {self.settings.chroma_url} is unreachable: {_short(exc)}") from None

    def _meta_get(self, key: str) -> str | None:
        meta = self._meta()
        try:
            got = meta.get(ids=[key], include=["documents"])
        except Exception as exc:  # noqa: BLE001
            raise ChromaUnavailableError(f"Chroma server at {self.settings.chroma_url} is unreachable: {_short(exc)}") from None
        docs = got.get("documents") or []
        return docs[0] if docs else None

    def _meta_put(self, items: dict[str, str]) -> None:
        meta = self._meta()
        meta.upsert(ids=list(items), documents=list(items.values()), embeddings=[_META_VECTOR] * len(items))

    # -- the server's key-value records, for what is kept beside the index (ingest/history.py) ----
    def meta_get(self, key: str) -> str | None:
        """A record on the Chroma server (None when absent)."""
        return self._meta_get(key)

    def meta_put(self, items: dict[str, str]) -> None:
        self._meta_put(items)

    def meta_items(self, prefix: str, skip: frozenset[str] = frozenset()) -> dict[str, str]:
        """The records whose key starts with ``prefix``, except the keys in ``skip``."""
        meta = self._meta()
        ids = [i for i in meta.get(include=[])["ids"] if i.startswith(prefix) and i not in skip]
        if not ids:
            return {}
        got = meta.get(ids=ids, include=["documents"])
        return dict(zip(got.get("ids") or [], got.get("documents") or []))

    def meta_delete(self, keys: list[str]) -> None:
        self._meta().delete(ids=keys)

    # -- reading ---------------------------------------------------------------
    def current(self) -> Manifest | None:
        if self.remote:
            raw = self._meta_get("current")
            if raw is None:
                return None
            try:
                return Manifest.from_dict(json.loads(raw))
            except (ValueError, KeyError, TypeError) as exc:
                raise IndexError_(f"The index pointer on the Chroma server is unreadable ({exc}); run: vraagbaak ingest --rebuild") from None
        path = self.root / CURRENT
        try:
            return Manifest.from_dict(json.loads(path.read_text(encoding="utf-8")))
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise IndexError_(f"The index manifest {path} is unreadable ({exc}); run: vraagbaak ingest --rebuild") from None

    def require_current(self) -> Manifest:
        manifest = self.current()
        if manifest is None:
            raise NoIndexError(f"No index in {self.root}; run: vraagbaak ingest")
        return manifest

    def version_dir(self, version: str) -> Path:
        return self.versions / version

    def open(self, manifest: Manifest | None = None, embedder_name: str | None = None) -> "IndexVersion":
        manifest = manifest or self.require_current()
        if embedder_name is not None and embedder_name != manifest.embedder:
            raise EmbedderMismatchError(
                f"The index was built with embedder '{manifest.embedder}' but the settings ask for "
                f"'{embedder_name}'. Rebuild it with: vraagbaak ingest --rebuild "
                f"(or set VRAAGBAAK_EMBEDDER={manifest.embedder})."
            )
        if self.remote and not (self.version_dir(manifest.version) / "manifest.json").exists():
            self.materialise(manifest)
        return IndexVersion(self, manifest)

    def materialise(self, manifest: Manifest) -> None:
        """Rebuild a version's local files (chunks, embeddings, BM25, catalog) from the Chroma server."""
        client = chroma_client(self.settings)
        try:
            collection = client.get_collection(self.collection_name(manifest.version))
            ids: list[str] = []
            texts: list[str] = []
            metas: list[dict] = []
            vectors: list = []
            page = 2000
            offset = 0
            while True:
                got = collection.get(include=["documents", "metadatas", "embeddings"], limit=page, offset=offset)
                if not got["ids"]:
                    break
                ids += got["ids"]
                texts += got["documents"]
                metas += got["metadatas"]
                vectors += list(got["embeddings"])
                offset += len(got["ids"])
            documents = self._meta_get(f"{manifest.version}:documents")
            catalog = self._meta_get(f"{manifest.version}:catalog")
        except ChromaUnavailableError:
            raise
        except Exception as exc:  # noqa: BLE001
            raise ChromaUnavailableError(f"Cannot load index version {manifest.version} from the Chroma server: {_short(exc)}") from None
        if documents is None or catalog is None:
            raise IndexError_(f"Index version {manifest.version} is incomplete on the Chroma server; run: vraagbaak ingest --rebuild")
        chunks = [chunk_from_record(ids[i], texts[i], metas[i]) for i in range(len(ids))]
        order = sorted(range(len(chunks)), key=lambda i: (chunks[i].source, chunks[i].position))
        chunks = [chunks[i] for i in order]
        matrix = np.asarray([vectors[i] for i in order], dtype=np.float32).reshape(len(chunks), manifest.dimension)
        tmp = self.versions / f".{manifest.version}.{secrets.token_hex(4)}.tmp"
        tmp.mkdir(parents=True)
        try:
            self._write_files(tmp, chunks, matrix, json.loads(documents), json.loads(catalog), manifest)
            try:
                os.rename(tmp, self.version_dir(manifest.version))
            except OSError:
                shutil.rmtree(tmp, ignore_errors=True)  # another process was first
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        log.info("Loaded index version %s from the Chroma server (%d chunks)", manifest.version, len(chunks))

    # -- writing ---------------------------------------------------------------
    @contextlib.contextmanager
    def writer_lock(self) -> Iterator[None]:
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            fh = (self.root / ".ingest.lock").open("a+")
        except OSError as exc:
            raise IndexWriteError(f"Cannot write to the data directory {self.root} ({exc.strerror or exc}).") from None
        try:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise IngestLockedError("Another ingest is writing this index; wait for it to finish.") from None
            yield
        finally:
            fh.close()

    def collection_name(self, version: str) -> str:
        return f"{COLLECTION_PREFIX}{version}"

    def write_version(
        self,
        version: str,
        chunks: list[Chunk],
        embeddings: np.ndarray,
        documents: list[dict],
        catalog: dict,
        manifest: Manifest,
        progress=None,
    ) -> None:
        """Write every part of a version; nothing points at it until ``switch``."""
        vdir = self.version_dir(version)
        vdir.mkdir(parents=True, exist_ok=False)
        client = chroma_client(self.settings, vdir / "chroma")
        collection = client.create_collection(
            name=self.collection_name(version),
            configuration={"hnsw": {"space": "cosine"}},
            embedding_function=None,
            metadata={"embedder": manifest.embedder, "version": version},
        )
        batch = 512
        for i in range(0, len(chunks), batch):
            part = chunks[i : i + batch]
            collection.add(
                ids=[c.id for c in part],
                embeddings=embeddings[i : i + batch],
                documents=[c.text for c in part],
                metadatas=[chunk_metadata(c) for c in part],
            )
            if progress is not None:
                progress(len(part))
        if self.remote:
            self._meta_put({
                f"{version}:documents": json.dumps(documents, ensure_ascii=False),
                f"{version}:catalog": json.dumps(catalog, ensure_ascii=False),
            })
        self._write_files(vdir, chunks, embeddings, documents, catalog, manifest)

    @staticmethod
    def _write_files(vdir: Path, chunks: list[Chunk], embeddings: np.ndarray, documents, catalog, manifest: Manifest) -> None:
        with (vdir / "chunks.jsonl").open("w", encoding="utf-8") as fh:
            for chunk in chunks:
                fh.write(json.dumps(chunk.to_dict(), ensure_ascii=False) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        write_json(vdir / "documents.json", documents)
        write_json(vdir / "catalog.json", catalog)
        np.save(vdir / "embeddings.npy", embeddings.astype(np.float32))
        build_bm25(chunks).save(str(vdir / "bm25"), show_progress=False)
        # manifest.json last: its presence marks a complete version directory
        write_json(vdir / "manifest.json", manifest.to_dict())
        _fsync_dir(vdir)

    def switch(self, manifest: Manifest) -> None:
        """Make ``manifest`` current: write a temp file and rename it over the pointer.

        With a Chroma server the shared pointer there is switched too (one upsert), after
        the local one, so every app process sees the new version on its next poll.
        The catalogs of the old and the new version are then kept (``ingest/history.py``)
        for ``vraagbaak diff``.
        """
        try:
            previous = self.current()
        except IndexError_:
            previous = None
        write_json(self.root / CURRENT, manifest.to_dict())
        _fsync_dir(self.root)
        if self.remote:
            self._meta_put({"current": json.dumps(manifest.to_dict(), ensure_ascii=False)})
        self._keep_catalogs(previous, manifest)

    def _keep_catalogs(self, previous: Manifest | None, manifest: Manifest) -> None:

        history = CatalogHistory(self)
        try:
            if previous is not None and previous.version != manifest.version:
                history.archive_version_dir(previous.version)
            history.archive_version_dir(manifest.version, previous.version if previous else None)
            history.prune()
        except Exception as exc:  # noqa: BLE001 - the switch has happened; only the diff would miss a version
            log.warning("Could not keep the catalog of index version %s: %s", manifest.version, exc)

    def discard(self, version: str) -> None:
        """Best-effort removal of a version that was not switched to."""
        shutil.rmtree(self.version_dir(version), ignore_errors=True)
        if self.remote:
            with contextlib.suppress(Exception):
                chroma_client(self.settings).delete_collection(self.collection_name(version))

    def cleanup_local(self, keep: set[str]) -> None:
        """Remove local version directories other than ``keep`` (never touches the server)."""
        if self.versions.is_dir():
            for vdir in self.versions.iterdir():
                if vdir.name not in keep and not vdir.name.startswith("."):
                    shutil.rmtree(vdir, ignore_errors=True)

    def cleanup(self, keep: set[str]) -> list[str]:
        """Remove versions (and their server collections) other than ``keep``."""
        removed = []
        if self.versions.is_dir():
            for vdir in self.versions.iterdir():
                if vdir.name not in keep:
                    shutil.rmtree(vdir, ignore_errors=True)
                    removed.append(vdir.name)
        if self.settings.chroma_url:
            try:
                client = chroma_client(self.settings)
                for col in client.list_collections():
                    name = col if isinstance(col, str) else col.name
                    if name == META_COLLECTION:
                        continue
                    if name.startswith(COLLECTION_PREFIX) and name[len(COLLECTION_PREFIX) :] not in keep:
                        client.delete_collection(name)
                meta = self._meta(client)
                stale = [i for i in meta.get(include=[])["ids"]
                         if i != "current" and not i.startswith(HISTORY_PREFIX) and i.split(":", 1)[0] not in keep]
                if stale:
                    meta.delete(ids=stale)
            except Exception as exc:  # noqa: BLE001 - cleanup must never fail an ingest
                log.warning("Could not remove old collections from the Chroma server: %s", exc)
        return removed

    def stored_embeddings(self, manifest: Manifest, ids: list[str]) -> dict[str, np.ndarray]:
        """Embeddings of ``ids`` already stored in ``manifest``'s version (for reuse)."""
        path = self.version_dir(manifest.version) / "embeddings.npy"
        chunks_path = self.version_dir(manifest.version) / "chunks.jsonl"
        try:
            matrix = np.load(path, mmap_mode="r")
            with chunks_path.open(encoding="utf-8") as fh:
                old_ids = [json.loads(line)["id"] for line in fh]
        except (OSError, ValueError, KeyError) as exc:
            log.info("No reusable embeddings in version %s (%s)", manifest.version, exc)
            return {}
        if matrix.shape[0] != len(old_ids):
            return {}
        wanted = set(ids)
        return {cid: np.array(matrix[i]) for i, cid in enumerate(old_ids) if cid in wanted}


def _bm25s():
    import bm25s

    # bm25s sets its logger to DEBUG on import.
    logging.getLogger("bm25s").setLevel(logging.WARNING)
    return bm25s


def build_bm25(chunks: list[Chunk]):
    bm25s = _bm25s()

    retriever = bm25s.BM25(k1=1.2, b=0.75)
    corpus_tokens = [tokenize(f"{c.text}") or ["_"] for c in chunks]
    retriever.index(corpus_tokens, show_progress=False)
    return retriever


class IndexVersion:
    """One readable index version; parts load lazily and are cached."""

    def __init__(self, store: IndexStore, manifest: Manifest) -> None:
        self.store = store
        self.manifest = manifest
        self.dir = store.version_dir(manifest.version)
        self._lock = threading.Lock()
        self._chunks: list[Chunk] | None = None
        self._documents: dict[str, dict] | None = None
        self._catalog: dict | None = None
        self._bm25 = None
        self._collection = None
        self._embeddings: np.ndarray | None = None

    def _read_json(self, name: str):
        path = self.dir / name
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise IndexError_(f"Index version {self.manifest.version} is damaged ({name}: {exc}); run: vraagbaak ingest --rebuild") from None

    @property
    def chunks(self) -> list[Chunk]:
        if self._chunks is None:
            with self._lock:
                if self._chunks is None:
                    path = self.dir / "chunks.jsonl"
                    try:
                        with path.open(encoding="utf-8") as fh:
                            self._chunks = [Chunk.from_dict(json.loads(line)) for line in fh if line.strip()]
                    except (OSError, ValueError) as exc:
                        raise IndexError_(f"Index version {self.manifest.version} is damaged ({exc}); run: vraagbaak ingest --rebuild") from None
        return self._chunks

    @property
    def documents(self) -> dict[str, dict]:
        if self._documents is None:
            self._documents = {d["source"]: d for d in self._read_json("documents.json")}
        return self._documents

    @property
    def catalog(self) -> dict:
        if self._catalog is None:
            self._catalog = self._read_json("catalog.json")
        return self._catalog

    @property
    def bm25(self):
        if self._bm25 is None:
            with self._lock:
                if self._bm25 is None:
                    self._bm25 = _bm25s().BM25.load(str(self.dir / "bm25"))
        return self._bm25

    @property
    def embeddings(self) -> np.ndarray:
        """All chunk embeddings in chunk order (a memory map; for exact search and reuse)."""
        if self._embeddings is None:
            self._embeddings = np.load(self.dir / "embeddings.npy", mmap_mode="r")
        return self._embeddings

    @property
    def collection(self):
        if self._collection is None:
            with self._lock:
                if self._collection is None:
                    client = chroma_client(self.store.settings, self.dir / "chroma")
                    try:
                        self._collection = client.get_collection(self.store.collection_name(self.manifest.version))
                    except Exception as exc:  # noqa: BLE001
                        raise IndexError_(
                            f"The Chroma collection of index version {self.manifest.version} is missing ({exc}); "
                            "run: vraagbaak ingest --rebuild"
                        ) from None
        return self._collection


def _short(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200] or type(exc).__name__


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
