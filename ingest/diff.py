"""What changed between two index versions: catalog items added, removed and changed, per document.

An item's id is the chunk id (a hash of source, section path and wording), so an item
whose wording changed gets a new id. Items are matched in three steps:

1. The same id in both versions: unchanged.
2. Among the items left, within one document, ambition line and kind: a removed and an
   added item whose word-level similarity (``difflib`` ratio over the words, ignoring case
   and quote style) is at least ``MIN_SIMILARITY`` are one reworded ("changed") item. The
   most similar pairs are taken first; ties go to the pair closest in list position. An
   item reworded beyond that similarity is shown as removed and added.
3. What is left was removed (old version only) or added (new version only). An item moved
   to another ambition line or kind is removed there and added here.

Every other passage of the documents (running text, titles: the catalog's ``passages``) is
compared the same way, as items of the kind ``passage``, so a changed figure in a paragraph
("300 kilometer" -> "400 kilometer") is a changed passage with its word diff. Catalogs
written before passages were kept have none; then only the items are compared.

Everything here is pure except ``compare_versions``, which reads catalogs from the index.
"""

from __future__ import annotations

import difflib
from collections import defaultdict

MIN_SIMILARITY = 0.5
KIND_ORDER = {"analyse": 0, "actie": 1, "kpi": 2, "passage": 3}
PASSAGE = "passage"  # the kind of every passage that is not a catalog item
ITEM_FIELDS = ("chunk_id", "text", "page", "section", "item_index")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "‚": "'", "`": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"'})


def _loose(word: str) -> str:
    return word.translate(_QUOTES).casefold()


def similarity(a: str, b: str) -> float:
    """Word-level similarity of two wordings, 0..1."""
    return difflib.SequenceMatcher(a=[_loose(w) for w in a.split()], b=[_loose(w) for w in b.split()], autojunk=False).ratio()


def word_diff(old: str, new: str) -> list[dict]:
    """``[{"op": "equal|delete|insert|replace", "old": ..., "new": ...}]``, word by word."""
    a, b = old.split(), new.split()
    matcher = difflib.SequenceMatcher(a=[_loose(w) for w in a], b=[_loose(w) for w in b], autojunk=False)
    return [{"op": tag, "old": " ".join(a[i1:i2]), "new": " ".join(b[j1:j2])} for tag, i1, i2, j1, j2 in matcher.get_opcodes()]


def shortened(ops: list[dict], keep: int = 6) -> list[dict]:
    """``word_diff`` ops with long unchanged stretches cut to ``keep`` words next to each change (``…``).

    For display: a changed figure in a long paragraph shows with its neighbouring words.
    """
    out = []
    for i, op in enumerate(ops):
        words = op["new"].split()
        if op["op"] != "equal" or len(words) <= 2 * keep + 1:
            out.append(op)
            continue
        first, last = i == 0, i == len(ops) - 1
        if first and last:
            text = " ".join(words)
        elif first:
            text = "… " + " ".join(words[-keep:])
        elif last:
            text = " ".join(words[:keep]) + " …"
        else:
            text = " ".join(words[:keep]) + " … " + " ".join(words[-keep:])
        out.append({"op": "equal", "old": text, "new": text})
    return out


def _item(item: dict) -> dict:
    return {k: item.get(k) for k in ITEM_FIELDS}


def _group_key(item: dict) -> tuple:
    return (item.get("source"), item.get("ambitielijn"), item.get("kind"))


def _sort_key(key: tuple) -> tuple:
    source, line, kind = key
    return (source or "", -1 if line is None else line, KIND_ORDER.get(kind, 9), kind or "")


def match_items(removed: list[dict], added: list[dict]) -> tuple[list[tuple[dict, dict, float]], list[dict], list[dict]]:
    """Pair reworded items of one group: (pairs, still removed, still added); see the module docstring."""
    scored = []
    for i, old in enumerate(removed):
        for j, new in enumerate(added):
            ratio = similarity(old["text"], new["text"])
            if ratio >= MIN_SIMILARITY:
                distance = abs((old.get("item_index") or 0) - (new.get("item_index") or 0))
                scored.append((-ratio, distance, i, j))
    scored.sort()
    used_old: set[int] = set()
    used_new: set[int] = set()
    pairs = []
    for neg_ratio, _, i, j in scored:
        if i in used_old or j in used_new:
            continue
        used_old.add(i)
        used_new.add(j)
        pairs.append((removed[i], added[j], round(-neg_ratio, 3)))
    pairs.sort(key=lambda p: p[1].get("item_index") or 0)
    return (pairs, [o for i, o in enumerate(removed) if i not in used_old], [n for j, n in enumerate(added) if j not in used_new])


