"""The catalogs of earlier index versions, kept after their version is cleaned up.

Every version that becomes current has its structure catalog (items, ambition lines,
documents; no chunks, no embeddings) copied to ``<index>/catalogs/<version>.json`` with
its creation time, so ``vraagbaak diff`` can compare versions whose files are gone. The
newest ``KEEP_CATALOGS`` are kept. With a Chroma server, the copies also go to the
server's meta collection (``history:<version>``), so app processes elsewhere can read them.
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

from ingest.durable import IndexError_, write_json
from ingest.errors import ErrorKind

HISTORY_PREFIX = "history:"  # kept catalogs of earlier versions on a Chroma server; the store never cleans them up

log = logging.getLogger(__name__)

HISTORY_DIR = "catalogs"
KEEP_CATALOGS = 20
_VERSION = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")


class UnknownVersionError(IndexError_):
    """No catalog is kept for that version name."""

    kind, operator, message_key = ErrorKind.NOT_FOUND, "unknown version", "wijzigingen.onbekende_versie"


def valid_version(name: str) -> bool:
    """A version name that can be used as a file name (no paths, no dots only)."""
    return isinstance(name, str) and bool(_VERSION.match(name)) and ".." not in name


class CatalogHistory:
    """Reads and writes the archived catalogs of an ``IndexStore``."""

    def __init__(self, store) -> None:
        self.store = store
        self.dir = Path(store.root) / HISTORY_DIR

    def _path(self, version: str) -> Path:
        if not valid_version(version):
            raise UnknownVersionError(f"not a version name: {version[:60]!r}")
        return self.dir / f"{version}.json"

    def save(self, version: str, created: str, catalog: dict, previous: str | None = None) -> None:
        """Archive one version's catalog (local file; also on the Chroma server when there is one).

        ``previous`` is the version that was current before this one, when known.
        """
        entry = {"version": version, "created": created, "previous": previous, "catalog": catalog}
        self.dir.mkdir(parents=True, exist_ok=True)
        write_json(self._path(version), entry)
        if self.store.remote:
            self.store.meta_put({HISTORY_PREFIX + version: json.dumps(entry, ensure_ascii=False)})

    def archive_version_dir(self, version: str, previous: str | None = None) -> bool:
        """Archive the catalog of a complete local version directory, unless it is archived already."""
        if not valid_version(version) or self._path(version).exists():
            return False
        vdir = self.store.version_dir(version)
        try:
            manifest = json.loads((vdir / "manifest.json").read_text(encoding="utf-8"))
            catalog = json.loads((vdir / "catalog.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            log.info("Not archiving the catalog of version %s: %s", version, exc)
            return False
        self.save(version, manifest.get("created", ""), catalog, previous)
        return True

    def load(self, version: str) -> dict:
        """``{"version", "created", "catalog"}`` of an archived version (local, else the server)."""
        path = self._path(version)
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            pass
        except (OSError, ValueError) as exc:
            raise UnknownVersionError(f"the kept catalog of version {version} is unreadable ({exc})") from None
        if self.store.remote:
            raw = self.store.meta_get(HISTORY_PREFIX + version)
            if raw is not None:
                return json.loads(raw)
        raise UnknownVersionError(f"no catalog kept for index version {version} (see: vraagbaak diff --list)")

    def versions(self) -> list[dict]:
        """``[{"version", "created"}]`` of every kept catalog, oldest first.

        Creation times have one-second resolution: versions created in the same second are
        ordered by their recorded predecessors, not by their random name suffixes.
        """
        found: dict[str, tuple[str, str | None]] = {}
        if self.dir.is_dir():
            for path in self.dir.glob("*.json"):
                try:
                    entry = json.loads(path.read_text(encoding="utf-8"))
                    found[entry["version"]] = (entry.get("created", ""), entry.get("previous"))
                except (OSError, ValueError, KeyError, TypeError):
                    log.warning("Ignoring an unreadable kept catalog: %s", path.name)
        if self.store.remote:
            known = frozenset(HISTORY_PREFIX + v for v in found)
            for raw in self.store.meta_items(HISTORY_PREFIX, skip=known).values():
                try:
                    entry = json.loads(raw)
                    found[entry["version"]] = (entry.get("created", ""), entry.get("previous"))
                except (ValueError, KeyError, TypeError):
                    continue

        def depth(version: str) -> int:
            """How many predecessors created in the same second precede ``version``."""
            created, seen, n = found[version][0], {version}, 0
            prev = found[version][1]
            while prev in found and prev not in seen and found[prev][0] == created:
                seen.add(prev)
                prev, n = found[prev][1], n + 1
            return n

        order = sorted(found, key=lambda v: (found[v][0], depth(v), v))
        return [{"version": v, "created": found[v][0]} for v in order]

    def previous(self, version: str, created: str | None = None) -> str | None:
        """The kept version that was current before ``version``.

        Recorded at the switch; for versions archived without that record, the newest kept
        version created before ``version`` (creation times have one-second resolution).
        """
        kept = self.versions()
        names = {v["version"] for v in kept}
        try:
            recorded = self.load(version).get("previous")
        except UnknownVersionError:
            recorded = None
        if recorded in names and recorded != version:
            return recorded
        if created is None:
            created = next((v["created"] for v in kept if v["version"] == version), None)
        earlier = [v for v in kept if v["version"] != version and (not created or v["created"] <= created)]
        return earlier[-1]["version"] if earlier else None

    def prune(self, keep: int = KEEP_CATALOGS) -> list[str]:
        """Remove all but the newest ``keep`` kept catalogs; returns the removed version names."""
        versions = self.versions()
        stale = [v["version"] for v in versions[: max(0, len(versions) - keep)]]
        for version in stale:
            self._path(version).unlink(missing_ok=True)
        if stale and self.store.remote:
            try:
                self.store.meta_delete([HISTORY_PREFIX + v for v in stale])
            except Exception as exc:  # noqa: BLE001 - pruning must never fail an ingest
                log.warning("Could not remove old catalogs from the Chroma server: %s", exc)
        return stale
