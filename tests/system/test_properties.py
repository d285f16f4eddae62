"""Property tests: any question, any history, any file bytes -> a well-formed result, never a crash."""

import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.load import LoadError, load_file
from tests.invariants import assert_answer

ROLES = st.sampled_from(["user", "assistant", "system", "", None, 3])
HISTORY = st.one_of(
    st.none(),
    st.text(max_size=20),
    st.lists(
        st.one_of(
            st.fixed_dictionaries({"role": ROLES, "content": st.one_of(st.text(max_size=200), st.none(), st.integers())}),
            st.integers(),
            st.text(max_size=10),
        ),
        max_size=20,
    ),
)
NASTY = st.sampled_from([
    "", " ", "\n\t", "\x00", "<script>alert(1)</script>", "{{ 7*7 }}", "{% for x in y %}", "${jndi:ldap://x}",
    "'; DROP TABLE chunks; --", "ambitielijn 2", "ACTIES", "￿", "\u202e", "🙂" * 50, "ambitielijn 99999999999999",
])
QUESTION = st.one_of(st.text(max_size=300), NASTY, st.builds(lambda a, b: a + b, NASTY, st.text(max_size=100)))


def answers_are_well_formed(bot, question, history) -> None:
    answer = bot.ask(question, history)
    assert_answer(answer, bot.state().index.documents)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(question=QUESTION, history=HISTORY)
def test_answer_is_always_well_formed(bot, question, history):
    answers_are_well_formed(bot, question, history)


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(question=QUESTION, history=HISTORY)
def test_answer_is_always_well_formed_many_examples(bot, question, history):
    answers_are_well_formed(bot, question, history)


def test_huge_question_is_rejected_quickly(bot):
    answer = bot.ask("ambitielijn " * 10_000)
    assert answer["error"] == "question too long"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=4096), suffix=st.sampled_from([".pdf", ".txt", ".md", ".html", ".docx"]))
def test_loading_random_bytes_reports_or_reads(tmp_path_factory, data, suffix):
    path = tmp_path_factory.mktemp("bytes") / f"bestand{suffix}"
    path.write_bytes(data)
    try:
        doc = load_file(path, path.name, timeout_s=20, max_bytes=10**7, max_pdf_pages=50, memory_bytes=1024**3)
    except LoadError as exc:
        message = str(exc)
        assert message and "\n" not in message and "Traceback" not in message
    else:
        assert doc.pages and all(isinstance(t, str) for _, t in doc.pages)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.floats(min_value=0.05, max_value=0.95))
def test_truncated_pdf_is_reported_not_crashing(tmp_path_factory, cut):
    from pathlib import Path

    source = Path(__file__).resolve().parents[1] / "fixtures" / "competitief-limburg.pdf"
    data = source.read_bytes()
    path = tmp_path_factory.mktemp("cut") / "afgebroken.pdf"
    path.write_bytes(data[: int(len(data) * cut)])
    try:
        load_file(path, path.name, timeout_s=20, max_bytes=10**7, max_pdf_pages=50, memory_bytes=1024**3)
    except LoadError as exc:
        assert str(exc)


def test_text_of_all_printable_characters_is_fine(bot):
    answer = bot.ask(string.printable)
    assert_answer(answer, bot.state().index.documents)
    assert "error" not in answer
