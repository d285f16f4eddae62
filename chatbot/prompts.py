"""The Dutch wording of every answer, loaded from ``prompts/*.toml`` (editable by civil servants)."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

DEFAULT_DIR = Path(__file__).resolve().parent.parent / "prompts"


class Prompts:
    """Lookup of ``section.key`` templates; ``say`` fills in the placeholders."""

    def __init__(self, data: dict) -> None:
        self._data = data

    def get(self, key: str) -> str:
        section, _, name = key.partition(".")
        try:
            value = self._data[section][name]
        except KeyError:
            raise KeyError(f"prompts: no text '{key}' in the prompts files") from None
        return str(value)

    def say(self, key: str, **values) -> str:
        return self.get(key).format(**values)

    def has(self, key: str) -> bool:
        section, _, name = key.partition(".")
        return name in self._data.get(section, {})


@lru_cache(maxsize=8)
def load_prompts(directory: str | None = None) -> Prompts:
    """Merge every ``*.toml`` file of the prompts folder (later files override earlier ones)."""
    folder = Path(directory) if directory else DEFAULT_DIR
    data: dict = {}
    files = sorted(folder.glob("*.toml"))
    if not files:
        raise FileNotFoundError(f"No prompts files (*.toml) in {folder}")
    for path in files:
        with path.open("rb") as fh:
            for section, values in tomllib.load(fh).items():
                data.setdefault(section, {}).update(values)
    return Prompts(data)
