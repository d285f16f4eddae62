"""What every answer keeps, however it was asked (service, API, command line, stream): checked in one place.

``assert_answer`` is the answer contract: its fields and their values, citations numbered
1..n in order, every quote verbatim in its source document, and every ``[n]`` in the text
naming one of the citations.
"""

from __future__ import annotations

import json
import re

CONTRACT = frozenset({"question", "answer", "answerable", "reason", "mode", "citations", "timings_ms"})
CITATION = frozenset({"n", "source", "title", "section", "page", "chunk_id", "score", "quote", "url"})
ANSWERABLE = ("ja", "deels", "nee")
MODES = ("extractief", "llm")
_MARKER = re.compile(r"\[(\d+)\]")


def markers(text: str) -> set[int]:
    """The citation numbers ``[n]`` a text uses."""
    return {int(n) for n in _MARKER.findall(text)}


def assert_verbatim(quote: str, documents: dict[str, dict], source: str) -> None:
    """``quote`` is a non-empty, exact substring of the normalised text of ``source``."""
    assert quote and quote.strip(), f"empty quote from {source}"
    assert source in documents, f"quote from an unknown document {source!r}"
    assert quote in documents[source]["text"], f"not verbatim in {source}: {quote[:120]!r}"


def assert_answer(answer: dict, documents: dict[str, dict] | None = None, mode: str | None = None) -> None:
    """``answer`` keeps the answer contract (quotes checked against ``documents`` when given)."""
    assert CONTRACT <= set(answer), f"missing fields: {sorted(CONTRACT - set(answer))}"
    assert answer["answerable"] in ANSWERABLE, answer["answerable"]
    assert isinstance(answer["answer"], str) and answer["answer"].strip(), "an empty answer"
    assert isinstance(answer["reason"], str) and answer["reason"], "no reason"
    assert answer["mode"] in MODES and (mode is None or answer["mode"] == mode), answer["mode"]
    assert isinstance(answer["timings_ms"], dict)
    citations = answer["citations"]
    assert [c["n"] for c in citations] == list(range(1, len(citations) + 1)), "citations not numbered 1..n"
    for c in citations:
        assert CITATION <= set(c), f"citation {c.get('n')} lacks {sorted(CITATION - set(c))}"
        if documents is not None:
            assert_verbatim(c["quote"], documents, c["source"])
    used = markers(answer["answer"])
    assert used <= {c["n"] for c in citations}, f"markers without a citation: {sorted(used - {c['n'] for c in citations})}"
    json.dumps(answer, ensure_ascii=True, allow_nan=False)  # what the API and the CLI send