def diff_catalogs(old: dict, new: dict) -> dict:
    """The changes from catalog ``old`` to ``new`` (each as in ``catalog.json``).

    Returns ``{"counts": {"added", "removed", "changed"}, "documents": [{"source", "title",
    "status": "added|removed|changed", "groups": [{"ambitielijn", "kind", "added": [item],
    "removed": [item], "changed": [{"old": item, "new": item, "similarity", "diff"}]}]}]}``;
    only documents and groups with changes are listed, in document, line and kind order.
    ``"passages"`` says whether the other passages were compared too (both catalogs keep them).
    """
    old_items = old.get("items", [])
    new_items = new.get("items", [])
    passages = "passages" in old and "passages" in new
    if passages:  # both versions kept them (see the module docstring)
        old_items = old_items + [{**p, "kind": PASSAGE} for p in old["passages"]]
        new_items = new_items + [{**p, "kind": PASSAGE} for p in new["passages"]]
    old_ids = {i.get("chunk_id") for i in old_items}
    new_ids = {i.get("chunk_id") for i in new_items}
    removed: dict[tuple, list[dict]] = defaultdict(list)
    added: dict[tuple, list[dict]] = defaultdict(list)
    for item in old_items:
        if item.get("chunk_id") not in new_ids:
            removed[_group_key(item)].append(item)
    for item in new_items:
        if item.get("chunk_id") not in old_ids:
            added[_group_key(item)].append(item)

    titles = {d["source"]: d.get("title") for d in old.get("documents", [])}
    titles.update({d["source"]: d.get("title") for d in new.get("documents", [])})
    old_sources = {i.get("source") for i in old_items} | {d["source"] for d in old.get("documents", [])}
    new_sources = {i.get("source") for i in new_items} | {d["source"] for d in new.get("documents", [])}
    counts = {"added": 0, "removed": 0, "changed": 0}
    documents: dict[str, dict] = {}
    for key in sorted(set(removed) | set(added), key=_sort_key):
        source, line, kind = key
        pairs, gone, came = match_items(removed.get(key, []), added.get(key, []))
        group = {
            "ambitielijn": line,
            "kind": kind,
            "added": [_item(i) for i in came],
            "removed": [_item(i) for i in gone],
            "changed": [
                {"old": _item(o), "new": _item(n), "similarity": ratio, "diff": word_diff(o["text"], n["text"])}
                for o, n, ratio in pairs
            ],
        }
        counts["added"] += len(came)
        counts["removed"] += len(gone)
        counts["changed"] += len(pairs)
        status = "added" if source not in old_sources else "removed" if source not in new_sources else "changed"
        documents.setdefault(source, {"source": source, "title": titles.get(source), "status": status, "groups": []})
        documents[source]["groups"].append(group)
    return {"counts": counts, "documents": list(documents.values()), "passages": passages}


def change_marks(diff: dict) -> dict[str, dict]:
    """``chunk_id -> {"change": "nieuw"|"gewijzigd", "previous_text"?}`` for the new version's items."""
    marks: dict[str, dict] = {}
    for document in diff.get("documents", []):
        for group in document["groups"]:
            for item in group["added"]:
                marks[item["chunk_id"]] = {"change": "nieuw"}
            for pair in group["changed"]:
                marks[pair["new"]["chunk_id"]] = {"change": "gewijzigd", "previous_text": pair["old"]["text"]}
    return marks


def catalog_of(store, version: str) -> tuple[dict, str]:
    """(catalog, created) of a version: its own files while it exists, else its kept copy."""
    import json

    from ingest.history import CatalogHistory, UnknownVersionError, valid_version

    if not valid_version(version):
        raise UnknownVersionError(f"not a version name: {version[:60]!r}")
    vdir = store.version_dir(version)
    try:
        manifest = json.loads((vdir / "manifest.json").read_text(encoding="utf-8"))
        return json.loads((vdir / "catalog.json").read_text(encoding="utf-8")), manifest.get("created", "")
    except (OSError, ValueError):
        entry = CatalogHistory(store).load(version)
        return entry["catalog"], entry.get("created", "")


def compare_versions(store, old_version: str | None = None, new_version: str | None = None) -> dict:
    """``diff_catalogs`` of two versions (default: the one before the current, and the current).

    Adds ``"old"`` and ``"new"`` (``{"version", "created"}``); ``"old"`` is None, with no
    changes listed, when no earlier version is kept. Raises ``UnknownVersionError``.
    """
    from ingest.history import CatalogHistory

    new_version = new_version or store.require_current().version
    new_catalog, new_created = catalog_of(store, new_version)
    if old_version is None:
        old_version = CatalogHistory(store).previous(new_version, new_created or None)
    if old_version is None:
        result = {"counts": {"added": 0, "removed": 0, "changed": 0}, "documents": [], "passages": False}
        return {"old": None, "new": {"version": new_version, "created": new_created}, **result}
    old_catalog, old_created = catalog_of(store, old_version)
    result = diff_catalogs(old_catalog, new_catalog)
    return {"old": {"version": old_version, "created": old_created}, "new": {"version": new_version, "created": new_created}, **result}
