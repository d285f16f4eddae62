"""A way onward from an answer the documents do not (fully) give: a contact point, and questions they do answer.

The contact point is per document, from its ``.meta.json`` (``contact_name``,
``contact_url``, ``contact_phone``, ``contact_email``; each optional, a URL only when it is
http(s)). An answer gets the contact of the first cited document that has one, else of
the first document (in source order) that has one.

Suggested questions are made from the structure catalog, never written by hand: for each
kind of item (most items first) a list question for the ambition line with the most items
of that kind (or for all of them, without lines), a title question for each line, and a
count question for each kind, worded
by the templates in ``prompts/ui.toml`` (``[suggesties]``). A candidate is kept only when
the service itself answers it with ``ja``; the first ``COUNT`` kept are the suggestions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator

from chatbot.links import safe_source_url

COUNT = 3
MAX_TRIED = 10  # candidates asked at most, per index version
CONTACT_FIELDS = {"contact_name": "name", "contact_url": "url", "contact_phone": "phone", "contact_email": "email"}
ONWARD_STATUSES = ("nee", "deels")


def contact_of(metadata: dict | None) -> dict | None:
    """``{"name", "url", "phone", "email"}`` (the ones set) from a document's metadata; None without any."""
    out = {}
    for key, field in CONTACT_FIELDS.items():
        value = (metadata or {}).get(key)
        if not isinstance(value, str) or not value.strip():
            continue
        value = " ".join(value.split())
        if field == "url":
            value = safe_source_url({"source_url": value})
            if value is None:
                continue
        out[field] = value
    return out or None


def contact_for(citations: list[dict], documents: dict[str, dict]) -> dict | None:
    """The contact of the first cited document with one, else of the first document with one."""
    cited = [c.get("source") for c in citations or []]
    for source in [s for s in cited if s in documents] + sorted(documents):
        contact = contact_of((documents.get(source) or {}).get("metadata"))
        if contact:
            return contact
    return None


def candidates(catalog: dict, t) -> Iterator[str]:
    """Questions the structure suggests, most promising first (see the module docstring)."""
    items = catalog.get("items", [])
    plural = {"actie": t.get("soort.actie_meervoud"), "kpi": t.get("soort.kpi_meervoud"),
              "analyse": t.get("soort.analyse_meervoud")}
    kinds = [kind for kind, _ in Counter(i.get("kind") for i in items).most_common() if kind in plural]
    by_line: dict[str, Counter] = {kind: Counter() for kind in kinds}
    for item in items:
        if item.get("kind") in by_line and item.get("ambitielijn") is not None:
            by_line[item["kind"]][item["ambitielijn"]] += 1
    lists, used = [], set()
    for kind in kinds:
        if by_line[kind]:
            most = max(by_line[kind].values())
            # Of the lines with the most items of this kind, one not suggested yet (then the lowest number).
            line = min((n for n, c in by_line[kind].items() if c == most), key=lambda n: (n in used, n))
            used.add(line)
            lists.append(t.say("suggesties.lijst_lijn", soort=plural[kind], lijn=line))
        else:
            lists.append(t.say("suggesties.lijst", soort=plural[kind]))
    lines = sorted({line["number"] for line in catalog.get("ambition_lines", []) if isinstance(line.get("number"), int)})
    titles = [t.say("suggesties.titel_lijn", lijn=line) for line in sorted(lines, key=lambda n: (n in used, n))]
    # A list of the two largest kinds, a line's title, then the rest.
    yield from lists[:2]
    yield from titles[:1]
    yield from lists[2:]
    yield from (t.say("suggesties.aantal", soort=plural[kind]) for kind in kinds)
    yield from titles[1:]


def suggestions(catalog: dict, t, answerable: Callable[[str], bool], count: int = COUNT) -> list[str]:
    """The first ``count`` distinct candidates that ``answerable`` accepts (at most ``MAX_TRIED`` tried)."""
    kept: list[str] = []
    seen: set[str] = set()
    for question in candidates(catalog, t):
        if len(kept) >= count or len(seen) >= MAX_TRIED:
            break
        if question in seen:
            continue
        seen.add(question)
        if answerable(question):
            kept.append(question)
    return kept
