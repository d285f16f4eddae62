"""Every sentence Vraagbaak says to users, in Dutch: the ``*.toml`` files in this folder, and their loader.

Civil servants edit the TOML files; this module only reads them. They are package data,
found through ``importlib.resources``, so an installed wheel has them as well as a
checkout. ``VRAAGBAAK_PROMPTS_DIR`` (``Settings.prompts_dir``) points at an edited copy
of the folder instead.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib.resources import files
from importlib.resources.abc import Traversable
import re
from pathlib import Path


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
        template = self.get(key)
        if "{lijnen_naam}" in template:
            values["lijnen_naam"] = self.get("sectie.ambitielijnen")
        return template.format(**values)

    def has(self, key: str) -> bool:
        section, _, name = key.partition(".")
        return name in self._data.get(section, {})

    def keys(self) -> set[str]:
        """Every ``section.key`` the files define."""
        return {f"{section}.{name}" for section, values in self._data.items() for name in values}


class PartNamedPrompts(Prompts):
    """Prompts for documents whose top-level parts carry their own labels ("SD3", "Prioriteit B").

    Where a template names a line the way ``sectie.ambitielijn`` does ("Ambitielijn {lijn}"),
    the document's own label for that number is said instead ("SD3").
    """

    def __init__(self, prompts: Prompts, labels: dict[int, str]) -> None:
        super().__init__(prompts._data)
        self._labels = labels
        phrase = re.escape(prompts.get("sectie.ambitielijn")).replace(re.escape("{lijn}"), r"\{lijn\}")
        self._phrase = re.compile(phrase, re.IGNORECASE)

    def say(self, key: str, **values) -> str:
        template = self.get(key)
        label = self._labels.get(values.get("lijn")) if isinstance(values.get("lijn"), int) else None
        if label:
            template = self._phrase.sub(lambda _: label.replace("{", "{{").replace("}", "}}"), template)
        if "{lijnen_naam}" in template:
            # ``gebruikt``: the numbers of the lines counted, named by their own labels.
            used = [n for n in values.get("gebruikt", sorted(self._labels)) if n in self._labels]
            values["lijnen_naam"] = self.get("sectie.eigen_delen").format(labels=", ".join(self._labels[n] for n in used))
        return template.format(**values)


def bundled() -> Traversable:
    """The folder of the wording shipped with the package."""
    return files(__name__)


@lru_cache(maxsize=8)
def load_prompts(directory: str | Path | None = None) -> Prompts:
    """Merge every ``*.toml`` file of ``directory`` (default: the bundled wording); later files override earlier ones."""
    folder: Traversable | Path = Path(directory) if directory else bundled()
    try:
        found = sorted((f for f in folder.iterdir() if f.name.endswith(".toml") and f.is_file()), key=lambda f: f.name)
    except OSError:
        found = []
    if not found:
        raise FileNotFoundError(f"No prompts files (*.toml) in {folder}")
    data: dict = {}
    for entry in found:
        with entry.open("rb") as fh:
            for section, values in tomllib.load(fh).items():
                data.setdefault(section, {}).update(values)
    return Prompts(data)
