"""One typed Settings object for the whole service (env prefix ``VRAAGBAAK_``)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Built once at an entry point and passed down; nothing else reads the environment."""

    model_config = SettingsConfigDict(env_prefix="VRAAGBAAK_", extra="ignore")

    data_dir: Path = Path("data")
    corpus_dir: Path = Path("corpus")
    embedder: str = "e5-small-nano"
    # Allow sentence-transformers to fetch a model from a hub; off by default so a
    # missing model fails at once with a clear message instead of waiting on the network.
    model_download: bool = False
    chroma_url: str | None = None
    embed_batch_size: int = Field(default=16, ge=1)

    # Per-file limits during ingest.
    file_timeout_s: float = Field(default=120.0, gt=0)
    max_file_mb: float = Field(default=100.0, gt=0)
    max_pdf_pages: int = Field(default=2000, ge=1)
    loader_memory_mb: int = Field(default=2048, ge=256)

    # Answering.
    prompts_dir: Path | None = None  # default: the prompts/ folder of this project
    max_question_chars: int = Field(default=1000, ge=10)
    log_level: str = "INFO"

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"
