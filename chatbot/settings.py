"""One typed Settings object for ingest, answering and the service (env prefix ``VRAAGBAAK_``).

Built once at an entry point (``ui/cli.py``) and passed down; nothing else reads the
environment. ``ingest`` takes it as an ``ingest.config.IngestSettings`` (the fields it reads)
and never imports this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, EnvSettingsSource, PydanticBaseSettingsSource, SettingsConfigDict

from chatbot.tuning import FusionWeights, Tuning, VerifyTuning


MIN_ADMIN_TOKEN_CHARS = 16
MIN_ADMIN_TOKEN_DISTINCT = 10  # "aaaaaaaaaaaaaaaa" or "1234567812345678" is no secret


@dataclass(frozen=True)
class Limits:
    """The serving limits, chosen for the 2-core machines this runs on (``ui/app.py`` explains the numbers)."""

    queue_max_size: int = 64  # Gradio events waiting over both pages
    api_concurrency: int = 2  # answers the JSON API computes at once
    api_max_waiting: int = 16  # API requests waiting for a slot
    api_wait_s: float = 10.0  # how long one waits for a slot
    max_history_messages: int = 50  # earlier turns one API request may send
    history_messages: int = 12  # of those, the most recent the service reads
    max_body_bytes: int = 64 * 1024  # a request body
    session_capacity: int = 2000  # Gradio sessions kept in memory
    report_max_clustered: int = 3000  # distinct questions the report clusters together
    report_max_text_chars: int = 500  # what the embedder gets of one question for the report


# Set in code, not from the environment: the tuned values (chatbot/data/tuned.json) and the limits.
NESTED = ("tuning", "fusion", "verify", "limits")


class _Environment(EnvSettingsSource):
    """The ``VRAAGBAAK_`` variables, except for the nested parts of the settings."""

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        if field_name in NESTED:
            return None, field_name, False
        return super().get_field_value(field, field_name)


class Settings(BaseSettings):
    """Built once at an entry point and passed down; nothing else reads the environment.

    One tree: besides the values from the environment, ``tuning``, ``fusion`` and ``verify``
    (the tuned values, ``chatbot/tuning.py``) and ``limits`` (``Limits``), set in code.
    """

    model_config = SettingsConfigDict(env_prefix="VRAAGBAAK_", extra="ignore")

    @classmethod
    def settings_customise_sources(cls, settings_cls: type[BaseSettings], init_settings: PydanticBaseSettingsSource,
                                   env_settings: PydanticBaseSettingsSource, dotenv_settings: PydanticBaseSettingsSource,
                                   file_secret_settings: PydanticBaseSettingsSource) -> tuple[PydanticBaseSettingsSource, ...]:
        return init_settings, _Environment(settings_cls), dotenv_settings, file_secret_settings

    data_dir: Path = Path("data")
    corpus_dir: Path = Path("corpus")
    embedder: str = "e5-small-nano"
    # Allow sentence-transformers to fetch a model from a hub; off by default so a
    # missing model fails at once with a clear message instead of waiting on the network.
    model_download: bool = False
    chroma_url: str | None = None
    index_poll_s: float = Field(default=2.0, ge=0)  # how often app processes look for a new index on the Chroma server
    embed_batch_size: int = Field(default=16, ge=1)
    # Embed each passage after its container's title and section name (ingest.chunk.embed_texts);
    # the quoted text stays the passage's own. Off: it gained on the dev questions, not on unseen ones.
    embed_context: bool = False
    # `vraagbaak serve` embeds in this many worker processes (0: in the service process);
    # a worker that crashes or takes longer than embed_timeout_s fails that one request.
    embed_workers: int = Field(default=2, ge=0, le=16)
    embed_timeout_s: float = Field(default=30.0, gt=0)

    # Per-file limits during ingest.
    file_timeout_s: float = Field(default=120.0, gt=0)
    max_file_mb: float = Field(default=100.0, gt=0)
    max_pdf_pages: int = Field(default=2000, ge=1)
    loader_memory_mb: int = Field(default=2048, ge=256)
    # Per-file budget for chunking and embedding: a file over either fails alone (embedding
    # costs about 1-5 ms of CPU per token here, so 200,000 tokens are minutes, not hours).
    max_file_chunks: int = Field(default=4000, ge=1)
    max_file_tokens: int = Field(default=200_000, ge=1000)

    # Answering.
    prompts_dir: Path | None = None  # an edited copy of the wording; default: the prompts bundled with the package
    max_question_chars: int = Field(default=1000, ge=10)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = "INFO"

    # Unanswered-questions report (chatbot/questionlog.py, chatbot/report.py). Off by default: then
    # no question is stored. On: questions answered "nee" or "deels" (text, status, reason, time;
    # no IP address, no session) are kept this many days, then deleted.
    question_log: bool = False
    question_log_days: int = Field(default=90, ge=1, le=3650)
    # Budgets (chatbot/questionlog.py): new rows per minute and in all; a repeat adds to its row.
    question_log_per_minute: int = Field(default=30, ge=1)
    question_log_max_rows: int = Field(default=20_000, ge=100)
    # The report embeds and groups at most this many distinct questions (the most asked); the rest are counted.
    report_max_questions: int = Field(default=2000, ge=10)
    # The editors' page /beheer; without a token it does not exist (404).
    admin_token: SecretStr | None = None

    @field_validator("log_level", mode="before")
    @classmethod
    def _log_level(cls, value):
        """Level names in any case ("info")."""
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator("admin_token", mode="before")
    @classmethod
    def _admin_token(cls, value):
        """An empty value means no token; a set one must be hard to guess."""
        text = value.get_secret_value() if isinstance(value, SecretStr) else value
        if text is None or (isinstance(text, str) and not text.strip()):
            return None
        hint = "e.g. python3 -c 'import secrets; print(secrets.token_urlsafe(24))'"
        if not isinstance(text, str) or len(text.strip()) < MIN_ADMIN_TOKEN_CHARS:
            raise ValueError(f"must be at least {MIN_ADMIN_TOKEN_CHARS} characters ({hint})")
        if len(set(text.strip())) < MIN_ADMIN_TOKEN_DISTINCT:
            raise ValueError(f"must have at least {MIN_ADMIN_TOKEN_DISTINCT} different characters, not a repeated pattern ({hint})")
        return text.strip()

    # Optional language model that phrases answers from the cited passages (chatbot/generate.py).
    # Its text is shown only after verification (chatbot/verify.py); the extractive answer stays the fallback.
    llm: Literal["none", "openai", "ollama"] = "none"
    llm_base_url: str | None = None  # e.g. http://127.0.0.1:8080/v1 (OpenAI-compatible) or http://127.0.0.1:11434 (Ollama)
    llm_model: str = "local-model"
    llm_api_key: SecretStr | None = None  # VRAAGBAAK_LLM_API_KEY; local servers need none
    llm_timeout_s: float = Field(default=20.0, gt=0)  # wall-clock limit for one model call
    llm_max_tokens: int = Field(default=300, ge=16)
    llm_temperature: float = Field(default=0.0, ge=0, le=2)

    # The nested parts, set in code (see NESTED).
    tuning: Tuning = Field(default_factory=Tuning.shipped)
    fusion: FusionWeights = Field(default_factory=FusionWeights.shipped)
    verify: VerifyTuning = Field(default_factory=VerifyTuning)
    limits: Limits = Field(default_factory=Limits)

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @classmethod
    def environment_variables(cls) -> list[str]:
        """Every environment variable the settings read."""
        return [f"VRAAGBAAK_{name.upper()}" for name in cls.model_fields if name not in NESTED]
